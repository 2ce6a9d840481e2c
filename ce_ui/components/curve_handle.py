"""Curve handle: a chart of loss curves whose point is dragged along the active curve (mouse,
pen, finger) or moved with the keyboard, with a live readout of the loss.

The browser recomputes the loss while the point moves, as a preview painted in the same frame as
the input; on release (or after 150 ms at rest) the probability comes back here, the page reruns,
and the exact loss from ce_core, computed by :func:`exact_loss`, replaces the preview.

Two kinds of curves:

- ``"binary"``: the binary cross-entropy over p, both branches (−log p for y = 1, −log(1 − p) for
  y = 0), the point on the branch of ``y``; with ``eps``, p is clipped into [ε, 1 − ε] first,
  as ``ce_core.binary_cross_entropy(..., eps=eps)`` does (the curves go flat at the cap);
- ``"focal"``: the focal loss −α (1 − pₜ)^γ log pₜ over the probability on the truth pₜ, one
  curve per γ in ``gammas``, the point on the curve of ``gamma``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import streamlit as st

import ce_core as cc
from ce_ui.format import sig, unrounded
from ce_ui.i18n import t

KINDS = BINARY, FOCAL = "binary", "focal"
RANGE = (0.001, 0.999)
"""Where a drag or a key can put the point (the typed field reaches every float in (0, 1))."""
STEP, KEY_STEP, PAGE_STEP = 0.001, 0.01, 0.1
"""The grid a drag snaps to, and the moves of an arrow key and of PageUp/PageDown."""
USUAL_TOP_P = 0.001
TOP_HEADROOM = 1.08
"""The chart reaches the cross-entropy at p = 0.001 (6.9 nats), with a little room above; a point
higher up is pinned to the top edge, its readout still giving its loss."""
MAX_CURVES = 7
_HERE = Path(__file__).parent

HandleChange = Callable[..., None]
"""``on_change(p, *args)``: called before the rerun with the new probability."""


@cache
def _component():
    return st.components.v2.component(
        "ce_ui.curve_handle",
        js=(_HERE / "curve_handle.js").read_text(encoding="utf-8"),
        css=(_HERE / "curve_handle.css").read_text(encoding="utf-8"),
    )


def _check(value, kind: str, y, eps, gammas, gamma, alpha) -> tuple[float, list[float], int]:
    """The probability, the curves' γ values (focal) and the index of the active curve."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    value = float(value)
    if not 0 < value < 1:
        raise ValueError("the probability must lie strictly between 0 and 1")
    if kind == BINARY:
        if y not in (0, 1) or isinstance(y, bool):
            raise ValueError("y must be 0 or 1")
        if eps is not None and not 0 < eps <= 0.5:
            raise ValueError("eps must be None or in (0, 0.5]")
        return value, [], 0 if y == 1 else 1
    values = [float(g) for g in gammas]
    if gamma is not None and float(gamma) not in values:
        values.append(float(gamma))
    if not values or len(values) > MAX_CURVES or any(not 0 <= g <= 100 for g in values):
        raise ValueError(f"gammas must be 1..{MAX_CURVES} numbers in [0, 100]")
    if alpha is not None and not 0 <= alpha <= 1:
        raise ValueError("alpha must be None or in [0, 1]")
    active = values.index(float(gamma)) if gamma is not None else 0
    return value, values, active


def exact_loss(
    value: float,
    kind: str = BINARY,
    *,
    y: int = 1,
    eps: float | None = None,
    gamma: float = 2.0,
    alpha: float | None = None,
    base: float = math.e,
) -> float:
    """The loss at the point, by ce_core, in the units of ``base``: the binary cross-entropy of
    ``y`` and ``value`` (clipped with ``eps``), or the focal loss of a positive example whose
    probability on the truth is ``value``."""
    if kind == FOCAL:
        loss = cc.focal_loss([1.0], [float(value)], gamma=gamma, alpha=alpha, base=base)
    else:
        loss = cc.binary_cross_entropy([float(y)], [float(value)], eps=eps, base=base)
    return float(loss)


def _texts(kind: str, gammas: Sequence[float], unit: str) -> dict[str, Any]:
    """The widget's words in the page's language; ``{p}``, ``{value}``, ``{unit}`` and
    ``{gamma}`` are left for the browser to fill in."""
    keep = {name: "{" + name + "}" for name in ("p", "value", "unit", "gamma")}
    if kind == FOCAL:
        names = [t("handle.curve_focal", gamma=sig(g)) for g in gammas]
    else:
        names = [
            t("handle.curve_binary", y=1, formula="−log p"),
            t("handle.curve_binary", y=0, formula="−log(1 − p)"),
        ]
    return {
        "group": t(f"handle.group_{kind}"),
        "readout": t(f"handle.readout_{kind}", **keep),
        "readout_hidden": t(f"handle.readout_{kind}_hidden", **keep),
        "valuetext": t(f"handle.valuetext_{kind}", **keep),
        "valuetext_hidden": t(f"handle.readout_{kind}_hidden", **keep),
        "x_title": t(f"handle.axis_{kind}"),
        "y_title": t("handle.axis_loss", unit=unit),
        "names": names,
    }


def _received(payload: Any) -> float | None:
    """The probability the browser sent, checked (it is input like any other): None if unusable."""
    if not isinstance(payload, dict):
        return None
    try:
        value = float(payload.get("value"))
    except (TypeError, ValueError):
        return None
    if not math.isfinite(value):
        return None
    return min(max(value, RANGE[0]), RANGE[1]) if not 0 < value < 1 else value


def curve_handle(
    *,
    key: str,
    value: float,
    kind: str = BINARY,
    y: int = 1,
    eps: float | None = None,
    gammas: Sequence[float] = (2.0,),
    gamma: float | None = None,
    alpha: float | None = None,
    units: str = "nats",
    show_loss: bool = True,
    presenter: bool = False,
    on_change: HandleChange | None = None,
    args: tuple = (),
) -> float | None:
    """Draw the curves with the point at ``value`` and return the probability the user has just
    set (or None on other runs).

    ``kind="binary"``: the point is p on the branch of ``y`` (``eps`` clips as ce_core does);
    ``kind="focal"``: the point is pₜ on the curve of ``gamma`` among ``gammas`` (added if it is
    not one of them), each curve −α (1 − pₜ)^γ log pₜ (``alpha`` None: no α). ``units`` is
    ``"nats"`` or ``"bits"``. ``show_loss=False`` (a quiz before Reveal) leaves every loss out
    of the readout and the screen-reader text. ``on_change(p, *args)`` runs before the rerun.
    """
    value, values, active = _check(value, kind, y, eps, gammas, gamma, alpha)
    base = 2.0 if units == "bits" else math.e
    unit = t(f"common.unit_{units}")
    active_gamma = values[active] if kind == FOCAL else 0.0
    exact = exact_loss(value, kind, y=y, eps=eps, gamma=active_gamma, alpha=alpha, base=base)
    top = TOP_HEADROOM * exact_loss(USUAL_TOP_P, BINARY, base=base)

    def changed() -> None:
        state = st.session_state.get(key) or {}
        received = _received(state.get("change"))
        if received is not None and on_change is not None:
            on_change(received, *args)

    seq = None
    previous = st.session_state.get(key)
    if previous and isinstance(previous.get("change"), dict):
        seq = previous["change"].get("seq")
    data = {
        "kind": kind,
        "value": value,
        "pText": unrounded(value, 0, 1),
        "y": int(y),
        "eps": eps,
        "gammas": values,
        "gammaText": sig(active_gamma),
        "active": active,
        "alpha": alpha,
        "lnBase": math.log(base),
        "top": top,
        "unit": unit,
        "text": _texts(kind, values, unit),
        "showLoss": bool(show_loss),
        "exact": sig(exact) if show_loss else None,
        "presenter": bool(presenter),
        "range": list(RANGE),
        "step": STEP,
        "keyStep": KEY_STEP,
        "pageStep": PAGE_STEP,
        "seq": seq if isinstance(seq, int) else None,
    }
    result = _component()(key=key, data=data, on_change_change=changed)
    return _received(result.get("change"))
