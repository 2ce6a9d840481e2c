"""Server CPU per interaction, page by page: what one widget change costs the server.

One ``streamlit run app.py`` (port ``--port``, 8771 by default). For each page one session opens
it over Streamlit's websocket protocol (``_streamlit_ws.Session``), picks the widget the load
test moves (the first slider of the main area, else the first number input) and changes it
``--interactions`` times, alternating between its value and the next step, one change at a time
on an otherwise idle server. Two warm-up changes come first, so that every cache has seen both
values: the figures are the steady state of a class moving a slider back and forth, as in
``load_test.py``.

For each change the server's CPU time is read before sending the ``rerun_script`` and again once
the final ``script_finished`` has arrived and the server has gone quiet (``--settle``, 50 ms),
from the process's CPU clock (nanoseconds, every thread counted, also the script thread Streamlit
starts for each rerun and ends after it; ``/proc/<pid>/task/*/schedstat`` loses an ended thread,
and the ``utime + stime`` of ``/proc/<pid>/stat`` counts in 10 ms clock ticks, too coarse for one
rerun). The whole page's ``utime + stime`` delta divided by the number of changes is printed
beside it as a cross-check (it also counts the quiet time between changes). Also printed: the
bytes the server sent per rerun and the wall time of a rerun. Figures only: nothing here asserts
a timing.

    python -m benchmarks.bench_interactions                  # every page, 30 changes each
    python -m benchmarks.bench_interactions --pages /curves /focal --interactions 50
    python -m benchmarks.bench_interactions --quick          # /curves, 2 changes
"""

from __future__ import annotations

import argparse
import asyncio
import math
import statistics
import sys
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from benchmarks._streamlit_ws import (
    BENCHMARK_SERVER_ARGS,
    Session,
    Widget,
    cpu_seconds,
    pick_numeric_widget,
    widget_state,
)
from benchmarks.load_test import ALL_PAGES, quantile
from tests.live_server import log_tail, streamlit_server

WARM_UP_CHANGES = 2


def process_cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process and all its threads, ended ones included, in
    nanosecond resolution: its POSIX CPU clock (Linux encodes another process's clock id as
    ``(~pid << 3) | CPUCLOCK_SCHED``, what ``clock_getcpuclockid`` returns)."""
    return time.clock_gettime_ns(((~pid) << 3) | 2) / 1e9


@dataclass
class Row:
    target: str
    widget: str = ""
    cpu: list[float] = field(default_factory=list)
    """Server CPU seconds per change (the process's CPU clock)."""
    ticks_cpu: float = math.nan
    """``utime + stime`` over all changes divided by their number."""
    wall: list[float] = field(default_factory=list)
    sent: list[int] = field(default_factory=list)
    """Bytes the server sent for each change's rerun."""
    errors: list[str] = field(default_factory=list)


def describe(widget: Widget, values: tuple[float, float]) -> str:
    where = " (fragment)" if widget.fragment_id else ""
    return f"{widget.kind} {widget.label!r}{where} {values[0]:g}<->{values[1]:g}"


async def measure_page(
    url: str, pid: int, target: str, changes: int, settle: float, timeout: float
) -> Row:
    """Open ``target``, pick its widget and change it ``changes`` times, one at a time."""
    row = Row(target)
    async with Session(url, target) as session:
        first = await session.rerun(timeout=timeout)
        if not first.ok:
            row.errors.append(f"first run: {first.exceptions[:1] or first.status}")
            return row
        picked = pick_numeric_widget(first.widgets)
        if picked is None:
            row.errors.append("no slider or number input to move")
            return row
        widget, values = picked
        row.widget = describe(widget, values)
        ticks_start = 0.0
        for change in range(WARM_UP_CHANGES + changes):
            if change == WARM_UP_CHANGES:
                ticks_start = cpu_seconds(pid)
            await asyncio.sleep(settle)
            before = process_cpu_seconds(pid)
            run = await session.rerun(
                [widget_state(widget, values[(change + 1) % 2])],
                fragment_id=widget.fragment_id,
                timeout=timeout,
            )
            await asyncio.sleep(settle)  # what the server still does after script_finished
            spent = process_cpu_seconds(pid) - before
            if not run.ok:
                row.errors.append(f"change {change}: {run.exceptions[:1] or run.status}")
            if change >= WARM_UP_CHANGES:
                row.cpu.append(spent)
                row.wall.append(run.seconds)
                row.sent.append(run.bytes_received)
        row.ticks_cpu = (cpu_seconds(pid) - ticks_start) / changes
    return row


def print_table(rows: list[Row], changes: int) -> None:
    print()
    print(f"Server CPU per interaction: one session per page, {changes} changes each")
    header = (
        f"{'page':<12} {'CPU ms p50':>10} {'p90':>6} {'ticks ms':>8} {'wall ms p50':>11} "
        f"{'KB/rerun':>8}  widget"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        name = urlsplit(row.target).path
        if not row.cpu:
            print(f"{name:<12} {'—':>10} {'':>6} {'':>8} {'':>11} {'':>8}  {row.widget}")
        else:
            cpu = [1000 * s for s in row.cpu]
            print(
                f"{name:<12} {statistics.median(cpu):>10.1f} {quantile(cpu, 0.9):>6.1f} "
                f"{1000 * row.ticks_cpu:>8.1f} {1000 * statistics.median(row.wall):>11.1f} "
                f"{statistics.median(row.sent) / 1024:>8.1f}  {row.widget}"
            )
        for error in row.errors[:3]:
            print(f"  {name} error: {error}")
    print()
    print("  CPU: the server's CPU clock from sending rerun_script to script_finished plus the")
    print("  settle time (median, p90); ticks: utime + stime over all changes / changes;")
    print("  wall: rerun_script -> script_finished; KB/rerun: bytes the server sent (median).")


async def main_async(args: argparse.Namespace) -> int:
    rows = []
    server_args = [*BENCHMARK_SERVER_ARGS, *args.server_arg]
    with streamlit_server(*server_args, port=args.port) as server:
        for target in args.pages:
            print(f"{target}: measuring ...", flush=True)
            try:
                rows.append(
                    await measure_page(
                        server.url, server.pid, target, args.interactions, args.settle,
                        args.timeout,
                    )
                )  # fmt: skip
            except Exception as error:  # noqa: BLE001 - reported with the server's log
                print(f"{target}: failed: {error}\nserver log:\n{log_tail(server.log_path)}")
                return 2
    print_table(rows, args.interactions)
    return 1 if any(row.errors for row in rows) else 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8771, help="the server's port (8771)")
    parser.add_argument("--pages", nargs="+", default=list(ALL_PAGES), help="paths to open (all)")
    parser.add_argument("--interactions", type=int, default=30, help="changes per page (30)")
    parser.add_argument(
        "--settle", type=float, default=0.05, help="seconds of quiet around each change (0.05)"
    )
    parser.add_argument("--timeout", type=float, default=120, help="seconds for one rerun (120)")
    parser.add_argument(
        "--server-arg", action="append", default=[], help="extra option for streamlit run"
    )
    parser.add_argument("--quick", action="store_true", help="/curves, 2 changes (smoke test)")
    args = parser.parse_args(argv)
    if args.quick:
        args.pages, args.interactions = ["/curves"], 2
    if args.interactions < 1:
        parser.error("--interactions must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    code = asyncio.run(main_async(args))
    print(f"  ({time.perf_counter() - started:.0f} s in all)")
    return code


if __name__ == "__main__":
    sys.exit(main())
