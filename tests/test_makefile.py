"""The Makefile's promises, checked with `make -n` (prints commands, runs none): `make test`
changes nothing outside the checkout and .venv, installs are pinned and run only when needed."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="`make` is not installed")


def dry_run(*args: str) -> str:
    return subprocess.run(["make", "-n", "--no-print-directory", *args], cwd=REPO,
                          capture_output=True, text=True, check=True, timeout=60).stdout


@pytest.fixture
def venv(tmp_path):
    """A stand-in .venv: its python exists and both install stamps are newer than the inputs."""
    folder = tmp_path / "venv"
    (folder / "bin").mkdir(parents=True)
    (folder / "bin" / "python").symlink_to(sys.executable)
    for stamp in (".installed", ".installed-dev"):
        (folder / stamp).touch()
    return folder


def test_make_test_does_not_touch_the_system():
    commands = dry_run("test", "VENV=/nonexistent-venv")
    assert "apt-get" not in commands and "install-system-data" not in commands
    assert "sudo" not in commands
    assert "sh scripts/install-system-data.sh" in dry_run("system")


def test_installs_are_pinned_to_the_constraints():
    commands = dry_run("test", "VENV=/nonexistent-venv")
    installs = [line for line in commands.splitlines() if "pip install" in line
                and "--upgrade pip" not in line]
    assert installs and all("-c constraints.txt" in line for line in installs)
    for target in ("lab", "outputs"):
        assert "-c constraints.txt" in dry_run(target, "VENV=/nonexistent-venv")


def test_pip_runs_only_when_requirements_changed(venv):
    assert "pip install" not in dry_run("install-dev", f"VENV={venv}")
    assert "pip install" not in dry_run("install", f"VENV={venv}")
    for changed in ("pyproject.toml", "constraints.txt"):
        commands = dry_run("install-dev", f"VENV={venv}", "-W", changed)  # as if just edited
        assert '-c constraints.txt -e ".[dev]"' in commands
        assert f"touch {venv}/.installed-dev" in commands


def test_test_latest_uses_its_own_venv_and_reports_drift():
    commands = dry_run("test-latest")
    assert "scripts/report_drift.py constraints.txt .venv-latest/freeze.txt" in commands
    assert "--upgrade --upgrade-strategy eager" in commands
    assert ".venv/bin" not in commands


def test_constraints_pin_every_dependency():
    """Every requirement of pyproject.toml (all extras) has an exact pin in constraints.txt."""
    tomllib = pytest.importorskip("tomllib", reason="tomllib is in the standard library from 3.11")
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        requirements += [r for r in extra if not r.startswith("dlcourse")]
    pins = {}
    for line in (REPO / "constraints.txt").read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9._-]+)==(\S+)$", line)
        if match:
            pins[re.sub(r"[-_.]+", "-", match.group(1)).lower()] = match.group(2)
    for requirement in requirements:
        name = re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9._-]+", requirement).group()).lower()
        assert name in pins, f"{name} is not pinned in constraints.txt"
    assert pins["nbval"] == "0.11.0"  # pinned in pyproject.toml too


def test_onednn_is_off_for_tests_and_outputs_only(tmp_path):
    """The recipes of test/unit/nbval/outputs see TF_ENABLE_ONEDNN_OPTS=0; make lab's does not
    (learners train at full CPU speed). A fake venv python prints what it sees."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    python = venv / "bin" / "python"
    python.write_text(
        '#!/bin/sh\necho "ONEDNN=[$TF_ENABLE_ONEDNN_OPTS] LOG=[$TF_CPP_MIN_LOG_LEVEL]"\n')
    python.chmod(0o755)
    for stamp in (".installed", ".installed-dev"):
        (venv / stamp).touch()
    env = {k: v for k, v in os.environ.items()
           if k not in ("TF_ENABLE_ONEDNN_OPTS", "TF_CPP_MIN_LOG_LEVEL", "MAKEFLAGS")}

    def seen(target):
        result = subprocess.run(["make", "-s", "--no-print-directory", target, f"VENV={venv}"],
                                cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
        return [line for line in result.stdout.splitlines() if line.startswith("ONEDNN=")]

    for target in ("unit", "nbval", "outputs"):
        assert seen(target) == ["ONEDNN=[0] LOG=[2]"], target
    assert seen("lab") == ["ONEDNN=[] LOG=[2]"]


def test_system_package_list_is_one_line():
    """Other tools append to the `want=` line of scripts/install-system-data.sh."""
    script = (REPO / "scripts" / "install-system-data.sh").read_text()
    lines = [line for line in script.splitlines() if line.startswith("want=")]
    assert len(lines) == 1 and lines[0].endswith('"')
    assert {"dataset-fashion-mnist", "graphviz"} <= set(lines[0][6:-1].split())
