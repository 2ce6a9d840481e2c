"""The Curves page's captions and tables, without Streamlit."""

import numpy as np

from ce_core import curves
from ce_ui.explanations import curves as explain
from ce_ui.i18n import translate


def test_loss_caption_adds_the_cap_only_with_clipping():
    worked = [(0.9, 0.1054), (0.1, 2.303)]
    plain = explain.loss_caption(0.9, 1, 0.1054, "nats", worked)
    assert plain == translate(
        "en",
        "curves.loss_caption",
        p="0.9",
        y=1,
        loss="0.1054",
        unit="nats",
        high="0.9",
        high_loss="0.1054",
        low="0.1",
        low_loss="2.303",
    )
    capped = explain.loss_caption(0.9, 1, 0.1054, "nats", worked, 0.01, 4.605)
    assert capped.startswith(plain + " ") and "4.605" in capped[len(plain) :]


def test_slope_caption_as_a_ratio_or_flat():
    ratio = explain.slope_caption(0.1, 1, -10.0, "nats", 0.9, -1 / 0.9)
    assert "9" in ratio and "−10" in ratio
    flat = explain.slope_caption(1e-9, 1, 0.0, "nats", 0.9, -1 / 0.9, 0.01, -1e9)
    assert flat == translate(
        "en", "curves.slope_caption_flat", p="1e−9", y=1, eps="0.01", exact="−1e9", unit="nats"
    )


def test_ladder_table_columns():
    ladder = (0.9, 0.1)
    slopes = curves.binary_cross_entropy_slope(1, np.array(ladder))
    table = explain.ladder_table(ladder, -np.log(ladder), slopes, "nats")
    columns = list(table.values())
    assert columns[0] == ["0.9", "0.1"]
    assert columns[1] == ["0.1054", "2.303"]
    assert columns[3] == [
        translate("en", "curves.ladder_times", value="1"),
        translate("en", "curves.ladder_times", value="9"),
    ]


def test_library_table_writes_each_row():
    table = explain.library_table(
        [("A", "rule", float("inf"), 115.13), ("B", "r", 16.12, 1.0)], "nats"
    )
    columns = list(table.values())
    assert columns == [["A", "B"], ["rule", "r"], ["∞", "16.12"], ["115.1", "1"]]


def test_clip_dtype_note_names_the_float32_caps():
    note = explain.clip_dtype_note(np.e, "nats")
    assert "15.94" in note and "16.12" in note
