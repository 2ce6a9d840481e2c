"""Smoke test of benchmarks/room_load.py against a real server: a few students answer, none is
lost (no timings)."""

from concurrent.futures import ThreadPoolExecutor

import pytest

pytest.importorskip("websockets", reason="the benchmark's websocket client needs websockets")

from benchmarks import room_load  # noqa: E402


def test_a_few_students_answer_through_the_websocket_and_none_is_lost(monkeypatch, capsys):
    # The benchmark points the server at a fresh data directory; keep the environment as it was.
    monkeypatch.setenv("CE_ROOM_DATA_DIR", "unused")
    monkeypatch.delenv("CE_ROOM_REDIS_URL", raising=False)
    # In a thread of its own: a browser test's Playwright may hold this thread's event loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        status = pool.submit(room_load.main, ["--students", "4", "--window", "1", "--tail", "1"])
        assert status.result(timeout=300) == 0
    out = capsys.readouterr().out
    assert "answers sent (acknowledged):  4" in out
    assert "answers stored:               4" in out
    assert "projector's last count:       4" in out
    assert "errors: 0" in out
