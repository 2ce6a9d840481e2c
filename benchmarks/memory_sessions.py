"""Memory: what an open session costs, and whether 1,000 sessions come and go without a trace.

One ``streamlit run app.py`` on a free loopback port. First every page is opened once and left
(imports, caches, a chart of each page in the replay cache); once Streamlit has dropped those
sessions, the server's resident memory is the **idle** figure. Then ``--sessions`` sessions
connect in waves of ``--wave``, spread over every page, each running its page and changing one
value (as a student does), and stay connected: resident memory with all of them open, minus
idle, divided by their number, is the **memory per open session**. Then all disconnect; after
Streamlit's ``server.disconnectedSessionTTL`` (set short here, ``--ttl``; 120 s by default)
the sessions are gone (see :func:`leave`) and memory is read again: goal, within 10 % of idle.
The same cycle runs ``--cycles`` times, so a slow leak shows as a rising line.

Two idle figures are reported. CPython keeps memory it has freed in its own pools (a pool is
returned to the system only when every object in it is gone), so after the first crowd the
server's resident memory stays near its high-water mark even though every session is gone
(Streamlit's metrics say ``active_sessions 0``, and the session-state cache is empty; calling
glibc's ``malloc_trim`` changes nothing). That plateau is the **warm idle** figure, after the
first cycle; a leak shows as each later cycle ending above it. The goal is judged against warm
idle from cycle 2 on, and the ratio to the cold idle figure is printed beside it.

    python -m benchmarks.memory_sessions                     # 1,000 sessions, 3 cycles
    python -m benchmarks.memory_sessions --quick             # 50 sessions, 2 cycles

Figures only; nothing asserts.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time

from benchmarks._streamlit_ws import (
    BENCHMARK_SERVER_ARGS,
    Session,
    pick_numeric_widget,
    rss_bytes,
    widget_state,
)
from benchmarks.cluster_load import PAGES
from benchmarks.load_test import Errors
from tests.live_server import streamlit_server

MB = 1024 * 1024
GOAL = 1.10
"""After the sessions are gone, resident memory within 10 % of idle."""


async def visit(base_url: str, target: str, timeout: float, errors: Errors) -> Session | None:
    """Open a session on ``target``, run it, change one value; return it still connected."""
    session = Session(base_url, target)
    try:
        await session.open(timeout=timeout)
        run = await session.rerun(timeout=timeout)
        errors.count_run(run)
        picked = pick_numeric_widget(run.widgets)
        if picked is not None:
            widget, values = picked
            run = await session.rerun([widget_state(widget, values[1])], timeout=timeout)
            errors.count_run(run)
        return session
    except Exception as error:  # noqa: BLE001 - every failure is a counted error
        errors.count_failure(error)
        await session.close()
        return None


async def settle(pid: int, seconds: float) -> int:
    """Wait, then read resident memory (the lowest of a few readings a second apart)."""
    await asyncio.sleep(seconds)
    readings = []
    for _ in range(3):
        readings.append(rss_bytes(pid))
        await asyncio.sleep(1)
    return min(readings)


async def leave(base_url: str, pid: int, args: argparse.Namespace, errors: Errors) -> int:
    """Memory once the disconnected sessions are dropped.

    Streamlit keeps a disconnected session for ``disconnectedSessionTTL`` seconds (so a phone
    that slept can resume it) in a TTL cache that drops expired entries lazily, when a session is
    next saved: after the TTL, one more visitor comes and goes, as on any live server.
    """
    await asyncio.sleep(args.ttl + 2)
    session = await visit(base_url, PAGES[0], args.timeout, errors)
    if session is not None:
        await session.close()
    return await settle(pid, 3)


async def main_async(args: argparse.Namespace) -> int:
    server_args = [
        *BENCHMARK_SERVER_ARGS,
        "--server.disconnectedSessionTTL",
        str(args.ttl),
        *args.server_arg,
    ]
    with streamlit_server(*server_args) as server:
        errors = Errors()
        for target in PAGES:
            session = await visit(server.url, target, args.timeout, errors)
            if session is not None:
                await session.close()
        idle = await leave(server.url, server.pid, args, errors)
        print(f"idle (every page visited once, sessions gone): {idle / MB:.0f} MB", flush=True)
        rows = []
        for cycle in range(1, args.cycles + 1):
            sessions: list[Session] = []
            started = time.perf_counter()
            for first in range(0, args.sessions, args.wave):
                wave = [
                    visit(server.url, PAGES[index % len(PAGES)], args.timeout, errors)
                    for index in range(first, min(first + args.wave, args.sessions))
                ]
                sessions += [session for session in await asyncio.gather(*wave) if session]
            opened = await settle(server.pid, 1)
            print(
                f"cycle {cycle}: {len(sessions)} sessions open after "
                f"{time.perf_counter() - started:.0f} s: {opened / MB:.0f} MB",
                flush=True,
            )
            await asyncio.gather(*(session.close() for session in sessions))
            gone = await leave(server.url, server.pid, args, errors)
            print(f"cycle {cycle}: all gone: {gone / MB:.0f} MB", flush=True)
            rows.append((cycle, len(sessions), opened, gone))

    print()
    print(f"Memory: {args.sessions} sessions over {len(PAGES)} pages, waves of {args.wave}")
    warm = rows[0][3]
    print(f"  cold idle: {idle / MB:.0f} MB (server.disconnectedSessionTTL = {args.ttl} s)")
    print(
        f"  warm idle: {warm / MB:.0f} MB (after cycle 1: CPython's pools at their high-water mark)"
    )
    print(
        f"{'cycle':>5} {'open':>5} {'RSS open':>9} {'MB/session':>10} {'RSS gone':>9} "
        f"{'gone/cold':>9} {'gone/warm':>9}"
    )
    for cycle, count, opened, gone in rows:
        per_session = (opened - idle) / MB / count if count else float("nan")
        print(
            f"{cycle:>5} {count:>5} {opened / MB:>7.0f}MB {per_session:>10.2f} "
            f"{gone / MB:>7.0f}MB {gone / idle:>9.2f} {gone / warm:>9.2f}"
        )
    print(f"  errors: {errors.summary()}")
    for example in errors.examples:
        print(f"  error: {example}")
    if len(rows) < 2:
        print("  goal: needs --cycles 2 or more (judged against warm idle)")
        return 0
    worst = max(gone / warm for *_, gone in rows[1:])
    verdict = "met" if worst <= GOAL else "NOT met"
    print(
        f"  goal: memory after cycles 2-{len(rows)} <= {GOAL:.2f} x warm idle -> {verdict} "
        f"({worst:.2f})"
    )
    return 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=1000, help="sessions per cycle (1000)")
    parser.add_argument("--wave", type=int, default=50, help="sessions connecting at once (50)")
    parser.add_argument("--cycles", type=int, default=3, help="connect-and-leave cycles (3)")
    parser.add_argument("--ttl", type=int, default=10, help="disconnectedSessionTTL, s (10)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds per run (120)")
    parser.add_argument(
        "--server-arg", action="append", default=[], help="extra option for streamlit run"
    )
    parser.add_argument("--quick", action="store_true", help="50 sessions, 2 cycles")
    args = parser.parse_args(argv)
    if args.quick:
        args.sessions, args.cycles = 50, 2
    if min(args.sessions, args.wave, args.cycles, args.ttl) < 1:
        parser.error("--sessions, --wave, --cycles and --ttl must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    return asyncio.run(main_async(parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
