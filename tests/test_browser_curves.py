"""The Curves page in headless Chromium: a shared link opens with its numbers on screen."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import wait_for_app


@pytest.mark.browser
def test_the_issue_link_shows_the_loss_and_the_charts(app_url, browser_page):
    browser_page.goto(f"{app_url}/curves?p=0.9&y=1")
    wait_for_app(browser_page)
    loss = browser_page.get_by_test_id("stMetric").filter(has_text="Loss L")
    expect(loss.get_by_test_id("stMetricValue")).to_have_text("0.1054")
    assert browser_page.get_by_text("the loss is 0.1054 nats").count() == 1
    # Plotly draws after the script has finished: give a loaded machine time.
    browser_page.wait_for_function(
        "() => document.querySelectorAll('.js-plotly-plot').length === 3", timeout=30_000
    )
    # The query string keeps the state (plus the shared settings), ready to be copied.
    assert re.search(r"[?&]p=0\.9(&|$)", browser_page.url)
    assert re.search(r"[?&]y=1(&|$)", browser_page.url)


@pytest.mark.browser
def test_a_clipped_link_shows_the_keras_ceiling_in_bits(app_url, browser_page):
    browser_page.goto(f"{app_url}/curves?p=1e-9&y=1&eps=1e-7&units=bits")
    wait_for_app(browser_page)
    loss = browser_page.get_by_test_id("stMetric").filter(has_text="Loss L")
    expect(loss.get_by_test_id("stMetricValue")).to_have_text("23.25")
    assert browser_page.get_by_text("without clipping: 29.9 bits").count() == 1
