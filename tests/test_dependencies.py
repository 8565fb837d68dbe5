"""`cells_to_run`: which cells a student copy must run itself (the rest runs as the solution's)."""

import nbformat
import pytest

from dlcourse.authoring.dependencies import cells_to_run
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
    assert cells_to_run(nb) == ([1, 3] if needed else [1])


def test_what_a_solution_changes_in_place_counts():
    nb = notebook("history = []", solved("history.append(1)"), "z = 0", "print(len(history))")
    assert cells_to_run(nb) == [0, 1, 3]
    nb = notebook("model = {}", solved("model['w'] = 1"), "z = 0", "print(model)")
    assert cells_to_run(nb) == [0, 1, 3]


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
    assert cells_to_run(nb) == [0, 1, 2, 3, 5, 7, 8, 9]


def test_the_cells_before_the_exercise_and_the_exercise_cell_itself():
    nb = notebook("a = 1", "print(a)", solved("b = a"), "print(a)")
    assert cells_to_run(nb) == [0, 2]
    assert cells_to_run(notebook("a = 1", "print(a)")) == []


def test_the_analysis_finds_the_cell_that_really_breaks_in_the_copy(tmp_path):
    nb = notebook(
        "import math",
        solved("angle = math.pi / 2") + "\nprint('Not done yet: fill in angle')  # YOUR CODE HERE",
        "sine = math.sin(angle)  # TypeError on the stub",
        "print('unrelated')",
    )
    cells = cells_to_run(nb)
    assert cells == [0, 1, 2]
    path = tmp_path / "copy.ipynb"
    nbformat.write(make_student_copy(nb), path)
    with pytest.raises(RuntimeError, match="cell 2 raised TypeError"):
        execute_student_copy(path, timeout=60, cells=cells)
    assert execute_student_copy(path, timeout=60, cells=[0, 1])[0][0] == 1


def test_cells_must_include_the_exercises(tmp_path):
    path = tmp_path / "copy.ipynb"
    nbformat.write(make_student_copy(notebook("a = 1", solved("b = 2"), "c = 3")), path)
    for bad in ([0], [1, 3], [-1, 1]):
        with pytest.raises(ValueError, match="cells"):
            execute_student_copy(path, cells=bad)


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
    assert cells_to_run(nb) == [0, 1, 2, 4]


def test_earlier_cells_run_only_when_a_cell_that_runs_needs_them():
    nb = notebook(
        "import math",
        "data = [1.0, 2.0]",
        "data.append(3.0)",  # changes what the exercise reads
        "slow = sorted(data * 1000)  # stands for a training run nothing below needs",
        solved("total = math.fsum(data)"),
        "print(total)",
        "print(slow[0])",  # after the last dependent cell: the solution's run covers it
    )
    assert cells_to_run(nb) == [0, 1, 2, 4, 5]
    assert cells_to_run(notebook("x = 1", "x = 2", solved("y = x"))) == [1, 2]  # 0 is overwritten
    assert cells_to_run(notebook("x = [1]", "x = x + [2]", solved("y = x"))) == [0, 1, 2]
    assert cells_to_run(notebook("def f():\n    return a", "a = 1", solved("y = f()"))) == [0, 1, 2]


@pytest.mark.parametrize(
    ("before", "runs"),
    [
        ("import warnings\nwarnings.simplefilter('error')", True),
        ("import os\nos.environ['TF_CPP_MIN_LOG_LEVEL'] = '3'", True),
        ("import keras\nkeras.mixed_precision.set_global_policy('mixed_float16')", True),
        ("import warnings\ndef quiet():\n    warnings.simplefilter('ignore')\nquiet()", True),
        ("%env TF_CPP_MIN_LOG_LEVEL=3", True),
        ("!pip install something", True),
        ("import random\nrandom.seed(0)", False),  # random state changes numbers only
        ("import numpy as np\nnp.random.seed(0)", False),
        ("%time z = 1", False),
    ],
)
def test_cells_that_configure_a_library_or_the_process_always_run(before, runs):
    nb = notebook(before, "z = 0", solved("y = 1"))
    assert cells_to_run(nb) == ([0, 2] if runs else [2])
