"""The Gradients page in AppTest: the URL contract, every section, the descent animation's controls
and bad input."""

import json
import math

import numpy as np
import pytest

import ce_core as cc
from ce_core import descent
from ce_ui.fields import fallback_message
from ce_ui.format import latex_sig, sig
from ce_ui.i18n import translate
from tests.conftest import open_page, texts
from tests.test_pages_classroom import everything_readable

PAGE = "pages/5_gradients.py"
MAX_STEPS = 100


def en(key: str, **values) -> str:
    return translate("en", key, **values)


def metric(at, label_key: str, **values) -> str:
    label = en(label_key, **values)
    return next(element.value for element in at.metric if element.label == label)


def descent_status(at) -> str:
    prefix = "Step "
    return next(m.value for m in at.markdown if m.value.startswith(prefix) and " of " in m.value)


def expected_status(y, logits, rate, step, unit="nats", base=math.e) -> str:
    run = descent.gradient_descent(y, logits, learning_rate=rate, steps=step, base=base)
    return en(
        "gradients.descent_status",
        step=step,
        max=MAX_STEPS,
        loss=sig(run.losses[step]),
        unit=unit,
        p=sig(run.probabilities[step, y]),
    )


def test_probabilities_example_shows_the_loss_and_the_gradient():
    at = open_page(PAGE, {"y": "0", "p": "0.1,0.5,0.1,0.1,0.2"})
    assert not at.exception
    assert metric(at, "gradients.loss_metric", unit="nats") == "2.303"
    body = texts(at)
    assert en("gradients.gradient_caption", values="−0.9, 0.5, 0.1, 0.1, 0.2") in body
    table = at.dataframe[0].value
    assert list(table[en("gradients.column_logit_gradient")]) == [
        "−0.9",
        "0.5",
        "0.1",
        "0.1",
        "0.2",
    ]
    assert list(table[en("gradients.column_probability_gradient")]) == ["−10", "0", "0", "0", "0"]
    assert at.query_params["p"] == "0.1,0.5,0.1,0.1,0.2"
    assert "z" not in at.query_params and "mode" not in at.query_params
    assert at.query_params["steps"] == "0"


def test_logits_example_shows_the_loss_after_one_step():
    at = open_page(PAGE, {"y": "0", "z": "0,0,0", "lr": "1", "steps": "1"})
    assert not at.exception
    assert at.radio(key="gradients.mode").value == "z"
    status = descent_status(at)
    assert "loss 0.5514 nats" in status
    assert status == expected_status(0, [0.0, 0.0, 0.0], 1.0, 1)
    assert metric(at, "gradients.loss_metric", unit="nats") == "1.099"
    assert at.query_params["z"] == "0,0,0" and "p" not in at.query_params
    assert (at.query_params["lr"], at.query_params["steps"]) == ("1", "1")


def test_default_state_and_bits():
    at = open_page(PAGE)
    assert not at.exception
    assert metric(at, "gradients.loss_metric", unit="nats") == "2.303"
    assert descent_status(at) == expected_status(0, np.log([0.1, 0.5, 0.1, 0.1, 0.2]), 0.5, 0)
    at = open_page(PAGE, {"units": "bits", "y": "0", "p": "0.1,0.5,0.1,0.1,0.2", "steps": "3"})
    assert metric(at, "gradients.loss_metric", unit="bits") == "3.322"
    assert descent_status(at) == expected_status(
        0, np.log([0.1, 0.5, 0.1, 0.1, 0.2]), 0.5, 3, unit="bits", base=2
    )


def test_probability_gradient_blows_up_where_the_logit_gradient_does_not():
    at = open_page(PAGE, {"y": "1", "p": "0.998,0.001,0.001"})
    body = texts(at)
    assert (
        en(
            "gradients.probability_numbers",
            p="0.001",
            probability_gradient="−1000",
            logit_gradient="−0.999",
        )
        in body
    )


def test_same_loss_pair_and_its_buttons():
    at = open_page(PAGE, {"y": "0", "z": "1,2,3"})
    body = texts(at)
    assert [m.value for m in at.metric if m.label == en("gradients.pair_loss", unit="nats")] == [
        "2.303",
        "2.303",
    ]
    assert en("gradients.pair_gradient", values="−0.9, 0.5, 0.1, 0.1, 0.2") in body
    assert en("gradients.pair_gradient", values="−0.9, 0.6, 0.1, 0.1, 0.1") in body
    assert "class 1 gets 0.5 in A and 0.6 in B" in body
    at.button(key="gradients.use_pair_2").click().run()
    assert not at.exception
    assert at.radio(key="gradients.mode").value == "p"
    assert at.query_params["p"] == "0.1,0.6,0.1,0.1,0.1" and "z" not in at.query_params
    assert en("gradients.gradient_caption", values="−0.9, 0.6, 0.1, 0.1, 0.1") in texts(at)


def test_sigmoid_gradient_and_focal_link():
    at = open_page(PAGE, {"y": "0", "p": "0.1,0.5,0.1,0.1,0.2", "units": "bits"})
    body = texts(at)
    assert (
        en("gradients.sigmoid_numbers", values="−0.9091, 0.3333, 0.09091, 0.09091, 0.1667") in body
    )
    (link,) = [p for p in at.get("page_link") if p.proto.label == en("gradients.focal_link")]
    assert link.proto.page == "focal"
    assert "units=bits" in link.proto.query_string


def test_widgets_update_the_numbers_and_the_url():
    at = open_page(PAGE, {"y": "0", "p": "0.1,0.5,0.1,0.1,0.2"})
    at.selectbox(key="gradients.y").set_value(1).run()
    assert metric(at, "gradients.loss_metric", unit="nats") == "0.6931"
    assert at.query_params["y"] == "1"
    at.radio(key="gradients.mode").set_value("z").run()
    at.text_input(key="gradients.z").input("2, 1, 0.1").run()
    assert not at.exception
    assert metric(at, "gradients.loss_metric", unit="nats") == "1.417"
    assert at.query_params["z"] == "2,1,0.1" and "p" not in at.query_params
    at.number_input(key="gradients.lr").set_value(2.0).run()
    at.slider(key="gradients.steps").set_value(10).run()
    assert at.query_params["steps"] == "10" and at.query_params["lr"] == "2"
    assert descent_status(at) == expected_status(1, [2.0, 1.0, 0.1], 2.0, 10)


def test_switching_the_input_mode_carries_the_prediction_over():
    at = open_page(PAGE, {"y": "0", "p": "0.1,0.5,0.1,0.1,0.2"})
    at.radio(key="gradients.mode").set_value("z").run()
    assert at.text_input(key="gradients.z").value == "-2.3026, -0.6931, -2.3026, -2.3026, -1.6094"
    assert metric(at, "gradients.loss_metric", unit="nats") == "2.303"
    at.radio(key="gradients.mode").set_value("p").run()
    assert not at.warning and not at.error
    assert metric(at, "gradients.loss_metric", unit="nats") == "2.303"
    carried = [float(value) for value in at.query_params["p"].split(",")]
    np.testing.assert_allclose(carried, [0.1, 0.5, 0.1, 0.1, 0.2], rtol=1e-4)


def test_step_and_reset_move_the_counter_and_the_url():
    at = open_page(PAGE, {"y": "0", "z": "0,0,0", "lr": "1"})
    for expected in (1, 2, 3):
        at.button(key="gradients.step_button").click().run()
        assert at.query_params["steps"] == str(expected)
        assert descent_status(at) == expected_status(0, [0.0, 0.0, 0.0], 1.0, expected)
    at.button(key="gradients.reset_button").click().run()
    assert at.query_params["steps"] == "0"
    assert descent_status(at) == expected_status(0, [0.0, 0.0, 0.0], 1.0, 0)


def test_step_stops_at_the_last_step():
    at = open_page(PAGE, {"y": "0", "z": "0,0,0", "steps": str(MAX_STEPS)})
    assert at.button(key="gradients.step_button").disabled
    assert en("gradients.descent_finished", max=MAX_STEPS) in texts(at)


def test_the_animation_plays_in_the_browser_over_frames_computed_by_ce_core():
    at = open_page(PAGE, {"y": "2", "z": "0.5,-1,0.2,1", "lr": "0.3", "steps": "96"})
    assert not at.exception
    (spec,) = [
        json.loads(chart.proto.spec)
        for chart in at.get("plotly_chart")
        if json.loads(chart.proto.spec).get("frames")
    ]
    assert len(spec["frames"]) == MAX_STEPS + 1
    titles = [frame["layout"]["title"]["text"] for frame in spec["frames"]]
    assert titles[96] == expected_status(2, [0.5, -1.0, 0.2, 1.0], 0.3, 96)
    assert titles[MAX_STEPS] == expected_status(2, [0.5, -1.0, 0.2, 1.0], 0.3, MAX_STEPS)
    assert spec["layout"]["sliders"][0]["active"] == 96  # opens at the link's step
    assert spec["layout"]["title"]["text"] == titles[96] == descent_status(at)
    assert "gradients.playing" not in at.session_state  # no server-side player any more


def test_both_p_and_z_use_p_and_say_so():
    at = open_page(PAGE, {"y": "0", "p": "0.1,0.5,0.1,0.1,0.2", "z": "0,0,0"})
    assert not at.exception
    assert en("gradients.both_given") in [element.value for element in at.info]
    assert metric(at, "gradients.loss_metric", unit="nats") == "2.303"
    assert "z" not in at.query_params


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ({"lr": "-1"}, "**lr**"),
        ({"lr": "0"}, "**lr**"),
        ({"steps": "500"}, "**steps**"),
        ({"steps": "-3"}, "**steps**"),
        ({"y": "2.5"}, "**y**"),
    ],
)
def test_out_of_range_link_values_are_named_and_replaced(query, fragment):
    at = open_page(PAGE, query)
    assert not at.exception
    (warning,) = at.warning
    assert fragment in warning.value
    assert descent_status(at).startswith("Step 0 of 100")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"p": "0.5,0.5,0"}, "class 2 has probability 0"),
        ({"p": "0.5,abc"}, "“abc” (number 2) is not a finite number"),
        ({"p": ""}, "is empty"),
        ({"p": "0.5,1.5"}, "outside the allowed range [0, 1]"),
        ({"z": "1,2000"}, "outside the allowed range [-1000, 1000]"),
        ({"z": "1"}, "at least 2"),
    ],
)
def test_unusable_predictions_are_explained_and_replaced_by_the_default(query, message):
    at = open_page(PAGE, {"y": "0", **query})
    assert not at.exception
    (error,) = at.error
    assert message in error.value
    default = "0.1, 0.5, 0.1, 0.1, 0.2" if "p" in query else "2, 1, 0.1"
    assert en("common.fallback", value=default) in texts(at)
    assert metric(at, "gradients.loss_metric", unit="nats") in ("2.303", "0.417")


def test_a_class_outside_the_prediction_is_explained():
    at = open_page(PAGE, {"y": "7", "p": "0.1,0.5,0.1,0.1,0.2"})
    assert not at.exception
    (error,) = at.error
    assert error.value == fallback_message(
        en("gradients.class_out_of_range", y=7, count=5, last=4), en("common.class_option", c=0)
    )
    assert metric(at, "gradients.loss_metric", unit="nats") == "2.303"


def test_probabilities_that_do_not_sum_to_one_can_be_normalised():
    at = open_page(PAGE, {"y": "0", "p": "0.2,0.5,0.2"})
    (warning,) = at.warning
    assert "0.9" in warning.value
    assert metric(at, "gradients.loss_metric", unit="nats") == "1.504"
    at.button(key="gradients.normalise").click().run()
    assert not at.warning and not at.exception
    assert at.query_params["p"] == "0.222222,0.555556,0.222222"  # the one rounding rule
    assert metric(at, "gradients.loss_metric", unit="nats") == "1.504"


@pytest.mark.parametrize(
    ("query", "formula"),
    [
        # ŷ underflows to 0: the formula shows it as a power, never −ln 0.
        ({"y": "1", "z": "1000,-1000"}, r"L = -\ln \hat y_{1} = -\ln e^{-2000} = 2000"),
        (
            {"y": "1", "z": "1000,-1000", "units": "bits"},
            r"L = -\log_2 \hat y_{1} = -\log_2 2^{-2885.39} = 2885",
        ),
        # ŷ close to 1: as many digits as it takes to read the loss off it.
        ({"y": "0", "z": "10,0"}, r"L = -\ln \hat y_{0} = -\ln 0.9999546 = 4.54 \times 10^{-5}"),
        # An ordinary ŷ keeps four digits.
        ({"y": "0", "p": "0.1,0.5,0.1,0.1,0.2"}, r"L = -\ln \hat y_{0} = -\ln 0.1 = 2.303"),
    ],
)
def test_loss_formula_shows_a_probability_the_loss_can_be_read_off(query, formula):
    at = open_page(PAGE, query)
    assert not at.exception
    body = texts(at)
    assert formula in body
    assert r"-\ln 0 =" not in body


def test_an_underflowing_true_probability_is_not_shown_as_0():
    at = open_page(PAGE, {"y": "1", "z": "1000,-1000"})
    assert metric(at, "gradients.true_probability_metric") == "e^−2000"
    assert metric(at, "gradients.true_probability_metric") != "0"
    at = open_page(PAGE, {"y": "0", "z": "1000,-1000"})
    assert metric(at, "gradients.true_probability_metric") == "1"


@pytest.mark.parametrize(
    ("query", "saturated", "underflow"),
    [
        ({"y": "0", "z": "1000,-1000"}, True, "Class 1:"),  # ŷ₀ = 1 exactly, ŷ₁ = e^−2000
        # ŷ₀ = 1 − 4.2e−18 rounds to 1, but ce_core keeps the push −(Σ others)/total = −4.2e−18.
        ({"y": "0", "z": "40,0"}, False, None),
        ({"y": "0", "z": "30,0"}, False, None),  # ŷ₀ = 1 − 9.4e−14: a (tiny) negative gradient
        ({"y": "1", "z": "1000,-1000"}, False, None),  # the true class underflows, not another
        ({"y": "0", "z": "0,0,-1000"}, False, "Class 2:"),
    ],
)
def test_gradient_explanation_on_both_sides_of_saturation(query, saturated, underflow):
    at = open_page(PAGE, query)
    body = texts(at)
    general = en("gradients.gradient_explanation").split()[:6]
    assert (" ".join(general) in " ".join(body.split())) is not saturated
    assert ("practically no push left" in body) is saturated
    if underflow:
        assert underflow in body and "below the smallest double" in body
    else:
        assert "below the smallest double" not in body


def test_probability_gradient_of_an_underflowing_true_class_is_written_as_a_power():
    body = texts(open_page(PAGE, {"y": "1", "z": "1000,-1000"}))
    assert "At your ŷ of the true class, e^−2000: ∂L/∂ŷ = −e^2000" in body


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ({"y": "0", "z": "2,1,0.1", "lr": "1", "steps": "5"}, "gradients.loss_gone"),
        # Already near 0: the updates are lost in rounding, the loss shows the same.
        ({"y": "0", "z": "30,0", "lr": "0.001", "steps": "5"}, "gradients.loss_same"),
        # Near 0 the textbook log-softmax's rounding once lifted this loss; ce_core's exact loss
        # and gradient make each step a (tiny) fall, which shows as the same four digits.
        ({"y": "0", "z": "30.83,0", "lr": "1", "steps": "2"}, "gradients.loss_same"),
    ],
)
def test_loss_change_is_worded_by_what_happened(query, key):
    at = open_page(PAGE, query)
    y, start = int(query["y"]), np.array([float(v) for v in query["z"].split(",")])
    run = descent.gradient_descent(y, start, learning_rate=float(query["lr"]), steps=MAX_STEPS)
    step = int(query["steps"])
    expected = en(key, start=sig(run.losses[0]), end=sig(run.losses[step]), unit="nats", step=step)
    assert expected in texts(at)


def test_a_sum_just_off_1_is_not_written_as_1():
    body = texts(open_page(PAGE, {"y": "0", "p": "0.5,0.500002"}))
    assert "adds up to 1.000002, not 1" in body


def quiz_page_text(at) -> str:
    """Everything a quiz could give its answer away in: text, formulas, metrics, widget labels,
    chart titles, traces' text and annotations, and every table cell."""
    parts = [texts(at), everything_readable(at)]
    for chart in at.get("plotly_chart"):
        figure = json.loads(chart.proto.spec)
        for trace in figure.get("data", []):
            parts += [str(item) for item in np.ravel(trace.get("text", []))]
        for frame in figure.get("frames", []):
            for trace in frame.get("data", []):
                parts += [str(item) for item in np.ravel(trace.get("text", []))]
            parts.append(json.dumps(frame.get("layout", {}), ensure_ascii=False))
    for table in at.dataframe:
        parts += [str(cell) for cell in np.ravel(table.value.to_numpy())]
    return "\n".join(parts)


def test_the_quiz_hides_every_form_of_the_true_class_gradient_until_revealed():
    query = {"quiz": "1", "y": "0", "z": "2,1,0.1"}
    logits = np.array([2.0, 1.0, 0.1])
    p_true = float(cc.softmax(logits)[0])
    answer = float(cc.cross_entropy_grad(0, logits)[0])  # ŷ₀ − 1 = −0.341
    loss = float(cc.categorical_cross_entropy(0, logits, from_logits=True))
    forms = {sig(answer), latex_sig(answer), sig(p_true), sig(loss), sig(abs(answer))}
    assert forms == {"−0.341", "-0.341", "0.659", "0.417", "0.341"}
    at = open_page(PAGE, query)
    assert not at.exception
    assert en("gradients.quiz_prompt", y=0) in texts(at)
    before = quiz_page_text(at)
    assert not [form for form in forms if form in before]
    (reveal,) = [b for b in at.button if b.label == en("common.quiz_reveal")]
    reveal.click().run()
    assert not at.exception
    after = quiz_page_text(at)
    assert all(form in after for form in forms), [f for f in forms if f not in after]
    assert metric(at, "gradients.loss_metric", unit="nats") == "0.417"
    at.text_input(key="gradients.z").input("0, 0, 0").run()  # a new question: hidden again
    assert "−0.6667" not in quiz_page_text(at) and "0.3333" not in quiz_page_text(at)
