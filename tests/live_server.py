"""A real ``streamlit run`` server on a free loopback port, and how to start Chromium against it.

Shared by the browser tests (``conftest.py``) and the benchmarks that drive a live server
(``benchmarks/bench_browser.py``, ``benchmarks/load_test.py``).
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

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


@dataclass(frozen=True)
class Server:
    url: str
    pid: int
    log_path: Path


PORTS_VARIABLE = "CE_LIVE_PORTS"
"""An environment variable such as ``8761-8769``: live servers take the first free port of that
range instead of any free one (on a machine where each session has its own ports)."""


def free_port() -> int:
    """A free loopback port: the first free one of ``$CE_LIVE_PORTS`` when set, else any."""
    span = os.environ.get(PORTS_VARIABLE, "")
    if span:
        low, _, high = span.partition("-")
        for port in range(int(low), int(high or low) + 1):
            with socket.socket() as sock:
                try:
                    sock.bind(("127.0.0.1", port))
                except OSError:
                    continue
                return port
        raise RuntimeError(f"no free port in {PORTS_VARIABLE}={span}")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def log_tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


@contextlib.contextmanager
def streamlit_server(
    *extra_args: str, script: str = "app.py", start_timeout: float = 60, port: int | None = None
) -> Iterator[Server]:
    """Start ``streamlit run <script>`` on a loopback port (``port``, else a free one) and yield
    it; stop it afterwards.

    Only the health endpoint is requested before yielding, so the first page request is the
    caller's (a cold start). The server's output goes to a temporary log file, whose tail is in
    the error when it does not start. Stopping is terminate, then kill after 10 s.
    """
    port = port or free_port()
    log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in finally
        prefix="streamlit-", suffix=".log", delete=False
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            script,
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            *extra_args,
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"streamlit server did not start; last lines of {log.name}:\n"
                        + log_tail(Path(log.name))
                    ) from None
                time.sleep(0.2)
        yield Server(url=url, pid=process.pid, log_path=Path(log.name))
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()
        Path(log.name).unlink(missing_ok=True)
