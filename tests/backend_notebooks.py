"""Every notebook that is not about TensorFlow itself runs to its end on the Keras backend that
`KERAS_BACKEND` names, and every check in it says OK (`make test-backends`: jax, then torch).

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
BACKEND = backend.requested()
CHECK_LINE = re.compile(r"^(OK|Not yet|Not done yet): ")
SKIP_NOTE = f"Skipped on the {backend.title(BACKEND)} backend: this cell needs TensorFlow itself"
# The two workers take notebooks in this order: the longest runs first (measured on JAX: 15, 12
# and 11 take 100-200 s each, most others under 30 s), so that no long run starts last.
LONGEST = ("15_cnn_cifar10.ipynb", "12_not_learning.ipynb", "11_overfitting_regularisation.ipynb",
           "14_lenet5.ipynb")
PATHS = sorted((p for p in NOTEBOOKS.glob("[0-9]*.ipynb") if p.name not in TENSORFLOW_NOTEBOOKS),
               key=lambda p: (LONGEST.index(p.name) if p.name in LONGEST else len(LONGEST), p.name))


def _stdout(cell) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", [])
                   if o.get("output_type") == "stream" and o.get("name") == "stdout")


def _checks(text: str) -> list[str]:
    return [line for line in text.splitlines() if CHECK_LINE.match(line)]


def test_the_backend_asked_for_is_not_tensorflow():
    assert BACKEND in backend.BACKENDS and BACKEND != "tensorflow", (
        f"KERAS_BACKEND={BACKEND!r}: run this file with KERAS_BACKEND=jax or torch "
        "(make test-backends); the TensorFlow run is nbval's (make test)")


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_notebook_runs_on_backend_with_every_check_ok(path):
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
                       resources={"metadata": {"path": cwd}}).execute()
    assert _stdout(nb.cells[-1]).strip() == f"backend: {BACKEND}"
    for index, (want, got) in enumerate(zip(stored.cells, nb.cells, strict=False)):
        if want.cell_type != "code":
            continue
        expected, seen = _checks(_stdout(want)), _checks(_stdout(got))
        assert all(line.startswith("OK: ") for line in expected), (path.name, index, expected)
        if "# NBVAL_IGNORE_OUTPUT" in want.source:  # e.g. a check that needs a data set
            assert all(line in expected for line in seen), f"{path.name}, cell {index}: {seen}"
        else:
            assert seen == expected, f"{path.name}, cell {index}: checks {seen} != {expected}"
        if "tensorflow_only(" in want.source:
            assert SKIP_NOTE in _stdout(got), f"{path.name}, cell {index}: no skip note"
