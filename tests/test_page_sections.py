"""The parts of pages that rerun alone (``ce_ui.frame.section``), against a real server: a change
of one of their widgets reruns only that part, and the query string still follows it, with the
keys the page leaves out of its links left out."""

import asyncio
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.live_server import streamlit_server

pytest.importorskip("websockets", reason="the websocket client needs websockets")

from benchmarks import _streamlit_ws as ws  # noqa: E402

PORT = 8772


async def _change(url: str, target: str, label: str, value) -> tuple[ws.Widget, ws.Run, dict]:
    """Open ``target``, set the main-area widget labelled ``label`` to ``value``."""
    async with ws.Session(url, target) as session:
        first = await session.rerun(timeout=120)
        assert first.ok, first.exceptions
        widget = next(w for w in first.widgets if w.label == label and not w.in_sidebar)
        run = await session.rerun(
            [ws.widget_state(widget, value)], fragment_id=widget.fragment_id, timeout=120
        )
        return widget, run, parse_qs(session.query_string)


def _changes(url: str) -> dict[str, tuple]:
    cases = {
        "entropy": ("/entropy", "Number of outcomes n", 9),
        "descent": ("/gradients", "Steps taken", 3),
        "scenario": ("/multilabel", "Number of classes C", 1001),
        "curves": ("/curves?p=0.9&y=1&eps=0.01", "Clipping ε (0 = off)", 0.0),
    }

    async def run_all():
        return {
            name: await _change(url, target, label, value)
            for name, (target, label, value) in cases.items()
        }

    # In a thread of its own: after the browser tests, Playwright's event loop runs in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, run_all()).result()


@pytest.fixture(scope="module")
def changes():
    with streamlit_server(*ws.BENCHMARK_SERVER_ARGS, port=PORT) as server:
        return _changes(server.url)


@pytest.mark.parametrize(
    ("name", "key", "expected"),
    [("entropy", "n", "9"), ("descent", "steps", "3"), ("scenario", "classes", "1001")],
)
def test_a_part_reruns_alone_and_its_value_reaches_the_link(changes, name, key, expected):
    widget, run, query = changes[name]
    assert widget.fragment_id, f"{widget.label} is not inside a part of its own"
    assert run.ok, run.exceptions
    assert run.status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
    assert query[key] == [expected]
    assert query["lang"] == ["en"]  # the shared settings stay in the link


def test_a_part_leaves_out_of_the_link_what_the_page_leaves_out(changes):
    # Curves' link carries ε only while clipping is on: set it to 0 inside the part.
    widget, run, query = changes["curves"]
    assert widget.fragment_id and run.ok, run.exceptions
    assert run.status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
    assert "eps" not in query
    assert query["p"] == ["0.9"] and query["y"] == ["1"]
