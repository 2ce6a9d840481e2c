"""The Training page in headless Chromium: a shared link trains both models and shows their
numbers, charts and digit gallery."""

import pytest
from playwright.sync_api import expect

from tests.conftest import wait_for_app
from tests.test_page_training import expected_metrics, reference

QUERY = "loss=ce&compare=weighted&imbalance=0.1&rare=0,1,2,3,4&epochs=10&seed=1"


@pytest.mark.browser
def test_shared_link_trains_and_shows_both_models(app_url, browser_page):
    browser_page.goto(f"{app_url}/training?{QUERY}")
    wait_for_app(browser_page, timeout=120_000)
    browser_page.get_by_text("Results on the 451 test images").wait_for(timeout=60_000)

    settings = {"reduced": (0, 1, 2, 3, 4), "keep": 0.1, "epochs": 10, "seed": 1}
    ce_run, data = reference("ce", **settings)
    weighted_run, _ = reference("weighted", **settings)
    rare = settings["reduced"]
    expected = [
        *expected_metrics(ce_run, data, rare).values(),
        *expected_metrics(weighted_run, data, rare).values(),
    ]
    # Training streams its results in: wait for all of them, not only the heading.
    expect(browser_page.get_by_test_id("stMetricValue")).to_have_text(expected, timeout=60_000)

    page_text = browser_page.get_by_test_id("stMain").inner_text()
    assert "Class-weighted cross-entropy" in page_text
    assert f"so the model trains on {data.train_labels.size} images" in page_text
    assert browser_page.locator(".js-plotly-plot").count() == 2  # loss and accuracy curves

    # The gallery of the highest-loss test digits, one column per loss.
    browser_page.get_by_test_id("stButtonGroup").get_by_text("Highest-loss digits").click()
    wait_for_app(browser_page, timeout=60_000)
    gallery = browser_page.locator('[data-testid="stMain"] [data-testid="stImage"] img')
    gallery.nth(15).wait_for(timeout=30_000)
    assert gallery.count() == 16
    browser_page.wait_for_url("**view=gallery**", timeout=30_000)
    assert browser_page.get_by_test_id("stProgress").count() == 0
    url = browser_page.url
    for part in ("loss=ce", "compare=weighted", "imbalance=0.1", "epochs=10", "seed=1"):
        assert part in url

    # A new session with the same settings takes both runs from the cache: same numbers, and the
    # progress updates of the first training are not replayed.
    browser_page.reload()
    wait_for_app(browser_page, timeout=60_000)
    browser_page.get_by_text("Results on the 451 test images").wait_for(timeout=30_000)
    expect(browser_page.get_by_test_id("stMetricValue")).to_have_text(expected, timeout=30_000)
    assert browser_page.get_by_test_id("stException").count() == 0
    assert browser_page.get_by_test_id("stProgress").count() == 0
