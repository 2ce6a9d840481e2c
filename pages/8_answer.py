"""Answer view of a room poll (``/answer?room=CODE``): what a student's phone shows after scanning
the projector's QR code. One number per question, typed or picked from four choices; answering
again replaces it. The page follows the room: a new question or the reveal appears by itself."""

import streamlit as st

from ce_ui import room_store as rs
from ce_ui.format import sig
from ce_ui.frame import frame
from ce_ui.i18n import t
from ce_ui.room import store, student_id
from ce_ui.url_state import Field, quote_user_text

# How often the phone checks whether the room moved on (a new question, the reveal). Each check
# is a fragment rerun on the server: 300 phones at 3 s are 100 small reruns a second, which with
# answers arriving kept one server core 70 % busy (benchmarks/room_load.py). (Comments, not
# docstrings: Streamlit's magic would write a bare string onto the page.)
WATCH_SECONDS = 3


# The room code, as linked or typed; a code that cannot be one gets the page's own message.
ROOM = Field("room", "", str.strip)


def submit(code: str, student: str, question: rs.Question, widget: str) -> None:
    value = st.session_state.get(widget)
    if value is None:
        st.session_state["answer.problem"] = "empty"
        return
    try:
        store().answer(code, student, question.id, value)
    except rs.RoomError as error:
        st.session_state["answer.problem"] = error.reason


def show_choice(value: float, unit: str) -> str:
    return f"{sig(value)} {unit}".strip()


@st.fragment(run_every=WATCH_SECONDS)
def follow_the_room(code: str, seen: tuple) -> None:
    """Rerun the page when the room's question or reveal changes (or it closes)."""
    try:
        room = store().room(code)
    except rs.RoomError:
        return  # the store is unreachable for a moment: look again at the next tick
    now = None if room is None else (room.question.id if room.question else "", room.revealed)
    if now != seen:
        st.rerun(scope="app")


page = frame("answer")
page.bind([ROOM])
st.title(t("room.answer_title"))
typed = st.text_input(
    t("room.code_label"), key=page.key(ROOM), help=t("room.code_help"), max_chars=40
)
code = rs.normalise_code(typed)
student = student_id()
broken = False
try:
    room = store().room(code) if code else None
    mine = store().my_answer(room.code, student) if room and room.question else None
except rs.RoomError:
    room, mine, broken = None, None, True
    st.error(t("room.problem_storage"))

if broken:
    pass  # said above
elif typed and code is None:
    st.error(t("room.bad_code", code=quote_user_text(typed)))
elif code and room is None:
    st.error(t("room.no_room", code=code))
elif room is None:
    st.info(t("room.scan_first"))
elif room.question is None:
    st.info(t("room.waiting"))
    follow_the_room(room.code, ("", room.revealed))
else:
    question = room.question
    problem = st.session_state.pop("answer.problem", None)
    with st.container(border=True):
        st.markdown(question.prompt)
        if room.revealed:
            if room.truth is not None:
                st.success(t("room.revealed", value=show_choice(room.truth, question.unit)))
            else:
                st.info(t("room.revealed_no_number"))
        else:
            widget = f"answer.{question.id}"
            with st.form(f"form.{question.id}", border=False):
                if question.choices:
                    st.radio(
                        t("room.choose_label"),
                        question.choices,
                        index=question.choices.index(mine) if mine in question.choices else None,
                        format_func=lambda value: show_choice(value, question.unit),
                        key=widget,
                    )
                else:
                    st.number_input(
                        t("room.number_label", unit=question.unit)
                        if question.unit
                        else t("room.number_label_plain"),
                        min_value=-rs.ANSWER_LIMIT,
                        max_value=rs.ANSWER_LIMIT,
                        value=mine,
                        step=0.01,
                        format="%g",
                        placeholder=t("room.number_placeholder"),
                        key=widget,
                    )
                st.form_submit_button(
                    t("room.send" if mine is None else "room.send_again"),
                    type="primary",
                    width="stretch",
                    on_click=submit,
                    args=(room.code, student, question, widget),
                )
        if problem:
            st.error(t(f"room.answer_problem_{problem}"))
        if mine is not None:
            mine_text = show_choice(mine, question.unit)
            if room.revealed:
                st.markdown(t("room.your_answer_final", value=mine_text))
            else:
                st.markdown(t("room.your_answer", value=mine_text))
    follow_the_room(room.code, (question.id, room.revealed))

page.publish()
