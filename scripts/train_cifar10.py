"""Train the course's CIFAR-10 network (`dlcourse.cnn.RECIPE`) and write the shipped weights.

Trains `dlcourse.cnn.cnn()` with `dlcourse.cnn.compile_recipe` on the full CIFAR-10 training set
(50,000 images; a subset is refused) for the recipe's epochs, and writes:

  dlcourse/weights/cifar10_cnn.weights.h5   the weights (Keras' ``save_weights`` format)
  dlcourse/weights/cifar10_cnn.json         manifest: the weights' SHA-256 and size, the recipe,
                                            the data source, the per-epoch training log (loss,
                                            accuracy, test loss/accuracy, wall and CPU seconds)

The test set is only measured after each epoch (nothing is chosen on it: the epochs are fixed,
there is no early stopping); its evaluation time is logged apart from the training time.
CPU seconds are this process's user + system time (``resource.getrusage``), so they count the
work done on every core: on a CPU shared with other jobs they are the fair measure of the budget
(30 minutes of a 2-core CPU = 3,600 CPU seconds), while wall seconds depend on the load.

After every epoch the model (with its optimizer state) and the log are checkpointed outside the
repository (--checkpoint), so an interrupted run continues with --resume (the schedule goes on
where it stopped; only the order of the shuffled batches differs from an uninterrupted run).

Usage (oneDNN on, full CPU speed; data from DLCOURSE_DATA_DIR, e.g. a cifar10.npz):
  env -u TF_ENABLE_ONEDNN_OPTS DLCOURSE_DATA_DIR=/work/data \\
      python scripts/train_cifar10.py [--epochs N] [--out DIR] [--force] [--resume]
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

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "dlcourse" / "weights"
NAME = "cifar10_cnn"
CKPT = Path(tempfile.gettempdir()) / "dlcourse_train_cifar10"


def cpu_seconds() -> float:
    """User + system CPU seconds of this process and its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def write_shipped(model, recipe: dict, state: dict, args, flip_acc: float | None) -> None:
    """Write the weights (without optimizer state) and the manifest with SHA-256 and log."""
    import keras
    import tensorflow as tf

    from dlcourse import cnn

    weights = args.out / f"{NAME}.weights.h5"
    args.out.mkdir(parents=True, exist_ok=True)
    partial = args.out / f"{NAME}.partial.weights.h5"
    shipped = cnn.cnn(**recipe["builder"])  # uncompiled: no optimizer state in the file
    shipped.set_weights(model.get_weights())
    shipped.save_weights(partial)
    os.replace(partial, weights)
    log, totals = state["log"], state["totals"]
    info = {
        "file": weights.name,
        "sha256": sha256_file(weights),
        "bytes": weights.stat().st_size,
        "builder": "dlcourse.cnn.cnn",
        "builder_kwargs": {k: list(v) if isinstance(v, tuple) else v
                           for k, v in recipe["builder"].items()},
        "params": model.count_params(),
        "recipe": {k: v for k, v in recipe.items() if k != "builder"} | {"epochs": state["epochs"]},
        "epochs_completed": len(log),
        "complete": len(log) == state["epochs"],
        "data": state["data"],
        "data_source": state["source"],
        "test_accuracy": log[-1]["test_accuracy"],
        "test_accuracy_flip": flip_acc,
        "train_wall_seconds": round(totals["train_wall"], 1),
        "train_cpu_seconds": round(totals["train_cpu"], 1),
        "eval_wall_seconds": round(totals["eval_wall"], 1),
        "eval_cpu_seconds": round(totals["eval_cpu"], 1),
        "resumed": state.get("resumed", 0),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPU cores shared with other jobs",
        "onednn": os.environ.get("TF_ENABLE_ONEDNN_OPTS", "unset (on)"),
        "versions": {"keras": keras.__version__, "tensorflow": tf.__version__},
        "log": log,
    }
    manifest = args.out / f"{NAME}.json"
    manifest.write_text(json.dumps(info, indent=1) + "\n")
    print(f"{len(log)} of {state['epochs']} epochs: test accuracy {info['test_accuracy']:.4f}"
          + (f" (with flip {flip_acc:.4f})" if flip_acc is not None else "")
          + f"; training {info['train_cpu_seconds']:.0f} CPU s, {info['train_wall_seconds']:.0f} "
          f"wall s; wrote {weights} and {manifest}", flush=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=None, help="default: the recipe's")
    parser.add_argument("--filters", type=lambda s: tuple(int(f) for f in s.split(",")),
                        default=None, help="filters per block, e.g. 24,48,96 (default: the "
                        "recipe's)")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the weights")
    parser.add_argument("--force", action="store_true", help="replace existing weights")
    parser.add_argument("--checkpoint", type=Path, default=CKPT,
                        help="folder for the per-epoch checkpoint (model with optimizer state "
                        "and the log so far); outside the repository")
    parser.add_argument("--resume", action="store_true",
                        help="continue from the checkpoint (an interrupted run)")
    parser.add_argument("--ship-checkpoint", action="store_true",
                        help="write the weights and manifest of the checkpoint's last epoch "
                        "without training (the manifest says how many epochs were completed)")
    parser.add_argument("--data-label", default="CIFAR-10 (JPEG copy)",
                        help="how the results name the data (the JPEG copy differs slightly "
                        "from the original CIFAR-10)")
    args = parser.parse_args(argv)
    weights = args.out / f"{NAME}.weights.h5"
    if weights.exists() and not args.force:
        sys.exit(f"{weights} exists; pass --force to replace it.")

    import dlcourse  # noqa: F401, I001  (before TensorFlow: quiet logs)
    import keras
    import numpy as np

    from dlcourse import cnn, data

    recipe = dict(cnn.RECIPE)
    if args.filters:
        recipe["builder"] = recipe["builder"] | {"filters": args.filters}
    ckpt_model = args.checkpoint / "model.keras"
    ckpt_state = args.checkpoint / "state.json"
    if args.ship_checkpoint:  # no test-time-flip accuracy: the log's test accuracy stands
        state = json.loads(ckpt_state.read_text())
        write_shipped(keras.models.load_model(ckpt_model), recipe, state, args, None)
        return 0

    (x, y), (xt, yt) = data.load_cifar10(download=False)
    if len(x) != 50_000:
        sys.exit(f"found {len(x):,} training images, not the full 50,000: point "
                 "DLCOURSE_DATA_DIR at a folder with cifar10.npz (see datasets/README.md).")
    source = Path(str(data.find_source("cifar10")).split(" ")[0]).name
    x, xt = x.astype("float32") / 255, xt.astype("float32") / 255
    batch = recipe["batch_size"]
    steps = -(-len(x) // batch)

    if args.resume:
        state = json.loads(ckpt_state.read_text())
        state["resumed"] = state.get("resumed", 0) + 1
        model = keras.models.load_model(ckpt_model)
        print(f"resumed after epoch {len(state['log'])} of {state['epochs']}", flush=True)
    else:
        epochs = args.epochs or recipe["epochs"]
        state = {"epochs": epochs, "log": [], "source": source,
                 "data": f"{args.data_label}: {len(x):,} train / {len(xt):,} test",
                 "totals": {"train_wall": 0.0, "train_cpu": 0.0, "eval_wall": 0.0,
                            "eval_cpu": 0.0}}
        dlcourse.seed(0)
        model = cnn.cnn(**recipe["builder"])
        cnn.compile_recipe(model, epochs=epochs, steps_per_epoch=steps)
    log, totals = state["log"], state["totals"]
    clock = {"wall": time.perf_counter(), "cpu": cpu_seconds()}
    args.checkpoint.mkdir(parents=True, exist_ok=True)

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
            self.model.save(args.checkpoint / "model.partial.keras")
            os.replace(args.checkpoint / "model.partial.keras", ckpt_model)
            ckpt_state.write_text(json.dumps(state))

    model.fit(x, y, initial_epoch=len(log), epochs=state["epochs"], batch_size=batch, verbose=0,
              callbacks=[Log()])
    flip_acc = float(np.mean(np.argmax(cnn.predict_flip(model, xt), 1) == yt.reshape(-1)))
    write_shipped(model, recipe, state, args, flip_acc)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
