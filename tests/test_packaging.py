"""Packaging and import-time properties: one version, cheap imports, -OO safe."""

import subprocess
import sys
from pathlib import Path

import pytest

import dlcourse

REPO = Path(__file__).resolve().parent.parent


def _python(code: str, *flags: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *flags, "-c", code], capture_output=True, text=True,
                          cwd=REPO, timeout=120)


def test_version_is_written_once():
    """pyproject.toml reads the version from dlcourse.__version__ instead of repeating it."""
    tomllib = pytest.importorskip("tomllib", reason="tomllib is in the standard library from 3.11")
    project = tomllib.loads((REPO / "pyproject.toml").read_text())
    assert "version" not in project["project"]
    assert "version" in project["project"]["dynamic"]
    attr = project["tool"]["setuptools"]["dynamic"]["version"]["attr"]
    assert attr == "dlcourse.__version__"
    assert dlcourse.__version__.count(".") == 2


def test_import_data_works_without_docstrings():
    """`python -OO` strips docstrings; nothing may template them at import."""
    result = _python("import dlcourse.data, dlcourse.plots, dlcourse.checks; print('ok')", "-OO")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_package_does_not_switch_onednn_off():
    """Learners train at full CPU speed: only the test/output environment sets oneDNN off."""
    code = ("import os; os.environ.pop('TF_ENABLE_ONEDNN_OPTS', None); "
            "os.environ.pop('TF_CPP_MIN_LOG_LEVEL', None); import dlcourse; "
            "print(os.environ.get('TF_ENABLE_ONEDNN_OPTS'), os.environ['TF_CPP_MIN_LOG_LEVEL'])")
    result = _python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["None", "2"]


_WITHOUT_NBFORMAT = "import sys; sys.modules['nbformat'] = None; sys.modules['nbclient'] = None; "


def test_learners_modules_never_import_nbformat():
    """Every module outside dlcourse.authoring imports without nbformat and nbclient."""
    code = _WITHOUT_NBFORMAT + (
        "import importlib, pkgutil, dlcourse; "
        "names = [m.name for m in pkgutil.iter_modules(dlcourse.__path__, 'dlcourse.') "
        "         if m.name != 'dlcourse.authoring']; "
        "[importlib.import_module(n) for n in names]; print(len(names))"
    )
    result = _python(code)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) >= 15


def test_authoring_commands_say_how_to_install_the_extra():
    for command in ("student", "colab", "grade"):
        code = _WITHOUT_NBFORMAT + (
            f"from dlcourse.__main__ import main; sys.exit(main(['{command}', 'notebooks']))")
        result = _python(code)
        assert result.returncode == 2
        assert "Traceback" not in result.stderr
        assert (f"`python -m dlcourse {command}` is a teachers' tool and nbformat is not "
                "installed") in result.stderr
        assert 'pip install "dlcourse[authoring]"' in result.stderr


def test_light_modules_do_not_import_tensorflow():
    """plot_history, the NumPy Perceptron, the checks and the data loaders need no TensorFlow."""
    code = ("import sys\n"
            "from dlcourse.plots import plot_history\n"
            "from dlcourse.perceptron import Perceptron\n"
            "import dlcourse.plots, dlcourse.checks, dlcourse.scratch, dlcourse.data\n"
            "heavy = sorted(m for m in ('tensorflow', 'keras') if m in sys.modules)\n"
            "print(heavy)\n")
    result = _python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_each_kind_lives_in_its_module():
    import dlcourse.plots
    from dlcourse import _curves

    assert dlcourse.plots.plot_history is _curves.plot_history
    assert "plot_history" in dlcourse.plots.__all__
    code = ("import dlcourse.callbacks as c, dlcourse.models as m; "
            "print(hasattr(c, 'plot_history'), hasattr(m, 'Perceptron'))")
    result = _python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False"]


def test_data_exports_no_private_names():
    from dlcourse import _sources, data

    for name in data.__all__:
        assert not name.startswith("_")
        assert getattr(_sources, name, None) is not getattr(data, name), name
