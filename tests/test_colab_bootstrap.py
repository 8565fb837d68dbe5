"""The Colab bootstrap cell, run for real in a fresh venv that mimics Colab, offline.

Colab is mimicked by a new venv that already sees TensorFlow and the rest of this environment
(through a `.pth` file pointing at a folder of links to its packages, dlcourse left out), with a
fake `google.colab` module. dlcourse is built into a wheel from this checkout; the cell's own
source, run by IPython, pip-installs it through the one setting (`DLCOURSE_INSTALL_SOURCE`) with
`--no-deps`, pip forbidden to reach any index. Then `import dlcourse` must work from the venv.
"""

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

import dlcourse
from dlcourse.authoring import colab

REPO = Path(__file__).resolve().parent.parent
_HIDDEN = ("dlcourse", "__editable__", "_dlcourse")  # what Colab does not have: dlcourse itself


def build_wheel(tmp_path: Path) -> Path:
    """A wheel of this checkout, built from a copy (the checkout gets no build/ folder)."""
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, src / name)
    shutil.copytree(REPO / "dlcourse", src / "dlcourse",
                    ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--no-index", "--no-cache-dir", "-w", str(tmp_path / "dist"), str(src)],
        check=True, capture_output=True, timeout=120,
    )
    [wheel] = (tmp_path / "dist").glob("dlcourse-*.whl")
    return wheel


def colab_like_venv(tmp_path: Path) -> Path:
    """A venv whose Python already sees this environment's packages except dlcourse."""
    venv = tmp_path / "colab"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   timeout=120)
    python = venv / "bin" / "python"
    purelib = Path(subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True).stdout.strip())
    preinstalled = tmp_path / "preinstalled"  # Colab's own packages: TensorFlow, IPython, pip...
    preinstalled.mkdir()
    ours = Path(sysconfig.get_paths()["purelib"])
    for entry in ours.iterdir():
        if not entry.name.startswith(_HIDDEN) and not entry.name.endswith(".pth"):
            (preinstalled / entry.name).symlink_to(entry)
    (purelib / "colab_preinstalled.pth").write_text(f"{preinstalled}\n")
    return python


def run_bootstrap_cell(python: Path, source: str, env: dict, cwd: Path):
    driver = (
        "import sys, types\n"
        "sys.modules['google.colab'] = types.ModuleType('google.colab')  # as on Colab\n"
        "from IPython.core.interactiveshell import InteractiveShell\n"
        "result = InteractiveShell.instance().run_cell(sys.stdin.read())\n"
        "result.raise_error()\n"
    )
    return subprocess.run([str(python), "-c", driver], input=source, env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=180)


def test_colab_pins_are_the_constraints():
    pins = dict(line.split("==") for line in (REPO / "constraints.txt").read_text().splitlines()
                if "==" in line and not line.startswith("#"))
    for name, version in colab.COLAB_PINS.items():
        assert pins[name] == version, f"colab.COLAB_PINS[{name!r}] differs from constraints.txt"


@pytest.mark.skipif(sys.platform == "win32", reason="venv layout and symlinks of POSIX")
def test_bootstrap_cell_installs_dlcourse_in_a_colab_like_venv(tmp_path):
    wheel = build_wheel(tmp_path)
    python = colab_like_venv(tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PIP_"))}
    env.update(PIP_NO_INDEX="1", PIP_NO_CACHE_DIR="1", PIP_DISABLE_PIP_VERSION_CHECK="1",
               PYTHONNOUSERSITE="1", HOME=str(tmp_path / "home"),
               IPYTHONDIR=str(tmp_path / "ipython"), MPLCONFIGDIR=str(tmp_path / "mpl"))
    check = [str(python), "-c", "import dlcourse"]
    not_yet = subprocess.run(check, env=env, capture_output=True, text=True, cwd=tmp_path)
    assert "No module named 'dlcourse'" in not_yet.stderr  # Colab has no dlcourse

    env[colab.INSTALL_SOURCE_VARIABLE] = str(wheel)  # the one setting, pointed at the build
    cell = run_bootstrap_cell(python, colab.bootstrap_source(), env, cwd=tmp_path)
    assert cell.returncode == 0, cell.stdout + cell.stderr

    code = ("import sys, dlcourse, dlcourse.data, dlcourse.checks, dlcourse.plots, tensorflow; "
            "print(dlcourse.__version__); print(dlcourse.__file__); print(sys.prefix)")
    result = subprocess.run([str(python), "-c", code], env=env, capture_output=True, text=True,
                            timeout=300, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    version, location, prefix = result.stdout.split()
    assert version == dlcourse.__version__
    assert Path(location).is_relative_to(prefix)  # the wheel's copy, not the checkout's
    installed = sorted(p.name for p in Path(location).parent.parent.iterdir())
    # --no-deps and the pins already satisfied: nothing but dlcourse was installed
    assert [n for n in installed if not n.startswith(("dlcourse", "colab_preinstalled"))] == [], (
        installed)


def test_bootstrap_cell_does_nothing_outside_colab(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env.update(PIP_NO_INDEX="1", IPYTHONDIR=str(tmp_path / "ipython"))
    code = ("import sys\nfrom IPython.core.interactiveshell import InteractiveShell\n"
            "InteractiveShell.instance().run_cell(sys.stdin.read()).raise_error()\n")
    result = subprocess.run([sys.executable, "-c", code], input=colab.bootstrap_source(),
                            env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 0 and result.stdout == "" and result.stderr == ""
