"""The Playground on one 1366×768 screen (issue 15): the bars, the headline loss and the chart are
all in view on arrival, without scrolling, in every input mode."""

import pytest
from playwright.sync_api import expect

from tests.conftest import wait_for_app

pytestmark = pytest.mark.browser

SCREEN = {"width": 1366, "height": 768}
IN_VIEW = """(selectors) => selectors.map(selector => {
  const element = document.querySelector(selector);
  if (!element) return [selector, null];
  const box = element.getBoundingClientRect();
  return [selector, [box.left, box.top, box.right, box.bottom]];
})"""
PARTS = [
    ".st-key-playground-bars",
    '[data-testid="stMetricValue"]',
    ".st-key-playground_result .js-plotly-plot",
]


@pytest.mark.parametrize(
    "query",
    ["lang=en", "lang=ru&y=2&p=0.1,0.2,0.3,0.2,0.2", "mode=logits&z=2,1,0.1&lang=vi",
     "lang=zh&y=0.1,0.9&p=0.3,0.7"],
)  # fmt: skip
def test_bars_loss_and_chart_share_one_screen(app_url, browser, query):
    context = browser.new_context(viewport=SCREEN)
    try:
        page = context.new_page()
        page.goto(f"{app_url}/playground?{query}")
        wait_for_app(page, 90_000)
        expect(page.locator(PARTS[2])).to_be_visible(timeout=30_000)
        page.wait_for_timeout(500)
        for selector, box in page.evaluate(IN_VIEW, PARTS):
            assert box is not None, f"{selector} is missing"
            left, top, right, bottom = box
            assert bottom - top > 20, f"{selector} is not drawn: {box}"
            assert 0 <= top and bottom <= SCREEN["height"], f"{selector} is off screen: {box}"
            assert 0 <= left and right <= SCREEN["width"], f"{selector} is off screen: {box}"
        assert page.evaluate("window.scrollY") == 0
    finally:
        context.close()
