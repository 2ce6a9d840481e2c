"""Nothing is fetched from outside the server: a lecture hall without internet sees every page
whole (no font server, no icon CDN, no analytics)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from ce_ui.frame import PAGES
from tests.conftest import wait_for_app

pytestmark = pytest.mark.browser

LOCAL_SCHEMES = ("data", "blob", "about")


@pytest.mark.parametrize("info", PAGES, ids=lambda info: info.id)
def test_no_page_requests_another_host(app_url, browser_page, info):
    server = urlsplit(app_url).netloc
    outside: list[str] = []

    def block_outside(route):
        url = urlsplit(route.request.url)
        if url.scheme in LOCAL_SCHEMES or url.netloc == server:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    browser_page.route("**/*", block_outside)
    path = "" if info.id == "home" else info.id
    for query in ("", "?present=1&lang=zh&quiz=1"):
        browser_page.goto(f"{app_url}/{path}{query}")
        wait_for_app(browser_page, timeout=120_000)
        browser_page.wait_for_timeout(1500)  # late requests: favicon, fonts, icons
    assert not outside, f"/{path} asked other hosts for {outside}"
