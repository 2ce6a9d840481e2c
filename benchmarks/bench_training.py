"""How long the Training page makes a user wait: the first view with default settings, and a
rerun with the same settings.

Usage: python -m benchmarks.bench_training [--repeats N]

Run in a fresh process, so the first figures include what a freshly started server pays once:
importing scikit-learn and loading its bundled digits. The default view trains two models, the
default loss (cross-entropy) and the default comparison (label smoothing), through the page's own
cached function `ce_ui.digits.train`; the goal for the whole first view is a few seconds
(GOAL_FIRST_VIEW). A rerun with the same settings only looks both results up in Streamlit's
cache (goal GOAL_CACHED per lookup). For scale, the same training is also timed without the
one-thread BLAS limit that `ce_ui.digits.train` sets, and for the one-hidden-layer network.
Timings are medians of ``--repeats`` runs where a run can be repeated; nothing is asserted.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from streamlit.logger import set_log_level  # noqa: E402

set_log_level("error")  # Streamlit warns that its cache runs without a server here

from ce_core import training  # noqa: E402
from ce_ui import digits  # noqa: E402

GOAL_FIRST_VIEW = 3.0
"""Seconds from a cold process to both default models trained."""
GOAL_CACHED = 0.01
"""Seconds for a cached result to come back."""

DEFAULT_RARE = ()  # every image is kept by default, so no digit is rare
DEFAULT_KEEP = 1.0


def seconds(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def median_seconds(action, repeats: int) -> float:
    return statistics.median(seconds(action) for _ in range(repeats))


def line(name: str, value: float, goal: float | None = None) -> None:
    ratio = f"{value / goal:6.2f} of goal {goal:g} s" if goal else ""
    print(f"{name:<62} {value * 1e3:9.1f} ms  {ratio}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5, help="runs per median (default 5)")
    args = parser.parse_args()

    defaults = training.TrainingConfig()
    comparison = training.TrainingConfig(loss="smoothing")
    print(
        f"defaults: {defaults}\ncomparison: loss=smoothing, label_smoothing "
        f"{comparison.label_smoothing}\n"
    )

    load = seconds(digits.load)
    first = seconds(lambda: digits.train(defaults, DEFAULT_RARE, DEFAULT_KEEP))
    second = seconds(lambda: digits.train(comparison, DEFAULT_RARE, DEFAULT_KEEP))
    line("import scikit-learn and load the digits (once per server)", load)
    line("train the default model (cross-entropy), first time", first)
    line("train the comparison model (label smoothing), first time", second)
    line("first view with defaults: load + both models", load + first + second, GOAL_FIRST_VIEW)
    result = digits.train(defaults, DEFAULT_RARE, DEFAULT_KEEP).result
    print(
        f"{'   test accuracy of the default model':<62} "
        f"{result.history.test_accuracy[-1]:9.4f}     (goal ≥ 0.93)"
    )

    cached = median_seconds(
        lambda: digits.train(defaults, DEFAULT_RARE, DEFAULT_KEEP), args.repeats
    )
    line("rerun with the same settings: one cached result", cached, GOAL_CACHED)

    digit_set = digits.load()
    data = training.prepare_data(
        digit_set.features,
        digit_set.labels,
        test_fraction=digits.TEST_FRACTION,
        split_seed=digits.SPLIT_SEED,
    )

    def train_directly(config: training.TrainingConfig) -> None:
        training.train(
            data.train_features, data.train_labels, data.test_features, data.test_labels, config
        )

    print()
    line(
        "default model, uncached, BLAS thread limit of the page (median)",
        median_seconds(
            lambda: digits.train.__wrapped__(defaults, DEFAULT_RARE, DEFAULT_KEEP), args.repeats
        ),
    )
    line(
        "default model, uncached, BLAS with its own threads (median)",
        median_seconds(lambda: train_directly(defaults), args.repeats),
    )
    network = training.TrainingConfig(model="mlp")
    line(
        "network (64 hidden units), uncached, page's BLAS limit (median)",
        median_seconds(
            lambda: digits.train.__wrapped__(network, DEFAULT_RARE, DEFAULT_KEEP), args.repeats
        ),
    )


if __name__ == "__main__":
    main()
