"""WCAG 2.2 A/AA with axe-core in Chromium: every page, in every language, normal and presenter.

axe-core comes bundled with axe-playwright-python (no download). A page state passes when axe
finds no serious or critical violation of the WCAG 2.0–2.2 A and AA rules, apart from those in
ALLOWED, each of which says why it cannot be fixed from the app. The page's ``<html lang>`` must
follow the chosen language (screen readers pick their voice from it).
"""

import pytest

from ce_ui.frame import PAGES
from ce_ui.i18n import available_languages
from tests.conftest import wait_for_app

pytest.importorskip("axe_playwright_python", reason="axe-playwright-python is not installed")

from axe_playwright_python.sync_playwright import Axe  # noqa: E402

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
SERIOUS = {"serious", "critical"}
ALLOWED: dict[str, str] = {}
"""Rule id → why the app cannot fix it. Empty: every serious violation found was fixable."""

STATES = [
    pytest.param(
        info.id, lang, presenter, id=f"{info.id}-{lang}-{'presenter' if presenter else 'normal'}"
    )
    for info in PAGES
    for lang in available_languages()
    for presenter in (False, True)
]


@pytest.fixture(scope="module")
def axe_page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize(("page_id", "lang", "presenter"), STATES)
def test_no_serious_wcag_violation(axe_page, app_url, page_id, lang, presenter):
    path = "" if page_id == "home" else page_id
    axe_page.goto(f"{app_url}/{path}?lang={lang}&present={int(presenter)}")
    wait_for_app(axe_page, timeout=90_000)
    assert axe_page.evaluate("document.documentElement.lang") == lang
    results = (
        Axe()
        .run(
            axe_page,
            options={
                "runOnly": {"type": "tag", "values": WCAG_TAGS},
                "resultTypes": ["violations"],
            },
        )
        .response
    )
    found = [
        f"{v['id']} ({v['impact']}): {v['help']}, {len(v['nodes'])}×, e.g. "
        f"{v['nodes'][0]['html'][:160]}"
        for v in results["violations"]
        if v["impact"] in SERIOUS and v["id"] not in ALLOWED
    ]
    assert not found, "\n".join(found)
