"""Presenter mode on a 1280×720 projector, in every language: no headline number, label, button or
link cut short, the large QR code within the screen, and a full-screen view of a chart."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from ce_ui.frame import PAGES
from ce_ui.i18n import translate
from tests.conftest import wait_for_app

pytestmark = pytest.mark.browser

PROJECTOR = {"width": 1280, "height": 720}
LANGUAGES = ("en", "vi", "ru", "zh")
MEASURE_CUT = Path(__file__).with_name("presenter_fit.js").read_text()


@pytest.fixture(scope="module")
def projector(browser):
    context = browser.new_context(viewport=PROJECTOR)
    page = context.new_page()
    yield page
    context.close()


def _open(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page, 90_000)
    page.wait_for_timeout(800)  # charts and fonts settle


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("info", PAGES, ids=lambda info: info.id)
def test_nothing_the_room_reads_is_cut(app_url, projector, info, lang):
    path = "" if info.id == "home" else info.id
    _open(projector, f"{app_url}/{path}?present=1&lang={lang}")
    metrics = projector.locator('[data-testid="stMetricValue"]')
    cut = projector.evaluate(MEASURE_CUT)
    assert cut == [], f"cut on /{path} in {lang} ({metrics.count()} metrics): {cut}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_large_qr_code_fits_the_screen(app_url, projector, lang):
    _open(projector, f"{app_url}/playground?present=1&lang={lang}")
    sidebar = projector.locator('[data-testid="stSidebar"]')
    expand = projector.locator('[data-testid="stExpandSidebarButton"]')
    if sidebar.get_attribute("aria-expanded") != "true" and expand.count():
        expand.click()  # presenter mode folds the sidebar away
    sidebar.get_by_text(translate(lang, "common.share"), exact=True).click()
    sidebar.get_by_role("button", name=translate(lang, "common.share_big_qr")).click()
    image = projector.locator('[data-testid="stDialog"] [data-testid="stImage"] img')
    expect(image).to_be_visible(timeout=30_000)
    projector.wait_for_timeout(500)
    box = image.bounding_box()
    assert box["height"] >= 300  # still big enough to scan from the back
    assert box["y"] >= 0 and box["y"] + box["height"] <= PROJECTOR["height"]
    assert box["x"] >= 0 and box["x"] + box["width"] <= PROJECTOR["width"]


def test_a_chart_opens_full_screen(app_url, projector):
    _open(projector, f"{app_url}/playground?present=1&lang=ru")
    label = translate("ru", "common.chart_full_screen")
    projector.get_by_role("button", name=label).first.click()
    chart = projector.locator('[data-testid="stDialog"] .js-plotly-plot')
    expect(chart).to_be_visible(timeout=30_000)
    box = chart.bounding_box()
    assert box["width"] >= 0.8 * PROJECTOR["width"] and box["height"] >= 0.7 * PROJECTOR["height"]
    assert box["y"] + box["height"] <= PROJECTOR["height"]
    # Its text alternative comes along, for a screen reader, with the chart's numbers in it.
    text = projector.locator('[data-testid="stDialog"] .ce-chart-text')
    expect(text).to_have_count(1)
    assert "0.7" in text.text_content()
