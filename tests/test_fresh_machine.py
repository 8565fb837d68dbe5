"""`make test` on a fresh machine: no network, no data folder, no `make system`.

CI installs the system packages (`make system`) and points `DLCOURSE_DATA_DIR` at the course's
data, so its main run never sees a machine without them. These tests hide them again, in a
subprocess pytest over a copy of the parts that must cope:

- the package and the root `conftest.py` are copied to a temporary tree (so the checkout's own
  `data/` folder, where a download may have landed, is not seen), with the notebooks that need
  Fashion-MNIST and their student copies;
- `DLCOURSE_DATA_DIR` is unset, the Keras cache and HOME are empty folders, the system copies are
  turned off (`DLCOURSE_SYSTEM_DATASETS=`) and every download goes to a proxy that refuses it;
- Graphviz's `dot` is taken off PATH and chromium is looked for where there is none.

Each must end in a pass or in a skip whose one line names what is missing and how to get it:
never a failure, never a traceback, never a silent pass.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FASHION_NOTEBOOKS = ["10_fashion_mnist_callbacks_regression.ipynb",
                     "11_overfitting_regularisation.ipynb"]
NBVAL = ["--nbval", "--nbval-current-env", "--nbval-cell-timeout=600",
         "--nbval-sanitize-with", "tests/nbval_sanitize.cfg"]


def _refused_port() -> int:
    """A loopback port nothing listens on: a proxy there refuses every download at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """A tree like a fresh clone (package, conftest, some notebooks and tests) and an environment
    with no data, no network, no Graphviz and no chromium."""
    root = tmp_path_factory.mktemp("fresh")
    shutil.copytree(REPO / "dlcourse", root / "dlcourse",
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("conftest.py", "pyproject.toml"):
        shutil.copy(REPO / name, root / name)
    (root / "tests").mkdir()
    for name in ("conftest.py", "nbval_sanitize.cfg", "test_student_copies_run.py",
                 "test_plots.py", "test_site.py"):
        shutil.copy(REPO / "tests" / name, root / "tests" / name)
    (root / "notebooks" / "student").mkdir(parents=True)
    for name in FASHION_NOTEBOOKS + ["05_loss_functions.ipynb"]:
        shutil.copy(REPO / "notebooks" / name, root / "notebooks" / name)
        shutil.copy(REPO / "notebooks" / "student" / name, root / "notebooks" / "student" / name)
    home = root / "home"
    home.mkdir()
    proxy = f"http://127.0.0.1:{_refused_port()}"
    env = {k: v for k, v in os.environ.items()
           if k not in ("DLCOURSE_DATA_DIR", "KERAS_HOME", "PYTEST_ADDOPTS")
           and not k.startswith("PYTEST_XDIST")}
    no_dot = [d for d in env.get("PATH", "").split(os.pathsep) if d and
              not (Path(d) / "dot").exists()]
    env.update(HOME=str(home), KERAS_HOME=str(home / ".keras"), DLCOURSE_SYSTEM_DATASETS="",
               DLCOURSE_CHROMIUM=str(root / "no-chromium"), PATH=os.pathsep.join(no_dot),
               PYTHONPATH=str(root), http_proxy=proxy, https_proxy=proxy, HTTP_PROXY=proxy,
               HTTPS_PROXY=proxy, no_proxy="", NO_PROXY="")
    return root, env


def _pytest(fresh, *args: str) -> str:
    root, env = fresh
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rs", "-q", *args],
        cwd=root, env=env, capture_output=True, text=True, timeout=900,
    )
    out = run.stdout + run.stderr
    assert run.returncode == 0, out[-4000:]
    summary = out.split("short test summary")[-1]
    assert "Traceback" not in out and "Error" not in summary, out[-4000:]
    return out


def test_fresh_tree_uses_its_own_package(fresh):
    root, env = fresh
    out = subprocess.run([sys.executable, "-c", "import dlcourse; print(dlcourse.__file__)"],
                         cwd=root, env=env, capture_output=True, text=True, check=True).stdout
    assert Path(out.strip()).is_relative_to(root)


def test_notebooks_without_their_data_are_skipped_with_one_clear_line(fresh):
    out = _pytest(fresh, *(f"notebooks/{n}" for n in FASHION_NOTEBOOKS),
                  "tests/test_student_copies_run.py", *NBVAL)
    skipped = re.findall(r"^SKIPPED \[(\d+)\] (\S+): (.*)$", out, flags=re.M)
    assert {Path(where.split(":")[0]).name for _, where, _ in skipped} >= set(FASHION_NOTEBOOKS)
    for _, _, reason in skipped:
        assert "Fashion-MNIST is not available on this machine" in reason, reason
        assert "apt-get install dataset-fashion-mnist" in reason
        assert "DLCOURSE_DATA_DIR" in reason
    # 05 has no data to miss: its copy ran, and so did nothing of 10 and 11.
    assert re.search(r"\b1 passed\b", out), out[-2000:]


def test_without_graphviz_and_chromium_the_tests_pass_or_say_what_to_install(fresh):
    out = _pytest(fresh, "tests/test_plots.py", "-k", "graphviz", "tests/test_site.py")
    reasons = re.findall(r"^SKIPPED \[\d+\] \S+: (.*)$", out, flags=re.M)
    assert any("Graphviz's `dot` program is not on PATH" in r and "make system" in r
               for r in reasons), out[-2000:]
    assert any("no browser at" in r and "apt-get install chromium" in r for r in reasons), reasons
    assert re.search(r"\b4 passed\b", out), out[-2000:]  # the four fallbacks to a layer table


def test_nbval_passes_with_mplbackend_agg_in_the_environment(fresh):
    root, env = fresh
    agg = {**env, "MPLBACKEND": "Agg"}
    out = _pytest((root, agg), "notebooks/05_loss_functions.ipynb", *NBVAL)
    assert re.search(r"\b\d+ passed\b", out), out[-2000:]
