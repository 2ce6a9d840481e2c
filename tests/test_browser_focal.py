"""The Focal page on one screen (issue 15): at 1366×768, and at 1280×720 in presenter mode, the
inputs, the headline numbers and Figure 1 are in the viewport together, in English and Russian,
with no number or label cut; and the γ animation runs in the browser, without a rerun."""

from __future__ import annotations

import os

import pytest

from tests.conftest import wait_for_app

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("FOCAL_SCREENSHOTS")  # a directory: save what each case looked like

BOXES = """() => {
  const box = e => { const b = e.getBoundingClientRect();
                     return {top: b.top, bottom: b.bottom, left: b.left, right: b.right}; };
  const screen = document.querySelector('.st-key-focal-screen');
  const cut = e => e.scrollWidth > e.clientWidth + 1;
  return {
    inputs: box(document.querySelector('.st-key-focal-inputs')),
    values: [...screen.querySelectorAll('[data-testid="stMetricValue"]')].map(
      e => ({...box(e), cut: cut(e), text: e.innerText})),
    labels: [...screen.querySelectorAll('[data-testid="stMetricLabel"] p')].map(
      e => ({text: e.innerText, cut: cut(e)})),
    chart: box(screen.querySelector('.js-plotly-plot')),
    height: innerHeight, width: innerWidth,
  };
}"""


def open_focal(browser, app_url, width, height, query):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(f"{app_url}/focal?{query}")
    wait_for_app(page, timeout=120_000)
    page.wait_for_function(
        "document.querySelectorAll('.st-key-focal-screen [data-testid=\"stMetricValue\"]')"
        ".length === 4 && document.querySelector('.st-key-focal-screen .slider-container')",
        timeout=60_000,
    )
    return context, page


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize(
    ("width", "height", "present"), [(1366, 768, False), (1280, 720, True)], ids=["1366", "present"]
)
def test_inputs_numbers_and_chart_on_one_screen(browser, app_url, lang, width, height, present):
    query = f"gamma=2&p=0.9&lang={lang}" + ("&present=1" if present else "")
    context, page = open_focal(browser, app_url, width, height, query)
    try:
        # Scrolled past the title (under Streamlit's header, which covers the top 60 px unless
        # presenting), the three are on screen together.
        header = 8 if present else 64
        page.evaluate(
            """header => { const e = document.querySelector('.st-key-focal-screen');
                           e.style.scrollMarginTop = header + 'px';
                           e.scrollIntoView({block: 'start'}); }""",
            header,
        )
        page.wait_for_timeout(500)
        boxes = page.evaluate(BOXES)
        if SHOTS:
            page.screenshot(path=os.path.join(SHOTS, f"focal-{width}-{lang}.png"))
        for name in ("inputs", "chart"):
            box = boxes[name]
            assert box["top"] >= header - 1 and box["bottom"] <= height, (name, box)
            assert 0 <= box["left"] and box["right"] <= width, (name, box)
        assert [value["text"] for value in boxes["values"]] == [
            "0.1054",
            "0.001054",
            "100×",
            "0.01",
        ]
        for value in boxes["values"]:
            assert value["top"] >= header - 1 and value["bottom"] <= height, value
            assert not value["cut"], value  # "0.001…" in presenter mode before
        assert len(boxes["labels"]) == 4 and not [
            label for label in boxes["labels"] if label["cut"]
        ]
        # Inputs left, numbers and chart right: two columns.
        assert boxes["inputs"]["right"] <= boxes["chart"]["left"]
    finally:
        context.close()


def test_the_gamma_animation_plays_in_the_browser_without_a_rerun(browser, app_url):
    context, page = open_focal(browser, app_url, 1366, 768, "gamma=2&p=0.9")
    try:
        url = page.url
        chart = page.locator(".st-key-focal-screen .js-plotly-plot").first
        chart.scroll_into_view_if_needed()
        shown = (  # the slider's current value, "γ = 2"
            "[...document.querySelectorAll('.st-key-focal-screen .slider-container text')]"
            ".map(text => text.textContent.trim()).find(text => text.startsWith('γ = '))"
        )
        assert page.evaluate(shown) == "γ = 2"
        chart.locator(".updatemenu-button", has_text="Play").click()
        page.wait_for_function(f"{shown} !== 'γ = 2'", timeout=30_000)
        page.wait_for_function(f"{shown} === 'γ = 5'", timeout=60_000)
        # It ran to the end in the browser: the page's γ, its numbers and its link are unchanged.
        assert page.url == url
        assert page.get_by_test_id("stMetricValue").nth(1).inner_text() == "0.001054"
    finally:
        context.close()
