"""What every notebook must be, read from the files (no kernel): Run All, exercises, clean outputs.

- Run All reaches the end: no cell relies on nbval's `# NBVAL_RAISES_EXCEPTION` (Jupyter and Colab
  ignore it); errors are shown with `dlcourse.demo.raises`. nbval runs the solution notebooks and
  `tests/test_student_copies_run.py` runs the student copies, each with no cell allowed to raise.
- Each exercise cell ends with one `exercises.check("NN.k", name=name, ...)`: names only, never an
  expected value; no check cell echoes `True`.
- A student copy shows no answer: no line of a solution, no value of a reference solution.
- Stored outputs hold no GPU-probe noise and no machine paths.
"""

from __future__ import annotations

import ast
import re
import textwrap
from pathlib import Path

import nbformat
import pytest

from dlcourse import exercises
from tests.test_exercises import CASES, answer_strings

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
SOLUTIONS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
STUDENT = {p.name: NOTEBOOKS / "student" / p.name for p in SOLUTIONS}
ALL = SOLUTIONS + [STUDENT[p.name] for p in SOLUTIONS]
IDS = [p.name for p in SOLUTIONS]

NOISE = re.compile(
    r"cudart_stub|cuInit|cuda_(platform|executor|diagnostics)|absl::InitializeLog|INFO:tensorflow"
    r"|oneDNN custom operations"
    r"|/work/|/root/|/home/|/Users/|site-packages|\.venv|[A-Z]:\\\\"
)


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def code_cells(nb):
    return [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code"]


def output_text(cell) -> str:
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            parts.append(output.get("text", ""))
        elif output.get("output_type") == "error":
            parts.append(f"{output.get('ename')}: {output.get('evalue')}")
        for mime in ("text/plain", "text/html", "text/markdown", "text/latex"):
            parts.append(str(output.get("data", {}).get(mime, "")))
    return "\n".join(parts)


def exercise_calls(source: str) -> list[ast.Call]:
    tree = ast.parse(source)
    return [
        node for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        and node.func.attr == "check" and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "exercises"
    ]


def split_regions(nb) -> tuple[list[str], str]:
    """The code lines inside `### BEGIN SOLUTION` regions (comments and short lines left out),
    and the notebook's text outside them (every cell's source, whitespace normalised)."""
    lines, outside, inside = [], [], False
    for cell in nb.cells:
        for line in cell.source.splitlines():
            text = " ".join(line.split())
            if text == "### BEGIN SOLUTION":
                inside = True
            elif text == "### END SOLUTION":
                inside = False
            elif not inside:
                outside.append(text)
            elif len(text) >= 12 and not text.startswith(("#", "def ", '"""', "'''")):
                lines.append(text)
    return lines, "\n".join(outside)


@pytest.mark.parametrize("path", ALL, ids=[f"{p.parent.name}/{p.name}" for p in ALL])
def test_no_cell_relies_on_nbval_to_raise(path):
    for i, cell in code_cells(read(path)):
        assert "NBVAL_RAISES_EXCEPTION" not in cell.source, f"{path.name} cell {i}: use demo.raises"
        assert "raises-exception" not in cell.metadata.get("tags", []), f"{path.name} cell {i}"


@pytest.mark.parametrize("path", SOLUTIONS, ids=IDS)
def test_each_exercise_cell_calls_its_check_with_names_only(path):
    number = path.name[:2]
    nb, k = read(path), 0
    for i, cell in code_cells(nb):
        if "### BEGIN SOLUTION" not in cell.source:
            continue
        k += 1
        calls = exercise_calls(cell.source)
        assert len(calls) == 1, f"{path.name} cell {i}: one exercises.check(...) per exercise cell"
        (call,) = calls
        assert [ast.literal_eval(a) for a in call.args] == [f"{number}.{k}"], f"cell {i}"
        for keyword in call.keywords:
            value = keyword.value
            assert isinstance(value, ast.Name) and value.id == keyword.arg, (
                f"{path.name} cell {i}: pass the learner's names only ({keyword.arg}="
                f"{keyword.arg}), never a value or an expression that computes the answer"
            )
        assert "checks." not in cell.source.split("### END SOLUTION")[-1], f"cell {i}"
        exercises.get(f"{number}.{k}")
    assert k >= 2, f"{path.name} has {k} exercises; every notebook has at least two"


def test_every_exercise_of_the_notebooks_is_registered_and_tested():
    used = set()
    for path in SOLUTIONS:
        for _, cell in code_cells(read(path)):
            for call in exercise_calls(cell.source) if "exercises.check" in cell.source else []:
                used.add(ast.literal_eval(call.args[0]))
    assert used == set(CASES), f"in notebooks only: {used - set(CASES)}; untested or unused: " \
        f"{set(CASES) - used}"


@pytest.mark.parametrize("path", SOLUTIONS, ids=IDS)
def test_check_cells_print_their_line_and_nothing_else(path):
    for i, cell in code_cells(read(path)):
        if "checks." in cell.source or "exercises." in cell.source:
            results = [o for o in cell.outputs if o.get("output_type") == "execute_result"]
            assert not results, f"{path.name} cell {i} shows {results[0]['data']}: end with `;`"


@pytest.mark.parametrize("path", ALL, ids=[f"{p.parent.name}/{p.name}" for p in ALL])
def test_stored_outputs_hold_no_gpu_probe_and_no_machine_path(path):
    for i, cell in code_cells(read(path)):
        found = NOISE.search(output_text(cell))
        assert not found, f"{path.name} cell {i} stores {found.group(0)!r}"


@pytest.mark.parametrize("path", SOLUTIONS, ids=IDS)
def test_student_copy_shows_no_answer(path):
    solution, student = read(path), read(STUDENT[path.name])
    text = "\n".join(
        "\n".join(" ".join(line.split()) for line in cell.source.splitlines())
        + "\n" + output_text(cell)
        for cell in student.cells
    )
    lines, taught = split_regions(solution)
    for line in lines:  # the course may teach a tool before the exercise: count what it shows
        assert text.count(line) <= taught.count(line), (
            f"student/{path.name} shows the solution line {line!r} (in a hint or an output)"
        )
    number = path.name[:2]
    for id, case in CASES.items():
        if not id.startswith(number + "."):
            continue
        for name, value in case["right"]().items():
            for shown in answer_strings(value):
                found = re.search(rf"(?<![\d.]){re.escape(shown)}(?![\d])", text)
                assert not found, f"student/{path.name} shows {shown!r}: answer of {name} ({id})"


def _squeeze(text: str) -> str:
    return "".join(text.split())


def solution_expressions(region: str, *, in_functions: bool = True) -> list[str]:
    """The right-hand sides of a solution region's statements (returns and assigned values;
    inside its functions too unless `in_functions` is False), unparsed and without whitespace.
    Names, constants and short expressions (under 12 characters, e.g. `kernel.shape`) are left
    out: they are not a solution."""
    tree = ast.parse(textwrap.dedent(region))  # a region may sit in a class or a function
    nodes = ast.walk(tree) if in_functions else tree.body
    found = []
    for node in nodes:
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Return)):
            value = node.value
            if value is None or isinstance(value, (ast.Name, ast.Constant)):
                continue
            text = _squeeze(ast.unparse(value))
            if len(text) > 12:
                found.append(text)
    return found


def cell_texts(cell) -> set[str]:
    """A cell's source without whitespace, as written and (code that parses) as unparsed."""
    texts = {_squeeze(cell.source)}
    if cell.cell_type == "code":
        try:
            texts.add(_squeeze(ast.unparse(ast.parse(cell.source))))
        except SyntaxError:  # an IPython magic: the text as written is enough
            pass
    return texts


def solution_regions(nb) -> dict[str, str]:
    """`{exercise id: its solution region's code}` of a solution notebook."""
    regions = {}
    for cell in nb.cells:
        if cell.cell_type == "code" and "### BEGIN SOLUTION" in cell.source:
            (call,) = exercise_calls(cell.source)
            region = cell.source.split("### BEGIN SOLUTION")[1].split("### END SOLUTION")[0]
            regions[ast.literal_eval(call.args[0])] = region
    return regions


def test_solution_expressions_are_found():
    """The normalisation the next test relies on: spacing and parentheses do not hide a copy."""
    region = "def f(x, w):\n    z = x @ w + 1\n    return np.maximum(0.0, z)\nh = f(x_ex, w_ex)\n"
    assert solution_expressions(region) == ["np.maximum(0.0,z)"]
    assert solution_expressions(region, in_functions=False) == []
    cell = nbformat.v4.new_code_cell("out = np.maximum( 0.0 ,\n (z))")
    assert any("np.maximum(0.0,z)" in text for text in cell_texts(cell))


@pytest.mark.parametrize("path", SOLUTIONS, ids=IDS)
def test_no_other_cell_of_a_student_copy_holds_a_solution_expression(path):
    """Issue 20 (12.1): a solution's expression must not reappear in another cell of the copy.

    After the exercise cell no cell (code or markdown) may hold any of them: a later cell that
    computes the same thing would hand the answer over. Before it, a worked example may show the
    formula the exercise asks to write as a function (its parameters then have the worked
    example's names: notebook 05's `-np.sum(p * np.log(q))`), but no cell may hold what the
    region computes at top level, on the exercise's own data.
    """
    student = read(STUDENT[path.name])
    for id, region in solution_regions(read(path)).items():
        own = next(i for i, cell in enumerate(student.cells) if cell.cell_type == "code"
                   and f'exercises.check("{id}"' in cell.source)
        for i, cell in enumerate(student.cells):
            if i == own:
                continue
            shown = cell_texts(cell)
            for expression in solution_expressions(region, in_functions=i > own):
                assert not any(expression in text for text in shown), (
                    f"student/{path.name} cell {i} holds {expression!r}, the solution of {id}")
