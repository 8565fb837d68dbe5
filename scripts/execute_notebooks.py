"""Execute notebooks in place so their stored outputs come from a real run (authors' tool).

Usage:
    .venv/bin/python scripts/execute_notebooks.py notebooks/03_perceptron.ipynb [...]

Runs each notebook top to bottom in a fresh kernel of this Python environment, in a temporary
working directory (the notebooks must not depend on where they run), with the same environment
CI uses: TF_CPP_MIN_LOG_LEVEL=2, TF_ENABLE_ONEDNN_OPTS=0 and, when the course's shared data folder
sits beside the repository and DLCOURSE_DATA_DIR is unset, DLCOURSE_DATA_DIR pointing at it.
Never store outputs made on a GPU or in Colab: they differ from CPU runs.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from dlcourse.authoring.student import RAISES_TAG, tag_expected_errors

REPO = Path(__file__).resolve().parent.parent


def execute(path: Path, timeout: int) -> float:
    nb = nbformat.read(path, as_version=4)
    kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["kernelspec"] = kernelspec
    expected_errors = tag_expected_errors(nb)  # cells marked `# NBVAL_RAISES_EXCEPTION`
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as cwd:
        client = NotebookClient(
            nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": cwd}}
        )
        client.execute()
    for cell in expected_errors:
        cell.metadata["tags"].remove(RAISES_TAG)
        if not cell.metadata["tags"]:
            del cell.metadata["tags"]
    nbformat.write(nb, path)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    args = parser.parse_args()
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    shared = REPO.parent / "shared" / "datasets"
    if "DLCOURSE_DATA_DIR" not in os.environ and shared.is_dir():
        os.environ["DLCOURSE_DATA_DIR"] = str(shared)
    print(f"DLCOURSE_DATA_DIR={os.environ.get('DLCOURSE_DATA_DIR', '(unset)')}")
    for path in args.notebooks:
        seconds = execute(path, args.timeout)
        print(f"{path}: executed in {seconds:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
