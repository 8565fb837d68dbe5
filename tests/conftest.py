"""Shared pytest set-up for the unit tests and the notebook validation (nbval)."""

import os

import matplotlib

# Unit tests draw off-screen. (Notebook kernels are separate processes and keep their inline backend.)
matplotlib.use("Agg")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")


def pytest_collectstart(collector):
    """Do not compare stderr in notebooks.

    nbval starts kernels with stderr sent to /dev/null, so TensorFlow's C++ log lines and warnings
    that a Jupyter run stores are missing under nbval (see docs/authoring.md). This is the hook
    nbval's documentation gives for it.
    """
    path = getattr(collector, "path", None)
    if path is not None and path.suffix == ".ipynb":
        collector.skip_compare += ("stderr",)
