"""Past one process: N sessions through nginx in front of two app replicas, one replica killed.

What `deploy/` describes, run on this machine: two ``streamlit run app.py`` replicas on free
loopback ports behind Debian's nginx, configured with the project's own
``deploy/nginx/playground.conf`` (sticky sessions by a cookie hash, websocket upgrade, gzip).
Each simulated student first loads the page over HTTP through nginx (as a browser does, which is
how it receives its routing cookie), then opens Streamlit's websocket with that cookie, and
changes a value every ``--interval`` seconds. The sessions are spread over every page of the app.

Half-way through the window one replica is killed (SIGKILL, as a crashed pod). Its sessions see
their websocket close; each one reconnects through nginx, as Streamlit's frontend does, which
routes it to the surviving replica, and reruns with the query string its page last published.
The benchmark checks that the page comes back with the student's value (state from the URL),
and counts a reconnect as an error only when it fails or loses that value.

Printed: rerun latency p50 / p95 / max over all sessions (reconnects excluded, reported apart),
errors (exceptions, timeouts, failed reconnects, lost state, disconnects beyond the killed
replica's sessions), the websockets each replica held before the kill, and time to first number
(HTTP page load + websocket + first run) p50 / p95. Figures only, nothing asserts a timing.

    python -m benchmarks.cluster_load                       # 300 sessions, 60 s, kill at 30 s
    python -m benchmarks.cluster_load --quick               # 20 sessions, 20 s
    python -m benchmarks.cluster_load --sessions 100 --no-kill

Goals (issue 17): p95 ≤ 1 s, 0 errors, sessions on both replicas, a killed replica costs only
its own sessions a reconnect.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import http.cookies
import math
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from benchmarks._streamlit_ws import (
    BENCHMARK_SERVER_ARGS,
    RerunTimeout,
    Session,
    SessionClosed,
    Widget,
    current_value,
    pick_numeric_widget,
    widget_state,
)
from benchmarks.load_test import ALL_PAGES, Errors, Window, quantile
from tests.live_server import Server, free_port, log_tail, streamlit_server

ROOT = Path(__file__).resolve().parent.parent
NGINX_SITE = ROOT / "deploy" / "nginx" / "playground.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PAGES = ALL_PAGES
COOKIE = "ce_replica"


def nginx_config(directory: Path, listen: int, replicas: list[int]) -> Path:
    """nginx.conf for loopback: the project's site file, our ports, files in ``directory``."""
    site = NGINX_SITE.read_text()
    if "    listen 80;\n" not in site:
        raise SystemExit(f"{NGINX_SITE}: expected a 'listen 80;' line to replace")
    site = site.replace("    listen 80;\n", f"    listen 127.0.0.1:{listen};\n")
    (directory / "playground.conf").write_text(site)
    servers = "\n".join(
        f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;" for port in replicas
    )
    config = directory / "nginx.conf"
    config.write_text(
        f"""daemon off;
worker_processes 1;
pid {directory}/nginx.pid;
error_log {directory}/error.log warn;
events {{ worker_connections 8192; }}
http {{
    access_log off;
    client_body_temp_path {directory}/body;
    proxy_temp_path {directory}/proxy;
    fastcgi_temp_path {directory}/fastcgi;
    uwsgi_temp_path {directory}/uwsgi;
    scgi_temp_path {directory}/scgi;
    include /etc/nginx/mime.types;
    upstream playground {{
        hash $ce_replica_key consistent;
{servers}
    }}
    include {directory}/playground.conf;
}}
"""
    )
    return config


@contextlib.contextmanager
def nginx(replicas: list[int], port: int | None = None) -> Iterator[str]:
    """Debian's nginx on a loopback port (``port``, else a free one) in front of ``replicas``;
    yields its base URL."""
    directory = Path(tempfile.mkdtemp(prefix="ce-nginx-"))
    directory.chmod(0o755)  # nginx's workers run as nobody and write their temp files here
    port = port or free_port()
    config = nginx_config(directory, port, replicas)
    process = subprocess.Popen(
        [NGINX, "-c", str(config), "-p", str(directory)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    errors = process.stderr.read().decode() if process.poll() is not None else ""
                    raise SystemExit(f"nginx did not start: {errors}") from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)
        shutil.rmtree(directory, ignore_errors=True)


def established(port: int) -> int:
    """Open TCP connections to a local port (``/proc/net/tcp``): one per websocket here."""
    count = 0
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        if state == "01" and int(local.split(":")[1], 16) == port:
            count += 1
    return count


def routing_cookie(base_url: str, target: str, timeout: float) -> tuple[dict[str, str], float]:
    """Load the page over HTTP as a browser does; return the cookie header nginx set."""
    started = time.perf_counter()
    with urllib.request.urlopen(base_url + target, timeout=timeout) as response:
        response.read()
        cookies = http.cookies.SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookies.load(header)
    if COOKIE not in cookies:
        raise RuntimeError(f"nginx set no {COOKIE} cookie")
    return {"Cookie": f"{COOKIE}={cookies[COOKIE].value}"}, time.perf_counter() - started


@dataclass
class Result:
    sessions: int
    opened: int = 0
    first_numbers: list[float] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    reconnects: list[float] = field(default_factory=list)
    disconnects: int = 0
    lost_state: int = 0
    errors: Errors = field(default_factory=Errors)
    per_replica: dict[int, int] = field(default_factory=dict)
    killed_held: int = 0


@dataclass(frozen=True)
class Plan:
    base_url: str
    duration: float
    interval: float
    timeout: float


def same_widget(run_widgets: list[Widget], widget: Widget) -> Widget | None:
    for candidate in run_widgets:
        if candidate.kind == widget.kind and candidate.label == widget.label:
            return candidate
    return None


async def warm_up(base_url: str, target: str, timeout: float) -> tuple[Widget | None, tuple]:
    headers, _ = routing_cookie(base_url, target, timeout)
    async with Session(base_url, target, headers=headers) as session:
        run = await session.rerun(timeout=timeout)
        if run.exceptions or run.page_not_found:
            raise SystemExit(f"{target}: {run.exceptions or 'page not found'}")
        picked = pick_numeric_widget(run.widgets)
        return picked if picked is not None else (None, ())


async def student(
    plan: Plan, target: str, widget: Widget | None, values: tuple, result: Result,
    window: Window, phase: float,
) -> None:  # fmt: skip
    """One student: load, connect, then change the value every interval; reconnect if cut."""
    try:
        started = time.perf_counter()
        headers, _ = await asyncio.to_thread(routing_cookie, plan.base_url, target, plan.timeout)
        session = Session(plan.base_url, target, headers=headers)
        await session.open(timeout=plan.timeout)
        run = await session.rerun(timeout=plan.timeout)
        result.first_numbers.append(time.perf_counter() - started)
        result.errors.count_run(run)
        result.opened += 1
    except Exception as error:  # noqa: BLE001 - every failure is a counted error
        result.errors.count_failure(error)
        return
    finally:
        window.session_ready()
    await window.opened.wait()
    end = window.end
    next_tick = window.start + phase
    change = 0
    value = confirmed = values[0] if values else None
    last_query = session.query_string
    try:
        while next_tick < end:
            await asyncio.sleep(max(0.0, next_tick - time.perf_counter()))
            change += 1
            if widget is not None:
                value = values[change % 2]
            states = [] if widget is None else [widget_state(widget, value)]
            try:
                run = await session.rerun(states, timeout=plan.timeout)
            except SessionClosed:
                result.disconnects += 1
                cut = time.perf_counter()
                session = Session(plan.base_url, target, headers=headers)
                session.query_string = last_query  # what the page last published
                await session.open(timeout=plan.timeout)
                run = await session.rerun(timeout=plan.timeout)
                result.reconnects.append(time.perf_counter() - cut)
                result.errors.count_run(run)
                if widget is not None:
                    shown = same_widget(run.widgets, widget)
                    now = None if shown is None else current_value(shown)
                    now = now[0] if isinstance(now, list) else now
                    # The change in flight was lost with the replica; the last one it finished
                    # is in the URL.
                    if now is None or not math.isclose(float(now), float(confirmed), rel_tol=1e-9):
                        result.lost_state += 1
                        result.errors.note(f"{target}: after reconnect {now!r}, not {confirmed!r}")
            else:
                result.latencies.append(run.seconds)
                result.errors.count_run(run)
                confirmed = value
            last_query = session.query_string
            next_tick += plan.interval
            if next_tick < time.perf_counter():
                next_tick += (
                    math.ceil((time.perf_counter() - next_tick) / plan.interval) * plan.interval
                )
    except Exception as error:  # noqa: BLE001
        result.errors.count_failure(error)
    finally:
        await asyncio.sleep(max(0.0, end + 1.0 - time.perf_counter()))
        await session.close()


async def run(args: argparse.Namespace, servers: list[Server], kill: Server | None) -> Result:
    plan = Plan(args.base_url, args.duration, args.interval, args.timeout)
    pages = [target for target in PAGES if urlsplit(target).path.strip("/") in args.pages]
    widgets = {}
    for target in pages:  # warm each page, most likely on both replicas (imports, caches)
        for _ in range(3):
            widgets[target] = await warm_up(plan.base_url, target, plan.timeout)
    result = Result(sessions=args.sessions)
    rng = random.Random(args.seed)
    window = Window(args.sessions, plan.duration)
    tasks = []
    for index in range(args.sessions):
        target = pages[index % len(pages)]
        widget, values = widgets[target]
        phase = rng.uniform(0, plan.interval)
        tasks.append(
            asyncio.create_task(student(plan, target, widget, values, result, window, phase))
        )
    await window.opened.wait()
    result.per_replica = {
        server.pid: established(int(server.url.rsplit(":", 1)[1])) for server in servers
    }
    if kill is not None:
        await asyncio.sleep(plan.duration / 2)
        held = established(int(kill.url.rsplit(":", 1)[1]))
        os.kill(kill.pid, signal.SIGKILL)
        print(f"killed replica {kill.url} holding {held} websockets", flush=True)
        result.killed_held = held
    await asyncio.gather(*tasks)
    return result


def report(args: argparse.Namespace, result: Result, servers: list[Server]) -> None:
    ms = [1000 * s for s in result.latencies]
    first = [1000 * s for s in result.first_numbers]
    back = [1000 * s for s in result.reconnects]
    held = result.killed_held
    unexpected = max(0, result.disconnects - held)
    errors = result.errors.total + result.lost_state + unexpected
    print()
    print(
        f"Cluster: nginx + {len(servers)} replicas, {result.sessions} sessions over "
        f"{len(args.pages)} pages"
    )
    print(f"  each changes a value every {args.interval:g} s for {args.duration:g} s")
    print(
        f"  opened {result.opened}/{result.sessions}; websockets per replica: "
        + ", ".join(f"{server.url}: {result.per_replica.get(server.pid, 0)}" for server in servers)
    )
    print(
        f"  reruns {len(ms)}: p50 {quantile(ms, 0.5):.0f} ms, p95 {quantile(ms, 0.95):.0f} ms, "
        f"max {max(ms, default=math.nan):.0f} ms  (goal p95 <= 1000 ms)"
    )
    print(
        f"  time to first number: p50 {quantile(first, 0.5):.0f} ms, "
        f"p95 {quantile(first, 0.95):.0f} ms"
    )
    if args.kill:
        print(
            f"  killed replica held {held} websockets; {result.disconnects} sessions were cut, "
            f"{len(back)} reconnected (p50 {quantile(back, 0.5):.0f} ms, p95 "
            f"{quantile(back, 0.95):.0f} ms), {result.lost_state} came back without their value"
        )
    print(
        f"  errors: {errors} ({result.errors.summary()} counted on runs; "
        f"{unexpected} disconnects beyond the killed replica's sessions; "
        f"{result.lost_state} lost state)"
    )
    for example in result.errors.examples:
        print(f"  error: {example}")
    spread = all(count > 0 for count in result.per_replica.values())
    print(
        f"  goals: p95 <= 1 s {'met' if quantile(ms, 0.95) <= 1000 else 'NOT met'}; "
        f"0 errors {'met' if errors == 0 else 'NOT met'}; "
        f"both replicas used {'yes' if spread else 'NO'}"
    )


async def main_async(args: argparse.Namespace) -> int:
    with contextlib.ExitStack() as stack:
        front, *replicas = args.ports or (None, None, None)
        servers = [
            stack.enter_context(streamlit_server(*BENCHMARK_SERVER_ARGS, port=port))
            for port in replicas
        ]
        ports = [int(server.url.rsplit(":", 1)[1]) for server in servers]
        args.base_url = stack.enter_context(nginx(ports, front))
        print(f"nginx {args.base_url} -> replicas {', '.join(s.url for s in servers)}", flush=True)
        try:
            result = await run(args, servers, servers[1] if args.kill else None)
        except (RerunTimeout, SessionClosed, OSError) as error:
            print(f"failed: {error}")
            for server in servers:
                print(log_tail(server.log_path))
            return 2
        report(args, result, servers)
    return 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=300, help="simulated students (300)")
    parser.add_argument("--duration", type=float, default=60, help="seconds of changes (60)")
    parser.add_argument("--interval", type=float, default=2, help="seconds between changes (2)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds before a timeout (60)")
    parser.add_argument("--no-kill", dest="kill", action="store_false", help="keep both replicas")
    names = [urlsplit(target).path.strip("/") for target in PAGES]
    parser.add_argument(
        "--pages", nargs="+", choices=names, default=names, help="pages to spread over (all)"
    )
    parser.add_argument("--seed", type=int, default=0)
    add_ports_option(parser)
    parser.add_argument("--quick", action="store_true", help="20 sessions for 20 s")
    args = parser.parse_args(argv)
    if args.quick:
        args.sessions, args.duration = 20, 20.0
    if args.sessions < 1 or args.duration <= 0 or args.interval <= 0:
        parser.error("--sessions, --duration and --interval must be positive")
    return args


def add_ports_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--ports",
        nargs=3,
        type=int,
        metavar=("NGINX", "REPLICA1", "REPLICA2"),
        help="loopback ports of nginx and the two replicas (default: free ones)",
    )


def main(argv: list[str] | None = None) -> int:
    if not Path(NGINX).exists():
        print("nginx is not installed (Debian: apt-get install nginx)")
        return 2
    return asyncio.run(main_async(parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
