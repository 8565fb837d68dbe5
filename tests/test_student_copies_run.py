"""The committed student copies run as Run All runs them, with every check saying "Not done yet".

Each exercise cell of a student copy holds stubs (`name = ...  # YOUR CODE HERE`); its check must
say "Not done yet" instead of failing (later checks in the same cell may add "Not yet" lines about
what follows from the missing answer), and no cell may raise because an exercise was left undone.

A copy runs up to `dependencies.last_dependent_cell` of its solution: its last exercise cell, or a
later cell that reads what an exercise's solution makes. Every cell after that is the solution's
own cell, run on the same names and values, and nbval runs the solution to its end; running it a
second time here would double the notebooks' share of `make test` (test_dependencies.py shows
the analysis on small notebooks, including one that breaks when run).
"""

from pathlib import Path

import nbformat
import pytest

from dlcourse.authoring.dependencies import last_dependent_cell
from dlcourse.authoring.student import STUB, execute_student_copy

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
STUDENT_COPIES = sorted((NOTEBOOKS / "student").glob("*.ipynb"))


@pytest.mark.parametrize("copy", STUDENT_COPIES, ids=[p.name for p in STUDENT_COPIES])
def test_student_copy_runs_and_every_check_says_not_done(copy):
    solution = nbformat.read(NOTEBOOKS / copy.name, as_version=4)
    student = nbformat.read(copy, as_version=4)
    assert len(student.cells) == len(solution.cells), f"{copy.name} is stale: make student"
    stop = last_dependent_cell(solution)
    exercises = execute_student_copy(copy, timeout=600, stop_after=stop)
    assert [i for i, _ in exercises] == [
        i for i, c in enumerate(student.cells) if c.cell_type == "code" and STUB in c.source
    ]
    for index, text in exercises:
        first = text.lstrip().splitlines()[0] if text.strip() else ""
        assert first.startswith("Not done yet:"), f"{copy.name}, cell {index}: {text!r}"
        assert "OK:" not in text, f"{copy.name}, cell {index}: {text!r}"
