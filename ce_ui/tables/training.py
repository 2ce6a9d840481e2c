"""The Training page's table: the two losses' results side by side, with their differences."""

from __future__ import annotations

from ce_ui.format import sig
from ce_ui.i18n import t
from ce_ui.training_setup import Summary


def signed(value: float) -> str:
    """A difference with its sign: ``+0.0123``, ``−0.0045``, ``0``."""
    text = sig(value)
    return f"+{text}" if value > 0 else text


def short_name(summary: Summary) -> str:
    """The loss's short name, a column header that leaves room for four columns on a phone."""
    return t(f"training.short_{summary.run.result.config.loss}")


def compared_metrics(first: Summary, second: Summary) -> list[tuple[str, float, float]]:
    """``(short label, first's value, second's value)`` for the accuracy, the recall of the rare
    digits (or the mean recall of all digits when none is rare) and the ECE, each from its run."""
    if first.rare_recall is not None and second.rare_recall is not None:
        recall = (t("training.table_rare"), first.rare_recall, second.rare_recall)
    else:
        recall = (t("training.table_recall"), first.mean_recall, second.mean_recall)
    return [
        (t("training.table_accuracy"), first.final_accuracy, second.final_accuracy),
        recall,
        (t("training.table_ece"), first.ece, second.ece),
    ]


def comparison_columns(first: Summary, second: Summary) -> dict[str, list[str]]:
    """The side-by-side table's columns: the metric, each loss's value, and Δ (second − first),
    narrow enough for a phone 390 px wide (short labels and loss names, four significant
    digits; :func:`comparison_caption` says which loss each short name stands for)."""
    rows = compared_metrics(first, second)
    return {
        t("training.table_metric"): [label for label, _, _ in rows],
        short_name(first): [sig(a) for _, a, _ in rows],
        short_name(second): [sig(b) for _, _, b in rows],
        t("training.table_delta"): [signed(b - a) for _, a, b in rows],
    }


def comparison_caption(first: Summary, second: Summary) -> str:
    """The caption under the table: the losses' full names and what Δ is."""
    return t(
        "training.table_caption",
        first=short_name(first),
        second=short_name(second),
        first_name=first.name,
        second_name=second.name,
    )
