"""Tests for dlcourse.authoring.student: solution markers -> stubs, copies on disk, runs."""

import json
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from dlcourse.__main__ import main as dlcourse_main
from dlcourse.authoring import colab, student

REPO = Path(__file__).resolve().parent.parent
SOLUTIONS = sorted((REPO / "notebooks").glob("*.ipynb"))


def stub(source: str) -> str:
    nb = new_notebook(cells=[new_code_cell(source)])
    return student.make_student_copy(nb).cells[0].source


def exercise_notebook() -> nbformat.NotebookNode:
    """A small solution notebook: title, setup, exercise, a cell after it."""
    setup = new_code_cell("from dlcourse import checks\nx = 2.0", execution_count=1)
    setup.outputs = [new_output("stream", name="stdout", text="ready\n")]
    exercise = new_code_cell(
        "# Exercise 1: square x.\n"
        "### BEGIN SOLUTION\n"
        "# HINT: x times x.\n"
        "y = x * x\n"
        "### END SOLUTION\n"
        'checks.close(y, 4.0, name="y");',
        execution_count=2,
    )
    exercise.outputs = [new_output("stream", name="stdout", text="OK: y matches\n")]
    after = new_code_cell("print('after')", execution_count=3)
    after.outputs = [new_output("stream", name="stdout", text="after\n")]
    return new_notebook(cells=[new_markdown_cell("# 01 · Test"), setup, exercise, after])


# -- the transformation ---------------------------------------------------------------------------
def test_stub_keeps_hints_and_stubs_each_assigned_name():
    source = (
        "# Exercise: z and p.\n### BEGIN SOLUTION\n# HINT: weighted sum plus bias.\n"
        "z = w @ x + b\np = 1 / (1 + np.exp(-z))\nz += 0\n### END SOLUTION\n"
        'checks.close(p, 0.5, name="p")'
    )
    assert stub(source) == (
        "# Exercise: z and p.\n# HINT: weighted sum plus bias.\n"
        "z = ...  # YOUR CODE HERE\np = ...  # YOUR CODE HERE\n"
        'checks.close(p, 0.5, name="p")'
    )


def test_stub_unpacking_annotations_loops_and_other_targets():
    source = (
        "### BEGIN SOLUTION\n"
        "a, (b, *c) = 1, (2, 3)\n"
        "d: float = 1.0\n"
        "for epoch in range(3):\n"
        "    total += epoch\n"
        "W[0] = 1\n"
        "self_x = obj.attr = 2\n"
        "### END SOLUTION"
    )
    names = [line.split(" = ")[0] for line in stub(source).splitlines()]
    assert names == ["a", "b", "c", "d", "total", "self_x"]  # no `epoch`, no W[0], no obj.attr


def test_stub_function_keeps_signature_docstring_and_inner_hints():
    source = (
        "### BEGIN SOLUTION\n"
        "@staticmethod\n"
        "def sigmoid(z,\n"
        "            *, scale=1.0):\n"
        '    """Logistic function."""\n'
        "    # HINT: 1 / (1 + e^-z)\n"
        "    return 1 / (1 + np.exp(-z))\n"
        "def one_line(z): return z\n"
        "### END SOLUTION\n"
        "checks.close(sigmoid(0.0), 0.5, name='sigmoid(0)')"
    )
    assert stub(source) == (
        "@staticmethod\ndef sigmoid(z,\n            *, scale=1.0):\n"
        '    """Logistic function."""\n    # HINT: 1 / (1 + e^-z)\n'
        "    return ...  # YOUR CODE HERE\n"
        "def one_line(z):\n    return ...  # YOUR CODE HERE\n"
        "checks.close(sigmoid(0.0), 0.5, name='sigmoid(0)')"
    )


def test_stub_keeps_the_region_indentation():
    source = (
        "def step(w):\n"
        "    ### BEGIN SOLUTION\n"
        "    # HINT: move against the gradient.\n"
        "    w_new = w - 0.1 * grad(w)\n"
        "    ### END SOLUTION\n"
        "    return w_new"
    )
    assert stub(source) == (
        "def step(w):\n    # HINT: move against the gradient.\n"
        "    w_new = ...  # YOUR CODE HERE\n    return w_new"
    )


def test_stub_region_without_names_or_functions():
    source = "### BEGIN SOLUTION\nW[0, 1] = 3\nprint(W)\n### END SOLUTION\nprint('next')"
    assert stub(source) == "...  # YOUR CODE HERE\nprint('next')"


def test_copy_clears_outputs_only_in_exercise_cells_and_marks_metadata():
    nb = exercise_notebook()
    original = json.loads(nbformat.writes(nb))
    copy = student.make_student_copy(nb, source="../01_test.ipynb")
    assert json.loads(nbformat.writes(nb)) == original  # input untouched
    assert copy.cells[0] == nb.cells[0]
    assert copy.cells[1] == nb.cells[1]  # setup: outputs kept
    assert copy.cells[3] == nb.cells[3]  # after: outputs kept
    assert copy.cells[2].outputs == [] and copy.cells[2].execution_count is None
    assert "y = ...  # YOUR CODE HERE" in copy.cells[2].source
    assert copy.metadata["dlcourse"] == {"student": True, "source": "../01_test.ipynb"}
    assert student.is_student_copy(copy) and not student.is_student_copy(nb)


def test_copy_points_the_colab_badge_to_itself():
    nb = colab.apply_colab(exercise_notebook(), name="01_test.ipynb")
    copy = student.make_student_copy(nb, source="../01_test.ipynb")
    assert copy.cells[0].source == colab.badge_source("student/01_test.ipynb")
    assert nb.cells[0].source == colab.badge_source("01_test.ipynb")


@pytest.mark.parametrize(
    "source, match",
    [
        ("x = 1\n### BEGIN SOLUTION\ny = 2",
         r"t\.ipynb, cell 1: '### BEGIN SOLUTION' on line 2 has no matching '### END SOLUTION'"),
        ("y = 2\n  ### END SOLUTION",
         r"t\.ipynb, cell 1: '### END SOLUTION' on line 2 has no '### BEGIN SOLUTION' before it"),
        ("### BEGIN SOLUTION\n### BEGIN SOLUTION\ny = 2\n### END SOLUTION\n### END SOLUTION",
         r"cell 1: line 2 opens a second '### BEGIN SOLUTION' .* cannot be nested"),
        ("if x:\n### BEGIN SOLUTION\n    y = 2\nelse:\n    y = 3\n### END SOLUTION",
         r"cell 1, lines 2-6: the solution region is not valid Python on its own"),
    ],
)
def test_malformed_markers_name_notebook_and_cell(source, match):
    nb = new_notebook(cells=[new_markdown_cell("# T"), new_code_cell(source)])
    with pytest.raises(ValueError, match=match):
        student.make_student_copy(nb, source="t.ipynb")


def test_copy_rejects_what_is_not_a_notebook():
    with pytest.raises(ValueError, match=r"`nb` must be a version-4 notebook.*Received: nb of"):
        student.make_student_copy({"cells": []})


# -- files and the command line -------------------------------------------------------------------
@pytest.fixture
def course(tmp_path):
    """A notebooks/ folder with one solution notebook."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    nbformat.write(exercise_notebook(), folder / "01_test.ipynb")
    return folder


def test_main_writes_copies_atomically_and_only_under_out(course, capsys):
    before = (course / "01_test.ipynb").read_bytes()
    assert student.main([str(course)]) == 0
    copy_path = course / "student" / "01_test.ipynb"
    copy = nbformat.read(copy_path, as_version=4)
    assert copy.metadata["dlcourse"] == {"student": True, "source": "../01_test.ipynb"}
    assert (course / "01_test.ipynb").read_bytes() == before
    names = sorted(p.name for p in course.rglob("*"))
    assert names == ["01_test.ipynb", "01_test.ipynb", "student"]
    assert "1 student copies written" in capsys.readouterr().out
    assert student.main([str(course)]) == 0  # second run: nothing to do
    assert "0 student copies written, 1 already up to date" in capsys.readouterr().out


def test_main_with_out_and_file_arguments(course, tmp_path):
    out = tmp_path / "handout"
    assert student.main([str(course / "01_test.ipynb"), "--out", str(out)]) == 0
    copy = nbformat.read(out / "01_test.ipynb", as_version=4)
    assert copy.metadata["dlcourse"]["source"] == "../notebooks/01_test.ipynb"
    assert student.main([str(course / "01_test.ipynb"), "--out", str(out), "--check"]) == 0


def test_main_refuses_to_overwrite_a_hand_made_file(course, capsys):
    handmade = course / "student" / "01_test.ipynb"
    handmade.parent.mkdir()
    nbformat.write(new_notebook(cells=[new_markdown_cell("my own version")]), handmade)
    before = handmade.read_bytes()
    assert student.main([str(course)]) == 1
    assert "refusing to overwrite" in capsys.readouterr().err
    assert handmade.read_bytes() == before


def test_check_detects_missing_stale_and_orphan_copies(course, capsys):
    assert student.main([str(course), "--check"]) == 1
    assert "missing: " in capsys.readouterr().out
    assert student.main([str(course)]) == 0
    assert student.main([str(course), "--check"]) == 0
    assert "1 student copies up to date" in capsys.readouterr().out

    nb = nbformat.read(course / "01_test.ipynb", as_version=4)
    nb.cells[2].source = nb.cells[2].source.replace("x * x", "x ** 2")  # hints unchanged...
    nb.cells[2].source = nb.cells[2].source.replace("x times x", "x squared")  # ...now changed
    nbformat.write(nb, course / "01_test.ipynb")
    copy_path = course / "student" / "01_test.ipynb"
    before = copy_path.read_bytes()
    assert student.main([str(course), "--check"]) == 1
    assert f"stale: {copy_path}" in capsys.readouterr().out
    assert copy_path.read_bytes() == before  # --check writes nothing

    (course / "01_test.ipynb").rename(course / "02_renamed.ipynb")
    assert student.main([str(course), "--check"]) == 1
    out = capsys.readouterr().out
    assert f"orphan (its solution notebook is gone): {copy_path}" in out
    assert student.main([str(course)]) == 0
    assert not copy_path.exists() and (course / "student" / "02_renamed.ipynb").exists()


def test_main_bad_path_and_malformed_notebook(course, tmp_path, capsys):
    assert student.main([str(tmp_path / "nowhere")]) == 2
    assert "No notebook or folder of notebooks at" in capsys.readouterr().err
    nb = new_notebook(cells=[new_code_cell("### BEGIN SOLUTION\nx = 1")])
    nbformat.write(nb, course / "02_broken.ipynb")
    assert student.main([str(course)]) == 2
    assert "02_broken.ipynb, cell 0: '### BEGIN SOLUTION' on line 1" in capsys.readouterr().err
    assert not (course / "student").exists()  # nothing written when one notebook is broken


def test_python_m_dlcourse_student_dispatches(course):
    assert dlcourse_main(["student", str(course), "--check"]) == 1
    assert dlcourse_main(["student", str(course)]) == 0


# -- the committed student copies are up to date --------------------------------------------------
@pytest.mark.parametrize("solution", SOLUTIONS, ids=[p.name for p in SOLUTIONS])
def test_committed_student_copy_is_up_to_date(solution):
    copy_path = solution.parent / "student" / solution.name
    assert copy_path.exists(), f"{copy_path} is missing: run `make student`"
    plan = student._plan([solution], None)
    assert student._same(copy_path, plan[copy_path]), f"{copy_path} is stale: run `make student`"


# -- running a student copy -----------------------------------------------------------------------
def test_execute_student_copy_runs_to_the_end_and_reports_not_done(tmp_path):
    nb = exercise_notebook()
    nb.cells.append(new_code_cell("print('the last cell ran')"))
    path = tmp_path / "student.ipynb"
    nbformat.write(student.make_student_copy(nb), path)
    results = student.execute_student_copy(path, timeout=120)
    assert results == [
        (2, "Not done yet: y is still ... — replace the ... in the exercise cell with your answer.")
    ]
    nb.cells.append(new_code_cell("raise RuntimeError('a cell after the last exercise failed')"))
    nbformat.write(student.make_student_copy(nb), path)
    with pytest.raises(RuntimeError, match="cell 5 raised RuntimeError: a cell after the last"):
        student.execute_student_copy(path, timeout=120)


def test_execute_student_copy_raises_on_the_first_error(tmp_path):
    nb = exercise_notebook()
    nb.cells.insert(2, new_code_cell("print(y)  # uses the exercise's name too early"))
    path = tmp_path / "student.ipynb"
    nbformat.write(student.make_student_copy(nb), path)
    with pytest.raises(RuntimeError, match=r"cell 2 raised NameError: name 'y' is not defined"):
        student.execute_student_copy(path, timeout=120)


def test_execute_student_copy_argument_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="No student copy at"):
        student.execute_student_copy(tmp_path / "missing.ipynb")
    path = tmp_path / "plain.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell("x = 1")]), path)
    with pytest.raises(ValueError, match="has no exercise cell"):
        student.execute_student_copy(path)


def test_execute_student_copy_ignores_nbval_markers_as_jupyter_does(tmp_path):
    nb = new_notebook(cells=[
        new_code_cell("# NBVAL_RAISES_EXCEPTION\nraise TypeError('nb_epoch is gone')"),
        new_code_cell("from dlcourse import checks\nz = ...  # YOUR CODE HERE\n"
                      "checks.close(z, 1.0, name='z');"),
    ])
    path = tmp_path / "copy.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(RuntimeError, match="cell 0 raised TypeError: nb_epoch is gone"):
        student.execute_student_copy(path, timeout=120)


def test_cells_tagged_reveals_answer_lose_their_outputs_in_the_copy():
    shown = new_code_cell("print(42)", outputs=[nbformat.v4.new_output("stream", text="42\n")])
    shown.metadata["tags"] = [student.REVEALS_TAG]
    kept = new_code_cell("print(1)", outputs=[nbformat.v4.new_output("stream", text="1\n")])
    copy_nb = student.make_student_copy(new_notebook(cells=[shown, kept]))
    assert copy_nb.cells[0].outputs == [] and copy_nb.cells[0].source == "print(42)"
    assert copy_nb.cells[1].outputs == kept.outputs
