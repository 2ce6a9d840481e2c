"""The Curves page's formula builders and numbers, without Streamlit."""

import math

import numpy as np

from ce_core import curves
from ce_ui import curves_numbers as numbers
from ce_ui.formulas import curves as formulas


def test_definition_without_and_with_clipping():
    assert formulas.definition("nats", None, 0.9, 17) == (
        r"L = -\big[\,y\,\ln p + (1-y)\,\ln(1-p)\,\big]"
    )
    clipped = formulas.definition("bits", 1e-7, 1e-7, 17)
    assert clipped.startswith(r"L = -\big[\,y\,\log_2 \tilde p + (1-y)\,\log_2(1-\tilde p)")
    assert r"\operatorname{clip}(p,\ \varepsilon,\ 1-\varepsilon)" in clipped


def test_with_numbers_writes_the_users_p_and_the_loss():
    loss = numbers.one_loss(1, 0.9)
    digits = formulas.p_digits(0.9, 1, loss, math.e)
    assert formulas.with_numbers(1, 0.9, loss, "nats", digits) == (
        r"L = -\big[\,1\cdot\ln(0.9) + 0\cdot\ln(0.1)\,\big] = 0.1054"
    )


def test_p_digits_are_the_fewest_that_reproduce_the_loss():
    p = 1 - 1e-9
    loss = numbers.one_loss(0, p)
    digits = formulas.p_digits(p, 0, loss, math.e)
    assert formulas.with_numbers(0, p, loss, "nats", digits) == (
        r"L = -\big[\,0\cdot\ln(1) + 1\cdot\ln(1 \times 10^{-9})\,\big] = 20.72"
    )
    assert formulas.p_digits(0.5, 1, numbers.one_loss(1, 0.5), math.e) < 5


def test_branch_formulas_follow_the_units():
    assert formulas.loss_branches("nats") == {1: "−ln p", 0: "−ln(1 − p)"}
    assert formulas.loss_branches("bits")[1] == "−log₂ p"
    assert formulas.slope_branches("bits")[0] == "1/((1 − p)·ln 2)"
    assert formulas.truth_slope("nats") == "−1/pₜ"


def test_curve_data_has_both_branches_and_their_slopes():
    grid, losses, slopes = numbers.curve_data(None, math.e)
    assert np.allclose(losses[1], -np.log(grid))
    assert np.allclose(slopes[0], 1 / (1 - grid))


def test_libraries_near_zero_gives_a_row_per_library_and_your_eps():
    plain = numbers.libraries_near_zero(None, 1, 1e-50, math.e)
    assert [row[0] for row in plain.rows][0] == "Exact (no clipping)"
    assert len(plain.rows) == 4 and len(plain.caps) == 3
    assert math.isclose(plain.torch_cap, 100.0)
    yours = numbers.libraries_near_zero(0.01, 1, 0.001, math.e)
    assert yours.rows[1][0] == "Your ε" and len(yours.rows) == 5
    assert math.isclose(yours.rows[1][2], float(curves.clip_cap(0.01, 1, base=math.e)))
