"""Ask the room in headless Chromium: the projector opens a room on a quiz question, a phone
answers through the short link, and the projector's histogram counts it without a reload."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from ce_ui.i18n import translate
from tests.conftest import wait_for_app

pytestmark = pytest.mark.browser
COLD_START = 120_000


def test_a_phone_answers_and_the_projector_counts_it_live(app_url, browser, browser_page):
    projector = browser_page
    projector.goto(f"{app_url}/playground?quiz=1&y=0&p=0.1,0.5,0.1,0.1,0.2")
    wait_for_app(projector, timeout=COLD_START)
    projector.get_by_role("button", name=translate("en", "room.open_typed")).first.click()
    link_block = projector.get_by_text(re.compile(r"/answer\?room=[0-9A-Z]{8}$")).first
    link_block.wait_for(timeout=30_000)
    link = link_block.inner_text().strip()
    assert link.startswith(app_url)
    count = projector.get_by_test_id("stMetric").filter(
        has_text=translate("en", "room.count_label")
    )
    expect(count.get_by_test_id("stMetricValue")).to_have_text("0", timeout=30_000)

    phone_context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        phone = phone_context.new_page()
        phone.goto(link)
        wait_for_app(phone, timeout=COLD_START)
        phone.get_by_text(translate("en", "playground.quiz_prompt")[:40]).first.wait_for()
        field = phone.get_by_label(translate("en", "room.number_label", unit="nats"))
        field.fill("2.3")
        phone.get_by_role("button", name=translate("en", "room.send")).click()
        expect(phone.get_by_text("2.3 nats", exact=False).first).to_be_visible(timeout=30_000)
        assert phone.get_by_test_id("stException").count() == 0
        # A reload is a new Streamlit session but the same phone: still one answer, still its own.
        phone.reload()
        wait_for_app(phone, timeout=COLD_START)
        expect(phone.get_by_text("2.3 nats", exact=False).first).to_be_visible(timeout=30_000)

        # The projector was not touched: its fragment refreshes once a second.
        expect(count.get_by_test_id("stMetricValue")).to_have_text("1", timeout=15_000)
        projector.get_by_role("button", name=translate("en", "common.quiz_reveal")).first.click()
        expect(projector.get_by_text("1 of 1", exact=False).first).to_be_visible(timeout=30_000)
        # The phone follows the room by itself: it shows the answer.
        expect(phone.get_by_text("2.303", exact=False).first).to_be_visible(timeout=15_000)
        assert projector.get_by_test_id("stException").count() == 0
    finally:
        phone_context.close()
