"""What a learner can copy from a student copy: every number, array and evaluable expression.

`harvest(path)` reads a student notebook (no kernel) and returns the values in view of a learner:

- every constant of every code cell (numbers, strings), every literal list or tuple;
- every expression that evaluates from constants, from names bound earlier to such values and
  from a few pure NumPy functions (`2 * n ** 3` after `n = 1024`, `np.arange(1.0, 9.0)`);
- every number in the markdown and in the stored outputs (`61,706`, `98.88 %` as 98.88 and
  0.9888, `1e-3`), and every run of consecutive numbers of one output (a printed array).

`tests/test_copy_attack.py` tries each as an exercise's answer.
"""

from __future__ import annotations

import ast
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import numpy as np

_NUMBER = re.compile(r"(?<![\w.])-?\d[\d,]*(?:\.\d+)?(?:[eE][-+]?\d+)?(\s*%)?")
_NP_PURE = {"array", "arange", "asarray", "exp", "log", "log10", "sqrt", "sum", "mean", "abs",
            "maximum", "minimum", "max", "min", "dot", "tanh", "ones", "zeros", "eye", "linspace",
            "prod", "round", "float32", "float64", "square", "argmax", "std", "var", "where"}
_MATH_PURE = {"exp", "log", "sqrt", "tanh", "log10"}
_NODES = (ast.Constant, ast.Name, ast.Load, ast.BinOp, ast.UnaryOp, ast.List, ast.Tuple,
          ast.operator, ast.unaryop, ast.Call, ast.Attribute, ast.Subscript, ast.Slice,
          ast.keyword, ast.Compare, ast.cmpop)


@dataclass
class Harvest:
    """The values in view: scalars, arrays (as NumPy arrays) and number runs of outputs."""

    scalars: set[float] = field(default_factory=set)
    arrays: list[np.ndarray] = field(default_factory=list)
    runs: list[list[float]] = field(default_factory=list)
    strings: set[str] = field(default_factory=set)

    def add(self, value: object) -> None:
        if isinstance(value, str):
            self.strings.add(value)
            return
        try:
            array = np.asarray(value, dtype=np.float64)
        except (TypeError, ValueError, OverflowError):
            return
        if not np.all(np.isfinite(array)) or array.size == 0 or array.size > 10_000:
            return
        if array.ndim == 0:
            self.scalars.add(float(array))
        else:
            self.arrays.append(array)


def _numbers(text: str) -> list[float]:
    found = []
    for match in _NUMBER.finditer(text):
        raw = match.group(0).replace(",", "").replace("%", "").strip()
        try:
            value = float(raw)
        except ValueError:
            continue
        found.append(value)
        if match.group(1):
            found.append(value / 100)
    return found


def _safe(node: ast.AST) -> bool:
    """Only constants, names, arithmetic, indexing and pure NumPy/math calls."""
    for sub in ast.walk(node):
        if not isinstance(sub, _NODES):
            return False
        if isinstance(sub, ast.Call):
            func = sub.func
            if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                    and ((func.value.id == "np" and func.attr in _NP_PURE)
                         or (func.value.id == "math" and func.attr in _MATH_PURE))):
                return False
        if isinstance(sub, ast.BinOp) and isinstance(sub.op, ast.Pow):
            right = sub.right
            if isinstance(right, ast.Constant) and isinstance(right.value, (int, float)) \
                    and abs(right.value) > 8:
                return False
    return True


def _evaluate(node: ast.expr, names: dict) -> object:
    if not _safe(node):
        raise ValueError("not a pure expression")
    code = compile(ast.Expression(node), "<harvest>", "eval")
    with np.errstate(all="ignore"):
        return eval(code, {"__builtins__": {}, "np": np, "math": math}, names)  # noqa: S307


def _code(source: str, names: dict, found: Harvest) -> None:
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return
    for node in ast.walk(tree):
        if isinstance(node, ast.expr):
            try:
                found.add(_evaluate(node, names))
            except Exception:  # most expressions need the kernel: skip them
                continue
    for statement in tree.body:  # names bound to evaluable values, for the next expressions
        if isinstance(statement, ast.Assign):
            try:
                value = _evaluate(statement.value, names)
            except Exception:
                continue
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    names[target.id] = value
                elif isinstance(target, ast.Tuple) and isinstance(value, tuple) and len(
                        target.elts) == len(value):
                    for element, item in zip(target.elts, value, strict=True):
                        if isinstance(element, ast.Name):
                            names[element.id] = item


def _outputs(cell) -> str:
    parts = []
    for output in cell.get("outputs", []):
        parts.append(output.get("text", ""))
        parts.append(str(output.get("data", {}).get("text/plain", "")))
    return "\n".join(parts)


def harvest(path: Path) -> Harvest:
    """Every value a learner sees in the notebook at `path` (sources, markdown, outputs)."""
    nb = nbformat.read(path, as_version=4)
    found, names = Harvest(), {}
    for cell in nb.cells:
        texts = [cell.source] if cell.cell_type == "markdown" else [_outputs(cell)]
        if cell.cell_type == "code":
            _code(cell.source, names, found)
            texts.append(cell.source)
        for text in texts:
            numbers = _numbers(text)
            for number in numbers:
                found.add(number)
            if len(numbers) > 1:
                found.runs.append(numbers)
    return found


def arrays_of_size(found: Harvest, size: int, limit: int = 400, *,
                   windows: bool = True) -> list[np.ndarray]:
    """Harvested arrays and windows of printed number runs holding exactly `size` values
    (whole runs only when `windows` is False)."""
    out = [a.ravel() for a in found.arrays if a.size == size]
    for run in found.runs:
        if windows and size > 1:
            out.extend(np.array(run[i:i + size]) for i in range(len(run) - size + 1))
        elif len(run) == size:
            out.append(np.array(run))
    unique, seen = [], set()
    for array in out:
        key = tuple(np.round(array, 9))
        if key not in seen:
            seen.add(key)
            unique.append(array)
    return unique[:limit]
