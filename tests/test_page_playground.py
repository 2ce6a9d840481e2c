"""The Playground page in AppTest: links, presets, widgets, the batch, the code panel, bad input."""

from __future__ import annotations

import contextlib
import io
import math
import warnings

import pytest

from ce_ui.i18n import translate
from tests.conftest import open_page, texts

PAGE = "pages/1_playground.py"


def en(key: str, **values) -> str:
    return translate("en", f"playground.{key}", **values)


def metric(at, label: str) -> str:
    (value,) = [m.value for m in at.metric if m.label == label]
    return value


def loss(at) -> str:
    return metric(at, en("loss_metric"))


def query(at) -> dict[str, str]:
    return {key: at.query_params[key] for key in at.query_params}


def messages(at) -> str:
    return "\n".join(
        str(m.value) for kind in ("error", "warning", "info") for m in getattr(at, kind)
    )


def open_playground(**params: str):
    at = open_page(PAGE, params)
    assert not at.exception
    return at


# ---------------------------------------------------------------- default state and links


def test_default_state_is_the_three_class_example_and_the_sklearn_batch():
    at = open_playground()
    assert loss(at) == "0.3567 nats"
    assert metric(at, en("true_prob_metric", c=0)) == "0.7"
    assert metric(at, en("batch_cost_metric", n=2)) == "0.3993 nats"
    assert not at.error and not at.warning
    q = query(at)
    assert (q["y"], q["p"], q["batch_y"], q["batch_p"]) == (
        "0",
        "0.7,0.2,0.1",
        "0;1",
        "0.9,0.1;0.5,0.5",
    )
    assert "z" not in q and "t" not in q and "eps" not in q
    assert r"= -\ln 0.7" in at.latex[0].value
    assert at.dataframe, "the per-class table is shown"


def test_issue_example_link_shows_2_303_nats_and_3_322_bits():
    at = open_playground(y="0", p="0.1,0.5,0.1,0.1,0.2")
    assert loss(at) == "2.303 nats"
    assert at.number_input(key="playground.view.classes").value == 5
    formula = at.latex[0].value
    assert r"1 \cdot \ln 0.1" in formula
    assert r"\textcolor{#595959}{0 \cdot \ln 0.5}" in formula
    assert formula.rstrip("$\n").endswith(r"&= 2.303\end{aligned}")
    bits = open_playground(y="0", p="0.1,0.5,0.1,0.1,0.2", units="bits")
    assert loss(bits) == "3.322 bits"
    assert r"\log_2 0.1" in bits.latex[0].value
    assert metric(bits, en("batch_cost_metric", n=2)) == "0.576 bits"


def test_a_link_with_logits_and_temperature_shows_the_softmax_and_log_sum_exp():
    at = open_playground(y="0", z="2,1,0.1", t="2")
    assert at.radio(key="playground.mode").value == "logits"
    assert at.number_input(key="playground.t").value == 2.0
    assert loss(at) == "0.6898 nats"
    body = texts(at)
    assert "[0.5017, 0.3043, 0.194]" in body
    assert r"\ln \sum_j e^{z_j/T} - z_{0}/T" in body
    q = query(at)
    assert (q["z"], q["t"]) == ("2,1,0.1", "2") and "p" not in q


def test_logits_are_scored_exactly_even_where_the_softmax_underflows():
    at = open_playground(y="1", z="1000,0")
    assert loss(at) == "1000 nats"  # −log of a probability that is 0 in float64


def test_a_soft_target_link_shows_every_term_and_the_entropy_floor():
    at = open_playground(y="0.9,0.05,0.05", p="0.7,0.2,0.1")
    assert at.radio(key="playground.view.target_kind").value == "distribution"
    assert loss(at) == "0.5166 nats"
    assert metric(at, en("entropy_metric")) == "0.3944 nats"
    assert "0.321 + 0.08047 + 0.1151" in at.latex[0].value
    assert "KL" in texts(at)
    assert query(at)["y"] == "0.9,0.05,0.05"


def test_a_link_with_eps_shows_the_exact_and_the_clipped_loss():
    at = open_playground(y="0", p="0,0.5,0.5", eps="1e-7")
    assert at.checkbox(key="playground.clip").value
    assert loss(at) == "∞ nats"
    assert metric(at, en("clipped_metric", eps="1e−7")) == "16.12 nats"
    assert en("explain_infinite") in texts(at)
    assert query(at)["eps"] == "1e-07"


def test_two_classes_also_show_binary_cross_entropy():
    at = open_playground(y="1", p="0.1,0.9")
    assert loss(at) == "0.1054 nats"
    assert any(r"(1 - y)" in latex.value and "= 0.1054" in latex.value for latex in at.latex)


def test_many_classes_collapse_the_zero_terms():
    at = open_playground(y="3", p=",".join(["0.05"] * 20))
    assert loss(at) == "2.996 nats"
    formula = at.latex[0].value
    assert r"\underbrace{0 + \cdots + 0}_{3}" in formula
    assert r"\underbrace{0 + \cdots + 0}_{16}" in formula


# ---------------------------------------------------------------- presets

PRESETS = [
    # id, expected loss, expected query entries, keys that must be absent
    ("three_right", "0.3567 nats", {"y": "0", "p": "0.7,0.2,0.1"}, ("z", "eps")),
    ("three_unsure", "1.609 nats", {"y": "0", "p": "0.2,0.4,0.4"}, ("z", "eps")),
    ("five_wrong", "2.303 nats", {"y": "0", "p": "0.1,0.5,0.1,0.1,0.2"}, ("z",)),
    ("five_same", "2.303 nats", {"y": "0", "p": "0.1,0.6,0.1,0.1,0.1"}, ("z",)),
    ("binary_right", "0.1054 nats", {"y": "1", "p": "0.1,0.9"}, ("z",)),
    ("binary_wrong", "2.303 nats", {"y": "1", "p": "0.9,0.1"}, ("z",)),
    ("soft_target", "0.5166 nats", {"y": "0.9,0.05,0.05", "p": "0.7,0.2,0.1"}, ("z",)),
    ("logits", "0.417 nats", {"y": "0", "z": "2,1,0.1", "t": "1"}, ("p",)),
    ("logits_warm", "0.6898 nats", {"y": "0", "z": "2,1,0.1", "t": "2"}, ("p",)),
    ("zero_clipped", "∞ nats", {"y": "0", "p": "0,0.5,0.5", "eps": "1e-07"}, ("z",)),
]


@pytest.mark.parametrize(
    ("preset", "expected", "entries", "absent"), PRESETS, ids=[row[0] for row in PRESETS]
)
def test_every_preset_sets_the_example_and_the_url(preset, expected, entries, absent):
    at = open_playground(y="2", z="5,1,1", t="3", eps="0.01")  # far from every preset
    at.button(key=f"playground.preset.{preset}").click().run()
    assert not at.exception
    assert loss(at) == expected
    q = query(at)
    assert {key: q.get(key) for key in entries} == entries
    assert not set(absent) & set(q)
    assert en(f"preset_{preset}_note") in [info.value for info in at.info]
    assert at.button(key=f"playground.preset.{preset}").proto.type == "primary"


def test_the_zero_preset_shows_where_clipping_caps_the_loss():
    at = open_playground()
    at.button(key="playground.preset.zero_clipped").click().run()
    assert metric(at, en("clipped_metric", eps="1e−7")) == "16.12 nats"
    assert en("explain_clip", cap="16.12", unit="nats") in texts(at)


def test_the_same_loss_preset_explains_why():
    at = open_playground()
    at.button(key="playground.preset.five_wrong").click().run()
    first = loss(at)
    at.button(key="playground.preset.five_same").click().run()
    assert loss(at) == first == "2.303 nats"
    assert "does not change at all" in en("preset_five_same_note")
    assert en("explain_one_hot", c=0, rest="0.9") in texts(at)


# ---------------------------------------------------------------- widgets


def test_typing_probabilities_updates_the_loss_and_the_url():
    at = open_playground()
    at.text_input(key="playground.p").input("0.2, 0.4, 0.4").run()
    assert loss(at) == "1.609 nats"
    assert query(at)["p"] == "0.2,0.4,0.4"


def test_choosing_the_true_class_updates_the_loss_and_the_url():
    at = open_playground()
    at.selectbox(key="playground.view.target_class").select(2).run()
    assert loss(at) == "2.303 nats"
    assert query(at)["y"] == "2"


def test_changing_the_number_of_classes_pads_and_offers_to_normalise():
    at = open_playground()
    at.number_input(key="playground.view.classes").set_value(5).run()
    assert query(at)["p"] == "0.7,0.2,0.1,0,0"
    assert loss(at) == "0.3567 nats"
    at.number_input(key="playground.view.classes").set_value(2).run()
    assert query(at)["p"] == "0.7,0.2"
    assert en("p_sum", total="0.9") in messages(at)
    at.button(key="playground.normalise_p").click().run()
    assert query(at)["p"] == "0.777778,0.222222"
    assert not at.warning
    assert loss(at) == "0.2513 nats"


def test_typing_a_longer_prediction_resizes_a_soft_target():
    at = open_playground(y="0.5,0.5", p="0.5,0.5")
    at.text_input(key="playground.p").input("0.5, 0.25, 0.25").run()
    assert query(at)["y"] == "0.5,0.5,0"
    assert at.number_input(key="playground.view.classes").value == 3
    assert loss(at) == "1.04 nats"


def test_switching_to_logits_writes_z_and_t_instead_of_p():
    at = open_playground()
    at.radio(key="playground.mode").set_value("logits").run()
    q = query(at)
    assert "p" not in q and q["z"] == "2,1,0.1" and q["t"] == "1"
    assert loss(at) == "0.417 nats"
    at.number_input(key="playground.t").set_value(2.0).run()
    assert loss(at) == "0.6898 nats"
    assert query(at)["t"] == "2"
    at.radio(key="playground.mode").set_value("probabilities").run()
    assert query(at)["p"] == "0.7,0.2,0.1" and "z" not in query(at)


def test_switching_to_a_distribution_keeps_the_class_as_one_hot():
    at = open_playground()
    at.radio(key="playground.view.target_kind").set_value("distribution").run()
    assert query(at)["y"] == "1,0,0"
    assert loss(at) == "0.3567 nats"
    at.text_input(key="playground.view.target_text").input("0.9, 0.05, 0.05").run()
    assert loss(at) == "0.5166 nats"
    assert query(at)["y"] == "0.9,0.05,0.05"
    at.radio(key="playground.view.target_kind").set_value("class").run()
    assert query(at)["y"] == "0"


def test_clipping_adds_eps_to_the_url_and_a_second_loss():
    at = open_playground()
    at.checkbox(key="playground.clip").check().run()
    assert query(at)["eps"] == "1e-07"
    assert metric(at, en("clipped_metric", eps="1e−7")) == "0.3567 nats"
    at.number_input(key="playground.eps").set_value(0.1).run()
    assert query(at)["eps"] == "0.1"
    at.checkbox(key="playground.clip").uncheck().run()
    assert "eps" not in query(at)


def test_the_units_switch_changes_every_loss_and_the_logarithm():
    at = open_playground(y="0", p="0.1,0.5,0.1,0.1,0.2")
    at.radio(key="common.units").set_value("bits").run()
    assert loss(at) == "3.322 bits"
    assert r"\log_2" in at.latex[0].value
    assert metric(at, en("batch_cost_metric", n=2)) == "0.576 bits"
    assert query(at)["units"] == "bits"


def test_a_soft_target_that_does_not_sum_to_one_can_be_normalised():
    at = open_playground(y="0.5,0.6", p="0.5,0.5")
    assert en("y_sum", total="1.1") in messages(at)
    at.button(key="playground.normalise_y").click().run()
    assert query(at)["y"] == "0.454545,0.545455"
    assert not at.warning


# ---------------------------------------------------------------- the batch


def test_the_batch_presets_and_typed_rows_update_the_cost_and_the_url():
    at = open_playground()
    at.button(key="playground.batch_preset.mistake").click().run()
    assert metric(at, en("batch_cost_metric", n=3)) == "1.645 nats"
    assert query(at)["batch_y"] == "0;0;1" and query(at)["batch_p"] == "0.9,0.1;0.8,0.2;0.99,0.01"
    assert en("batch_explain", row=3, worst="4.605", share="93.34", unit="nats") in texts(at)
    at.text_area(key="playground.batch_p").input("0.9, 0.1\n0.5, 0.5\n0.5, 0.5").run()
    assert metric(at, en("batch_cost_metric", n=3)) == "0.4972 nats"
    assert query(at)["batch_p"] == "0.9,0.1;0.5,0.5;0.5,0.5"
    at.button(key="playground.batch_preset.sklearn").click().run()
    assert metric(at, en("batch_cost_metric", n=2)) == "0.3993 nats"


def test_a_batch_link_is_read_and_its_rows_can_be_normalised():
    at = open_playground(batch_y="1;0;2", batch_p="0.2,0.6,0.2;0.5,0.25,0.25;0.1,0.1,0.9")
    assert en("batch_row_sum", row=3, total="1.1") in messages(at)
    at.button(key="playground.normalise_batch").click().run()
    assert query(at)["batch_p"] == "0.2,0.6,0.2;0.5,0.25,0.25;0.0909091,0.0909091,0.8181818"
    assert not at.warning


# ---------------------------------------------------------------- the code panel


def run_script(script: str) -> float:
    output = io.StringIO()
    with contextlib.redirect_stdout(output), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(compile(script, "<page snippet>", "exec"), {})
    return float(output.getvalue().split()[-1])


def shown_number(text: str) -> float:
    return float(text.split()[0].replace("−", "-"))


def page_scripts(at, opening: str) -> list[str]:
    return [code.value for code in at.code if code.value.startswith(opening)]


CODE_CASES = [
    {"y": "0", "p": "0.1,0.5,0.1,0.1,0.2"},
    {"y": "0", "p": "0.1,0.5,0.1,0.1,0.2", "units": "bits"},
    {"y": "0.9,0.05,0.05", "p": "0.7,0.2,0.1"},
    {"y": "1", "z": "2,1,0.1", "t": "0.5"},
    {"y": "0", "p": "0.02,0.48,0.5", "eps": "0.05"},
]


@pytest.mark.parametrize(
    "params", CODE_CASES, ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items())
)
def test_the_numpy_sklearn_and_pytorch_scripts_print_the_loss_the_page_shows(params):
    at = open_playground(**params)
    label = en("clipped_metric", eps="0.05") if "eps" in params else en("loss_metric")
    shown = metric(at, label)
    numpy_script, batch_numpy = page_scripts(at, "import numpy as np\n\ny =")
    assert f"{run_script(numpy_script):.4g}" == f"{shown_number(shown):.4g}"
    sklearn_script = [s for s in page_scripts(at, "") if "log_loss" in s][0]
    assert f"{run_script(sklearn_script):.4g}" == f"{shown_number(shown):.4g}"
    assert run_script(batch_numpy) == pytest.approx(
        shown_number(metric(at, en("batch_cost_metric", n=2))), rel=1e-3
    )
    if pytest.importorskip("torch"):
        torch_script = [s for s in page_scripts(at, "") if "import torch" in s][0]
        assert f"{run_script(torch_script):.4g}" == f"{shown_number(shown):.4g}"


def test_the_panel_says_where_a_library_prints_something_else():
    at = open_playground(y="0", p="0,1")
    body = texts(at)
    assert (
        en(
            "code_differs",
            library="scikit-learn",
            value="36.04",
            unit="nats",
            reason=en("reason_sklearn", eps="2.22e−16"),
        )
        in body
    )
    assert (
        en(
            "code_differs",
            library="Keras",
            value="16.12",
            unit="nats",
            reason=en("reason_keras", eps="1e−7"),
        )
        in body
    )


# ---------------------------------------------------------------- quiz mode


def test_in_a_quiz_the_loss_waits_for_the_reveal():
    at = open_playground(y="0", p="0.1,0.5,0.1,0.1,0.2", quiz="1")
    assert not [m for m in at.metric if m.label == en("loss_metric")]
    assert "2.303" not in texts(at)
    at.button(key="reveal.playground.loss").click().run()
    assert loss(at) == "2.303 nats"


# ---------------------------------------------------------------- bad input

BAD_INPUT = [
    ({"p": "0.5,abc"}, "**Predicted probabilities (p)**", "abc"),
    ({"p": "-0.1,1.1"}, "**Predicted probabilities (p)**", "[0, 1]"),
    ({"p": ""}, "**Predicted probabilities (p)** is empty", ""),
    ({"p": "0,0,0"}, "**Predicted probabilities (p)** are all zero", ""),
    ({"p": ",".join(["0.04"] * 25)}, "**Predicted probabilities (p)** has 25 numbers", "20"),
    ({"p": "1"}, "**Predicted probabilities (p)** has 1 number;", "2"),
    ({"y": "7", "p": "0.1,0.5,0.1,0.1,0.2"}, "**True label (y)**", "0 to 4"),
    ({"y": "0.5", "p": "0.5,0.5"}, "**True label (y)**", "whole number"),
    ({"y": "0.5,0.5", "p": "0.2,0.3,0.5"}, "**True label (y)** has 2 numbers", "3 classes"),
    ({"y": "abc,1"}, "**True label (y)**", "abc"),
    ({"y": "0,0,0"}, "**True label (y)** is all zeros", ""),
    ({"z": "1,nan"}, "**Logits (z)**", "nan"),
    ({"z": "1,1e5"}, "**Logits (z)**", "10000"),
    ({"t": "0", "z": "1,2"}, "**t**", "[0.01, 100]"),
    ({"eps": "2"}, "**eps**", "[1e-30, 0.1]"),
    ({"eps": "0"}, "**eps**", "[1e-30, 0.1]"),
    ({"batch_y": "0;5"}, "**True classes (batch_y)**", "0 to 1"),
    ({"batch_y": "0"}, "**True classes (batch_y)** has 1 label,", "is 2"),
    ({"batch_p": "0.9,0.1;0.5,0.25,0.25"}, "**Line 2 of the batch probabilities", "3 numbers"),
    ({"batch_p": "0.9,x"}, "**Line 1 of the batch probabilities", "x"),
    ({"batch_p": ""}, "**Batch probabilities (batch_p)** is empty", ""),
]


@pytest.mark.parametrize(
    ("params", "named", "detail"),
    BAD_INPUT,
    ids=["&".join(f"{k}={v[:20]}" for k, v in row[0].items()) for row in BAD_INPUT],
)
def test_bad_input_is_named_and_the_page_keeps_working(params, named, detail):
    at = open_playground(**params)
    shown = messages(at)
    assert named in shown
    assert detail in shown
    assert loss(at).endswith("nats")
    assert metric(at, en("batch_cost_metric", n=2)).endswith("nats")


def test_after_a_bad_edit_the_last_valid_numbers_stay_in_use():
    at = open_playground()
    at.text_input(key="playground.p").input("0.2, 0.4, 0.4").run()
    at.text_input(key="playground.p").input("0.2, 0.4, oops").run()
    assert not at.exception
    assert loss(at) == "1.609 nats"
    assert translate("en", "common.fallback", value="0.2, 0.4, 0.4") in messages(at)
    assert query(at)["p"] == "0.2,0.4,oops"  # the link keeps what the user sees in the field


def test_a_bad_batch_edit_names_the_batch_still_in_use():
    at = open_playground()
    at.text_area(key="playground.batch_p").input("0.9, 0.1\n0.5, oops").run()
    in_use = "labels 0, 1 with the rows 0.9, 0.1 · 0.5, 0.5"
    assert "oops" in messages(at) and in_use in messages(at)
    assert metric(at, en("batch_cost_metric", n=2)) == "0.3993 nats"


def test_a_class_index_out_of_range_falls_back_to_a_valid_class_in_the_url():
    at = open_playground(y="7", p="0.1,0.5,0.1,0.1,0.2")
    assert at.selectbox(key="playground.view.target_class").value == 0
    assert query(at)["y"] == "0"


def test_a_link_with_both_p_and_z_says_which_one_it_shows():
    at = open_playground(y="0", p="0.1,0.5,0.1,0.1,0.2", z="1,2")
    assert en("both_p_and_z") in messages(at)
    assert loss(at) == "2.303 nats"
    assert "z" not in query(at)


def test_user_text_in_a_field_is_not_rendered_as_markup():
    at = open_playground(p="[x](javascript:alert(1)),0.5")
    assert not at.exception
    assert "](" not in messages(at)


def test_per_class_table_downloads_as_csv_with_exact_values():
    at = open_page(PAGE, {"y": "0", "p": "0.1,0.5,0.1,0.1,0.2"})
    (button,) = at.get("download_button")
    assert button.proto.label == "Download the table (CSV)"
    assert not at.exception


@pytest.mark.parametrize(
    ("params", "differing", "others"),
    [
        # A certain right answer: exact 0, scikit-learn's and Keras's clips, Keras in float32.
        (
            {"y": "0,1", "p": "0,1", "shown": "0"},
            {"scikit-learn": "2.22e−16", "Keras": "1.192e−7"},
            "NumPy, PyTorch",
        ),
        # Logits near a certain answer: ce_core's exact e^−30 + e^−60; the textbook log-softmax
        # of NumPy and PyTorch, Keras's float32 and scikit-learn's float64 probabilities differ.
        (
            {"y": "0", "z": "30,0,-30", "shown": "9.358e−14"},
            {
                "NumPy": "9.348e−14",
                "PyTorch": "9.348e−14",
                "scikit-learn": "9.348e−14",
                "Keras": "0",
            },
            "",
        ),
        # Nothing near 0 or 1: every script prints the page's number.
        ({"y": "0", "p": "0.1,0.5,0.1,0.1,0.2"}, {}, None),
    ],
)
def test_the_code_panel_says_which_scripts_print_the_page_number(params, differing, others):
    params = dict(params)
    body = texts(open_playground(**{k: v for k, v in params.items() if k != "shown"}))
    if others is None:
        assert "Each script prints 2.303 nats, the loss shown above." in body
        assert "here instead" not in body
        return
    if others:
        assert f"{others} print {params['shown']} nats, the loss shown above." in body
    else:
        assert f"None of these scripts prints the loss shown above, {params['shown']} nats" in body
    assert f"Each script prints {params['shown']} nats" not in body
    for library, value in differing.items():
        assert f"{library} prints {value} nats here instead" in body
    if "z" in params:
        assert en("reason_keras_logits") in body
        assert en("reason_sklearn_logits", eps="2.22e−16") in body


@pytest.mark.parametrize(
    ("y", "phrase"),
    [("1,0,0", "puts weight on 1 class;"), ("0.5,0.5,0", "puts weight on 2 classes;")],
)
def test_soft_target_caption_counts_classes_in_the_right_number(y, phrase):
    at = open_page("pages/1_playground.py", {"y": y, "p": "0.7,0.2,0.1"})
    assert not at.exception
    assert phrase in texts(at)


def test_a_fallback_message_names_the_normalised_values_the_results_use():
    at = open_playground()
    at.text_input(key="playground.p").input("0.5, 0.6, 0.2").run()
    at.text_input(key="playground.p").input("0.5, abc, 0.2").run()
    assert not at.exception
    in_use = ", ".join(f"{v / 1.3:.4g}" for v in (0.5, 0.6, 0.2))  # 0.3846, 0.4615, 0.1538
    assert translate("en", "common.fallback", value=in_use) in messages(at)
    assert translate("en", "common.fallback", value="0.5, 0.6, 0.2") not in messages(at)
    assert loss(at) == f"{-math.log(0.5 / 1.3):.4g} nats"
