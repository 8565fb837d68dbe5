"""Every exercise: the reference solution passes, plausible wrong answers fail, no answer leaks.

The cases live in `tests/exercise_cases/nbNN.py` (see its package docstring). The notebooks'
side (each exercise cell calls `exercises.check` with names only, and the student copies show no
answer) is tested in `tests/test_notebooks.py`.
"""

from __future__ import annotations

import importlib
import pkgutil
import re

import numpy as np
import pytest

from dlcourse import exercises
from dlcourse.exercises._core import REGISTRY
from tests import exercise_cases

CASE_MODULES = sorted(m.name for m in pkgutil.iter_modules(exercise_cases.__path__))
CASES = {
    id: case
    for name in CASE_MODULES
    for id, case in importlib.import_module(f"tests.exercise_cases.{name}").CASES.items()
}
WRONG = [(id, label) for id, case in sorted(CASES.items()) for label in case["wrong"]]


def answer_strings(value) -> set[str]:
    """How a distinctive reference value could be printed (small ints and round values excluded)."""
    if isinstance(value, (bool, str)) or value is None or value is Ellipsis:
        return set()
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return set()
    if array.size > 6:
        return set()
    found = set()
    for x in array.ravel():
        if not np.isfinite(x):
            continue
        if float(x).is_integer():
            if abs(x) >= 100:
                found |= {f"{int(x)}", f"{int(x):,}"}
            continue
        for text in (f"{x:.3f}", f"{x:.4f}", f"{x:.4g}", f"{x:.6g}"):
            digits = re.sub(r"[^1-9]", "", text.lstrip("-0."))
            if len(digits) >= 3:
                found.add(text)
    return found


def test_every_registered_exercise_has_cases():
    for id in CASES:
        exercises.get(id)
    assert sorted(REGISTRY) == sorted(CASES)


@pytest.mark.parametrize("id", sorted(CASES))
def test_reference_solution_passes(id, capsys):
    answers = CASES[id]["right"]()
    result = exercises.result(id, **answers)
    assert result.ok, result.line
    exercises.check(id, **answers)
    out = capsys.readouterr().out
    assert out == result.line + "\n" and out.startswith("OK: ") and out.count("\n") == 1


@pytest.mark.parametrize("id", sorted(CASES))
def test_at_least_three_wrong_answers_including_the_stub(id):
    wrong = CASES[id]["wrong"]
    assert len(wrong) >= 3 and "stub" in wrong, f"{id}: {sorted(wrong)}"
    assert all(v is Ellipsis for v in wrong["stub"]().values())


@pytest.mark.parametrize(("id", "label"), WRONG, ids=[f"{i}-{label}" for i, label in WRONG])
def test_wrong_answer_fails_without_showing_the_answer(id, label):
    result = exercises.result(id, **CASES[id]["wrong"][label]())
    assert not result.ok, f"{id} accepted the wrong answer {label!r}: {result.line}"
    prefix = "Not done yet: " if label == "stub" else "Not "
    assert result.line.startswith(prefix), result.line
    assert "\n" not in result.line
    shown = result.line.split("(More help:")[0]
    for name, value in CASES[id]["right"]().items():
        for text in answer_strings(value):
            assert not re.search(rf"(?<![\d.]){re.escape(text)}(?!\d)", shown), (
                f"{id}: the feedback for {label!r} shows {text!r} (the answer of {name}): {shown}"
            )


@pytest.mark.parametrize("id", sorted(CASES))
def test_hint_prints_one_line_without_the_answer(id, capsys):
    exercises.hint(id)
    out = capsys.readouterr().out
    assert out.startswith(f"Hint for Exercise {id}: ") and out.count("\n") == 1
    for value in CASES[id]["right"]().values():
        for text in answer_strings(value):
            assert text not in out, f"{id}: the hint shows {text!r}"


def test_wrong_names_are_an_authoring_error():
    with pytest.raises(ValueError, match="Missing: ms_at_100_gflops"):
        exercises.check("01.2", flop_1024=1)
    with pytest.raises(ValueError, match="Unknown: flops"):
        exercises.check("01.2", flop_1024=1, ms_at_100_gflops=1, flops=2)
    with pytest.raises(ValueError, match='look like "07.1"'):
        exercises.check("seven", x=1)
    with pytest.raises(ValueError, match="No exercise '99.1'"):
        exercises.check("99.1", x=1)
