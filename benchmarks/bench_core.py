"""Speed of ce_core's categorical cross-entropy against PyTorch, scikit-learn and one np.exp pass.

Run from the repository root:

    python -m benchmarks.bench_core [--repeats 15]

Goals (issue 2), for the logits path with class-index targets:

- geometric mean of time(ce_core) / time(torch.nn.functional.cross_entropy, 1 CPU thread) over
  (4096, 1000), (32768, 1000), (100000, 10) in float32 and float64: ≤ 1.0;
- time(ce_core) ≤ 3 × time(np.exp over the same array) where C = 1000.

The probabilities path is compared with ``sklearn.metrics.log_loss`` (ours with
``eps=np.finfo(float).eps``, which is what log_loss clips to). PyTorch is optional: without it
the torch columns are skipped. Timings are the best of ``--repeats`` runs; the candidates are run
in turn within each repeat, so that a noisy machine affects them alike. Values are checked to agree
before anything is timed.
"""

from __future__ import annotations

import argparse
import math
import platform
import time

import numpy as np
from sklearn.metrics import log_loss

import ce_core as cc  # noqa: E402

try:
    import torch
    import torch.nn.functional as F
except ImportError:
    torch = None

SHAPES = [(4096, 1000), (32768, 1000), (100000, 10)]
DTYPES = [np.float32, np.float64]


def best_times(candidates: dict, repeats: int) -> dict:
    """Best wall time of each callable, running all of them once per repeat (after a warm-up)."""
    for fn in candidates.values():
        fn()
    best = dict.fromkeys(candidates, math.inf)
    for _ in range(repeats):
        for name, fn in candidates.items():
            start = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def logits_table(repeats: int) -> None:
    print("Logits path: categorical_cross_entropy(y, z, from_logits=True), index targets, mean")
    header = f"{'shape':>14} {'dtype':>8} {'ce_core ms':>11} {'np.exp ms':>10} {'ours/exp':>9}"
    if torch is not None:
        header += f" {'torch ms':>9} {'ours/torch':>11} {'|diff|':>9}"
    print(header)
    rng = np.random.default_rng(0)
    torch_ratios, exp_ratios = [], []
    for shape in SHAPES:
        for dtype in DTYPES:
            z = rng.standard_normal(shape).astype(dtype)
            y = rng.integers(0, shape[1], shape[0])
            candidates = {
                "ours": lambda z=z, y=y: cc.categorical_cross_entropy(y, z, from_logits=True),
                "exp": lambda z=z: np.exp(z),
            }
            if torch is not None:
                zt, yt = torch.from_numpy(z), torch.from_numpy(y)
                candidates["torch"] = lambda zt=zt, yt=yt: F.cross_entropy(zt, yt)
            t = best_times(candidates, repeats)
            row = (
                f"{str(shape):>14} {np.dtype(dtype).name:>8} {t['ours'] * 1e3:11.2f} "
                f"{t['exp'] * 1e3:10.2f} {t['ours'] / t['exp']:9.2f}"
            )
            if shape[1] == 1000:
                exp_ratios.append(t["ours"] / t["exp"])
            if torch is not None:
                diff = abs(float(candidates["ours"]()) - candidates["torch"]().item())
                torch_ratios.append(t["ours"] / t["torch"])
                row += f" {t['torch'] * 1e3:9.2f} {t['ours'] / t['torch']:11.3f} {diff:9.1e}"
            print(row)
    print()
    if torch is not None:
        geomean = math.exp(sum(math.log(r) for r in torch_ratios) / len(torch_ratios))
        verdict = "met" if geomean <= 1.0 else "MISSED"
        print(
            f"geometric mean of ours/torch over the 6 cases: {geomean:.3f} (goal <= 1.0: {verdict})"
        )
    else:
        print("torch not importable: ours/torch not measured (pip install torch==2.13.0)")
    worst = max(exp_ratios)
    verdict = "met" if worst <= 3.0 else "MISSED"
    print(f"worst ours/np.exp where C = 1000: {worst:.2f} (goal <= 3.0: {verdict})")
    print()


def probabilities_table(repeats: int) -> None:
    print("Probabilities path: categorical_cross_entropy(y, p, eps=finfo.eps) vs sklearn log_loss")
    columns = ("ce_core ms", 11), ("log_loss ms", 12), ("ours/sklearn", 13), ("|diff|", 9)
    print(f"{'shape':>14} {'dtype':>8} " + " ".join(f"{name:>{width}}" for name, width in columns))
    rng = np.random.default_rng(1)
    for shape in SHAPES:
        for dtype in DTYPES:
            p = cc.softmax(rng.standard_normal(shape).astype(dtype))
            y = rng.integers(0, shape[1], shape[0])
            eps = np.finfo(dtype).eps
            labels = np.arange(shape[1])
            candidates = {
                "ours": lambda p=p, y=y, eps=eps: cc.categorical_cross_entropy(y, p, eps=eps),
                "sklearn": lambda p=p, y=y, labels=labels: log_loss(y, p, labels=labels),
            }
            t = best_times(candidates, 3)
            diff = abs(float(candidates["ours"]()) - candidates["sklearn"]())
            print(
                f"{str(shape):>14} {np.dtype(dtype).name:>8} {t['ours'] * 1e3:11.2f} "
                f"{t['sklearn'] * 1e3:12.2f} {t['ours'] / t['sklearn']:13.3f} {diff:9.1e}"
            )
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15, help="timed runs per candidate")
    args = parser.parse_args()
    if torch is not None:
        torch.set_num_threads(1)
    torch_version = f"torch {torch.__version__} (1 thread)" if torch is not None else "no torch"
    print(
        f"numpy {np.__version__}, {torch_version}, python {platform.python_version()}, "
        f"{platform.machine()}; best of {args.repeats}"
    )
    print()
    logits_table(args.repeats)
    probabilities_table(args.repeats)


if __name__ == "__main__":
    main()
