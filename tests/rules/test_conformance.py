"""Every premissa in the catalogue is whole: checker, solver encoding, heuristics' check, paired tests.

A failure names the module and what it lacks, so adding a premissa is one module, its tests and one
line in `rules.catalogue` — and this test says when one of those is missing.
"""
import ast
import pathlib

import pytest

from rules import catalogue

TESTS = pathlib.Path(__file__).parent


def _name(module) -> str:
    return module.__name__.rsplit(".", 1)[-1]


@pytest.mark.parametrize("module", catalogue.HARD, ids=_name)
def test_each_hard_premissa_has_a_checker_an_encoding_and_a_heuristic_check(module):
    missing = [f for f in ("ID", "LABEL", "check") if not hasattr(module, f)]
    # A premissa that only forbids time restricts the domain: the model and the heuristics both read it.
    if not hasattr(module, "restrict"):
        missing += [f for f in ("encode", "fits") if not hasattr(module, f)]
    assert not missing, f"rules/{_name(module)}.py lacks {', '.join(missing)}"


@pytest.mark.parametrize("module", catalogue.SOFT, ids=_name)
def test_each_objective_term_has_a_value_a_checker_an_encoding_and_a_weight(module):
    missing = [f for f in ("TERM", "LABEL", "WEIGHT", "value", "check", "encode") if not hasattr(module, f)]
    assert not missing, f"rules/{_name(module)}.py lacks {', '.join(missing)}"


@pytest.mark.parametrize("module", catalogue.HARD + catalogue.SOFT, ids=_name)
def test_each_premissa_has_paired_tests(module):
    path = TESTS / f"test_{_name(module)}.py"
    assert path.exists(), f"rules/{_name(module)}.py has no tests/rules/{path.name}"
    names = [n.name for n in ast.walk(ast.parse(path.read_text())) if isinstance(n, ast.FunctionDef)]
    if module in catalogue.HARD:
        for word in ("holds", "broken"):
            assert any(word in n for n in names), f"tests/rules/{path.name} has no test_…{word}… for rules/{_name(module)}.py"


@pytest.mark.parametrize("module", catalogue.HARD + catalogue.SOFT, ids=_name)
def test_each_premissa_is_a_public_function_with_a_docstring_or_a_known_name(module):
    """Public functions of rules/ get a short docstring (check, value and encode are the catalogue's words)."""
    known = {"check", "value", "encode", "restrict", "fits", "settle"}
    undocumented = [
        name
        for name, obj in vars(module).items()
        if callable(obj) and not name.startswith("_") and getattr(obj, "__module__", None) == module.__name__
        and name not in known and not (obj.__doc__ or "").strip()
    ]  # fmt: skip
    assert not undocumented, f"rules/{_name(module)}.py: {', '.join(undocumented)} need a docstring"
