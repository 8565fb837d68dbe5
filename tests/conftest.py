"""pytest set-up for the unit tests (the notebook hooks are in the root conftest.py)."""

import os

import matplotlib

# Unit tests draw off-screen (notebook kernels are other processes and keep their inline backend).
matplotlib.use("Agg")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

