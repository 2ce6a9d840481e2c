"""The draggable bars (ce_ui.components) on the Playground: how fast the live readout follows the
pointer, and how fast the exact numbers come back after release.

Headless Debian Chromium (``/usr/bin/chromium``, the launch arguments of ``tests/conftest.py``)
driven by Playwright against a ``streamlit run app.py`` this script starts on a loopback port.
Every figure is the difference of two timestamps taken inside the page (``performance.now()`` and
the events' own ``timeStamp``, one clock), with no Playwright round trip in it:

- **move → readout painted**: for every ``pointermove`` of a drag, from the event's timestamp to
  the ``requestAnimationFrame`` callback of the frame that paints it (the readout's text, already
  changed by the widget's own handler, is checked there), and to just after that frame (a task
  posted from the callback runs once the frame is painted). Goal: median ≤ 16.7 ms (one frame).
- **release → finished**: from the ``pointerup`` to the frame carrying the rerun's final
  ``script_finished`` (the websocket recorder of ``bench_browser.py``): the server's share.
- **release → exact numbers**: from the ``pointerup`` to the moment the rerun's data has replaced
  the preview (the readout's ``data-source`` turns ``exact``, seen by a MutationObserver), and to
  the frame after that. Goal: median ≤ 150 ms.

    python -m benchmarks.bench_touch                 # 7 drags in each prediction mode
    python -m benchmarks.bench_touch --drags 15 --steps 30

The same two figures for the curve handle (ce_ui.components.curve_handle) on the Curves page: the
point dragged sideways along −log p, its readout (``.ce-curve-readout``) timed the same way.
"""

from __future__ import annotations

import argparse
import statistics
import sys

from benchmarks._streamlit_ws import BENCHMARK_SERVER_ARGS  # noqa: E402
from benchmarks.bench_browser import INSTRUMENT_JS as WEBSOCKET_JS  # noqa: E402
from tests.conftest import wait_for_app  # noqa: E402
from tests.live_server import CHROMIUM, CHROMIUM_ARGS, streamlit_server  # noqa: E402

GOAL_MOVE_TO_PAINT_MS = 16.7
GOAL_RELEASE_TO_EXACT_MS = 150
PAGES = {
    "probabilities": "/playground?y=0&p=0.7,0.2,0.1",
    "logits": "/playground?y=0&z=2,1,0.1",
}

# Installed once the bars are on the page: listeners registered after the widget's own, so they
# run after its handler has repainted the readout.
INSTRUMENT_JS = """
(root) => {
  const readout = root.querySelector('.ce-readout');
  const bench = { moves: [], releases: [] };
  window.__touchBench = bench;
  for (const column of root.querySelectorAll('.ce-column')) {
    column.addEventListener('pointermove', (event) => {
      const text = readout.textContent;
      const record = { input: event.timeStamp, frame: null, painted: null, text };
      bench.moves.push(record);
      requestAnimationFrame(() => {
        record.frame = performance.now();
        record.changed = readout.textContent === text;  // what the frame paints is this text
        const channel = new MessageChannel();
        channel.port1.onmessage = () => { record.painted = performance.now(); };
        channel.port2.postMessage(null);
      });
    });
    column.addEventListener('pointerup', (event) => {
      bench.releases.push({ input: event.timeStamp, exact: null, painted: null });
    });
  }
  new MutationObserver(() => {
    const last = bench.releases.at(-1);
    if (last && last.exact === null && readout.dataset.source === 'exact') {
      last.exact = performance.now();
      requestAnimationFrame(() => { last.painted = performance.now(); });
    }
  }).observe(readout, { attributes: true, attributeFilter: ['data-source'] });
}
"""

CURVES_PAGE = "/curves?p=0.9&y=1"
# The curve handle's version of INSTRUMENT_JS: one plot receives the pointer, one readout.
CURVE_INSTRUMENT_JS = INSTRUMENT_JS.replace("'.ce-readout'", "'.ce-curve-readout'").replace(
    "'.ce-column'", "'.ce-curve-plot'"
)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1] if len(values) >= 2 else float("nan")


def drag(page, column_index: int, start: float, end: float, steps: int) -> None:
    column = page.locator(".ce-column").nth(column_index)
    box = column.bounding_box()
    x = box["x"] + box["width"] / 2
    page.mouse.move(x, box["y"] + box["height"] * start)
    page.mouse.down()
    page.mouse.move(x, box["y"] + box["height"] * end, steps=steps)
    page.mouse.up()


def measure(page, url: str, drags: int, steps: int, timeout: float) -> dict[str, list[float]]:
    page.goto(url)
    wait_for_app(page, timeout=timeout)
    root = page.locator(".ce-bars")
    root.scroll_into_view_if_needed()
    root.evaluate(INSTRUMENT_JS)
    for k in range(drags):
        start, end = (0.7, 0.3) if k % 2 == 0 else (0.3, 0.7)
        drag(page, 1 + k % 2, start, end, steps)
        page.wait_for_function(
            "(k) => { const r = window.__touchBench.releases[k]; return r && r.painted !== null; }",
            arg=k,
            timeout=timeout,
        )
        wait_for_app(page, timeout=timeout)
    bench = page.evaluate("() => window.__touchBench")
    finished = page.evaluate(
        "(releases) => releases.map((r) => { const b = window.__ceBench;"
        " const f = b.frames.find((f) => f.t >= r.input && b.FINAL.includes(f.status));"
        " return f ? f.t - r.input : null; })",
        bench["releases"],
    )
    moves = [m for m in bench["moves"] if m["painted"] is not None]
    return {
        "move_frame": [m["frame"] - m["input"] for m in moves],
        "move_painted": [m["painted"] - m["input"] for m in moves],
        "stale_frames": [0.0 for m in moves if not m["changed"]],
        "release_finished": [v for v in finished if v is not None],
        "release_exact": [r["exact"] - r["input"] for r in bench["releases"]],
        "release_painted": [r["painted"] - r["input"] for r in bench["releases"]],
    }


def drag_curve(page, start: float, end: float, steps: int) -> None:
    """Drag the curve handle's point sideways from ``start`` to ``end`` (fractions of the plot's
    width), along the curve."""
    box = page.locator(".ce-curve-plot").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * start, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * end, y, steps=steps)
    page.mouse.up()


def measure_curve(page, url: str, drags: int, steps: int, timeout: float) -> dict[str, list]:
    """:func:`measure` for the curve handle on the Curves page."""
    page.goto(url)
    wait_for_app(page, timeout=timeout)
    root = page.locator(".ce-curve")
    root.wait_for(timeout=timeout)
    root.evaluate(CURVE_INSTRUMENT_JS)
    for k in range(drags):
        start, end = (0.85, 0.25) if k % 2 == 0 else (0.25, 0.85)
        drag_curve(page, start, end, steps)
        page.wait_for_function(
            "(k) => { const r = window.__touchBench.releases[k]; return r && r.painted !== null; }",
            arg=k,
            timeout=timeout,
        )
        wait_for_app(page, timeout=timeout)
    bench = page.evaluate("() => window.__touchBench")
    finished = page.evaluate(
        "(releases) => releases.map((r) => { const b = window.__ceBench;"
        " const f = b.frames.find((f) => f.t >= r.input && b.FINAL.includes(f.status));"
        " return f ? f.t - r.input : null; })",
        bench["releases"],
    )
    moves = [m for m in bench["moves"] if m["painted"] is not None]
    return {
        "move_frame": [m["frame"] - m["input"] for m in moves],
        "move_painted": [m["painted"] - m["input"] for m in moves],
        "stale_frames": [0.0 for m in moves if not m["changed"]],
        "release_finished": [v for v in finished if v is not None],
        "release_exact": [r["exact"] - r["input"] for r in bench["releases"]],
        "release_painted": [r["painted"] - r["input"] for r in bench["releases"]],
    }


def run(args: argparse.Namespace) -> int:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        print(f"needs Debian's Chromium at {CHROMIUM}")
        return 2
    rows = []
    with (
        sync_playwright() as playwright,
        streamlit_server(*BENCHMARK_SERVER_ARGS) as server,
    ):
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.add_init_script(WEBSOCKET_JS)  # bench_browser's websocket recorder
        page.goto(server.url + PAGES["probabilities"])  # warm the server's imports
        wait_for_app(page, timeout=args.timeout * 1000)
        for mode, path in PAGES.items():
            figures = measure(page, server.url + path, args.drags, args.steps, args.timeout * 1000)
            rows.append((mode, figures))
        curve_url = server.url + CURVES_PAGE
        figures = measure_curve(page, curve_url, args.drags, args.steps, args.timeout * 1000)
        rows.append(("curves handle", figures))
        browser.close()
    print(
        f"Touch bars on the Playground ({args.drags} drags of {args.steps} moves per mode);"
        " medians (p90) in ms"
    )
    print(
        f"{'mode':<14} {'moves':>5} {'move→frame':>14} {'move→painted':>14}"
        f" {'release→finished':>16} {'release→exact':>15} {'→painted':>14}"
    )
    for mode, f in rows:
        print(
            f"{mode:<14} {len(f['move_frame']):>5}"
            f" {median(f['move_frame']):>7.1f} ({p90(f['move_frame']):>5.1f})"
            f" {median(f['move_painted']):>7.1f} ({p90(f['move_painted']):>5.1f})"
            f" {median(f['release_finished']):>9.1f} ({p90(f['release_finished']):>5.1f})"
            f" {median(f['release_exact']):>8.1f} ({p90(f['release_exact']):>5.1f})"
            f" {median(f['release_painted']):>7.1f} ({p90(f['release_painted']):>5.1f})"
        )
        if f["stale_frames"]:
            print(f"  {len(f['stale_frames'])} frames painted a readout older than their move")
    moves = [v for _, f in rows for v in f["move_painted"]]
    releases = [v for _, f in rows for v in f["release_painted"]]
    print(
        f"goal move → painted ≤ {GOAL_MOVE_TO_PAINT_MS} ms: median {median(moves):.1f} ms"
        f" ({'met' if median(moves) <= GOAL_MOVE_TO_PAINT_MS else 'NOT met'});"
        f" goal release → exact ≤ {GOAL_RELEASE_TO_EXACT_MS} ms: median {median(releases):.1f} ms"
        f" ({'met' if median(releases) <= GOAL_RELEASE_TO_EXACT_MS else 'NOT met'})"
    )
    return 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--drags", type=int, default=7, help="drags per prediction mode (7)")
    parser.add_argument("--steps", type=int, default=20, help="pointer moves per drag (20)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds per wait (120)")
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(run(parse_args()))
