"""A hall's first visit: N browsers open the shared link at once, through nginx and two replicas.

The setup of ``deploy/`` on loopback (two ``streamlit run app.py`` replicas behind Debian's nginx
with ``deploy/nginx/playground.conf``, see ``cluster_load.py``), cold: nothing has been served
yet. Then N fresh Chromium contexts (each with an empty cache, as N phones) open the same link
at the same moment; for each one the time from navigation to the link's first number on screen
(the first ``st.metric`` value in the main area) is recorded. Printed: p50 / p95 / max, how many
got there, and the bytes nginx sent (after gzip) per browser.

On one 2-core machine the N browsers' own JavaScript parsing and rendering compete with the
servers for the same cores, which real phones do not: the figure is an upper bound on what a
hall waits for with this server set-up.

    python -m benchmarks.hall_first_visit                  # 100 browsers
    python -m benchmarks.hall_first_visit --browsers 10    # while developing

Figures only; nothing asserts.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import sys
import time
from pathlib import Path

from benchmarks._streamlit_ws import BENCHMARK_SERVER_ARGS
from benchmarks.cluster_load import add_ports_option, nginx
from benchmarks.load_test import quantile
from tests.live_server import CHROMIUM, CHROMIUM_ARGS, streamlit_server

DEFAULT_LINK = "/playground?y=0&p=0.1,0.5,0.1,0.1,0.2"
FIRST_NUMBER = '[data-testid="stMain"] [data-testid="stMetricValue"]'


async def first_number(browser, url: str, timeout: float, sent: list[int]) -> float:
    """Open ``url`` in a fresh context; seconds until the first metric shows a digit."""
    context = await browser.new_context(viewport={"width": 390, "height": 844})
    page = await context.new_page()
    page.on(
        "response", lambda response: sent.append(int(response.headers.get("content-length") or 0))
    )
    try:
        started = time.perf_counter()
        await page.goto(url, wait_until="commit", timeout=timeout * 1000)
        await page.wait_for_function(
            f"() => /\\d/.test(document.querySelector('{FIRST_NUMBER}')?.textContent ?? '')",
            timeout=timeout * 1000,
        )
        return time.perf_counter() - started
    finally:
        await context.close()


async def main_async(args: argparse.Namespace) -> int:
    from playwright.async_api import async_playwright

    with contextlib.ExitStack() as stack:
        front, *replicas = args.ports or (None, None, None)
        servers = [
            stack.enter_context(streamlit_server(*BENCHMARK_SERVER_ARGS, port=port))
            for port in replicas
        ]
        base = stack.enter_context(
            nginx([int(server.url.rsplit(":", 1)[1]) for server in servers], front)
        )
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
            )
            sent: list[int] = []
            started = time.perf_counter()
            results = await asyncio.gather(
                *(
                    first_number(browser, base + args.link, args.timeout, sent)
                    for _ in range(args.browsers)
                ),
                return_exceptions=True,
            )
            wall = time.perf_counter() - started
            await browser.close()
    times = [1000 * r for r in results if isinstance(r, float)]
    failures = [r for r in results if not isinstance(r, float)]
    print()
    print(f"First visit of a hall: {args.browsers} browsers open {args.link} at once")
    print("  through nginx (deploy/nginx/playground.conf) and 2 cold replicas, one machine")
    print(
        f"  reached the first number: {len(times)}/{args.browsers} in {wall:.1f} s; "
        f"p50 {quantile(times, 0.5):.0f} ms, p95 {quantile(times, 0.95):.0f} ms, "
        f"max {max(times, default=math.nan):.0f} ms"
    )
    with_length = [size for size in sent if size]
    print(
        f"  bytes with a Content-Length per browser (gzip where nginx compressed): "
        f"{sum(with_length) / max(1, args.browsers) / 1e6:.1f} MB"
    )
    for failure in failures[:3]:
        print(f"  failed: {type(failure).__name__}: {str(failure).splitlines()[0]}")
    return 0 if not failures else 1


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--browsers", type=int, default=100, help="browsers at once (100)")
    parser.add_argument("--link", default=DEFAULT_LINK, help=f"path and query ({DEFAULT_LINK})")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per browser (300)")
    add_ports_option(parser)
    args = parser.parse_args(argv)
    if args.browsers < 1 or not args.link.startswith("/"):
        parser.error("--browsers must be positive and --link start with '/'")
    return args


def main(argv: list[str] | None = None) -> int:
    if not Path(CHROMIUM).exists():
        print(f"needs Debian's Chromium at {CHROMIUM} (apt-get install chromium)")
        return 2
    return asyncio.run(main_async(parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
