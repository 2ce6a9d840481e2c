"""The Playground's computation written out in NumPy, PyTorch, Keras and scikit-learn.

:func:`snippets` turns a :class:`LossCase` (the numbers on screen) into a self-contained script per
library, ready to paste into a notebook, each printing the loss. The libraries disagree where a
probability is (nearly) 0 or 1, because each clips differently, and Keras also computes in float32;
:func:`library_values` says, computed with ``ce_core``, what each script prints, so the page can
point out the differences. tests/test_code_snippets.py runs every script against the real
libraries.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

import ce_core as cc
from ce_core import curves
from ce_ui.url_state import format_number

LIBRARIES = ("numpy", "pytorch", "keras", "sklearn")
"""Keys of :func:`snippets` and :func:`library_values`, in tab order."""

LIBRARY_NAMES = {
    "numpy": "NumPy",
    "pytorch": "PyTorch",
    "keras": "Keras",
    "sklearn": "scikit-learn",
}

# Keras's default clip (keras.config.epsilon()) and scikit-learn's float64 one, defined once in
# ce_core.curves.
KERAS_EPSILON, SKLEARN_EPSILON = curves.KERAS_EPSILON, curves.SKLEARN_EPSILON


@dataclass(frozen=True)
class LossCase:
    """One computation to write out: N examples, each a target and a prediction.

    ``target`` holds a class index per example, or a target distribution (a tuple) per example;
    ``prediction`` holds a row of probabilities, or of logits when ``from_logits``, per example.
    ``temperature`` divides the logits; ``eps`` (optional) clips the probabilities to
    [eps, 1 − eps]; ``bits`` prints the loss in bits instead of nats. With one example the scripts
    use plain vectors; with several they compute the mean loss over the batch.
    """

    target: tuple
    prediction: tuple[tuple[float, ...], ...]
    from_logits: bool = False
    temperature: float = 1.0
    eps: float | None = None
    bits: bool = False

    @property
    def soft(self) -> bool:
        return not isinstance(self.target[0], int)

    @property
    def single(self) -> bool:
        return len(self.prediction) == 1

    @property
    def classes(self) -> int:
        return len(self.prediction[0])


def _vector(values) -> str:
    return "[" + ", ".join(format_number(v) for v in values) + "]"


def _matrix(rows) -> str:
    if len(rows) == 1:
        return "[" + _vector(rows[0]) + "]"
    return "[\n" + "".join(f"    {_vector(row)},\n" for row in rows) + "]"


def _targets(case: LossCase) -> str:
    """The targets as a Python literal: ``0``, ``[0.9, 0.05, 0.05]``, ``[0, 1]`` or a matrix."""
    if case.soft:
        return _vector(case.target[0]) if case.single else _matrix(case.target)
    return str(case.target[0]) if case.single else "[" + ", ".join(map(str, case.target)) + "]"


def _predictions(case: LossCase) -> str:
    return _vector(case.prediction[0]) if case.single else _matrix(case.prediction)


def _print_loss(expression: str, case: LossCase) -> str:
    if case.bits:
        return f"print({expression} / math.log(2))  # bits"
    return f"print({expression})  # nats"


def _header(case: LossCase, *imports: str) -> list[str]:
    """The import lines (``math`` for the conversion to bits) and a blank line."""
    return [*(["import math"] if case.bits else []), *imports, ""]


def numpy_snippet(case: LossCase) -> str:
    """Plain NumPy: the definition −Σ y_c·log ŷ_c, with a stable log-softmax for logits."""
    log = "np.log2" if case.bits and not case.from_logits else "np.log"
    lines = ["import numpy as np", ""]
    if case.soft:
        lines.append(f"y = np.array({_targets(case)}, dtype=float)  # target distribution")
    elif case.single:
        lines.append(f"y = {_targets(case)}  # index of the true class")
    else:
        lines.append(f"y = np.array({_targets(case)})  # true class of each example")
    if case.from_logits:
        lines += [
            f"z = np.array({_predictions(case)}, dtype=float)  # logits",
            f"T = {format_number(case.temperature)}  # softmax temperature",
            "",
            "s = z / T",
            "m = s.max(axis=-1, keepdims=True)  # subtracting the max keeps exp from overflowing",
            "log_p = s - m - np.log(np.exp(s - m).sum(axis=-1, keepdims=True))  # log-softmax",
        ]
        if case.eps is not None:
            lines += [
                f"eps = {format_number(case.eps)}",
                "log_p = np.log(np.clip(np.exp(log_p), eps, 1 - eps))  # clip ŷ to [eps, 1 - eps]",
            ]
    else:
        lines += [
            f"p = np.array({_predictions(case)}, dtype=float)  # predicted probabilities ŷ",
            "",
        ]
        if case.eps is not None:
            lines += [
                f"eps = {format_number(case.eps)}",
                "p = np.clip(p, eps, 1 - eps)  # clip ŷ to [eps, 1 - eps]",
            ]
        if case.soft:
            lines.append(
                f"log_p = {log}(p, out=np.zeros_like(p), where=y > 0)  # 0 · log 0 counts as 0"
            )
        else:
            lines.append(f"log_p = {log}(p)")
    if case.soft:
        loss = "-np.sum(y * log_p, axis=-1)"
    elif case.single:
        loss = "-log_p[y]"
    else:
        loss = "-log_p[np.arange(len(y)), y]"
    if case.single:
        lines.append(f"loss = {loss}")
    else:
        lines += [f"losses = {loss}  # one loss per example", "loss = losses.mean()"]
    if case.bits and case.from_logits:
        lines.append("loss = loss / np.log(2)  # nats to bits")
    lines.append(f"print(loss)  # {'bits' if case.bits else 'nats'}")
    return "\n".join(lines) + "\n"


def pytorch_snippet(case: LossCase) -> str:
    """PyTorch: ``cross_entropy`` on logits; from probabilities ``nll_loss`` on their log."""
    lines = _header(case, "import torch", "import torch.nn.functional as F")
    if case.soft:
        lines.append(
            f"y = torch.tensor({_matrix(case.target)}, dtype=torch.float64)"
            "  # target distribution per row"
        )
    else:
        lines.append(
            f"y = torch.tensor([{', '.join(map(str, case.target))}])  # true class per row"
        )
    name = "z" if case.from_logits else "p"
    what = "logits" if case.from_logits else "predicted probabilities, one row per example"
    lines.append(
        f"{name} = torch.tensor({_matrix(case.prediction)}, dtype=torch.float64)  # {what}"
    )
    if case.from_logits:
        lines.append(f"T = {format_number(case.temperature)}  # softmax temperature")
    lines.append("")
    if case.from_logits and case.eps is None:
        target = "probabilities" if case.soft else "class indices"
        lines.append(f"loss = F.cross_entropy(z / T, y)  # takes logits; y as {target}")
    else:
        if case.from_logits:
            lines.append("p = torch.softmax(z / T, dim=1)")
        if case.eps is not None:
            lines += [
                f"eps = {format_number(case.eps)}",
                "p = p.clamp(eps, 1 - eps)  # clip ŷ to [eps, 1 - eps]",
            ]
        if case.soft:
            lines.append("loss = -torch.xlogy(y, p).sum(dim=1).mean()  # xlogy: 0 · log 0 = 0")
        else:
            lines += [
                "# cross_entropy expects logits: from probabilities, take the log and use",
                "# nll_loss, which picks -log p of the true class and averages over rows",
                "loss = F.nll_loss(torch.log(p), y)",
            ]
    lines.append(_print_loss("loss.item()", case))
    return "\n".join(lines) + "\n"


def keras_snippet(case: LossCase) -> str:
    """Keras 3: ``(Sparse)CategoricalCrossentropy``, which clips at ``keras.config.epsilon()``."""
    lines = _header(
        case,
        "import os",
        "",
        "# Keras 3 runs on a backend, chosen before the first import of keras. This script uses",
        "# PyTorch (pip install torch); 'jax' or 'tensorflow' work too where installed.",
        'os.environ["KERAS_BACKEND"] = "torch"',
        "",
        "import keras",
        "import numpy as np",
    )
    if case.soft:
        lines.append(f"y_true = np.array({_matrix(case.target)})  # target distribution per row")
        loss_class = "CategoricalCrossentropy"
    else:
        lines.append(
            f"y_true = np.array([{', '.join(map(str, case.target))}])  # true class per row"
        )
        loss_class = "SparseCategoricalCrossentropy"
    if case.from_logits:
        lines += [
            f"z = np.array({_matrix(case.prediction)})  # logits",
            f"T = {format_number(case.temperature)}  # softmax temperature",
        ]
    else:
        lines.append(f"y_pred = np.array({_matrix(case.prediction)})  # predicted probabilities")
    lines.append("")
    if case.from_logits and case.eps is None:
        lines.append(f"loss_fn = keras.losses.{loss_class}(from_logits=True)")
        lines.append("loss = loss_fn(y_true, z / T)")
    else:
        if case.from_logits:
            lines.append("y_pred = keras.ops.softmax(z / T)")
        if case.eps is None:
            lines += [
                "# Keras renormalises each row and clips ŷ to [epsilon, 1 - epsilon]; this is",
                "# its default epsilon, set again in case an earlier cell changed it",
                f"keras.config.set_epsilon({format_number(KERAS_EPSILON)})",
            ]
        else:
            lines.append(
                f"keras.config.set_epsilon({format_number(case.eps)})"
                "  # Keras clips ŷ to [epsilon, 1 - epsilon]"
            )
        lines.append(f"loss_fn = keras.losses.{loss_class}()")
        lines.append("loss = loss_fn(y_true, y_pred)")
    lines.append("# Keras computes in float32, which carries about 7 significant digits")
    lines.append(_print_loss("float(loss)", case))
    return "\n".join(lines) + "\n"


def sklearn_snippet(case: LossCase) -> str:
    """scikit-learn's ``log_loss``, which takes class labels and clips at the dtype's eps."""
    imports = ["import numpy as np"]
    if case.from_logits:
        imports.append("from scipy.special import softmax")
    lines = _header(case, *imports, "from sklearn.metrics import log_loss")
    if case.from_logits:
        lines += [
            f"z = np.array({_matrix(case.prediction)})  # logits",
            f"T = {format_number(case.temperature)}  # softmax temperature",
            "y_proba = softmax(z / T, axis=1)",
        ]
    else:
        lines.append(f"y_proba = np.array({_matrix(case.prediction)})  # predicted probabilities")
    if case.soft:
        lines += [
            f"y = np.array({_matrix(case.target)})  # target distribution per row",
            "",
            "# log_loss takes class labels only. A soft target becomes one row per class,",
            "# weighted by its target probability: the weighted mean is then -Σ y·log ŷ.",
            "n, C = y.shape",
            "labels, weights = np.tile(np.arange(C), n), y.ravel()",
            "y_proba = np.repeat(y_proba, C, axis=0)",
        ]
    else:
        lines.append(f"y_true = [{', '.join(map(str, case.target))}]  # true class per row")
    lines.append("")
    if case.eps is not None:
        lines += [
            f"eps = {format_number(case.eps)}",
            "y_proba = np.clip(y_proba, eps, 1 - eps)  # may warn: rows no longer sum to 1",
        ]
    eps = format_number(SKLEARN_EPSILON)
    lines.append(f"# log_loss clips ŷ to [{eps}, 1 - {eps}] (float64's machine epsilon)")
    labels = f"labels=range({case.classes})"
    if case.soft:
        lines.append(f"loss = log_loss(labels, y_proba, sample_weight=weights, {labels})")
    else:
        lines.append(f"loss = log_loss(y_true, y_proba, {labels})")
    lines.append(_print_loss("loss", case))
    return "\n".join(lines) + "\n"


def snippets(case: LossCase) -> dict[str, str]:
    """The script of each library (keys in :data:`LIBRARIES`) for ``case``."""
    return {
        "numpy": numpy_snippet(case),
        "pytorch": pytorch_snippet(case),
        "keras": keras_snippet(case),
        "sklearn": sklearn_snippet(case),
    }


def _loss(case: LossCase, target, probabilities, eps: float | None) -> float:
    base = 2.0 if case.bits else math.e
    return float(cc.categorical_cross_entropy(target, probabilities, eps=eps, base=base))


def _keras_loss(case: LossCase, target, prediction) -> float:
    """What the Keras script prints: Keras's own steps, in float32 as Keras runs them (rows
    renormalised, then clipped to [ε, 1 − ε], then the log; or log-softmax for logits), the
    conversion to bits in Python's float64 as the script does it. −ln(1 − 1e−7) in float32 is
    1.192e−07, not 1e−07."""
    target = target if not case.soft else target.astype(np.float32)
    scaled = (prediction / case.temperature).astype(np.float32) if case.from_logits else None
    if case.from_logits and case.eps is None:
        nats = _log_sum_exp_loss(replace(case, bits=False), target, prediction, np.float32)
    else:
        probabilities = cc.softmax(scaled) if case.from_logits else prediction.astype(np.float32)
        probabilities = probabilities / probabilities.sum(axis=-1, keepdims=True)
        nats = cc.categorical_cross_entropy(target, probabilities, eps=case.eps or KERAS_EPSILON)
    return float(nats) / math.log(2) if case.bits else float(nats)


def _log_sum_exp_loss(case: LossCase, target, prediction, dtype=np.float64) -> float:
    """What the NumPy and PyTorch scripts print from logits: the textbook stable log-softmax
    ``s − m − log Σ exp(s − m)`` in float64, as both compute it. Its ``log`` of a sum that is 1
    plus tiny terms rounds that sum first, so a loss far below float64's eps (≈ 2.2e−16) relative
    to 1 keeps only a few digits; ce_core adds the small terms apart and takes ``log1p``."""
    scaled = (prediction / case.temperature).astype(dtype)
    shifted = scaled - scaled.max(axis=-1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    if case.soft:
        losses = -np.sum(target * log_p, axis=-1)
    else:
        losses = -log_p[np.arange(len(target)), target]
    nats = float(np.mean(losses))
    return nats / math.log(2) if case.bits else nats


def library_values(case: LossCase) -> dict[str, float]:
    """What each library's script prints for ``case``: NumPy and PyTorch the definition in float64
    (from logits the textbook log-softmax, which loses digits of a loss near 0), scikit-learn
    clips at float64's eps, Keras clips at its ε and computes in float32."""
    target = np.array(case.target, dtype=float if case.soft else int)
    prediction = np.array(case.prediction, dtype=float)
    base = 2.0 if case.bits else math.e
    if case.from_logits:
        exact = float(
            cc.categorical_cross_entropy(
                target, prediction / case.temperature, from_logits=True, base=base
            )
        )
        probabilities = cc.softmax(prediction, temperature=case.temperature)
    else:
        probabilities = prediction
    clipped = None if case.eps is None else _loss(case, target, probabilities, case.eps)
    if not case.from_logits:
        exact = _loss(case, target, probabilities, None)
    if case.from_logits and clipped is None:
        exact = _log_sum_exp_loss(case, target, prediction)
    return {
        "numpy": exact if clipped is None else clipped,
        "pytorch": exact if clipped is None else clipped,
        "keras": _keras_loss(case, target, prediction),
        "sklearn": _loss(case, target, probabilities, max(case.eps or 0.0, SKLEARN_EPSILON)),
    }
