"""Ask the room under load: N students answer one quiz question within a few seconds, through a
real ``streamlit run`` and its websocket protocol, while the projector's live histogram polls.

What it does, all over Streamlit's own websocket protocol (``_streamlit_ws.Session``, no browser):

1. the projector opens ``/playground?quiz=1&...`` and presses "Ask the room" on the loss question;
   the room's short link is read from the page;
2. N students open ``/answer?room=CODE`` (all at once) and each, at a random moment within the
   answer window (10 s by default), types a guess and presses the form's submit button; as a
   phone does, each also reruns the page's watcher fragment at the interval the server asked for;
3. the projector reruns its histogram fragment at the interval the server asked for (1 s), as the
   browser does for ``st.fragment(run_every=1)``, and reads the answer count from it.

Printed: answers sent (submits that came back with "your answer"), answers stored (read from the
store itself afterwards) and lost (sent − stored; goal 0), what the projector counted last, the
catch-up time (last answer acknowledged → first projector poll showing every answer; goal about a
second), submit latency p50/p95/max, first-load p50/p95, errors, and server CPU. Figures only.

    python -m benchmarks.room_load                      # 300 students, 10 s, SQLite
    python -m benchmarks.room_load --quick              # 30 students, while developing
    python -m benchmarks.room_load --redis              # the Redis backend (redis-server)
    python -m benchmarks.room_load --redis --replicas 2 # students spread over two servers
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import os
import random
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field

from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402

from benchmarks._streamlit_ws import (  # noqa: E402
    BENCHMARK_SERVER_ARGS,
    Session,
    Widget,
    cpu_seconds,
    widget_state,
)
from ce_ui import room_store as rs  # noqa: E402
from ce_ui.i18n import translate  # noqa: E402
from tests.live_server import free_port, streamlit_server  # noqa: E402

PROJECTOR_PAGE = "/playground?quiz=1&y=0&p=0.1,0.5,0.1,0.1,0.2"
LINK = re.compile(r"/answer\?room=([0-9A-Z]{8})")
COUNT_LABEL = translate("en", "room.count_label")
OPEN_LABEL = translate("en", "room.open_typed")
ANSWERED = "Your answer:"


class RoomSession(Session):
    """A :class:`Session` that also keeps buttons, metric values, texts and the fragments the
    server asked to rerun on a timer (``auto_rerun``), as a browser would."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.auto_reruns: dict[str, float] = {}
        self.metrics: dict[str, str] = {}
        self.texts: list[str] = []

    async def rerun(self, *args, **kwargs):
        self.texts = []
        return await super().rerun(*args, **kwargs)

    def _resolve(self, message):
        message = super()._resolve(message)
        if message.WhichOneof("type") == "auto_rerun":
            self.auto_reruns[message.auto_rerun.fragment_id] = message.auto_rerun.interval
        return message

    def _read_element(self, message, run, widgets) -> None:
        super()._read_element(message, run, widgets)
        element = message.delta.new_element
        kind = element.WhichOneof("type")
        if kind == "button":
            path = message.metadata.delta_path
            button = Widget("button", element.button, message.delta.fragment_id, path[0] == 1)
            widgets[button.id] = button
        elif kind == "metric":
            self.metrics[element.metric.label] = element.metric.body
        elif kind == "markdown":
            self.texts.append(element.markdown.body)
        elif kind == "code":
            self.texts.append(element.code.code_text)


def press(button: Widget) -> WidgetState:
    return WidgetState(id=button.id, trigger_value=True)


@dataclass
class Results:
    students: int
    opened: int = 0
    sent: int = 0
    acknowledged_at: list[float] = field(default_factory=list)
    submit_seconds: list[float] = field(default_factory=list)
    load_seconds: list[float] = field(default_factory=list)
    watch_runs: int = 0
    errors: list[str] = field(default_factory=list)
    polls: list[tuple[float, int]] = field(default_factory=list)
    """(time the projector's poll finished, count it showed)."""
    stored: int = -1
    cpu: float = 0.0
    window: float = 0.0


def quantile(values: list[float], q: float) -> float:
    if not values:
        return math.nan
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]


async def open_the_room(url: str) -> tuple[RoomSession, str, str]:
    projector = RoomSession(url, PROJECTOR_PAGE)
    await projector.open()
    run = await projector.rerun(timeout=120)
    opener = next(w for w in run.widgets if w.kind == "button" and w.label == OPEN_LABEL)
    run = await projector.rerun([press(opener)], timeout=60)
    found = [LINK.search(text) for text in projector.texts]
    code = next(match.group(1) for match in found if match)
    live = [fid for fid, interval in projector.auto_reruns.items() if interval]
    if not live or not run.ok:
        raise SystemExit(f"the projector did not show a live histogram: {run.exceptions}")
    return projector, code, live[-1]


async def student(
    url: str, code: str, n: int, start: asyncio.Event, begin: list[float], args, results: Results
) -> None:
    session = RoomSession(url, f"/answer?room={code}")
    rng = random.Random(args.seed * 100_003 + n)
    try:
        started = time.perf_counter()
        await session.open(timeout=args.load_timeout)
        run = await session.rerun(timeout=args.load_timeout)
        results.load_seconds.append(time.perf_counter() - started)
        number = next((w for w in run.widgets if w.kind == "number_input"), None)
        submit = next(
            (w for w in run.widgets if w.kind == "button" and w.proto.is_form_submitter), None
        )
        if number is None or submit is None:
            shown = "; ".join(text[:80] for text in session.texts[:3])
            raise RuntimeError(
                f"no answer form (not found: {run.page_not_found}, status {run.status}, "
                f"exceptions {run.exceptions[:1]}, texts: {shown})"
            )
        results.opened += 1
    except Exception as error:  # noqa: BLE001 - every failure is counted
        results.errors.append(f"student {n} open: {type(error).__name__}: {error}")
        await session.close()
        return
    await start.wait()
    answer_at = begin[0] + rng.uniform(0, args.window)
    watch = {fid: interval for fid, interval in session.auto_reruns.items() if interval}
    next_watch = {fid: begin[0] + rng.uniform(0, interval) for fid, interval in watch.items()}
    end = begin[0] + args.window + args.tail
    answered = False
    try:
        while True:
            upcoming = [(at, fid) for fid, at in next_watch.items()]
            if not answered:
                upcoming.append((answer_at, None))
            at, fid = min(upcoming, default=(end, None))
            if at >= end:
                break
            await asyncio.sleep(max(0.0, at - time.perf_counter()))
            if fid is None:
                guess = round(rng.gauss(2.3, 0.6), 2)
                sent = time.perf_counter()
                run = await session.rerun(
                    [widget_state(number, guess), press(submit)], timeout=args.rerun_timeout
                )
                results.submit_seconds.append(time.perf_counter() - sent)
                answered = True
                if run.ok and any(ANSWERED in text for text in session.texts):
                    results.sent += 1
                    results.acknowledged_at.append(time.perf_counter())
                else:
                    results.errors.append(f"student {n}: no acknowledgement {run.exceptions[:1]}")
            else:
                await session.rerun(fragment_id=fid, timeout=args.rerun_timeout)
                results.watch_runs += 1
                next_watch[fid] += watch[fid]
    except Exception as error:  # noqa: BLE001
        results.errors.append(f"student {n}: {type(error).__name__}: {error}")
    finally:
        await session.close()


async def poll(projector: RoomSession, fragment: str, stop: asyncio.Event, results: Results):
    interval = projector.auto_reruns.get(fragment) or 1.0
    next_at = time.perf_counter()
    while not stop.is_set():
        await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
        await projector.rerun(fragment_id=fragment, timeout=60)
        count = int(projector.metrics.get(COUNT_LABEL, "-1").replace("\u202f", ""))
        results.polls.append((time.perf_counter(), count))
        next_at += interval


async def run(urls: list[str], pids: list[int], args) -> tuple[Results, str]:
    projector, code, fragment = await open_the_room(urls[0])
    results = Results(students=args.students)
    start, begin = asyncio.Event(), [0.0]
    tasks = [
        asyncio.create_task(student(urls[n % len(urls)], code, n, start, begin, args, results))
        for n in range(args.students)
    ]
    deadline = time.perf_counter() + args.load_timeout + 30
    while results.opened + len(results.errors) < args.students and time.perf_counter() < deadline:
        await asyncio.sleep(0.2)
    print(f"{results.opened} students on the answer page; answering for {args.window:g} s ...")
    stop = asyncio.Event()
    poller = asyncio.create_task(poll(projector, fragment, stop, results))
    cpu_start = sum(cpu_seconds(pid) for pid in pids)
    begin[0] = time.perf_counter()
    start.set()
    await asyncio.gather(*tasks)
    stop.set()
    await poller
    results.window = time.perf_counter() - begin[0]
    results.cpu = sum(cpu_seconds(pid) for pid in pids) - cpu_start
    await projector.close()
    return results, code


def stored_answers(code: str) -> int:
    """Read the store directly (the server's own configuration, from the environment)."""
    store = rs.store_from_environment()
    try:
        room = store.room(code)
        return -1 if room is None else len(store._answers(room.code, room.question.id))
    finally:
        store.close_store()


@contextlib.contextmanager
def redis_server():
    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("--redis needs redis-server (apt-get install redis-server)")
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="room-redis-") as directory:
        process = subprocess.Popen(
            [
                binary,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--dir",
                directory,
                "--save",
                "",
                "--appendonly",
                "no",
            ],  # fmt: skip
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            time.sleep(0.5)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            process.terminate()
            process.wait(timeout=10)


def report(results: Results, args, backend: str) -> None:
    last_ack = max(results.acknowledged_at, default=math.nan)
    caught = next(
        (at for at, count in results.polls if count >= results.sent and at >= last_ack - 5),
        math.nan,
    )
    shown = results.polls[-1][1] if results.polls else -1
    lost = results.sent - results.stored
    ms = [1000 * s for s in results.submit_seconds]
    loads = [1000 * s for s in results.load_seconds]
    print()
    print(f"Room load: {args.students} students, answers within {args.window:g} s, {backend}")
    print(f"  server: streamlit run app.py {' '.join(BENCHMARK_SERVER_ARGS)} x {args.replicas}")
    print(f"  students on the answer page:  {results.opened}")
    print(f"  answers sent (acknowledged):  {results.sent}")
    print(f"  answers stored:               {results.stored}")
    print(f"  lost (sent - stored):         {lost}   goal 0 -> {'met' if lost == 0 else 'NOT met'}")
    print(f"  projector's last count:       {shown}")
    print(
        f"  catch-up (last answer acknowledged -> projector shows all): "
        f"{caught - last_ack:.2f} s  (polls every 1 s; goal about a second)"
    )
    print(
        f"  submit latency p50/p95/max:   {quantile(ms, 0.5):.0f} / {quantile(ms, 0.95):.0f} / "
        f"{max(ms, default=math.nan):.0f} ms"
    )
    print(
        f"  first load p50/p95:           {quantile(loads, 0.5):.0f} / "
        f"{quantile(loads, 0.95):.0f} ms"
    )
    print(f"  phones' watcher reruns:       {results.watch_runs}")
    print(
        f"  server CPU during the window: {results.cpu:.1f} s in {results.window:.1f} s "
        f"({100 * results.cpu / results.window:.0f} % of one core)"
    )
    print(f"  errors: {len(results.errors)}")
    for error in results.errors[:5]:
        print(f"    {error[:300]}")


async def main_async(args) -> int:
    with contextlib.ExitStack() as stack:
        if args.redis:
            os.environ["CE_ROOM_REDIS_URL"] = stack.enter_context(redis_server())
            backend = "Redis"
        else:
            os.environ.pop("CE_ROOM_REDIS_URL", None)
            data = stack.enter_context(tempfile.TemporaryDirectory(prefix="room-data-"))
            os.environ["CE_ROOM_DATA_DIR"] = data
            backend = "SQLite"
        servers = [
            stack.enter_context(streamlit_server(*BENCHMARK_SERVER_ARGS))
            for _ in range(args.replicas)
        ]
        print(f"{len(servers)} server(s) up; opening the room ...", flush=True)
        results, code = await run([s.url for s in servers], [s.pid for s in servers], args)
        results.stored = stored_answers(code)
    report(results, args, backend)
    return 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--window", type=float, default=10.0, help="seconds to answer in (10)")
    parser.add_argument("--tail", type=float, default=3.0, help="seconds kept open after (3)")
    parser.add_argument("--redis", action="store_true", help="use the Redis backend")
    parser.add_argument("--replicas", type=int, default=1, help="servers (more needs --redis)")
    parser.add_argument("--load-timeout", type=float, default=180.0)
    parser.add_argument("--rerun-timeout", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="30 students, 5 s window")
    args = parser.parse_args(argv)
    if args.quick:
        args.students, args.window = 30, 5.0
    if args.replicas > 1 and not args.redis:
        parser.error("several replicas share rooms only through Redis: add --redis")
    return args


def main(argv: list[str] | None = None) -> int:
    return asyncio.run(main_async(parse_args(argv)))


if __name__ == "__main__":
    raise SystemExit(main())
