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
  cnn(convs_per_block=1, dropout=0.25, augment=False) (the earlier defaults of cnn)
                    on the CIFAR-10 data found (the 10k/2k subset of DLCOURSE_DATA_DIR here)

The LeNet-5 "modern" recipe above was chosen after earlier runs missed the Fashion-MNIST
target (still reproducible with --only, results kept in benchmarks/results/): plain Adam
1e-3 at batch 32 (89.28 %), then lenet5("modern", dropout=0.25), batch 32, written to
benchmarks/results/models_tuning.md by ``--only lenet5_modern_dropout/Fashion-MNIST
--results benchmarks/results/models_tuning.md``;
then lenet5("modern") with Adam's learning rate decaying from 1e-3 to 0 over the 10 epochs
(cosine), batch 64, one process per data set: ``--only lenet5_modern_cosine/MNIST --results
benchmarks/results/models_cosine_MNIST.md`` (and the same for Fashion-MNIST).

With --cifar10, instead: the course's CIFAR-10 network (`dlcourse.models.cnn()`, the recipe of
`dlcourse.cnn.RECIPE`) side by side with the earlier defaults of `models.cnn` (one convolution per
block, dropout 0.25, no augmentation; Adam 1e-3, batch 64) on the full CIFAR-10, test accuracy
against epochs, wall seconds and CPU seconds; the recipe's numbers are read from the training log
of the shipped weights (`scripts/train_cifar10.py`), the earlier defaults are trained here for
--old-epochs epochs; once the fast network's weights ship (`scripts/train_cifar10.py --recipe
fast`), its row and accuracy-against-time curve are read from their manifest too, and the table
points to its ablation (benchmarks/results/cifar10_ablation.md, written by that script's
--ablation). Then the epoch time with oneDNN on and off, measured side by side in one run:
child processes alternate (on, off, on, off), each training `models.cnn()` for 3 epochs on 6,000
images (oneDNN is chosen when TensorFlow is imported, hence the processes). Writes
benchmarks/results/cifar10.md. Run it with TF_ENABLE_ONEDNN_OPTS unset (full CPU speed).

MNIST and CIFAR-10 come from DLCOURSE_DATA_DIR when set (dlcourse.data's search order); the
table names the source actually used. Writes benchmarks/results/models.md.

Usage:
  MPLBACKEND=Agg DLCOURSE_DATA_DIR=/work/shared/datasets \
      .venv/bin/python benchmarks/bench_models.py [--epochs 10] [--only NAME ...] [--subset N]
  env -u TF_ENABLE_ONEDNN_OPTS DLCOURSE_DATA_DIR=/folder/with/cifar10.npz \
      .venv/bin/python benchmarks/bench_models.py --cifar10 [--old-epochs 20]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

import dlcourse  # noqa: F401  (quiet TensorFlow logs: imported before TensorFlow)

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "models.md"
CIFAR_RESULTS = ROOT / "benchmarks" / "results" / "cifar10.md"
CIFAR_CURVES = ROOT / "benchmarks" / "results" / "cifar10_curves.png"
CIFAR_ABLATION = ROOT / "benchmarks" / "results" / "cifar10_ablation.md"
CIFAR_MEASURED = ROOT / "benchmarks" / "results" / "cifar10_bench.json"
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
        return models.cnn(input_shape=input_shape, convs_per_block=1, dropout=0.25, augment=False)
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
    "cnn": "earlier defaults (convs_per_block=1, dropout=0.25, no augmentation); Adam 1e-3",
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


# ----------------------------------------------------------------------------------- --cifar10
def cpu_seconds() -> float:
    """User + system CPU seconds of this process (all its threads)."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def timed_fit(model, x, y, epochs: int, batch_size: int, xt=None, yt=None) -> list[dict]:
    """Train, and per epoch record wall and CPU seconds (and test accuracy when xt is given)."""
    import keras

    rows, clock = [], {}

    class Clock(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            clock["wall"], clock["cpu"] = time.perf_counter(), cpu_seconds()

        def on_epoch_end(self, epoch, logs=None):
            row = {"wall": time.perf_counter() - clock["wall"], "cpu": cpu_seconds() - clock["cpu"]}
            if xt is not None:
                row["test_accuracy"] = self.model.evaluate(xt, yt, batch_size=512, verbose=0)[1]
            rows.append(row)
            print(f"  epoch {epoch + 1}: {json.dumps(row)}", flush=True)

    model.fit(x, y, epochs=epochs, batch_size=batch_size, verbose=0, callbacks=[Clock()])
    return rows


def onednn_child(n: int, epochs: int) -> int:
    """In a child process: time `models.cnn()` on n CIFAR-10 images; print one JSON line."""
    import keras

    from dlcourse import cnn, models

    (x, y), _, _ = load("CIFAR-10", n)
    dlcourse.seed(0)
    model = models.cnn()
    cnn.compile_recipe(model, epochs=epochs, steps_per_epoch=-(-len(x) // 128))
    rows = timed_fit(model, x, y, epochs, 128)
    flag = os.environ.get("TF_ENABLE_ONEDNN_OPTS", "unset")
    print("RESULT " + json.dumps({"onednn": flag, "keras": keras.__version__, "rows": rows}))
    return 0


def onednn_ratio(n: int = 3000, epochs: int = 3, rounds: int = 2) -> dict:
    """Alternate child processes with oneDNN on and off; per-epoch times after the first."""
    times = {"on": [], "off": []}
    for _ in range(rounds):
        for mode in ("on", "off"):
            env = dict(os.environ)
            env.pop("TF_ENABLE_ONEDNN_OPTS", None)
            if mode == "off":
                env["TF_ENABLE_ONEDNN_OPTS"] = "0"
            out = subprocess.run([sys.executable, __file__, "--onednn-child", str(n), str(epochs)],
                                 env=env, capture_output=True, text=True, check=True).stdout
            rows = json.loads(out.split("RESULT ", 1)[1])["rows"]
            times[mode] += rows[1:]  # the first epoch builds the graph
            print(f"oneDNN {mode}: " + ", ".join(f"{r['wall']:.1f} s" for r in rows), flush=True)
    med = {m: {k: statistics.median(r[k] for r in rows) for k in ("wall", "cpu")}
           for m, rows in times.items()}
    return {"n": n, "epochs": epochs, "rounds": rounds, "median": med, "samples": times}


def cifar10_side_by_side(old_epochs: int) -> int:
    from dlcourse import models, pretrained

    load_avg = os.getloadavg()[0]
    shipped = pretrained.manifest("cifar10_cnn")
    (x, y), (xt, yt), source = load("CIFAR-10", None)
    if len(x) != 50_000:
        sys.exit(f"--cifar10 needs the full CIFAR-10, found {len(x):,} training images.")
    import keras

    print(f"earlier defaults of models.cnn, {old_epochs} epochs on the full set:", flush=True)
    dlcourse.seed(0)
    old = models.cnn(convs_per_block=1, dropout=0.25, augment=False)
    old.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy",
                metrics=["accuracy"])
    old_rows = timed_fit(old, x, y, old_epochs, 64, xt, yt)
    print("the recipe, one epoch on the full set (its seconds per epoch in this run):",
          flush=True)
    from dlcourse import cnn

    dlcourse.seed(0)
    recipe = models.cnn()
    batch = shipped["recipe"]["batch_size"]
    cnn.compile_recipe(recipe, epochs=shipped["recipe"]["epochs"],
                       steps_per_epoch=-(-len(x) // batch))
    recipe_epoch = timed_fit(recipe, x, y, 1, batch)[0]
    fast = fast_manifest()
    if fast is not None:
        recipe_epoch["fast"] = fast_epoch(fast, x, y)
    ratio = onednn_ratio()
    measured = {"old_params": old.count_params(), "old_rows": old_rows,
                "recipe_epoch": recipe_epoch, "ratio": ratio, "source": source,
                "load_avg": load_avg}
    CIFAR_MEASURED.write_text(json.dumps(measured, indent=1) + "\n")
    return cifar10_render()


def cifar10_render() -> int:
    """Write cifar10.md and the curves from this bench's measurements (cifar10_bench.json),
    the shipped manifests and the ablation table (which its own script writes)."""
    from dlcourse import pretrained

    m = json.loads(CIFAR_MEASURED.read_text())
    shipped, fast = pretrained.manifest("cifar10_cnn"), fast_manifest()
    text = cifar10_table(shipped, m["old_params"], m["old_rows"], m["recipe_epoch"], m["ratio"],
                         m["source"], m["load_avg"], fast=fast)
    if m.get("note"):  # what the run shared the machine with, written down after it
        head, rest = text.split("\n\n", 1)
        text = f"{head}\n\n{m['note']}\n\n{rest}"
    CIFAR_RESULTS.write_text(text)
    curves_figure(shipped, m["old_rows"], fast)
    print(text)
    print(f"written to {CIFAR_RESULTS}")
    return 0


def fast_epoch(fast: dict, x, y) -> dict:
    """One epoch of the shipped fast recipe on the full set, timed in this run."""
    import keras

    from dlcourse import fastcnn, fastrecipe

    print("the fast recipe, one epoch on the full set:", flush=True)
    keras.utils.clear_session()
    dlcourse.seed(0)
    recipe = fast["recipe"]
    model = fastcnn.fast_cnn(whiten=x[:recipe["whiten_images"]], **fast["builder_kwargs"])
    batches = fastrecipe.FlipTranslate(x, y, batch_size=recipe["batch_size"], scale=1.0)
    fastrecipe.compile_fast(model, epochs=recipe["epochs"], steps_per_epoch=len(batches))
    w0, c0 = time.perf_counter(), cpu_seconds()
    model.fit(batches, epochs=1, verbose=0)
    row = {"wall": time.perf_counter() - w0, "cpu": cpu_seconds() - c0}
    print(f"  {json.dumps(row)}", flush=True)
    return row


def curves_figure(shipped: dict, old_rows: list, fast: dict | None) -> None:
    """benchmarks/results/cifar10_curves.png: test accuracy against training CPU minutes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.2))
    runs = [("VGG-style cnn(): AdamW, warm-up + cosine (shipped)",
             [r["cpu_seconds"] for r in shipped["log"]],
             [r["test_accuracy"] for r in shipped["log"]]),
            ("earlier defaults: Adam 1e-3 (this run)", [r["cpu"] for r in old_rows],
             [r["test_accuracy"] for r in old_rows])]
    if fast is not None:
        runs.append(("fast_cnn(): the fast recipe (shipped)",
                     [r["cpu_seconds"] for r in fast["log"]],
                     [r["test_accuracy"] for r in fast["log"]]))
    for label, cpu, acc in runs:
        ax.plot(np.cumsum(cpu) / 60, acc, "o-", label=label)
    if fast is not None:
        ax.plot(fast["train_cpu_seconds"] / 60, fast["test_accuracy_tta"], "*", ms=13,
                color="C2", label="fast: moving average + TTA (final)")
    ax.axvline(60, color="gray", ls=":", lw=1)  # 3,600 CPU-s: 30 minutes of 2 cores
    ax.set(xlabel="training time (CPU-minutes; the dotted line: 30 minutes of 2 cores)",
           ylabel="test accuracy (10,000 images)", title="CIFAR-10 (JPEG copy)")
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(CIFAR_CURVES, dpi=100)
    plt.close(fig)
    print(f"written to {CIFAR_CURVES}")


def fast_manifest() -> dict | None:
    """The manifest of the fast network's shipped weights, or None before they exist."""
    from dlcourse import pretrained

    try:
        return pretrained.manifest("cifar10_fast_cnn")
    except pretrained.WeightsError:
        return None


def fast_summary(fast: dict | None) -> list:
    """One line on the shipped fast run against the issue's target (>= 85 % in 30 minutes)."""
    if fast is None:
        return []
    wall, acc = fast["train_wall_seconds"], fast["test_accuracy"]
    return [
        f"Fast recipe: {'complete' if fast['complete'] else 'INCOMPLETE'} after "
        f"{fast['epochs_completed']} of {fast['recipe']['epochs']} epochs on "
        f"{fast['machine']} (load average {fast.get('load_average_at_start')} at the start); "
        f"test accuracy {acc * 100:.2f} % with the final weights, "
        f"{fast['test_accuracy_flip'] * 100:.2f} % with flips, "
        f"{fast['test_accuracy_tta'] * 100:.2f} % with TTA; {wall:,.0f} s of training wall "
        f"time ({'within' if wall <= 1800 else 'OVER'} the 1,800 s budget), "
        f"{fast['train_cpu_seconds']:,.0f} CPU s. Target >= 85 % (aim 90 %): "
        f"{'aim met' if acc >= 0.90 else 'met' if acc >= 0.85 else 'NOT met'}.",
    ]


def ablation_section() -> list:
    """The ablation tables of `cifar10_ablation.md` (runs of their own), as a section."""
    if not CIFAR_ABLATION.is_file():
        return ["Each trick of the fast recipe, its gain and its cost: not measured yet "
                "(`scripts/train_cifar10.py --recipe fast --ablation`)."]
    body = CIFAR_ABLATION.read_text().split("\n", 1)[1].strip()
    return ["## Each trick of the fast recipe: gain and cost (copied from "
            "`cifar10_ablation.md`)", "", body, ""]


def fast_lines(fast: dict | None) -> tuple[list, list]:
    """The fast recipe's table row and accuracy-against-time line (empty before training)."""
    if fast is None:
        return [], ["- fast recipe (`fastcnn.fast_cnn()`): not trained yet "
                    "(`scripts/train_cifar10.py --recipe fast`)"]
    log = fast["log"]
    wall = np.cumsum([r["wall_seconds"] for r in log])
    cpu = np.cumsum([r["cpu_seconds"] for r in log])
    accs = [r["test_accuracy"] for r in log]
    width = fast["builder_kwargs"]["width"]
    row = (f"| `fastcnn.fast_cnn(width={width})` (airbench-style, shipped weights) | "
           "Nesterov SGD, triangle, label smoothing, EMA, alternating flip + translate, "
           f"batch {fast['recipe']['batch_size']}; TTA: "
           f"{fast['test_accuracy_tta'] * 100:.2f} % | {fast['params']:,} | {len(log)} of "
           f"{fast['recipe']['epochs']} | {fast['test_accuracy'] * 100:.2f} % (EMA) | "
           f"{max(accs) * 100:.2f} % ({int(np.argmax(accs)) + 1}) | "
           f"{fast['train_wall_seconds']:.0f} | {fast['train_cpu_seconds']:.0f} | "
           f"{wall[-1] / len(log):.0f} | {cpu[-1] / len(log):.0f} |")
    curve = ("- fast recipe (per epoch: raw weights, no TTA): "
             + ", ".join(f"{a * 100:.1f} % @ {w:.0f} / {c:.0f}"
                         for a, w, c in zip(accs, wall, cpu, strict=True)))
    return [row], [curve]


def cifar10_table(shipped: dict, old_params: int, old_rows: list, recipe_epoch: dict,
                  ratio: dict, source: str, load_avg: float, fast: dict | None = None) -> str:
    log = shipped["log"]
    rec_wall = np.cumsum([r["wall_seconds"] for r in log])
    rec_cpu = np.cumsum([r["cpu_seconds"] for r in log])
    old_wall = np.cumsum([r["wall"] for r in old_rows])
    old_cpu = np.cumsum([r["cpu"] for r in old_rows])
    complete = shipped.get("complete", True)
    lines = [
        "# CIFAR-10: the course's networks and recipes against the earlier defaults",
        "",
        f"Written by `benchmarks/bench_models.py --cifar10` on {platform.machine()} with "
        f"{os.cpu_count()} CPU cores (load average {load_avg:.1f} when this run started), "
        "oneDNN on (TF_ENABLE_ONEDNN_OPTS unset) unless said otherwise. Data: "
        f"{shipped['data']} ({source.split(' from ')[0]}). The recipe's row is the training log "
        "of the shipped weights (`dlcourse/weights/cifar10_cnn.json`, written by "
        f"`scripts/train_cifar10.py`; machine: {shipped.get('machine', '?')}); the earlier "
        "defaults and one epoch of each shipped recipe are trained in this run. Wall seconds "
        "depend on the load; CPU seconds (user + system time of the process, every core "
        "counted) are the fair measure on a shared CPU: 30 minutes of this 2-core CPU are "
        "2 x 1,800 = 3,600 CPU seconds. Test accuracy is measured after every epoch and never "
        "used for a choice (fixed epochs).",
        "",
        "| network | recipe | params | epochs | test accuracy (last) | best (epoch) | "
        "train wall s | train CPU s | wall s / epoch | CPU s / epoch |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    accs = [r["test_accuracy"] for r in log]
    lines.append(
        f"| `models.cnn()` (VGG-style, shipped weights) | AdamW, warm-up + cosine, label "
        f"smoothing 0.1, flip + shift, batch {shipped['recipe']['batch_size']} | "
        f"{shipped['params']:,} | {len(log)} of {shipped['recipe']['epochs']} | "
        f"{accs[-1] * 100:.2f} % | {max(accs) * 100:.2f} % ({int(np.argmax(accs)) + 1}) | "
        f"{rec_wall[-1]:.0f} | {rec_cpu[-1]:.0f} | {rec_wall[-1] / len(log):.0f} | "
        f"{rec_cpu[-1] / len(log):.0f} |")
    oaccs = [r["test_accuracy"] for r in old_rows]
    lines.append(
        f"| `models.cnn(convs_per_block=1, dropout=0.25, augment=False)` (earlier defaults) | "
        f"Adam 1e-3, batch 64 | {old_params:,} | {len(old_rows)} | {oaccs[-1] * 100:.2f} % | "
        f"{max(oaccs) * 100:.2f} % ({int(np.argmax(oaccs)) + 1}) | {old_wall[-1]:.0f} | "
        f"{old_cpu[-1]:.0f} | {old_wall[-1] / len(old_rows):.0f} | "
        f"{old_cpu[-1] / len(old_rows):.0f} |")
    fast_row, fast_curve = fast_lines(fast)
    lines += fast_row
    flip = shipped.get("test_accuracy_flip")
    lines += [
        "",
        f"Recipe: {'complete' if complete else 'INCOMPLETE: the run stopped'} after "
        f"{len(log)} of {shipped['recipe']['epochs']} epochs; test accuracy "
        f"{accs[-1] * 100:.2f} %" + (f", {flip * 100:.2f} % with test-time flip" if flip else "")
        + f"; {rec_cpu[-1]:,.0f} CPU seconds of training "
        f"({'within' if rec_cpu[-1] <= 3600 else 'OVER'} the 3,600 CPU-second budget); "
        f"evaluation after each epoch took another {shipped['eval_cpu_seconds']:,.0f} CPU s. "
        f"Target >= 85 % (floor 80 %): "
        f"{'met' if accs[-1] >= 0.85 else 'floor met' if accs[-1] >= 0.80 else 'NOT met'}.",
        f"Seconds per epoch side by side in this run: the recipe {recipe_epoch['wall']:.0f} s "
        f"wall / {recipe_epoch['cpu']:.0f} CPU s (one epoch of the shipped recipe, batch "
        f"{shipped['recipe']['batch_size']}), the earlier defaults "
        f"{statistics.median(r['wall'] for r in old_rows):.0f} s wall / "
        f"{statistics.median(r['cpu'] for r in old_rows):.0f} CPU s (median of "
        f"{len(old_rows)} epochs, batch 64)"
        + (f", the fast recipe {recipe_epoch['fast']['wall']:.0f} s wall / "
           f"{recipe_epoch['fast']['cpu']:.0f} CPU s (one epoch, batch "
           f"{fast['recipe']['batch_size']})." if "fast" in recipe_epoch else "."),
        (f"The earlier defaults' run is shortened to {len(old_rows)} epochs; the issue "
         if len(old_rows) < 20 else "For the earlier defaults, an earlier issue ")
        + "measured 57.7 % after 20 epochs with augmentation and cosine decay.",
        *fast_summary(fast),
        "",
        "Test accuracy against cumulative training time (wall s / CPU s); the same as a "
        "figure, against CPU time: `cifar10_curves.png`.",
        "",
        "- recipe: " + ", ".join(f"{a * 100:.1f} % @ {w:.0f} / {c:.0f}"
                                 for a, w, c in zip(accs, rec_wall, rec_cpu, strict=True)),
        "- earlier defaults: " + ", ".join(f"{a * 100:.1f} % @ {w:.0f} / {c:.0f}"
                                           for a, w, c in zip(oaccs, old_wall, old_cpu,
                                                              strict=True)),
        *fast_curve,
        "",
        *ablation_section(),
        "",
        "## oneDNN on and off, side by side",
        "",
        f"`models.cnn()` with the recipe, {ratio['n']:,} CIFAR-10 images, batch 128, "
        f"{ratio['epochs']} epochs per process, {ratio['rounds']} processes per setting run "
        "alternately; medians of the epochs after the first (which builds the graph):",
        "",
        "| oneDNN | wall s / epoch | CPU s / epoch |",
        "| --- | ---: | ---: |",
    ]
    for mode in ("on", "off"):
        m = ratio["median"][mode]
        lines.append(f"| {mode} | {m['wall']:.1f} | {m['cpu']:.1f} |")
    on, off = ratio["median"]["on"], ratio["median"]["off"]
    lines += [
        "",
        f"oneDNN off / on: {off['wall'] / on['wall']:.2f}x the wall time, "
        f"{off['cpu'] / on['cpu']:.2f}x the CPU time per epoch. `import dlcourse` leaves oneDNN "
        "on; the Makefile and scripts/execute_notebooks.py switch it off for repeatable stored "
        "outputs.",
    ]
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
    parser.add_argument("--cifar10-render", action="store_true",
                        help="rewrite cifar10.md and the curves from the last --cifar10 run's "
                        "measurements (e.g. after the ablation table was redone)")
    parser.add_argument("--cifar10", action="store_true",
                        help="the CIFAR-10 side by side and the oneDNN ratio (see above)")
    parser.add_argument("--old-epochs", type=int, default=20,
                        help="epochs of the earlier defaults with --cifar10")
    parser.add_argument("--onednn-child", nargs=2, type=int, metavar=("N", "EPOCHS"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.onednn_child:
        return onednn_child(*args.onednn_child)
    if args.cifar10:
        return cifar10_side_by_side(args.old_epochs)
    if args.cifar10_render:
        return cifar10_render()
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
