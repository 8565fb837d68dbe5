"""Epoch time of LeNet-5 ("modern") on Fashion-MNIST: plain fit vs LivePlot vs livelossplot.

Runs inside a real Jupyter kernel (nbclient, inline matplotlib backend), so both live plots pay
what they pay in a notebook: rendering a PNG and sending it to the front end every epoch.
The three modes train the same model (same seed, same batches) and are interleaved, repeat after
repeat, in rotating order; the script prints medians and ratios measured side by side in this one
run and writes benchmarks/results/callbacks.md.

Modes:
  plain        model.fit(..., verbose=0)
  LivePlot     model.fit(..., verbose=0, callbacks=[dlcourse.callbacks.LivePlot()])
  livelossplot model.fit(..., verbose=0, callbacks=[livelossplot.PlotLossesKeras()])  (the peer)

Usage:
  MPLBACKEND=Agg .venv/bin/python benchmarks/bench_callbacks.py [--epochs 2] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path

import nbclient
import nbformat

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "callbacks.md"
MODES = ("plain", "LivePlot", "livelossplot")

SETUP = r"""
%matplotlib inline
import json, time
import dlcourse, keras, numpy as np
from dlcourse import models
from dlcourse.callbacks import LivePlot
from dlcourse.data import load_fashion_mnist
from livelossplot import PlotLossesKeras

(x_train, y_train), (x_test, y_test) = load_fashion_mnist(download=False, verbose=False)
x_train = np.expand_dims(x_train.astype("float32") / 255, -1)
x_val = np.expand_dims(x_test.astype("float32") / 255, -1)
if SUBSET:
    x_train, y_train = x_train[:SUBSET], y_train[:SUBSET]
    x_val, y_test = x_val[:SUBSET], y_test[:SUBSET]


class CallbackClock(keras.callbacks.Callback):
    # Wraps a callback's on_epoch_end and sums the seconds spent in it.
    def __init__(self, inner):
        super().__init__()
        self.inner, self.seconds = inner, 0.0
        original = inner.on_epoch_end
        def timed(epoch, logs=None):
            t0 = time.perf_counter()
            original(epoch, logs)
            self.seconds += time.perf_counter() - t0
        inner.on_epoch_end = timed


model_for = {}
for mode in MODES:
    dlcourse.seed(0)
    m = models.lenet5("modern")
    m.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    m.fit(x_train[:256], y_train[:256], validation_data=(x_val[:256], y_test[:256]),
          batch_size=BATCH, epochs=1, verbose=0)  # trace the train and test functions once
    model_for[mode] = m


def run(mode):
    callbacks, clock = [], None
    if mode == "LivePlot":
        clock = CallbackClock(LivePlot())
    elif mode == "livelossplot":
        clock = CallbackClock(PlotLossesKeras())
    if clock is not None:
        callbacks = [clock.inner]
    keras.utils.set_random_seed(0)
    t0 = time.perf_counter()
    model_for[mode].fit(x_train, y_train, validation_data=(x_val, y_test), batch_size=BATCH,
                        epochs=EPOCHS, verbose=0, callbacks=callbacks)
    seconds = time.perf_counter() - t0
    return {"mode": mode, "epoch_s": seconds / EPOCHS,
            "callback_s": (clock.seconds / EPOCHS) if clock else 0.0}
"""

RUN = r"""
print("RESULT " + json.dumps(run({mode!r})))
"""


def build_notebook(epochs: int, repeats: int, batch: int, subset: int | None):
    nb = nbformat.v4.new_notebook()
    setup = f"MODES = {MODES!r}\nEPOCHS = {epochs}\nBATCH = {batch}\nSUBSET = {subset!r}\n" + SETUP
    nb.cells.append(nbformat.v4.new_code_cell(setup))
    order = []
    for r in range(repeats):
        rotated = MODES[r % len(MODES):] + MODES[: r % len(MODES)]
        for mode in rotated:
            order.append((r, mode))
            nb.cells.append(nbformat.v4.new_code_cell(RUN.format(mode=mode)))
    return nb, order


def parse(nb) -> list[dict]:
    rows = []
    for cell in nb.cells[1:]:
        for out in cell.outputs:
            text = out.get("text", "")
            for line in text.splitlines():
                if line.startswith("RESULT "):
                    rows.append(json.loads(line[len("RESULT "):]))
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=2, help="epochs per timed fit")
    parser.add_argument("--repeats", type=int, default=3, help="interleaved repeats per mode")
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--subset", type=int, default=None,
                        help="first N train/validation images only (shorter epochs)")
    parser.add_argument("--dry-run", action="store_true", help="do not write the results file")
    args = parser.parse_args(argv)

    nb, _ = build_notebook(args.epochs, args.repeats, args.batch_size, args.subset)
    env_note = {k: os.environ.get(k) for k in ("TF_CPP_MIN_LOG_LEVEL", "TF_ENABLE_ONEDNN_OPTS")}
    t0 = time.perf_counter()
    client = nbclient.NotebookClient(
        nb, timeout=3600, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    )
    client.execute()
    wall = time.perf_counter() - t0
    rows = parse(nb)
    if len(rows) != args.repeats * len(MODES):
        raise RuntimeError(f"expected {args.repeats * len(MODES)} results, got {len(rows)}")

    med = {m: statistics.median(r["epoch_s"] for r in rows if r["mode"] == m) for m in MODES}
    cb = {m: statistics.median(r["callback_s"] for r in rows if r["mode"] == m) for m in MODES}
    plain = med["plain"]
    lines = [
        "# LivePlot overhead: LeNet-5 (modern) on Fashion-MNIST",
        "",
        "Written by `benchmarks/bench_callbacks.py` (run in a real Jupyter kernel through",
        "nbclient,"
        "inline backend). "
        + ("Full Fashion-MNIST (60,000 train, 10,000 validation images)" if args.subset is None
           else f"The first {args.subset:,} Fashion-MNIST training and validation images")
        + ", batch size "
        f"{args.batch_size}, {args.epochs} epochs per fit, {args.repeats} interleaved repeats per "
        "mode in rotating order; medians. Same model, seed and batches in every mode.",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs (shared with other jobs), "
        f"Python {platform.python_version()}; env {env_note}; total wall time {wall:.0f} s.",
        "",
        "| mode | epoch time (s, median) | ratio to plain fit | time in the callback per epoch "
        "(ms, median) | callback time / plain epoch |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for m in MODES:
        lines.append(
            f"| {m} | {med[m]:.2f} | {med[m] / plain:.3f} | {cb[m] * 1000:.0f} | "
            f"{cb[m] / plain * 100:.2f} % |"
        )
    lines += ["", "All runs (seconds per epoch):", "", "| repeat | mode | epoch s | callback ms |",
              "| ---: | --- | ---: | ---: |"]
    for i, r in enumerate(rows):
        lines.append(
            f"| {i // len(MODES) + 1} | {r['mode']} | {r['epoch_s']:.2f} | "
            f"{r['callback_s'] * 1000:.0f} |"
        )
    live_pct = (med["LivePlot"] / plain - 1) * 100
    peer_pct = (med["livelossplot"] / plain - 1) * 100
    live_cb = cb["LivePlot"] / plain * 100
    peer_cb = cb["livelossplot"] / plain * 100
    verdict = (
        f"LivePlot adds {live_pct:+.1f} % to an epoch by wall time "
        f"({live_cb:.2f} % measured inside the callback); "
        f"livelossplot adds {peer_pct:+.1f} % ({peer_cb:.2f} % inside its "
        f"callback). Target (LivePlot <= 3 % and below the peer): "
        f"{'met' if live_cb <= 3 and live_cb < peer_cb else 'NOT met'} by callback time, "
        f"{'met' if live_pct <= 3 and live_pct < peer_pct else 'NOT met'} by wall time "
        "(wall-time differences of a few % are within the noise of a shared machine)."
    )
    lines += ["", verdict, ""]
    print("\n".join(lines))
    if not args.dry_run:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text("\n".join(lines))
        print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
