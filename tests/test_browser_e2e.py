"""End to end in Debian's Chromium against a real `streamlit run` server: what a person sees."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ce_ui.frame import PAGES
from ce_ui.i18n import translate
from tests.conftest import wait_for_app
from tests.live_server import streamlit_server

pytestmark = pytest.mark.browser

CONTRACT_EXAMPLES = [
    ("/playground?y=0&p=0.1,0.5,0.1,0.1,0.2", ["2.303"]),
    ("/playground?y=0&p=0.1,0.5,0.1,0.1,0.2&units=bits", ["3.322"]),
    ("/curves?p=0.9&y=1", ["0.1054"]),
    ("/multilabel?classes=1000&positives=2&p_pos=0.8&p_neg=0.1", ["0.4463", "105.1", "105.6"]),
    ("/focal?gamma=2&p=0.9", ["0.001054"]),
    ("/gradients?y=0&p=0.1,0.5,0.1,0.1,0.2", ["2.303", "−0.9"]),
    ("/gradients?y=0&z=0,0,0&lr=1&steps=1", ["0.5514"]),
    ("/entropy?text=jteikfqa", ["3 bits", "24 bits"]),
    ("/entropy?n=1024", ["10 bits"]),
]


METRIC_FONT_SIZE = "e => parseFloat(getComputedStyle(e.querySelector('p') || e).fontSize)"
"""The size of a metric's number as drawn: the paragraph inside its value."""


def open_view(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page, timeout=120_000)


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def assert_no_exception(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0, main_text(page)[:2000]


@pytest.mark.parametrize(("path", "expected"), CONTRACT_EXAMPLES)
def test_url_contract_examples_show_their_numbers(app_url, browser_page, path, expected):
    open_view(browser_page, app_url + path)
    for number in expected:
        browser_page.get_by_text(number, exact=False).first.wait_for(timeout=30_000)
    assert_no_exception(browser_page)


@pytest.mark.parametrize("info", PAGES, ids=lambda info: info.id)
def test_every_page_opens_at_defaults_without_an_exception(app_url, browser_page, info):
    path = "/" if info.id == "home" else f"/{info.id}"
    open_view(browser_page, app_url + path)
    assert browser_page.get_by_role("heading", level=1).count() >= 1
    assert_no_exception(browser_page)


def test_a_cold_server_serves_a_deep_link_with_the_full_frame(browser):
    with streamlit_server() as server:
        url = server.url
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        try:
            page = context.new_page()
            open_view(page, url + "/focal?gamma=2&p=0.9")
            page.get_by_text("0.001054").first.wait_for(timeout=60_000)
            sidebar = page.locator('[data-testid="stSidebar"]')
            for info in PAGES:
                label = translate("en", f"nav.{info.id}")
                assert sidebar.get_by_text(label, exact=True).count() == 1, label
            assert_no_exception(page)
        finally:
            context.close()


def test_moving_a_slider_with_the_keyboard_updates_the_numbers(app_url, browser_page):
    open_view(browser_page, app_url + "/curves?p=0.9&y=1")
    metric = browser_page.locator('[data-testid="stMetricValue"]').first
    expect(metric).to_have_text("0.1054", timeout=30_000)
    browser_page.locator('[data-testid="stSlider"] input[type="range"]').first.focus()
    browser_page.keyboard.press("ArrowRight")
    expect(metric).to_have_text("0.1043", timeout=30_000)  # −ln 0.901
    browser_page.wait_for_url("**p=0.901**", timeout=30_000)


def test_switching_language_translates_the_page_and_keeps_it_across_pages(app_url, browser_page):
    open_view(browser_page, app_url + "/curves?p=0.9&y=1")
    sidebar = browser_page.locator('[data-testid="stSidebar"]')
    sidebar.locator('[data-testid="stSelectbox"]').first.click()
    browser_page.get_by_role("option", name="Tiếng Việt").click()
    heading = translate("vi", "curves.title")
    browser_page.get_by_role("heading", name=heading).wait_for(timeout=30_000)
    browser_page.wait_for_url("**lang=vi**", timeout=30_000)
    sidebar.get_by_text(translate("vi", "nav.focal"), exact=True).click()
    browser_page.wait_for_url("**/focal?**", timeout=30_000)
    wait_for_app(browser_page)
    browser_page.get_by_role("heading", name=translate("vi", "focal.title")).wait_for()
    browser_page.wait_for_url("**lang=vi**", timeout=30_000)


def test_presenter_mode_enlarges_text_and_folds_the_sidebar(app_url, browser_page):
    open_view(browser_page, app_url + "/curves?p=0.9&y=1")
    metric = browser_page.locator('[data-testid="stMetricValue"]').first
    normal_size = float(metric.evaluate(METRIC_FONT_SIZE))
    browser_page.locator('[data-testid="stSidebar"] [data-testid="stCheckbox"]').first.click()
    browser_page.wait_for_url("**present=1**", timeout=30_000)
    open_view(browser_page, browser_page.url)
    presenting_size = float(metric.evaluate(METRIC_FONT_SIZE))
    assert presenting_size > 1.5 * normal_size
    assert browser_page.locator('[data-testid="stSidebar"]').get_attribute("aria-expanded") in (
        "false",
        None,
    )
    assert browser_page.locator('[data-testid="stExpandSidebarButton"]').is_visible()


def test_a_share_link_opens_the_same_view_in_a_fresh_browser(app_url, browser, browser_page):
    open_view(browser_page, app_url + "/curves?p=0.9&y=1")
    browser_page.locator('[data-testid="stSlider"] input[type="range"]').first.focus()
    for _ in range(3):
        browser_page.keyboard.press("ArrowLeft")
    browser_page.wait_for_url("**p=0.897**", timeout=30_000)
    shown = "0.1087"  # −ln 0.897
    expect(browser_page.locator('[data-testid="stMetricValue"]').first).to_have_text(shown)
    sidebar = browser_page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text(translate("en", "common.share"), exact=True).click()
    code = sidebar.locator('[data-testid="stCode"]')
    code.wait_for(timeout=30_000)
    link = code.inner_text().strip()
    assert "p=0.897" in link
    assert sidebar.locator('[data-testid="stImage"] img').count() == 1

    fresh = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        other = fresh.new_page()
        # The link names localhost:8501; the test server runs on another port.
        open_view(other, app_url + link[link.index("/curves") :])
        expect(other.locator('[data-testid="stMetricValue"]').first).to_have_text(shown)
    finally:
        fresh.close()
