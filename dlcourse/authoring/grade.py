"""Grade a class's notebooks with one command, no server: a grades CSV and a feedback file each.

Command line (`python -m dlcourse grade --help`)::

    python -m dlcourse grade submissions/ --csv grades.csv --feedback feedback/
    python -m dlcourse grade alice.ipynb bob.ipynb --csv grades.csv --feedback fb/ --timeout 120

For each submitted notebook, in order (a progress bar on a terminal):

1. **Read** its bytes once (the file is only opened for reading, never changed); a file that is
   not JSON or not a notebook gets a line and a row, and the class goes on.
2. **Identify** it: the course notebook it is a copy of (`metadata.dlcourse.source`, written by
   `python -m dlcourse student`; without it, the ids of its `exercises.check("NN.k", ...)` calls),
   among the student copies of the course folder (`--course`, default `notebooks/student` of
   this checkout). Its version: the content stamp the copy was handed out with
   (`metadata.dlcourse.sha256`) against the course's copy. Another version is graded with this
   version's checks, and says so; an unknown notebook is not run.
3. **Run** every code cell in a fresh kernel, outputs never read (`_gradekernel`: own temporary
   working directory and HOME, memory limit, per-cell `--timeout`, errors allowed so later cells
   run), and after each exercise cell **re-check** the learner's names with the checks loaded
   fresh from disk. The result is the check's own, never text a cell printed.
4. **Score**: 1 point per exercise whose check says OK, else 0. An exercise whose cell is missing
   (deleted, or its `exercises.check` call changed) scores 0 with a line saying so. Tampering with
   the check machinery (a replaced `exercises.check`, `run`, registered check...) gives no credit
   for the whole notebook, with a line saying what was changed.

Outputs (nothing else is written; existing files are never replaced without `--force`):

- `--csv FILE`: a header row, then one row per submission: `learner`, `file`, `notebook`, one
  column per exercise id (1 or 0; empty when the exercise is not in that notebook), `total`,
  `max`, `status` (`ok`, `faults`, `other-version`, `tampered`, `unknown-notebook`,
  `not-a-notebook`, `grader-error`), `notes` (the fault lines, joined by " | "). Rewritten after
  every submission, so an interrupted run keeps what it graded.
- `--feedback DIR`: `DIR/<learner>.md` per submission: the check line of each exercise and the
  notes.

The learner is the file's name without `.ipynb` (`alice.ipynb` -> `alice`); for a folder given
on the command line, the path below that folder (`submissions/alice/05_loss.ipynb` ->
`alice/05_loss`, feedback in `DIR/alice/05_loss.md`).

Submissions are untrusted code, run as the user who runs this command: see the README ("For
teachers") for what is defended and the container command for full isolation.

Example:

>>> main(["submissions", "--csv", "grades.csv", "--feedback", "feedback"])  # doctest: +SKIP
alice: 3 of 3 (05_loss_functions)
0
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from dlcourse.authoring import _gradereport as report
from dlcourse.authoring._gradekernel import run_submission

__all__ = ["CourseNotebook", "Graded", "check_ids", "course_catalog", "grade_notebook", "main"]

_ID = re.compile(r"^\d\d\.\d+$")


@dataclass(frozen=True)
class CourseNotebook:
    """A student copy of the course: its file `name`, content `stamp` and exercise `ids`."""

    name: str
    stamp: str | None
    ids: tuple[str, ...]


@dataclass
class Graded:
    """One graded submission: scores per exercise id, check `lines`, `status` and `notes`."""

    learner: str
    file: str
    notebook: str = ""
    status: str = "ok"
    scores: dict[str, int] = field(default_factory=dict)
    lines: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.scores.values())


def check_ids(source: str) -> list[str]:
    """The exercise ids of the `exercises.check("NN.k", ...)` calls in a cell's code.

    Calls in comments and strings do not count; IPython's `%` and `!` lines are skipped.

    Example:

    >>> check_ids('x = 1\\n# exercises.check("05.2", H2=H2)\\nexercises.check("05.1", a=a)')
    ['05.1']
    """
    lines = ["pass" if line.lstrip().startswith(("%", "!")) else line
             for line in source.split("\n")]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "check" and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "exercises" and node.args
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
                and _ID.match(node.args[0].value)):
            found.append(node.args[0].value)
    return found


def course_catalog(folder: str | Path) -> dict[str, CourseNotebook]:
    """The course's student copies in `folder`, by file name.

    Raises:
        FileNotFoundError: When `folder` holds no student copy.
    """
    catalog = {}
    for path in sorted(Path(folder).glob("*.ipynb")):
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception:  # not a notebook: certainly not a student copy
            continue
        meta = nb.metadata.get("dlcourse", {})
        if not (isinstance(meta, dict) and meta.get("student") is True):
            continue
        ids = [i for c in nb.cells if c.cell_type == "code" for i in check_ids(c.source)]
        catalog[path.name] = CourseNotebook(path.name, meta.get("sha256"),
                                            tuple(dict.fromkeys(ids)))
    if not catalog:
        raise FileNotFoundError(
            f"No student copy in {str(folder)!r} (files written by `python -m dlcourse student`). "
            "Pass the folder of the copies you handed out with --course.")
    return catalog


def _identify(nb: dict, catalog: dict[str, CourseNotebook], graded: Graded,
              calls: list[list[str]]) -> CourseNotebook | None:
    meta = nb.get("metadata", {}).get("dlcourse", {})
    meta = meta if isinstance(meta, dict) else {}
    source = meta.get("source")
    course = catalog.get(Path(source).name) if isinstance(source, str) else None
    if course is None:
        prefixes = {i.split(".")[0] for ids in calls for i in ids}
        matches = [c for c in catalog.values() if c.ids and c.ids[0].split(".")[0] in prefixes]
        if len(matches) != 1:
            graded.status = "unknown-notebook"
            graded.notes.append("not a copy of a notebook of this course (no dlcourse metadata "
                                "naming one, and its exercise checks match none): not run")
            return None
        course = matches[0]
        graded.notes.append(f"carries no dlcourse metadata: identified as {course.name} by its "
                            "exercise checks")
    graded.notebook = Path(course.name).stem
    stamp = meta.get("sha256")
    if not isinstance(stamp, str):
        graded.notes.append("carries no content stamp, so its course version cannot be told")
    elif course.stamp and stamp != course.stamp:
        graded.status = "other-version"
        graded.notes.append(
            f"handed out from another version of {course.name} than this course's (its content "
            "stamp differs): graded with this version's checks, so an exercise whose givens "
            "changed may fail")
    return course


def grade_notebook(
    data: bytes,
    graded: Graded,
    catalog: dict[str, CourseNotebook],
    *,
    package_root: str | Path,
    timeout: float = 60,
    memory_mb: int | None = 8192,
) -> Graded:
    """Grade one submission, given its bytes; fill in and return `graded`.

    Args:
        data: The submitted file's content.
        graded: The row to fill (its `learner` and `file` set).
        catalog: The course's notebooks (`course_catalog`).
        package_root: The `dlcourse` package folder the checks are loaded from.
        timeout: Seconds per cell. Defaults to 60.
        memory_mb: The kernel's memory limit (MB), None for none. Defaults to 8192.

    Returns:
        `graded`, with `notebook`, `scores`, `lines`, `status` and `notes` filled in.
    """
    try:
        nb = nbformat.reads(data.decode("utf-8"), as_version=4)
        cells = [c for c in nb.cells if c.get("cell_type") == "code"]
        sources = [c.source if isinstance(c.source, str) else "".join(c.source) for c in cells]
    except Exception as error:  # not UTF-8, not JSON, not a notebook: a line, and the class goes on
        graded.status = "not-a-notebook"
        first = str(error).strip().splitlines()[0][:160] if str(error).strip() else ""
        graded.notes.append(f"not a readable notebook ({type(error).__name__}: {first}): not run")
        return graded
    calls = [check_ids(source) for source in sources]
    course = _identify(nb, catalog, graded, calls)
    if course is None:
        return graded
    numbers = [i for i, c in enumerate(nb.cells) if c.get("cell_type") == "code"]
    checks_after: dict[int, list[str]] = {}
    for index, ids in enumerate(calls):
        known = [i for i in dict.fromkeys(ids) if i in course.ids]
        for unknown in dict.fromkeys(i for i in ids if i not in course.ids):
            graded.notes.append(f"{report.cell_name(numbers[index], sources[index])} checks "
                                f"exercise {unknown}, which {course.name} does not have (renamed?)")
        if known:
            checks_after[index] = known
    run = run_submission(sources, checks_after, package_root=package_root, timeout=timeout,
                         memory_mb=memory_mb)
    for fault in run.faults:
        graded.notes.append(f"{report.cell_name(numbers[fault.cell], sources[fault.cell])} "
                            f"{fault.text}")
    present = {i for ids in checks_after.values() for i in ids}
    for id in course.ids:
        result = run.results.get(id)
        if id not in present:
            graded.lines[id] = (f"Missing: Exercise {id} — its cell is gone (deleted, or its "
                                "exercises.check call was changed): 0 points.")
        elif result is None:
            graded.lines[id] = (f"Not checked: Exercise {id} — the kernel stopped before its "
                                "cell ran: 0 points.")
        else:
            graded.lines[id] = result["line"]
        graded.scores[id] = int(bool(result and result.get("ok")) and id in present)
    if run.tampering:
        graded.status = "tampered"
        graded.notes.append("no credit: the notebook's code changed the checks ("
                            + "; ".join(f"{t.text}, seen after "
                                        + report.cell_name(numbers[t.cell], sources[t.cell])
                                        for t in run.tampering) + ")")
        graded.scores = dict.fromkeys(graded.scores, 0)
    elif graded.status == "ok" and (run.faults or present != set(course.ids)):
        graded.status = "faults"
    return graded


def main(argv: list[str] | None = None) -> int:
    """Command line: grade submissions into a CSV and feedback files. Returns the exit code.

    Returns:
        0 when every submission got its row (whatever its faults); 2 for usage errors (no
        submission found, no course copies, an output file that exists without `--force`).
    """
    import dlcourse

    checkout = Path(dlcourse.__file__).resolve().parent
    parser = argparse.ArgumentParser(
        prog="python -m dlcourse grade",
        description="Run each submitted student notebook in a fresh kernel and grade its "
        "exercises with the course's checks. Submissions are untrusted code: see the README.")
    parser.add_argument("submissions", nargs="+", type=Path,
                        help="submitted notebooks, or folders of them (searched recursively)")
    parser.add_argument("--csv", type=Path, required=True, help="the grades file to write")
    parser.add_argument("--feedback", type=Path, required=True,
                        help="folder for one feedback file (Markdown) per submission")
    parser.add_argument("--course", type=Path, default=checkout.parent / "notebooks" / "student",
                        help="folder of the student copies handed out (default: %(default)s)")
    parser.add_argument("--timeout", type=float, default=60,
                        help="seconds allowed per cell (default: %(default)s)")
    parser.add_argument("--memory-mb", type=int, default=8192,
                        help="memory limit of each kernel in MB, 0 for none (Linux; "
                        "default: %(default)s)")
    parser.add_argument("--force", action="store_true",
                        help="replace an existing CSV or feedback file")
    args = parser.parse_args(argv)
    try:
        catalog = course_catalog(args.course)
        submissions = report.collect(args.submissions)
    except (FileNotFoundError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    targets = [report.feedback_path(args.feedback, learner) for learner, _ in submissions]
    existing = [p for p in [args.csv, *targets] if p.exists()]
    if existing and not args.force:
        shown = ", ".join(map(str, existing[:5])) + (" ..." if len(existing) > 5 else "")
        print(f"error: refusing to overwrite {shown}: pass --force to replace, or choose another "
              "--csv / --feedback.", file=sys.stderr)
        return 2
    rows: list[Graded] = []
    for (learner, path), target in report.progress(list(zip(submissions, targets, strict=True))):
        graded = Graded(learner, str(path))
        try:
            data = path.read_bytes()
            grade_notebook(data, graded, catalog, package_root=checkout, timeout=args.timeout,
                           memory_mb=args.memory_mb or None)
        except Exception as error:  # a fault of the grader's own must not stop the class
            graded.status = "grader-error"
            graded.notes.append(f"the grader failed on it ({type(error).__name__}: {error})")
        rows.append(graded)
        report.write_feedback(target, graded)
        report.write_csv(args.csv, rows, catalog)
        report.say(graded)
    print(f"{len(rows)} submissions graded: {args.csv}, feedback in {args.feedback}/")
    return 0
