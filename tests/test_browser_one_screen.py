"""One screen (issue 15): on every page with a widget to drag, the widget, the headline numbers it
drives and their chart fit in one view together — at 1366×768, and at 1280×720 in presenter mode —
so that a student (or the room) sees the numbers move while dragging, without scrolling."""

import pytest
from playwright.sync_api import expect

from tests.conftest import wait_for_app

pytestmark = pytest.mark.browser

SCREENS = {
    "laptop": ({"width": 1366, "height": 768}, ""),
    "projector": ({"width": 1280, "height": 720}, "&present=1"),
}
PARTS = {  # page: the widget(s), the first headline number, the chart (a handle is its own chart)
    "playground": [".st-key-playground-bars", ".st-key-playground_result [data-testid=stMetric]",
                   ".st-key-playground_result .js-plotly-plot"],
    "curves": [".st-key-curves-handle", "[data-testid=stMetric]"],
    "gradients": [".st-key-gradients-bars", "[data-testid=stMetric]", ".js-plotly-plot"],
    "entropy": [".st-key-entropy-bars_p", ".st-key-entropy-bars_q",
                ".st-key-entropy-pq [data-testid=stMetric]", ".st-key-entropy-pq .js-plotly-plot"],
    "multilabel": [".st-key-multilabel-bars", "[data-testid=stMetric]", ".js-plotly-plot"],
    # Focal: γ and pₜ on their sliders, Figure 1 (with γ on a slider of its own); the handle on
    # the curve follows below them.
    "focal": [".st-key-focal-inputs", "[data-testid=stMetric]",
              ".st-key-focal-screen .js-plotly-plot"],
}  # fmt: skip
BOXES = """(selectors) => selectors.map(selector => {
  const element = document.querySelector(selector);
  if (!element) return null;
  const box = element.getBoundingClientRect();
  return {selector, top: box.top + window.scrollY, bottom: box.bottom + window.scrollY,
          left: box.left, right: box.right};
})"""
HEADER = """() => {
  const header = document.querySelector('[data-testid="stHeader"]');
  return header ? header.getBoundingClientRect().bottom : 0;
}"""


@pytest.fixture(scope="module", params=list(SCREENS))
def screen(request, browser):
    viewport, query = SCREENS[request.param]
    context = browser.new_context(viewport=viewport)
    yield context.new_page(), viewport, query
    context.close()


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("path", list(PARTS))
def test_the_widget_its_numbers_and_its_chart_fit_one_view(app_url, screen, path, lang):
    page, viewport, query = screen
    page.goto(f"{app_url}/{path}?lang={lang}{query}")
    wait_for_app(page, 90_000)
    for selector in PARTS[path]:
        expect(page.locator(selector).first).to_be_visible(timeout=30_000)
    page.wait_for_timeout(800)  # fonts and charts settle
    boxes = page.evaluate(BOXES, PARTS[path])
    assert None not in boxes, f"missing on /{path}: {boxes}"
    for box in boxes:
        assert box["bottom"] - box["top"] > 20, f"not drawn: {box}"
        assert 0 <= box["left"] and box["right"] <= viewport["width"], f"off screen: {box}"
    top, bottom = min(b["top"] for b in boxes), max(b["bottom"] for b in boxes)
    # Streamlit's header covers the top of the page, except when presenting: then it is
    # transparent and holds only the sidebar's button, at the left edge.
    covered = 8 if query else page.evaluate(HEADER)
    room = viewport["height"] - covered
    assert bottom - top <= room, f"/{path} needs {bottom - top:.0f} px of {room:.0f}: {boxes}"
