"""Ask the room, the projector's side: on a quiz question, open a room, show its code, short link
and QR code, the answers arriving as a live histogram, and after the reveal the true value on it
with how many answers were close.

:func:`host_panel` is what :meth:`ce_ui.frame.Frame.reveal` calls inside each quiz question's box.
The room belongs to the browser session that opened it: its host secret is kept in this session's
state (one entry, :data:`HOST_KEY`) and never appears in a link. One room serves a whole lecture:
the question whose box asked last is the room's current one, and phones follow it.
"""

from __future__ import annotations

import hashlib
import math
import os
import secrets
from collections.abc import Hashable
from urllib.parse import urlsplit

import streamlit as st

from ce_ui import chart_text
from ce_ui import room_store as rs
from ce_ui.figures import room as room_figures
from ce_ui.figures.style import PLOTLY_CONFIG
from ce_ui.format import sig, whole
from ce_ui.i18n import t
from ce_ui.share import LOCAL_ORIGIN, qr_png

HOST_KEY = "room.host"
"""Session state: ``{"code", "secret", "choices", "ask"}`` of the room this session opened:
whether it offers four choices, and which question box (``page.name``) asks the room now."""
REFRESH_SECONDS = 1
ANSWER_PATH = "answer"


@st.cache_resource(show_spinner=False)
def get_store() -> rs.RoomStore:
    """The server's room store: Redis when ``CE_ROOM_REDIS_URL`` (or secrets ``[room]
    redis_url``) is set, else SQLite in ``CE_ROOM_DATA_DIR`` (or ``[room] data_dir``, or
    ``.room-data/``)."""
    return rs.store_from_environment(_secrets_section())


def store() -> rs.RoomStore:
    """:func:`get_store`, with a backend that cannot be reached (Redis down, a data directory
    that cannot be written) reported as ``RoomError("storage")``."""
    try:
        return get_store()
    except rs.RoomError:
        raise
    except Exception as error:  # noqa: BLE001 - whatever the backend raised while connecting
        raise rs.RoomError("storage") from error


def _secrets_section() -> dict[str, str]:
    if os.environ.get("CE_ROOM_REDIS_URL") or os.environ.get("CE_ROOM_DATA_DIR"):
        return {}  # the environment wins: no need to look for a secrets file
    try:
        return dict(st.secrets.get("room", {}))
    except Exception:  # noqa: BLE001 - no secrets file, or an unreadable one: use the defaults
        return {}


STUDENT_KEY = "room.student"
XSRF_COOKIE = "_streamlit_xsrf"


def cookie_token(value: str | None) -> bytes | None:
    """The token inside Streamlit's XSRF cookie. The server sends the cookie again with every
    page, masked afresh (``2|mask|masked token|timestamp``, the token XOR-ed with a repeating
    4-byte mask), so only the unmasked token stays the same from one page load to the next."""
    if not value:
        return None
    value = value.strip("\"'")
    parts = value.split("|")
    if len(parts) == 4 and parts[0] == "2":
        try:
            mask, masked = bytes.fromhex(parts[1]), bytes.fromhex(parts[2])
        except ValueError:
            return None
        if len(mask) != 4 or not masked:
            return None
        return bytes(byte ^ mask[i % 4] for i, byte in enumerate(masked))
    return value.encode() if value else None


def student_id() -> str:
    """Who answers, as the store knows them: derived from the browser's XSRF cookie when it has
    one (so a reloaded page or a second tab on the same phone is the same student), else drawn
    once for this session. Never shown, never in a link."""
    token = cookie_token((st.context.cookies or {}).get(XSRF_COOKIE))
    if token:
        return "c" + hashlib.sha256(b"ce-room-student:" + token).hexdigest()[:40]
    student = st.session_state.get(STUDENT_KEY)
    if student is None:
        student = st.session_state[STUDENT_KEY] = "s" + secrets.token_hex(20)
    return student


def asks(page: str, name: str) -> bool:
    """Whether this session has a room open and the question ``page``/``name`` is asking it."""
    host = st.session_state.get(HOST_KEY)
    return bool(host) and host.get("ask") == f"{page}.{name}"


def answer_link(code: str) -> str:
    """The short link a phone opens: this server's ``/answer?room=CODE``, and nothing else."""
    parts = urlsplit(st.context.url or LOCAL_ORIGIN)
    origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else LOCAL_ORIGIN
    return f"{origin}/{ANSWER_PATH}?room={code}"


def question_id(page: str, name: str, inputs: Hashable) -> str:
    """An id that changes when the question's inputs do (the answers then start afresh)."""
    digest = hashlib.sha256(repr(inputs).encode()).hexdigest()[:12]
    return f"{page}.{name}.{digest}"


def close_band(truth: float) -> tuple[float, float]:
    """The answers counted as close to ``truth`` (see :data:`ce_ui.room_store.CLOSE_FRACTION`)."""
    if truth == 0:
        return (-rs.CLOSE_AT_ZERO, rs.CLOSE_AT_ZERO)
    spread = rs.CLOSE_FRACTION * abs(truth)
    return (truth - spread, truth + spread)


def _open_room(choices: bool, ask: str) -> None:
    try:
        code, secret = store().open_room()
    except rs.RoomError as error:
        st.session_state["room.problem"] = error.reason
        return
    st.session_state[HOST_KEY] = {"code": code, "secret": secret, "choices": choices, "ask": ask}


def _problem_text(reason: str) -> str:
    return t(f"room.problem_{reason}" if reason in PROBLEMS else "room.problem_storage")


def _host_action(action: str) -> None:
    host = st.session_state.get(HOST_KEY)
    if not host:
        return
    try:
        if action == "reset":
            store().reset(host["code"], host["secret"])
        elif action == "close":
            store().close(host["code"], host["secret"])
            del st.session_state[HOST_KEY]
        elif action.startswith("ask:"):
            st.session_state[HOST_KEY] = {**host, "ask": action.removeprefix("ask:")}
    except rs.RoomError as error:
        st.session_state["room.problem"] = error.reason


def host_panel(
    page: str,
    name: str,
    prompt: str,
    *,
    inputs: Hashable,
    revealed: bool,
    truth: float | None,
    base: float,
    unit: str,
    presenter: bool = False,
) -> None:
    """The room controls of one quiz question (call inside its box)."""
    problem = st.session_state.pop("room.problem", None)
    if problem:
        st.error(_problem_text(problem))
    truth = truth if truth is not None and math.isfinite(truth) else None
    host = st.session_state.get(HOST_KEY)
    try:
        room = store().room(host["code"]) if host else None
    except rs.RoomError as error:
        st.error(_problem_text(error.reason))
        return
    if host and room is None:
        del st.session_state[HOST_KEY]
        st.warning(t("room.expired_host"))
        host = None
    key = f"{page}.{name}"
    if room is None:
        columns = st.columns(2 if truth is not None else 1)
        columns[0].button(
            t("room.open_typed"), key=f"room.open.{key}", icon=":material/groups:",
            on_click=_open_room, args=(False, key), width="stretch",
        )  # fmt: skip
        if truth is not None:
            columns[1].button(
                t("room.open_choices"), key=f"room.open_choices.{key}", icon=":material/checklist:",
                on_click=_open_room, args=(True, key), width="stretch",
            )  # fmt: skip
        return

    if host.get("ask") != key:
        st.button(
            t("room.ask_here", code=room.code), key=f"room.ask.{key}", icon=":material/campaign:",
            on_click=_host_action, args=(f"ask:{key}",),
        )  # fmt: skip
        return
    choices = rs.choices_for(truth, base=base) if host["choices"] and truth is not None else ()
    question = rs.Question(question_id(page, name, inputs), prompt, unit, choices)
    try:
        store().ask(room.code, host["secret"], question)
        if revealed and not room.revealed:
            store().reveal(room.code, host["secret"], truth)
    except rs.RoomError as error:
        st.error(_problem_text(error.reason))
        return

    link = answer_link(room.code)
    invite, live = st.columns([1, 1.4], gap="large")
    with invite:
        st.markdown(t("room.invite", code=room.code))
        st.code(link, language=None, wrap_lines=True)
        st.image(qr_png(link), caption=t("room.qr_caption"), width="stretch")
        st.button(
            t("room.reset"), key=f"room.reset.{key}", on_click=_host_action, args=("reset",),
            icon=":material/restart_alt:", width="stretch",
        )  # fmt: skip
        st.button(
            t("room.close"), key=f"room.close.{key}", on_click=_host_action, args=("close",),
            icon=":material/close:", width="stretch",
        )  # fmt: skip
    with live:
        run_every = None if revealed else REFRESH_SECONDS
        st.fragment(run_every=run_every)(_live_histogram)(
            room.code, host["secret"], choices, truth if revealed else None, revealed, unit,
            presenter,
        )  # fmt: skip


PROBLEMS = frozenset({"no_room", "not_host", "rate_limited", "bad_question", "storage"})


def _live_histogram(
    code: str,
    secret: str,
    choices: tuple[float, ...],
    truth: float | None,
    revealed: bool,
    unit: str,
    presenter: bool,
) -> None:
    """The answers so far: count, histogram, and after the reveal how many were close. Runs as a
    fragment every second until the reveal, so only this part of the page is redrawn."""
    try:
        summary = store().summary(code, secret, truth)
    except rs.RoomError as error:
        st.warning(_problem_text(error.reason))
        return
    bins = rs.histogram(summary.values, choices=choices, truth=truth)
    st.metric(t("room.count_label"), whole(summary.count))
    figure = room_figures.answers_histogram(
        bins.lefts,
        bins.rights,
        bins.counts,
        truth=truth,
        band=None if truth is None else close_band(truth),
        title=t("room.chart_title", count=summary.count),
        x_title=t("room.chart_x", unit=unit) if unit else t("room.chart_x_plain"),
        y_title=t("room.chart_y"),
        truth_label=t("room.chart_truth", value=sig(truth)) if truth is not None else "",
    )
    if presenter:
        from ce_ui.frame import PRESENTER_SCALE, enlarge

        enlarge(figure, PRESENTER_SCALE)
    st.plotly_chart(figure, config=PLOTLY_CONFIG, key=f"room.chart.{code}")
    st.html(chart_text.hidden_text(chart_text.describe(figure)))
    if revealed and truth is not None:
        st.markdown(
            t(
                "room.close_count",
                count=summary.close or 0,
                total=whole(summary.count),
                percent=whole(100 * rs.CLOSE_FRACTION),
                value=sig(truth),
            )
        )
    elif revealed:
        st.caption(t("room.no_single_answer"))
    else:
        st.caption(t("room.live_caption"))
