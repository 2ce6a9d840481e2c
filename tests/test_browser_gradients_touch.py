"""The Gradients page's logit bars in headless Chromium: dragged or moved with the keys, they
rewrite the typed field and the link, the gradient under each bar follows while dragging (a
preview that agrees with ce_core), and at 1366×768 the bars, the headline numbers and the
gradient chart are on one screen."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest
from playwright.sync_api import expect

import ce_core as cc
from ce_ui.format import sig
from ce_ui.i18n import translate
from tests.conftest import wait_for_app

pytestmark = pytest.mark.browser
COLD_START = 120_000


def logits_of_bars(page) -> list[float]:
    return [float(h.get_attribute("aria-valuenow")) for h in page.locator(".ce-handle").all()]


def gradient_cells(page) -> list[str]:
    return [cell.get_attribute("data-value") for cell in page.locator(".ce-grad").all()]


def url_z(page) -> str | None:
    return parse_qs(urlparse(page.url).query).get("z", [None])[0]


def test_keys_and_a_drag_on_a_logit_bar_rewrite_the_field_the_url_and_the_gradient(
    app_url, browser_page
):
    errors = []
    browser_page.on("pageerror", lambda error: errors.append(str(error)))
    browser_page.goto(f"{app_url}/gradients?y=0&z=2,1,0.1")
    wait_for_app(browser_page, timeout=COLD_START)
    field = browser_page.get_by_role(
        "textbox", name=translate("en", "gradients.z_label"), exact=True
    )
    expected = [sig(v + 0.0) for v in cc.cross_entropy_grad(0, np.array([2.0, 1.0, 0.1]))]
    first_cell = browser_page.locator(".ce-grad").first
    expect(first_cell).to_have_attribute("data-value", expected[0], timeout=60_000)  # cold start
    assert gradient_cells(browser_page) == expected == ["−0.341", "0.2424", "0.09857"]

    # A key press: class 1's logit up by 1, sent at once.
    browser_page.locator(".ce-handle").nth(1).focus()
    browser_page.keyboard.press("PageUp")
    browser_page.wait_for_function(
        "() => new URLSearchParams(location.search).get('z') === '2,2,0.1'", timeout=COLD_START
    )
    wait_for_app(browser_page)
    expect(field).to_have_value("2, 2, 0.1")
    exact = [sig(v + 0.0) for v in cc.cross_entropy_grad(0, np.array([2.0, 2.0, 0.1]))]
    expect(browser_page.locator(".ce-grad").nth(1)).to_have_attribute("data-value", exact[1])
    assert gradient_cells(browser_page) == exact
    loss = sig(cc.categorical_cross_entropy(0, np.array([2.0, 2.0, 0.1]), from_logits=True))
    metric = browser_page.get_by_test_id("stMetric").filter(
        has_text=translate("en", "gradients.loss_metric", unit="nats")
    )
    expect(metric.first).to_contain_text(loss)

    # A drag: while the pointer is down, the gradients follow in the browser.
    column = browser_page.locator(".ce-column").nth(2)
    column.scroll_into_view_if_needed()
    box = column.bounding_box()
    x = box["x"] + box["width"] / 2
    browser_page.mouse.move(x, box["y"] + box["height"] * 0.5)
    browser_page.mouse.down()
    browser_page.mouse.move(x, box["y"] + box["height"] * 0.15, steps=4)
    dragged = logits_of_bars(browser_page)
    assert dragged[2] > 2  # class 2 is now the largest logit
    preview = [sig(v + 0.0) for v in cc.cross_entropy_grad(0, np.array(dragged))]
    assert gradient_cells(browser_page) == preview
    browser_page.mouse.up()
    browser_page.wait_for_function(
        "() => new URLSearchParams(location.search).get('z') !== '2,2,0.1'", timeout=COLD_START
    )
    wait_for_app(browser_page)
    sent = [float(v) for v in url_z(browser_page).split(",")]
    assert sent == pytest.approx(dragged, rel=1e-5)
    assert field.input_value().replace(" ", "") == url_z(browser_page)
    assert errors == []


def test_the_bars_the_headline_numbers_and_the_chart_fit_one_1366x768_screen(app_url, browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    try:
        for query in ("y=0&p=0.1,0.5,0.1,0.1,0.2", "y=2&z=1,2,0.5,-1,0.3"):
            page.goto(f"{app_url}/gradients?{query}")
            wait_for_app(page, timeout=COLD_START)
            page.locator(".ce-grad").first.wait_for(timeout=60_000)
            page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
            page.wait_for_timeout(1000)
            page.screenshot(path=f"/tmp/gradients_1366_{query[:3]}.png")
            boxes = {
                "bars": page.locator(".ce-bars").bounding_box(),
                "loss": page.get_by_test_id("stMetricValue").nth(0).bounding_box(),
                "true class ŷ": page.get_by_test_id("stMetricValue").nth(1).bounding_box(),
                "chart": page.locator(".js-plotly-plot").first.bounding_box(),
            }
            for name, box in boxes.items():
                assert box is not None, name
                assert box["x"] >= 0 and box["y"] >= 0, (query, name, box)
                assert box["x"] + box["width"] <= 1366, (query, name, box)
                assert box["y"] + box["height"] <= 768, (query, name, box)
    finally:
        context.close()
