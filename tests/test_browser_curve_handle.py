"""The curve handle (ce_ui.components.curve_handle) in headless Chromium: the browser's live
preview agrees with ce_core to the four significant digits shown (200 random states: p near 0
and near 1, both binary branches with and without an ε cap, focal curves of several γ with and
without α), keyboard and ARIA behaviour, a drag that reports on release, and on the Curves page
a drag rewrites the typed field and the URL, typing moves the point, and at 1366×768 the handle,
the slider, the headline numbers and the chart are on screen together."""

from __future__ import annotations

import math
from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest
from playwright.sync_api import expect

from ce_ui.components.curve_handle import exact_loss
from ce_ui.format import sig, unrounded
from ce_ui.i18n import translate
from tests.conftest import wait_for_app
from tests.live_server import streamlit_server

pytestmark = pytest.mark.browser
COLD_START = 120_000  # ms


@pytest.fixture(scope="module")
def handle_url(chromium_path) -> str:
    """A server running only the handle (tests/handle_app.py)."""
    with streamlit_server(script="tests/handle_app.py") as server:
        yield server.url


def open_handle(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(".ce-curve [role=slider]", timeout=COLD_START)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')


def watch_errors(page, app_url: str) -> list[str]:
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and "/_stcore/" not in (message.location or {}).get("url", "")
            and errors.append(message.text)
        ),
    )
    return errors


def value_now(page) -> float:
    return float(page.locator("[role=slider]").get_attribute("aria-valuenow"))


def random_probabilities(rng, count: int) -> list[float]:
    """A third anywhere in (0, 1), a third near 0 (down to 1e−15), a third near 1."""
    values = []
    for i in range(count):
        tiny = 10.0 ** -rng.uniform(2, 15)
        values.append(float((rng.uniform(0.001, 0.999), tiny, 1 - tiny)[i % 3]))
    return values


# (query, kind, options, units, states)
CONFIGS = [
    ("kind=binary&y=1", "binary", {"y": 1}, "nats", 40),
    ("kind=binary&y=0&units=bits", "binary", {"y": 0}, "bits", 40),
    ("kind=binary&y=1&eps=1e-7", "binary", {"y": 1, "eps": 1e-7}, "nats", 30),
    ("kind=binary&y=0&eps=0.01&units=bits", "binary", {"y": 0, "eps": 0.01}, "bits", 30),
    ("kind=focal&gammas=0,0.5,1,2,5&gamma=2", "focal", {"gamma": 2.0}, "nats", 30),
    (
        "kind=focal&gammas=0,2&gamma=5&alpha=0.25&units=bits",
        "focal",
        {"gamma": 5.0, "alpha": 0.25},
        "bits",
        30,
    ),
]


def test_the_preview_agrees_with_ce_core_in_200_random_states(handle_url, browser_page):
    rng = np.random.default_rng(15)
    checked = 0
    for query, kind, options, units, count in CONFIGS:
        open_handle(browser_page, f"{handle_url}/?{query}&units={units}")
        base = 2.0 if units == "bits" else math.e
        unit = translate("en", f"common.unit_{units}")
        for p in random_probabilities(rng, count):
            shown = browser_page.locator(".ce-curve").evaluate(
                "(root, p) => root.ceHandle.preview(p)", p
            )
            loss = exact_loss(p, kind, base=base, **options)
            state = f"{query} p={p!r}"
            assert shown["loss"] == sig(loss), state
            values = {"p": unrounded(p, 0, 1), "value": sig(loss), "unit": unit}
            if kind == "focal":
                values["gamma"] = sig(options["gamma"])
            assert shown["readout"] == translate("en", f"handle.readout_{kind}", **values), state
            checked += 1
    assert checked == 200


def test_the_browser_writes_numbers_as_sig_does(handle_url, browser_page):
    open_handle(browser_page, f"{handle_url}/?kind=binary")
    rng = np.random.default_rng(4)
    values = [1.0625, -1.0625, 10.125, 99995.0, 9999.5, 0.5, 2.5e-5, 1e-7, 5e-324, 0.99995]
    values += (rng.uniform(-1, 1, 200) * 10.0 ** rng.uniform(-12, 12, 200)).tolist()
    shown = browser_page.locator(".ce-curve").evaluate(
        "(root, values) => values.map(v => root.ceHandle.format(v))", values
    )
    assert shown == [sig(v) for v in values]


# ---------------------------------------------------------------- keyboard, ARIA, pointer


def test_keys_move_the_point_stay_inside_the_widget_and_report(handle_url, browser_page):
    errors = watch_errors(browser_page, handle_url)
    open_handle(browser_page, f"{handle_url}/?kind=binary&y=1&p=0.9")
    handle = browser_page.locator("[role=slider]")
    assert handle.get_attribute("tabindex") == "0"
    assert (handle.get_attribute("aria-valuemin"), handle.get_attribute("aria-valuemax")) == (
        "0",
        "1",
    )
    assert value_now(browser_page) == 0.9
    assert handle.get_attribute("aria-valuetext") == "p = 0.9, loss 0.1054 nats"
    assert handle.get_attribute("aria-label").startswith("Predicted probability p")
    assert browser_page.locator(".ce-curve-readout").get_attribute("aria-live") == "polite"
    handle.focus()
    assert handle.evaluate("h => getComputedStyle(h).boxShadow") != "none"  # the focus ring
    browser_page.evaluate(
        "() => { window.__keys = []; document.addEventListener('keydown', e => "
        "window.__keys.push(e.key)); }"
    )
    browser_page.keyboard.press("ArrowRight")
    assert value_now(browser_page) == pytest.approx(0.91)
    browser_page.keyboard.press("ArrowDown")
    browser_page.keyboard.press("ArrowDown")
    assert value_now(browser_page) == pytest.approx(0.89)
    browser_page.keyboard.press("PageDown")
    assert value_now(browser_page) == pytest.approx(0.79)
    browser_page.keyboard.press("End")
    assert value_now(browser_page) == 0.999
    browser_page.keyboard.press("PageUp")
    assert value_now(browser_page) == 0.999  # stays inside the range
    browser_page.keyboard.press("Home")
    assert value_now(browser_page) == 0.001
    browser_page.keyboard.press("r")  # Streamlit's "rerun" shortcut must not see it
    assert browser_page.evaluate("() => window.__keys") == []
    expect(browser_page.get_by_text("received: 0.001")).to_be_visible(timeout=COLD_START)
    readout = browser_page.locator(".ce-curve-readout")
    expect(readout).to_have_attribute("data-source", "exact", timeout=COLD_START)
    expect(readout).to_have_text(f"p = 0.001: loss {sig(-math.log(0.001))} nats")
    assert errors == []


def test_the_handle_is_a_large_target_and_larger_in_presenter_mode(handle_url, browser_page):
    open_handle(browser_page, f"{handle_url}/?kind=focal&gammas=0,2,5&gamma=2&p=0.6")
    box = browser_page.locator("[role=slider]").bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    assert browser_page.locator(".ce-curve-key").count() == 3
    assert browser_page.locator(".ce-curve-key.active").inner_text() == "γ = 2"
    open_handle(browser_page, f"{handle_url}/?kind=focal&gammas=0,2,5&gamma=2&p=0.6&present=1")
    box = browser_page.locator("[role=slider]").bounding_box()
    assert box["width"] >= 64 and box["height"] >= 64


def test_a_drag_follows_the_curve_and_reports_on_release(handle_url, browser_page):
    open_handle(browser_page, f"{handle_url}/?kind=binary&y=0&eps=0.01&p=0.2")
    plot = browser_page.locator(".ce-curve-plot")
    box = plot.bounding_box()
    geometry = plot.evaluate("p => p.parentElement.ceHandle.box()")
    inner = geometry["width"] - geometry["left"] - geometry["right"]

    def x_of(p):
        return box["x"] + geometry["left"] + p * inner

    handle_box = browser_page.locator("[role=slider]").bounding_box()
    assert handle_box["x"] + handle_box["width"] / 2 == pytest.approx(x_of(0.2), abs=1)
    browser_page.mouse.move(x_of(0.2), box["y"] + box["height"] / 2)
    browser_page.mouse.down()
    browser_page.mouse.move(x_of(0.7), box["y"] + box["height"] / 3, steps=5)
    readout = browser_page.locator(".ce-curve-readout")
    assert readout.get_attribute("data-source") == "preview"
    assert readout.get_attribute("aria-busy") == "true"
    held = value_now(browser_page)
    assert held == pytest.approx(0.7, abs=0.003)
    preview = readout.inner_text()
    assert preview == f"p = {unrounded(held, 0, 1)}: loss {sig(-math.log1p(-held))} nats"
    # The point sits on the y = 0 branch: its centre is where the curve is at p.
    on_curve = browser_page.locator(".ce-curve").evaluate(
        "(root, p) => root.ceHandle.yPx(root.ceHandle.loss(p))", held
    )
    handle_box = browser_page.locator("[role=slider]").bounding_box()
    assert handle_box["y"] + handle_box["height"] / 2 == pytest.approx(box["y"] + on_curve, abs=1)
    browser_page.mouse.up()
    expect(readout).to_have_attribute("data-source", "exact", timeout=COLD_START)
    assert readout.get_attribute("aria-busy") == "false"
    expect(browser_page.get_by_text(f"received: {held}")).to_be_visible(timeout=COLD_START)


def test_a_drag_that_rests_sends_its_value_before_the_release(handle_url, browser_page):
    open_handle(browser_page, f"{handle_url}/?kind=binary&p=0.5")
    plot = browser_page.locator(".ce-curve-plot")
    box = plot.bounding_box()
    browser_page.mouse.move(box["x"] + box["width"] * 0.55, box["y"] + box["height"] / 2)
    browser_page.mouse.down()
    browser_page.mouse.move(box["x"] + box["width"] * 0.35, box["y"] + box["height"] / 2, steps=3)
    held = value_now(browser_page)
    expect(browser_page.get_by_text(f"received: {held}")).to_be_visible(timeout=COLD_START)
    assert value_now(browser_page) == held  # the point stays under the pointer
    browser_page.mouse.up()


def test_a_quiz_hides_the_loss_from_the_readout_and_the_screen_reader(handle_url, browser_page):
    open_handle(browser_page, f"{handle_url}/?kind=binary&y=1&p=0.1&hide=1")
    readout = browser_page.locator(".ce-curve-readout")
    assert readout.inner_text() == "p = 0.1"
    assert browser_page.locator("[role=slider]").get_attribute("aria-valuetext") == "p = 0.1"
    browser_page.locator("[role=slider]").focus()
    browser_page.keyboard.press("ArrowLeft")
    assert readout.inner_text() == "p = 0.09"
    assert "2.303" not in browser_page.locator(".ce-curve").inner_text()


# ---------------------------------------------------------------- on the Curves page


def test_a_drag_on_curves_rewrites_the_field_and_the_url_and_back(app_url, browser_page):
    errors = watch_errors(browser_page, app_url)
    browser_page.set_viewport_size({"width": 1366, "height": 768})
    browser_page.goto(f"{app_url}/curves?p=0.9&y=1")
    wait_for_app(browser_page, timeout=COLD_START)
    browser_page.wait_for_selector(".ce-curve [role=slider]", timeout=COLD_START)
    browser_page.wait_for_function(
        "() => document.querySelectorAll('.js-plotly-plot').length === 3", timeout=30_000
    )
    # One screen at 1366×768, nothing scrolled: the handle's chart, the slider, the loss.
    assert browser_page.evaluate("() => window.scrollY") == 0
    loss_metric = browser_page.get_by_test_id("stMetric").filter(
        has_text=translate("en", "curves.metric_loss", unit="nats")
    )
    for element in (
        browser_page.locator(".ce-curve-plot"),
        browser_page.locator(".ce-curve-readout"),
        browser_page.get_by_test_id("stSlider").first,
        loss_metric.first,
    ):
        box = element.bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 768, box
        assert box["x"] >= 0 and box["x"] + box["width"] <= 1366, box

    field = browser_page.get_by_label(translate("en", "curves.p_exact"), exact=True)
    plot = browser_page.locator(".ce-curve-plot")
    box = plot.bounding_box()
    geometry = plot.evaluate("p => p.parentElement.ceHandle.box()")
    inner = geometry["width"] - geometry["left"] - geometry["right"]
    y = box["y"] + box["height"] / 2
    browser_page.mouse.move(box["x"] + geometry["left"] + 0.9 * inner, y)
    browser_page.mouse.down()
    browser_page.mouse.move(box["x"] + geometry["left"] + 0.25 * inner, y, steps=6)
    held = value_now(browser_page)
    assert held == pytest.approx(0.25, abs=0.003)
    browser_page.mouse.up()
    browser_page.wait_for_function(
        "() => new URLSearchParams(location.search).get('p') !== '0.9'", timeout=COLD_START
    )
    wait_for_app(browser_page)
    url_p = float(parse_qs(urlparse(browser_page.url).query)["p"][0])
    assert url_p == held
    expect(field).to_have_value(f"{held:g}", timeout=COLD_START)
    loss = sig(-math.log(held))
    expect(loss_metric.first).to_contain_text(loss)
    readout = browser_page.locator(".ce-curve-readout")
    expect(readout).to_have_attribute("data-source", "exact")
    expect(readout).to_have_text(f"p = {unrounded(held, 0, 1)}: loss {loss} nats")

    field.fill("0.05")
    field.press("Enter")
    browser_page.wait_for_function(
        "() => new URLSearchParams(location.search).get('p') === '0.05'", timeout=COLD_START
    )
    wait_for_app(browser_page)
    expect(browser_page.locator("[role=slider]")).to_have_attribute("aria-valuenow", "0.05")
    expect(readout).to_have_text(f"p = 0.05: loss {sig(-math.log(0.05))} nats")
    assert errors == []


def test_curves_in_presenter_mode_at_1280_by_720_keeps_the_handle_on_screen(app_url, browser_page):
    browser_page.set_viewport_size({"width": 1280, "height": 720})
    browser_page.goto(f"{app_url}/curves?p=0.3&y=0&present=1")
    wait_for_app(browser_page, timeout=COLD_START)
    browser_page.wait_for_selector(".ce-curve [role=slider]", timeout=COLD_START)
    handle = browser_page.locator("[role=slider]").bounding_box()
    assert handle["width"] >= 64
    plot = browser_page.locator(".ce-curve-plot").bounding_box()
    assert plot["y"] + plot["height"] <= 720
