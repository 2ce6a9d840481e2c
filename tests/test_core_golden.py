"""ce_core against PyTorch / torchvision values frozen by tests/reference/make_golden.py.

The golden file is produced by PyTorch (autograd for the gradients); this test only needs NumPy.
float64 agreement is required to 1e-10 (relative and absolute); the float32 cases are the
extreme-logit ones, whose exact values (0, 20000, 10000, ...) must match exactly.
"""

import json
from pathlib import Path

import numpy as np
import pytest

import ce_core as cc

GOLDEN = json.loads((Path(__file__).parent / "reference" / "golden_torch.json").read_text())
CASES = GOLDEN["cases"]


def _resolve(value):
    if isinstance(value, dict) and "input" in value:
        return GOLDEN["inputs"][value["input"]]
    return value


def _call(case):
    dtype = np.dtype(case["dtype"])
    args = [_resolve(a) for a in case["args"]]
    # The last positional argument is the scores (probabilities or logits): it sets the dtype.
    args[-1] = np.asarray(args[-1], dtype=dtype)
    kwargs = {k: _resolve(v) for k, v in case["kwargs"].items()}
    return getattr(cc, case["function"])(*args, **kwargs)


def test_golden_file_is_complete():
    assert GOLDEN["metadata"]["torch"].startswith("2.")
    functions = {case["function"] for case in CASES}
    assert functions >= {
        "categorical_cross_entropy",
        "cross_entropy_grad",
        "binary_cross_entropy",
        "binary_cross_entropy_grad",
        "focal_loss",
        "focal_loss_grad",
        "categorical_focal_loss",
        "categorical_focal_loss_grad",
        "softmax",
        "log_softmax",
        "logsumexp",
        "sigmoid",
        "log_sigmoid",
        "kl_divergence",
    }
    assert len(CASES) > 500


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_matches_pytorch(case):
    got = _call(case)
    expected = np.asarray(case["expected"], dtype=case["dtype"])
    assert np.asarray(got).dtype == expected.dtype
    assert np.shape(got) == expected.shape
    if case["dtype"] == "float32":
        np.testing.assert_array_equal(got, expected)
    else:
        np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-10)
