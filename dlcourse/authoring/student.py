"""Student copies of the course notebooks: solutions replaced by stubs and hints.

A solution notebook marks the learner's part of an exercise cell between two whole lines::

    ### BEGIN SOLUTION
    # HINT: z is the weighted sum plus the bias.
    z = w1 * x1 + w2 * x2 + b
    ### END SOLUTION

The student copy keeps the region's `# HINT:` lines and puts one stub per name the region assigns
(`z = ...  # YOUR CODE HERE`, with the region's indentation). A region that defines a function
keeps its `def` line and docstring and gets `return ...  # YOUR CODE HERE`; a region with neither
gets `...  # YOUR CODE HERE`. The exercise cell's outputs are cleared, and so are the outputs of
every cell tagged `reveals-answer` (a cell whose output would show an exercise's answer); every
other cell and output is kept. Names are those assigned by `=`, `+=` or `x: int = ...` at the
region's top level or inside its loops, `if` and `with` blocks; `for` loop variables are not
stubbed.

Command line (`python -m dlcourse student --help`)::

    python -m dlcourse student notebooks             # writes notebooks/student/*.ipynb
    python -m dlcourse student notebooks --check     # exit 1 if a copy is stale, missing or orphan

Example:

>>> import nbformat
>>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
...     "### BEGIN SOLUTION\\nz = 2 * 3\\n### END SOLUTION\\nprint(z)")])
>>> print(make_student_copy(nb).cells[0].source)
z = ...  # YOUR CODE HERE
print(z)
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

import nbformat

from dlcourse.authoring import colab
from dlcourse.authoring._files import write_atomic
from dlcourse.authoring._solutions import STUB, stub_cell

__all__ = ["REVEALS_TAG", "execute_student_copy", "main", "make_student_copy"]

REVEALS_TAG = "reveals-answer"


def make_student_copy(
    nb: nbformat.NotebookNode, *, source: str = "notebook.ipynb", badge_path: str | None = None
) -> nbformat.NotebookNode:
    """Return the student copy of a solution notebook (the input is not changed).

    Args:
        nb: The solution notebook (`nbformat` version 4).
        source: The solution's path as recorded in the copy's metadata (`dlcourse.source`) and
            named in errors. Defaults to `"notebook.ipynb"`.
        badge_path: Path of the copy below `notebooks/`, for its Colab badge (if the notebook has
            one). Defaults to `"student/<file name of source>"`.

    Returns:
        A new notebook: exercise cells stubbed with their outputs cleared, metadata
        `{"dlcourse": {"student": true, "source": source}}`, the badge pointing to the copy.

    Raises:
        ValueError: When `nb` is not a version-4 notebook, a `### BEGIN SOLUTION` has no
            `### END SOLUTION` (or the reverse), markers are nested, or a region is not valid
            Python on its own.

    Example:

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    >>> make_student_copy(nb, source="../01_intro.ipynb").metadata["dlcourse"]["student"]
    True
    """
    if not isinstance(nb, dict) or nb.get("nbformat") != 4 or "cells" not in nb:
        raise ValueError(
            "`nb` must be a version-4 notebook, e.g. nbformat.read(path, as_version=4). "
            f"Received: nb of type {type(nb).__name__}"
        )
    student = copy.deepcopy(nb)
    for index, cell in enumerate(student.cells):
        if cell.cell_type != "code":
            continue
        new_source = stub_cell(cell.source, where=f"{source}, cell {index}")
        if new_source is not None:
            cell.source = new_source
        if new_source is not None or REVEALS_TAG in cell.get("metadata", {}).get("tags", []):
            cell.outputs = []
            cell.execution_count = None
    student.metadata["dlcourse"] = {"student": True, "source": source}
    badge = badge_path or f"student/{Path(source).name}"
    for cell in student.cells:
        if colab.BADGE_TAG in cell.get("metadata", {}).get("tags", []):
            cell.source = colab.badge_source(badge)
    return student


# -- files ----------------------------------------------------------------------------------------
def is_student_copy(nb: nbformat.NotebookNode) -> bool:
    """True when a notebook was written by `make_student_copy` (metadata `dlcourse.student`)."""
    meta = nb.get("metadata", {}).get("dlcourse", {})
    return isinstance(meta, dict) and meta.get("student") is True


def _sources(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """Solution notebooks named by `paths` (folders: their `*.ipynb`), and the folders given."""
    return colab.notebook_files(paths), [path for path in paths if path.is_dir()]


def _plan(sources: list[Path], out: Path | None) -> dict[Path, str]:
    """Target path -> text of the student copy, for every solution notebook."""
    plan: dict[Path, str] = {}
    for src in sources:
        nb = nbformat.read(src, as_version=4)
        if is_student_copy(nb):
            continue  # never make a copy of a copy
        folder = out if out is not None else src.parent / "student"
        target = folder / src.name
        badge = Path(os.path.relpath(target, src.parent)).as_posix()
        relative_source = Path(os.path.relpath(src, folder)).as_posix()
        student = make_student_copy(nb, source=relative_source, badge_path=badge)
        plan[target] = _text(student)
    return plan


def _text(nb: nbformat.NotebookNode) -> str:
    text = nbformat.writes(nb)
    return text if text.endswith("\n") else text + "\n"


def _same(path: Path, text: str) -> bool:
    """True when the copy at `path` has the content `text` (the content stamp aside)."""
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return _unstamped(found) == _unstamped(json.loads(text))


def _generated(path: Path) -> bool:
    try:
        return is_student_copy(nbformat.read(path, as_version=4))
    except Exception:  # unreadable or not a notebook: certainly not ours
        return False


# -- the content stamp: was a copy changed since it was generated? -------------------------------
STAMP_KEY = "sha256"  # in the copy's metadata["dlcourse"]: a digest of its cells when written
_TOOL_TAGS = {colab.BADGE_TAG, colab.BOOTSTRAP_TAG}  # cells another tool regenerates


def content_digest(nb: dict) -> str:
    """SHA-256 of what a learner edits in a notebook: each cell's type and source.

    Outputs, execution counts and metadata are left out (Jupyter rewrites them on every run and
    save, and losing them loses no work), and so are the Colab badge and bootstrap cells, which
    `python -m dlcourse colab` rewrites.

    Example:

    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = ...")])
    >>> content_digest(nb) == content_digest(copy.deepcopy(nb))
    True
    """
    cells = [
        [cell.get("cell_type"), _joined(cell.get("source", ""))]
        for cell in nb.get("cells", [])
        if not _TOOL_TAGS & set(cell.get("metadata", {}).get("tags", []))
    ]
    return hashlib.sha256(json.dumps(cells, ensure_ascii=False).encode("utf-8")).hexdigest()


def _joined(source) -> str:
    return "".join(source) if isinstance(source, list) else source


def _unstamped(nb: dict) -> dict:
    nb = copy.deepcopy(nb)
    meta = nb.get("metadata", {}).get("dlcourse")
    if isinstance(meta, dict):
        meta.pop(STAMP_KEY, None)
    return nb


def _stamped(text: str) -> str:
    """The copy's text with the digest of its content in `metadata.dlcourse.sha256`."""
    nb = nbformat.reads(text, as_version=4)
    nb.metadata.setdefault("dlcourse", {})[STAMP_KEY] = content_digest(nb)
    return _text(nb)


def _edited(path: Path) -> bool | None:
    """Whether the copy at `path` was changed since it was generated: None when it has no stamp
    (written by an older dlcourse, so nobody can tell)."""
    nb = nbformat.read(path, as_version=4)
    stamp = nb.metadata.get("dlcourse", {}).get(STAMP_KEY)
    if not isinstance(stamp, str):
        return None
    return stamp != content_digest(nb)


def _has_stamp(path: Path) -> bool:
    return _edited(path) is not None


def _refusal(path: Path, edited: bool | None) -> str:
    why = ("it was changed since it was generated (a learner's work?)" if edited else
           "it has no content stamp (written by an older dlcourse), so whether it was edited "
           "cannot be told")
    keep = path.with_name(f"{path.stem}.mine{path.suffix}")
    return (f"error: refusing to overwrite {path}: {why}. Keep the work by moving it away "
            f"(e.g. mv {path} {keep}), then run the command again; or pass --force to replace "
            "it with a fresh copy (the changes are lost).")


def _orphans(plan: dict[Path, str], folders: list[Path], out: Path | None) -> list[Path]:
    """Student copies in the output folders of `folders` whose solution no longer exists."""
    found = []
    for folder in folders:
        target_dir = out if out is not None else folder / "student"
        for path in sorted(target_dir.glob("*.ipynb")):
            if path not in plan and _generated(path):
                found.append(path)
    return found


def _write_atomic(path: Path, text: str) -> None:
    write_atomic(path, text)  # temporary file and rename, usual permissions (umask), see _files


def main(argv: list[str] | None = None) -> int:
    """Command line: write (or `--check`) the student copies. Returns the exit code.

    Args:
        argv: Arguments without the program name, e.g. `["notebooks", "--check"]`.

    Returns:
        0 on success; 1 when `--check` finds stale, missing or orphan copies, or when a file in
        the output folder is not a generated copy or was changed since it was generated (it is
        never overwritten, unless `--force` for a changed copy); 2 for usage errors.

    Example:

    >>> main(["notebooks", "--check"])  # doctest: +SKIP
    8 student copies up to date in notebooks/student
    0
    """
    parser = argparse.ArgumentParser(
        prog="python -m dlcourse student",
        description="Write student copies of solution notebooks (solutions replaced by stubs).",
    )
    parser.add_argument("paths", nargs="*", type=Path, default=[Path("notebooks")],
                        help="solution notebooks or folders of them (default: notebooks)")
    parser.add_argument("--out", type=Path, default=None,
                        help="output folder (default: a student/ folder beside each notebook)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if a copy is stale, missing or orphan")
    parser.add_argument("--force", action="store_true",
                        help="replace copies changed since they were generated (their changes "
                        "are lost); files that are not generated copies are never replaced")
    args = parser.parse_args(argv)
    try:
        sources, folders = _sources(args.paths)
        plan = _plan(sources, args.out)
    except (FileNotFoundError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    orphans = _orphans(plan, folders, args.out)
    if args.check:
        problems = [f"missing: {p}" for p in plan if not p.exists()]
        problems += [f"stale: {p}" for p, text in plan.items() if p.exists() and not _same(p, text)]
        problems += [f"orphan (its solution notebook is gone): {p}" for p in orphans]
        for line in problems:
            print(line)
        if problems:
            print("Run `python -m dlcourse student` (make student) to regenerate.")
            return 1
        print(f"{len(plan)} student copies up to date")
        return 0
    foreign = [p for p in plan if p.exists() and not _generated(p)]
    if foreign:
        for path in foreign:
            print(f"error: refusing to overwrite {path}: it is not a generated student copy "
                  "(no dlcourse.student metadata). Move it away or pass another --out.",
                  file=sys.stderr)
        return 1
    plan = {path: _stamped(text) for path, text in plan.items()}
    to_write = [p for p, text in plan.items()
                if not (p.exists() and _same(p, text) and _has_stamp(p))]
    changed = {p: _edited(p) for p in to_write if p.exists() and not _same(p, plan[p])}
    changed = {p: edited for p, edited in changed.items() if edited is not False}
    kept_orphans = [p for p in orphans if _edited(p) is not False]
    if changed and not args.force:
        for path, edited in changed.items():
            print(_refusal(path, edited), file=sys.stderr)
        return 1
    for path in to_write:
        _write_atomic(path, plan[path])
    for path in orphans:
        if path in kept_orphans:
            print(f"kept orphan student copy {path}: its solution notebook is gone but the copy "
                  "was changed since it was generated; move or delete it yourself")
        else:
            path.unlink()
            print(f"removed orphan student copy {path}")
    forced = f" ({len(changed)} changed copies replaced: --force)" if changed else ""
    print(f"{len(to_write)} student copies written, {len(plan) - len(to_write)} already up to "
          f"date{forced}")
    return 0


# -- running a student copy -----------------------------------------------------------------------
def execute_student_copy(
    path: str | os.PathLike, timeout: int = 600, *, cells: Iterable[int] | None = None
) -> list[tuple[int, str]]:
    """Run a student copy (or some of its cells) top to bottom as Run All does; return the
    exercises' output.

    The notebook runs in a fresh `python3` kernel of this environment, in a temporary working
    directory, with no cell allowed to raise (as `jupyter nbconvert --execute`, Jupyter's Run All
    and Colab run it); the file is not changed.

    Args:
        path: The student copy.
        timeout: Seconds allowed per cell. Defaults to 600.
        cells: Indices of the cells to run, the exercise cells among them (the others run as
            the solution's do, see `dlcourse.authoring.dependencies.cells_to_run`). Defaults to
            None: every cell.

    Returns:
        `(cell index, text)` for each exercise cell: its stdout and `text/plain` outputs joined,
        e.g. `(8, "Not done yet: C_guess is still ... — replace ...")`.

    Raises:
        FileNotFoundError: When `path` does not exist.
        ValueError: When the notebook has no exercise cell.
        RuntimeError: On the first cell that raises, naming the cell and the exception.

    Example:

    >>> execute_student_copy("notebooks/student/05_loss_functions.ipynb")  # doctest: +SKIP
    [(8, 'Not done yet: C_guess is still ... — replace the ... ...'), ...]
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"No student copy at {str(path)!r}. Received: path={str(path)!r}")
    nb = nbformat.read(path, as_version=4)
    exercises = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and STUB in c.source]
    if not exercises:
        raise ValueError(
            f"{path} has no exercise cell (no line with {STUB!r}); is it a student copy? "
            f"Received: path={str(path)!r}"
        )
    run = list(range(len(nb.cells))) if cells is None else sorted(set(cells))
    if not set(exercises) <= set(run) <= set(range(len(nb.cells))):
        raise ValueError(
            f"`cells` must be indices of {path.name}'s cells (0 to {len(nb.cells) - 1}) that "
            f"include every exercise cell {exercises}. Received: cells={run!r}"
        )
    nb.cells = [nb.cells[i] for i in run]
    with tempfile.TemporaryDirectory() as cwd:
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                resources={"metadata": {"path": cwd}})
        try:
            client.execute()
        except CellExecutionError as error:
            failed = next(
                (i for i, c in zip(run, nb.cells, strict=True)
                 if any(o.get("output_type") == "error" for o in c.get("outputs", []))),
                "?",
            )
            raise RuntimeError(
                f"{path}: cell {failed} raised {error.ename}: {error.evalue}. A student copy "
                "must run to its end without a traceback: nothing after an exercise may "
                "use the names it defines (docs/authoring.md)."
            ) from None
    return [(i, _output_text(nb.cells[run.index(i)])) for i in exercises]


def _output_text(cell: nbformat.NotebookNode) -> str:
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream" and output.get("name") == "stdout":
            parts.append(output.get("text", ""))
        elif "data" in output and "text/plain" in output["data"]:
            parts.append(output["data"]["text/plain"] + "\n")
    return "".join(parts).rstrip("\n")
