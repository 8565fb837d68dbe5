"""The committed student copies run as Run All runs them, with every check saying "Not done yet".

Each exercise cell of a student copy holds stubs (`name = ...  # YOUR CODE HERE`); its check must
say "Not done yet" instead of failing (later checks in the same cell may add "Not yet" lines about
what follows from the missing answer), and no cell may raise because an exercise was left undone.

A copy runs the cells `dependencies.cells_to_run` finds in its solution: its exercise cells, the
later cells that read what an exercise's solution makes, and the earlier cells those need. Every
other cell is the solution's own cell on the same names and values, and nbval runs the solution
in full; running it a second time here (the training runs above all) would nearly double the
notebooks' share of `make test`. test_dependencies.py shows the analysis on small notebooks,
including one that breaks when run.
"""

from pathlib import Path

import nbformat
import pytest

from dlcourse.authoring.dependencies import cells_to_run
from dlcourse.authoring.needs import missing_data
from dlcourse.authoring.student import execute_student_copy

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
STUDENT_COPIES = sorted((NOTEBOOKS / "student").glob("*.ipynb"))


@pytest.mark.parametrize("copy", STUDENT_COPIES, ids=[p.name for p in STUDENT_COPIES])
def test_student_copy_runs_and_every_check_says_not_done(copy):
    reason = missing_data(copy)
    if reason is not None:  # a fresh machine offline without Fashion-MNIST: say what to get
        pytest.skip(reason)
    solution = nbformat.read(NOTEBOOKS / copy.name, as_version=4)
    student = nbformat.read(copy, as_version=4)
    assert len(student.cells) == len(solution.cells), f"{copy.name} is stale: make student"
    exercises = execute_student_copy(copy, timeout=600, cells=cells_to_run(solution))
    for index, text in exercises:
        first = text.lstrip().splitlines()[0] if text.strip() else ""
        assert first.startswith("Not done yet:"), f"{copy.name}, cell {index}: {text!r}"
        assert "OK:" not in text, f"{copy.name}, cell {index}: {text!r}"
