"""Shared test helpers: open a page in AppTest, and a real server plus headless Chromium for
browser tests (skipped with a reason where Debian's Chromium is not installed)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.live_server import CHROMIUM, CHROMIUM_ARGS, ROOT, streamlit_server

# Keras picks its backend when first imported, whichever test does it: torch, the one installed
# (requirements-crosscheck.txt), not TensorFlow.
os.environ.setdefault("KERAS_BACKEND", "torch")

# Room polls (ce_ui.room) store answers in SQLite: in tests, in a temporary directory (inherited by
# the live servers), never in the project's .room-data/.
os.environ.setdefault("CE_ROOM_DATA_DIR", tempfile.mkdtemp(prefix="ce-rooms-"))


def open_page(path: str = "app.py", query: dict[str, str] | None = None, **settings) -> AppTest:
    """Run a page the way a browser opening ``/page?query`` would, and return the AppTest.

    Pages are always entered through ``app.py`` so that the sidebar's page links resolve, as they
    do under ``streamlit run``.
    """
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if path != "app.py":
        at.switch_page(path)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    for key, value in settings.items():
        at.session_state[key] = value
    return at.run()


def texts(at: AppTest) -> str:
    """Everything an AppTest run put on the page as text, one block per line (for `in` checks)."""
    parts = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "text",
        "latex",
        "code",
        "metric",
        "success",
        "info",
        "warning",
        "error",
    ):
        for element in getattr(at, kind):
            if kind == "metric":
                parts.append(f"{element.label}: {element.value}")
            else:
                parts.append(str(element.value))
    return "\n".join(parts)


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        pytest.skip("browser test: Debian's Chromium is not installed (apt-get install chromium)")
    pytest.importorskip("playwright", reason="browser test: playwright is not installed")
    return CHROMIUM


@pytest.fixture(scope="session")
def app_url(chromium_path) -> str:
    """A freshly started `streamlit run app.py` shared by the browser tests of one run (on the
    port in ``CE_TEST_PORT`` when set, e.g. a port given to this machine's session, else a free
    one)."""
    port = os.environ.get("CE_TEST_PORT")
    with streamlit_server(port=int(port) if port else None) as server:
        yield server.url


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(chromium_path), args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def browser_page(browser):
    """A new browser context and page, 1400×900, closed after the test."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def wait_for_app(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished running the script for the current view.

    Streamlit marks its root element with the script's state (``initial``, ``running``,
    ``notRunning``); the frame's page links show that a run has drawn the page. After an
    interaction, wait for its visible effect (``expect(...)``) rather than for this."""
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]',
        state="attached",
        timeout=timeout,
    )
    page.wait_for_selector(
        '[data-testid="stSidebar"] [data-testid="stPageLink"]', state="attached", timeout=timeout
    )
    page.wait_for_timeout(300)
