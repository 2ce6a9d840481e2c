"""Smoke test of the load benchmark's websocket client against a real server (no timings)."""

import asyncio
import socket

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.Slider_pb2 import Slider

from tests.live_server import streamlit_server

pytest.importorskip("websockets", reason="the benchmarks' websocket client needs websockets")

from benchmarks import _streamlit_ws as ws  # noqa: E402


async def _open_and_change_a_radio(url: str):
    async with ws.Session(url, "/") as session:
        first = await session.rerun(timeout=60)
        radio = next(w for w in first.widgets if w.kind == "radio")
        current = ws.current_value(radio)
        other = next(option for option in radio.proto.options if option != current)
        published = session.query_string
        changed = await session.rerun([ws.widget_state(radio, other)], timeout=60)
        return first, changed, published, session.query_string, session.page_script_hash


def _loopback_problem() -> str:
    try:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
    except OSError as error:
        return f"cannot listen on 127.0.0.1 here: {error}"
    return ""


@pytest.mark.skipif(bool(_loopback_problem()), reason=_loopback_problem() or "loopback ok")
def test_session_opens_the_app_and_reruns_with_a_changed_widget():
    with streamlit_server() as server:
        first, changed, before, after, page_hash = asyncio.run(_open_and_change_a_radio(server.url))

    assert first.ok, first.exceptions
    assert page_hash, "the server never named the page that ran"
    assert any(w.in_sidebar for w in first.widgets) and first.bytes_received > 0
    assert changed.ok, changed.exceptions
    assert changed.status == ForwardMsg.FINISHED_SUCCESSFULLY
    # The page publishes its settings to the query string: the new value must show there.
    assert after != before, f"query string unchanged after the widget change: {after!r}"


def test_numeric_toggle_stays_in_range():
    slider = ws.Widget(
        kind="slider",
        proto=Slider(id="s", min=0.0, max=1.0, step=0.25, default=[1.0], data_type=Slider.FLOAT),
        fragment_id="",
        in_sidebar=False,
    )
    assert ws.numeric_toggle(slider) == (1.0, 0.75)
    state = ws.widget_state(slider, 0.75)
    assert list(state.double_array_value.data) == [0.75]
