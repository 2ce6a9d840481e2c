"""Take the screenshots in docs/ with headless Chromium against a freshly started app.

Usage: python -m docs.make_screenshots [name ...]   (no names: all of them)
Needs Debian's Chromium at /usr/bin/chromium and the development requirements.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent

from tests.conftest import wait_for_app  # noqa: E402
from tests.live_server import CHROMIUM, CHROMIUM_ARGS, streamlit_server  # noqa: E402

SHOTS = {
    "home": "/",
    "playground": "/playground?y=0&p=0.1,0.5,0.1,0.1,0.2",
    "curves": "/curves?p=0.9&y=1",
    "multilabel": "/multilabel?classes=1000&positives=2&p_pos=0.8&p_neg=0.1",
    "focal": "/focal?gamma=2&p=0.9",
    "gradients": "/gradients?y=0&p=0.1,0.5,0.1,0.1,0.2",
    "entropy": "/entropy?text=jteikfqa",
    "training": "/training",
    "playground-vi": "/playground?lang=vi&y=0&p=0.1,0.5,0.1,0.1,0.2",
    "multilabel-ru": "/multilabel?lang=ru&classes=1000&positives=2&p_pos=0.8&p_neg=0.1",
    "focal-zh": "/focal?lang=zh&gamma=2&p=0.9",
    "playground-presenter": "/playground?present=1&y=0&p=0.1,0.5,0.1,0.1,0.2",
    "playground-quiz": "/playground?quiz=1&y=0&p=0.1,0.5,0.1,0.1,0.2",
    "home-presenter": "/?present=1",
}


def main(names: list[str]) -> None:
    wanted = {name: SHOTS[name] for name in names} if names else SHOTS
    with streamlit_server() as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for name, path in wanted.items():
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            page = context.new_page()
            page.goto(server.url + path)
            wait_for_app(page, timeout=120_000)
            page.wait_for_timeout(1500)
            # Streamlit scrolls inside its main block, so grow the window to the content's height.
            height = page.evaluate(
                "() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight"
            )
            page.set_viewport_size({"width": 1400, "height": max(900, min(height, 12000))})
            # A taller window reveals more of the page, which Streamlit may render lazily.
            wait_for_app(page, timeout=120_000)
            page.wait_for_function(
                "() => Array.from(document.querySelectorAll('[data-testid=\"stPlotlyChart\"]'))"
                ".every(chart => chart.querySelector('.main-svg'))",
                timeout=60_000,
            )
            page.wait_for_timeout(1000)
            out = ROOT / "docs" / f"{name}.png"
            page.screenshot(path=str(out), full_page=True)
            print(f"{out.relative_to(ROOT)}  ←  {path}")
            context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])
