"""The code panel's scripts: each runs as pasted and prints the loss the page computes."""

from __future__ import annotations

import contextlib
import io
import math
import warnings

import numpy as np
import pytest

import ce_core as cc
from ce_ui.code_snippets import (
    KERAS_EPSILON,
    LIBRARIES,
    SKLEARN_EPSILON,
    LossCase,
    library_values,
    snippets,
)

CASES = {
    "index": LossCase(target=(0,), prediction=((0.1, 0.5, 0.1, 0.1, 0.2),)),
    "index_bits": LossCase(target=(0,), prediction=((0.1, 0.5, 0.1, 0.1, 0.2),), bits=True),
    "soft": LossCase(target=((0.9, 0.05, 0.05),), prediction=((0.7, 0.2, 0.1),)),
    "soft_with_zero": LossCase(target=((0.5, 0.5, 0.0),), prediction=((0.6, 0.4, 0.0),)),
    "logits": LossCase(target=(0,), prediction=((2.0, 1.0, 0.1),), from_logits=True),
    "logits_warm_bits": LossCase(
        target=(1,), prediction=((2.0, 1.0, 0.1),), from_logits=True, temperature=2.0, bits=True
    ),
    "logits_soft": LossCase(
        target=((0.2, 0.8),), prediction=((0.5, -1.5),), from_logits=True, temperature=0.5
    ),
    "clipped": LossCase(target=(0,), prediction=((0.0, 0.5, 0.5),), eps=1e-7),
    "logits_clipped": LossCase(
        target=(2,), prediction=((30.0, 0.0, -30.0),), from_logits=True, eps=1e-3
    ),
    "batch": LossCase(target=(0, 1), prediction=((0.9, 0.1), (0.5, 0.5))),
    "batch_soft_bits": LossCase(
        target=((1.0, 0.0), (0.3, 0.7)), prediction=((0.9, 0.1), (0.5, 0.5)), bits=True
    ),
}
# The reference: −Σ y log ŷ written out independently of ce_core and of the snippets.


def reference(case: LossCase) -> float:
    losses = []
    for target, row in zip(case.target, case.prediction, strict=True):
        row = np.array(row, dtype=float)
        if case.from_logits:
            scaled = row / case.temperature
            probabilities = np.exp(scaled - scaled.max())
            probabilities /= probabilities.sum()
        else:
            probabilities = row
        if case.eps is not None:
            probabilities = np.clip(probabilities, case.eps, 1 - case.eps)
        weights = np.eye(len(row))[target] if isinstance(target, int) else np.array(target)
        losses.append(
            -sum(w * math.log(q) for w, q in zip(weights, probabilities, strict=True) if w > 0)
        )
    loss = float(np.mean(losses))
    return loss / math.log(2) if case.bits else loss


def run(script: str) -> float:
    """Execute a script as a notebook cell would, and read the number it prints last."""
    output = io.StringIO()
    with contextlib.redirect_stdout(output), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scikit-learn warns about clipped rows; fine here
        exec(compile(script, "<snippet>", "exec"), {})
    return float(output.getvalue().split()[-1])


@pytest.mark.parametrize("name", CASES)
def test_numpy_script_prints_the_exact_loss(name):
    case = CASES[name]
    assert run(snippets(case)["numpy"]) == pytest.approx(reference(case), rel=1e-12)


@pytest.mark.parametrize("name", CASES)
def test_sklearn_script_prints_what_library_values_predicts(name):
    pytest.importorskip("sklearn")
    case = CASES[name]
    printed = run(snippets(case)["sklearn"])
    assert printed == pytest.approx(library_values(case)["sklearn"], rel=1e-9)
    if name not in ("clipped",):  # no probability near 0: scikit-learn is exact
        assert printed == pytest.approx(reference(case), rel=1e-9)


@pytest.mark.parametrize("name", CASES)
def test_pytorch_script_prints_the_exact_loss(name):
    pytest.importorskip("torch")
    case = CASES[name]
    assert run(snippets(case)["pytorch"]) == pytest.approx(reference(case), rel=1e-10)


@pytest.mark.parametrize("name", CASES)
def test_keras_script_is_valid_python_and_runs_where_keras_is_installed(name):
    script = snippets(CASES[name])["keras"]
    compile(script, "<snippet>", "exec")
    assert "import keras" in script
    pytest.importorskip("keras")
    assert run(script) == pytest.approx(library_values(CASES[name])["keras"], rel=1e-5)


def test_scripts_use_the_libraries_conventions():
    probabilities = snippets(CASES["index"])
    assert "F.nll_loss(torch.log(p), y)" in probabilities["pytorch"]
    assert "SparseCategoricalCrossentropy()" in probabilities["keras"]
    assert "log_loss(y_true, y_proba, labels=range(5))" in probabilities["sklearn"]
    logits = snippets(CASES["logits"])
    assert "F.cross_entropy(z / T, y)" in logits["pytorch"]
    assert "from_logits=True" in logits["keras"]
    soft = snippets(CASES["soft"])
    assert "CategoricalCrossentropy()" in soft["keras"]
    assert "sample_weight=weights" in soft["sklearn"]
    clipped = snippets(CASES["clipped"])
    assert "keras.config.set_epsilon(1e-07)" in clipped["keras"]
    assert "np.clip(p, eps, 1 - eps)" in clipped["numpy"]
    assert "p.clamp(eps, 1 - eps)" in clipped["pytorch"]


def test_the_numbers_in_the_scripts_are_the_inputs_exactly():
    case = LossCase(target=(2,), prediction=((0.1234567890123, 0.2, 0.6765432109877),))
    for library in LIBRARIES:
        assert "0.1234567890123" in snippets(case)[library]


def test_scripts_print_bits_when_the_page_shows_bits():
    scripts = snippets(CASES["index_bits"])
    assert "np.log2(p)" in scripts["numpy"]
    for library in ("pytorch", "keras", "sklearn"):
        assert "/ math.log(2)" in scripts[library]


def test_library_values_name_where_the_libraries_clip():
    values = library_values(CASES["clipped"])
    assert values["numpy"] == values["pytorch"] == pytest.approx(-math.log(1e-7))
    assert values["keras"] == pytest.approx(16.11809565095832)  # −ln 1e−7 (Keras's ε)
    zero = LossCase(target=(0,), prediction=((0.0, 1.0),))
    values = library_values(zero)
    assert math.isinf(values["numpy"]) and math.isinf(values["pytorch"])
    assert values["sklearn"] == pytest.approx(-math.log(SKLEARN_EPSILON))  # 36.04
    assert values["keras"] == pytest.approx(-math.log(KERAS_EPSILON))


def test_library_values_agree_everywhere_away_from_zero():
    for name in ("index", "soft", "logits", "batch"):
        values = library_values(CASES[name])
        expected = reference(CASES[name])
        for library in LIBRARIES:
            assert values[library] == pytest.approx(expected, rel=1e-9), (name, library)


def test_sklearn_reference_for_the_batch_example():
    sklearn_metrics = pytest.importorskip("sklearn.metrics")
    expected = sklearn_metrics.log_loss([0, 1], [[0.9, 0.1], [0.5, 0.5]])
    assert run(snippets(CASES["batch"])["sklearn"]) == pytest.approx(expected, rel=1e-12)
    assert library_values(CASES["batch"])["numpy"] == pytest.approx(0.3992538, rel=1e-6)
    assert float(cc.categorical_cross_entropy([0, 1], [[0.9, 0.1], [0.5, 0.5]])) == (
        pytest.approx(expected, rel=1e-12)
    )
