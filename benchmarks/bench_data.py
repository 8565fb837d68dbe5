"""Loader speed: dlcourse.data versus keras.datasets, from warm local copies, in one run.

Usage: python benchmarks/bench_data.py [--repeats N]

For each data set both loaders run alternately N times (after one warm-up each) and the median
wall time is compared as a ratio (dlcourse / keras; > 1 means dlcourse is slower). Only
Fashion-MNIST can be compared offline: its Keras cache is not hash-checked, so Debian's
original files are copied into a temporary KERAS_HOME and both loaders read the same files.
keras.datasets.mnist and .cifar10 verify the canonical SHA-256 of their cache and would
download otherwise; for the local (non-canonical) copies dlcourse's time is compared with a
plain `np.load` of the same file instead, and the table says so.
Writes the Markdown table to benchmarks/results/data.md.
"""

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import numpy as np  # noqa: E402

from dlcourse import data  # noqa: E402

DEBIAN_FASHION = Path("/usr/share/datasets/fashion-mnist")
SHARED = Path(os.environ.get("DLCOURSE_SHARED_DATASETS", "/work/shared/datasets"))
RESULTS = Path(__file__).resolve().parent / "results" / "data.md"


def _npz_floor(path):
    def load():
        with np.load(path, allow_pickle=False) as f:
            return {k: f[k] for k in f.files}
    return load


def _median_pair(a, b, repeats):
    """Median seconds of a() and b(), run alternately after one warm-up each."""
    a(), b()
    ta, tb = [], []
    for _ in range(repeats):
        for fn, times in ((a, ta), (b, tb)):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    return statistics.median(ta), statistics.median(tb)


def run(repeats: int) -> str:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["KERAS_HOME"] = str(Path(tmp) / "keras")
        os.environ.pop("DLCOURSE_DATA_DIR", None)
        data._sources.repo_data_dir = lambda: None  # measure the named source only
        data._sources.SYSTEM_DIRS = {}
        if DEBIAN_FASHION.is_dir():
            import keras

            shutil.copytree(DEBIAN_FASHION, Path(tmp) / "keras" / "datasets" / "fashion-mnist")
            ours, theirs = _median_pair(lambda: data.load_fashion_mnist(verbose=False),
                                        keras.datasets.fashion_mnist.load_data, repeats)
            rows.append(("Fashion-MNIST", "Keras cache (Debian's 4 IDX .gz in a temp KERAS_HOME; "
                         "dlcourse verifies checksums, memoised per file)", ours, "keras.datasets",
                         theirs))
        else:
            rows.append(("Fashion-MNIST", "not measured: Debian's dataset-fashion-mnist is not "
                         "installed", None, "", None))
        for name, fname, loader in (("MNIST", "mnist.npz", data.load_mnist),
                                    ("CIFAR-10", "cifar10-subset.npz", data.load_cifar10)):
            path = SHARED / fname
            if not path.is_file():
                rows.append((name, f"not measured: no local copy at {path}", None, "", None))
                continue
            ours, floor = _median_pair(lambda p=path, f=loader: f(data_dir=p.parent,
                                                                  verbose=False),
                                       _npz_floor(path), repeats)
            rows.append((name, f"{path} (keras.datasets cannot load it offline: it checks the "
                         "canonical SHA-256, which this copy does not have, and would download)",
                         ours, "plain np.load of the same file", floor))
    lines = [
        "# Data loaders: dlcourse.data vs keras.datasets",
        "",
        f"Median of {repeats} alternating runs after one warm-up each; Python "
        f"{platform.python_version()}, {os.cpu_count()} CPU(s), {platform.machine()}. "
        "Ratio = dlcourse / reference (> 1: dlcourse slower).",
        "",
        "| data set | source | dlcourse (s) | reference | reference (s) | ratio |",
        "| --- | --- | ---: | --- | ---: | ---: |",
    ]
    for name, source, ours, ref, theirs in rows:
        if ours is None:
            lines.append(f"| {name} | {source} | - | - | - | - |")
        else:
            lines.append(f"| {name} | {source} | {ours:.3f} | {ref} | {theirs:.3f} | "
                         f"{ours / theirs:.2f} |")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per loader (default 5)")
    args = parser.parse_args(argv)
    if args.repeats < 1:
        parser.error(f"--repeats must be >= 1. Received: --repeats={args.repeats}")
    table = run(args.repeats)
    print(table)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(table)
    print(f"written to {RESULTS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
