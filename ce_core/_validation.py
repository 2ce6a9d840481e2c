"""Input checks shared by every public function of ce_core.

Each check either returns a cleaned-up value (an array of the working dtype, a validated float) or
raises :class:`InputError` with a message that names the argument, states the problem and says
how to fix it, e.g. ``y_pred row 2 sums to 0.7; probabilities must sum to 1 (use
from_logits=True for raw scores)``.
"""

from __future__ import annotations

import math
import numbers
from typing import Literal, get_args

import numpy as np

Reduction = Literal["mean", "sum", "none"]
"""The ``reduction`` of a loss or gradient: the mean, the sum, or one value per example."""
REDUCTIONS = get_args(Reduction)
ROW_SUM_TOLERANCE = 1e-6
"""How far a row of probabilities may be from summing to 1 (public as ``cc.ROW_SUM_TOLERANCE``)."""
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


# --- the shared vocabulary: scalars, flags, choices, axes ------------------------------------
#
# Every check names the argument by its parameter name, says what was wrong and what is allowed,
# in the style "gamma must be >= 0, got -1 (gamma=0 is plain cross-entropy, 2 is usual)".


_BOOLS = (bool, np.bool_)
_PY_NUMBERS = (float, int)
MAX_EXACT_INT = 2**53
"""float64 holds every whole number up to this one: the bound of every count in ce_core."""


def _show(value) -> str:
    """A short ``repr`` of what the caller passed, for messages."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _hint(hint: str | None) -> str:
    return f" ({hint})" if hint else ""


def describe_range(low=None, high=None, *, low_open=False, high_open=False) -> str:
    """``"in [0, 1)"``, ``"> 0"``, ``"strictly between 0 and 1"``... for messages."""

    def _fmt(bound) -> str:  # whole-number bounds in full: [0, 100000], not [0, 1e+05]
        return str(bound) if isinstance(bound, int) else f"{bound:.6g}"

    if low is not None and high is not None:
        if low_open and high_open:
            return f"strictly between {_fmt(low)} and {_fmt(high)}"
        left, right = "(" if low_open else "[", ")" if high_open else "]"
        return f"in {left}{_fmt(low)}, {_fmt(high)}{right}"
    if low is not None:
        return f"{'>' if low_open else '>='} {_fmt(low)}"
    if high is not None:
        return f"{'<' if high_open else '<='} {_fmt(high)}"
    return ""


def _outside(values, low, high, low_open, high_open):
    """Element-wise: is the value outside the range? (nan is never outside: check it first.)"""
    if isinstance(values, _PY_NUMBERS):
        return bool(
            (low is not None and (values <= low if low_open else values < low))
            or (high is not None and (values >= high if high_open else values > high))
        )
    bad = np.zeros(np.shape(values), dtype=bool)
    if low is not None:
        bad |= (values <= low) if low_open else (values < low)
    if high is not None:
        bad |= (values >= high) if high_open else (values > high)
    return bad


def check_scalar(
    value,
    name: str,
    *,
    kind: str = "real",
    low=None,
    high=None,
    low_open: bool = False,
    high_open: bool = False,
    hint: str | None = None,
):
    """A single real number (``kind="real"``, returned as float) or whole number (``kind="int"``,
    returned as int), finite and within the range; in the style of scikit-learn's
    ``check_scalar``. Booleans and strings are refused: ``True`` is not a number here.
    """
    # The fast, common case: a plain int or float that passes. Anything else (and nan, which
    # fails every comparison) takes the slow path below, which says what is wrong.
    kind_of = type(value)
    if (
        kind_of is float
        or kind_of is np.float64
        or (kind_of is int and -MAX_EXACT_INT < value < MAX_EXACT_INT)
    ):
        number = value if kind == "int" else float(value)
        if (
            (kind == "real" or kind_of is int)
            and (kind == "int" or math.isfinite(number))
            and (low is None or (number > low if low_open else number >= low))
            and (high is None or (number < high if high_open else number <= high))
        ):
            return number
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
        value = value.item()

    def rule(prefix: str = "") -> str:  # built only for a message
        text = describe_range(low, high, low_open=low_open, high_open=high_open)
        return prefix + text if text else ""

    if kind == "int":
        if isinstance(value, _BOOLS) or not isinstance(value, numbers.Integral):
            raise InputError(
                f"{name} must be a whole number{rule(' ')}, got {_show(value)}{_hint(hint)}"
            )
        value = int(value)
    else:
        if isinstance(value, _BOOLS) or not isinstance(value, numbers.Real):
            raise InputError(f"{name} must be a real number, got {_show(value)}{_hint(hint)}")
        try:
            value = float(value)
        except OverflowError:
            value = math.inf if value > 0 else -math.inf
        if not math.isfinite(value):
            raise InputError(f"{name} must be a finite number{rule(' ')}, got {value}{_hint(hint)}")
    if (low is not None or high is not None) and _outside(value, low, high, low_open, high_open):
        shown = value if kind == "int" else _fmt(value)
        raise InputError(f"{name} must be {rule()}, got {shown}{_hint(hint)}")
    return value


def check_int(value, name: str, *, low=None, high=None, hint: str | None = None) -> int:
    """A whole number (a Python or NumPy integer, not a bool or a float) in [low, high]."""
    return check_scalar(value, name, kind="int", low=low, high=high, hint=hint)


def check_bool(value, name: str) -> bool:
    """A real flag: ``True``/``False`` or a NumPy bool. ``"False"`` is truthy, so strings (and
    numbers) are refused rather than silently taken as True."""
    if not isinstance(value, _BOOLS):
        raise InputError(
            f"{name} must be True or False, got {_show(value)} "
            "(a string such as 'False' or a number is not a flag)"
        )
    return bool(value)


def _listing(options) -> str:
    quoted = [repr(option) for option in options]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def check_choice(value, name: str, options, hint: str | None = None) -> str:
    """One of a fixed set of words."""
    if not isinstance(value, str) or value not in options:
        raise InputError(
            f"{name} must be one of {_listing(options)}, got {_show(value)}{_hint(hint)}"
        )
    return value


def check_axis(axis, name: str, ndim: int, arg: str = "axis") -> int:
    """An existing axis of the array ``name`` (``ndim`` dimensions), as a non-negative index."""
    if type(axis) is int and -ndim <= axis < ndim:  # the common case
        return axis % ndim
    if ndim == 0:
        raise InputError(
            f"{name} is a single number; pass a vector (or an array) with at least one axis"
        )
    rule = f"in [{-ndim}, {ndim - 1}] for {name} with {ndim} dimension{'s' if ndim > 1 else ''}"
    if isinstance(axis, _BOOLS) or not isinstance(axis, numbers.Integral):
        raise InputError(f"{arg} must be a whole number {rule}, got {_show(axis)}")
    if not -ndim <= axis < ndim:
        raise InputError(f"{arg} must be {rule}, got {axis}")
    return int(axis) % ndim


def check_instance(value, name: str, cls, hint: str | None = None):
    """An object of the class ``cls`` (e.g. a TrainingConfig)."""
    if not isinstance(value, cls):
        kinds = cls if isinstance(cls, tuple) else (cls,)
        wanted = " or ".join(kind.__name__ for kind in kinds)
        article = "an" if wanted[0] in "AEIOU" else "a"
        raise InputError(f"{name} must be {article} {wanted}, got {_show(value)}{_hint(hint)}")
    return value


def _real(value, name: str) -> float:
    return check_scalar(value, name)


def check_reduction(reduction, options=REDUCTIONS) -> str:
    return check_choice(reduction, "reduction", options, "use 'none' for one loss per example")


def log_of_base(base) -> float:
    """ln(base), the divisor that turns nats into units of ``base``."""
    if isinstance(base, _BOOLS) or not isinstance(base, numbers.Real) or not base > 0 or base == 1:
        raise InputError(
            f"base must be a number > 0 and != 1, got {_show(base)} "
            "(use math.e for nats, 2 for bits, 10 for decimal digits)"
        )
    try:
        value = float(base)
    except OverflowError:
        value = math.inf
    if not math.isfinite(value):
        raise InputError(
            f"base must be finite, got {_show(base)} (use math.e for nats, 2 for bits)"
        )
    return math.log(value)


def check_fraction(value, name: str, hint: str) -> float:
    """A scalar in [0, 1] (label_smoothing, alpha)."""
    return check_scalar(value, name, low=0.0, high=1.0, hint=hint)


def check_gamma(gamma) -> float:
    return check_scalar(gamma, "gamma", low=0.0, hint="gamma=0 is plain cross-entropy, 2 is usual")


def check_eps(eps) -> float | None:
    if eps is None:
        return None
    return check_scalar(
        eps,
        "eps",
        low=0.0,
        high=0.5,
        high_open=True,
        hint="e.g. 1e-7 as Keras, np.finfo(float).eps as scikit-learn, None for no clipping",
    )


def check_temperature(temperature) -> float:
    return check_scalar(
        temperature,
        "temperature",
        low=0.0,
        low_open=True,
        hint="1 is the plain softmax; smaller is sharper, larger is flatter",
    )


def check_temperature_scaling(z: np.ndarray, temperature: float) -> None:
    """``z / temperature`` must not overflow: a tiny temperature is the problem, not ``z``."""
    if temperature >= 1.0:
        return
    finite = np.abs(z[np.isfinite(z)])
    largest = float(finite.max()) if finite.size else 0.0
    limit = float(np.finfo(z.dtype).max)
    if largest > temperature * limit:
        raise InputError(
            f"temperature = {temperature!r} is too small for these logits: z / temperature "
            f"overflows (largest |z| is {_fmt(largest)}); use temperature >= "
            f"{_fmt(largest / limit)}, or scale z down"
        )


def check_no_eps_with_logits(eps) -> None:
    if eps is not None:
        raise InputError(
            "eps clips probabilities and has no meaning with from_logits=True "
            "(leave eps=None: the logits path is exact)"
        )


# --- arrays ---------------------------------------------------------------------------------


def _as_array(x, name: str) -> np.ndarray:
    try:
        arr = np.asarray(x)
    except (ValueError, TypeError):
        raise InputError(
            f"{name} has rows of different lengths; pass a rectangular array"
        ) from None
    return arr


def check_array(
    x,
    name: str,
    *,
    kind: str = "float",
    ndim=None,
    min_size: int = 1,
    finite: bool | str = False,
    low=None,
    high=None,
    low_open: bool = False,
    high_open: bool = False,
    what: str = "values",
    hint: str | None = None,
) -> np.ndarray:
    """``x`` as an array, in the style of scikit-learn's ``check_array``.

    - ``kind="float"``: real numbers (bools and ints too); float32 stays float32 and everything
      else (ints, bools, float16, float64, lists) is computed in float64.
    - ``kind="int"``: whole numbers (integer dtype, or floats with integral values), as intp.
    - ``ndim``: the number of dimensions allowed (an int or a tuple of ints); ``min_size``: the
      fewest elements.
    - ``finite``: ``True`` refuses nan and ±inf, ``"nan"`` refuses only nan, ``False`` nothing.
    - ``low``/``high``: the range every element must lie in, with ``what`` naming the elements.
    """
    arr = _as_array(x, name)
    if arr.dtype.kind not in "biuf":
        if kind == "int":
            raise InputError(f"{name} must hold integer class indices, got dtype {arr.dtype}")
        raise InputError(f"{name} must contain real numbers, got dtype {arr.dtype}")
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            dims = " or ".join(f"{d}-D" for d in allowed)
            raise InputError(f"{name} must be a {dims} array, got shape {arr.shape}")
    if arr.size < min_size:
        if min_size == 1:
            raise InputError(f"{name} is empty; pass at least one value")
        raise InputError(f"{name} has {arr.size} values; pass at least {min_size}")
    if kind == "int":
        if arr.dtype.kind == "f":
            bad = ~np.isfinite(arr) | (arr != np.round(arr))
            if bad.any():
                i = int(np.argmax(bad))
                raise InputError(
                    f"{name}{_where(arr, i)} = {_fmt(arr.flat[i])} is not a whole number; "
                    f"{name} must hold integer class indices"
                )
        arr = arr.astype(np.intp, copy=False)
    else:
        arr = arr.astype(np.float32 if arr.dtype == np.float32 else np.float64, copy=False)
        if finite is True:
            check_finite(arr, name, what)
        elif finite == "nan":
            check_not_nan(arr, name)
    rule = describe_range(low, high, low_open=low_open, high_open=high_open)
    if rule and arr.size:
        bad = _outside(arr, low, high, low_open, high_open)
        if bad.any():
            i = int(np.argmax(bad))
            if low is not None and high is not None:
                left, right = "(" if low_open else "[", ")" if high_open else "]"
                where = f"is outside {left}{_fmt(low)}, {_fmt(high)}{right}"
            else:
                where = f"is not {rule}"
            raise InputError(
                f"{name}{_where(arr, i)} = {_fmt(arr.flat[i])} {where}; "
                f"{what} must be {rule}{_hint(hint)}"
            )
    return arr


def as_float_array(x, name: str, dtype=None) -> np.ndarray:
    """``x`` as a non-empty real array of ``dtype``; by default float32 stays float32 and
    everything else (ints, bools, float16, float64, lists) is computed in float64."""
    arr = check_array(x, name)
    return arr if dtype is None else arr.astype(dtype, copy=False)


def sum_tolerance(source) -> float:
    """How far a row of probabilities may be from summing to 1: 1e-6, or the precision of the
    input's dtype when that is coarser (float16 rounds 0.7 to 0.7002)."""
    dtype = getattr(source, "dtype", None)
    if dtype is not None and dtype.kind == "f" and np.finfo(dtype).eps > ROW_SUM_TOLERANCE:
        return float(np.finfo(dtype).eps)
    return ROW_SUM_TOLERANCE


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


def check_probabilities(arr: np.ndarray, name: str, *, rows: bool, hint: str, source=None) -> None:
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
        check_rows_sum_to_one(arr, name, hint, source=source)


def check_rows_sum_to_one(
    arr: np.ndarray, name: str, hint: str, axis: int = -1, source=None
) -> None:
    """Each row (along ``axis``) sums to 1; ``source`` is the argument as passed, whose dtype
    sets the tolerance (see :func:`sum_tolerance`)."""
    # Summed in float64 so that float32 rounding cannot fail a valid row.
    sums = np.sum(arr, axis=axis, dtype=np.float64)
    bad = np.abs(sums - 1.0) > sum_tolerance(source)
    if bad.any():
        i = int(np.argmax(bad))
        row = f" row {_where(sums, i).strip('[]')}" if sums.ndim else ""
        if arr.ndim > 1 and axis % arr.ndim != arr.ndim - 1:
            row += f" (along axis {axis})"
        raise InputError(
            f"{name}{row} sums to {_fmt(sums.flat[i])}; probabilities must sum to 1 ({hint})"
        )


def check_logit_scores(z: np.ndarray, name: str) -> None:
    """Every row (last axis) of the logits ``z`` has no nan or +inf and a finite value."""
    row_max = z.max(axis=-1)
    # The sum of the row maxima is finite exactly when every one is (or overflows: check then).
    if not math.isfinite(row_max.sum()):
        check_logit_rows(row_max, name)


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
    target = _as_array(y_true, "y_true")
    if target.dtype.kind not in "biuf":
        raise InputError(
            f"y_true must contain integer class indices or target probabilities, got dtype "
            f"{target.dtype}"
        )
    n_classes = y_pred.shape[-1]
    if target.shape == y_pred.shape:
        dist = as_float_array(target, "y_true", dtype=y_pred.dtype)
        check_probabilities(
            dist,
            "y_true",
            rows=True,
            hint="for several true classes use binary_cross_entropy; for hard labels pass indices",
            source=target,
        )
        return None, dist
    if target.shape != y_pred.shape[:-1]:
        raise InputError(
            f"y_true has shape {target.shape} but {pred_name} has shape {y_pred.shape}; pass class "
            f"indices of shape {y_pred.shape[:-1]} or target probabilities of shape {y_pred.shape}"
        )
    return check_class_indices(target, n_classes, pred_name, y_pred.shape), None


def check_class_indices(
    target: np.ndarray, n_classes: int, pred_name: str = "y_pred", pred_shape=None
) -> np.ndarray:
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
            + (f" ({pred_name} has shape {pred_shape})" if pred_shape is not None else "")
        )
    return target.astype(np.intp, copy=False)


def check_label_vector(labels, name: str, n_classes: int | None = None) -> np.ndarray:
    """A non-empty 1-D array of integer class indices, each below ``n_classes`` when it is given."""
    arr = _as_array(labels, name)
    if arr.dtype.kind not in "biuf":
        raise InputError(f"{name} must hold integer class indices, got dtype {arr.dtype}")
    if arr.ndim != 1:
        raise InputError(f"{name} must be a 1-D array of class indices, got shape {arr.shape}")
    if arr.size == 0:
        raise InputError(f"{name} is empty; it needs at least one class index")
    if not np.issubdtype(arr.dtype, np.integer):
        raise InputError(f"{name} must hold integer class indices, got dtype {arr.dtype}")
    if arr.min() < 0:
        raise InputError(f"{name} holds a negative class index ({arr.min()})")
    if n_classes is not None:
        n_classes = check_int(n_classes, "n_classes", low=1)
        if arr.max() >= n_classes:
            raise InputError(
                f"{name} holds class {arr.max()}, but n_classes is {n_classes} "
                f"(classes 0 to {n_classes - 1})"
            )
    return arr


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
    if _as_array(alpha, "alpha").ndim == 0:
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
