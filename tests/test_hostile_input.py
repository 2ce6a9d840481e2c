"""Hostile links: every page meets malformed, oversized and malicious query strings with a clear
message, never an exception, and never renders what a user typed as HTML or Markdown."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import open_page

COMMON_KEYS = ["lang", "units", "present", "quiz", "export"]
PAGE_KEYS = {
    "app.py": [],
    "pages/1_playground.py": ["y", "p", "z", "t", "eps", "batch_y", "batch_p"],
    "pages/2_curves.py": ["p", "y", "eps"],
    "pages/3_multilabel.py": [
        "y", "p", "classes", "positives", "p_pos", "p_neg", "neg_weight", "reduction",
        "neg_dist", "kappa", "seed",
    ],
    "pages/4_focal.py": ["gamma", "alpha", "p", "classes", "positives", "p_pos", "p_neg"],
    "pages/5_gradients.py": ["y", "z", "p", "lr", "steps"],
    "pages/6_entropy.py": ["text", "n", "p", "q"],
    "pages/7_training.py": [
        "loss", "compare", "gamma", "smoothing", "imbalance", "rare", "model", "opt", "lr",
        "epochs", "batch", "seed", "view",
    ],
    "pages/9_language.py": [
        "train", "corpus", "text", "order", "smoothing", "k", "held", "temperature", "seed",
        "length", "loss", "loss_unit", "vocab",
    ],
}  # fmt: skip
FREE_TEXT_KEYS = {
    ("pages/6_entropy.py", "text"),
    ("pages/9_language.py", "corpus"),
    ("pages/9_language.py", "text"),
}
"""Keys whose value is text to analyse, where any string is valid input."""

MARKUP = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click me](javascript:alert(1))",
    "![x](http://127.0.0.1:1/x.png)",
    "$\\href{javascript:alert(1)}{x}$",
    ":red[**boom**]",
]
INVALID_EVERYWHERE = [
    "nan",
    "NaN,NaN",
    "inf",
    "-inf",
    "1e309",
    "\x00\x07\x1b[31m",
    ",".join(["0.5"] * 20_000),
    *MARKUP,
]
"""Values no numeric, vector or choice key accepts: each must produce a message."""
SUSPICIOUS = [
    "",
    "-1",
    "0",
    "1",
    "1e-320",
    "1000000000",
    "10**9",
    "0x10",
    "1_000",
    "１２３",
    "0.1;0.2;0.7",
    "0.1|0.9",
    "0.1 0.9",
    "  0.5 , 0.5 ",
    "0,,1",
    "a" * 100_000,
    "\u202e0.1,0.9",
]
"""Values that are wrong for some keys and fine for others: any outcome but an exception."""


def visible_markdown(at) -> list[str]:
    return [element.value for element in at.get("markdown")] + [
        element.value
        for kind in ("warning", "error", "info", "success", "caption")
        for element in at.get(kind)
    ]


def assert_safe(at) -> None:
    assert not at.exception, [e.message for e in at.exception]
    for element in at.get("markdown"):
        assert not element.proto.allow_html, element.value[:200]
    for text in visible_markdown(at):
        assert not re.search(r"(?<!\\)<[a-zA-Z/!]", text), f"unescaped tag in {text[:200]}"
        assert not re.search(r"(?<!\\)\]\((?:javascript|http)", text), f"live link in {text[:200]}"
        assert "\x00" not in text


def messages(at) -> list[str]:
    return [element.value for kind in ("warning", "error") for element in at.get(kind)]


CASES = [
    (page, key)
    for page, keys in PAGE_KEYS.items()
    for key in [*keys, *COMMON_KEYS]
    if (page, key) not in FREE_TEXT_KEYS
]


@pytest.mark.parametrize(("page", "key"), CASES)
def test_every_key_answers_nonsense_with_a_message_naming_it(page, key):
    for value in ("nan", "<script>alert(1)</script>", ",".join(["0.5"] * 20_000)):
        at = open_page(page, {key: value})
        assert_safe(at)
        found = messages(at)
        assert found, f"{page}?{key}={value[:30]} gave no message"
        assert any(key in message.replace("\\", "") for message in found), (key, found)


@pytest.mark.parametrize("page", list(PAGE_KEYS))
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_random_hostile_query_strings_never_break_a_page(page, data):
    keys = [*PAGE_KEYS[page], *COMMON_KEYS, "unknown_key"]
    values = st.one_of(
        st.sampled_from(INVALID_EVERYWHERE + SUSPICIOUS),
        st.text(max_size=40),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.integers(min_value=-(10**12), max_value=10**12).map(str),
    )
    query = data.draw(st.dictionaries(st.sampled_from(keys), values, max_size=5))
    at = open_page(page, query)
    assert_safe(at)
    if any(
        value in INVALID_EVERYWHERE and (page, key) not in FREE_TEXT_KEYS and key != "unknown_key"
        for key, value in query.items()
    ):
        assert messages(at), query


@pytest.mark.parametrize(
    ("page", "query", "limit"),
    [
        ("pages/3_multilabel.py", {"classes": "1000000000"}, "100000"),
        ("pages/4_focal.py", {"classes": "1000000000"}, "100000"),
        ("pages/1_playground.py", {"p": ",".join(["0.05"] * 20_000)}, "500"),  # characters
        ("pages/6_entropy.py", {"text": "ab" * 50_000}, "2000"),
        ("pages/9_language.py", {"text": "ab" * 50_000}, "300 "),
        ("pages/9_language.py", {"train": "own", "corpus": "ab" * 50_000}, "3000"),
    ],
)
def test_oversized_input_is_capped_with_a_message_giving_the_limit(page, query, limit):
    at = open_page(page, query)
    assert_safe(at)
    assert any(limit in message.replace("\u202f", "") for message in messages(at)), messages(at)
