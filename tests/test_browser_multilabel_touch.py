"""The Multi-label page's independent sigmoid bars in headless Chromium: a key press and a drag
rewrite the typed probabilities and the URL, the readout gives the moved label's binary CE from
ce_core in the page's units, and at 1366×768 the bars, the headline numbers and the chart are on
one screen without scrolling."""

from __future__ import annotations

import math
from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest
from playwright.sync_api import expect

import ce_core as cc
from ce_ui.format import sig, sig_padded
from ce_ui.i18n import translate
from tests.conftest import wait_for_app

pytestmark = pytest.mark.browser
COLD_START = 120_000  # ms
Y = np.array([1.0, 0, 0, 0, 0])


def url_p(page) -> list[float]:
    return [float(v) for v in parse_qs(urlparse(page.url).query)["p"][0].split(",")]


def open_multilabel(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page, timeout=COLD_START)
    page.wait_for_selector(".ce-bars [role=slider]", timeout=COLD_START)


def binary_sum_metric(page):
    label = translate("en", "multilabel.metric_binary", unit="nats")
    return page.get_by_test_id("stMetric").filter(has_text=label).first


def test_a_key_and_a_drag_move_the_typed_probabilities_and_the_url(app_url, browser_page):
    errors = []
    browser_page.on("pageerror", lambda error: errors.append(str(error)))
    open_multilabel(browser_page, f"{app_url}/multilabel?y=1,0,0,0,0&p=0.1,0.5,0.1,0.1,0.2")
    field = browser_page.get_by_role(
        "textbox", name=translate("en", "multilabel.p_label"), exact=True
    )
    handles = browser_page.locator(".ce-bars [role=slider]")
    assert handles.count() == 5  # one independent bar per class

    handles.nth(1).focus()
    handles.nth(1).press("ArrowDown")  # 0.5 → 0.49: a negative's probability, lowered
    browser_page.wait_for_function(
        "() => new URLSearchParams(location.search).get('p') === '0.1,0.49,0.1,0.1,0.2'",
        timeout=COLD_START,
    )
    wait_for_app(browser_page)
    expect(field).to_have_value("0.1, 0.49, 0.1, 0.1, 0.2")
    readout = browser_page.locator(".ce-readout")
    expect(readout).to_have_attribute("data-source", "exact")
    term = float(cc.binary_cross_entropy(np.array([0.0]), np.array([0.49]), reduction="sum"))
    expect(readout).to_contain_text(f"{sig(term)} nats")  # the moved label's own binary CE
    p = np.array([0.1, 0.49, 0.1, 0.1, 0.2])
    total = float(cc.binary_cross_entropy(Y, p, reduction="sum"))
    expect(binary_sum_metric(browser_page)).to_contain_text(sig_padded(total))

    column = browser_page.locator(".ce-column").nth(4)
    box = column.bounding_box()
    x = box["x"] + box["width"] / 2
    browser_page.mouse.move(x, box["y"] + box["height"] * 0.8)
    browser_page.mouse.down()
    browser_page.mouse.move(x, box["y"] + box["height"] * 0.3, steps=5)
    browser_page.mouse.up()
    browser_page.wait_for_function(
        "() => new URLSearchParams(location.search).get('p').split(',')[4] !== '0.2'",
        timeout=COLD_START,
    )
    wait_for_app(browser_page)
    dragged = url_p(browser_page)
    assert dragged[:4] == [0.1, 0.49, 0.1, 0.1]  # independent: the other bars stay
    assert 0.5 < dragged[4] < 0.9
    expect(field).to_have_value(", ".join(f"{v:g}" for v in dragged))
    term = float(cc.binary_cross_entropy(np.array([0.0]), np.array([dragged[4]]), reduction="sum"))
    expect(readout).to_contain_text(f"{sig(term)} nats")

    field.fill("0.9, 0.05, 0.05, 0.05, 0.05")  # typing moves the bars back
    field.press("Enter")
    browser_page.wait_for_function(
        "() => new URLSearchParams(location.search).get('p') === '0.9,0.05,0.05,0.05,0.05'",
        timeout=COLD_START,
    )
    wait_for_app(browser_page)
    now = [float(v) for v in handles.evaluate_all("hs => hs.map(h => h.ariaValueNow)")]
    assert now == pytest.approx([0.9, 0.05, 0.05, 0.05, 0.05])
    assert errors == []


@pytest.mark.parametrize("query", ["", "?lang=ru&units=bits"])
def test_bars_numbers_and_chart_share_one_1366_by_768_screen(app_url, browser, query):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    try:
        open_multilabel(page, f"{app_url}/multilabel{query}")
        assert page.evaluate("() => window.scrollY") == 0
        main = page.get_by_test_id("stMain")
        boxes = {
            "bars": page.locator(".ce-bars").bounding_box(),
            "chart": main.get_by_test_id("stPlotlyChart").first.bounding_box(),
        }
        metrics = main.get_by_test_id("stMetric")
        assert metrics.count() >= 3
        for index in range(3):  # section 1's headline numbers
            boxes[f"metric {index}"] = metrics.nth(index).bounding_box()
        for name, box in boxes.items():
            assert box is not None, name
            assert box["x"] >= 0 and box["x"] + box["width"] <= 1366, (name, box)
            assert box["y"] >= 0 and box["y"] + box["height"] <= 768, (name, box)
        page.screenshot(path=str(_screenshot_path(query)))
    finally:
        context.close()


def _screenshot_path(query: str):
    import tempfile
    from pathlib import Path

    name = "multilabel_1366x768" + ("_ru_bits" if query else "") + ".png"
    return Path(tempfile.gettempdir()) / name


def test_the_readout_uses_bits_when_the_page_does(app_url, browser_page):
    open_multilabel(browser_page, f"{app_url}/multilabel?units=bits")
    handle = browser_page.locator(".ce-bars [role=slider]").first
    handle.focus()
    handle.press("ArrowUp")  # the true class: 0.1 → 0.11
    browser_page.wait_for_function(
        "() => new URLSearchParams(location.search).get('p') === '0.11,0.5,0.1,0.1,0.2'",
        timeout=COLD_START,
    )
    wait_for_app(browser_page)
    readout = browser_page.locator(".ce-readout")
    expect(readout).to_have_attribute("data-source", "exact")
    bits = translate("en", "common.unit_bits")
    expect(readout).to_contain_text(f"{sig(-math.log2(0.11))} {bits}")
