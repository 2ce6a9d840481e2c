"""Shared test helpers: open a page in AppTest, and a real server plus headless Chromium for
browser tests (skipped with a reason where Debian's Chromium is not installed)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        pytest.skip("browser test: Debian's Chromium is not installed (apt-get install chromium)")
    pytest.importorskip("playwright", reason="browser test: playwright is not installed")
    return CHROMIUM


@contextlib.contextmanager
def streamlit_server(*extra_args: str):
    """Start ``streamlit run app.py`` on a free loopback port; yield its URL; stop it afterwards.

    Only the health endpoint is requested before the URL is handed out, so the first page request
    is the caller's (a cold start)."""
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            *extra_args,
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("streamlit server did not start") from None
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture(scope="session")
def app_url(chromium_path) -> str:
    """A freshly started `streamlit run app.py` shared by the browser tests of one run."""
    with streamlit_server() as url:
        yield url


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
