"""The Entropy page's model (ce_ui.readers.entropy) without Streamlit: reading the two
distributions with the one bad-input policy, the numbers of each section, and the callbacks."""

from __future__ import annotations

import math

import numpy as np
import pytest

import ce_core as cc
from ce_ui.readers import entropy as model
from ce_ui.readers.entropy import TEXT, N, P, Q

LABELS = ("p", "q")


class StandIn:
    """A page as the callbacks see it: values and the last valid readings."""

    def __init__(self, **state):
        self.state = {field: field.default for field in model.FIELDS}
        self.state |= {field: value for field, value in state.items()}
        self.last_valid = {}

    def value(self, field):
        return self.state[field]

    def set_value(self, field, value):
        self.state[field] = value


def test_the_fields_are_declared_once_with_their_bounds():
    assert (N.parse.low, N.parse.high, N.parse.integer) == (1, 2**20, True)
    assert P.default == "0.5, 0.25, 0.125, 0.125" and P.dump(P.default) == model.DEFAULT_P
    assert (P.parse.min_length, P.parse.low, P.parse.high) == (2, 0, 1)
    assert Q.parse == P.parse and Q.max_chars == P.max_chars
    assert TEXT.max_chars == model.TEXT_LIMIT and TEXT.link_limit == model.TEXT_LINK_LIMIT


def test_a_typed_distribution_is_read_with_any_separator_and_normalised_for_the_results():
    last = {}
    read = model.read_one(P, "0.5 0.25; 0.25,0.25", "p", last)
    assert read.problem is None and read.total == pytest.approx(1.25)
    assert read.typed.tolist() == [0.5, 0.25, 0.25, 0.25]
    assert read.values.tolist() == pytest.approx([0.4, 0.2, 0.2, 0.2])
    assert last["p"].tolist() == [0.5, 0.25, 0.25, 0.25]


def test_a_bad_edit_keeps_the_last_valid_distribution_normalised_and_says_so():
    last = {}
    model.read_one(P, "0.5, 0.6, 0.2", "p", last)
    read = model.read_one(P, "0.5, abc, 0.2", "p", last)
    assert "abc" in read.problem and not read.defaulted
    assert read.values.tolist() == pytest.approx([0.5 / 1.3, 0.6 / 1.3, 0.2 / 1.3])
    assert read.total is None  # no Normalise offer while the text cannot be read


def test_without_a_last_valid_one_the_default_is_in_use():
    read = model.read_one(Q, "0, 0, 0, 0", "q", {})
    assert "adds up to 0" in read.problem and read.defaulted
    assert read.values.tolist() == [0.25] * 4


def test_distributions_of_different_lengths_fall_back_to_the_defaults():
    pair = model.read_distributions("0.5, 0.5", "0.2, 0.3, 0.5", LABELS, {})
    assert pair.mismatch
    p, q = pair.values
    assert p.tolist() == [0.5, 0.25, 0.125, 0.125] and q.tolist() == [0.25] * 4
    same = model.read_distributions("0.5, 0.5", "0.2, 0.8", LABELS, {})
    assert not same.mismatch and same.values[1].tolist() == [0.2, 0.8]


def test_scores_come_from_ce_core_and_add_up():
    p, q = np.array([0.5, 0.25, 0.125, 0.125]), np.full(4, 0.25)
    scores = model.pq_scores(p, q, 2.0)
    assert (scores.entropy, scores.cross_entropy) == (1.75, 2.0)
    assert scores.divergence == pytest.approx(0.25)
    assert model.pq_scores(p, q, math.e).divergence == pytest.approx(0.25 * math.log(2))


@pytest.mark.parametrize(
    ("p", "q", "keys"),
    [
        ([0.5, 0.5], [0.5, 0.5], ["entropy.equal_note"]),
        ([0.5, 0.5], [1.0, 0.0], ["entropy.infinite_note"]),
        ([1.0, 0.0], [0.7, 0.3], ["entropy.one_hot_note"]),
        ([1.0, 0.0], [1.0, 0.0], ["entropy.equal_note", "entropy.one_hot_note"]),
        ([1e-300, 1.0], [1.0000000000000002e-300, 1.0], ["entropy.equal_note_rounded"]),
        ([0.6, 0.4], [0.5, 0.5], []),
    ],
)
def test_the_notes_say_what_the_numbers_mean_on_both_sides_of_each_condition(p, q, keys):
    p, q = np.array(p), np.array(q)
    notes = model.pq_notes(p, q, model.pq_scores(p, q, math.e))
    assert [key for _, key, _ in notes] == keys


def test_the_text_numbers_count_what_a_reader_sees_in_bits():
    info, probabilities, information = model.text_numbers("abracadabra")
    assert info.symbols[0] == "a" and probabilities[0] == pytest.approx(5 / 11)
    assert information[0] == pytest.approx(-math.log2(5 / 11))
    assert info.entropy == pytest.approx(float(cc.entropy(probabilities, base=2)))


def test_the_uniform_curve_is_log2_n_at_powers_of_two():
    counts, curve = model.uniform_curve()
    assert counts[0] == 1 and counts[-1] == model.MAX_OUTCOMES
    assert curve.tolist() == pytest.approx(list(range(len(counts))))
    assert model.uniform_entropy(1000, 2.0) == pytest.approx(math.log2(1000))


def test_a_text_too_long_for_a_link_is_cut_and_remembered():
    page = StandIn()
    page.state[TEXT] = "中" * 2000  # 18,000 characters once percent-encoded
    model.cap_text(page)
    kept = page.state[TEXT]
    assert len(kept) == model.TEXT_LINK_LIMIT // 9
    assert page.last_valid[model.TEXT_CUT] == (2000, len(kept))
    page = StandIn()
    page.state[TEXT] = "short"
    model.cap_text(page)
    assert page.state[TEXT] == "short" and model.TEXT_CUT not in page.last_valid


def test_presets_and_set_q_to_p_write_the_fields_in_their_shown_form():
    page = StandIn()
    model.set_distributions(page, *model.PQ_PRESETS["preset_label"])
    assert (page.state[P], page.state[Q]) == ("1, 0, 0", "0.7, 0.2, 0.1")
    model.make_equal(page)
    assert page.state[Q] == "1, 0, 0"
    model.set_text(page, "abab")
    assert page.state[TEXT] == "abab"
