"""nbval starts each notebook's kernel with the environment `needs.kernel_env` gives it: oneDNN
back on for the notebooks in `needs.ONEDNN_ON`, the run's own setting (oneDNN off) for the others,
and the run's environment is left as it was (root `conftest.py`)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

from dlcourse.authoring import needs

REPO = Path(__file__).resolve().parent.parent
PRINT_ONEDNN = "import os\nprint(os.environ.get('TF_ENABLE_ONEDNN_OPTS'))"


def test_kernel_env_gives_onednn_back_to_the_listed_notebooks_only():
    assert needs.ONEDNN_ON == {"14_lenet5.ipynb", "15_cnn_cifar10.ipynb"}
    for name in needs.ONEDNN_ON:
        assert (REPO / "notebooks" / name).is_file()
        assert needs.kernel_env(REPO / "notebooks" / name) == {"TF_ENABLE_ONEDNN_OPTS": "1"}
        assert needs.kernel_env(f"notebooks/student/{name}") == {"TF_ENABLE_ONEDNN_OPTS": "1"}
    assert needs.kernel_env("notebooks/13_convolution_pooling.ipynb") == {}


def _notebook(folder: Path, name: str, stored: str) -> None:
    output = nbformat.v4.new_output("stream", name="stdout", text=f"{stored}\n")
    cell = nbformat.v4.new_code_cell(PRINT_ONEDNN, outputs=[output], execution_count=1)
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), folder / name)


def _nbval(folder: Path, *names: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k != "PYTEST_ADDOPTS" and not k.startswith("PYTEST_XDIST")}
    env["TF_ENABLE_ONEDNN_OPTS"] = "0"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "--nbval",
         "--nbval-current-env", *names], cwd=folder, env=env, capture_output=True, text=True,
        timeout=300)


def test_nbval_kernels_start_with_their_notebooks_environment(tmp_path):
    shutil.copy(REPO / "conftest.py", tmp_path / "conftest.py")
    # 15 first: the notebook after it must see the run's own setting again.
    _notebook(tmp_path, "15_cnn_cifar10.ipynb", "1")
    _notebook(tmp_path, "13_convolution_pooling.ipynb", "0")
    run = _nbval(tmp_path, "15_cnn_cifar10.ipynb", "13_convolution_pooling.ipynb")
    assert run.returncode == 0 and "2 passed" in run.stdout, run.stdout[-3000:]
    # The same check fails when a kernel sees what it should not.
    _notebook(tmp_path, "13_convolution_pooling.ipynb", "1")
    run = _nbval(tmp_path, "15_cnn_cifar10.ipynb", "13_convolution_pooling.ipynb")
    assert run.returncode == 1 and "1 failed, 1 passed" in run.stdout, run.stdout[-3000:]
