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
DIAGNOSED = {
    id: case
    for name in CASE_MODULES
    for id, case in getattr(importlib.import_module(f"tests.exercise_cases.{name}"),
                            "DIAGNOSED", {}).items()
}
MISTAKES = [(id, label) for id, case in sorted(DIAGNOSED.items()) for label in case]


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


def test_every_exercise_has_three_more_diagnosed_mistakes():
    """Issue 20: three further mistakes per exercise, each named by its failure line."""
    for id in CASES:
        assert len(DIAGNOSED.get(id, {})) >= 3, f"{id}: {sorted(DIAGNOSED.get(id, {}))}"
        assert not set(DIAGNOSED[id]) & set(CASES[id]["wrong"]), id


@pytest.mark.parametrize(("id", "label"), MISTAKES, ids=[f"{i}-{label}" for i, label in MISTAKES])
def test_mistake_fails_with_its_diagnosis(id, label):
    make, words = DIAGNOSED[id][label]
    result = exercises.result(id, **{**CASES[id]["right"](), **make()})
    assert not result.ok, f"{id} accepted the mistake {label!r}: {result.line}"
    assert result.line.startswith("Not yet: "), result.line
    shown = result.line.split("(More help:")[0]
    assert words in shown, f"{id} {label!r}: the line does not say {words!r}: {shown}"
    assert "first at index" not in shown or not _binary(CASES[id]["right"]()), shown
    for name, value in CASES[id]["right"]().items():
        for text in answer_strings(value):
            assert not re.search(rf"(?<![\d.]){re.escape(text)}(?!\d)", shown), (
                f"{id}: the feedback for {label!r} shows {text!r} (the answer of {name}): {shown}"
            )


def _binary(answers: dict) -> bool:
    """Whether some answer is an array of 0s and 1s (where a wrong entry is, is the answer)."""
    for value in answers.values():
        array = np.asarray(value) if not callable(value) else None
        if array is not None and array.dtype.kind in "biuf" and array.size > 1 and np.isin(
                array, (0, 1)).all():
            return True
    return False


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


def test_progress_shows_done_not_yet_and_not_tried(capsys, monkeypatch):
    from dlcourse import exercises as ex

    monkeypatch.setattr(ex, "_LAST", {})
    ex.progress()
    assert "No exercise checked yet" in capsys.readouterr().out
    ex.result("03.1", **CASES["03.1"]["right"]())
    ex.result("03.2", **CASES["03.2"]["wrong"]["update subtracted"]())
    ex.result("02.1", **CASES["02.1"]["right"]())  # checked last: its notebook is the default
    ex.progress("3")
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Notebook 03: 1 of 3 exercises done."
    assert out[1].split()[:2] == ["03.1", "done"]
    assert out[2].split()[:3] == ["03.2", "not", "yet"]
    assert out[3].split()[:3] == ["03.3", "not", "tried"]
    ex.progress()
    assert capsys.readouterr().out.startswith("Notebook 02: 1 of 3 exercises done.")
    ex.result("03.2", **CASES["03.2"]["right"]())  # fixed: the last check counts
    ex.progress("03")
    assert capsys.readouterr().out.startswith("Notebook 03: 2 of 3 exercises done.")


def test_none_is_diagnosed_not_taken_for_a_stub():
    result = exercises.result("01.2", flop_1024=None, ms_at_100_gflops=1.0)
    assert result.line.startswith("Not yet: ") and "is None" in result.line, result.line
