"""A small client for Streamlit's own websocket protocol, and how the benchmarks run the server.

A browser talks to ``streamlit run`` over one websocket, ``/_stcore/stream``, in protobuf:

- it sends a ``BackMsg`` whose ``rerun_script`` is a ``ClientState``: the query string, the page
  (``page_name`` taken from the URL path on the first run, then the ``page_script_hash`` the
  server announced), the widget values, the hashes of the large messages it still has cached,
  and browser context (locale, time zone, URL);
- the server answers with ``ForwardMsg``s: ``new_session`` when a run starts, ``delta``s (the
  elements, some replaced by a ``ref_hash`` to a message the browser already has),
  ``page_info_changed`` (the query string the page published) and finally ``script_finished``.

:class:`Session` does the same, so benchmarks and tests can drive many sessions without a
browser. Only the widget being changed is sent in ``widget_states``; the server keeps the other
widgets' values from the previous run, so the script sees exactly what it would see from a
browser.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.NumberInput_pb2 import NumberInput
from streamlit.proto.RootContainer_pb2 import SIDEBAR
from streamlit.proto.Slider_pb2 import Slider
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

FINAL_STATUSES = frozenset(
    {
        ForwardMsg.FINISHED_SUCCESSFULLY,
        ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
        ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
    }
)
"""``script_finished`` statuses that end a rerun (``FINISHED_EARLY_FOR_RERUN`` does not: the
script called ``st.rerun()`` and another run follows)."""

BENCHMARK_SERVER_ARGS = ("--server.fileWatcherType", "none")
"""How the benchmarks run the server: without watching the source, as a deployment does (and so
that someone editing the code during a run does not put a "source changed" prompt on the page or
reload modules under a session)."""

WIDGET_KINDS = frozenset(
    {"slider", "number_input", "checkbox", "radio", "selectbox", "text_input", "text_area"}
)


# --------------------------------------------------------------------------------------------
# The server


def rss_bytes(pid: int) -> int:
    """Resident memory of a process, from ``/proc/<pid>/status`` (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time a process has used so far, from ``/proc/<pid>/stat``."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()  # the command name may contain spaces
    user, system = int(fields[11]), int(fields[12])
    return (user + system) / os.sysconf("SC_CLK_TCK")


# --------------------------------------------------------------------------------------------
# Widgets found in a run


@dataclass(frozen=True)
class Widget:
    kind: str
    """The element type, e.g. ``"slider"`` or ``"radio"``."""
    proto: object
    """The element's protobuf (``Slider``, ``Radio``, ...) as the server sent it."""
    fragment_id: str
    in_sidebar: bool

    @property
    def id(self) -> str:
        return self.proto.id

    @property
    def label(self) -> str:
        return self.proto.label


def widget_state(widget: Widget, value) -> WidgetState:
    """The ``WidgetState`` a browser sends when this widget is set to ``value``.

    ``value``: a number (slider, number input), a bool (checkbox), an option's text as shown
    (radio, selectbox) or a string (text input, text area).
    """
    state = WidgetState(id=widget.id)
    if widget.kind == "slider":
        state.double_array_value.data[:] = list(value) if isinstance(value, Iterable) else [value]
    elif widget.kind == "number_input":
        if widget.proto.data_type == NumberInput.INT:
            state.int_value = int(value)
        else:
            state.double_value = float(value)
    elif widget.kind == "checkbox":
        state.bool_value = bool(value)
    elif widget.kind in {"radio", "selectbox", "text_input", "text_area"}:
        state.string_value = str(value)
    else:
        raise ValueError(f"cannot set a {widget.kind} widget")
    return state


def current_value(widget: Widget):
    """The widget's value as the server last drew it: set from code (a key in session state,
    a URL value), else its default. A value a user chose in the browser is not echoed back."""
    proto = widget.proto
    if widget.kind == "slider":
        return list(proto.value if proto.set_value else proto.default)
    if widget.kind in {"radio", "selectbox"}:
        if proto.set_value and proto.HasField("raw_value"):
            return proto.raw_value
        return proto.options[proto.default] if proto.HasField("default") else None
    return proto.value if proto.set_value else proto.default


def numeric_toggle(widget: Widget) -> tuple[float, float] | None:
    """Two valid values one step apart for a single-value numeric slider or number input.

    Returns ``(current, neighbour)``, the neighbour being one step up (or down at the top of the
    range), or None when the widget cannot be nudged that way.
    """
    proto = widget.proto
    if widget.kind == "slider":
        if proto.options or proto.data_type not in (Slider.INT, Slider.FLOAT):
            return None
        values = current_value(widget)
        if len(values) != 1:
            return None
        low, high, step, now = proto.min, proto.max, proto.step, values[0]
    elif widget.kind == "number_input":
        now = current_value(widget)
        step = proto.step or (1 if proto.data_type == NumberInput.INT else 0.01)
        low = proto.min if proto.has_min else -math.inf
        high = proto.max if proto.has_max else math.inf
    else:
        return None
    if proto.disabled or step <= 0:
        return None
    decimals = max(0, -math.floor(math.log10(step)) + 6)
    up, down = round(now + step, decimals), round(now - step, decimals)
    if up <= high:
        return now, up
    if down >= low:
        return now, down
    return None


def pick_numeric_widget(widgets: Iterable[Widget]) -> tuple[Widget, tuple[float, float]] | None:
    """The first slider (else number input) of the main area that can be nudged by one step."""
    candidates = [w for w in widgets if not w.in_sidebar]
    for kind in ("slider", "number_input"):
        for widget in candidates:
            if widget.kind == kind and (values := numeric_toggle(widget)) is not None:
                return widget, values
    return None


# --------------------------------------------------------------------------------------------
# A session


class RerunTimeout(Exception):
    """No final ``script_finished`` arrived in time."""


class SessionClosed(Exception):
    """The server closed the websocket (or it broke) during a rerun."""


@dataclass
class Run:
    """What one rerun produced, as seen by the client."""

    seconds: float
    """From sending the ``rerun_script`` BackMsg to receiving the final ``script_finished``."""
    status: int
    bytes_received: int
    messages: int
    exceptions: list[str] = field(default_factory=list)
    """Texts of exception elements (``st.exception`` or an uncaught error), warnings excluded."""
    page_not_found: bool = False
    widgets: list[Widget] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            self.status
            in (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)
            and not self.exceptions
            and not self.page_not_found
        )


class Session:
    """One browser-like session on ``/_stcore/stream``.

    ``target`` is the path and query a browser would open, e.g. ``/playground?y=0``. Use as an
    async context manager; :meth:`rerun` runs the script once and waits for it to finish.
    """

    def __init__(
        self,
        base_url: str,
        target: str = "/",
        *,
        locale: str = "en-US",
        headers: dict[str, str] | None = None,
    ) -> None:
        parts = urlsplit(target)
        self.headers = dict(headers or {})
        """Extra handshake headers, e.g. the cookie a load balancer routes by."""
        self.base_url = base_url.rstrip("/")
        self.page_name = parts.path.strip("/")
        self.query_string = parts.query
        self.page_script_hash = ""
        self.locale = locale
        self.widgets: dict[str, Widget] = {}
        self._websocket = None
        self._cache: dict[str, tuple[ForwardMsg, int]] = {}
        self._finished_runs = 0
        self._max_cached_message_age = 2

    async def __aenter__(self) -> Session:
        await self.open()
        return self

    async def __aexit__(self, *exc_info) -> None:
        await self.close()

    async def open(self, timeout: float = 30) -> None:
        stream_url = "ws" + self.base_url.removeprefix("http") + "/_stcore/stream"
        self._websocket = await connect(
            stream_url,
            subprotocols=[Subprotocol("streamlit")],
            additional_headers=self.headers,
            compression=None,  # the server does not enable websocket compression by default
            max_size=None,
            ping_interval=None,  # browsers do not ping
            open_timeout=timeout,
            close_timeout=5,
        )

    async def close(self) -> None:
        if self._websocket is not None:
            with contextlib.suppress(Exception):
                await self._websocket.close()
            self._websocket = None

    def _client_state(self, widget_states: Iterable[WidgetState], fragment_id: str) -> BackMsg:
        message = BackMsg()
        state = message.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self.page_script_hash
        if not self.page_script_hash:
            state.page_name = self.page_name
        state.fragment_id = fragment_id
        state.widget_states.widgets.extend(widget_states)
        state.cached_message_hashes.extend(self._cache)
        state.context_info.locale = self.locale
        state.context_info.timezone = "UTC"
        state.context_info.timezone_offset = 0
        query = f"?{self.query_string}" if self.query_string else ""
        state.context_info.url = f"{self.base_url}/{self.page_name}{query}"
        return message

    async def rerun(
        self,
        widget_states: Iterable[WidgetState] = (),
        *,
        fragment_id: str = "",
        timeout: float = 60,
    ) -> Run:
        """Ask for a rerun with the given widget values and read until it has finished.

        Raises :class:`RerunTimeout` or :class:`SessionClosed`.
        """
        if self._websocket is None:
            raise SessionClosed("session is not open")
        payload = self._client_state(widget_states, fragment_id).SerializeToString()
        started = time.perf_counter()
        deadline = started + timeout
        run = Run(seconds=math.nan, status=-1, bytes_received=0, messages=0)
        widgets: dict[str, Widget] = {}
        try:
            await self._websocket.send(payload)
            while True:
                remaining = deadline - time.perf_counter()
                if remaining <= 0:
                    raise RerunTimeout(f"no script_finished within {timeout:g} s")
                try:
                    async with asyncio.timeout(remaining):
                        data = await self._websocket.recv()
                except TimeoutError:
                    raise RerunTimeout(f"no script_finished within {timeout:g} s") from None
                run.bytes_received += len(data)
                run.messages += 1
                message = self._resolve(ForwardMsg.FromString(data))
                kind = message.WhichOneof("type")
                if kind == "new_session":
                    self.page_script_hash = message.new_session.page_script_hash
                    age = message.new_session.config.max_cached_message_age
                    self._max_cached_message_age = age or self._max_cached_message_age
                    widgets.clear()
                elif kind == "navigation":  # names the page that ran (pages/ directory apps)
                    self.page_script_hash = message.navigation.page_script_hash
                elif kind == "page_info_changed":
                    self.query_string = message.page_info_changed.query_string
                elif kind == "page_not_found":
                    run.page_not_found = True
                elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                    self._read_element(message, run, widgets)
                elif kind == "script_finished" and message.script_finished in FINAL_STATUSES:
                    run.seconds = time.perf_counter() - started
                    run.status = message.script_finished
                    self._end_of_run(message.script_finished, widgets)
                    run.widgets = list(widgets.values())
                    return run
        except ConnectionClosed as error:
            self._websocket = None
            raise SessionClosed(f"websocket closed: {error}") from None

    def _resolve(self, message: ForwardMsg) -> ForwardMsg:
        """Keep large messages the server marked cacheable; expand references to them."""
        if message.WhichOneof("type") == "ref_hash":
            cached = self._cache.get(message.ref_hash)
            if cached is None:
                raise RuntimeError(f"server referred to uncached message {message.ref_hash}")
            self._cache[message.ref_hash] = (cached[0], self._finished_runs)
            full = ForwardMsg()
            full.CopyFrom(cached[0])
            full.metadata.CopyFrom(message.metadata)
            return full
        if message.metadata.cacheable and message.hash:
            self._cache[message.hash] = (message, self._finished_runs)
        return message

    def _read_element(self, message: ForwardMsg, run: Run, widgets: dict[str, Widget]) -> None:
        element = message.delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception" and not element.exception.is_warning:
            error = element.exception
            where = f" [{error.stack_trace[-1].strip()}]" if error.stack_trace else ""
            run.exceptions.append(f"{error.type}: {error.message}{where}")
        elif kind in WIDGET_KINDS:
            path = message.metadata.delta_path
            widget = Widget(
                kind=kind,
                proto=getattr(element, kind),
                fragment_id=message.delta.fragment_id,
                in_sidebar=bool(path) and path[0] == SIDEBAR,
            )
            widgets[widget.id] = widget

    def _end_of_run(self, status: int, widgets: dict[str, Widget]) -> None:
        if status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
            self.widgets.update(widgets)
            return
        self.widgets = dict(widgets)
        self._finished_runs += 1
        # The browser forgets cached messages not used in the last few runs.
        self._cache = {
            key: entry
            for key, entry in self._cache.items()
            if self._finished_runs - entry[1] <= self._max_cached_message_age
        }
