"""Execute notebooks in place so their stored outputs come from a real run (authors' tool).

Usage:
    .venv/bin/python scripts/execute_notebooks.py notebooks/03_perceptron.ipynb [...]

Runs each notebook top to bottom in a fresh kernel of this Python environment, in a temporary
working directory (the notebooks must not depend on where they run), with the same environment
CI uses: TF_CPP_MIN_LOG_LEVEL=2, TF_ENABLE_ONEDNN_OPTS=0 (except for the notebooks that
`dlcourse.authoring.needs.kernel_env` gives oneDNN back) and, when the course's shared data folder
sits beside the repository and DLCOURSE_DATA_DIR is unset, DLCOURSE_DATA_DIR pointing at it.
Never store outputs made on a GPU or in Colab: they differ from CPU runs.
"""

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from dlcourse.authoring.needs import kernel_env

REPO = Path(__file__).resolve().parent.parent

# TensorFlow's start-up probe for CUDA on a machine without a GPU, and its note that oneDNN is on
# (`port.cc`, in the notebooks whose kernels keep oneDNN: `kernel_env`). Both are written before
# TensorFlow's logging is set up, so no environment variable silences them. They are machine
# noise, not the lesson: drop them from stored outputs.
GPU_PROBE = re.compile(
    r"^(WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR"
    r"|[IWE]\d{4} [\d:. ]+\d+ (cudart_stub|cuda_platform|cuda_executor|cuda_diagnostics|port)"
    r"\.cc:\d+\] .*)$"
)


def drop_gpu_probe(nb: nbformat.NotebookNode) -> int:
    """Remove the start-up probe lines from every stderr output; return how many lines went."""
    dropped = 0
    for cell in nb.cells:
        kept = []
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                lines = output.text.splitlines(keepends=True)
                clean = [line for line in lines if not GPU_PROBE.match(line.rstrip("\n"))]
                dropped += len(lines) - len(clean)
                if not clean:
                    continue
                output.text = "".join(clean)
            kept.append(output)
        if cell.cell_type == "code":
            cell.outputs = _merge_streams(kept)
    return dropped


def _merge_streams(outputs: list) -> list:
    """Join neighbouring outputs of the same stream, as Jupyter shows them."""
    merged = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (previous is not None and output.get("output_type") == "stream"
                and previous.get("output_type") == "stream"
                and previous.get("name") == output.get("name")):
            previous.text += output.text
        else:
            merged.append(output)
    return merged


def execute(path: Path, timeout: int) -> float:
    nb = nbformat.read(path, as_version=4)
    kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["kernelspec"] = kernelspec
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as cwd:
        client = NotebookClient(
            nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": cwd}}
        )
        client.execute(env={**os.environ, **kernel_env(path)})
    drop_gpu_probe(nb)
    nbformat.write(nb, path)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    args = parser.parse_args()
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    if os.environ.get("KERAS_BACKEND", "tensorflow") != "tensorflow":
        parser.error("stored outputs are made on the TensorFlow backend: unset KERAS_BACKEND")
    if "inline" not in os.environ.get("MPLBACKEND", "inline"):  # e.g. Agg: no figures stored
        del os.environ["MPLBACKEND"]
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
