"""The direct-manipulation widgets (ce_ui.components) on every page that has one: how fast the
live readout follows the pointer, and how fast the exact numbers come back after release.

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

The bars are dragged up and down (two columns in turn), a curve handle's point sideways along its
curve; each widget is found by its container's key (:data:`WIDGETS`).

    python -m benchmarks.bench_touch                 # 7 drags on each widget
    python -m benchmarks.bench_touch --drags 15 --steps 30
    python -m benchmarks.bench_touch --only curves focal
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
WIDGETS = {  # name: (page, the widget's container, "bars" or "curve")
    "playground p": ("/playground?y=0&p=0.7,0.2,0.1", ".st-key-playground-bars", "bars"),
    "playground z": ("/playground?y=0&z=2,1,0.1", ".st-key-playground-bars", "bars"),
    "gradients": ("/gradients?y=0&z=2,1,0.1", ".st-key-gradients-bars", "bars"),
    "entropy p": ("/entropy?p=0.5,0.25,0.25&q=0.4,0.3,0.3", ".st-key-entropy-bars_p", "bars"),
    "multilabel": ("/multilabel", ".st-key-multilabel-bars", "bars"),
    "curves": ("/curves?p=0.9&y=1", ".st-key-curves-handle", "curve"),
    "focal": ("/focal?gamma=2&p=0.9", ".st-key-focal-handle", "curve"),
}
# Where each kind of widget takes the pointer, and its readout.
# (in the component's shadow root, which Playwright's locators enter and querySelector does not).
WIDGET_ROOTS = {"bars": ".ce-bars", "curve": ".ce-curve"}
TARGETS = {"bars": (".ce-column", ".ce-readout"), "curve": (".ce-curve-plot", ".ce-curve-readout")}

# Installed once the bars are on the page: listeners registered after the widget's own, so they
# run after its handler has repainted the readout.
INSTRUMENT_JS = """
([root, target, readoutSelector]) => {
  const readout = root.querySelector(readoutSelector);
  const bench = { moves: [], releases: [] };
  window.__touchBench = bench;
  for (const column of root.querySelectorAll(target)) {
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


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1] if len(values) >= 2 else float("nan")


def drag_bar(root, column_index: int, start: float, end: float, steps: int) -> None:
    """Drag a bar's top from ``start`` to ``end`` (fractions of the column's height)."""
    box = root.locator(".ce-column").nth(column_index).bounding_box()
    x = box["x"] + box["width"] / 2
    mouse = root.page.mouse
    mouse.move(x, box["y"] + box["height"] * start)
    mouse.down()
    mouse.move(x, box["y"] + box["height"] * end, steps=steps)
    mouse.up()


def drag_curve(root, start: float, end: float, steps: int) -> None:
    """Drag a curve handle's point sideways from ``start`` to ``end`` (fractions of the plot's
    width), along the curve."""
    box = root.locator(".ce-curve-plot").bounding_box()
    y = box["y"] + box["height"] / 2
    mouse = root.page.mouse
    mouse.move(box["x"] + box["width"] * start, y)
    mouse.down()
    mouse.move(box["x"] + box["width"] * end, y, steps=steps)
    mouse.up()


def measure(page, url: str, container: str, kind: str, drags: int, steps: int, timeout: float):
    """The figures of ``drags`` drags of the widget in ``container`` on the page at ``url``."""
    page.goto(url)
    wait_for_app(page, timeout=timeout)
    root = page.locator(container).locator(WIDGET_ROOTS[kind])
    root.locator(TARGETS[kind][0]).first.wait_for(timeout=timeout)
    root.scroll_into_view_if_needed()
    root.evaluate("(root, args) => (" + INSTRUMENT_JS + ")([root, ...args])", list(TARGETS[kind]))
    for k in range(drags):
        if kind == "bars":
            start, end = (0.7, 0.3) if k % 2 == 0 else (0.3, 0.7)
            drag_bar(root, 1 + k % 2, start, end, steps)
        else:
            drag_curve(root, *((0.85, 0.25) if k % 2 == 0 else (0.25, 0.85)), steps)
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
        for name in args.only:
            path, container, kind = WIDGETS[name]
            page.goto(server.url + path)  # warm the page: imports and first-draw caches
            wait_for_app(page, timeout=args.timeout * 1000)
            figures = measure(
                page, server.url + path, container, kind, args.drags, args.steps,
                args.timeout * 1000,
            )  # fmt: skip
            rows.append((name, figures))
        browser.close()
    print(
        f"Direct-manipulation widgets ({args.drags} drags of {args.steps} moves each);"
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
    parser.add_argument("--drags", type=int, default=7, help="drags per widget (7)")
    parser.add_argument(
        "--only", nargs="+", choices=list(WIDGETS), default=list(WIDGETS), help="widgets to drag"
    )
    parser.add_argument("--steps", type=int, default=20, help="pointer moves per drag (20)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds per wait (120)")
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(run(parse_args()))
