"""Every notebook that is not about TensorFlow itself runs to its end on Keras' other backends,
JAX and PyTorch, and every check in it says OK (`make test-backends`).

The backends are those `DLCOURSE_TEST_BACKENDS` lists (e.g. "jax torch"; by default the one
`KERAS_BACKEND` asks for). Each notebook runs once per backend in a kernel started with that
`KERAS_BACKEND`, so one pytest session runs them all, longest first, and neither backend's last
long notebook leaves a worker idle.

Not collected by `make test` (the file name does not start with `test_`): the TensorFlow run is
nbval's, which compares every output. Here the stored outputs come from TensorFlow, and another
backend draws other random numbers, so only what must not change is compared:

- the notebook runs as Jupyter's Run All does: no cell may raise;
- each cell's check lines (`OK: ...`, `Not yet: ...`, `Not done yet: ...`) are exactly the stored
  ones, all `OK`: the exercises' reference solutions and the worked numbers pass on this backend
  (in a cell whose output nbval ignores, such as a check that needs CIFAR-10, each line printed
  must be one of the stored `OK` lines);
- a cell that needs TensorFlow itself (`backend.tensorflow_only(...)`) prints its one-line note;
- the kernel really ran on the backend asked for.
"""

import os
import re
import tempfile
from pathlib import Path

import nbformat
import pytest

from dlcourse import backend
from dlcourse.authoring.needs import missing_data

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
# Notebooks about TensorFlow itself: they run on the TensorFlow backend only.
TENSORFLOW_NOTEBOOKS = {"09_tensorflow_under_keras.ipynb"}
TESTED = tuple(os.environ.get("DLCOURSE_TEST_BACKENDS", backend.requested()).split())
CHECK_LINE = re.compile(r"^(OK|Not yet|Not done yet): ")
# The workers take the runs in this order: the longest first (measured in a fresh-clone CI run on
# 2 cores, one thread each: on JAX notebooks 15, 11 and 12 take 80-160 s, 14 and 08 40-50 s; on
# PyTorch 11 and 15 take 55-75 s, 10, 14 and 12 about 35 s; most others 10-25 s), so that no long
# run starts last.
LONGEST = ("jax/15_cnn_cifar10", "jax/11_overfitting_regularisation", "jax/12_not_learning",
           "torch/11_overfitting_regularisation", "torch/15_cnn_cifar10", "jax/14_lenet5",
           "jax/08_keras_mnist", "torch/10_fashion_mnist_callbacks_regression", "torch/14_lenet5",
           "torch/12_not_learning")


def _order(run: tuple[str, Path]) -> tuple[int, str]:
    run_id = f"{run[0]}/{run[1].stem}"
    return (LONGEST.index(run_id) if run_id in LONGEST else len(LONGEST), run[1].name)


RUNS = sorted(((name, path) for name in TESTED for path in NOTEBOOKS.glob("[0-9]*.ipynb")
               if path.name not in TENSORFLOW_NOTEBOOKS), key=_order)


def _stdout(cell) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", [])
                   if o.get("output_type") == "stream" and o.get("name") == "stdout")


def _checks(text: str) -> list[str]:
    return [line for line in text.splitlines() if CHECK_LINE.match(line)]


def test_the_backends_asked_for_are_keras_others():
    assert TESTED and all(name in backend.BACKENDS and name != "tensorflow" for name in TESTED), (
        f"DLCOURSE_TEST_BACKENDS or KERAS_BACKEND gives {TESTED!r}: run this file with "
        "DLCOURSE_TEST_BACKENDS='jax torch' (make test-backends); the TensorFlow run is nbval's "
        "(make test)")


@pytest.mark.parametrize(("name", "path"), RUNS, ids=[f"{n}/{p.stem}" for n, p in RUNS])
def test_notebook_runs_on_backend_with_every_check_ok(name, path):
    from nbclient import NotebookClient

    reason = missing_data(path)
    if reason is not None:
        pytest.skip(reason)
    stored = nbformat.read(path, as_version=4)
    nb = nbformat.read(path, as_version=4)
    probe = nbformat.v4.new_code_cell("import keras\nprint('backend:', keras.backend.backend())")
    nb.cells.append(probe)
    with tempfile.TemporaryDirectory() as cwd:
        NotebookClient(nb, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": cwd}}).execute(
            env={**os.environ, "KERAS_BACKEND": name})
    assert _stdout(nb.cells[-1]).strip() == f"backend: {name}"
    skip_note = f"Skipped on the {backend.title(name)} backend: this cell needs TensorFlow itself"
    for index, (want, got) in enumerate(zip(stored.cells, nb.cells, strict=False)):
        if want.cell_type != "code":
            continue
        where = f"{name}/{path.name}, cell {index}"
        expected, seen = _checks(_stdout(want)), _checks(_stdout(got))
        assert all(line.startswith("OK: ") for line in expected), (where, expected)
        if "# NBVAL_IGNORE_OUTPUT" in want.source:  # e.g. a check that needs a data set
            assert all(line in expected for line in seen), f"{where}: {seen}"
        else:
            assert seen == expected, f"{where}: checks {seen} != {expected}"
        if "tensorflow_only(" in want.source:
            assert skip_note in _stdout(got), f"{where}: no skip note"
