"""Keyboard only, in headless Chromium (issue 18, WCAG 2.1.1, 2.1.2, 2.4.7): every page is walked
with Tab and Shift+Tab, and each kind of control is reached and operated with Tab, Shift+Tab, the
arrow keys, Enter and Space (and typing, in text fields): preset buttons, text and number fields,
sliders (Streamlit's, the draggable bars and the curve handle, which are ARIA sliders, and the
animation's own), Play and Step on Gradients, Train on Training, Reveal in a quiz, and the share
panel. After each, something really changed: a number on the page, a chart, or the address.
Wherever focus lands it is visible (an outline or a box shadow), and nothing traps it: Tab goes
round the whole page and back to its start, and Shift+Tab goes back the same way. A chart's text
alternative is in the accessibility tree without taking room, and its data table opens by
keyboard.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from ce_ui.frame import PAGES
from ce_ui.i18n import translate
from tests.conftest import wait_for_app
from tests.live_server import PORTS_VARIABLE, streamlit_server

pytestmark = pytest.mark.browser

PORTS = "8762-8769"
"""The loopback ports this test's server may use (set here, not left to chance)."""
COLD_START = 120_000  # ms
MOST_TABS = 400
"""Far more stops than the longest page has (about 100 at its defaults, each chart's eight
toolbar buttons among them)."""
FEWEST_STOPS = 20
"""A page's walk reaches at least this many distinct controls (the sidebar alone has 19)."""

FOCUSED = """() => {
  let element = document.activeElement;
  while (element && element.shadowRoot && element.shadowRoot.activeElement) {
    element = element.shadowRoot.activeElement;  // into a component's shadow root
  }
  if (!element || element === document.body || element === document.documentElement) {
    return null;
  }
  window.ceFocusIds = window.ceFocusIds || new WeakMap();  // a number for each element met
  window.ceFocusNext = window.ceFocusNext || 1;
  if (!window.ceFocusIds.has(element)) window.ceFocusIds.set(element, window.ceFocusNext++);
  const rings = (one) => {
    const style = getComputedStyle(one);
    const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    return outlined || style.boxShadow !== "none";
  };
  // A data grid draws its cells on a canvas and focuses an invisible stand-in cell: its ring is
  // the grid's own (accessibility.css), around the whole grid.
  const grid = element.closest("[data-testid=stDataFrame]");
  let ringed = element;
  while (ringed && !rings(ringed)) ringed = ringed.parentElement;
  const box = (ringed || element).getBoundingClientRect();
  return {
    id: window.ceFocusIds.get(element),
    tag: element.tagName.toLowerCase(),
    role: element.getAttribute("role") || "",
    name: (element.getAttribute("aria-label") || element.innerText || element.value || "")
      .trim().slice(0, 80),
    visible: ringed === element || (ringed !== null && ringed === grid),
    sized: box.width > 0 && box.height > 0,
  };
}"""


def en(key: str, **values) -> str:
    return translate("en", key, **values)


@pytest.fixture(scope="module")
def keyboard_url(chromium_path) -> str:
    with pytest.MonkeyPatch.context() as env:
        env.setenv(PORTS_VARIABLE, PORTS)
        with streamlit_server() as server:
            yield server.url


@pytest.fixture
def page(browser_page):
    return browser_page


def open_page(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page, timeout=COLD_START)
    page.locator("body").focus()  # the walk starts from the top, as after loading


def focused(page) -> dict | None:
    return page.evaluate(FOCUSED)


def press(page, key: str) -> dict | None:
    """Press ``key`` and return what has focus then, checking that its focus is visible."""
    page.keyboard.press(key)
    now = focused(page)
    if now is not None:
        assert now["visible"], f"focus is not visible on {now}"
    return now


def tab_to(page, matches, *, backwards: bool = False) -> dict:
    """Tab (or Shift+Tab) until the focused element ``matches``; fail if it never does."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(MOST_TABS):
        now = press(page, key)
        if now is not None and matches(now):
            return now
    raise AssertionError(f"{key} never reached the control")


def named(text: str, role: str | None = None):
    """The control whose name is ``text`` (after its icon, for a button with one)."""

    def matches(now: dict) -> bool:
        shown = now["name"].split("\n")[-1].strip()
        return text in (now["name"], shown) and (role is None or now["role"] == role)

    return matches


def press_button(page, label: str, key: str = "Enter") -> None:
    """Tab to the button named ``label`` and press it with ``key``."""
    button = tab_to(page, named(label))
    assert button["tag"] == "button", button
    press(page, key)


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def metric(page, label: str):
    metrics = page.get_by_test_id("stMetric").filter(has_text=label)
    return metrics.get_by_test_id("stMetricValue").first


@pytest.mark.parametrize("info", PAGES, ids=[info.id for info in PAGES])
def test_tab_goes_round_every_page_with_focus_always_visible(page, keyboard_url, info):
    path = "" if info.id == "home" else info.id
    open_page(page, f"{keyboard_url}/{path}")
    stops = []
    for _ in range(MOST_TABS):
        now = press(page, "Tab")
        if now is None and stops:
            break  # past the last control: the browser's own stop, then round again
        if now is not None:
            assert now["sized"], f"focus went to something not on screen: {now}"
            if not stops or stops[-1]["id"] != now["id"]:  # a data grid takes a Tab per column
                stops.append(now)
    else:
        raise AssertionError(f"{MOST_TABS} Tabs did not go round the page: trapped at {stops[-1]}")
    seen, repeated = set(), []
    for stop in stops:
        if stop["id"] in seen:
            repeated.append(stop)
        seen.add(stop["id"])
    assert not repeated, f"Tab came back to these before the end of the page: {repeated}"
    assert len(seen) >= FEWEST_STOPS
    again = press(page, "Tab")
    assert again is not None and again["id"] == stops[0]["id"], "Tab does not come back round"
    # Shift+Tab walks the same controls backwards: from the first, round to the last.
    back = press(page, "Shift+Tab")
    back = back if back is not None else press(page, "Shift+Tab")
    assert back is not None and back["id"] == stops[-1]["id"]
    for expected in reversed(stops[-6:-1]):
        now = press(page, "Shift+Tab")
        while now["id"] == back["id"]:  # back through a data grid's columns
            now = press(page, "Shift+Tab")
        assert now["id"] == expected["id"]
        back = now


def test_playground_presets_fields_and_bars_by_keyboard(page, keyboard_url):
    open_page(page, f"{keyboard_url}/playground")
    loss = metric(page, "Loss")
    # A draggable bar, an ARIA slider: the arrow keys move it; the loss and the address follow.
    before, start = loss.inner_text(), query(page).get("p")
    tab_to(page, lambda now: now["role"] == "slider")
    for _ in range(5):
        press(page, "ArrowDown")
    expect(loss).not_to_have_text(before, timeout=30_000)
    page.wait_for_url(lambda url: query_of(url).get("p") != start, timeout=30_000)
    # A text field (Tab selects its text, typing replaces it): Enter applies what was typed.
    before = loss.inner_text()
    tab_to(page, named(en("playground.p_label")))
    page.keyboard.type("0.5, 0.25, 0.25")
    press(page, "Enter")
    page.wait_for_url(lambda url: query_of(url).get("p") == ["0.5,0.25,0.25"], timeout=30_000)
    expect(loss).not_to_have_text(before, timeout=30_000)
    # A preset button: Enter presses it, and the address takes its values.
    address = page.url
    press_button(page, en("playground.batch_preset_mistake"))
    page.wait_for_url(lambda url: url != address, timeout=30_000)


def test_curves_handle_slider_and_quiz_reveal_by_keyboard(page, keyboard_url):
    open_page(page, f"{keyboard_url}/curves?p=0.9&y=1&quiz=1")
    label = en("curves.metric_loss", unit=en("common.unit_nats"))
    assert metric(page, label).count() == 0  # the quiz hides the loss
    press_button(page, en("common.quiz_reveal"), "Space")
    expect(metric(page, label)).to_be_visible(timeout=30_000)
    before = metric(page, label).inner_text()
    # The curve handle, an ARIA slider: Shift+Tab back up to it, then the arrow keys.
    tab_to(page, lambda now: now["role"] == "slider", backwards=True)
    for _ in range(3):
        press(page, "ArrowLeft")
    page.wait_for_url(lambda url: query_of(url).get("p") != ["0.9"], timeout=30_000)
    # A new p is a new question: the quiz hides its loss until revealed again.
    expect(metric(page, label)).to_have_count(0, timeout=30_000)
    press_button(page, en("common.quiz_reveal"))
    expect(metric(page, label)).not_to_have_text(before, timeout=30_000)


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlparse(url).query)


def test_gradients_step_slider_and_play_by_keyboard(page, keyboard_url):
    open_page(page, f"{keyboard_url}/gradients")
    press_button(page, en("gradients.step"))
    page.wait_for_url(lambda url: query_of(url).get("steps") == ["1"], timeout=30_000)
    # Streamlit's slider of the steps taken: an arrow key moves it one step.
    tab_to(page, lambda now: now["name"] == en("gradients.steps_label"))
    press(page, "ArrowRight")
    page.wait_for_url(lambda url: query_of(url).get("steps") == ["2"], timeout=30_000)
    # The animation: its slider, then Play, drawn by Plotly and made operable by accessibility.js.
    title = page.locator(".js-plotly-plot .gtitle").filter(has_text=re.compile(r"\d+ of \d+"))
    shown = title.text_content()
    tab_to(page, lambda now: now["tag"] == "g" and now["role"] == "slider")
    press(page, "ArrowRight")
    expect(title).not_to_have_text(shown, timeout=10_000)
    moved = title.text_content()
    play = en("gradients.play")
    tab_to(page, lambda now: now["role"] == "button" and now["name"].endswith(f" {play}"))
    press(page, "Enter")
    expect(title).not_to_have_text(moved, timeout=10_000)


def test_training_trains_by_keyboard(page, keyboard_url):
    # One run long enough (200 epochs of 8 images) that the page waits for Train.
    open_page(page, f"{keyboard_url}/training?compare=none&epochs=200&batch=8&seed=4242")
    press_button(page, en("training.train_button"))
    expect(page.get_by_test_id("stProgress")).to_be_visible(timeout=30_000)
    page.get_by_text("Results on the").first.wait_for(timeout=240_000)


def test_share_panel_opens_and_takes_an_address_by_keyboard(page, keyboard_url):
    open_page(page, f"{keyboard_url}/entropy")
    panel = tab_to(page, named(en("common.share")))
    assert panel["tag"] == "summary"
    press(page, "Enter")
    tab_to(page, named(en("common.share_public_label")))
    page.keyboard.type("192.168.1.20:8501")
    press(page, "Enter")
    page.wait_for_url(lambda url: query_of(url).get("public") == ["192.168.1.20:8501"])
    link = page.get_by_test_id("stSidebar").get_by_test_id("stCode")
    expect(link).to_contain_text("http://192.168.1.20:8501/entropy?", timeout=30_000)
    # The large QR code: a dialog that Escape closes, giving focus back to the page.
    press_button(page, en("common.share_big_qr"))
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible(timeout=30_000)
    press(page, "Escape")
    expect(dialog).to_be_hidden(timeout=10_000)


def test_focal_animation_slider_speed_menu_and_field_by_keyboard(page, keyboard_url):
    open_page(page, f"{keyboard_url}/focal")
    value = page.locator(".js-plotly-plot .slider-container .slider-label").first
    shown = value.text_content()
    tab_to(page, lambda now: now["tag"] == "g" and now["role"] == "slider")
    press(page, "End")
    expect(value).not_to_have_text(shown, timeout=10_000)
    # The speed menu: Enter opens it, Tab reaches its choices, Enter picks one.
    header = tab_to(page, lambda now: now["tag"] == "g" and "×" in now["name"])
    press(page, "Enter")
    options = page.locator(".updatemenu-dropdown-button-group [role=button]")
    expect(options.first).to_be_attached(timeout=10_000)

    def other_speed(now: dict) -> bool:
        return now["role"] == "button" and "×" in now["name"] and now["name"] != header["name"]

    choice = tab_to(page, other_speed)
    press(page, "Enter")
    expect(page.locator(".updatemenu-header text").first).to_have_text(choice["name"])
    # A number field: the arrow keys step it, and the address follows.
    before = query(page).get("gamma")
    tab_to(page, lambda now: now["tag"] == "input" and "γ" in now["name"])
    press(page, "ArrowUp")
    press(page, "Enter")
    page.wait_for_url(lambda url: query_of(url).get("gamma") != before, timeout=30_000)


def test_a_chart_is_read_out_and_its_data_table_opens_by_keyboard(page, keyboard_url):
    open_page(page, f"{keyboard_url}/playground")
    title = en("playground.chart_title")
    read = page.get_by_test_id("stMain").aria_snapshot()
    spoken = en("accessibility.chart_title", title=title)
    assert spoken in read, "the chart's text alternative is not in the accessibility tree"
    holder = page.locator("[data-testid=stElementContainer]:has(.ce-chart-text)").first
    box = holder.bounding_box()
    assert box["width"] <= 1 and box["height"] <= 1  # read, not shown: it takes no room
    expander = tab_to(page, named(en("accessibility.data_table_of", title=title)))
    assert expander["tag"] == "summary"
    press(page, "Enter")
    table = page.get_by_test_id("stMain").get_by_role("table")
    expect(table).to_be_visible(timeout=30_000)
    expect(table).to_contain_text(en("playground.chart_prediction"))


@pytest.mark.parametrize(
    ("path", "slider"),
    [
        ("multilabel", None),  # the draggable bars
        ("entropy", None),
        ("language", "language.order_label"),  # Streamlit's slider
    ],
)
def test_the_other_pages_sliders_move_by_keyboard(page, keyboard_url, path, slider):
    open_page(page, f"{keyboard_url}/{path}")
    before = query(page)
    if slider is None:
        tab_to(page, lambda now: now["role"] == "slider")
    else:
        tab_to(page, lambda now: now["name"] == en(slider))
    for _ in range(3):
        press(page, "ArrowUp")

    def moved(url: str) -> bool:  # a value of the address changed, not only filled in
        return any(query_of(url).get(key) != value for key, value in before.items())

    page.wait_for_url(moved, timeout=30_000)
