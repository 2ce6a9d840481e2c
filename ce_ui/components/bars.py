"""Distribution bars: a prediction drawn as bars that are dragged (mouse, pen, finger) or moved
with the keyboard, with a live readout of the loss.

The browser recomputes the loss while a bar moves, as a preview painted in the same frame as the
input; on release (or after a short pause) the values come back here, the page reruns, and the
exact numbers from ce_core, computed by :func:`exact_scores`, replace the preview.

Three modes:

- ``"probabilities"``: a distribution; dragging one bar rescales the others so that Σ = 1;
- ``"logits"``: free values in ±10⁴, the softmax shown live under the bars;
- ``"independent"``: one sigmoid probability per label, each in [0, 1] on its own (multi-label).

Two readouts: ``readout="loss"`` (the loss and the active bar's term, against ``target``), and
``readout="entropy"`` (probabilities only: the bars are p or q, ``role``, and ``other`` is the
other distribution; the readout is H(p), H(p, q) and KL(p‖q), computed by :func:`exact_entropy`).
``numbers=False`` leaves the readout empty (a quiz that hides the answer).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import streamlit as st

import ce_core as cc
from ce_ui.format import sig
from ce_ui.i18n import t

MODES = PROBABILITIES, LOGITS, INDEPENDENT = "probabilities", "logits", "independent"
READOUTS = LOSS, ENTROPY = "loss", "entropy"
ROLES = ("p", "q")
MAX_LOGIT = 1e4
MIN_BARS, MAX_BARS = 2, 50
_HERE = Path(__file__).parent

BarsChange = Callable[..., None]
"""``on_change(values, *args)``: called before the rerun with the new values (a callback may set
other widgets' values, as Streamlit's own ``on_change`` callbacks do)."""


@cache
def _component():
    # Registered once per process, by name; the JS and CSS are read from the package's files.
    return st.components.v2.component(
        "ce_ui.distribution_bars",
        js=(_HERE / "distribution_bars.js").read_text(encoding="utf-8"),
        css=(_HERE / "distribution_bars.css").read_text(encoding="utf-8"),
    )


def _check(values, mode: str, target) -> tuple[np.ndarray, int | np.ndarray]:
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    values = np.asarray(values, dtype=float)
    if values.ndim != 1 or not MIN_BARS <= len(values) <= MAX_BARS:
        raise ValueError(f"values must be one vector of {MIN_BARS}..{MAX_BARS} numbers")
    if not np.isfinite(values).all():
        raise ValueError("values must be finite")
    if mode == LOGITS:
        if (np.abs(values) > MAX_LOGIT).any():
            raise ValueError(f"logits must lie in [-{MAX_LOGIT:g}, {MAX_LOGIT:g}]")
    elif ((values < 0) | (values > 1)).any():
        raise ValueError("probabilities must lie in [0, 1]")
    if mode == PROBABILITIES and values.sum() <= 0:
        raise ValueError("the probabilities must not all be 0")
    if isinstance(target, (int, np.integer)) and not isinstance(target, bool):
        if mode == INDEPENDENT:
            raise ValueError("the independent mode needs one target per label")
        if not 0 <= target < len(values):
            raise ValueError(f"target class {target} is not one of 0..{len(values) - 1}")
        return values, int(target)
    target = np.asarray(target, dtype=float)
    if target.shape != values.shape or ((target < 0) | (target > 1)).any():
        raise ValueError("a target vector needs one number in [0, 1] per bar")
    if mode != INDEPENDENT:
        if target.sum() <= 0:
            raise ValueError("a target distribution must not be all 0")
        if abs(target.sum() - 1) > cc.ROW_SUM_TOLERANCE:
            target = target / target.sum()  # as the pages do with a typed distribution
    return values, target


def exact_scores(
    values, mode: str, target, *, base: float = math.e, temperature: float = 1.0
) -> tuple[float, np.ndarray]:
    """The loss and each bar's term, by ce_core, in the units of ``base``.

    ``probabilities``: −Σ y_c log p_c (p rescaled to sum 1), term −y_c log p_c. ``logits``: the
    cross-entropy of softmax(z / T), term y_c·(−log softmax(z / T)_c). ``independent``: the mean
    binary cross-entropy over labels, term the label's own binary cross-entropy.
    """
    values, target = _check(values, mode, target)
    classes = len(values)
    if mode == INDEPENDENT:
        terms = cc.binary_cross_entropy(target, values, reduction="none", base=base)
        return float(cc.binary_cross_entropy(target, values, base=base)), np.asarray(terms)
    one_hot = isinstance(target, int)
    target_rows = np.array([target]) if one_hot else target[None]
    weights = np.eye(classes)[target] if one_hot else target
    if mode == LOGITS:
        scores = values / temperature
        options = {"from_logits": True}
    else:
        scores = values / values.sum() if abs(values.sum() - 1) > cc.ROW_SUM_TOLERANCE else values
        options = {}
    loss = float(cc.categorical_cross_entropy(target_rows, scores[None], base=base, **options))
    surprisal = cc.categorical_cross_entropy(
        np.arange(classes), np.tile(scores, (classes, 1)), reduction="none", base=base, **options
    )
    terms = np.zeros(classes)
    terms[weights > 0] = weights[weights > 0] * surprisal[weights > 0]  # 0 · log 0 counts as 0
    return loss, terms


def _check_entropy(values, other, role: str) -> tuple[np.ndarray, np.ndarray]:
    """The bars' distribution and the other one, both summing to 1; the bars are ``role``."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}, not {role!r}")
    values, _ = _check(values, PROBABILITIES, 0)
    if other is None:
        raise ValueError("the entropy readout needs the other distribution")
    other, _ = _check(other, PROBABILITIES, 0)
    if other.shape != values.shape:
        raise ValueError("the other distribution needs one probability per bar")
    scaled = [
        v / v.sum() if abs(v.sum() - 1) > cc.ROW_SUM_TOLERANCE else v for v in (values, other)
    ]
    return scaled[0], scaled[1]


def exact_entropy(
    values, other, *, role: str = "p", base: float = math.e
) -> tuple[float, float, float]:
    """H(p), H(p, q) and KL(p‖q) by ce_core, in the units of ``base``: the bars' ``values`` are p
    (``role="p"``) or q, ``other`` the other distribution (each rescaled to sum 1 if needed)."""
    values, other = _check_entropy(values, other, role)
    p, q = (values, other) if role == "p" else (other, values)
    return (
        float(cc.entropy(p, base=base)),
        float(cc.cross_entropy(p, q, base=base)),
        float(cc.kl_divergence(p, q, base=base)),
    )


def _entropy_texts(role: str) -> dict[str, str]:
    """The entropy readout's templates (``{value}`` and ``{unit}`` left for the browser)."""
    keep = {name: "{" + name + "}" for name in ("value", "unit", "name", "p")}
    return {
        "group": t(f"touch.group_entropy_{role}"),
        "valuetext": t("touch.valuetext_outcome", **keep),
        "entropy": t("touch.readout_entropy", **keep),
        "cross_entropy": t("touch.readout_cross_entropy", **keep),
        "kl": t("touch.readout_kl", **keep),
    }


def exact_gradient(values, target, temperature: float = 1.0) -> np.ndarray:
    """∂L/∂z of the logits ``values`` (in nats), by ce_core: (softmax(z / T) − y) / T."""
    values, target = _check(values, LOGITS, target)
    target_rows = np.array([target]) if isinstance(target, int) else target[None]
    return cc.cross_entropy_grad(target_rows, (values / temperature)[None])[0] / temperature


def _texts(mode: str) -> dict[str, str]:
    """The widget's label templates in the page's language; ``{value}``, ``{unit}``, ``{name}``
    and ``{p}`` are left for the browser to fill in."""
    keep = {name: "{" + name + "}" for name in ("value", "unit", "name", "p")}
    kind = "label" if mode == INDEPENDENT else "class"
    return {
        "group": t(f"touch.group_{mode}"),
        "loss": t(
            "touch.readout_loss_mean" if mode == INDEPENDENT else "touch.readout_loss", **keep
        ),
        "term": t(f"touch.readout_term_{kind}", **keep),
        "valuetext": t(f"touch.valuetext_{kind}", **keep),
        "valuetext_logit": t("touch.valuetext_logit", **keep),
        "softmax": t("touch.softmax_caption"),
    }


def _received(payload: Any, mode: str, size: int) -> list[float] | None:
    """The values the browser sent, checked (it is input like any other): None if unusable."""
    if not isinstance(payload, dict):
        return None
    values = payload.get("values")
    if not isinstance(values, list) or len(values) != size:
        return None
    try:
        array = np.array([float(v) for v in values])
    except (TypeError, ValueError):
        return None
    if not np.isfinite(array).all():
        return None
    if mode == LOGITS:
        return np.clip(array, -MAX_LOGIT, MAX_LOGIT).tolist()
    array = np.clip(array, 0.0, 1.0)
    if mode == PROBABILITIES:
        if array.sum() <= 0:
            return None
        array = array / array.sum()
    return array.tolist()


def distribution_bars(
    *,
    key: str,
    values: Sequence[float],
    mode: str = PROBABILITIES,
    target: int | Sequence[float] = 0,
    units: str = "nats",
    temperature: float = 1.0,
    labels: Sequence[str] | None = None,
    presenter: bool = False,
    on_change: BarsChange | None = None,
    args: tuple = (),
    readout: str = LOSS,
    other: Sequence[float] | None = None,
    role: str = "p",
    numbers: bool = True,
    gradient_caption: str | None = None,
) -> list[float] | None:
    """Draw the bars and return the values the user has just set (or None on other runs).

    ``values`` are probabilities (``mode="probabilities"`` or ``"independent"``) or logits;
    ``target`` is a class index or one weight per bar (a 0/1 label per bar when independent);
    ``units`` is ``"nats"`` or ``"bits"``; ``labels`` name the bars (default ``0, 1, …``).
    ``on_change(values, *args)`` runs before the rerun that follows a change, where a callback may
    set other widgets (a bound text field, say); the new values also come back from the call.
    ``readout="entropy"`` (probabilities only) shows H(p), H(p, q) and KL(p‖q) instead of the
    loss: the bars are the distribution ``role`` ("p" or "q") and ``other`` the other one.
    ``numbers=False`` shows no number in the readout, nor sends one to the browser.
    ``gradient_caption`` (logits only) adds a row under the softmax with each logit's gradient
    ∂L/∂z = (softmax(z / T) − y) / T (by ce_core, followed live in the browser while dragging),
    headed by that caption.
    """
    if readout not in READOUTS:
        raise ValueError(f"readout must be one of {READOUTS}, not {readout!r}")
    if readout == ENTROPY and mode != PROBABILITIES:
        raise ValueError("the entropy readout is for probabilities")
    values, target = _check(values, mode, target)
    base = 2.0 if units == "bits" else math.e
    if readout == ENTROPY:
        other_values = _check_entropy(values, other, role)[1]
        entropy = exact_entropy(values, other_values, role=role, base=base)
        exact = {"entropy": [sig(v) for v in entropy]}
    else:
        loss, terms = exact_scores(values, mode, target, base=base, temperature=temperature)
        exact = {"loss": sig(loss), "terms": [sig(v) for v in terms]}
    names = list(labels) if labels is not None else [str(c) for c in range(len(values))]
    if len(names) != len(values):
        raise ValueError("labels must name every bar")

    def changed() -> None:
        state = st.session_state.get(key) or {}
        received = _received(state.get("change"), mode, len(values))
        if received is not None and on_change is not None:
            on_change(received, *args)

    seq = None
    previous = st.session_state.get(key)
    if previous and isinstance(previous.get("change"), dict):
        seq = previous["change"].get("seq")
    data = {
        "mode": mode,
        "values": values.tolist(),
        "target": target if isinstance(target, int) else target.tolist(),
        "temperature": float(temperature),
        "lnBase": math.log(base),
        "unit": t(f"common.unit_{units}"),
        "classNames": names,
        "text": _texts(mode),
        "exact": exact if numbers else {},
        "presenter": bool(presenter),
        "seq": seq if isinstance(seq, int) else None,
    }
    if readout == ENTROPY:
        data["text"] |= _entropy_texts(role)
        data |= {"readout": ENTROPY, "other": other_values.tolist(), "role": role}
    if not numbers:
        data["hideNumbers"] = True
    if gradient_caption is not None and mode == LOGITS:
        data["gradient"] = {
            "caption": gradient_caption,
            "exact": [sig(v + 0.0) for v in exact_gradient(values, target, temperature)],
        }
    result = _component()(key=key, data=data, on_change_change=changed)
    return _received(result.get("change"), mode, len(values))
