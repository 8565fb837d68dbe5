"""Train the course's CIFAR-10 networks and write the shipped weights (or an ablation table).

Two recipes (--recipe):

  cnn   (default) `dlcourse.cnn.cnn()` with `dlcourse.cnn.compile_recipe` (`dlcourse.cnn.RECIPE`);
  fast  `dlcourse.fastcnn.fast_cnn()` with `dlcourse.fastrecipe.compile_fast`
        (`dlcourse.fastrecipe.FAST_RECIPE`: patch whitening, Nesterov SGD with a triangular
        schedule, label smoothing, EMA of the weights, alternating flips and translations;
        evaluated without and with test-time augmentation).

Each trains on the full CIFAR-10 training set (50,000 images; a subset is refused unless
--subset is given for a smoke test, which writes only under an explicit --out) for the
recipe's epochs, and writes:

  dlcourse/weights/<name>.weights.h5   the weights (Keras' ``save_weights`` format);
                                       <name> is cifar10_cnn or cifar10_fast_cnn
  dlcourse/weights/<name>.json         manifest: the weights' SHA-256 and size, the recipe,
                                       the data source, the per-epoch training log (loss,
                                       accuracy, test loss/accuracy, wall and CPU seconds)

The test set is only measured after each epoch (nothing is chosen on it: the epochs are fixed,
there is no early stopping); its evaluation time is logged apart from the training time.
(With the fast recipe the per-epoch test accuracy is that of the raw weights; the final one,
after ``fit`` copies the moving average into the model, is the manifest's "test_accuracy".)
CPU seconds are this process's user + system time (``resource.getrusage``), so they count the
work done on every core: on a CPU shared with other jobs they are the fair measure of the budget
(30 minutes of a 2-core CPU = 3,600 CPU seconds), while wall seconds depend on the load.

After every epoch the model (with its optimizer state) and the log are checkpointed outside the
repository (--checkpoint), so an interrupted run continues with --resume (the schedule goes on
where it stopped; only the order of the shuffled batches differs from an uninterrupted run).

--ablation (fast recipe) trains the recipe and variants with one trick removed each
(`ABLATIONS`), the same epochs each, and writes benchmarks/results/cifar10_ablation.md after
every variant: test accuracy without and with test-time augmentation, and the training time.
--variants runs the full recipe and only the variants named (e.g. one a first run left out).

Usage (oneDNN on, full CPU speed; data from --data-dir or DLCOURSE_DATA_DIR, e.g. a cifar10.npz):
  env -u TF_ENABLE_ONEDNN_OPTS python scripts/train_cifar10.py --data-dir /work/cifar10-data \\
      [--recipe fast] [--epochs N] [--width W] [--out DIR] [--force] [--resume] [--ablation]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

from dlcourse._download import sha256_file

STARTED = time.perf_counter()  # the whole run's wall clock: imports, data, training, TTA
ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "dlcourse" / "weights"
NAMES = {"cnn": "cifar10_cnn", "fast": "cifar10_fast_cnn"}
BUILDERS = {"cnn": "dlcourse.cnn.cnn", "fast": "dlcourse.fastcnn.fast_cnn"}
CKPT = Path(tempfile.gettempdir()) / "dlcourse_train_cifar10"
ABLATION_RESULTS = ROOT / "benchmarks" / "results" / "cifar10_ablation.md"
ABLATION_CURVE_IMAGES = 2000  # test images of the ablation's per-epoch curves (all at the end)
# Variants of the fast recipe, one trick removed (or swapped) each. Test-time augmentation
# needs no variant: every run is evaluated at TTA levels 0, 1 and 2.
ABLATIONS = {
    "full recipe": {},
    "no patch whitening (first layer trained)": {"whiten": False},
    "no label smoothing": {"label_smoothing": 0.0},
    "no EMA of the weights": {"ema_momentum": None},
    "random instead of alternating flips": {"flip": "random"},
    "no translation": {"translate": 0},
    "no dirac (identity) initialisation": {"builder": {"dirac": False}},
}
VARIANTS = [k for k in ABLATIONS if k != "full recipe"]  # what --variants may name


def cpu_seconds() -> float:
    """User + system CPU seconds of this process and its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def merged(recipe: dict, change: dict) -> dict:
    """The recipe with ``change`` applied (its "builder" dict merged, not replaced)."""
    out = {**recipe, **change}
    out["builder"] = {**recipe["builder"], **change.get("builder", {})}
    return out


def build(kind: str, recipe: dict, x=None):
    """The recipe's network, uncompiled; the fast one whitened on ``x`` (uint8 images) when
    given and the recipe does not switch whitening off (else its first layer is trainable)."""
    if kind == "cnn":
        from dlcourse import cnn

        return cnn.cnn(**recipe["builder"])
    from dlcourse import fastcnn

    whiten = None
    if x is not None and recipe.get("whiten", True):
        whiten = x[:recipe["whiten_images"]].astype("float32") / 255
    return fastcnn.fast_cnn(whiten=whiten, **recipe["builder"])


def compile_model(kind: str, model, recipe: dict, epochs: int, steps: int,
                  jit_compile: bool = False) -> None:
    from dlcourse import cnn, fastrecipe

    if kind == "cnn":
        cnn.compile_recipe(model, epochs=epochs, steps_per_epoch=steps)
        return
    keys = ("peak_learning_rate", "momentum", "weight_decay", "label_smoothing",
            "ema_momentum", "ema_overwrite_every")
    fastrecipe.compile_fast(model, epochs=epochs, steps_per_epoch=steps,
                            jit_compile=jit_compile, **{k: recipe[k] for k in keys})


def fit_data(kind: str, recipe: dict, x, y, epoch: int) -> dict:
    """The arguments of ``fit`` that hold the training data (scaled to [0, 1])."""
    if kind == "cnn":
        return {"x": x.astype("float32") / 255, "y": y, "batch_size": recipe["batch_size"]}
    from dlcourse import fastrecipe

    return {"x": fastrecipe.FlipTranslate(x, y, batch_size=recipe["batch_size"],
                                          flip=recipe["flip"], translate=recipe["translate"],
                                          seed=0, epoch=epoch)}


def train(model, kind: str, recipe: dict, x, y, xt, yt, state: dict, ckpt: Path | None) -> None:
    """Fit up to state["epochs"], appending each epoch's log to state (and checkpointing)."""
    import keras

    log, totals = state["log"], state["totals"]
    clock = {}

    class Log(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            clock["wall"], clock["cpu"] = time.perf_counter(), cpu_seconds()

        def on_epoch_end(self, epoch, logs=None):
            wall, cpu = time.perf_counter() - clock["wall"], cpu_seconds() - clock["cpu"]
            w0, c0 = time.perf_counter(), cpu_seconds()
            test_loss, test_acc = self.model.evaluate(xt, yt, batch_size=512, verbose=0)
            ew, ec = time.perf_counter() - w0, cpu_seconds() - c0
            for k, v in (("train_wall", wall), ("train_cpu", cpu), ("eval_wall", ew),
                         ("eval_cpu", ec)):
                totals[k] += v
            log.append({"epoch": epoch + 1, "loss": logs["loss"], "accuracy": logs["accuracy"],
                        "test_loss": test_loss, "test_accuracy": test_acc,
                        "wall_seconds": round(wall, 1), "cpu_seconds": round(cpu, 1),
                        "eval_wall_seconds": round(ew, 1), "eval_cpu_seconds": round(ec, 1),
                        "cumulative_train_cpu_seconds": round(totals["train_cpu"], 1)})
            print(json.dumps(log[-1]), flush=True)
            if ckpt is not None:
                self.model.save(ckpt / "model.partial.keras")
                os.replace(ckpt / "model.partial.keras", ckpt / "model.keras")
                (ckpt / "state.json").write_text(json.dumps(state))

    first, w0, c0 = len(log), time.perf_counter(), cpu_seconds()
    model.fit(**fit_data(kind, recipe, x, y, first), initial_epoch=first,
              epochs=state["epochs"], verbose=0, callbacks=[Log()])
    # What fit does outside the epochs (e.g. copying the moving average into the weights at
    # the end) counts as training too.
    for key in ("wall", "cpu"):
        spent = (time.perf_counter() - w0) if key == "wall" else (cpu_seconds() - c0)
        logged = sum(r[f"{key}_seconds"] + r[f"eval_{key}_seconds"] for r in log[first:])
        totals[f"train_{key}"] += max(spent - logged, 0.0)


def final_accuracy(kind: str, model, xt, yt) -> dict:
    """Test accuracy of the final weights: with test-time flips (cnn) or at each TTA level."""
    import numpy as np

    from dlcourse import cnn, fastrecipe

    labels = yt.reshape(-1)
    if kind == "cnn":
        return {"test_accuracy_flip": float(np.mean(np.argmax(cnn.predict_flip(model, xt), 1)
                                                    == labels))}
    out = {}
    for level in (0, 1, 2):
        w0, c0 = time.perf_counter(), cpu_seconds()
        pred = np.argmax(fastrecipe.predict_tta(model, xt, level=level), 1)
        out[f"tta{level}"] = {"accuracy": float(np.mean(pred == labels)),
                              "wall_seconds": round(time.perf_counter() - w0, 1),
                              "cpu_seconds": round(cpu_seconds() - c0, 1)}
    return {"test_accuracy": out["tta0"]["accuracy"], "test_accuracy_flip": out["tta1"]["accuracy"],
            "test_accuracy_tta": out["tta2"]["accuracy"], "tta": out}


def write_shipped(kind: str, model, recipe: dict, state: dict, args, final: dict) -> None:
    """Write the weights (without optimizer state) and the manifest with SHA-256 and log."""
    import keras
    import tensorflow as tf

    name = NAMES[kind]
    weights = args.out / f"{name}.weights.h5"
    args.out.mkdir(parents=True, exist_ok=True)
    partial = args.out / f"{name}.partial.weights.h5"
    shipped = build(kind, recipe)  # uncompiled: no optimizer state in the file
    shipped.set_weights(model.get_weights())
    shipped.save_weights(partial)
    os.replace(partial, weights)
    log, totals = state["log"], state["totals"]
    info = {
        "file": weights.name,
        "sha256": sha256_file(weights),
        "bytes": weights.stat().st_size,
        "builder": BUILDERS[kind],
        "builder_kwargs": {k: list(v) if isinstance(v, tuple) else v
                           for k, v in recipe["builder"].items()},
        "params": model.count_params(),
        "recipe": {k: v for k, v in recipe.items() if k != "builder"} | {"epochs": state["epochs"]},
        "epochs_completed": len(log),
        "complete": len(log) == state["epochs"],
        "data": state["data"],
        "data_source": state["source"],
        "test_accuracy": log[-1]["test_accuracy"],
        "test_accuracy_flip": None,
        **final,
        "train_wall_seconds": round(totals["train_wall"], 1),
        "train_cpu_seconds": round(totals["train_cpu"], 1),
        "eval_wall_seconds": round(totals["eval_wall"], 1),
        "eval_cpu_seconds": round(totals["eval_cpu"], 1),
        "resumed": state.get("resumed", 0),
        "process_wall_seconds": round(time.perf_counter() - STARTED, 1),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPU cores",
        "load_average_at_start": state.get("load_average_at_start"),
        "onednn": os.environ.get("TF_ENABLE_ONEDNN_OPTS", "unset (on)"),
        "versions": {"keras": keras.__version__, "tensorflow": tf.__version__},
        "log": log,
    }
    manifest = args.out / f"{name}.json"
    manifest.write_text(json.dumps(info, indent=1) + "\n")
    extra = info.get("test_accuracy_tta") or info.get("test_accuracy_flip")
    print(f"{len(log)} of {state['epochs']} epochs: test accuracy {info['test_accuracy']:.4f}"
          + (f" (with test-time augmentation {extra:.4f})" if extra is not None else "")
          + f"; training {info['train_cpu_seconds']:.0f} CPU s, {info['train_wall_seconds']:.0f} "
          f"wall s; wrote {weights} and {manifest}", flush=True)


def ablation(recipe: dict, x, y, xt, yt, epochs: int, path: Path, data_label: str,
             variants: list[str] | None = None) -> None:
    """Train the full recipe, then each of ``variants`` (default: every other variant of
    `ABLATIONS`) for ``epochs``; rewrite ``path`` after each."""
    import keras

    import dlcourse
    from dlcourse import fastrecipe

    rows, policy = [], fastrecipe.use_device_policy()
    steps = -(-len(x) // recipe["batch_size"])
    for label in ["full recipe", *(variants or VARIANTS)]:
        change = ABLATIONS[label]
        variant = merged(recipe, change)
        keras.utils.clear_session()  # a fresh graph per variant (no retracing, less memory)
        dlcourse.seed(0)
        model = build("fast", variant, x)
        compile_model("fast", model, variant, epochs, steps, policy["jit_compile"])
        state = {"epochs": epochs, "log": [], "totals": dict.fromkeys(
            ("train_wall", "train_cpu", "eval_wall", "eval_cpu"), 0.0)}
        n = ABLATION_CURVE_IMAGES
        train(model, "fast", variant, x, y, xt[:n], yt[:n], state, None)
        rows.append({"variant": label, "change": change, "params": model.count_params(),
                     "log": state["log"], "totals": state["totals"],
                     **final_accuracy("fast", model, xt, yt)})
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(ablation_table(rows, recipe, epochs, data_label, len(x), len(xt)))
        print(f"{label}: written to {path}", flush=True)


def ablation_table(rows: list, recipe: dict, epochs: int, data_label: str, n: int,
                   n_test: int) -> str:
    full = rows[0]
    lines = [
        "# CIFAR-10: the fast recipe with one trick removed at a time",
        "",
        f"Written by `scripts/train_cifar10.py --recipe fast --ablation` on {platform.machine()} "
        f"with {os.cpu_count()} CPU cores (load average {os.getloadavg()[0]:.1f} when this "
        f"table was written), oneDNN {os.environ.get('TF_ENABLE_ONEDNN_OPTS', 'on (unset)')}. "
        f"Data: {data_label}, {n:,} train / {n_test:,} test. Each variant trains `fast_cnn` "
        f"({json.dumps(recipe['builder'])}) for {epochs} epoch{'s' * (epochs != 1)}, seed 0, "
        "one process, one after the other (one seed each: differences of a few tenths of a "
        "point are within the spread between runs); test accuracy of the final weights (the "
        "moving average where used) without test-time augmentation (TTA 0), with flips "
        "(TTA 1) and with flips and 1-pixel translations (TTA 2, 6 views). Gain: accuracy "
        "of the full recipe minus the variant's (what the trick brings); cost: the full "
        "recipe's training CPU seconds minus the variant's. CPU seconds (user + system, every "
        "core) are the fair measure on a shared CPU.",
        "",
        "| variant | params | TTA 0 | TTA 1 | TTA 2 | gain of the trick (TTA 2) | train wall s "
        "| train CPU s | cost of the trick (CPU s) | TTA 2 eval CPU s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        acc = [r["tta"][f"tta{k}"]["accuracy"] for k in (0, 1, 2)]
        gain = full["tta"]["tta2"]["accuracy"] - acc[2]
        cost = full["totals"]["train_cpu"] - r["totals"]["train_cpu"]
        same = r is full
        lines.append(
            f"| {r['variant']} | {r['params']:,} | "
            + " | ".join(f"{a * 100:.2f} %" for a in acc)
            + f" | {'' if same else f'{gain * 100:+.2f} points'} | {r['totals']['train_wall']:.0f}"
            f" | {r['totals']['train_cpu']:.0f} | {'' if same else f'{cost:+.0f}'} | "
            f"{r['tta']['tta2']['cpu_seconds']:.0f} |")
    lines += ["", f"Test accuracy (raw weights, no TTA, first {ABLATION_CURVE_IMAGES:,} test "
              "images) against cumulative training CPU seconds:", ""]
    for r in rows:
        cum = 0.0
        points = []
        for e in r["log"]:
            cum += e["cpu_seconds"]
            points.append(f"{e['test_accuracy'] * 100:.1f} % @ {cum:.0f}")
        lines.append(f"- {r['variant']}: " + ", ".join(points))
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipe", choices=("cnn", "fast"), default="cnn",
                        help="cnn: dlcourse.cnn.RECIPE (default); fast: "
                        "dlcourse.fastrecipe.FAST_RECIPE")
    parser.add_argument("--epochs", type=int, default=None, help="default: the recipe's")
    parser.add_argument("--filters", type=lambda s: tuple(int(f) for f in s.split(",")),
                        default=None, help="cnn: filters per block, e.g. 24,48,96 (default: "
                        "the recipe's)")
    parser.add_argument("--width", type=int, default=None,
                        help="fast: width of the first block (default: the recipe's)")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="folder with cifar10.npz (default: DLCOURSE_DATA_DIR, then the "
                        "other places dlcourse.data looks)")
    parser.add_argument("--subset", type=int, default=None,
                        help="smoke test: N training images (needs an explicit --out)")
    parser.add_argument("--out", type=Path, default=None, help="folder for the weights "
                        "(default: dlcourse/weights; with --ablation, for the table)")
    parser.add_argument("--force", action="store_true", help="replace existing weights")
    parser.add_argument("--checkpoint", type=Path, default=None,
                        help="folder for the per-epoch checkpoint (model with optimizer state "
                        f"and the log so far); outside the repository (default: {CKPT}, "
                        "with a _fast suffix for the fast recipe)")
    parser.add_argument("--resume", action="store_true",
                        help="continue from the checkpoint (an interrupted run)")
    parser.add_argument("--ship-checkpoint", action="store_true",
                        help="write the weights and manifest of the checkpoint's last epoch "
                        "without training (the manifest says how many epochs were completed)")
    parser.add_argument("--ablation", action="store_true",
                        help="fast recipe: train the variants of ABLATIONS and write "
                        "benchmarks/results/cifar10_ablation.md (no weights)")
    parser.add_argument("--variants", nargs="+", metavar="VARIANT",
                        choices=VARIANTS,
                        help="with --ablation: only these variants (the full recipe always "
                        "runs first, as the baseline of the same run)")
    parser.add_argument("--data-label", default="CIFAR-10 (JPEG copy)",
                        help="how the results name the data (the JPEG copy differs slightly "
                        "from the original CIFAR-10)")
    args = parser.parse_args(argv)
    kind = args.recipe
    if args.ablation and kind != "fast":
        parser.error("--ablation needs --recipe fast")
    if args.variants and not args.ablation:
        parser.error("--variants needs --ablation")
    if args.subset is not None and args.out is None:
        parser.error("--subset (a smoke test) needs --out: the shipped weights are trained "
                     "on the full set")
    args.checkpoint = args.checkpoint or (CKPT if kind == "cnn" else Path(f"{CKPT}_fast"))
    explicit_out = args.out is not None
    args.out = args.out or OUT
    weights = args.out / f"{NAMES[kind]}.weights.h5"
    if weights.exists() and not args.force and not args.ablation:
        sys.exit(f"{weights} exists; pass --force to replace it.")

    import dlcourse  # noqa: F401, I001  (before TensorFlow: quiet logs)
    import keras

    from dlcourse import cnn, data, fastrecipe

    recipe = dict(cnn.RECIPE if kind == "cnn" else fastrecipe.FAST_RECIPE)
    if args.filters:
        recipe = merged(recipe, {"builder": {"filters": args.filters}})
    if args.width:
        recipe = merged(recipe, {"builder": {"width": args.width}})
    ckpt_model = args.checkpoint / "model.keras"
    ckpt_state = args.checkpoint / "state.json"
    if args.ship_checkpoint:  # no test-time augmentation: the log's test accuracy stands
        state = json.loads(ckpt_state.read_text())
        write_shipped(kind, keras.models.load_model(ckpt_model), recipe, state, args, {})
        return 0

    (x, y), (xt, yt) = data.load_cifar10(data_dir=args.data_dir, download=False,
                                          subset=args.subset)
    if len(x) != 50_000 and args.subset is None:
        sys.exit(f"found {len(x):,} training images, not the full 50,000: pass --data-dir (or "
                 "set DLCOURSE_DATA_DIR to) a folder with cifar10.npz (see datasets/README.md).")
    source = Path(str(data.find_source("cifar10", data_dir=args.data_dir)).split(" ")[0]).name
    xt = xt.astype("float32") / 255
    epochs = args.epochs or recipe["epochs"]
    if args.ablation:
        path = args.out / ABLATION_RESULTS.name if explicit_out else ABLATION_RESULTS
        ablation(recipe, x, y, xt, yt, epochs, path, args.data_label, args.variants)
        return 0
    steps = -(-len(x) // recipe["batch_size"])
    policy = fastrecipe.use_device_policy() if kind == "fast" else {"jit_compile": False}

    if args.resume:
        state = json.loads(ckpt_state.read_text())
        state["resumed"] = state.get("resumed", 0) + 1
        model = keras.models.load_model(ckpt_model)
        print(f"resumed after epoch {len(state['log'])} of {state['epochs']}", flush=True)
    else:
        state = {"epochs": epochs, "log": [], "source": source,
                 "load_average_at_start": round(os.getloadavg()[0], 2),
                 "data": f"{args.data_label}: {len(x):,} train / {len(xt):,} test",
                 "totals": {"train_wall": 0.0, "train_cpu": 0.0, "eval_wall": 0.0,
                            "eval_cpu": 0.0}}
        dlcourse.seed(0)
        model = build(kind, recipe, x)
        compile_model(kind, model, recipe, epochs, steps, policy["jit_compile"])
    args.checkpoint.mkdir(parents=True, exist_ok=True)
    train(model, kind, recipe, x, y, xt, yt, state, args.checkpoint)
    write_shipped(kind, model, recipe, state, args, final_accuracy(kind, model, xt, yt))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
