"""Load: N concurrent sessions on one ``streamlit run app.py`` server, a lecture hall at once.

For each N (10, 50, 100 by default) a fresh server is started on a free loopback port. One
warm-up session opens the page first (imports, caches) and finds the widget to move: the first
slider of the main area, else the first number input. Then N sessions connect at once over
Streamlit's own websocket protocol (see ``_streamlit_ws.py``), each opening the page, and for
``--duration`` seconds every session moves that widget every ``--interval`` seconds, alternating
between its value and the next step, each session at its own random phase. A rerun's latency
runs from sending the ``rerun_script`` message to receiving the final ``script_finished``.

Printed per N: rerun latency p50 / p95 / max, number of reruns, errors (exception elements on the
page, disconnects, timeouts, page not found; goal: none), server memory per session (resident
memory with the N sessions open minus before them, divided by N), and the server's CPU time
per rerun. Figures only: nothing here asserts a timing.

    python -m benchmarks.load_test                  # N = 10, 50, 100; 60 s each
    python -m benchmarks.load_test --quick          # N = 5 for 10 s, while developing
    python -m benchmarks.load_test --sessions 10 50 100 --duration 20 \\
        --page "/playground?y=0&p=0.1,0.5,0.1,0.1,0.2"
    python -m benchmarks.load_test --sessions 100 --pages all   # spread over every page

With ``--pages`` the sessions are spread round-robin over the pages given (``all``: every page of
the lesson), each moving its own page's widget, picked by a warm-up session per page.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import random
import statistics
import sys
import time
from dataclasses import dataclass, field

from benchmarks._streamlit_ws import (  # noqa: E402
    BENCHMARK_SERVER_ARGS,
    RerunTimeout,
    Run,
    Session,
    SessionClosed,
    Widget,
    cpu_seconds,
    pick_numeric_widget,
    rss_bytes,
    widget_state,
)
from tests.live_server import Server, log_tail, streamlit_server  # noqa: E402

DEFAULT_PAGE = "/playground?y=0&p=0.1,0.5,0.1,0.1,0.2"
ALL_PAGES = (
    DEFAULT_PAGE,
    "/curves",
    "/multilabel",
    "/focal",
    "/gradients",
    "/entropy",
    "/training",
    "/language",
)
"""``--pages all``: every page of the lesson, each at its defaults but the Playground."""
MB = 1024 * 1024


@dataclass
class Errors:
    exceptions: int = 0
    disconnects: int = 0
    timeouts: int = 0
    not_found: int = 0
    other: int = 0
    examples: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.exceptions + self.disconnects + self.timeouts + self.not_found + self.other

    def note(self, text: str) -> None:
        if len(self.examples) < 5 and text not in self.examples:
            self.examples.append(text)

    def count_run(self, run: Run) -> None:
        if run.exceptions:
            self.exceptions += 1
            self.note(run.exceptions[0][:300])
        if run.page_not_found:
            self.not_found += 1
            self.note("page not found")

    def count_failure(self, error: Exception) -> None:
        if isinstance(error, RerunTimeout):
            self.timeouts += 1
        elif isinstance(error, SessionClosed | OSError):
            self.disconnects += 1
        else:
            self.other += 1
        self.note(f"{type(error).__name__}: {error}")

    def summary(self) -> str:
        if not self.total:
            return "0"
        parts = [
            f"{count} {name}"
            for name, count in (
                ("exc", self.exceptions),
                ("disc", self.disconnects),
                ("timeout", self.timeouts),
                ("404", self.not_found),
                ("other", self.other),
            )
            if count
        ]
        return f"{self.total} ({', '.join(parts)})"


@dataclass
class Level:
    sessions: int
    opened: int = 0
    first_loads: list[float] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    skipped_ticks: int = 0
    errors: Errors = field(default_factory=Errors)
    rss_before: int = 0
    rss_open: int = 0
    rss_peak: int = 0
    cpu_window: float = 0.0
    window: float = 0.0


@dataclass(frozen=True)
class Target:
    """A page the sessions open, and the widget its warm-up picked to move (None: plain reruns)."""

    path: str
    widget: Widget | None = None
    values: tuple = ()


@dataclass(frozen=True)
class Plan:
    targets: tuple[str, ...]
    duration: float
    interval: float
    load_timeout: float
    rerun_timeout: float
    seed: int


def quantile(values: list[float], q: float) -> float:
    if not values:
        return math.nan
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]


# --------------------------------------------------------------------------------------------


async def warm_up(server: Server, target: str, timeout: float) -> tuple[Widget | None, tuple]:
    """Open the page once (imports, caches), check it runs cleanly, and pick the widget."""
    async with Session(server.url, target) as session:
        run = await session.rerun(timeout=timeout)
        if run.page_not_found:
            raise SystemExit(f"{target}: the server answered 'page not found'")
        if run.exceptions:
            print(f"warning: {target} shows an exception (counted as errors): {run.exceptions[0]}")
        picked = pick_numeric_widget(run.widgets)
        if picked is None:
            return None, ()
        widget, values = picked
        published = session.query_string
        for value in (values[1], values[0]):
            await session.rerun(
                [widget_state(widget, value)], fragment_id=widget.fragment_id, timeout=timeout
            )
            if value == values[1] and session.query_string == published:
                print(f"warning: moving {widget.kind} {widget.label!r} left the URL unchanged")
        return widget, values


class Window:
    """When the changes start and stop: once the last of the N sessions has opened."""

    def __init__(self, sessions: int, duration: float) -> None:
        self.sessions = sessions
        self.duration = duration
        self.ready = 0
        self.start = math.inf
        self.end = math.inf
        self.opened = asyncio.Event()

    def session_ready(self) -> None:
        self.ready += 1
        if self.ready == self.sessions:
            self.start = time.perf_counter()
            self.end = self.start + self.duration
            self.opened.set()


async def drive_session(
    server: Server, plan: Plan, target: Target, level: Level, window: Window, phase: float
) -> None:
    """Open one session, then move the widget every interval until the window closes."""
    widget, values = target.widget, target.values
    session = Session(server.url, target.path)
    try:
        started = time.perf_counter()
        await session.open(timeout=plan.load_timeout)
        run = await session.rerun(timeout=plan.load_timeout)
        level.first_loads.append(time.perf_counter() - started)
        level.errors.count_run(run)
        level.opened += 1
    except Exception as error:  # noqa: BLE001 - every failure is a counted error
        level.errors.count_failure(error)
        await session.close()
        return
    finally:
        window.session_ready()
    await window.opened.wait()

    next_tick = window.start + phase
    change = 0
    try:
        while next_tick < window.end:
            await asyncio.sleep(max(0.0, next_tick - time.perf_counter()))
            change += 1
            states = [] if widget is None else [widget_state(widget, values[change % 2])]
            run = await session.rerun(
                states, fragment_id=widget.fragment_id if widget else "", timeout=plan.rerun_timeout
            )
            level.latencies.append(run.seconds)
            level.errors.count_run(run)
            next_tick += plan.interval
            now = time.perf_counter()
            if next_tick < now:  # the rerun outlasted the interval: skip the missed ticks
                missed = math.ceil((now - next_tick) / plan.interval)
                level.skipped_ticks += missed
                next_tick += missed * plan.interval
    except Exception as error:  # noqa: BLE001
        level.errors.count_failure(error)
    finally:
        # Stay connected until the memory reading just after the window closes.
        await asyncio.sleep(max(0.0, window.end + 1.0 - time.perf_counter()))
        await session.close()


async def sample_memory(pid: int, level: Level, window: Window) -> None:
    """Track the peak, and read the memory half a second after the window, sessions open."""
    while time.perf_counter() < window.end + 0.5:
        level.rss_peak = max(level.rss_peak, rss_bytes(pid))
        await asyncio.sleep(0.5)
    level.rss_open = rss_bytes(pid)
    level.rss_peak = max(level.rss_peak, level.rss_open)


async def run_level(server: Server, plan: Plan, sessions: int, targets: list[Target]) -> Level:
    level = Level(sessions=sessions)
    await asyncio.sleep(1.0)
    level.rss_before = rss_bytes(server.pid)
    window = Window(sessions, plan.duration)
    rng = random.Random(plan.seed + sessions)
    tasks = [
        asyncio.create_task(
            drive_session(
                server,
                plan,
                targets[number % len(targets)],
                level,
                window,
                rng.uniform(0, plan.interval),
            )  # fmt: skip
        )
        for number in range(sessions)
    ]
    await window.opened.wait()
    cpu_start = cpu_seconds(server.pid)
    sampler = asyncio.create_task(sample_memory(server.pid, level, window))
    try:
        async with asyncio.timeout(plan.duration + 2 * plan.rerun_timeout + 30):
            await asyncio.gather(*tasks)
    except TimeoutError:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        level.errors.other += 1
        level.errors.note("the level did not finish in time; sessions were cancelled")
    level.window = time.perf_counter() - window.start
    level.cpu_window = cpu_seconds(server.pid) - cpu_start
    sampler.cancel()
    await asyncio.gather(sampler, return_exceptions=True)
    if not level.rss_open:
        level.rss_open = rss_bytes(server.pid)
    return level


# --------------------------------------------------------------------------------------------


def describe(widget: Widget | None, values: tuple) -> str:
    if widget is None:
        return "no slider or number input on the page: plain reruns (unchanged widgets)"
    where = f" in fragment {widget.fragment_id}" if widget.fragment_id else ""
    return f'{widget.kind} "{widget.label}"{where}, alternating {values[0]:g} <-> {values[1]:g}'


def print_table(plan: Plan, levels: list[Level], targets: list[Target], server_args) -> None:
    print()
    spread = f", sessions spread round-robin over {len(targets)} pages" if len(targets) > 1 else ""
    print(f"Load test: {', '.join(plan.targets)}{spread}")
    print(f"  each session changes one value every {plan.interval:g} s for {plan.duration:g} s")
    for target in targets:
        print(f"  {target.path}: {describe(target.widget, target.values)}")
    print(f"  server: streamlit run app.py {' '.join([*BENCHMARK_SERVER_ARGS, *server_args])}")
    header = (
        f"{'N':>4} {'open':>4} {'reruns':>6} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} "
        f"{'load p50/p95 ms':>16} {'errors':>16} {'RSS before':>10} {'RSS open':>9} {'peak':>7} "
        f"{'MB/session':>10} {'CPU %':>6} {'CPU ms/rerun':>12}"
    )
    print(header)
    print("-" * len(header))
    for level in levels:
        ms = [1000 * s for s in level.latencies]
        loads = [1000 * s for s in level.first_loads]
        per_session = (
            (level.rss_open - level.rss_before) / MB / level.opened if level.opened else math.nan
        )
        cpu_share = 100 * level.cpu_window / level.window if level.window else math.nan
        cpu_per_rerun = 1000 * level.cpu_window / len(ms) if ms else math.nan
        load_text = f"{quantile(loads, 0.5):.0f}/{quantile(loads, 0.95):.0f}"
        print(
            f"{level.sessions:>4} {level.opened:>4} {len(ms):>6} {quantile(ms, 0.5):>7.0f} "
            f"{quantile(ms, 0.95):>7.0f} {max(ms, default=math.nan):>7.0f} {load_text:>16} "
            f"{level.errors.summary():>16} {level.rss_before / MB:>8.0f}MB "
            f"{level.rss_open / MB:>7.0f}MB {level.rss_peak / MB:>5.0f}MB {per_session:>10.2f} "
            f"{cpu_share:>6.0f} {cpu_per_rerun:>12.1f}"
        )
    print()
    print(
        "  open: sessions whose first page load succeeded; reruns: widget changes completed "
        "in the window;"
    )
    print(
        "  p50/p95/max: send rerun_script -> final script_finished; load: connect -> first "
        "script_finished,"
    )
    print("  all N sessions opening at once; errors: exception elements on the page (exc),")
    print(
        f"  disconnects (disc), timeouts (first load over {plan.load_timeout:g} s, rerun over "
        f"{plan.rerun_timeout:g} s), page not found;"
    )
    print(
        "  MB/session: (RSS with N sessions open - RSS before them) / N; peak: highest RSS "
        "seen;\n  CPU %: server CPU time / window (one core = 100 %)."
    )
    for level in levels:
        if level.skipped_ticks:
            print(
                f"  N={level.sessions}: {level.skipped_ticks} changes skipped because a rerun "
                f"outlasted the {plan.interval:g} s interval (the server could not keep up)"
            )
        for example in level.errors.examples:
            print(f"  N={level.sessions} error: {example}")
    total_errors = sum(level.errors.total for level in levels)
    verdict = "met" if total_errors == 0 else "NOT met"
    print(f"  goal: no errors -> {verdict} ({total_errors} errors in all levels)")
    measured = [level for level in levels if level.latencies and level.cpu_window]
    if measured:
        lightest = min(measured, key=lambda level: level.sessions)
        per_rerun = lightest.cpu_window / len(lightest.latencies)
        print(
            f"  at N={lightest.sessions}: {per_rerun * 1000:.0f} ms of server CPU per rerun, so "
            f"one core serves about {plan.interval / per_rerun:.0f} sessions each changing a value "
            f"every {plan.interval:g} s (CPU-bound estimate from the smallest N; Streamlit runs "
            "every session's script in one process, under one GIL)"
        )


async def main_async(args: argparse.Namespace) -> int:
    plan = Plan(
        targets=tuple(args.pages),
        duration=args.duration,
        interval=args.interval,
        load_timeout=args.load_timeout,
        rerun_timeout=args.rerun_timeout,
        seed=args.seed,
    )
    levels: list[Level] = []
    targets: list[Target] = []
    for sessions in args.sessions:
        print(f"N={sessions}: starting a server ...", flush=True)
        server_args = (*BENCHMARK_SERVER_ARGS, *args.server_arg)
        with streamlit_server(*server_args, port=args.port) as server:
            try:
                targets = [
                    Target(path, *await warm_up(server, path, plan.rerun_timeout))
                    for path in plan.targets
                ]
                print(f"N={sessions}: warm-up done; running ...", flush=True)
                levels.append(await run_level(server, plan, sessions, targets))
            except (RerunTimeout, SessionClosed, OSError) as error:
                print(f"N={sessions}: failed: {error}\nserver log:\n{log_tail(server.log_path)}")
                return 2
        last = levels[-1]
        print(
            f"N={sessions}: {len(last.latencies)} reruns, {last.errors.total} errors",
            flush=True,
        )
    print_table(plan, levels, targets, args.server_arg)
    return 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sessions", type=int, nargs="+", default=[10, 50, 100], help="N values (10 50 100)"
    )
    parser.add_argument("--duration", type=float, default=60, help="seconds of changes per N (60)")
    parser.add_argument(
        "--interval", type=float, default=2, help="seconds between changes per session (2)"
    )
    parser.add_argument(
        "--page", default=DEFAULT_PAGE, help=f"URL path and query to open ({DEFAULT_PAGE})"
    )
    parser.add_argument(
        "--pages",
        nargs="+",
        help="spread the sessions round-robin over these paths instead ('all': every page)",
    )
    parser.add_argument("--port", type=int, help="the server's port (default: a free one)")
    parser.add_argument(
        "--rerun-timeout", type=float, default=30, help="seconds before a rerun counts as timed out"
    )
    parser.add_argument(
        "--load-timeout",
        type=float,
        default=120,
        help="seconds before a first page load counts as timed out (120)",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the sessions' phases")
    parser.add_argument(
        "--server-arg",
        action="append",
        default=[],
        help="extra option for streamlit run (repeatable), e.g. --server-arg=--logger.level=info",
    )
    parser.add_argument("--quick", action="store_true", help="N=5 for 10 s (development)")
    args = parser.parse_args(argv)
    if args.quick:
        args.sessions, args.duration = [5], 10.0
    if args.pages == ["all"]:
        args.pages = list(ALL_PAGES)
    args.pages = args.pages or [args.page]
    if not all(page.startswith("/") for page in args.pages):
        parser.error("--page and --pages must start with '/', e.g. /playground?y=0")
    if min(args.sessions) < 1 or args.duration <= 0 or args.interval <= 0:
        parser.error("--sessions, --duration and --interval must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        return asyncio.run(main_async(args))
    except KeyboardInterrupt:
        print("interrupted; the server was stopped")
        return 130


if __name__ == "__main__":
    sys.exit(main())
