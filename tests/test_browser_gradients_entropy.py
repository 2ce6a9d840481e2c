"""The Gradients and Entropy pages in headless Chromium: the issue's links open with their numbers
on screen, and the descent animation plays to its end and stops by itself."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import wait_for_app


def _open(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page, timeout=60_000)


def _scroll_to_bottom(page) -> None:
    """Scroll the main area to its end: Streamlit draws elements as they come into view."""
    page.get_by_test_id("stMain").evaluate("main => main.scrollTo(0, main.scrollHeight)")
    page.wait_for_timeout(500)


def _metric_values(page, count: int) -> list[str]:
    """The texts of the page's metrics, once at least ``count`` of them are drawn."""
    page.wait_for_function(
        "count => document.querySelectorAll('[data-testid=\"stMetricValue\"]').length >= count",
        arg=count,
        timeout=60_000,
    )
    return [value.inner_text() for value in page.get_by_test_id("stMetricValue").all()]


def _main_text(page) -> str:
    return " ".join(page.get_by_test_id("stMain").inner_text().split())


def _query(page, key: str) -> str | None:
    match = re.search(rf"[?&]{key}=([^&]*)", page.url)
    return match and match.group(1)


@pytest.mark.browser
def test_gradients_probability_link_shows_loss_and_gradient(app_url, browser_page):
    _open(browser_page, f"{app_url}/gradients?y=0&p=0.1,0.5,0.1,0.1,0.2")
    assert _metric_values(browser_page, 2)[0] == "2.303"
    assert "∂L/∂z = ŷ − y: −0.9, 0.5, 0.1, 0.1, 0.2" in _main_text(browser_page)
    browser_page.get_by_text("∂L/∂ŷ = −10, while ∂L/∂z = −0.9").scroll_into_view_if_needed()
    assert _query(browser_page, "p") in ("0.1,0.5,0.1,0.1,0.2", "0.1%2C0.5%2C0.1%2C0.1%2C0.2")


@pytest.mark.browser
def test_gradients_logit_link_shows_the_loss_after_one_step(app_url, browser_page):
    _open(browser_page, f"{app_url}/gradients?y=0&z=0,0,0&lr=1&steps=1")
    _scroll_to_bottom(browser_page)
    browser_page.get_by_text("Step 1 of 100: loss 0.5514 nats").first.wait_for(timeout=60_000)
    assert _query(browser_page, "steps") == "1"


@pytest.mark.browser
def test_gradient_descent_plays_to_the_end_in_the_browser_and_stops(app_url, browser_page):
    _open(browser_page, f"{app_url}/gradients?y=0&z=0,0,0&lr=1&steps=97")
    browser_page.get_by_test_id("stMain").wait_for(timeout=120_000)  # a cold start, alone
    _scroll_to_bottom(browser_page)
    chart = browser_page.locator(".js-plotly-plot").filter(
        has=browser_page.locator(".updatemenu-button")
    )
    chart.scroll_into_view_if_needed()
    title = chart.locator(".gtitle")
    expect(title).to_have_text("Step 97 of 100: loss 0.006925 nats, ŷ of the true class 0.9931.")
    chart.locator(".updatemenu-button", has_text="Play").first.click()  # played in the browser
    expect(title).to_contain_text("Step 100 of 100: loss 0.006716 nats", timeout=30_000)
    browser_page.wait_for_timeout(1000)
    expect(title).to_contain_text("Step 100 of 100")  # it stops at the last frame
    assert _query(browser_page, "steps") == "97"  # no server loop: the link's step is unchanged
    chart.locator(".updatemenu-button", has_text="From step 0").first.click()  # the run again
    expect(title).not_to_contain_text("Step 100 of 100", timeout=30_000)
    chart.locator(".updatemenu-button", has_text="Pause").first.click()
    browser_page.wait_for_timeout(500)
    paused = title.text_content()
    browser_page.wait_for_timeout(1000)
    assert title.text_content() == paused  # paused where it was
    chart.locator(".updatemenu-button", has_text="4×").first.click()  # plays on, faster
    expect(title).to_contain_text("Step 100 of 100", timeout=60_000)
    buttons = browser_page.locator("[data-testid=stButton] button")
    buttons.filter(has_text=re.compile("Reset")).first.click()
    browser_page.wait_for_function("() => /[?&]steps=0(&|$)/.test(location.search)")
    buttons.filter(has_text=re.compile("Step")).first.click()
    browser_page.wait_for_function("() => /[?&]steps=1(&|$)/.test(location.search)")


@pytest.mark.browser
def test_entropy_text_link_shows_three_bits_per_symbol(app_url, browser_page):
    _open(browser_page, f"{app_url}/entropy?text=jteikfqa")
    metrics = browser_page.get_by_test_id("stMetricValue")
    for index, value in enumerate(["3 bits", "24 bits", "24 bits"]):
        expect(metrics.nth(index)).to_have_text(value, timeout=60_000)
    assert "8 symbols, 8 of them distinct" in _main_text(browser_page)
    assert _query(browser_page, "text") == "jteikfqa"


@pytest.mark.browser
def test_entropy_outcomes_link_shows_ten_bits(app_url, browser_page):
    _open(browser_page, f"{app_url}/entropy?n=1024")
    browser_page.get_by_text("Number of outcomes n").scroll_into_view_if_needed()
    ten_bits = browser_page.get_by_test_id("stMetricValue").filter(has_text="10 bits")
    expect(ten_bits).to_have_count(1, timeout=60_000)
    assert _query(browser_page, "n") == "1024"
