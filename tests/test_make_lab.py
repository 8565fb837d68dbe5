"""`make lab` serves the course: its server command, started headless on a free loopback port,
lists the learners' exercise copies over Jupyter's contents API, and stops."""

import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="`make` is not installed")


def lab_command(env=None) -> list[str]:
    """The command `make lab` runs, with this test's Python."""
    out = subprocess.run(
        ["make", "-s", "--no-print-directory", "lab-command", f"PY={sys.executable}"],
        cwd=REPO, capture_output=True, text=True, check=True, env=env, timeout=60,
    ).stdout
    return shlex.split(out)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def test_allow_root_only_for_root(tmp_path):
    """JupyterLab refuses root without --allow-root; a normal user never gets the flag."""
    command = lab_command()
    assert ("--allow-root" in command) == (os.geteuid() == 0)
    fake = tmp_path / "bin"
    fake.mkdir()
    for uid in ("0", "1000"):
        (fake / "id").write_text(f"#!/bin/sh\necho {uid}\n")
        (fake / "id").chmod(0o755)
        env = {**os.environ, "PATH": f"{fake}{os.pathsep}{os.environ['PATH']}"}
        assert ("--allow-root" in lab_command(env)) == (uid == "0")


def test_make_lab_serves_the_exercise_copies_first(tmp_path):
    command = lab_command()
    assert "--notebook-dir=notebooks" in command
    assert "--LabApp.default_url=/lab/tree/student" in command
    port, token = free_port(), "dlcourse-test-token"
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),  # nothing in ~/.jupyter
           "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
           "JUPYTER_DATA_DIR": str(tmp_path / "data"), "IPYTHONDIR": str(tmp_path / "ip")}
    server = subprocess.Popen(
        [*command, "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                listing = get(f"{base}/api/contents/student?token={token}")
                break
            except (urllib.error.URLError, ConnectionError):
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(
                        f"JupyterLab did not serve: {server.stderr.read().decode()[-2000:]}"
                    ) from None
                time.sleep(0.5)
        served = sorted(item["name"] for item in listing["content"] if item["type"] == "notebook")
        expected = sorted(p.name for p in (REPO / "notebooks" / "student").glob("*.ipynb"))
        assert served == expected and len(served) >= 1
        top = get(f"{base}/api/contents?token={token}")
        names = {item["name"] for item in top["content"]}
        assert "student" in names  # the solutions are one folder up, beside it
        assert {p.name for p in (REPO / "notebooks").glob("[0-9]*.ipynb")} <= names
        lab = urllib.request.urlopen(f"{base}/?token={token}", timeout=10)
        assert lab.url.startswith(f"{base}/lab/tree/student")  # where the browser lands
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(f"{base}/api/contents", timeout=10)  # no token, no listing
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)
    assert server.returncode is not None
