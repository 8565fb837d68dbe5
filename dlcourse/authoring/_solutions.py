"""Solution regions of an exercise cell and their stubs (private helper of `student`).

`stub_cell` finds the regions between `### BEGIN SOLUTION` and `### END SOLUTION` lines and replaces
each by its `# HINT:` lines and one `name = ...  # YOUR CODE HERE` per assigned name; functions
keep their signature and docstring and get `return ...  # YOUR CODE HERE`.
"""

from __future__ import annotations

import ast
import re
import textwrap

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
STUB = "# YOUR CODE HERE"
_BEGIN = re.compile(r"^(\s*)### BEGIN SOLUTION\s*$")
_END = re.compile(r"^\s*### END SOLUTION\s*$")
_HINT = re.compile(r"^\s*# HINT:")
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def stub_cell(text: str, *, where: str) -> str | None:
    """The cell's source with every solution region stubbed, or None if it has no region."""
    lines = text.split("\n")
    out: list[str] = []
    region: list[str] | None = None
    start, indent = 0, ""
    for number, line in enumerate(lines, start=1):
        begin, end = _BEGIN.match(line), _END.match(line)
        if begin and region is not None:
            raise ValueError(
                f"{where}: line {number} opens a second '{BEGIN}' inside the region opened on "
                f"line {start}; regions cannot be nested. Close the first with '{END}'."
            )
        if end and region is None:
            raise ValueError(
                f"{where}: '{END}' on line {number} has no '{BEGIN}' before it. "
                f"Add '{BEGIN}' above the solution, or remove the stray marker."
            )
        if begin:
            region, start, indent = [], number, begin.group(1)
        elif end:
            out.extend(_stub_region(region, indent, where=f"{where}, lines {start}-{number}"))
            region = None
        elif region is not None:
            region.append(line)
        else:
            out.append(line)
    if region is not None:
        raise ValueError(
            f"{where}: '{BEGIN}' on line {start} has no matching '{END}'. "
            f"Add a line '{END}' after the solution."
        )
    return None if start == 0 else "\n".join(out)


def _stub_region(lines: list[str], indent: str, *, where: str) -> list[str]:
    """Hints plus stubs for the code of one solution region."""
    code = textwrap.dedent("\n".join(lines))
    try:
        tree = ast.parse(code)
    except SyntaxError as error:
        raise ValueError(
            f"{where}: the solution region is not valid Python on its own ({error.msg}, line "
            f"{error.lineno} of the region). Put whole statements between the markers."
        ) from None
    code_lines = code.split("\n")
    functions = [node for node in tree.body if isinstance(node, (ast.FunctionDef,
                                                                  ast.AsyncFunctionDef))]
    in_function = {n for f in functions for n in range(_first_line(f), f.end_lineno + 1)}
    out = [
        indent + line for number, line in enumerate(code_lines, start=1)
        if _HINT.match(line) and number not in in_function
    ]
    seen: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            out.extend(indent + line for line in _function_stub(node, code_lines))
            continue
        for name in _assigned_names(node):
            if name not in seen:
                seen.add(name)
                out.append(f"{indent}{name} = ...  {STUB}")
    if not any(STUB in line for line in out):
        out.append(f"{indent}...  {STUB}")
    return out


def _first_line(node: ast.AST) -> int:
    return min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])


def _function_stub(
    node: ast.FunctionDef | ast.AsyncFunctionDef, code_lines: list[str]
) -> list[str]:
    """Decorators, `def` line(s) and docstring of a function, its hints, and `return ...`."""
    body = node.body
    has_doc = (
        isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
        and isinstance(body[0].value.value, str)
    )
    keep_until = body[0].end_lineno if has_doc else body[0].lineno - 1
    if not has_doc and body[0].lineno == node.lineno:  # def f(x): return x  (one line)
        header = code_lines[node.lineno - 1]
        colon = header.index(":", header.index(")") if ")" in header else 0)
        return [header[: colon + 1], " " * (node.col_offset + 4) + f"return ...  {STUB}"]
    kept = code_lines[_first_line(node) - 1 : keep_until]
    body_indent = " " * body[0].col_offset
    hints = [
        line for line in code_lines[keep_until : node.end_lineno] if _HINT.match(line)
    ]
    return kept + hints + [f"{body_indent}return ...  {STUB}"]


def _assigned_names(node: ast.stmt) -> list[str]:
    """Names a statement assigns, looking into loops, if and with blocks but not new scopes."""
    names: list[str] = []

    def targets(target: ast.expr) -> None:
        if isinstance(target, ast.Name):
            names.append(target.id)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                targets(element)
        elif isinstance(target, ast.Starred):
            targets(target.value)

    def visit(stmt: ast.stmt) -> None:
        if isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                targets(target)
        elif isinstance(stmt, (ast.AnnAssign, ast.AugAssign)):
            targets(stmt.target)
        elif isinstance(stmt, ast.ClassDef):
            names.append(stmt.name)
        elif not isinstance(stmt, _SCOPES):
            for field in ("body", "orelse", "finalbody", "handlers"):
                for child in getattr(stmt, field, []):
                    visit(child)

    visit(node)
    return names
