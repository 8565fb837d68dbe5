"""Writing generated files safely: atomically, with the usual permissions.

A reader (Jupyter, git, a learner's editor) sees the old file or the new one, never half a file;
an interrupted write leaves the old file and no temporary file. New files get the mode a plain
`open(path, "w")` would give (0o666 minus the umask, typically 0o644); a replaced file keeps its
mode.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

__all__ = ["default_mode", "write_atomic"]


def default_mode() -> int:
    """The mode a new file gets from `open()`: 0o666 without the process umask's bits."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: str | os.PathLike, text: str) -> None:
    """Write `text` (UTF-8) to `path` through a temporary file in the same folder and a rename.

    Args:
        path: The file to write; its folder is created when missing.
        text: The whole new content.

    Example:

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> write_atomic(target, "hello\\n")
    >>> target.read_text()
    'hello\\n'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = default_mode()
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(tmp, mode)  # mkstemp makes 0o600 files: unreadable for a class on a shared server
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
