"""Figure builders of the Entropy page, without Streamlit."""

import numpy as np
import plotly.graph_objects as go
import pytest

from ce_ui.figures import entropy as figures

LABELS = {"title": "T", "x_title": "X", "y_title": "Y"}


def validated(fig: go.Figure) -> go.Figure:
    """The figure rebuilt with Plotly's property checks (style.figure skips them)."""
    return go.Figure(fig.to_dict())


@pytest.mark.parametrize(
    ("symbol", "label"),
    [(" ", "␣"), ("\n", "↵"), ("\t", "⇥"), ("a", "a"), ("<", "<"), ("\u200b", "U+200B")],
)
def test_invisible_symbols_get_visible_labels(symbol, label):
    assert figures.symbol_label(symbol) == label


def test_symbol_distribution_sorts_by_frequency_and_labels_whitespace():
    fig = validated(
        figures.symbol_distribution(
            ["a", " ", "b"],
            [0.25, 0.5, 0.25],
            [2.0, 1.0, 2.0],
            information_unit="bits",
            other_label="{count} others",
            **LABELS,
        )
    )
    (bars,) = fig.data
    assert list(bars.x) == ["␣", "a", "b"]
    np.testing.assert_allclose(bars.y, [0.5, 0.25, 0.25])
    assert list(bars.text) == ["0.5", "0.25", "0.25"]
    assert bars.customdata[0] == "p = 0.5, 1 bits"


def test_many_symbols_share_an_other_bar_and_lose_their_labels():
    count = figures.MAX_SYMBOL_BARS + 10
    symbols = [chr(0x4E00 + index) for index in range(count)]
    probabilities = np.full(count, 1 / count)
    fig = validated(
        figures.symbol_distribution(
            symbols,
            probabilities,
            -np.log2(probabilities),
            information_unit="bits",
            other_label="{count} others",
            **LABELS,
        )
    )
    (bars,) = fig.data
    assert len(bars.x) == figures.MAX_SYMBOL_BARS + 1
    assert bars.x[-1] == "10 others"
    assert bars.y[-1] == pytest.approx(10 / count)
    assert sum(bars.y) == pytest.approx(1.0)
    assert bars.text is None


def test_uniform_bits_marks_the_chosen_n():
    counts = [1, 2, 4, 8, 16]
    fig = validated(figures.uniform_bits(counts, [0, 1, 2, 3, 4], 8, 3.0, **LABELS))
    line, marker = fig.data
    assert list(line.x) == counts
    assert list(marker.x) == [8] and list(marker.y) == [3.0]
    assert marker.text == ("n = 8: 3",)
    assert fig.layout.xaxis.type == "log"


def test_entropy_stack_makes_the_cross_entropy_bar_longer_by_the_divergence():
    fig = validated(
        figures.entropy_stack(
            1.75,
            0.25,
            bar_labels=("H(p)", "H(p, q)"),
            entropy_name="H",
            divergence_name="KL",
            title="T",
            x_title="bits",
        )
    )
    entropy, divergence = fig.data
    assert fig.layout.barmode == "stack"
    assert list(entropy.y) == ["H(p)", "H(p, q)"] and list(entropy.x) == [1.75, 1.75]
    assert list(divergence.y) == ["H(p, q)"] and list(divergence.x) == [0.25]
    assert list(divergence.text) == ["0.25"]


def test_distribution_pair_shows_p_and_q_per_outcome():
    fig = validated(figures.distribution_pair([0.5, 0.5], [0.9, 0.1], names=("p", "q"), **LABELS))
    assert [trace.name for trace in fig.data] == ["p", "q"]
    assert list(fig.data[0].x) == ["0", "1"]
    np.testing.assert_allclose(fig.data[1].y, [0.9, 0.1])
