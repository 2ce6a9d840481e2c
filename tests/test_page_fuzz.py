"""Random combinations of valid settings, several fields at once, on every page: no exception
reaches the page (its share panel open), and the link the page publishes reopens the same view
(every value it wrote reads back, so the reopened page publishes the same query string).

Bounded: a fixed number of examples per page (hypothesis, derandomised so a failure repeats),
about a minute or two for all pages on two cores."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ce_ui import url_state
from ce_ui.url_state import format_number
from tests.conftest import open_page


def numbers(low: float, high: float) -> st.SearchStrategy[str]:
    """A number in [low, high] as a person or a link writes it: shortest form, or fixed decimals."""
    value = st.floats(low, high, allow_nan=False, allow_infinity=False)
    return st.one_of(
        value.map(format_number),
        st.tuples(value, st.integers(0, 9)).map(lambda pair: f"{pair[0]:.{pair[1]}f}"),
        st.sampled_from([format_number(low), format_number(high)]),
    )


def integers(low: int, high: int) -> st.SearchStrategy[str]:
    return st.one_of(st.integers(low, high).map(str), st.sampled_from([str(low), str(high)]))


def vector(low: float, high: float, min_size: int = 2, max_size: int = 20):
    return st.lists(numbers(low, high), min_size=min_size, max_size=max_size).map(",".join)


def batch():
    def rows(shape):
        count, classes = shape
        row = st.lists(numbers(0, 1), min_size=classes, max_size=classes).map(",".join)
        return st.tuples(
            st.lists(integers(0, classes - 1), min_size=count, max_size=count).map(";".join),
            st.lists(row, min_size=count, max_size=count).map(";".join),
        )

    return st.tuples(st.integers(1, 20), st.integers(2, 20)).flatmap(rows)


COMMON = {
    "lang": st.sampled_from(["en", "vi", "ru", "zh"]),
    "units": st.sampled_from(["nats", "bits"]),
    "present": st.sampled_from(["0", "1"]),
    "quiz": st.sampled_from(["0", "1"]),
    "export": st.sampled_from(["png", "svg"]),
}
SCENARIO = {
    # classes and positives together, so that the edges (no positives, no negatives) come up
    "_classes": integers(2, 100_000).flatmap(
        lambda classes: st.tuples(
            st.just(classes), st.one_of(integers(0, int(classes)), st.just(classes))
        )
    ),
    "p_pos": numbers(1e-6, 1 - 1e-6),
    "p_neg": numbers(1e-6, 1 - 1e-6),
}
PAGES = {
    "pages/1_playground.py": {
        "y": st.one_of(integers(0, 19), vector(0, 1)),
        "p": vector(0, 1),
        "z": vector(-1e4, 1e4),
        "t": numbers(0.01, 100),
        "eps": numbers(1e-30, 0.1),
        "_batch": batch(),  # batch_y and batch_p together
    },
    "pages/2_curves.py": {
        "p": numbers(1e-9, 1 - 1e-9),
        "y": st.sampled_from(["0", "1"]),
        "eps": numbers(0, 0.1),
    },
    "pages/3_multilabel.py": {
        "y": vector(0, 1).map(lambda text: ",".join(str(round(float(v))) for v in text.split(","))),
        "p": vector(0, 1),
        "neg_weight": numbers(0, 1),
        "reduction": st.sampled_from(["sum", "mean"]),
        "neg_dist": st.sampled_from(["constant", "beta"]),
        "kappa": numbers(1, 1000),
        "seed": integers(0, 1_000_000),
        **SCENARIO,
    },
    "pages/4_focal.py": {
        "gamma": numbers(0, 5),
        "alpha": st.one_of(st.just("none"), numbers(0, 1)),
        "p": numbers(0.001, 0.999),
        **SCENARIO,
    },
    "pages/5_gradients.py": {
        "y": integers(0, 19),
        "p": vector(0, 1),
        "z": vector(-50, 50),
        "lr": numbers(0.001, 10),
        "steps": integers(0, 100),
    },
    "pages/6_entropy.py": {
        "text": st.text(max_size=300),
        "n": integers(1, 2**20),
        "p": vector(0, 1),
        "q": vector(0, 1),
    },
    "pages/7_training.py": {
        "loss": st.sampled_from(["ce", "focal", "weighted", "smoothing"]),
        "compare": st.sampled_from(["none", "ce", "focal", "weighted", "smoothing"]),
        "gamma": numbers(0, 5),
        "smoothing": numbers(0, 0.5),
        "imbalance": numbers(0.01, 1),
        "rare": st.lists(st.integers(0, 9), max_size=10).map(
            lambda digits: ",".join(str(d) for d in sorted(set(digits)))
        ),
        "model": st.sampled_from(["softmax", "mlp"]),
        "opt": st.sampled_from(["sgd", "adam"]),
        "lr": numbers(0.0001, 1),
        "epochs": integers(1, 200),
        "batch": st.sampled_from(["8", "16", "32", "64", "128", "256"]),
        "seed": integers(0, 99999),
        "view": st.sampled_from(["curves", "recall", "calibration", "confusion", "gallery"]),
    },
    "pages/9_language.py": {
        "train": st.sampled_from(["en", "vi", "ru", "zh", "own"]),
        "corpus": st.text(min_size=0, max_size=200),
        "text": st.text(max_size=120),
        "order": integers(0, 5),
        "smoothing": st.sampled_from(["add_k", "kneser_ney"]),
        "k": numbers(0, 10),
        "held": numbers(0.05, 0.5),
        "temperature": numbers(0.1, 3),
        "seed": integers(0, 99_999),
        "length": integers(10, 500),
        "loss": numbers(0, 1000),
        "loss_unit": st.sampled_from(["nats", "bits", "perplexity"]),
        "vocab": integers(1, 10**9),
    },
}
EXAMPLES = {"pages/7_training.py": 6}
"""Examples per page (12 unless listed): each opens the page twice."""


def query_of(at) -> dict[str, str]:
    return {key: at.query_params[key] for key in at.query_params}


def settings_for(path: str):
    fields = {**PAGES[path], **COMMON}
    keys = st.lists(st.sampled_from(sorted(fields)), min_size=2, max_size=len(fields), unique=True)
    return keys.flatmap(lambda chosen: st.fixed_dictionaries({key: fields[key] for key in chosen}))


def as_query(drawn: dict[str, str]) -> dict[str, str]:
    query = dict(drawn)
    if "_classes" in query:
        query["classes"], query["positives"] = query.pop("_classes")
    if "_batch" in query:
        query["batch_y"], query["batch_p"] = query.pop("_batch")
    return query


@pytest.mark.parametrize("path", list(PAGES))
def test_random_valid_settings_never_raise_and_reload_from_their_link(path):
    @settings(
        max_examples=EXAMPLES.get(path, 12),
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(drawn=settings_for(path))
    def check(drawn):
        query = as_query(drawn)
        at = open_page(path, query, **{"share.open": True})  # the share panel and its QR code
        assert not at.exception, (query, [e.message for e in at.exception])
        published = query_of(at)
        assert url_state.query_length(published) <= url_state.MAX_QUERY_CHARS
        again = open_page(path, published)
        assert not again.exception, (published, [e.message for e in again.exception])
        assert query_of(again) == published, query

    check()
