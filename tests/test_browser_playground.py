"""The Playground in headless Chromium on a freshly started server: shared links reproduce the
numbers, and a preset click rewrites the address bar."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from ce_ui.i18n import translate
from tests.conftest import wait_for_app

pytestmark = pytest.mark.browser
COLD_START = 120_000  # ms: the first view on a fresh server imports everything


def loss_on_screen(page) -> str:
    label = translate("en", "playground.loss_metric")
    metric = page.get_by_test_id("stMetric").filter(has_text=label).first
    return metric.get_by_test_id("stMetricValue").inner_text()


def test_the_issue_link_shows_2_303_nats_and_3_322_bits(app_url, browser_page):
    browser_page.goto(f"{app_url}/playground?y=0&p=0.1,0.5,0.1,0.1,0.2")
    wait_for_app(browser_page, timeout=COLD_START)
    assert loss_on_screen(browser_page) == "2.303 nats"
    assert browser_page.locator(".katex").filter(has_text="2.303").count() >= 1
    query = parse_qs(urlparse(browser_page.url).query)
    assert query["p"] == ["0.1,0.5,0.1,0.1,0.2"] and query["y"] == ["0"]

    browser_page.goto(f"{app_url}/playground?y=0&p=0.1,0.5,0.1,0.1,0.2&units=bits")
    wait_for_app(browser_page, timeout=COLD_START)
    assert loss_on_screen(browser_page) == "3.322 bits"


def test_a_preset_click_changes_the_loss_and_the_address_bar(app_url, browser_page):
    browser_page.goto(f"{app_url}/playground?y=0&z=2,1,0.1&t=2")
    wait_for_app(browser_page, timeout=COLD_START)
    assert loss_on_screen(browser_page) == "0.6898 nats"
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
    assert loss_on_screen(browser_page) == "1.609 nats"
    query = parse_qs(urlparse(browser_page.url).query)
    assert "z" not in query and "t" not in query
    assert browser_page.locator(".katex").filter(has_text="1.609").count() >= 1
