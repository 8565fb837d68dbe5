"""`last_dependent_cell`: which cells after the exercises a student copy must still run."""

import nbformat
import pytest

from dlcourse.authoring.dependencies import last_dependent_cell
from dlcourse.authoring.student import execute_student_copy, make_student_copy


def notebook(*sources: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])


def solved(code: str) -> str:
    return f"### BEGIN SOLUTION\n{code}\n### END SOLUTION"


@pytest.mark.parametrize(
    ("later", "needed"),
    [
        ("print(answer)", True),  # reads the exercise's name
        ("total = answer + 1", True),
        ("answer = 2\nprint(answer)", False),  # a fresh value first
        ("print(other)", False),
        ("squares = [answer for answer in range(3)]", False),  # the comprehension's own name
        ("def f(answer):\n    return answer\nf(1)", False),  # the function's own argument
        ("%time print(answer)", True),  # IPython magics are read too
        ("!echo hello", False),
    ],
)
def test_a_later_cell_that_reads_the_answer_must_run(later, needed):
    nb = notebook("other = 1", solved("answer = 1"), "x = 3", later, "y = 4")
    assert last_dependent_cell(nb) == (3 if needed else 1)


def test_what_a_solution_changes_in_place_counts():
    nb = notebook("history = []", solved("history.append(1)"), "z = 0", "print(len(history))")
    assert last_dependent_cell(nb) == 3
    nb = notebook("model = {}", solved("model['w'] = 1"), "z = 0", "print(model)")
    assert last_dependent_cell(nb) == 3


def test_dependency_passes_through_cells_and_functions():
    nb = notebook(
        "def report():\n    return answer",  # reads a global when called
        "def grow(xs):\n    xs.append(1)",  # changes what it is given
        "items = []",
        solved("answer = 1\ngrow(items)"),
        "z = 0",
        "doubled = 2 * answer",
        "w = 0",
        "print(doubled)",  # through the cell above
        "report()",  # through the function's body
        "print(items)",  # changed by the notebook's own function
        "print('done')",
    )
    assert last_dependent_cell(nb) == 9


def test_the_cells_before_the_exercise_and_the_exercise_cell_itself():
    nb = notebook("a = 1", "print(a)", solved("b = a"), "print(a)")
    assert last_dependent_cell(nb) == 2
    assert last_dependent_cell(notebook("a = 1", "print(a)")) is None


def test_the_analysis_finds_the_cell_that_really_breaks_in_the_copy(tmp_path):
    nb = notebook(
        "import math",
        solved("angle = math.pi / 2") + "\nprint('Not done yet: fill in angle')  # YOUR CODE HERE",
        "sine = math.sin(angle)  # TypeError on the stub",
        "print('unrelated')",
    )
    stop = last_dependent_cell(nb)
    assert stop == 2
    path = tmp_path / "copy.ipynb"
    nbformat.write(make_student_copy(nb), path)
    with pytest.raises(RuntimeError, match="cell 2 raised TypeError"):
        execute_student_copy(path, timeout=60, stop_after=stop)
    assert execute_student_copy(path, timeout=60, stop_after=1)[0][0] == 1


def test_stop_after_must_cover_the_exercises(tmp_path):
    path = tmp_path / "copy.ipynb"
    nbformat.write(make_student_copy(notebook("a = 1", solved("b = 2"), "c = 3")), path)
    for bad in (0, 3, -1):
        with pytest.raises(ValueError, match="stop_after"):
            execute_student_copy(path, stop_after=bad)


@pytest.mark.parametrize(
    "before, solution, later",
    [
        ("model = Net()", "for layer in model.layers:\n    layer.trainable = False", "model"),
        ("net = Net()\nnetworks = {'a': net}", "net.fit()", "print(networks)"),
        ("net = Net()\nnetworks = {}\nnetworks['a'] = net", "net.fit()", "networks"),
        ("model = Net()\nfirst = model.layers[0]", "model.reset()", "print(first)"),
        ("model = Net()", "first = model.layers[0]\nfirst.trainable = False", "model"),
        ("nets = [Net(), Net()]", "[n.fit() for n in nets]", "nets"),
    ],
)
def test_objects_changed_through_another_name_count(before, solution, later):
    nb = notebook("class Net: ...", before, solved(solution), "z = 0", later)
    assert last_dependent_cell(nb) == 4
