"""The draggable bars (ce_ui.components) in headless Chromium: the browser's live preview agrees
with ce_core to the four significant digits shown (200 random states, near-0 and near-1
probabilities, logits up to ±10⁴), keyboard and ARIA behaviour, and on the Playground a drag
rewrites the typed field and the URL while typing moves the bars."""

from __future__ import annotations

import math
from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest
from playwright.sync_api import expect

from ce_ui.components import exact_entropy, exact_scores
from ce_ui.format import sig
from ce_ui.i18n import translate
from tests.conftest import wait_for_app
from tests.live_server import streamlit_server

pytestmark = pytest.mark.browser
COLD_START = 120_000  # ms


@pytest.fixture(scope="module")
def touch_url(chromium_path) -> str:
    """A server running only the bars (tests/touch_app.py)."""
    with streamlit_server(script="tests/touch_app.py") as server:
        yield server.url


def open_bars(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(".ce-bars [role=slider]", timeout=COLD_START)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')


def slider_values(page) -> list[float]:
    return [
        float(v)
        for v in page.locator("[role=slider]").evaluate_all(
            "handles => handles.map(h => h.getAttribute('aria-valuenow'))"
        )
    ]


# ---------------------------------------------------------------- random states


def probability_states(rng, count: int) -> list[np.ndarray]:
    states = []
    for i in range(count):
        n = int(rng.integers(2, 7))
        kind = i % 3
        if kind == 0:
            p = rng.dirichlet(np.ones(n))
        else:
            tiny = 10.0 ** -rng.uniform(3, 15)
            rest = rng.dirichlet(np.ones(n - 1)) * tiny
            # near 1 (the rest tiny) or near 0 (one class tiny, the rest large)
            p = (
                np.concatenate([[1 - tiny], rest])
                if kind == 1
                else np.concatenate([[tiny], rng.dirichlet(np.ones(n - 1)) * (1 - tiny)])
            )
            rng.shuffle(p)
        states.append(p)
    return states


def logit_states(rng, count: int) -> list[np.ndarray]:
    states = []
    for i in range(count):
        n = int(rng.integers(2, 7))
        scale = (5.0, 100.0, 1e4)[i % 3]
        states.append(np.round(rng.uniform(-scale, scale, n), 3))
    return states


def independent_states(rng, count: int) -> list[np.ndarray]:
    states = []
    for i in range(count):
        n = int(rng.integers(2, 7))
        p = rng.uniform(0, 1, n)
        if i % 2:
            near = 10.0 ** -rng.uniform(2, 14, n)
            p = np.where(rng.uniform(size=n) < 0.5, near, 1 - near)
        states.append(p)
    return states


# (query, mode, target, temperature, units, states)
CONFIGS = [
    ("probabilities", 0, 1.0, "nats", probability_states, 50),
    ("probabilities", "soft", 1.0, "bits", probability_states, 30),
    ("logits", 0, 1.0, "nats", logit_states, 40),
    ("logits", "soft", 0.5, "bits", logit_states, 20),
    ("logits", 0, 3.0, "nats", logit_states, 20),
    ("independent", "labels", 1.0, "nats", independent_states, 40),
]


def test_the_preview_agrees_with_ce_core_in_200_random_states(touch_url, browser_page):
    rng = np.random.default_rng(15)
    checked = 0
    for mode, target_kind, temperature, units, make, count in CONFIGS:
        for n, states in _by_length(make(rng, count)).items():
            target = _target(rng, target_kind, n)
            target_query = target if isinstance(target, int) else ",".join(map(str, target))
            open_bars(
                browser_page,
                f"{touch_url}/?mode={mode}&n={n}&target={target_query}&t={temperature}"
                f"&units={units}",
            )
            unit = translate("en", f"common.unit_{units}")
            loss_key = "readout_loss_mean" if mode == "independent" else "readout_loss"
            term_key = "readout_term_label" if mode == "independent" else "readout_term_class"
            for values in states:
                active = int(rng.integers(0, n))
                shown = browser_page.locator(".ce-bars").evaluate(
                    "(root, [v, a]) => root.ceBars.preview(v, a)", [values.tolist(), active]
                )
                loss, terms = exact_scores(
                    values,
                    mode,
                    np.array(target) if isinstance(target, list) else target,
                    base=2.0 if units == "bits" else math.e,
                    temperature=temperature,
                )
                state = f"{mode} {units} T={temperature} y={target} values={values.tolist()}"
                assert shown["loss"] == translate(
                    "en", f"touch.{loss_key}", value=sig(loss), unit=unit
                ), state
                assert shown["term"] == translate(
                    "en", f"touch.{term_key}", name=str(active), value=sig(terms[active]), unit=unit
                ), state
                checked += 1
    assert checked == 200


def entropy_pairs(rng, count: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """(p, q) pairs: independent, near-0 entries in p or in q (down to 1e−300), q within 1e−6 of
    p (a tiny KL that only log1p keeps), and zeros (0·log 0 = 0, or an infinite H(p, q))."""
    pairs = []
    for i in range(count):
        n = int(rng.integers(2, 9)) if i % 10 else int(rng.integers(9, 21))
        p, q = rng.dirichlet(np.ones(n)), rng.dirichlet(np.ones(n))
        kind = i % 5
        if kind == 1:
            p[rng.integers(n)] = 10.0 ** -rng.uniform(3, 300)
            p /= p.sum()
        elif kind == 2:
            q[rng.integers(n)] = 10.0 ** -rng.uniform(3, 300)
            q /= q.sum()
        elif kind == 3:
            q = p * (1 + rng.uniform(-1e-6, 1e-6, n))
            q /= q.sum()
        elif kind == 4:
            (p if i % 2 else q)[rng.integers(n)] = 0
            p, q = p / p.sum(), q / q.sum()
        pairs.append((p, q))
    return pairs


def test_the_entropy_readout_agrees_with_ce_core_in_200_random_states(touch_url, browser_page):
    rng = np.random.default_rng(16)
    checked = 0
    for role, units in (("p", "bits"), ("q", "nats")):
        by_length = {}
        for pair in entropy_pairs(rng, 100):
            by_length.setdefault(len(pair[0]), []).append(pair)
        unit = translate("en", f"common.unit_{units}")
        for n, pairs in by_length.items():
            open_bars(
                browser_page, f"{touch_url}/?mode=probabilities&n={n}&readout=entropy&role={role}"
                f"&units={units}",
            )  # fmt: skip
            for p, q in pairs:
                values, other = (p, q) if role == "p" else (q, p)
                shown = browser_page.locator(".ce-bars").evaluate(
                    "(root, [v, o]) => root.ceBars.preview(v, null, o)",
                    [values.tolist(), other.tolist()],
                )
                base = 2.0 if units == "bits" else math.e
                entropy, cross, kl = exact_entropy(values, other, role=role, base=base)
                state = f"{role} {units} p={p.tolist()} q={q.tolist()}"
                expected = [
                    translate("en", f"touch.{key}", value=sig(value), unit=unit)
                    for key, value in (
                        ("readout_entropy", entropy),
                        ("readout_cross_entropy", cross),
                        ("readout_kl", kl),
                    )
                ]
                assert [shown["loss"], shown["term"], shown["kl"]] == expected, state
                checked += 1
    assert checked == 200


def _by_length(states):
    grouped = {}
    for values in states:
        grouped.setdefault(len(values), []).append(values)
    return grouped


def _target(rng, kind, n):
    if kind == "soft":
        return [round(float(v), 4) for v in rng.dirichlet(np.ones(n))]
    if kind == "labels":
        labels = rng.integers(0, 2, n)
        return [float(v) for v in labels]
    return int(rng.integers(0, n))


# ---------------------------------------------------------------- keyboard and ARIA


def test_keys_move_the_focused_bar_keep_the_sum_and_stay_inside_the_widget(touch_url, browser_page):
    open_bars(browser_page, f"{touch_url}/?mode=probabilities&n=4&target=0")
    handle = browser_page.locator("[role=slider]").first
    handle.focus()
    assert handle.evaluate("h => getComputedStyle(h).boxShadow") != "none"  # the focus ring
    keys_seen_by_page = browser_page.evaluate(
        "() => { window.__keys = []; document.addEventListener('keydown', e => "
        "window.__keys.push(e.key)); return window.__keys.length; }"
    )
    assert keys_seen_by_page == 0
    browser_page.keyboard.press("ArrowUp")
    assert slider_values(browser_page)[0] == pytest.approx(0.26)
    assert sum(slider_values(browser_page)) == pytest.approx(1)
    browser_page.keyboard.press("PageUp")
    assert slider_values(browser_page)[0] == pytest.approx(0.36)
    browser_page.keyboard.press("ArrowDown")
    assert slider_values(browser_page)[0] == pytest.approx(0.35)
    browser_page.keyboard.press("End")
    assert slider_values(browser_page) == pytest.approx([1, 0, 0, 0])
    browser_page.keyboard.press("Home")
    assert slider_values(browser_page)[0] == 0
    assert sum(slider_values(browser_page)) == pytest.approx(1)
    browser_page.keyboard.press("r")  # Streamlit's "rerun" shortcut must not see it
    assert browser_page.evaluate("() => window.__keys") == []
    expect(browser_page.get_by_text("received: [0.0,")).to_be_visible(timeout=COLD_START)


def test_every_bar_is_a_labelled_slider_with_a_large_touch_target(touch_url, browser_page):
    open_bars(browser_page, f"{touch_url}/?mode=logits&n=3&target=1&t=1")
    handles = browser_page.locator("[role=slider]")
    assert handles.count() == 3
    for i in range(3):
        handle = handles.nth(i)
        assert handle.get_attribute("tabindex") == "0"
        assert (
            float(handle.get_attribute("aria-valuemin"))
            < 0
            < float(handle.get_attribute("aria-valuemax"))
        )
        assert float(handle.get_attribute("aria-valuenow")) == 3 - i
        assert handle.get_attribute("aria-valuetext").startswith(f"class {i}: logit {3 - i}")
        box = handle.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44
    assert browser_page.locator(".ce-readout").get_attribute("aria-live") == "polite"
    expect(browser_page.locator(".ce-softmax")).to_be_visible()


def test_logit_bars_go_negative_under_the_pointer_and_report_on_release(touch_url, browser_page):
    open_bars(browser_page, f"{touch_url}/?mode=logits&n=3&target=0")
    column = browser_page.locator(".ce-column").nth(2)
    box = column.bounding_box()
    x = box["x"] + box["width"] / 2
    browser_page.mouse.move(x, box["y"] + box["height"] * 0.5)
    browser_page.mouse.down()
    browser_page.mouse.move(x, box["y"] + box["height"] * 0.9, steps=4)
    readout = browser_page.locator(".ce-readout")
    assert readout.get_attribute("data-source") == "preview"
    assert readout.get_attribute("aria-busy") == "true"  # announced once, after the drag
    dragged = slider_values(browser_page)[2]
    assert dragged < 0
    browser_page.mouse.up()
    expect(readout).to_have_attribute("data-source", "exact", timeout=COLD_START)
    assert readout.get_attribute("aria-busy") == "false"
    # The rerun says which send it answers, so an answer to an older one cannot move bars back.
    sent, answered = browser_page.locator(".ce-bars").evaluate(
        "root => [root.ceBars.seq, root.ceBars.data.seq]"
    )
    assert sent >= 1 and answered == sent
    expect(browser_page.get_by_text("received:")).to_contain_text(
        sig(dragged).replace("−", "-")[:3]
    )


# ---------------------------------------------------------------- on the Playground


def test_a_drag_on_the_playground_rewrites_the_field_and_the_url_and_back(app_url, browser_page):
    errors, outside = [], []
    browser_page.on("pageerror", lambda error: errors.append(str(error)))
    browser_page.on(
        "console",
        lambda message: (
            message.type == "error"
            and "/_stcore/" not in (message.location or {}).get("url", "")
            and errors.append(message.text)
        ),
    )
    browser_page.on(
        "request",
        lambda request: (
            not request.url.startswith(app_url)
            and not request.url.startswith(("blob:", "data:"))
            and outside.append(request.url)
        ),
    )
    browser_page.goto(f"{app_url}/playground?y=0&p=0.7,0.2,0.1")
    wait_for_app(browser_page, timeout=COLD_START)
    field = browser_page.get_by_role(
        "textbox", name=translate("en", "playground.p_label"), exact=True
    )
    column = browser_page.locator(".ce-column").nth(1)
    column.scroll_into_view_if_needed()
    box = column.bounding_box()
    x = box["x"] + box["width"] / 2
    browser_page.mouse.move(x, box["y"] + box["height"] * 0.8)
    browser_page.mouse.down()
    browser_page.mouse.move(x, box["y"] + box["height"] * 0.4, steps=5)
    values = slider_values(browser_page)
    assert values[1] == pytest.approx(0.6, abs=0.01)
    assert sum(values) == pytest.approx(1)
    assert values[0] / values[2] == pytest.approx(7)  # the others rescaled in proportion
    browser_page.mouse.up()
    browser_page.wait_for_function(
        "() => new URLSearchParams(location.search).get('p') !== '0.7,0.2,0.1'",
        timeout=COLD_START,
    )
    wait_for_app(browser_page)
    url_p = parse_qs(urlparse(browser_page.url).query)["p"][0]
    assert [float(v) for v in url_p.split(",")] == pytest.approx(values, abs=1e-5)
    assert field.input_value().replace(" ", "") == url_p
    readout = browser_page.locator(".ce-readout")
    expect(readout).to_have_attribute("data-source", "exact")
    loss = sig(-math.log(float(url_p.split(",")[0])))
    expect(readout).to_contain_text(f"{loss} nats")
    metric = browser_page.get_by_test_id("stMetric").filter(
        has_text=translate("en", "playground.loss_metric")
    )
    expect(metric.first).to_contain_text(f"{loss} nats")

    field.fill("0.5, 0.3, 0.2")
    field.press("Enter")
    browser_page.wait_for_function(
        "() => new URLSearchParams(location.search).get('p') === '0.5,0.3,0.2'",
        timeout=COLD_START,
    )
    wait_for_app(browser_page)
    assert slider_values(browser_page) == pytest.approx([0.5, 0.3, 0.2])
    expect(readout).to_contain_text(f"{sig(-math.log(0.5))} nats")
    assert errors == [] and outside == []


def test_the_browser_writes_numbers_as_sig_does_even_at_exact_ties(touch_url, browser_page):
    open_bars(browser_page, f"{touch_url}/?mode=probabilities&n=2&target=0")
    rng = np.random.default_rng(4)
    values = [1.0625, -1.0625, 10.125, 12345.0, 99995.0, 9999.5, 8.0625, 0.5, 2.5e-5, 1e-7]
    values += [1e21, 5e-324, 0.99995, 0.00009999, 123456.0, -0.0001]
    values += (rng.uniform(-1, 1, 300) * 10.0 ** rng.uniform(-12, 12, 300)).tolist()
    values += (rng.integers(1, 99999, 300) / 2.0 ** rng.integers(0, 20, 300)).tolist()
    shown = browser_page.locator(".ce-bars").evaluate(
        "(root, values) => values.map(v => root.ceBars.format(v))", values
    )
    assert shown == [sig(v) for v in values]
    infinite = browser_page.locator(".ce-bars").evaluate(
        "root => [root.ceBars.format(Infinity), root.ceBars.format(-Infinity)]"
    )
    assert infinite == [sig(math.inf), sig(-math.inf)]


def test_presenter_mode_makes_the_targets_bigger(touch_url, browser_page):
    open_bars(browser_page, f"{touch_url}/?mode=independent&n=3&target=1,0,1&present=1")
    box = browser_page.locator("[role=slider]").first.bounding_box()
    assert box["width"] >= 64 and box["height"] >= 64


def test_a_drag_that_rests_sends_its_values_before_the_release(touch_url, browser_page):
    open_bars(browser_page, f"{touch_url}/?mode=independent&n=3&target=1,0,1")
    column = browser_page.locator(".ce-column").nth(0)
    box = column.bounding_box()
    x = box["x"] + box["width"] / 2
    browser_page.mouse.move(x, box["y"] + box["height"] * 0.5)
    browser_page.mouse.down()
    browser_page.mouse.move(x, box["y"] + box["height"] * 0.2, steps=3)
    held = slider_values(browser_page)
    assert held[0] == pytest.approx(0.8, abs=0.01) and held[1:] == [0.5, 0.5]  # independent
    # Still pressed: after the pause the values reach Python, and the bar stays where it is.
    received = browser_page.get_by_text("received:")
    expect(received).to_contain_text("[", timeout=COLD_START)
    values = [float(v) for v in received.inner_text().split("[")[1].rstrip("]").split(",")]
    assert values == pytest.approx(held)
    assert slider_values(browser_page) == held
    browser_page.mouse.up()
