"""Exercise checks of notebook 01 (setup, devices and the GPU)."""

from __future__ import annotations

import inspect
from collections.abc import Callable

import numpy as np

from dlcourse.exercises._core import Parts, exercise, kind


def _names_a_device(function: Callable) -> bool:
    """Whether the function's source chooses a device (True when the source cannot be read)."""
    try:
        return "device" in inspect.getsource(function)
    except (OSError, TypeError):
        return True


@exercise(
    "01.1",
    names=("make_batch_on_cpu",),
    nudge="Re-read how the notebook placed a tensor on a device.",
    hint="A `with tf.device(...)` block decides where the tensors created inside it live; "
    "tf.zeros takes the shape as one tuple and gives float32 by default.",
)
def _device(p: Parts) -> None:
    import tensorflow as tf

    # With a GPU, TensorFlow would place an unplaced tensor there: call the function as if the
    # default device were the GPU. Without one, every tensor lands on the CPU anyway, so the
    # function's source must choose the device (what it would do on a GPU machine).
    has_gpu = bool(tf.config.list_logical_devices("GPU"))
    for rows, cols in ((32, 784), (3, 5)):
        with tf.device("/GPU:0" if has_gpu else "/CPU:0"):
            batch = p.call("make_batch_on_cpu", p["make_batch_on_cpu"], rows, cols)
        p.require(isinstance(batch, tf.Tensor), "make_batch_on_cpu",
                  f"returns {kind(batch)}, not a TensorFlow tensor")
        p.shape("make_batch_on_cpu", (rows, cols), value=batch)
        p.dtype("make_batch_on_cpu", "float32", value=batch)
        p.require(not bool(tf.reduce_any(batch != 0)), "make_batch_on_cpu",
                  "returns a tensor that is not all zeros")
        p.require(batch.device.endswith("CPU:0"), "make_batch_on_cpu",
                  "returns a tensor that does not live on the CPU")
        p.require(has_gpu or _names_a_device(p["make_batch_on_cpu"]), "make_batch_on_cpu",
                  "chooses no device: its tensor is on the CPU only because this machine has no "
                  "GPU; on a GPU machine it would land on the GPU")


@exercise(
    "01.2",
    names=("flop_1024", "ms_at_100_gflops"),
    nudge="Count the operations for one entry of the product first.",
    hint="Each of the n * n entries of the product is a dot product of two vectors of length n: "
    "count its multiplications and additions. Then time = operations / (operations per second); "
    "mind the 'giga' (10**9) and the milliseconds (10**3).",
)
def _flop(p: Parts) -> None:
    n = 1024
    exact = n * n * (2 * n - 1)  # n multiplications and n - 1 additions per entry
    p.require(_is_number(p["flop_1024"]), "flop_1024",
              f"is {kind(p['flop_1024'])}: give the count as a number")
    # Exact: a tolerance would also accept the rounded-up counts 2n**3 and n**2 (2n + 1).
    p.close("flop_1024", exact, rtol=0, atol=0.5, mistakes={
        "counts only the multiplications (or only the additions)": n**3,
        "counts one operation per entry": n * n,
        "counts n additions per entry: adding n products takes n - 1 additions": 2 * n**3,
        "counts n + 1 additions per entry: adding n products takes n - 1 additions":
            n * n * (2 * n + 1),
        "counts the operations of one entry only: there are n * n entries": 2 * n - 1,
    })
    seconds = p["flop_1024"] / 100e9
    p.close("ms_at_100_gflops", exact / 100e9 * 1e3, rtol=1e-6, mistakes={
        "is in seconds, not milliseconds": seconds,
        "is in microseconds, not milliseconds": seconds * 1e6,
        "uses 10**6 (mega), not 10**9 (giga) operations per second": exact / 100e6 * 1e3,
        "uses 10 GFLOP/s, not 100": exact / 10e9 * 1e3,
        "is the speed divided by the count, not the count divided by the speed":
            100e9 / exact * 1e3,
    })


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float, np.number)) and not isinstance(value, (bool, np.bool_))
