"""The Entropy page's formula builders and input readers, without Streamlit."""

import numpy as np
import pytest

from ce_ui.formulas import entropy as formulas
from ce_ui.inputs import InputProblem
from ce_ui.readers import entropy as readers
from ce_ui.url_state import link_length


def test_symbol_entropy_and_uniform():
    assert formulas.symbol_entropy(3.0) == r"H = -\sum_s p_s \log_2 p_s = 3"
    assert formulas.uniform(1000, float(np.log2(1000))) == r"\log_2 1000 = 9.966"


def test_decomposition_gives_the_parts_the_digits_their_sum_needs():
    latex = formulas.decomposition(1.386, 1.213, 0.1733)
    assert latex.startswith(r"H(p, q) = H(p) + \mathrm{KL}(p \,\|\, q):\quad 1.386 = ")
    entropy, divergence = 0.1 + 0.2, 0.3
    latex = formulas.decomposition(entropy + divergence, entropy, divergence)
    assert latex.endswith(" = 0.3 + 0.3")


def test_fitting_text_keeps_what_a_link_carries():
    assert readers.fitting_text("abcdef", 4, 100) == "abcd"
    chinese = "中" * 10  # 9 characters once percent-encoded
    kept = readers.fitting_text(chinese, 100, 30)
    assert link_length(kept) <= 30 < link_length(kept + "中")
    assert readers.fitting_text("abc", 10, 100) == "abc"


def test_read_distribution_refuses_a_zero_sum_and_bad_text():
    with pytest.raises(InputProblem, match="0"):
        readers.read_distribution("0,0", "p")
    with pytest.raises(InputProblem):
        readers.read_distribution("0.5,abc", "p")
    assert list(readers.read_distribution("0.2, 0.6", "p")) == [0.2, 0.6]


def test_normalised_text_and_check():
    values = np.array([1.0, 3.0])
    assert not readers.is_normalised(values)
    assert readers.normalised_text(values) == "0.25,0.75"
    assert readers.compact_vector("0.5 ; 0.5") == "0.5,0.5"
