"""Every public ce_core function is annotated (its parameters and its return), so that the
``py.typed`` marker promises something: editors and type checkers see ``ArrayLike`` in, arrays or
floats out, and the literal reductions."""

import inspect
import typing

import ce_core as cc
from ce_core import calibration, curves, descent, information, scenarios, training

TOPIC_MODULES = (calibration, curves, descent, information, scenarios, training)


def public_functions() -> dict[str, object]:
    found = {
        f"ce_core.{name}": getattr(cc, name)
        for name in cc.__all__
        if inspect.isfunction(getattr(cc, name))
    }
    for module in TOPIC_MODULES:
        for name, value in vars(module).items():
            if (
                not name.startswith("_")
                and inspect.isfunction(value)
                and value.__module__ == module.__name__
            ):
                found[f"{module.__name__}.{name}"] = value
    return found


def unannotated(function) -> list[str]:
    hints = typing.get_type_hints(function)  # also fails if an annotation names nothing
    missing = [
        name
        for name, parameter in inspect.signature(function).parameters.items()
        if name not in hints and parameter.kind not in (parameter.VAR_POSITIONAL,)
    ]
    if "return" not in hints:
        missing.append("return")
    return missing


def test_there_are_public_functions_to_check():
    functions = public_functions()
    assert "ce_core.categorical_cross_entropy" in functions
    assert "ce_core.scenarios.binary_class_terms" in functions
    assert len(functions) > 40


def test_every_public_function_is_annotated():
    missing = {
        name: gaps
        for name, function in public_functions().items()
        if (gaps := unannotated(function))
    }
    assert not missing, f"parameters or returns without a type hint: {missing}"


def test_reduction_is_a_literal():
    hints = typing.get_type_hints(cc.categorical_cross_entropy)
    assert typing.get_args(hints["reduction"]) == ("mean", "sum", "none")


def test_an_unannotated_function_is_caught():
    def bare(x, y: int = 0):
        return x

    assert unannotated(bare) == ["x", "return"]
