"""The Multi-label and Focal pages in headless Chromium: the issue's links open with their numbers
on screen, the charts drawn, and the state in the address bar."""

import re

import pytest

from tests.conftest import wait_for_app


def _metric_values(page, count: int) -> list[str]:
    """The texts of the page's metrics, once ``count`` of them are drawn."""
    page.wait_for_function(
        "count => document.querySelectorAll('[data-testid=\"stMetricValue\"]').length >= count",
        arg=count,
        timeout=60_000,
    )
    return [value.inner_text() for value in page.get_by_test_id("stMetricValue").all()]


def _wait_for_charts(page, count: int) -> None:
    # Plotly draws after the script has finished: give a loaded machine time.
    page.wait_for_function(
        f"() => document.querySelectorAll('.js-plotly-plot').length === {count}", timeout=60_000
    )


@pytest.mark.browser
def test_multilabel_link_shows_the_many_class_numbers(app_url, browser_page):
    browser_page.goto(f"{app_url}/multilabel?classes=1000&positives=2&p_pos=0.8&p_neg=0.1")
    wait_for_app(browser_page, timeout=60_000)
    values = _metric_values(browser_page, 7)
    for number in ("2.303", "3.430", "0.4463", "105.1", "105.6", "99.58 %"):
        assert number in values
    _wait_for_charts(browser_page, 3)
    main = browser_page.get_by_test_id("stMain").inner_text()
    assert "998 negatives against 2 positives" in " ".join(main.split())
    for key, value in (("classes", "1000"), ("positives", "2"), ("p_pos", "0.8"), ("p_neg", "0.1")):
        assert re.search(rf"[?&]{key}={re.escape(value)}(&|$)", browser_page.url)


@pytest.mark.browser
def test_multilabel_two_labels_link(app_url, browser_page):
    browser_page.goto(f"{app_url}/multilabel?y=1,0,0,0,1&p=0.1,0.5,0.1,0.1,0.9")
    wait_for_app(browser_page, timeout=60_000)
    values = _metric_values(browser_page, 8)
    assert "3.312" in values and "0.6931" in values


@pytest.mark.browser
def test_focal_link_shows_the_focal_loss_and_the_down_weighting(app_url, browser_page):
    browser_page.goto(f"{app_url}/focal?gamma=2&p=0.9")
    wait_for_app(browser_page, timeout=60_000)
    values = _metric_values(browser_page, 4)
    assert values == ["0.1054", "0.001054", "100×", "0.01"]
    _wait_for_charts(browser_page, 4)
    from playwright.sync_api import expect

    # The table is a data grid (page.table): its cells are the grid's accessible table cells.
    cells = browser_page.get_by_test_id("stDataFrame").locator("td")
    expect(cells.filter(has_text="976.6×")).to_have_count(1, timeout=30_000)
    assert re.search(r"[?&]gamma=2(&|$)", browser_page.url)
    # The link to the Multi-label page carries the scenario.
    link = browser_page.get_by_role("link", name=re.compile("Multi-label page"))
    assert "classes=1000" in link.get_attribute("href")


@pytest.mark.browser
def test_the_scenario_travels_between_the_two_pages(app_url, browser_page):
    browser_page.goto(f"{app_url}/multilabel?classes=5000&positives=3&p_pos=0.7&p_neg=0.05")
    wait_for_app(browser_page, timeout=60_000)
    browser_page.get_by_role("link", name="This scenario under focal loss").click()
    browser_page.wait_for_url("**/focal?**", timeout=60_000)
    _metric_values(browser_page, 4)
    fields = browser_page.get_by_test_id("stNumberInputField").all()
    assert [field.input_value() for field in fields] == ["5000", "3", "0.7", "0.05"]
    browser_page.get_by_role("link", name="Back to this scenario on the Multi-label page").click()
    browser_page.wait_for_url("**/multilabel?**", timeout=60_000)
    _metric_values(browser_page, 7)
    assert re.search(r"[?&]classes=5000(&|$)", browser_page.url)
