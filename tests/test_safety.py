"""Safe to share with the whole internet: every input is bounded before any work, every view
reloads from its own link, the costliest training waits for a button and runs once per server,
no exception or traceback reaches a visitor, and the public-demo configuration is in place."""

from __future__ import annotations

import dataclasses
import threading
import time
import tomllib

import numpy as np
import pytest

from ce_core import scenarios, training
from ce_ui import digits, inputs, share, url_state
from ce_ui import language as language_model
from ce_ui.figures import entropy as entropy_figures
from ce_ui.i18n import translate
from ce_ui.inputs import InputProblem, parse_vector
from tests.conftest import open_page, texts
from tests.live_server import ROOT

TEXT_PAGES = {
    "pages/1_playground.py": {"mode": "logits"},
    "pages/3_multilabel.py": {"mode": "logits"},
    "pages/5_gradients.py": {"mode": "logits"},
    "pages/6_entropy.py": {},
    "pages/9_language.py": {"train": "own"},  # the own corpus's field shows only then
}
"""The pages with text fields, each with the query that shows all of them."""
BATCH_20_BY_20 = "\n".join(
    ", ".join(f"{(1 + (row * 7 + column) % 9) / 100 + 0.0012345:.7f}" for column in range(20))
    for row in range(20)
)
"""A valid batch of 20 rows of 20 probabilities with 7 decimals (not normalised: the page offers
that), 4,419 characters as typed, 3,999 in a link."""


def reload(at, path: str):
    """The page opened afresh from the query string ``at`` published."""
    return open_page(path, {key: at.query_params[key] for key in at.query_params})


def query_of(at) -> dict[str, str]:
    return {key: at.query_params[key] for key in at.query_params}


# --- 1. every input bounded before any work -------------------------------------------------------


@pytest.mark.parametrize("path", TEXT_PAGES)
def test_every_text_field_has_a_length_limit_a_link_can_carry(path):
    at = open_page(path, TEXT_PAGES[path])
    fields = [*at.text_input, *at.text_area]
    assert fields
    for field in fields:
        assert 0 < field.proto.max_chars <= url_state.MAX_QUERY_CHARS, field.label


def test_over_long_text_is_refused_with_the_limit_before_it_is_split(monkeypatch):
    class NoSplit:
        def split(self, text):
            raise AssertionError("an over-long text was split")

    monkeypatch.setattr(inputs, "_SEPARATORS", NoSplit())
    with pytest.raises(InputProblem) as problem:
        parse_vector("0.5," * 3_000_000, "ŷ")
    message = str(problem.value).replace("\u202f", "").replace(",", "")
    assert str(inputs.MAX_VECTOR_CHARS) in message and "12000000" in message


@pytest.mark.parametrize("digits_text", ["٣, ٠", "０.５, ０.５", "1_0", "nan", "infinity"])
def test_only_ascii_decimal_numbers_are_read(digits_text):
    with pytest.raises(InputProblem):
        parse_vector(digits_text, "p")


def test_digits_of_another_script_get_their_own_message():
    with pytest.raises(InputProblem) as problem:
        parse_vector("٠.٥, 0.5", "p")
    assert "0–9" in str(problem.value)


def test_a_full_field_that_does_not_read_says_a_paste_may_have_been_cut():
    note = translate("en", "common.field_full", limit=inputs.MAX_VECTOR_CHARS)
    with pytest.raises(InputProblem) as full:
        parse_vector("0.5," * 125, "p")  # exactly 500 characters: the browser stopped there
    assert str(full.value).endswith(note)
    with pytest.raises(InputProblem) as short:
        parse_vector("0.5," * 100, "p")
    assert note not in str(short.value)


def test_a_long_link_value_is_refused_by_its_own_field_limit():
    at = open_page("pages/1_playground.py", {"p": "0.5," * 300})
    assert not at.exception
    (warning,) = at.warning
    assert "500" in warning.value and "**p**" in warning.value
    assert at.query_params["p"] == "0.7,0.2,0.1"


def test_a_twenty_by_twenty_batch_with_seven_decimals_reloads_from_its_link():
    at = open_page("pages/1_playground.py")
    at.text_area(key="playground.batch_p").input(BATCH_20_BY_20)
    at.text_input(key="playground.batch_y").input(", ".join(str(i % 20) for i in range(20)))
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert len(at.query_params["batch_p"]) == 3999
    again = reload(at, "pages/1_playground.py")
    assert not again.exception and not again.error
    # the same view: only the note that the rows do not add up to 1, no word about the link
    assert [w.value for w in again.warning] == [w.value for w in at.warning]
    assert query_of(again) == query_of(at)
    shown = again.text_area(key="playground.batch_p").value
    assert np.array_equal(
        np.array([[float(v) for v in row.split(",")] for row in shown.splitlines()]),
        np.array([[float(v) for v in row.split(",")] for row in BATCH_20_BY_20.splitlines()]),
    )


@pytest.mark.parametrize(
    ("path", "key", "text"),
    [
        ("pages/6_entropy.py", "entropy.text", "熵" * 300),
        ("pages/6_entropy.py", "entropy.text", "ж" * 440),
        ("pages/6_entropy.py", "entropy.text", "to be or not to be " * 100),
        ("pages/9_language.py", "language.text", "熵" * 200),
        ("pages/9_language.py", "language.text", "ж" * 300),
        ("pages/9_language.py", "language.corpus", "熵" * 555),
        ("pages/9_language.py", "language.corpus", "to be or not to be " * 150),
    ],
)
def test_text_a_student_types_reloads_from_the_link(path, key, text):
    at = open_page(path, TEXT_PAGES[path])
    at.text_area(key=key).input(text).run()
    assert not at.exception
    assert url_state.query_length(query_of(at)) <= url_state.MAX_QUERY_CHARS
    again = reload(at, path)
    assert not again.exception and not again.warning
    assert again.text_area(key=key).value == text


def test_a_text_too_long_for_a_link_is_cut_where_the_link_ends():
    at = open_page("pages/6_entropy.py")
    at.text_area(key="entropy.text").input("熵" * 1500).run()
    assert not at.exception
    kept = at.text_area(key="entropy.text").value
    assert 600 < len(kept) < 1500 and set(kept) == {"熵"}
    assert url_state.link_length(kept) <= 6000
    assert any("1500" in warning.value.replace("\u202f", "") for warning in at.warning)
    assert reload(at, "pages/6_entropy.py").text_area(key="entropy.text").value == kept


@pytest.mark.parametrize(
    ("key", "limit"),
    [("text", language_model.TEXT_LINK_LIMIT), ("corpus", language_model.CORPUS_LINK_LIMIT)],
)
def test_a_language_text_too_long_for_a_link_is_cut_where_the_link_ends(key, limit):
    path = "pages/9_language.py"
    typed = "熵" * (limit // 9 + 100)  # 9 characters each in a link
    at = open_page(path, TEXT_PAGES[path])
    at.text_area(key=f"language.{key}").input(typed).run()
    assert not at.exception
    kept = at.text_area(key=f"language.{key}").value
    assert kept == "熵" * (limit // 9)
    assert url_state.query_length(query_of(at)) <= url_state.MAX_QUERY_CHARS
    assert any(str(len(typed)) in warning.value.replace("\u202f", "") for warning in at.warning)
    assert reload(at, path).text_area(key=f"language.{key}").value == kept


def test_a_client_sending_more_than_max_chars_gets_a_link_that_reads_back():
    """Streamlit cuts a longer widget value to the widget's max_chars; what is left publishes a
    link that reads back without a word about the link."""
    at = open_page("pages/5_gradients.py")
    at.session_state["gradients.p"] = "0.5, " * 1000
    at.run()
    assert not at.exception
    assert len(at.query_params["p"]) <= inputs.MAX_VECTOR_CHARS
    assert any("100 numbers" in error.value for error in at.error)  # cut to 100 numbers
    again = reload(at, "pages/5_gradients.py")
    assert not again.exception and not again.warning
    # the same message; the first view adds that the full field may have cut a paste
    # (before the shared sentence naming the prediction in use, which both end with)
    (first,), (reloaded,) = at.error, again.error
    in_use = translate("en", "common.fallback", value="0.1, 0.5, 0.1, 0.1, 0.2")
    assert first.value.endswith(in_use) and reloaded.value.endswith(in_use)
    problem = reloaded.value.removesuffix(in_use).rstrip()
    assert first.value.startswith(problem) and "full" in first.value


def test_every_page_fits_its_longest_valid_values_in_one_link():
    """The widest values each page's text fields accept, with every other field, stay within the
    query budget (numbers and choices take at most 30 characters with their key)."""
    pages = {
        "playground": [
            inputs.MAX_VECTOR_CHARS,  # y
            inputs.MAX_VECTOR_CHARS,  # p or z (one of the two is published)
            200,  # batch_y
            5000,  # batch_p
        ],
        "multilabel": [inputs.MAX_VECTOR_CHARS] * 2,
        "gradients": [inputs.MAX_VECTOR_CHARS],
        "entropy": [6000, inputs.MAX_VECTOR_CHARS, inputs.MAX_VECTOR_CHARS],
        "language": [language_model.CORPUS_LINK_LIMIT, language_model.TEXT_LINK_LIMIT],
    }
    other_fields = {"playground": 4, "multilabel": 9, "gradients": 3, "entropy": 1, "language": 11}
    for page, limits in pages.items():
        total = sum(limits) + 30 * (other_fields[page] + 5 + len(limits))
        assert total <= url_state.MAX_QUERY_CHARS, page


def test_a_value_a_link_could_not_carry_back_is_not_published():
    field = url_state.Field("p", "0.5", max_chars=10)
    assert url_state.publishable(field, "0.5") == "0.5"
    assert url_state.publishable(field, "0.5," * 10) is None
    assert url_state.publishable(field, "熵熵") is None  # 2 characters, 18 in a link
    number_field = url_state.Field("t", 1.0, url_state.number(0, 2), url_state.format_number)
    assert url_state.publishable(number_field, 1.5) == "1.5"
    assert url_state.publishable(number_field, 5.0) is None


def test_an_over_budget_query_loses_its_longest_values_first():
    query = {"a": "x" * 5000, "b": "y" * 4000, "c": "1"}
    dropped = url_state.fit_query(query)
    assert dropped == ["a"] and set(query) == {"b", "c"}
    assert url_state.query_length(query) <= url_state.MAX_QUERY_CHARS
    assert url_state.query_length({"p": "0.5,0.5", "q": "熵"}) == len("p=0.5,0.5&q=%E7%86%B5")


# --- share panel --------------------------------------------------------------------------------


def test_a_link_too_long_for_a_qr_code_is_shown_with_the_reason():
    at = open_page("pages/6_entropy.py", {"text": "熵" * 300}, **{"share.open": True})
    assert not at.exception
    (link,) = [code.value for code in at.sidebar.code]
    assert len(link) > share.QR_MAX_BYTES
    assert not at.sidebar.get("image")
    (info,) = at.sidebar.info
    assert str(share.QR_MAX_BYTES) in info.value.replace("\u202f", "").replace(",", "")


def test_qr_codes_up_to_the_limit_and_none_beyond():
    assert share.qr_png("h" * share.QR_MAX_BYTES)
    assert share.qr_png("h" * (share.QR_MAX_BYTES + 1)) is None


# --- 2. a budget per rerun ------------------------------------------------------------------------

COSTLIEST = {
    "model": "mlp",
    "epochs": "200",
    "batch": "8",
    "opt": "adam",
    "lr": "1",
    "compare": "smoothing",
    "seed": "13",
}


def test_the_costliest_link_waits_for_the_train_button_and_then_trains(monkeypatch):
    calls = []

    def fake_fit(config, reduced, keep, _on_epoch=None):
        calls.append(config)
        return real_fit(dataclasses.replace(config, epochs=1), reduced, keep)

    real_fit = digits.fit
    monkeypatch.setattr(digits, "fit", fake_fit)
    digits.forget_runs()
    at = open_page("pages/7_training.py", COSTLIEST)
    assert not at.exception
    assert not calls and not at.metric
    assert any(translate("en", "training.train_button") == b.label for b in at.button)
    assert "s of the server" in texts(at)
    at.button(key="training.train").click().run()
    assert not at.exception
    assert len(calls) == 2 and at.metric
    at.run()  # trained: the same link now opens at once, for every session
    assert len(calls) == 2 and at.metric
    other = open_page("pages/7_training.py", COSTLIEST)
    assert len(calls) == 2 and other.metric
    digits.forget_runs()


def test_the_budget_lets_the_defaults_and_presets_train_at_once():
    defaults = training.TrainingConfig(epochs=30, batch_size=32, model="softmax")
    network = training.TrainingConfig(epochs=100, batch_size=32, model="mlp")
    assert 2 * digits.cost(defaults) <= digits.AUTO_TRAIN_SECONDS
    assert 2 * digits.cost(network) <= digits.AUTO_TRAIN_SECONDS
    worst = training.TrainingConfig(epochs=200, batch_size=8, model="mlp")
    assert 2 * digits.cost(worst) > 4 * digits.AUTO_TRAIN_SECONDS
    for model in ("softmax", "mlp"):  # fewer, larger batches cost less
        costs = [
            digits.cost(training.TrainingConfig(model=model, epochs=50, batch_size=size))
            for size in (8, 16, 32, 64, 128, 256)
        ]
        assert costs == sorted(costs, reverse=True)


def _slow_fit(calls, release):
    def fit(config, reduced, keep, _on_epoch=None):
        calls.append(config.seed)
        release.wait(5)
        return ("run", config.seed)

    return fit


def test_the_same_settings_train_once_however_many_sessions_ask(monkeypatch):
    calls, release = [], threading.Event()
    monkeypatch.setattr(digits, "fit", _slow_fit(calls, release))
    digits.forget_runs()
    config = training.TrainingConfig(seed=777)
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(digits.train(config, (), 1.0)))
        for _ in range(6)
    ]
    for thread in threads:
        thread.start()
    time.sleep(0.3)
    release.set()
    for thread in threads:
        thread.join(10)
    assert calls == [777]
    assert results == [("run", 777)] * 6
    digits.forget_runs()


def test_a_lecture_hall_waiting_for_one_run_is_never_told_the_server_is_busy(monkeypatch):
    calls, release = [], threading.Event()
    monkeypatch.setattr(digits, "fit", _slow_fit(calls, release))
    monkeypatch.setattr(digits, "MAX_WAITING", 2)
    digits.forget_runs()
    config = training.TrainingConfig(seed=888)
    outcomes = []

    def ask():
        try:
            outcomes.append(digits.train(config, (), 1.0))
        except digits.ServerBusy:
            outcomes.append("busy")

    threads = [threading.Thread(target=ask) for _ in range(30)]
    for thread in threads:
        thread.start()
    time.sleep(0.3)
    release.set()
    for thread in threads:
        thread.join(10)
    assert calls == [888]
    assert outcomes == [("run", 888)] * 30
    digits.forget_runs()


def test_one_model_trains_at_a_time_and_a_full_queue_is_refused(monkeypatch):
    calls, release = [], threading.Event()
    monkeypatch.setattr(digits, "fit", _slow_fit(calls, release))
    monkeypatch.setattr(digits, "MAX_WAITING", 1)
    digits.forget_runs()
    first = threading.Thread(target=digits.train, args=(training.TrainingConfig(seed=1), (), 1.0))
    second = threading.Thread(target=digits.train, args=(training.TrainingConfig(seed=2), (), 1.0))
    first.start()
    time.sleep(0.2)
    second.start()
    time.sleep(0.2)
    assert calls == [1]  # the second waits for the training place
    with pytest.raises(digits.ServerBusy):
        digits.train(training.TrainingConfig(seed=3), (), 1.0)
    release.set()
    first.join(10)
    second.join(10)
    assert sorted(calls) == [1, 2]
    digits.forget_runs()


# --- 3. the two crashes, at their root -------------------------------------------------------


def test_zero_negatives_cost_nothing_with_beta_negatives_too():
    scenario = scenarios.many_class_scenario(
        classes=2, positives=2, p_pos=0.8, p_neg=0.1, concentration=10.0
    )
    constant = scenarios.many_class_scenario(classes=2, positives=2, p_pos=0.8, p_neg=0.1)
    assert scenario.loss.negatives == 0.0
    assert scenario.loss.positives == pytest.approx(constant.loss.positives)


def test_multilabel_without_negatives_and_beta_spread_opens():
    at = open_page("pages/3_multilabel.py", {"classes": "2", "positives": "2", "neg_dist": "beta"})
    assert not at.exception and not at.warning


# --- smaller findings ---------------------------------------------------------------------------


def test_a_zero_distribution_says_the_default_is_shown_not_that_it_was_divided():
    at = open_page("pages/6_entropy.py", {"p": "0,0"})
    assert not at.exception
    errors = [error.value for error in at.error]
    assert any("adds up to 0" in error for error in errors), errors
    assert not any("divided by its sum" in error for error in errors), errors


def test_look_alike_symbols_keep_a_bar_each():
    figure = entropy_figures.symbol_distribution(
        [" ", "␣", "a"],
        [0.25, 0.25, 0.5],
        [2.0, 2.0, 1.0],
        title="",
        x_title="",
        y_title="",
        information_unit="bits",
        other_label="{count}",
    )
    labels = list(figure.data[0].x)
    assert len(set(labels)) == 3, labels


# --- 4. the public-demo configuration ----------------------------------------------------------


def test_visitors_see_no_traceback_or_server_path():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
    assert config["server"]["maxUploadSize"] <= 1
    assert config["server"]["maxWidgetStateSize"] <= 1
    assert config["server"]["enableXsrfProtection"] is True
    assert "allowedHosts" in config["server"]


def test_the_deployment_notes_say_what_a_proxy_restricts():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    deploy = readme[readme.index("## Deploy it") : readme.index("## Project layout")]
    for needed in (
        "/_stcore/metrics",
        "/_stcore/host-config",
        "/_stcore/upload_file",
        "/media/",
        "server.allowedHosts",
        "showErrorDetails",
        "X-Content-Type-Options",
    ):
        assert needed in deploy, needed
