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


def in_first_screen(locator, height: int) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


@pytest.mark.browser
def test_stop_is_near_the_top_and_keeps_what_finished(app_url, browser):
    """On a projector (1280×720), Train, the progress bar and Stop are on the first screen; Stop
    ends the run (nothing trains on behind the page) and the model that finished stays shown."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    train = page.get_by_role("button", name="Train", exact=True)
    stop = page.get_by_test_id("stMain").get_by_role("button", name="Stop")
    # Long enough (two networks, 200 epochs of 8 images) that the page asks before training.
    settings = "loss=ce&model=mlp&epochs=200&batch=8&seed=7332"
    page.goto(f"{app_url}/training?{settings}&compare=none")
    wait_for_app(page, timeout=120_000)
    assert in_first_screen(train, 720)
    train.click()  # cross-entropy alone, to the end
    page.get_by_text("Results on the").wait_for(timeout=120_000)

    page.goto(f"{app_url}/training?{settings}&compare=smoothing")
    wait_for_app(page, timeout=60_000)
    train.click()
    progress = page.get_by_test_id("stProgress")
    progress.wait_for(timeout=60_000)
    assert in_first_screen(progress, 720) and in_first_screen(stop, 720)
    assert "(2 of 2)" in page.get_by_test_id("stMain").inner_text()
    stop.click()
    page.get_by_text("Training stopped: Label smoothing did not finish").wait_for(timeout=30_000)
    wait_for_app(page, timeout=30_000)
    expect(train).to_have_count(1, timeout=30_000)
    assert progress.count() == 0 and stop.count() == 0
    headings = page.get_by_test_id("stHeading").all_inner_texts()
    assert "Cross-entropy" in headings and "Label smoothing" not in headings
    assert page.get_by_test_id("stException").count() == 0

    # A new session some seconds later: the stopped run did not go on training behind the page.
    page.wait_for_timeout(3_000)
    page.reload()
    wait_for_app(page, timeout=60_000)
    page.get_by_text("Results on the").wait_for(timeout=30_000)
    expect(train).to_have_count(1, timeout=30_000)
    assert "Label smoothing" not in page.get_by_test_id("stHeading").all_inner_texts()
    context.close()


@pytest.mark.browser
def test_the_side_by_side_table_fits_a_phone(app_url, browser):
    """At 390 px wide the table of the two losses shows all four columns without scrolling."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{app_url}/training?{QUERY}")
    wait_for_app(page, timeout=120_000)
    page.get_by_text("Side by side", exact=True).wait_for(timeout=60_000)
    table = page.get_by_test_id("stDataFrame")
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    scroll, shown = table.locator(".dvn-scroller").evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert scroll <= shown, "the table scrolls sideways on a phone"
    context.close()
