"""Exercise checks of notebook 01 (setup, devices and the GPU)."""

from __future__ import annotations

from dlcourse.exercises._core import Parts, exercise, kind


@exercise(
    "01.1",
    names=("make_batch_on_cpu",),
    nudge="Re-read how the notebook placed a tensor on a device.",
    hint="A `with tf.device(...)` block decides where the tensors created inside it live; "
    "tf.zeros takes the shape as one tuple and gives float32 by default.",
)
def _device(p: Parts) -> None:
    import tensorflow as tf

    for rows, cols in ((32, 784), (3, 5)):
        batch = p.call("make_batch_on_cpu", p["make_batch_on_cpu"], rows, cols)
        p.require(isinstance(batch, tf.Tensor), "make_batch_on_cpu",
                  f"returns {kind(batch)}, not a TensorFlow tensor")
        p.shape("make_batch_on_cpu", (rows, cols), value=batch)
        p.dtype("make_batch_on_cpu", "float32", value=batch)
        p.require(not bool(tf.reduce_any(batch != 0)), "make_batch_on_cpu",
                  "returns a tensor that is not all zeros")
        p.require(batch.device.endswith("CPU:0"), "make_batch_on_cpu",
                  "returns a tensor that does not live on the CPU")


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
    p.close("flop_1024", exact, rtol=1e-3, mistakes={
        "counts only the multiplications (or only the additions)": n**3,
        "counts one operation per entry": n * n,
    })
    seconds = p["flop_1024"] / 100e9
    p.close("ms_at_100_gflops", exact / 100e9 * 1e3, rtol=1e-3, mistakes={
        "is in seconds, not milliseconds": seconds,
        "is in microseconds, not milliseconds": seconds * 1e6,
        "uses 10**6 (mega), not 10**9 (giga) operations per second": exact / 100e6 * 1e3,
    })
