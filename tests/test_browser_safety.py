"""Safe to share, in headless Chromium against a real server: costly training waits for the Train
button, and a link too long for a QR code is shown with the reason and reloads to the same view."""

import pytest
from playwright.sync_api import expect

from ce_ui.i18n import translate
from tests.conftest import wait_for_app

OVER_BUDGET = "model=softmax&epochs=200&batch=8&compare=none&seed=31"
"""Just over the budget a page view trains by itself (about 1.5 s of CPU)."""


@pytest.mark.browser
def test_costly_settings_train_only_when_asked(app_url, browser_page):
    browser_page.goto(f"{app_url}/training?{OVER_BUDGET}")
    wait_for_app(browser_page, timeout=120_000)
    main = browser_page.get_by_test_id("stMain")
    train = main.get_by_role("button", name=translate("en", "training.train_button"), exact=True)
    expect(train).to_be_visible()
    assert "s of the server's time to train" in main.inner_text()
    assert browser_page.get_by_test_id("stMetricValue").count() == 0

    train.click()
    browser_page.get_by_text("Results on the 451 test images").wait_for(timeout=120_000)
    expect(browser_page.get_by_test_id("stMetricValue").first).to_be_visible(timeout=60_000)
    assert browser_page.get_by_test_id("stException").count() == 0

    # Trained once on this server: the same link opens with its results, no button.
    browser_page.reload()
    wait_for_app(browser_page, timeout=60_000)
    browser_page.get_by_text("Results on the 451 test images").wait_for(timeout=30_000)
    assert train.count() == 0


@pytest.mark.browser
def test_a_link_too_long_for_a_qr_code_is_shown_and_reloads(app_url, browser_page):
    text = "熵" * 300
    browser_page.goto(f"{app_url}/entropy?text={text}")
    wait_for_app(browser_page)
    sidebar = browser_page.get_by_test_id("stSidebar")
    sidebar.get_by_text(translate("en", "common.share")).click()
    expect(sidebar.get_by_text("No QR code for this view")).to_be_visible(timeout=30_000)
    assert sidebar.get_by_test_id("stImage").count() == 0
    assert browser_page.get_by_test_id("stException").count() == 0

    browser_page.reload()
    wait_for_app(browser_page)
    field = browser_page.get_by_test_id("stTextArea").locator("textarea").first
    expect(field).to_have_value(text)
    assert browser_page.get_by_test_id("stAlert").filter(has_text="The link sets").count() == 0
