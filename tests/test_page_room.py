"""Ask the room in AppTest: the students' answer page, and a quiz question opening a room."""

from __future__ import annotations

import pytest

from ce_ui import room_store as rs
from ce_ui.i18n import translate
from ce_ui.room import HOST_KEY
from tests.conftest import open_page, texts
from tests.test_pages_classroom import english_phrases, everything_readable

ANSWER = "pages/8_answer.py"
QUESTION = rs.Question("playground.loss.test", "How large is the loss?", "nats")


@pytest.fixture
def store():
    store = rs.store_from_environment()  # the same SQLite file as the app's (CE_ROOM_DATA_DIR)
    yield store
    store.close_store()


def open_room(store, question=QUESTION):
    code, secret = store.open_room()
    store.ask(code, secret, question)
    return code, secret


def submit_button(at):
    return next(b for b in at.button if b.proto.is_form_submitter)


def test_a_student_answers_and_can_change_the_answer(store):
    code, secret = open_room(store)
    at = open_page(ANSWER, {"room": code})
    assert not at.exception
    assert "How large is the loss?" in texts(at)
    assert "room_load" not in texts(at)  # no stray string written by Streamlit's magic
    at.number_input[0].set_value(2.3)
    submit_button(at).click().run()
    assert not at.exception
    assert translate("en", "room.your_answer", value="2.3 nats") in texts(at)
    assert store.summary(code, secret).values == (2.3,)
    at.number_input[0].set_value(2.5)
    submit_button(at).click().run()
    assert store.summary(code, secret).values == (2.5,)  # replaced, not added
    assert at.query_params["room"] == code  # the link keeps the code, and only the code


def test_a_choice_question_shows_four_choices(store):
    question = rs.Question("q.choices", "Pick", "bits", rs.choices_for(3.322, base=2))
    code, secret = open_room(store, question)
    at = open_page(ANSWER, {"room": code, "lang": "ru"})
    assert not at.exception
    (radio,) = at.main.get("radio")
    assert list(radio.options) == [f"{value:g} bits" for value in question.choices]
    radio.set_value(3.322)
    submit_button(at).click().run()
    assert store.summary(code, secret).values == (3.322,)


def test_after_the_reveal_the_phone_shows_the_answer_and_takes_no_more(store):
    code, secret = open_room(store)
    store.reveal(code, secret, 2.303)
    at = open_page(ANSWER, {"room": code})
    assert translate("en", "room.revealed", value="2.303 nats") in texts(at)
    assert not at.number_input


@pytest.mark.parametrize(
    ("code", "message"),
    [("NOPE!", "room.bad_code"), ("7K3QM2XD", "room.no_room"), ("", "room.scan_first")],
)
def test_bad_or_expired_codes_get_a_clear_message(code, message):
    at = open_page(ANSWER, {"room": code} if code else {})
    assert not at.exception
    shown = [e.value for e in (*at.error, *at.info)]
    expected = translate("en", message, code=code.replace("!", "\\!"))
    assert expected in shown, shown


@pytest.mark.parametrize("lang", ["vi", "ru", "zh"])
def test_the_answer_page_is_translated(store, lang):
    code, _ = open_room(store)
    at = open_page(ANSWER, {"room": code, "lang": lang})
    assert not at.exception
    assert at.title[0].value == translate(lang, "room.answer_title")
    assert submit_button(at).label == translate(lang, "room.send")
    readable = everything_readable(at)
    left = sorted(p for p in english_phrases(lang) if p in readable and p not in QUESTION.prompt)
    assert not left, left[:5]


def test_the_answer_page_works_in_presenter_mode_and_keeps_only_the_code(store):
    code, _ = open_room(store)
    at = open_page(ANSWER, {"room": code.lower(), "present": "1"})
    assert not at.exception
    assert "How large is the loss?" in texts(at)


def test_a_quiz_question_opens_a_room_and_its_histogram_counts_answers(store):
    at = open_page("pages/1_playground.py", {"quiz": "1", "y": "0", "p": "0.1,0.5,0.1,0.1,0.2"})
    opener = next(b for b in at.button if b.label == translate("en", "room.open_typed"))
    opener.click().run()
    assert not at.exception
    host = at.session_state[HOST_KEY]
    code, secret = host["code"], host["secret"]
    body = texts(at)
    links = [c.value for c in at.code if "/answer?" in c.value]
    assert links == [f"http://localhost:8501/answer?room={code}"]  # the code and nothing else
    assert secret not in body
    assert len(at.main.get("image")) == 1  # the QR code
    question = store.room(code).question
    assert question.unit == "nats" and question.id.startswith("playground.loss.")
    for n, guess in enumerate([2.3, 2.2, 1.0]):
        store.answer(code, f"student-{n:04d}", question.id, guess)
    at.run()
    assert [m.value for m in at.metric if m.label == "Answers"] == ["3"]
    reveal = next(b for b in at.button if b.label == translate("en", "common.quiz_reveal"))
    reveal.click().run()
    assert not at.exception
    room = store.room(code)
    assert room.revealed and room.truth == pytest.approx(2.302585, rel=1e-6)
    # 2.3 and 2.2 are within 10 % of 2.303; 1.0 is not.
    assert "**2 of 3** answers were close" in texts(at)
    chart = [c for c in at.get("plotly_chart") if "answer 2.303" in c.proto.spec]
    assert chart, "the reveal draws the true value on the histogram"


def test_another_session_cannot_act_as_host(store):
    code, _ = open_room(store)
    forged = {"code": code, "secret": "forged", "choices": False, "ask": "playground.loss"}
    at = open_page("pages/1_playground.py", {"quiz": "1"}, **{HOST_KEY: forged})
    assert not at.exception
    assert translate("en", "room.problem_not_host") in [e.value for e in at.error]


def test_the_answer_page_says_so_when_the_store_is_down(monkeypatch):
    from ce_ui import room

    room.get_store.clear()
    monkeypatch.setenv("CE_ROOM_REDIS_URL", "redis://127.0.0.1:9/0")  # nothing listens there
    try:
        at = open_page(ANSWER, {"room": "7K3QM2XD"})
        assert not at.exception
        assert [e.value for e in at.error] == [translate("en", "room.problem_storage")]
        quiz = open_page("pages/1_playground.py", {"quiz": "1"})
        assert not quiz.exception
    finally:
        room.get_store.clear()


@pytest.mark.parametrize("lang", ["vi", "ru", "zh"])
def test_the_projector_side_is_translated(lang):
    at = open_page("pages/1_playground.py", {"quiz": "1", "lang": lang})
    opener = next(b for b in at.button if b.label == translate(lang, "room.open_choices"))
    opener.click().run()
    assert not at.exception
    readable = everything_readable(at)
    assert translate(lang, "room.count_label") in readable
    left = sorted(p for p in english_phrases(lang) if p in readable)
    assert not left, left[:5]


def test_the_student_is_the_xsrf_token_not_its_masking():
    from ce_ui.room import cookie_token

    token = bytes(range(16))
    masks = (b"\x01\x02\x03\x04", b"\xff\x00\xaa\x55")
    cookies = [
        f"2|{mask.hex()}|{bytes(b ^ mask[i % 4] for i, b in enumerate(token)).hex()}|1700000000"
        for mask in masks
    ]
    assert cookies[0] != cookies[1]
    assert cookie_token(cookies[0]) == cookie_token(cookies[1]) == token
    assert cookie_token(None) is None and cookie_token("2|zz|yy|1") is None


def test_the_answer_page_is_registered_but_not_a_lesson_in_the_navigation():
    from ce_ui.frame import ANSWER_PAGE, PAGES
    from tests.live_server import ROOT

    assert (ROOT / ANSWER_PAGE.path).exists() and ANSWER_PAGE not in PAGES
    at = open_page("app.py")
    labels = [link.proto.label for link in at.get("page_link")]
    assert translate("en", "nav.answer") not in labels
