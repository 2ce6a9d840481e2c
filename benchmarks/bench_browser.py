"""The browser: cold start, slider key press to finished rerun, and bytes per rerun, per page.

Headless Debian Chromium (``/usr/bin/chromium``, the launch arguments of ``tests/conftest.py``)
driven by Playwright against a ``streamlit run app.py`` this script starts on a loopback port.

How it measures: an init script, installed before any page script runs, wraps the page's
``WebSocket``. For Streamlit's stream (``/_stcore/stream``) it records, with the page's own clock
(``performance.now()``), every frame received (its size, and the ``script_finished`` status when
the frame is one: a tiny walk over the protobuf's top-level fields), every message sent (marking
``rerun_script`` ones), and every ``keydown``/``pointerdown`` (capture phase, before the slider's
handler). One figure per key press is then exact to the page's clock, with no Playwright
round trip in it:

- key -> rerun sent: the frontend's own delay before it asks for a rerun;
- key -> script finished: until the frame carrying the final ``script_finished`` arrives (the
  goal: median <= 250 ms);
- key -> painted (approximate): two animation frames after that, when the browser has painted
  at least once more;
- bytes per rerun: the sizes of every frame received from the rerun request up to and including
  ``script_finished`` (goal <= 150 KB). Streamlit's websocket compression is off by default
  (``server.enableWebsocketCompression``), so these are the bytes on the wire.

(a) Cold: the browser starts first, then the server; the first request the server gets is the
deep link, in a fresh browser profile. Reported: navigation -> ``script_finished``, and
navigation -> rendered (every rerun answered, no skeleton left, every Plotly chart drawn, and
the expected number visible in the main area); then the same for a second visit in a new tab.
(b, c) For each page, in a new tab: focus the first slider thumb of the main area and press
ArrowRight / ArrowLeft alternately, waiting for the app to be idle in between. A page without
a slider is driven by clicks on the step buttons of its first number input (up, down, ...), or
failing that on the sidebar's units radio; the table says which.

    python -m benchmarks.bench_browser               # every page, 7 presses each
    python -m benchmarks.bench_browser --quick       # 3 presses each
    python -m benchmarks.bench_browser --page "/curves?p=0.9&y=1" --presses 11
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from benchmarks._streamlit_ws import BENCHMARK_SERVER_ARGS, FINAL_STATUSES  # noqa: E402
from tests.live_server import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    Server,
    log_tail,
    streamlit_server,
)

VIEWPORT = {"width": 1400, "height": 900}

GOAL_KEY_TO_FINISHED_MS = 250
GOAL_BYTES_PER_RERUN = 150_000

COLD_PAGE = "/multilabel?classes=1000&positives=2&p_pos=0.8&p_neg=0.1"
COLD_EXPECT = "0.4463"  # the number for this link

# The URL-contract examples of each page, plus the 100,000-class scenarios.
EXAMPLES = {
    "home": [""],
    "playground": ["?y=0&p=0.1,0.5,0.1,0.1,0.2"],
    "curves": ["?p=0.9&y=1"],
    "multilabel": [
        "?classes=1000&positives=2&p_pos=0.8&p_neg=0.1",
        "?classes=100000&positives=2&p_pos=0.8&p_neg=0.1",
    ],
    "focal": [
        "?gamma=2&p=0.9",
        "?gamma=2&p=0.9&classes=100000&positives=2&p_pos=0.8&p_neg=0.1",
    ],
    "gradients": ["?y=0&p=0.1,0.5,0.1,0.1,0.2"],
    "entropy": ["?text=jteikfqa"],
    "training": [""],
}

_INSTRUMENT_TEMPLATE = """
(() => {
  const SCRIPT_FINISHED = $SCRIPT_FINISHED, RERUN_SCRIPT = $RERUN_SCRIPT;
  const FINAL = $FINAL;
  const bench = { frames: [], sends: [], inputs: [], FINAL };
  window.__ceBench = bench;
  // True when the last rerun request has been answered by a final script_finished.
  bench.idle = () => {
    const last = bench.sends.filter((s) => s.rerun).at(-1);
    return !!last && bench.frames.some((f) => f.t >= last.t && FINAL.includes(f.status));
  };
  // The top-level fields of a protobuf message: field number -> varint value (or null).
  const topFields = (bytes) => {
    const fields = new Map();
    let i = 0;
    const varint = () => {
      let value = 0, scale = 1, byte;
      do { byte = bytes[i++]; value += (byte & 0x7f) * scale; scale *= 128; }
      while (byte & 0x80 && i < bytes.length);
      return value;
    };
    while (i < bytes.length) {
      const key = varint(), number = Math.floor(key / 8), wire = key % 8;
      if (wire === 0) fields.set(number, varint());
      else if (wire === 2) { const length = varint(); fields.set(number, null); i += length; }
      else if (wire === 1) i += 8;
      else if (wire === 5) i += 4;
      else break;
    }
    return fields;
  };
  const isStream = (url) => String(url).includes('/_stcore/stream');
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      if (!isStream(args[0])) return;
      this.addEventListener('message', (event) => {
        const t = performance.now();
        const data = event.data;
        if (!(data instanceof ArrayBuffer)) {
          bench.frames.push({ t, bytes: data.size ?? data.length, status: -1, paint: null });
          return;
        }
        const fields = topFields(new Uint8Array(data));
        const status = fields.has(SCRIPT_FINISHED) ? fields.get(SCRIPT_FINISHED) : -1;
        const frame = { t, bytes: data.byteLength, status, paint: null };
        bench.frames.push(frame);
        if (FINAL.includes(status)) {
          const painted = () => { frame.paint = performance.now(); };
          requestAnimationFrame(() => requestAnimationFrame(painted));
        }
      });
    }
    send(data) {
      if (isStream(this.url)) {
        const bytes = data instanceof ArrayBuffer ? new Uint8Array(data)
          : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
        bench.sends.push({ t: performance.now(), rerun: topFields(bytes).has(RERUN_SCRIPT) });
      }
      return super.send(data);
    }
  };
  for (const type of ['keydown', 'pointerdown']) {
    window.addEventListener(type, () => bench.inputs.push(performance.now()), true);
  }
})();
"""


def _instrument_script() -> str:
    """The init script, with the protobuf field numbers of this Streamlit version filled in."""
    script = _INSTRUMENT_TEMPLATE
    for name, value in {
        "$SCRIPT_FINISHED": ForwardMsg.DESCRIPTOR.fields_by_name["script_finished"].number,
        "$RERUN_SCRIPT": BackMsg.DESCRIPTOR.fields_by_name["rerun_script"].number,
        "$FINAL": json.dumps(sorted(FINAL_STATUSES)),
    }.items():
        script = script.replace(name, str(value))
    return script


INSTRUMENT_JS = _instrument_script()

# Truthy (the page's clock) once the first run has finished and its result is on screen.
RENDERED_JS = """
(expect) => {
  const bench = window.__ceBench;
  if (!bench || !bench.idle()) return false;
  const main = document.querySelector('[data-testid="stMain"]');
  if (!main || document.querySelector('[data-testid="stSkeleton"]')) return false;
  for (const chart of main.querySelectorAll('[data-testid="stPlotlyChart"]')) {
    if (!chart.querySelector('.main-svg')) return false;
  }
  const text = main.innerText;
  if (expect ? !text.includes(expect) : !/[0-9]/.test(text)) return false;
  return performance.now();
}
"""

# The timings of the rerun caused by input number k, once it has finished and painted.
RESULT_JS = """
(k) => {
  const bench = window.__ceBench;
  const input = bench.inputs[k];
  if (input === undefined) return false;
  const send = bench.sends.find((s) => s.rerun && s.t >= input);
  if (!send) return false;
  const end = bench.frames.findIndex((f) => f.t >= send.t && bench.FINAL.includes(f.status));
  if (end < 0 || bench.frames[end].paint === null) return false;
  let bytes = 0;
  for (const f of bench.frames.slice(0, end + 1)) if (f.t >= send.t) bytes += f.bytes;
  const reruns = bench.sends.filter((s) => s.rerun && s.t >= input && s.t <= bench.frames[end].t);
  return { input, send: send.t, finished: bench.frames[end].t, paint: bench.frames[end].paint,
           bytes, reruns: reruns.length };
}
"""


# --------------------------------------------------------------------------------------------


@dataclass
class Cold:
    target: str
    expect: str
    server_ready_s: float = float("nan")
    finished_ms: float = float("nan")
    rendered_ms: float = float("nan")
    warm_finished_ms: float = float("nan")
    warm_rendered_ms: float = float("nan")
    exceptions: int = 0
    problem: str = ""


@dataclass
class PageResult:
    target: str
    trigger: str = ""
    to_send: list[float] = field(default_factory=list)
    to_finished: list[float] = field(default_factory=list)
    to_paint: list[float] = field(default_factory=list)
    bytes: list[int] = field(default_factory=list)
    extra_reruns: int = 0
    missed: int = 0
    exceptions: int = 0
    problem: str = ""


def default_targets() -> list[str]:
    """Every page of the app (from ``ce_ui.frame.PAGES``) at its URL-contract examples."""
    try:
        from ce_ui.frame import PAGES

        pages = [(info.id, info.path) for info in PAGES]
    except Exception:  # noqa: BLE001 - fall back on the files when the frame cannot import
        pages = [("home", "app.py")] + [
            (path.stem.split("_", 1)[-1], f"pages/{path.name}")
            for path in sorted((ROOT / "pages").glob("*.py"))
        ]
    targets = []
    for page_id, path in pages:
        url_path = "/" if path == "app.py" else "/" + re.sub(r"^\d+_", "", Path(path).stem)
        for query in EXAMPLES.get(page_id, [""]):
            targets.append(url_path + query)
    return targets


def open_page(context, server: Server, target: str, timeout_ms: float, expect: str = ""):
    """A new page at ``target``; returns it with its navigation -> finished / rendered (ms)."""
    page = context.new_page()
    try:
        page.goto(server.url + target, wait_until="commit", timeout=timeout_ms)
        page.wait_for_function(
            "() => window.__ceBench && window.__ceBench.frames.some("
            "(f) => window.__ceBench.FINAL.includes(f.status))",
            timeout=timeout_ms,
        )
        finished = page.evaluate(
            "() => window.__ceBench.frames.find((f) => window.__ceBench.FINAL.includes(f.status)).t"
        )
        rendered = page.wait_for_function(
            RENDERED_JS, arg=expect, polling="raf", timeout=timeout_ms
        ).json_value()
    except Exception:
        page.close()
        raise
    return page, finished, rendered


def count_exceptions(page) -> int:
    return page.locator('[data-testid="stException"]').count()


def measure_cold(context, server: Server, cold: Cold, timeout_ms: float) -> None:
    """Open the link twice: first visit (cold server, empty browser cache), then again."""
    for visit in ("cold", "warm"):
        page = None
        try:
            page, finished, rendered = open_page(
                context, server, cold.target, timeout_ms, cold.expect
            )
            if visit == "cold":
                cold.finished_ms, cold.rendered_ms = finished, rendered
                cold.exceptions = count_exceptions(page)
            else:
                cold.warm_finished_ms, cold.warm_rendered_ms = finished, rendered
        except Exception as error:  # noqa: BLE001 - reported in the table
            cold.problem = cold.problem or f"{visit} visit: {first_line(error)}"
        finally:
            if page is not None:
                page.close()


def first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0] if text else ''}"[:160]


SLIDER_THUMBS = (
    '[data-testid="stMain"] [data-testid="stSlider"] input[type="range"]:not(:disabled), '
    '[data-testid="stMain"] [role="slider"]:not([aria-disabled="true"])'
)
NUMBER_INPUTS = '[data-testid="stMain"] [data-testid="stNumberInput"]:not(:has(input:disabled))'
AT_MAXIMUM_JS = """(thumb) => {
  const value = thumb.getAttribute('aria-valuenow') ?? thumb.value;
  const maximum = thumb.getAttribute('aria-valuemax') ?? thumb.max;
  return Number(value) >= Number(maximum);
}"""


@dataclass
class Trigger:
    """How to make a page rerun: ``press(n)`` does the n-th input (back and forth)."""

    name: str
    press: Callable[[int], None]


def find_trigger(page) -> Trigger | None:
    """The first enabled slider thumb of the main area (arrow keys); else the first enabled
    number input of the main area (its step buttons); else the sidebar's units radio (a click)."""
    thumbs = page.locator(SLIDER_THUMBS)
    if thumbs.count():
        thumb = thumbs.first
        at_max = thumb.evaluate(AT_MAXIMUM_JS)

        def press_key(n: int) -> None:
            forward = (n % 2 == 0) != at_max
            thumb.press("ArrowRight" if forward else "ArrowLeft")

        label = thumb.get_attribute("aria-label") or ""
        return Trigger(f'slider: arrow keys on "{label}"', press_key)

    number_inputs = page.locator(NUMBER_INPUTS)
    if number_inputs.count():
        field = number_inputs.first
        up = field.locator('[data-testid="stNumberInputStepUp"]')
        down = field.locator('[data-testid="stNumberInputStepDown"]')
        up_first = up.is_enabled()

        def click_step(n: int) -> None:
            (up if (n % 2 == 0) == up_first else down).click()

        label = field.locator('[data-testid="stWidgetLabel"]').inner_text().strip()
        return Trigger(f'number: step buttons of "{label}"', click_step)

    units = page.locator('[data-testid="stSidebar"] [data-testid="stRadio"]')
    if units.count():
        group = units.first

        def click_option(n: int) -> None:
            checked = group.locator('input[type="radio"]').evaluate_all(
                "(inputs) => inputs.findIndex((i) => i.checked)"
            )
            group.locator('[data-testid="stRadioOption"]').nth(1 if checked == 0 else 0).click()

        return Trigger("units: the sidebar's units radio", click_option)
    return None


def measure_page(context, server: Server, target: str, presses: int, timeout_ms: float):
    result = PageResult(target=target)
    page = None
    try:
        page, _, _ = open_page(context, server, target, timeout_ms)
        page.wait_for_timeout(500)
        result.exceptions = count_exceptions(page)
        trigger = find_trigger(page)
        if trigger is None:
            result.problem = "no slider, number input or units radio to change"
            return result
        result.trigger = trigger.name
        for press in range(presses):
            inputs = page.evaluate("() => window.__ceBench.inputs.length")
            trigger.press(press)
            try:
                timings = page.wait_for_function(
                    RESULT_JS, arg=inputs, polling="raf", timeout=timeout_ms
                ).json_value()
            except Exception:  # noqa: BLE001 - the input caused no rerun: the next ones won't either
                result.missed += 1
                break
            result.to_send.append(timings["send"] - timings["input"])
            result.to_finished.append(timings["finished"] - timings["input"])
            result.to_paint.append(timings["paint"] - timings["input"])
            result.bytes.append(timings["bytes"])
            result.extra_reruns += timings["reruns"] - 1
            page.wait_for_function("() => window.__ceBench.idle()", timeout=timeout_ms)
            page.wait_for_timeout(300)
        result.exceptions = max(result.exceptions, count_exceptions(page))
    except Exception as error:  # noqa: BLE001 - reported in the table
        result.problem = first_line(error)
    finally:
        if page is not None:
            page.close()
    return result


# --------------------------------------------------------------------------------------------


def median(values):
    return statistics.median(values) if values else float("nan")


def verdict(value: float, goal: float) -> str:
    if value != value:  # NaN
        return "-"
    return f"{value / goal:.2f}x {'ok' if value <= goal else 'OVER'}"


def print_report(browser_version: str, server_args, cold: Cold, results: list[PageResult]):
    print()
    print(f"Browser benchmark: Chromium {browser_version}, viewport 1400x900, loopback server")
    print(f"  server: streamlit run app.py {' '.join([*BENCHMARK_SERVER_ARGS, *server_args])}")
    print()
    print(f"(a) cold server -> fully rendered page: {cold.target}")
    print(f"    server start until /_stcore/health answers: {cold.server_ready_s:.1f} s")
    print(
        f"    cold: navigation -> script_finished {cold.finished_ms:.0f} ms, -> rendered with "
        f'"{cold.expect or "a digit"}" visible {cold.rendered_ms:.0f} ms'
    )
    print(
        f"    second visit (warm server and browser cache): -> script_finished "
        f"{cold.warm_finished_ms:.0f} ms, -> rendered {cold.warm_rendered_ms:.0f} ms"
    )
    if cold.exceptions:
        print(f"    {cold.exceptions} stException element(s) on the page")
    if cold.problem:
        print(f"    problem: {cold.problem}")
    print()
    print(f"(b) input -> finished rerun, median (goal <= {GOAL_KEY_TO_FINISHED_MS} ms)")
    print(f"(c) bytes to the browser per rerun, median (goal <= {GOAL_BYTES_PER_RERUN // 1000} KB)")
    width = max(len(r.target) for r in results) if results else 10
    width = min(max(width, 10), 70)
    header = (
        f"{'page':<{width}} {'by':<6} {'n':>2} {'->sent':>7} {'->finished':>10} {'vs goal':>10} "
        f"{'->paint~':>9} {'KB/rerun':>9} {'max KB':>7} {'vs goal':>10} {'exc':>3}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        finished = median(r.to_finished)
        print(
            f"{r.target[:width]:<{width}} {r.trigger.split(':')[0] if r.trigger else '-':<6} "
            f"{len(r.to_finished):>2} {median(r.to_send):>7.0f} {finished:>10.0f} "
            f"{verdict(finished, GOAL_KEY_TO_FINISHED_MS):>10} {median(r.to_paint):>9.0f} "
            f"{median(r.bytes) / 1000:>9.1f} {max(r.bytes, default=float('nan')) / 1000:>7.1f} "
            f"{verdict(median(r.bytes), GOAL_BYTES_PER_RERUN):>10} {r.exceptions:>3}"
        )
        notes = [r.trigger] if r.trigger else []
        if r.problem:
            notes.append(r.problem)
        if r.missed:
            notes.append("an input caused no finished rerun in time; the page's later ones skipped")
        if r.extra_reruns:
            notes.append(f"{r.extra_reruns} extra rerun(s) (the script reran itself)")
        for note in notes:
            print(f"    ^ {note}")
    print()
    print("  by: slider = arrow key on the first slider of the main area; number = a click on the")
    print("  first number input's step button; units = a click on the sidebar's units radio;")
    print("  times in ms from that keydown (or pointerdown) event, on the page's clock;")
    print("  ->sent: until the frontend sent rerun_script; ->finished: until the frame with the")
    print("  final script_finished arrived; ->paint~: two animation frames later (approximate);")
    print("  KB/rerun: websocket frames received from the rerun request to script_finished")
    print("  (1 KB = 1000 bytes; uncompressed, as sent); exc: stException elements on the page.")
    timed = [r for r in results if r.to_finished]
    over_time = [r.target for r in timed if median(r.to_finished) > GOAL_KEY_TO_FINISHED_MS]
    keyed = [r for r in timed if r.trigger.startswith("slider")]
    keyed_over = [r for r in keyed if r.target in over_time]
    sized = [r for r in results if r.bytes]
    over_size = [r.target for r in sized if median(r.bytes) > GOAL_BYTES_PER_RERUN]
    print(
        f"  input -> finished goal: {len(timed) - len(over_time)}/{len(timed)} pages within "
        f"{GOAL_KEY_TO_FINISHED_MS} ms ({len(keyed) - len(keyed_over)}/{len(keyed)} of those "
        "driven by a slider key)" + (f"; over: {', '.join(over_time)}" if over_time else "")
    )
    print(
        f"  bytes goal: {len(sized) - len(over_size)}/{len(sized)} pages within "
        f"{GOAL_BYTES_PER_RERUN // 1000} KB"
        + (f"; over: {', '.join(over_size)}" if over_size else "")
    )


def run(args: argparse.Namespace) -> int:
    from playwright.sync_api import sync_playwright

    timeout_ms = args.timeout * 1000
    targets = args.page or default_targets()
    cold = Cold(target=args.cold_page, expect=args.cold_expect)
    results: list[PageResult] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport=VIEWPORT)
            context.add_init_script(INSTRUMENT_JS)
            started = time.perf_counter()
            with streamlit_server(
                *BENCHMARK_SERVER_ARGS, *args.server_arg, script=args.script
            ) as server:
                cold.server_ready_s = time.perf_counter() - started
                print(f"server up in {cold.server_ready_s:.1f} s; cold page ...", flush=True)
                measure_cold(context, server, cold, timeout_ms)
                for target in targets:
                    print(f"{target} ...", flush=True)
                    results.append(measure_page(context, server, target, args.presses, timeout_ms))
                if cold.problem or any(r.problem for r in results):
                    print(f"server log (last lines):\n{log_tail(server.log_path)}")
            print_report(browser.version, args.server_arg, cold, results)
        finally:
            browser.close()
    return 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--page",
        action="append",
        help="URL path and query to measure (repeatable; default: every page at its examples)",
    )
    parser.add_argument("--presses", type=int, default=7, help="key presses per page (7)")
    parser.add_argument("--cold-page", default=COLD_PAGE, help=f"cold-start link ({COLD_PAGE})")
    parser.add_argument(
        "--cold-expect",
        default=COLD_EXPECT,
        help=f"text that must be visible for the cold page to count as rendered ({COLD_EXPECT};"
        " empty: any digit)",
    )
    parser.add_argument("--timeout", type=float, default=60, help="seconds per wait (60)")
    parser.add_argument(
        "--server-arg",
        action="append",
        default=[],
        help="extra option for streamlit run (repeatable)",
    )
    parser.add_argument("--quick", action="store_true", help="3 presses per page")
    parser.add_argument(
        "--script",
        default="app.py",
        help="script the server runs (app.py; benchmarks/bare_page.py for the yardstick)",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.presses = 3
    if args.presses < 1:
        parser.error("--presses must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not CHROMIUM.exists():
        print("Debian's Chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
        return 2
    try:
        import playwright  # noqa: F401
    except ImportError:
        print("playwright (Python) is not installed: pip install -r requirements-dev.txt")
        return 2
    try:
        return run(args)
    except KeyboardInterrupt:
        print("interrupted; the server and the browser were stopped")
        return 130


if __name__ == "__main__":
    sys.exit(main())
