"""The committed student copies run, from the top to their last exercise, without a traceback.

Each exercise cell of a student copy holds stubs (`name = ...  # YOUR CODE HERE`); its check must
say "Not done yet" instead of failing (later checks in the same cell may add "Not yet" lines about
what follows from the missing answer), and nothing before the last exercise may break because an
earlier exercise was left undone (docs/authoring.md). Cells after the last exercise are not run:
they are the solution notebook's cells, which nbval runs in full.
"""

from pathlib import Path

import pytest

from dlcourse.authoring.student import execute_student_copy

STUDENT_DIR = Path(__file__).resolve().parent.parent / "notebooks" / "student"
STUDENT_COPIES = sorted(STUDENT_DIR.glob("*.ipynb"))


@pytest.mark.parametrize("copy", STUDENT_COPIES, ids=[p.name for p in STUDENT_COPIES])
def test_student_copy_runs_and_every_check_says_not_done(copy):
    exercises = execute_student_copy(copy, timeout=600)
    assert exercises, f"{copy.name} has no exercise cell"
    for index, text in exercises:
        first = text.lstrip().splitlines()[0] if text.strip() else ""
        assert first.startswith("Not done yet:"), f"{copy.name}, cell {index}: {text!r}"
        assert "OK:" not in text, f"{copy.name}, cell {index}: {text!r}"
