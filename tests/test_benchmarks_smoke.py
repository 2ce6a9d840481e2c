"""Smoke tests of the load benchmarks' websocket client and the memory benchmark against a real
server (no timings)."""

import asyncio
import socket
from concurrent.futures import ThreadPoolExecutor

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.Slider_pb2 import Slider

from tests.live_server import streamlit_server

pytest.importorskip("websockets", reason="the benchmarks' websocket client needs websockets")

from benchmarks import _streamlit_ws as ws  # noqa: E402
from benchmarks import memory_sessions  # noqa: E402


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


def test_memory_benchmark_connects_sessions_and_reads_memory_after_they_are_gone(capsys):
    arguments = ["--sessions", "7", "--wave", "7", "--cycles", "2", "--ttl", "1"]
    # In a thread of its own: a browser test's Playwright may hold this thread's event loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(memory_sessions.main, arguments).result(timeout=600) == 0
    out = capsys.readouterr().out
    assert "cycle 1: 7 sessions open" in out
    assert "cycle 2: 7 sessions open" in out
    assert "errors: 0" in out
    assert "x warm idle ->" in out


def test_interaction_benchmark_changes_a_widget_and_prints_a_row(capsys):
    from benchmarks import bench_interactions

    with ThreadPoolExecutor(max_workers=1) as pool:  # Playwright may hold this thread's loop
        code = pool.submit(bench_interactions.main, ["--quick", "--port", "8772"]).result(600)
    out = capsys.readouterr().out
    assert code == 0, out
    rows = [line for line in out.splitlines() if line.startswith("/curves ")]
    assert len(rows) == 1, out
    cpu_median, cpu_p90, _ticks, wall, kilobytes = map(float, rows[0].split()[1:6])
    assert 0 < cpu_median <= cpu_p90 and wall > 0 and kilobytes > 0
    assert "slider 'Predicted probability of class 1, p'" in rows[0]
