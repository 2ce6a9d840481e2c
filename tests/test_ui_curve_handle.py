"""The Python side of the curve handle (ce_ui.components.curve_handle): the exact loss that
replaces the browser's preview, the checks on its arguments and on what the browser sends back,
the words it is given, and the Curves page drawing it."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

import ce_core as cc
from ce_ui.components import KINDS, curve_handle
from ce_ui.components.curve_handle import _check, _received, _texts, exact_loss
from ce_ui.i18n import available_languages, translate, use_language
from tests.conftest import open_page

COMPONENTS = Path(curve_handle.__code__.co_filename).parent


@pytest.fixture(autouse=True)
def english():
    use_language("en")


def test_binary_losses_are_both_branches_with_ce_core_s_clipping():
    assert KINDS == ("binary", "focal")
    assert exact_loss(0.9) == pytest.approx(-math.log(0.9))
    assert exact_loss(0.9, y=0) == pytest.approx(-math.log(0.1))
    assert exact_loss(0.1, y=1, base=2) == pytest.approx(math.log2(10))
    assert exact_loss(1e-9, y=1, eps=1e-7) == pytest.approx(-math.log(1e-7))
    assert exact_loss(1 - 1e-12, y=0, eps=0.01) == pytest.approx(-math.log(0.01))
    near_one = 1 - 1e-12
    assert exact_loss(near_one, y=1) == float(cc.binary_cross_entropy([1.0], [near_one]))


def test_focal_losses_weigh_the_cross_entropy_by_the_modulating_factor():
    for gamma in (0.0, 0.5, 2.0, 5.0):
        expected = (1 - 0.7) ** gamma * -math.log(0.7)
        assert exact_loss(0.7, "focal", gamma=gamma) == pytest.approx(expected)
    assert exact_loss(0.7, "focal", gamma=2, alpha=0.25, base=2) == pytest.approx(
        0.25 * 0.3**2 * -math.log2(0.7)
    )


def test_the_arguments_are_checked_and_the_active_gamma_is_added_when_missing():
    assert _check(0.3, "binary", 1, None, (), None, None) == (0.3, [], 0)
    assert _check(0.3, "binary", 0, 0.01, (), None, None)[2] == 1
    assert _check(0.3, "focal", 1, None, (0, 2, 5), 2, None) == (0.3, [0.0, 2.0, 5.0], 1)
    assert _check(0.3, "focal", 1, None, (0, 2), 3, None) == (0.3, [0.0, 2.0, 3.0], 2)
    for bad in (
        dict(value=0.0),
        dict(value=1.0),
        dict(kind="multi"),
        dict(y=2),
        dict(eps=0.7),
        dict(kind="focal", gammas=(-1,)),
        dict(kind="focal", gammas=tuple(range(8))),
        dict(kind="focal", alpha=1.5),
    ):
        arguments = {"value": 0.5, "kind": "binary", "y": 1, "eps": None, "gammas": (2,)}
        arguments |= {"gamma": None, "alpha": None} | bad
        with pytest.raises(ValueError):
            _check(**arguments)


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ({"value": 0.25, "seq": 1}, 0.25),
        ({"value": "0.5"}, 0.5),
        ({"value": 0.0}, 0.001),  # outside (0, 1): into the handle's range
        ({"value": 3}, 0.999),
        ({"value": float("nan")}, None),
        ({"value": "abc"}, None),
        ({"value": None}, None),
        ([0.5], None),
        (None, None),
    ],
)
def test_what_the_browser_sends_is_checked_like_any_input(payload, expected):
    assert _received(payload) == expected


@pytest.mark.parametrize("lang", available_languages())
def test_the_words_come_translated_with_the_browser_s_placeholders(lang):
    use_language(lang)
    texts = _texts("focal", [0.0, 2.0], "bits")
    assert "{p}" in texts["readout"] and "{value}" in texts["readout"]
    assert "{value}" not in texts["readout_hidden"] and "{p}" in texts["readout_hidden"]
    assert texts["names"] == ["γ = 0", "γ = 2"]
    assert texts["group"] == translate(lang, "handle.group_focal")
    binary = _texts("binary", [], "nats")
    assert binary["names"][0].endswith("−log p") and binary["names"][1].endswith("−log(1 − p)")


def test_the_module_and_its_styles_are_plain_files_without_outside_requests():
    js = (COMPONENTS / "curve_handle.js").read_text(encoding="utf-8")
    css = (COMPONENTS / "curve_handle.css").read_text(encoding="utf-8")
    assert "export default function" in js
    assert "import " not in js and "http" not in js.replace("http://www.w3.org/2000/svg", "")
    assert "url(" not in css and "@import" not in css


def _handle_data(at) -> dict:
    """The data the Curves page gives its curve handle (the one components-v2 element)."""
    found = []

    def walk(node):
        for child in getattr(node, "children", {}).values():
            proto = getattr(child, "proto", None)
            if type(proto).__name__ == "BidiComponent":
                found.append(json.loads(proto.mixed.json or proto.json))
            walk(child)

    walk(at._tree)
    assert len(found) == 1, "the page draws one handle"
    return found[0]


def test_the_curves_page_gives_the_handle_its_field_and_the_exact_loss():
    at = open_page("pages/2_curves.py", {"p": "1e-9", "y": "0", "eps": "0.01", "units": "bits"})
    assert not at.exception
    data = _handle_data(at)
    assert (data["kind"], data["value"], data["y"], data["eps"]) == ("binary", 1e-9, 0, 0.01)
    assert data["pText"] == "1e−9"
    assert data["exact"] == "0.0145" and data["showLoss"] is True  # −log₂(1 − 0.01)
    assert data["unit"] == "bits" and data["active"] == 1


def test_a_quiz_on_curves_gives_the_handle_no_loss():
    at = open_page("pages/2_curves.py", {"p": "0.1", "y": "1", "quiz": "1"})
    data = _handle_data(at)
    assert data["showLoss"] is False and data["exact"] is None
    assert "2.303" not in json.dumps(data)


def test_dropping_the_handle_sets_the_field_on_the_curves_page():
    from ce_ui import curves_numbers as numbers

    class Page:
        def __init__(self):
            self.state = {}

        def set_value(self, field, value):
            self.state[field] = value

    page = Page()
    numbers.on_handle(0.25, page)
    assert page.state[numbers.P] == 0.25
    assert np.isclose(numbers.result(0.25, 1, 0.0, math.e).loss, -math.log(0.25))
