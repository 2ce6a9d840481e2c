"""The Playground in headless Chromium on a freshly started server: shared links reproduce the
numbers, and a preset click rewrites the address bar."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

pytest.importorskip("playwright", reason="browser test: playwright is not installed")
from playwright.sync_api import expect  # noqa: E402

from ce_ui.i18n import translate  # noqa: E402
from tests.conftest import wait_for_app  # noqa: E402

pytestmark = pytest.mark.browser
COLD_START = 120_000  # ms: the first view on a fresh server imports everything


def loss_metric(page):
    label = translate("en", "playground.loss_metric")
    metric = page.get_by_test_id("stMetric").filter(has_text=label).first
    return metric.get_by_test_id("stMetricValue")


def test_the_issue_link_shows_2_303_nats_and_3_322_bits(app_url, browser_page):
    browser_page.goto(f"{app_url}/playground?y=0&p=0.1,0.5,0.1,0.1,0.2")
    wait_for_app(browser_page, timeout=COLD_START)
    # The page draws its example in a fragment: wait for what is checked, not only the run.
    expect(loss_metric(browser_page)).to_have_text("2.303 nats", timeout=30_000)
    expect(browser_page.locator(".katex").filter(has_text="2.303").first).to_be_visible()
    query = parse_qs(urlparse(browser_page.url).query)
    assert query["p"] == ["0.1,0.5,0.1,0.1,0.2"] and query["y"] == ["0"]

    browser_page.goto(f"{app_url}/playground?y=0&p=0.1,0.5,0.1,0.1,0.2&units=bits")
    wait_for_app(browser_page, timeout=COLD_START)
    expect(loss_metric(browser_page)).to_have_text("3.322 bits", timeout=30_000)


def test_a_preset_click_changes_the_loss_and_the_address_bar(app_url, browser_page):
    browser_page.goto(f"{app_url}/playground?y=0&z=2,1,0.1&t=2")
    wait_for_app(browser_page, timeout=COLD_START)
    expect(loss_metric(browser_page)).to_have_text("0.6898 nats", timeout=30_000)
    # The worked examples are folded away (the bars, loss and chart fill the first screen).
    browser_page.get_by_text(translate("en", "playground.presets_heading"), exact=True).click()
    browser_page.get_by_role(
        "button", name=translate("en", "playground.preset_three_unsure"), exact=True
    ).click()
    browser_page.wait_for_function(
        "() => new URLSearchParams(location.search).get('p') === '0.2,0.4,0.4'",
        timeout=COLD_START,
    )
    wait_for_app(browser_page, timeout=COLD_START)
    expect(loss_metric(browser_page)).to_have_text("1.609 nats", timeout=30_000)
    query = parse_qs(urlparse(browser_page.url).query)
    assert "z" not in query and "t" not in query
    expect(browser_page.locator(".katex").filter(has_text="1.609").first).to_be_visible()
