"""Finding submissions and writing the grades CSV and feedback files (for `grade`).

Every file is written atomically (`_files.write_atomic`): a reader sees the old file or the new
one. Text a learner controls (file names, exception messages) goes into the CSV with a leading
`'` when it starts with `=`, `+`, `-` or `@`, so a spreadsheet shows it instead of running it as
a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from tqdm import tqdm

from dlcourse.authoring._files import write_atomic

if TYPE_CHECKING:
    from dlcourse.authoring.grade import CourseNotebook, Graded

__all__ = ["cell_name", "collect", "feedback_path", "progress", "say", "write_csv",
           "write_feedback"]


def collect(paths: Iterable[Path]) -> list[tuple[str, Path]]:
    """(learner, path) for every submitted notebook named by `paths`.

    A file is taken as given, its learner being its name without `.ipynb`; a folder gives every
    `*.ipynb` below it (checkpoint folders skipped), its learner being its path below the folder
    without `.ipynb`. A learner name met twice gets `-2`, `-3`...

    Raises:
        FileNotFoundError: When a path does not exist.
        ValueError: When no notebook is found.

    Example:

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / "alice.ipynb").write_text("{}")
    2
    >>> [learner for learner, _ in collect([folder])]
    ['alice']
    """
    found: list[tuple[str, Path]] = []
    for path in paths:
        if path.is_dir():
            for file in sorted(path.rglob("*.ipynb")):
                parts = file.relative_to(path).parts
                if file.is_file() and ".ipynb_checkpoints" not in parts:
                    found.append((file.relative_to(path).with_suffix("").as_posix(), file))
        elif path.is_file():
            found.append((path.stem, path))
        else:
            raise FileNotFoundError(f"No submission at {str(path)!r}.")
    if not found:
        raise ValueError("No notebook (*.ipynb) among the submissions given.")
    seen: dict[str, int] = {}
    unique = []
    for learner, path in found:
        seen[learner] = seen.get(learner, 0) + 1
        unique.append((learner if seen[learner] == 1 else f"{learner}-{seen[learner]}", path))
    return unique


def feedback_path(folder: Path, learner: str) -> Path:
    """The feedback file of `learner` in `folder`: `folder/<learner>.md`."""
    return folder / f"{learner}.md"


def cell_name(number: int, source: str) -> str:
    """How a note names a cell: its position (from 1, all cells counted) and its first line.

    >>> cell_name(4, "x = 1 / 0\\nprint(x)")
    'Cell 5 (`x = 1 / 0`)'
    """
    first = next((line.strip() for line in source.split("\n") if line.strip()), "")
    first = (first if len(first) <= 60 else first[:57] + "...").replace("`", "'")
    return f"Cell {number + 1} (`{first}`)"


def progress(items: list) -> Iterable:
    """`items` with a progress bar on stderr when it is a terminal."""
    return tqdm(items, desc="grading", unit="notebook", disable=None, leave=False)


def _safe(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def write_csv(path: Path, rows: list[Graded], catalog: dict[str, CourseNotebook]) -> None:
    """Write the grades: a header row, then one row per submission (see `grade`)."""
    used = {row.notebook for row in rows}
    ids = [i for name, course in catalog.items() if Path(name).stem in used for i in course.ids]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["learner", "file", "notebook", *ids, "total", "max", "status", "notes"])
    for row in rows:
        writer.writerow([_safe(row.learner), _safe(row.file), row.notebook,
                         *(row.scores.get(i, "") for i in ids), row.total, len(row.scores),
                         row.status, _safe(" | ".join(row.notes))])
    write_atomic(path, out.getvalue())


def feedback_text(graded: Graded) -> str:
    """The feedback file's Markdown: each exercise's check line, then the notes."""
    title = f"# Feedback for {graded.learner}"
    if graded.notebook:
        title += f": {graded.notebook} ({graded.total} of {len(graded.scores)})"
    lines = [title, "", f"Submitted file: `{graded.file}`", ""]
    if graded.lines:
        lines += ["## Exercises", ""] + [f"- {line}" for line in graded.lines.values()] + [""]
    if graded.notes:
        lines += ["## Notes", ""] + [f"- {note}" for note in graded.notes] + [""]
    return "\n".join(lines)


def write_feedback(path: Path, graded: Graded) -> None:
    """Write one learner's feedback file."""
    write_atomic(path, feedback_text(graded))


def say(graded: Graded) -> None:
    """One line per submission on stdout (and its notes, indented), above the progress bar."""
    score = f"{graded.total} of {len(graded.scores)}" if graded.scores else "no score"
    where = f" ({graded.notebook})" if graded.notebook else ""
    status = "" if graded.status == "ok" else f" [{graded.status}]"
    tqdm.write(f"{graded.learner}: {score}{where}{status}")
    for note in graded.notes:
        tqdm.write(f"    {note}")
