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

__all__ = ["check", "hint", "get", "progress", "result"]

# What each exercise's last check found in this kernel: id -> Result (read by `progress`).
_LAST: dict[str, Result] = {}


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
    outcome = run(id, answers)
    _LAST.pop(id, None)  # the last one checked comes last
    _LAST[id] = outcome
    return outcome


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


def _status(id: str) -> str:
    outcome = _LAST.get(id)
    if outcome is None:
        return "not tried"
    if outcome.ok:
        return "done"
    return "not yet" if outcome.done else "not started"


def progress(notebook: str | int | None = None) -> None:
    """Print which exercises of a notebook are done, as this kernel's checks found them.

    Args:
        notebook: The notebook's number (`"07"` or `7`). Defaults to the notebook of the
            exercise checked last.

    Example:

    >>> _LAST.clear()
    >>> progress()
    No exercise checked yet: give the notebook, e.g. exercises.progress("07").
    >>> check("01.2", flop_1024=1, ms_at_100_gflops=...)
    Not done yet: Exercise 01.2 — replace the ... of ms_at_100_gflops with your answer.
    >>> progress()
    Notebook 01: 0 of 2 exercises done.
      01.1  not tried    make_batch_on_cpu
      01.2  not started  flop_1024, ms_at_100_gflops
    """
    if notebook is None:
        if not _LAST:
            print('No exercise checked yet: give the notebook, e.g. exercises.progress("07").')
            return
        notebook = list(_LAST)[-1].split(".")[0]
    number = f"{int(notebook):02d}"
    k = 1
    while True:  # load the notebook's exercises: 01.1, 01.2, ... until one is missing
        try:
            get(f"{number}.{k}")
        except ValueError:
            break
        k += 1
    ids = sorted((i for i in REGISTRY if i.split(".")[0] == number),
                 key=lambda i: int(i.split(".")[1]))
    if not ids:
        print(f"Notebook {number} has no exercises.")
        return
    done = sum(_status(i) == "done" for i in ids)
    print(f"Notebook {number}: {done} of {len(ids)} exercise{'s' * (len(ids) != 1)} done.")
    for i in ids:
        print(f"  {i:<5} {_status(i):<12} {', '.join(REGISTRY[i].names)}")
