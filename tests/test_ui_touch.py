"""The Python side of the draggable bars (ce_ui.components): the exact numbers that replace the
browser's preview, the checks on what the browser sends back, the data the widget receives, and
the Playground drawing it in both prediction modes."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

import ce_core as cc
from ce_ui.components import bars
from ce_ui.components.bars import _check, _received, _texts, exact_scores
from ce_ui.i18n import available_languages, translate
from tests.conftest import open_page

COMPONENTS = Path(bars.__file__).parent


def test_probabilities_loss_and_terms_are_minus_log_of_the_true_class():
    loss, terms = exact_scores([0.7, 0.2, 0.1], "probabilities", 0)
    assert loss == pytest.approx(-math.log(0.7))
    assert terms.tolist() == pytest.approx([-math.log(0.7), 0, 0])
    loss_bits, _ = exact_scores([0.7, 0.2, 0.1], "probabilities", 0, base=2)
    assert loss_bits == pytest.approx(-math.log2(0.7))


def test_probabilities_that_do_not_sum_to_one_are_rescaled_first():
    loss, _ = exact_scores([0.7, 0.2, 0.3], "probabilities", 0)
    assert loss == pytest.approx(-math.log(0.7 / 1.2))


def test_a_soft_target_weighs_every_term():
    target = np.array([0.9, 0.05, 0.05])
    p = np.array([0.7, 0.2, 0.1])
    loss, terms = exact_scores(p, "probabilities", target)
    assert terms.tolist() == pytest.approx((-target * np.log(p)).tolist())
    assert loss == pytest.approx(terms.sum())


def test_a_target_distribution_off_one_is_rescaled_as_the_pages_do():
    loss, _ = exact_scores([0.7, 0.3], "probabilities", [0.5, 0.6])
    assert loss == pytest.approx(-(5 * math.log(0.7) + 6 * math.log(0.3)) / 11)


def test_logits_use_the_temperature_and_stay_exact_for_huge_logits():
    z = np.array([2.0, 1.0, 0.1])
    loss, terms = exact_scores(z, "logits", 0, temperature=2.0)
    expected = float(cc.categorical_cross_entropy(np.array([0]), (z / 2)[None], from_logits=True))
    assert loss == pytest.approx(expected)
    assert terms[0] == pytest.approx(expected) and terms[1:].tolist() == [0, 0]
    loss, _ = exact_scores([1e4, -1e4, 0.0], "logits", 1)
    assert loss == pytest.approx(2e4)


def test_independent_bars_give_the_mean_binary_cross_entropy_and_each_labels_own():
    p, y = np.array([0.9, 0.2, 0.6]), np.array([1.0, 0.0, 1.0])
    loss, terms = exact_scores(p, "independent", y)
    own = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert terms.tolist() == pytest.approx(own.tolist())
    assert loss == pytest.approx(own.mean())


@pytest.mark.parametrize(
    ("values", "mode", "target"),
    [
        ([0.5, 0.5], "sideways", 0),
        ([1.0], "probabilities", 0),
        ([0.5, float("nan")], "probabilities", 0),
        ([0.5, 1.5], "probabilities", 0),
        ([0.0, 0.0], "probabilities", 0),
        ([2e4, 0.0], "logits", 0),
        ([0.5, 0.5], "probabilities", 2),
        ([0.5, 0.5], "probabilities", [1.0]),
        ([0.5, 0.5], "independent", 0),
        ([0.5, 0.5], "probabilities", [0.0, 0.0]),
    ],
)
def test_inputs_the_widget_cannot_draw_are_refused(values, mode, target):
    with pytest.raises(ValueError):
        _check(values, mode, target)


def test_what_the_browser_sends_is_checked_clipped_and_renormalised():
    assert _received(None, "probabilities", 2) is None
    assert _received({"values": "0.5,0.5"}, "probabilities", 2) is None
    assert _received({"values": [0.5]}, "probabilities", 2) is None
    assert _received({"values": [0.5, None]}, "probabilities", 2) is None
    assert _received({"values": [0.5, float("inf")]}, "probabilities", 2) is None
    assert _received({"values": [0, 0]}, "probabilities", 2) is None
    assert _received({"values": [0.6, 0.6]}, "probabilities", 2) == pytest.approx([0.5, 0.5])
    assert _received({"values": [1.2, -0.1]}, "independent", 2) == [1.0, 0.0]
    assert _received({"values": [3e4, -2]}, "logits", 2) == [1e4, -2.0]


@pytest.mark.parametrize("lang", available_languages())
def test_label_templates_keep_the_placeholders_the_browser_fills(lang, monkeypatch):
    monkeypatch.setattr(bars, "t", lambda key, **values: translate(lang, key, **values))
    for mode in bars.MODES:
        texts = _texts(mode)
        assert "{value}" in texts["loss"] and "{unit}" in texts["loss"]
        assert "{name}" in texts["term"] and "{value}" in texts["term"]
        assert "{name}" in texts["valuetext"] and "{value}" in texts["valuetext"]
        assert "{p}" in texts["valuetext_logit"]
        assert texts["group"]


def test_the_module_is_plain_files_and_loads_nothing_from_outside():
    js = (COMPONENTS / "distribution_bars.js").read_text(encoding="utf-8")
    css = (COMPONENTS / "distribution_bars.css").read_text(encoding="utf-8")
    assert "export default function" in js
    for text in (js, css):
        assert "http://" not in text and "https://" not in text and "@import" not in text
    assert "import " not in js.replace("export default", "")  # no imports at all


def _bars_data(at: AppTest) -> dict:
    found = []

    def walk(node):
        for child in (getattr(node, "children", None) or {}).values():
            proto = getattr(child, "proto", None)
            if type(proto).__name__ == "BidiComponent":
                found.append(json.loads(proto.mixed.json or proto.json))
            walk(child)

    walk(at._tree)
    assert len(found) == 1, "the page draws one set of bars"
    return found[0]


def test_the_playground_draws_probability_bars_with_exact_numbers_from_ce_core():
    at = open_page("pages/1_playground.py", {"y": "0", "p": "0.7,0.2,0.1"})
    assert not at.exception
    data = _bars_data(at)
    assert data["mode"] == "probabilities"
    assert data["values"] == pytest.approx([0.7, 0.2, 0.1])
    assert data["exact"] == {"loss": "0.3567", "terms": ["0.3567", "0", "0"]}
    assert data["unit"] == "nats" and data["lnBase"] == 1.0


def test_the_playground_draws_logit_bars_in_bits_and_in_the_pages_language():
    at = open_page(
        "pages/1_playground.py",
        {"y": "0", "z": "2,1,0.1", "t": "2", "units": "bits", "lang": "ru"},
    )
    assert not at.exception
    data = _bars_data(at)
    assert data["mode"] == "logits" and data["temperature"] == 2.0
    assert data["values"] == pytest.approx([2, 1, 0.1])
    z = np.array([2, 1, 0.1]) / 2
    expected = cc.categorical_cross_entropy(np.array([0]), z[None], from_logits=True, base=2)
    assert data["exact"]["loss"] == bars.sig(expected)
    assert data["lnBase"] == pytest.approx(math.log(2))
    assert data["unit"] == translate("ru", "common.unit_bits")
    assert data["text"]["softmax"] == translate("ru", "touch.softmax_caption")


# ---------------------------------------------------------------- the entropy readout


def test_the_entropy_readout_is_h_p_cross_entropy_and_kl_from_ce_core_whichever_bars_move():
    p, q = np.array([0.5, 0.25, 0.125, 0.125]), np.full(4, 0.25)
    assert bars.exact_entropy(p, q, role="p", base=2) == pytest.approx((1.75, 2.0, 0.25))
    assert bars.exact_entropy(q, p, role="q", base=2) == pytest.approx((1.75, 2.0, 0.25))
    entropy, cross, kl = bars.exact_entropy([0.6, 0.4], [1.0, 0.0], role="p")
    assert entropy == pytest.approx(float(cc.entropy(np.array([0.6, 0.4]))))
    assert cross == math.inf and kl == math.inf
    # Off 1, each is rescaled first, as the page does with a typed distribution.
    assert bars.exact_entropy([0.4, 0.4], [0.6, 0.2], role="p") == pytest.approx(
        bars.exact_entropy([0.5, 0.5], [0.75, 0.25], role="p")
    )
    # Nearly equal: the tiny divergence ce_core keeps, not 0.
    kl = bars.exact_entropy([0.5 + 2**-30, 0.5 - 2**-30], [0.5, 0.5], role="p")[2]
    assert kl == pytest.approx(float(cc.kl_divergence([0.5 + 2**-30, 0.5 - 2**-30], [0.5, 0.5])))
    assert kl > 0


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"readout": "entropy", "mode": "logits", "other": [0.5, 0.5]}, "probabilities"),
        ({"readout": "entropy"}, "other distribution"),
        ({"readout": "entropy", "other": [0.2, 0.3, 0.5]}, "one probability per bar"),
        ({"readout": "entropy", "other": [0.5, 0.5], "role": "r"}, "role"),
        ({"readout": "entropy", "other": [0.0, 0.0]}, "not all be 0"),
        ({"readout": "kl"}, "readout must be one of"),
    ],
)
def test_an_entropy_readout_without_a_usable_other_distribution_is_refused(options, message):
    with pytest.raises(ValueError, match=message):
        bars.distribution_bars(key="bars", values=[0.5, 0.5], **options)


@pytest.mark.parametrize("lang", available_languages())
def test_entropy_templates_keep_the_placeholders_the_browser_fills(lang, monkeypatch):
    monkeypatch.setattr(bars, "t", lambda key, **values: translate(lang, key, **values))
    for role in bars.ROLES:
        texts = bars._entropy_texts(role)
        for name in ("entropy", "cross_entropy", "kl"):
            assert "{value}" in texts[name] and "{unit}" in texts[name], (lang, name)
        assert "{name}" in texts["valuetext"] and "{value}" in texts["valuetext"]
        assert (
            texts["group"]
            and texts["group"] != bars._entropy_texts("q" if role == "p" else "p")["group"]
        )


def _all_bars_data(at: AppTest) -> list[dict]:
    found = []

    def walk(node):
        for child in (getattr(node, "children", None) or {}).values():
            proto = getattr(child, "proto", None)
            if type(proto).__name__ == "BidiComponent":
                found.append(json.loads(proto.mixed.json or proto.json))
            walk(child)

    walk(at._tree)
    return found


def test_the_entropy_page_draws_p_and_q_bars_each_with_the_other_and_exact_numbers():
    at = open_page("pages/6_entropy.py", {"units": "bits", "lang": "vi"})
    assert not at.exception
    p_data, q_data = _all_bars_data(at)
    assert (p_data["role"], q_data["role"]) == ("p", "q")
    assert p_data["readout"] == q_data["readout"] == "entropy"
    assert p_data["values"] == q_data["other"] == [0.5, 0.25, 0.125, 0.125]
    assert q_data["values"] == p_data["other"] == [0.25] * 4
    assert p_data["exact"] == q_data["exact"] == {"entropy": ["1.75", "2", "0.25"]}
    assert p_data["lnBase"] == pytest.approx(math.log(2))
    assert p_data["text"]["kl"] == translate(
        "vi", "touch.readout_kl", value="{value}", unit="{unit}"
    )
    assert "hideNumbers" not in p_data


def test_a_quiz_on_the_entropy_page_sends_the_bars_no_number():
    at = open_page("pages/6_entropy.py", {"quiz": "1"})
    assert not at.exception
    for data in _all_bars_data(at):
        assert data["exact"] == {} and data["hideNumbers"] is True
