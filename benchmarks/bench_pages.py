"""How much a page rerun costs, as a multiple of a bare Streamlit page's rerun.

Usage: python -m benchmarks.bench_pages [--runs N] [--only TEXT]

Everything runs in one process with Streamlit's AppTest. The yardstick is `bare_page.py` (one
slider, one metric, one 1,000-point Plotly line). Each case is a page and the query string it is
opened with, entered through app.py as a browser does (tests/conftest.open_page). After a few
warm-up runs, the bare page and the case are rerun in alternation, so that both see the same load
on the machine, and the table reports the median of each and their ratio against the goal: for
the wall-clock time a user waits, and for the CPU time of the process (the script runs in one of
its threads), which stays meaningful when other programs load the machine. Extend CASES to
measure more pages or states.

AppTest compiles every script again on every run; a Streamlit server compiles a script once and
keeps the bytecode until the file changes. So that the ratios measure what a user waits for, the
benchmark gives AppTest one shared script cache, as the server has.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from streamlit.runtime.scriptrunner.script_cache import ScriptCache  # noqa: E402
from streamlit.testing.v1 import AppTest, app_test  # noqa: E402

from tests.conftest import open_page  # noqa: E402

DEFAULT_GOAL = 4.0
"""A page at its defaults may cost this many bare reruns."""
LARGE_GOAL = 6.0
"""A page with a 100,000-class scenario may cost this many."""
WARM_UP = 3


@dataclass(frozen=True)
class Case:
    page: str
    query: dict[str, str] = field(default_factory=dict)
    goal: float = DEFAULT_GOAL

    @property
    def name(self) -> str:
        query = "&".join(f"{key}={value}" for key, value in self.query.items())
        return f"/{Path(self.page).stem.split('_', 1)[-1]}" + (f"?{query}" if query else "")


def default_cases() -> list[Case]:
    """Every page at its defaults, and the many-class pages at 100,000 classes."""
    pages = [Case("app.py")] + [
        Case(str(path.relative_to(ROOT))) for path in sorted((ROOT / "pages").glob("*.py"))
    ]
    large = {"classes": "100000", "positives": "5", "p_pos": "0.8", "p_neg": "0.01"}
    return pages + [
        Case("pages/3_multilabel.py", large, LARGE_GOAL),
        Case("pages/3_multilabel.py", {**large, "neg_dist": "beta"}, LARGE_GOAL),
        Case("pages/4_focal.py", large, LARGE_GOAL),
    ]


CASES = default_cases()


@dataclass
class Timings:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def add_run(self, app: AppTest) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        app.run()
        self.wall.append(time.perf_counter() - wall)
        self.cpu.append(time.process_time() - cpu)

    def medians(self) -> tuple[float, float]:
        return statistics.median(self.wall), statistics.median(self.cpu)


def measure(case: Case, bare: AppTest, runs: int) -> tuple[Timings, Timings]:
    """Timings of reruns of the bare page and of the case, taken in alternation."""
    app = open_page(case.page, case.query)
    if app.exception:
        raise RuntimeError(f"{case.name} raised: {app.exception[0].value}")
    for _ in range(WARM_UP):
        app.run()
    bare_timings, case_timings = Timings(), Timings()
    for _ in range(runs):
        bare_timings.add_run(bare)
        case_timings.add_run(app)
    return bare_timings, case_timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="timed reruns per case (default 20)")
    parser.add_argument("--only", default="", help="only the cases whose name contains TEXT")
    args = parser.parse_args()
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    shared_cache = ScriptCache()
    app_test.ScriptCache = lambda: shared_cache

    bare = AppTest.from_file(str(ROOT / "benchmarks" / "bare_page.py"), default_timeout=60)
    for _ in range(WARM_UP + 1):
        bare.run()

    print(
        f"median of {args.runs} reruns after {WARM_UP} warm-up runs, bare page and case in "
        "alternation; ratio = page / bare\n"
    )
    header = (
        f"{'case':<66} {'bare ms':>7} {'page ms':>7} {'ratio':>5}   {'bare cpu':>8} "
        f"{'page cpu':>8} {'ratio':>5}   {'goal':>4}  met (wall, cpu)"
    )
    print(header)
    print("-" * len(header))
    for case in (case for case in CASES if args.only in case.name):
        bare_timings, case_timings = measure(case, bare, args.runs)
        (bare_wall, bare_cpu), (case_wall, case_cpu) = (
            bare_timings.medians(),
            case_timings.medians(),
        )
        wall_ratio, cpu_ratio = case_wall / bare_wall, case_cpu / bare_cpu
        met = ", ".join("yes" if ratio <= case.goal else "NO" for ratio in (wall_ratio, cpu_ratio))
        wall = f"{bare_wall * 1e3:7.1f} {case_wall * 1e3:7.1f} {wall_ratio:5.2f}"
        cpu = f"{bare_cpu * 1e3:8.1f} {case_cpu * 1e3:8.1f} {cpu_ratio:5.2f}"
        print(f"{case.name:<66} {wall}   {cpu}   {case.goal:4.0f}  {met}", flush=True)


if __name__ == "__main__":
    main()
