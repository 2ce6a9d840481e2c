"""The code panel's scripts: each runs as pasted, against the real library, and prints the loss
the page computes (or, where the library clips or rounds, what library_values says it prints)."""

from __future__ import annotations

import functools
import importlib.util
import json
import math
import os
import subprocess
import sys

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
from ce_ui.format import sig

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
    # Whole numbers are written as 0 and 1: /playground?y=0,1&p=0,1 once crashed NumPy's script.
    "zeros_soft": LossCase(target=((0.0, 1.0),), prediction=((0.0, 1.0),)),
    "zeros_index": LossCase(target=(1,), prediction=((0.0, 1.0),)),
    "zeros_batch_bits": LossCase(target=(0, 1), prediction=((1.0, 0.0), (0.0, 1.0)), bits=True),
    "logits_whole_numbers": LossCase(target=(0,), prediction=((2.0, 1.0, 0.0),), from_logits=True),
    # A loss of e^−30 ≈ 9.358e−14: the textbook log-softmax rounds 1 + e^−30 first (float64
    # keeps 3 digits, float32 none), ce_core does not.
    "logits_near_certain": LossCase(
        target=(0,), prediction=((30.0, 0.0, -30.0),), from_logits=True
    ),
    "logits_near_certain_warm_bits": LossCase(
        target=(0,), prediction=((60.0, 0.0, -60.0),), from_logits=True, temperature=2.0, bits=True
    ),
    "logits_saturated": LossCase(target=(1,), prediction=((1000.0, -1000.0),), from_logits=True),
    "logits_soft_batch_warm": LossCase(
        target=((0.5, 0.5, 0.0), (0.0, 0.0, 1.0)),
        prediction=((1.0, 2.0, 3.0), (0.0, 0.0, 0.0)),
        from_logits=True,
        temperature=3.0,
    ),
}
REQUIRES = {
    "numpy": ("numpy",),
    "pytorch": ("torch",),
    "keras": ("keras", "torch"),  # the script picks the torch backend
    "sklearn": ("sklearn", "scipy"),
}
# Runs each script of one library as a fresh notebook cell would (its own namespace), in a fresh
# Python without KERAS_BACKEND set, and reports the last number each printed (or its error).
RUNNER = """
import contextlib, io, json, sys, warnings
results = {}
for name, script in json.load(sys.stdin).items():
    output = io.StringIO()
    try:
        with contextlib.redirect_stdout(output), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # scikit-learn warns about clipped rows; fine here
            exec(compile(script, "<snippet>", "exec"), {})
        results[name] = output.getvalue().split()[-1]
    except Exception as error:
        results[name] = f"error: {type(error).__name__}: {error}"
print(json.dumps(results))
"""
# The reference: −Σ y log ŷ written out independently of ce_core and of the snippets.


def reference(case: LossCase) -> float:
    losses = []
    for target, row in zip(case.target, case.prediction, strict=True):
        row = np.array(row, dtype=float)
        if case.from_logits:
            scaled = row / case.temperature
            shifted = scaled - scaled.max()
            log_q = shifted - math.log(np.exp(shifted).sum())  # log-softmax, no underflow
        else:
            with np.errstate(divide="ignore"):
                log_q = np.log(row)
        if case.eps is not None:
            log_q = np.log(np.clip(np.exp(log_q), case.eps, 1 - case.eps))
        weights = np.eye(len(row))[target] if isinstance(target, int) else np.array(target)
        losses.append(-sum(w * lq for w, lq in zip(weights, log_q, strict=True) if w > 0))
    loss = float(np.mean(losses))
    return loss / math.log(2) if case.bits else loss


def require(library: str) -> None:
    for module in REQUIRES[library]:
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{library} script: {module} is not installed")


def run_all(library: str, scripts: dict[str, str]) -> dict[str, float]:
    """Run the scripts of one library in one fresh interpreter; the number each printed last."""
    require(library)
    env = {key: value for key, value in os.environ.items() if key != "KERAS_BACKEND"}
    done = subprocess.run(
        [sys.executable, "-c", RUNNER],
        input=json.dumps(scripts),
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=True,
    )
    results = json.loads(done.stdout.splitlines()[-1])
    failed = {name: result for name, result in results.items() if result.startswith("error")}
    assert not failed, failed
    return {name: float(result) for name, result in results.items()}


@functools.cache
def printed(library: str) -> dict[str, float]:
    """What each case's script for ``library`` prints (all cases run in one interpreter)."""
    return run_all(library, {name: snippets(case)[library] for name, case in CASES.items()})


def run(script: str, library: str = "sklearn") -> float:
    return run_all(library, {"script": script})["script"]


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("library", LIBRARIES)
def test_every_script_prints_the_number_the_page_gives_for_it(library, name):
    """The page's number for a library is library_values (the loss itself for NumPy and
    PyTorch, the clipped or float32 result for scikit-learn and Keras); the script prints it."""
    case = CASES[name]
    compile(snippets(case)[library], "<snippet>", "exec")
    shown = library_values(case)[library]
    value = printed(library)[name]
    assert sig(value + 0.0) == sig(shown), (library, name, value, shown)  # −0.0 prints as 0
    tolerance = 1e-6 if library == "keras" else 1e-9  # Keras: float32
    assert value == pytest.approx(shown, rel=tolerance, abs=1e-300)
    if library in ("numpy", "pytorch"):
        assert value == pytest.approx(reference(case), rel=1e-10, abs=1e-300)


def test_numpy_script_of_the_issue_link_runs():
    # /playground?y=0,1&p=0,1: integer-looking numbers made NumPy's out= array an int array.
    script = snippets(CASES["zeros_soft"])["numpy"]
    assert "dtype=float" in script
    assert printed("numpy")["zeros_soft"] == 0


def test_keras_script_chooses_its_backend_before_importing_keras():
    script = snippets(CASES["index"])["keras"]
    assert script.index('os.environ["KERAS_BACKEND"] = "torch"') < script.index("import keras")
    assert "# Keras 3 runs on a backend" in script


def test_keras_prints_1_192e_07_not_1e_07_for_a_certain_right_answer():
    # −ln(1 − 1e−7) in float32: 1 − 1e−7 rounds to 1 − 2⁻²³.
    assert sig(library_values(CASES["zeros_index"])["keras"]) == "1.192e−7"
    require("keras")
    assert sig(printed("keras")["zeros_index"]) == "1.192e−7"


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
            tolerance = 1e-6 if library == "keras" else 1e-9  # Keras: float32
            assert values[library] == pytest.approx(expected, rel=tolerance), (name, library)


def test_sklearn_reference_for_the_batch_example():
    sklearn_metrics = pytest.importorskip("sklearn.metrics")
    expected = sklearn_metrics.log_loss([0, 1], [[0.9, 0.1], [0.5, 0.5]])
    assert run(snippets(CASES["batch"])["sklearn"]) == pytest.approx(expected, rel=1e-12)
    assert library_values(CASES["batch"])["numpy"] == pytest.approx(0.3992538, rel=1e-6)
    assert float(cc.categorical_cross_entropy([0, 1], [[0.9, 0.1], [0.5, 0.5]])) == (
        pytest.approx(expected, rel=1e-12)
    )
