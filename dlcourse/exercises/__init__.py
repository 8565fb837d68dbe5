"""Exercise checks: one call per exercise, one line of feedback, the answer never shown.

An exercise cell of a notebook ends with one call that hands over the learner's names, and
nothing else::

    exercises.check("07.1", dE_dout_o1=dE_dout_o1, dE_dw5=dE_dw5)

It prints exactly one line:

- ``OK: Exercise 07.1 — dE_dout_o1 and dE_dw5 are right.``
- ``Not done yet: Exercise 07.1 — replace the ... of dE_dw5 with your answer.``
- ``Not yet: Exercise 07.1 — dE_dw5 has the wrong sign. <nudge> (More help: exercises.hint(...))``

The reference answers are computed inside this package (one module per notebook, e.g.
`dlcourse.exercises.nb07`), never in the notebook, and a failure says what is wrong (shape, dtype,
sign, factor, a known mistake) without printing the value to compute. Help comes in tiers: the
nudge in the failure line, a stronger hint from `exercises.hint(id)`, and the solution only in the
solution notebook.

Example:

>>> from dlcourse import exercises
>>> exercises.check("01.2", flop_1024=..., ms_at_100_gflops=...)
Not done yet: Exercise 01.2 — replace the ... of flop_1024 and ms_at_100_gflops with your answer.
"""

from __future__ import annotations

import importlib
from typing import Any

from dlcourse.exercises._core import REGISTRY, Exercise, Result, run

__all__ = ["check", "hint", "get", "result"]


def get(id: str) -> Exercise:
    """The registered exercise `id` (`"NN.k"`), importing its notebook's module on first use.

    Raises:
        ValueError: When `id` is not of the form `"NN.k"` or names no registered exercise.
    """
    if not isinstance(id, str) or "." not in id or not id.split(".")[0].isdigit():
        raise ValueError(f'`id` must look like "07.1" (notebook.exercise). Received: id={id!r}')
    if id not in REGISTRY:
        module = f"dlcourse.exercises.nb{int(id.split('.')[0]):02d}"
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as error:
            if error.name != module:
                raise
    if id not in REGISTRY:
        known = ", ".join(sorted(REGISTRY)) or "none loaded"
        raise ValueError(f"No exercise {id!r}. Known so far: {known}.")
    return REGISTRY[id]


def result(id: str, **answers: Any) -> Result:
    """Check the answers without printing: a `Result` with `ok`, `line` and the failing `part`."""
    get(id)
    return run(id, answers)


def check(id: str, **answers: Any) -> None:
    """Check the learner's answers to exercise `id` and print one line of feedback.

    Args:
        id: The exercise, e.g. `"07.1"` for notebook 07's first exercise.
        **answers: The learner's names, passed as `name=name`.

    Example:

    >>> check("01.2", flop_1024=3, ms_at_100_gflops=...)
    Not done yet: Exercise 01.2 — replace the ... of ms_at_100_gflops with your answer.
    """
    print(result(id, **answers).line)


def hint(id: str) -> None:
    """Print the stronger hint for exercise `id` (never the solution itself)."""
    print(f"Hint for Exercise {id}: {get(id).hint}")
