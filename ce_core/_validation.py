"""Input checks shared by every public function of ce_core.

Each check either returns a cleaned-up value (an array of the working dtype, a validated float) or
raises :class:`InputError` with a message that names the argument, states the problem and says
how to fix it, e.g. ``y_pred row 2 sums to 0.7; probabilities must sum to 1 (use
from_logits=True for raw scores)``.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

REDUCTIONS = ("mean", "sum", "none")
ROW_SUM_TOLERANCE = 1e-6
FROM_LOGITS_HINT = "use from_logits=True for raw scores"


class InputError(ValueError):
    """Invalid input to a ce_core function; the message names the argument and the fix."""


def _fmt(value) -> str:
    return f"{value:.6g}"


def _where(arr: np.ndarray, flat_index: int) -> str:
    """``[2, 1]`` style position of a flat index, for messages."""
    if arr.ndim == 0:
        return ""
    position = np.unravel_index(flat_index, arr.shape)
    return "[" + ", ".join(str(int(i)) for i in position) + "]"


# --- scalars --------------------------------------------------------------------------------


def _real(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InputError(f"{name} must be a real number, got {value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise InputError(f"{name} must be finite, got {value}")
    return value


def check_reduction(reduction) -> str:
    if reduction not in REDUCTIONS:
        raise InputError(
            f"reduction must be 'mean', 'sum' or 'none', got {reduction!r} "
            "(use 'none' for one loss per example)"
        )
    return reduction


def log_of_base(base) -> float:
    """ln(base), the divisor that turns nats into units of ``base``."""
    if isinstance(base, bool) or not isinstance(base, numbers.Real) or not base > 0 or base == 1:
        raise InputError(
            f"base must be a number > 0 and != 1, got {base!r} "
            "(use math.e for nats, 2 for bits, 10 for decimal digits)"
        )
    value = float(base)
    if not math.isfinite(value):
        raise InputError(f"base must be finite, got {base!r} (use math.e for nats, 2 for bits)")
    return math.log(value)


def check_fraction(value, name: str, hint: str) -> float:
    """A scalar in [0, 1] (label_smoothing, alpha)."""
    value = _real(value, name)
    if not 0.0 <= value <= 1.0:
        raise InputError(f"{name} must be in [0, 1], got {_fmt(value)} ({hint})")
    return value


def check_gamma(gamma) -> float:
    gamma = _real(gamma, "gamma")
    if gamma < 0:
        raise InputError(
            f"gamma must be >= 0, got {_fmt(gamma)} (gamma=0 is plain cross-entropy, 2 is usual)"
        )
    return gamma


def check_eps(eps) -> float | None:
    if eps is None:
        return None
    eps = _real(eps, "eps")
    if not 0.0 <= eps < 0.5:
        raise InputError(
            f"eps must be in [0, 0.5), got {_fmt(eps)} "
            "(e.g. 1e-7 as Keras, np.finfo(float).eps as scikit-learn, None for no clipping)"
        )
    return eps


def check_temperature(temperature) -> float:
    temperature = _real(temperature, "temperature")
    if temperature <= 0:
        raise InputError(
            f"temperature must be > 0, got {_fmt(temperature)} "
            "(1 is the plain softmax; smaller is sharper, larger is flatter)"
        )
    return temperature


def check_no_eps_with_logits(eps) -> None:
    if eps is not None:
        raise InputError(
            "eps clips probabilities and has no meaning with from_logits=True "
            "(leave eps=None: the logits path is exact)"
        )


# --- arrays ---------------------------------------------------------------------------------


def as_float_array(x, name: str, dtype=None) -> np.ndarray:
    """``x`` as a non-empty real array of ``dtype``; by default float32 stays float32 and
    everything else (ints, bools, float16, float64, lists) is computed in float64."""
    try:
        arr = np.asarray(x)
    except ValueError:
        raise InputError(
            f"{name} has rows of different lengths; pass a rectangular array"
        ) from None
    if arr.dtype.kind not in "biuf":
        raise InputError(f"{name} must contain real numbers, got dtype {arr.dtype}")
    if arr.size == 0:
        raise InputError(f"{name} is empty; pass at least one value")
    if dtype is None:
        dtype = np.float32 if arr.dtype == np.float32 else np.float64
    return arr.astype(dtype, copy=False)


def check_class_scores_shape(arr: np.ndarray, name: str) -> None:
    """Class scores are (N, C), or (C,) for one example."""
    if arr.ndim not in (1, 2):
        raise InputError(
            f"{name} has shape {arr.shape}; pass shape (N, C) for N examples and C classes, "
            "or (C,) for one example"
        )


def check_not_nan(arr: np.ndarray, name: str) -> None:
    bad = np.isnan(arr)
    if bad.any():
        where = _where(arr, int(np.argmax(bad)))
        raise InputError(f"{name}{where} is nan; pass real numbers")


def check_finite(arr: np.ndarray, name: str, what: str) -> None:
    bad = ~np.isfinite(arr)
    if bad.any():
        i = int(np.argmax(bad))
        raise InputError(f"{name}{_where(arr, i)} is {arr.flat[i]}; {what} must be finite numbers")


def check_probabilities(arr: np.ndarray, name: str, *, rows: bool, hint: str) -> None:
    """Values finite and in [0, 1]; with ``rows``, also each row (last axis) sums to 1."""
    check_finite(arr, name, "probabilities")
    bad = (arr < 0) | (arr > 1)
    if bad.any():
        i = int(np.argmax(bad))
        raise InputError(
            f"{name}{_where(arr, i)} = {_fmt(arr.flat[i])} is outside [0, 1]; "
            f"probabilities must lie in [0, 1] ({hint})"
        )
    if rows:
        check_rows_sum_to_one(arr, name, hint)


def check_rows_sum_to_one(arr: np.ndarray, name: str, hint: str, axis: int = -1) -> None:
    # Summed in float64 so that float32 rounding cannot fail a valid row.
    sums = np.sum(arr, axis=axis, dtype=np.float64)
    bad = np.abs(sums - 1.0) > ROW_SUM_TOLERANCE
    if bad.any():
        i = int(np.argmax(bad))
        row = f" row {_where(sums, i).strip('[]')}" if sums.ndim else ""
        raise InputError(
            f"{name}{row} sums to {_fmt(sums.flat[i])}; probabilities must sum to 1 ({hint})"
        )


def check_logit_rows(row_value: np.ndarray, name: str, *, allow_all_neg_inf: bool = False) -> None:
    """Catch bad logits after the fact, from one value per row: its maximum or log-sum-exp.

    Either is nan for a row containing nan, +inf for a row containing +inf, and -inf for a row of
    only -inf (no class has any probability). Single -inf logits are fine: probability 0.
    """
    if allow_all_neg_inf:
        bad = np.isnan(row_value) | (row_value == np.inf)
    else:
        bad = ~np.isfinite(row_value)
    if bad.any():
        i = int(np.argmax(bad))
        row = f" row {_where(row_value, i).strip('[]')}" if row_value.ndim else ""
        raise InputError(
            f"{name}{row} contains nan or +inf, or only -inf; logits must be real numbers "
            "with at least one finite value per row (-inf is allowed: probability 0)"
        )


def class_targets(
    y_true, y_pred: np.ndarray, pred_name: str = "y_pred"
) -> tuple[np.ndarray | None, np.ndarray | None]:
    """Split ``y_true`` into class indices or target distributions, as PyTorch does.

    Returns ``(indices, None)`` when ``y_true`` has the shape of ``y_pred`` without its class axis,
    ``(None, distributions)`` when it has the shape of ``y_pred``.
    """
    try:
        target = np.asarray(y_true)
    except ValueError:
        raise InputError("y_true has rows of different lengths; pass a rectangular array") from None
    n_classes = y_pred.shape[-1]
    if target.shape == y_pred.shape:
        dist = as_float_array(target, "y_true", dtype=y_pred.dtype)
        check_probabilities(
            dist,
            "y_true",
            rows=True,
            hint="for several true classes use binary_cross_entropy; for hard labels pass indices",
        )
        return None, dist
    if target.shape != y_pred.shape[:-1]:
        raise InputError(
            f"y_true has shape {target.shape} but {pred_name} has shape {y_pred.shape}; pass class "
            f"indices of shape {y_pred.shape[:-1]} or target probabilities of shape {y_pred.shape}"
        )
    return check_class_indices(target, n_classes), None


def check_class_indices(target: np.ndarray, n_classes: int) -> np.ndarray:
    if target.dtype.kind not in "biuf":
        raise InputError(f"y_true must contain integer class indices, got dtype {target.dtype}")
    if target.dtype.kind == "f":
        bad = ~np.isfinite(target) | (target != np.round(target))
        if bad.any():
            i = int(np.argmax(bad))
            raise InputError(
                f"y_true{_where(target, i)} = {_fmt(target.flat[i])} is not an integer; class "
                "indices must be whole numbers (or pass target probabilities of shape (N, C))"
            )
    if target.min() < 0 or target.max() >= n_classes:
        i = int(np.argmax((target < 0) | (target >= n_classes)))
        raise InputError(
            f"y_true{_where(target, i)} = {_fmt(target.flat[i])} is out of range; class indices "
            f"must be in [0, {n_classes - 1}] for {n_classes} classes"
        )
    return target.astype(np.intp, copy=False)


def require(condition: bool, message: str) -> None:
    """Raise :class:`InputError` with ``message`` unless ``condition`` holds."""
    if not condition:
        raise InputError(message)


def check_label_vector(labels, name: str, n_classes: int | None = None) -> np.ndarray:
    """A non-empty 1-D array of integer class indices, each below ``n_classes`` when it is given."""
    labels = np.asarray(labels)
    require(
        labels.ndim == 1, f"{name} must be a 1-D array of class indices, got shape {labels.shape}"
    )
    require(labels.size > 0, f"{name} is empty; it needs at least one class index")
    require(
        np.issubdtype(labels.dtype, np.integer),
        f"{name} must hold integer class indices, got dtype {labels.dtype}",
    )
    require(labels.min() >= 0, f"{name} holds a negative class index ({labels.min()})")
    if n_classes is not None:
        require(
            labels.max() < n_classes,
            f"{name} holds class {labels.max()}, but n_classes is {n_classes} "
            f"(classes 0 to {n_classes - 1})",
        )
    return labels


def check_binary_targets(y_true, y_pred: np.ndarray, pred_name: str = "y_pred") -> np.ndarray:
    """Element-wise targets in [0, 1] (hard 0/1 or soft), of the same shape as ``y_pred``."""
    target = as_float_array(y_true, "y_true", dtype=y_pred.dtype)
    if target.shape != y_pred.shape:
        raise InputError(
            f"y_true has shape {target.shape} but {pred_name} has shape {y_pred.shape}; "
            "binary targets must match the predictions element for element"
        )
    check_finite(target, "y_true", "targets")
    bad = (target < 0) | (target > 1)
    if bad.any():
        i = int(np.argmax(bad))
        raise InputError(
            f"y_true{_where(target, i)} = {_fmt(target.flat[i])} is outside [0, 1]; binary "
            "targets are 0 or 1 (or a probability in between)"
        )
    return target


def check_class_weight(weight, n_classes: int, dtype) -> np.ndarray | None:
    """One non-negative finite weight per class, or None."""
    if weight is None:
        return None
    w = as_float_array(weight, "weight", dtype=dtype)
    if w.shape != (n_classes,):
        raise InputError(
            f"weight has shape {w.shape} but the predictions have {n_classes} classes; "
            f"pass one weight per class, shape ({n_classes},)"
        )
    _check_non_negative(w, "weight")
    return w


def check_elementwise_weight(weight, shape: tuple, name: str, dtype) -> np.ndarray | None:
    """Non-negative finite weights that broadcast to ``shape`` (per element, or ``pos_weight``
    per class along the last axis)."""
    if weight is None:
        return None
    w = as_float_array(weight, name, dtype=dtype)
    if not _broadcastable(w.shape, shape) or np.broadcast_shapes(w.shape, shape) != shape:
        raise InputError(
            f"{name} has shape {w.shape}, which does not broadcast to the predictions' shape "
            f"{shape}; "
            "pass a scalar, one value per class (last axis), or one per element"
        )
    _check_non_negative(w, name)
    return w


def _broadcastable(a: tuple, b: tuple) -> bool:
    try:
        np.broadcast_shapes(a, b)
    except ValueError:
        return False
    return True


def _check_non_negative(w: np.ndarray, name: str) -> None:
    check_finite(w, name, "weights")
    bad = w < 0
    if bad.any():
        i = int(np.argmax(bad))
        raise InputError(
            f"{name}{_where(w, i)} = {_fmt(w.flat[i])} is negative; weights must be >= 0"
        )


def check_class_alpha(alpha, n_classes: int, dtype) -> np.ndarray | float | None:
    """Softmax focal alpha: None, a scalar in [0, 1], or one value in [0, 1] per class."""
    if alpha is None:
        return None
    if np.ndim(alpha) == 0:
        return check_fraction(alpha, "alpha", "None turns the alpha factor off")
    a = as_float_array(alpha, "alpha", dtype=dtype)
    if a.shape != (n_classes,):
        raise InputError(
            f"alpha has shape {a.shape} but the predictions have {n_classes} classes; "
            f"pass a scalar or one value per class, shape ({n_classes},)"
        )
    check_finite(a, "alpha", "alpha values")
    bad = (a < 0) | (a > 1)
    if bad.any():
        i = int(np.argmax(bad))
        raise InputError(f"alpha{_where(a, i)} = {_fmt(a.flat[i])} must be in [0, 1]")
    return a


def check_binary_alpha(alpha) -> float | None:
    if alpha is None:
        return None
    return check_fraction(
        alpha, "alpha", "None turns the alpha factor off; torchvision's alpha=-1 is alpha=None"
    )
