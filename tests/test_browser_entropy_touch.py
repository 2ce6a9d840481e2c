"""The Entropy page's draggable p and q bars in headless Chromium: a drag or a key press rewrites
the typed field and the URL, the live readout shows H(p), H(p, q) and KL(p‖q) and gives way to
ce_core's numbers, and at 1366×768 the bars, the headline numbers and the chart fit one screen."""

from __future__ import annotations

import math
from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest
from playwright.sync_api import expect

import ce_core as cc
from ce_ui.format import sig
from ce_ui.i18n import translate
from tests.conftest import wait_for_app

pytestmark = pytest.mark.browser
COLD_START = 120_000  # ms
START = "/entropy?p=0.5,0.25,0.125,0.125&q=0.25,0.25,0.25,0.25&units=bits"


def en(key: str, **values) -> str:
    return translate("en", key, **values)


def url_vector(page, key: str) -> list[float]:
    return [float(v) for v in parse_qs(urlparse(page.url).query)[key][0].split(",")]


def bar_values(bars) -> list[float]:
    return [
        float(v)
        for v in bars.locator("[role=slider]").evaluate_all(
            "handles => handles.map(h => h.getAttribute('aria-valuenow'))"
        )
    ]


def metric(page, key: str):
    label = en(key, unit="bits")
    return page.get_by_test_id("stMetric").filter(has_text=label).first


def test_dragging_p_and_pressing_keys_on_q_rewrite_the_fields_and_the_url(app_url, browser_page):
    errors = []
    browser_page.on("pageerror", lambda error: errors.append(str(error)))
    browser_page.goto(app_url + START)
    wait_for_app(browser_page, timeout=COLD_START)
    p_bars, q_bars = (
        browser_page.locator(".ce-bars").nth(0),
        browser_page.locator(".ce-bars").nth(1),
    )
    expect(p_bars).to_have_attribute("aria-label", en("touch.group_entropy_p"))
    p_field = browser_page.get_by_role("textbox", name=en("entropy.p_label"), exact=True)
    q_field = browser_page.get_by_role("textbox", name=en("entropy.q_label"), exact=True)

    column = p_bars.locator(".ce-column").nth(0)
    column.scroll_into_view_if_needed()
    box = column.bounding_box()
    x = box["x"] + box["width"] / 2
    browser_page.mouse.move(x, box["y"] + box["height"] * 0.5)
    browser_page.mouse.down()
    browser_page.mouse.move(x, box["y"] + box["height"] * 0.2, steps=5)
    dragged = bar_values(p_bars)
    assert dragged[0] == pytest.approx(0.8, abs=0.01) and sum(dragged) == pytest.approx(1)
    assert dragged[2] == pytest.approx(dragged[3])  # the others rescaled in proportion
    readout = p_bars.locator(".ce-readout")
    assert readout.get_attribute("data-source") == "preview"
    p, q = np.array(dragged), np.full(4, 0.25)
    live = sig(cc.kl_divergence(p, q, base=2))
    assert en("touch.readout_kl", value=live, unit="bits") in readout.inner_text()
    browser_page.mouse.up()

    browser_page.wait_for_function(
        "() => new URLSearchParams(location.search).get('p') !== '0.5,0.25,0.125,0.125'",
        timeout=COLD_START,
    )
    wait_for_app(browser_page)
    typed = url_vector(browser_page, "p")
    assert typed == pytest.approx(dragged, abs=1e-5) and sum(typed) == pytest.approx(1, abs=1e-12)
    assert [float(v) for v in p_field.input_value().split(",")] == typed
    expect(readout).to_have_attribute("data-source", "exact", timeout=COLD_START)
    p = np.array(typed)
    entropy, kl = sig(cc.entropy(p, base=2)), sig(cc.kl_divergence(p, q, base=2))
    expect(metric(browser_page, "entropy.entropy_p")).to_contain_text(entropy)
    expect(metric(browser_page, "entropy.kl_pq")).to_contain_text(kl)
    expect(readout).to_contain_text(en("touch.readout_entropy", value=entropy, unit="bits"))
    expect(q_bars.locator(".ce-readout")).to_contain_text(
        en("touch.readout_kl", value=kl, unit="bits")
    )

    q_bars.locator("[role=slider]").nth(1).focus()
    browser_page.keyboard.press("ArrowUp")
    assert bar_values(q_bars)[1] == pytest.approx(0.26)
    browser_page.wait_for_function(
        "() => new URLSearchParams(location.search).get('q') !== '0.25,0.25,0.25,0.25'",
        timeout=COLD_START,
    )
    wait_for_app(browser_page)
    q_url = url_vector(browser_page, "q")
    assert q_url[1] == pytest.approx(0.26, abs=1e-5) and sum(q_url) == pytest.approx(1, abs=1e-12)
    assert [float(v) for v in q_field.input_value().split(",")] == q_url
    cross = sig(cc.cross_entropy(p, np.array(q_url), base=2))
    expect(metric(browser_page, "entropy.cross_entropy_pq")).to_contain_text(cross)

    q_field.fill("0.1, 0.2, 0.3, 0.4")
    q_field.press("Enter")
    browser_page.wait_for_function(
        "() => new URLSearchParams(location.search).get('q') === '0.1,0.2,0.3,0.4'",
        timeout=COLD_START,
    )
    wait_for_app(browser_page)
    expect(q_bars.locator(".ce-readout")).to_have_attribute("data-source", "exact")
    assert bar_values(q_bars) == pytest.approx([0.1, 0.2, 0.3, 0.4])
    assert errors == []


def test_at_1366_by_768_the_bars_the_numbers_and_the_chart_fit_one_screen(
    app_url, browser, tmp_path
):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    try:
        page.goto(app_url + START)
        wait_for_app(page, timeout=COLD_START)
        page.wait_for_selector(".ce-bars [role=slider]", timeout=COLD_START)
        heading = page.get_by_role("heading", name=en("entropy.pq_heading"))
        heading.evaluate("h => h.scrollIntoView({block: 'start'})")
        chart = page.locator(".js-plotly-plot").filter(has_text=en("entropy.stack_title"))
        expect(chart).to_have_count(1, timeout=COLD_START)
        page.wait_for_timeout(500)  # the scroll has settled
        page.screenshot(path=str(tmp_path / "entropy_1366x768.png"))  # to look at
        boxes = {
            "p field": page.get_by_role("textbox", name=en("entropy.p_label"), exact=True),
            "p bars": page.locator(".ce-bars").nth(0),
            "q bars": page.locator(".ce-bars").nth(1),
            "H(p)": metric(page, "entropy.entropy_p"),
            "H(p, q)": metric(page, "entropy.cross_entropy_pq"),
            "KL": metric(page, "entropy.kl_pq"),
            "chart": chart,
        }
        for name, locator in boxes.items():
            box = locator.bounding_box()
            assert box is not None, name
            assert box["x"] >= 0 and box["x"] + box["width"] <= 1366, (name, box)
            assert box["y"] >= 0 and box["y"] + box["height"] <= 768, (name, box)
    finally:
        context.close()


def test_the_live_readout_follows_the_units_and_the_language(app_url, browser_page):
    browser_page.goto(f"{app_url}/entropy?p=0.6,0.4&q=0.5,0.5&units=nats&lang=ru")
    wait_for_app(browser_page, timeout=COLD_START)
    readout = browser_page.locator(".ce-bars").nth(1).locator(".ce-readout")
    kl = sig(0.6 * math.log(1.2) + 0.4 * math.log(0.8))
    nats = translate("ru", "common.unit_nats")
    expect(readout).to_contain_text(
        translate("ru", "touch.readout_kl", value=kl, unit=nats), timeout=COLD_START
    )
    handle = browser_page.locator(".ce-bars").nth(1).locator("[role=slider]").first
    assert handle.get_attribute("aria-valuetext") == translate(
        "ru", "touch.valuetext_outcome", name="0", value="0.5"
    )
