"""pytest set-up and fixtures shared by the unit tests (the notebook hooks are in the root
conftest.py).

Fixtures:
    no_local_data: no data folder, an empty Keras cache in tmp_path, no system copies (every
        data test starts from nothing; the network is cut by the tests that need it cut).
    real_data_dir: the folder holding the course's real data sets, as `DLCOURSE_DATA_DIR` named
        it when the test run started (the Makefile and CI set it); skips when there is none.
    system_fashion_dir: Debian's `dataset-fashion-mnist` folder; skips when not installed
        (`make system` installs it).
    keras, tf: the modules, or a skip when they cannot be imported.
"""

import os
from pathlib import Path

import matplotlib
import pytest

# Unit tests draw off-screen (notebook kernels are other processes and keep their inline backend).
matplotlib.use("Agg")
# The environment the stored outputs were made in (as the Makefile): quiet, oneDNN off.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

from dlcourse._sources import SYSTEM_DIRS  # noqa: E402  (after the environment defaults)

# Read once, before any test removes them (from the environment, from dlcourse).
_REAL_DATA_DIR = os.environ.get("DLCOURSE_DATA_DIR")
_SYSTEM_FASHION_DIR = next(iter(SYSTEM_DIRS["fashion_mnist"]),
                           Path("/usr/share/datasets/fashion-mnist"))


@pytest.fixture(autouse=True)
def _close_figures():
    """Every figure a test draws is closed after it."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture
def no_local_data(monkeypatch, tmp_path):
    """No real data directory, an empty Keras cache, no system copies."""
    from dlcourse import _sources

    monkeypatch.delenv("DLCOURSE_DATA_DIR", raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras_home"))
    monkeypatch.setattr(_sources, "repo_data_dir", lambda: None)
    monkeypatch.setattr(_sources, "SYSTEM_DIRS", {})
    return tmp_path


@pytest.fixture
def real_data_dir() -> Path:
    """The course's real data folder (full MNIST, CIFAR-10 subset) named by DLCOURSE_DATA_DIR."""
    if not _REAL_DATA_DIR:
        pytest.skip("DLCOURSE_DATA_DIR is not set (CI points it at the course's shared data)")
    folder = Path(_REAL_DATA_DIR)
    if not (folder / "mnist.npz").is_file():
        pytest.skip(f"DLCOURSE_DATA_DIR={_REAL_DATA_DIR} holds no mnist.npz")
    return folder


@pytest.fixture
def system_fashion_dir() -> Path:
    """Debian's Fashion-MNIST (package dataset-fashion-mnist), where dlcourse looks for it."""
    folder = _SYSTEM_FASHION_DIR
    if not folder.is_dir():
        pytest.skip(f"Debian's dataset-fashion-mnist is not installed ({folder} missing; "
                    "`make system` installs it as root)")
    return folder


@pytest.fixture(scope="session")
def keras():
    return pytest.importorskip("keras")


@pytest.fixture(scope="session")
def tf():
    return pytest.importorskip("tensorflow")
