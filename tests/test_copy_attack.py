"""No exercise passes with a value copied from the screen or a helper that returns the answer.

For every exercise and every name it checks, each value in view of a learner in the student copy
(`tests/harvest.py`: constants, literal arrays, evaluable expressions, numbers of the markdown and
of the stored outputs, printed arrays), before and after the exercise, is tried as the answer, the
other names holding the reference answer. Each must fail. So must the notebook's own helpers that
return an answer (`COPIES`: `net.gradients()` in notebook 07, `models.lenet5()` in 14...) and
typed constants where the exercise asks for something computed (`tf.constant` of the by-hand
numbers, a function that returns the notebook's numbers whatever it is given).

Guesses are not copies: a part whose answer is a bool or a whole number from 0 to 10 (a class
index, an error of 0 or 1, a receptive field of 5) is not attacked alone, since any such value is
in view somewhere, nor is a free choice (06.3's starting point: any start on the right side
passes); the other parts of its exercise are (every exercise has at least one part attacked,
`test_every_exercise_is_attacked`). An array of small whole numbers (a 0/1 output) is attacked
with the arrays in view, not with every run of digits of a printout.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

from dlcourse import exercises
from tests.copy_sources import CALLS_A_HELPER, COPIES
from tests.harvest import Harvest, arrays_of_size, harvest
from tests.test_exercises import CASES

STUDENT = Path(__file__).resolve().parent.parent / "notebooks" / "student"
SCALAR_LIMIT = 1500


@functools.cache
def harvested(number: str) -> Harvest:
    (path,) = STUDENT.glob(f"{number}_*.ipynb")
    return harvest(path)


def guessable(value: object) -> bool:
    """A bool or a whole number in 0..10: in view everywhere, so not a copy."""
    if isinstance(value, (bool, np.bool_)):
        return True
    try:
        x = float(value)
    except (TypeError, ValueError):
        return False
    return x.is_integer() and 0 <= x <= 10


def numeric(value: object) -> np.ndarray | None:
    if callable(value) or isinstance(value, (str, bool, np.bool_)):
        return None
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    return array


def candidates(found: Harvest, reference: object) -> Iterator[object]:
    """Values in view shaped like `reference` (and typed like it where it is a tensor)."""
    want = numeric(reference)
    if want is None:
        return
    is_int = isinstance(reference, (int, np.integer)) or getattr(
        getattr(reference, "dtype", None), "kind", "f") in "iu"
    if want.ndim == 0:
        pool: list = sorted(found.scalars)[:SCALAR_LIMIT]
        if is_int:
            pool = [int(x) for x in pool if float(x).is_integer()]
        values = pool
    else:
        # A 0/1 or small-integer answer: any run of printed digits holds it somewhere, so only
        # whole arrays in view count as copies of it (a literal, a printed array on its own).
        small = bool(np.all((want == np.round(want)) & (want >= 0) & (want <= 10)))
        values = [a.reshape(want.shape)
                  for a in arrays_of_size(found, want.size, windows=not small)]
        if is_int:
            values = [a.astype(np.int64) for a in values if np.all(a == np.round(a))]
    tensor = "tensorflow" in type(reference).__module__
    for value in values:
        if tensor:
            import tensorflow as tf

            yield tf.constant(value, dtype=reference.dtype)
        else:
            yield value


CHOICES = {("06.3", "x_start")}  # a free choice in an interval: a value in view may be right


def attacked_names(id: str) -> list[str]:
    right = CASES[id]["right"]()
    return [n for n, v in right.items()
            if numeric(v) is not None and not guessable(v) and (id, n) not in CHOICES]


IDS = sorted(CASES)


def test_every_exercise_is_attacked():
    for id in IDS:
        assert attacked_names(id) or id in COPIES, f"{id}: no part is attacked"


def _passes(id: str, answers: dict) -> bool:
    return exercises.result(id, **answers).ok


@pytest.mark.parametrize("id", IDS)
def test_no_value_in_view_passes(id):
    right = CASES[id]["right"]()
    found = harvested(id[:2])
    tried, passing = 0, []
    for name in attacked_names(id):
        for value in candidates(found, right[name]):
            tried += 1
            if _passes(id, {**right, name: value}):
                passing.append(f"{name} = {' '.join(repr(value).split())[:70]}")
    assert not passing, f"{id}: values in view in the student copy pass: {passing[:6]}"
    if attacked_names(id) and id not in COPIES:
        assert tried, f"{id}: no value in view has the answer's shape: the attack tried nothing"


@pytest.mark.parametrize("id", [id for id in IDS if id in COPIES])
def test_no_helper_or_typed_constant_passes(id):
    right = CASES[id]["right"]()
    makers: dict[str, Callable[[], dict]] = COPIES[id]
    assert makers, f"{id}: no copy to try"
    for label, make in makers.items():
        answers = {**right, **make()}
        result = exercises.result(id, **answers)
        assert not result.ok, f"{id}: the copy {label!r} passes: {result.line}"
        assert result.line.startswith("Not yet: "), f"{id} {label!r}: {result.line}"


HELPER_CALLS = [(id, label) for id, labels in sorted(CALLS_A_HELPER.items()) for label in labels]


@pytest.mark.parametrize(("id", "label"), HELPER_CALLS, ids=[f"{i}-{lb}" for i, lb in HELPER_CALLS])
def test_a_switched_off_helper_is_diagnosed_as_called(id, label):
    """Issue 20: where the exercise asks for the computation by hand, calling the library's
    function (under any name) is named in the failure line, without the answer."""
    result = exercises.result(id, **{**CASES[id]["right"](), **COPIES[id][label]()})
    assert result.line.startswith("Not yet: ") and " calls " in result.line, result.line
    assert "write the computation yourself" in result.line, result.line
