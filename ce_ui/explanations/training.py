"""The Training page's sentences: preset help, the data split, each chart's numbers in words."""

from __future__ import annotations

import numpy as np

from ce_core import calibration, training
from ce_ui import digits
from ce_ui.figures.training import Line
from ce_ui.format import sig
from ce_ui.i18n import t
from ce_ui.training_setup import PRESETS, Summary, calibration_verdict
from ce_ui.url_state import format_number


def digit_list(classes) -> str:
    """``"0, 1, 2"``, or the word for none."""
    return ", ".join(str(cls) for cls in classes) or t("training.rare_none")


def widget_text(name: str, **values) -> dict[str, str]:
    """A widget's translated ``label`` and ``help`` (keys ``training.<name>_label`` and
    ``training.<name>_help``), as keyword arguments."""
    return {"label": t(f"training.{name}_label"), "help": t(f"training.{name}_help", **values)}


def option_names(kind: str, options, **values) -> dict[str, str]:
    """Each option's translated name (``training.<kind>_<option>``), for a ``format_func``:
    the widget's value stays the option's id, so a language switch changes only words."""
    return {option: t(f"training.{kind}_{option}", **values) for option in options}


def preset_help(name: str) -> str:
    settings = {field.key: value for field, value in PRESETS[name]}
    return t(
        f"training.{name}_help",
        keep=f"{settings.get('imbalance', 1):.0%}",
        digits=digit_list(settings.get("rare", ())),
        gamma=format_number(settings.get("gamma", 0)),
        smoothing=format_number(settings.get("smoothing", 0)),
        epochs=settings.get("epochs"),
    )


def progress(loss_name: str, run: int, runs: int, epoch: int, epochs: int) -> tuple[float, str]:
    """The progress bar's fraction and text during run ``run`` of ``runs``."""
    text = t("training.progress", loss=loss_name, run=run, runs=runs, epoch=epoch, epochs=epochs)
    return ((run - 1) * epochs + epoch) / (runs * epochs), text


def split(data: training.PreparedData, rare_digits: tuple[int, ...]) -> list[str]:
    """How the digits were split, how the rare digits were reduced, and the training counts."""
    split_counts = data.split_train_counts
    train_counts = training.class_counts(data.train_labels, data.n_classes)
    texts = [
        t(
            "training.split_text",
            train_share=f"{1 - digits.TEST_FRACTION:.0%}",
            test_share=f"{digits.TEST_FRACTION:.0%}",
            total=digits.load().labels.size,
            split_seed=digits.SPLIT_SEED,
            train=int(split_counts.sum()),
            test=data.test_labels.size,
        )
    ]
    if rare_digits:
        texts.append(
            t(
                "training.split_reduced",
                kept=int(train_counts[list(rare_digits)].sum()),
                original=int(split_counts[list(rare_digits)].sum()),
                digits=digit_list(rare_digits),
                train=data.train_labels.size,
            )
        )
    counts = ", ".join(f"{digit}: {count}" for digit, count in enumerate(train_counts))
    texts.append(t("training.train_counts", counts=counts))
    return texts


def class_weights(weights: np.ndarray | None) -> str | None:
    if weights is None:
        return None
    listed = ", ".join(f"{digit}: {sig(weight)}" for digit, weight in enumerate(weights))
    return t("training.formula_weights", weights=listed)


def metrics(
    summary: Summary, rare_digits: tuple[int, ...], unit: str
) -> list[tuple[str, float, str]]:
    """The four headline metrics of a run: ``(label, value, help)``. The second is the recall of
    the rare digits when some are reduced, else the balanced accuracy (mean recall)."""
    if summary.rare_recall is not None:
        recall = (
            t("training.metric_rare_recall"),
            summary.rare_recall,
            t("training.metric_rare_recall_help", digits=digit_list(rare_digits)),
        )
    else:
        recall = (
            t("training.metric_balanced"),
            summary.mean_recall,
            t("training.metric_balanced_help"),
        )
    return [
        (
            t("training.metric_accuracy"),
            summary.final_accuracy,
            t("training.metric_accuracy_help"),
        ),
        recall,
        (t("training.metric_ece"), summary.ece, t("training.metric_ece_help")),
        (
            t("training.metric_test_ce", unit=unit),
            summary.test_cross_entropy,
            t("training.metric_test_ce_help"),
        ),
    ]


def curve_lines(summaries: list[Summary], kind: str, colours) -> list[Line]:
    """The learning curves of ``kind`` (``"loss"`` or ``"accuracy"``): for each run its training
    line (dashed) and its test line, in the run's colour."""
    lines = []
    for summary, colour in zip(summaries, colours, strict=False):
        if kind == "loss":
            train, test = summary.train_loss, summary.test_loss
        else:
            train, test = summary.history.train_accuracy, summary.history.test_accuracy
        lines.append(Line(t("training.train_line", loss=summary.name), train, colour, dashed=True))
        lines.append(Line(t("training.test_line", loss=summary.name), test, colour))
    return lines


def curves_numbers(summaries: list[Summary], unit: str) -> str:
    return "\n\n".join(
        t(
            "training.curves_numbers",
            loss=summary.name,
            epochs=summary.run.result.config.epochs,
            train_loss=sig(summary.train_loss[-1]),
            test_loss=sig(summary.test_loss[-1]),
            unit=unit,
            train_accuracy=sig(summary.history.train_accuracy[-1]),
            test_accuracy=sig(summary.history.test_accuracy[-1]),
        )
        for summary in summaries
    )


def recall_numbers(summary: Summary) -> str:
    worst = int(np.nanargmin(summary.recall))
    if summary.rare_recall is None:
        return t(
            "training.recall_numbers_no_rare",
            loss=summary.name,
            recall=sig(summary.recall[worst]),
            digit=worst,
        )
    return t(
        "training.recall_numbers",
        loss=summary.name,
        recall=sig(summary.recall[worst]),
        digit=worst,
        rare=sig(summary.rare_recall),
    )


def calibration_numbers(summary: Summary) -> str:
    accuracy = summary.final_accuracy
    verdict = calibration_verdict(summary.confidence, accuracy)
    return t(
        "training.calibration_numbers",
        loss=summary.name,
        ece=sig(summary.ece),
        confidence=sig(summary.confidence),
        accuracy=sig(accuracy),
        verdict=t(f"training.verdict_{verdict}"),
    )


def confusion_numbers(summary: Summary) -> str:
    mistake = calibration.most_frequent_mistake(summary.confusion)
    if mistake is None:
        return t("training.confusion_numbers_perfect", loss=summary.name)
    total = int(summary.confusion.sum())
    return t(
        "training.confusion_numbers",
        loss=summary.name,
        wrong=total - int(np.trace(summary.confusion)),
        total=total,
        true=mistake[0],
        predicted=mistake[1],
        count=mistake[2],
    )


def gallery_captions(summary: Summary, hardest: np.ndarray, losses: np.ndarray, unit: str):
    result, labels = summary.run.result, summary.run.data.test_labels
    return [
        t(
            "training.gallery_caption",
            true=labels[index],
            predicted=result.test_predictions[index],
            loss=f"{sig(loss)} {unit}",
        )
        for index, loss in zip(hardest, losses, strict=True)
    ]


def comparison_verdict(first: Summary, second: Summary, rare_digits: tuple[int, ...]) -> str:
    """Which loss wins on the rare digits (their mean recall), or over all digits (mean recall)
    when none is rare, with both numbers; a tie when the two recalls are equal."""
    rare = first.rare_recall is not None and second.rare_recall is not None
    a, b = (
        (first.rare_recall, second.rare_recall) if rare else (first.mean_recall, second.mean_recall)
    )
    scope = "rare" if rare else "all"
    if sig(a) == sig(b):
        return t(f"training.tie_{scope}", digits=digit_list(rare_digits), recall=sig(a))
    winner, loser = (first, second) if a > b else (second, first)
    return t(
        f"training.verdict_{scope}",
        digits=digit_list(rare_digits),
        winner=winner.name,
        loser=loser.name,
        winner_recall=sig(max(a, b)),
        loser_recall=sig(min(a, b)),
    )


def quiz_answer(summaries: list[Summary]) -> float:
    """The number the room guesses: the test accuracy of one loss, or for two, the second's
    recall minus the first's (on the rare digits, or the mean over all when none is rare)."""
    if len(summaries) == 1:
        return summaries[0].final_accuracy
    first, second = summaries
    if first.rare_recall is not None and second.rare_recall is not None:
        return second.rare_recall - first.rare_recall
    return second.mean_recall - first.mean_recall


def quiz_prompt(summaries: list[Summary], rare_digits: tuple[int, ...]) -> str:
    """The quiz question on the results: which loss wins on the rare digits (over all digits
    when none is rare), or, for one loss alone, the test accuracy it reaches."""
    if len(summaries) == 1:
        config = summaries[0].run.result.config
        return t("training.quiz_single", count=config.epochs, loss=summaries[0].name)
    first, second = summaries
    scope = "rare" if first.rare_recall is not None else "all"
    return t(
        f"training.quiz_{scope}",
        digits=digit_list(rare_digits),
        first=first.name,
        second=second.name,
    )
