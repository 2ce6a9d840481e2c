"""The charts the pages really draw: every ``Frame.plot`` call of every page, recorded in AppTest
(builder, arguments), plus the room poll's histogram, which the room panel draws itself.

Shared by the tests that check every chart (``test_ui_chart_text.py``,
``test_figures_colour.py``): they see the figures with the numbers ``ce_core`` computed for the
pages' default inputs, not numbers typed into the test.
"""

from __future__ import annotations

import importlib
import inspect
import pickle
import pkgutil
from collections.abc import Callable

import plotly.graph_objects as go
import pytest

import ce_ui.figures
from ce_ui import frame
from ce_ui import room_store as rs
from ce_ui.figures import room
from ce_ui.frame import PAGES
from tests.conftest import open_page

PAGE_STATES = [(info.path, {}) for info in PAGES] + [
    ("pages/7_training.py", {"view": view}) for view in ("recall", "calibration", "confusion")
]
"""Every page with its default inputs, and the Training page's other chart views."""


def builders() -> set[Callable[..., go.Figure]]:
    """Every function of ``ce_ui.figures`` that returns a figure, but the shared helper."""
    found = set()
    for module_info in pkgutil.iter_modules(ce_ui.figures.__path__):
        module = importlib.import_module(f"ce_ui.figures.{module_info.name}")
        for _, function in inspect.getmembers(module, inspect.isfunction):
            returns = inspect.signature(function).return_annotation
            if function.__module__ == module.__name__ and returns in (go.Figure, "go.Figure"):
                found.add(function)
    found.discard(ce_ui.figures.style.figure)
    return found


def record_page_charts(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """``(builder, args, kwargs)`` of each chart of :data:`PAGE_STATES`, and of a room poll."""
    calls = []
    draw = frame._draw_chart

    def recording(call: bytes) -> None:
        calls.append(pickle.loads(call)[:3])
        draw(call=call)

    monkeypatch.setattr(frame, "_draw_chart", recording)
    for path, query in PAGE_STATES:
        at = open_page(path, query)
        assert not at.exception, (path, at.exception)
    bins = rs.histogram([1.0, 2.0, 2.2, 2.4], truth=2.303, bins=4)
    calls.append(
        (
            room.answers_histogram,
            (bins.lefts, bins.rights, bins.counts),
            {"truth": 2.303, "band": (2.0727, 2.5333), "title": "T", "x_title": "X",
             "y_title": "Y", "truth_label": "2.303"},
        )
    )  # fmt: skip
    return calls
