"""ce_ui.format.digits_for: a formula's operands with the digits their result needs."""

import math

from ce_ui.format import digits_for, sig


def neg_ln(q):
    return -math.log(q)


def test_four_digits_when_they_suffice():
    assert digits_for(0.1, neg_ln, -math.log(0.1)) == 4


def test_more_digits_near_1():
    # −ln 0.9999 = 1.0e−4, but the loss of 0.99994 is 6.000e−5: five digits are needed.
    assert digits_for(0.99994, neg_ln, -math.log(0.99994)) == 5
    assert sig(neg_ln(float(f"{0.99994:.5g}"))) == sig(-math.log(0.99994))


def test_several_values_written_alike():
    digits = digits_for([0.4462871026, 105.1494328], sum, 0.4462871026 + 105.1494328)
    assert digits == 5  # 0.4463 + 105.1 = 105.5, not 105.6


def test_none_when_no_double_can_hold_the_operand():
    # ŷ = e^−2000 underflows to 0: no number of digits gives −ln ŷ = 2000.
    assert digits_for(0.0, neg_ln, 2000.0) is None


def test_a_sum_near_1_is_not_written_as_1():
    from ce_ui.format import sum_text

    assert sum_text(1.000002) == "1.000002"
    assert sum_text(0.9999999) == "0.9999999"
    assert sum_text(1.0) == "1"
    assert sum_text(1.5) == "1.5"
    assert sum_text(0.0) == "0"
