"""Notebook 01: reference solutions and wrong answers."""

import numpy as np
import tensorflow as tf


def _on_cpu(rows, cols):
    with tf.device("/CPU:0"):
        return tf.zeros((rows, cols))


def _ones(rows, cols):
    with tf.device("/CPU:0"):
        return tf.ones((rows, cols))


def _float64(rows, cols):
    with tf.device("/CPU:0"):
        return tf.zeros((rows, cols), dtype=tf.float64)


def _numpy(rows, cols):
    return np.zeros((rows, cols), dtype=np.float32)


def _swapped(rows, cols):
    with tf.device("/CPU:0"):
        return tf.zeros((cols, rows))


def _default_placement(rows, cols):  # right on a CPU-only machine, on the GPU elsewhere
    return tf.zeros((rows, cols))


def _fixed(rows, cols):  # the exercise's example shape, copied instead of using the arguments
    with tf.device("/CPU:0"):
        return tf.zeros((32, 784))


N = 1024
CASES = {
    "01.1": {
        "right": lambda: {"make_batch_on_cpu": _on_cpu},
        "wrong": {
            "stub": lambda: {"make_batch_on_cpu": ...},
            "stub function": lambda: {"make_batch_on_cpu": lambda rows, cols: ...},
            "ones instead of zeros": lambda: {"make_batch_on_cpu": _ones},
            "float64": lambda: {"make_batch_on_cpu": _float64},
            "a NumPy array": lambda: {"make_batch_on_cpu": _numpy},
            "rows and columns swapped": lambda: {"make_batch_on_cpu": _swapped},
            "the example's shape copied": lambda: {"make_batch_on_cpu": _fixed},
            "no device chosen": lambda: {"make_batch_on_cpu": _default_placement},
        },
    },
    "01.2": {
        "right": lambda: {"flop_1024": N * N * (2 * N - 1),
                          "ms_at_100_gflops": N * N * (2 * N - 1) / 100e9 * 1e3},
        "wrong": {
            "stub": lambda: {"flop_1024": ..., "ms_at_100_gflops": ...},
            "multiplications only": lambda: {"flop_1024": N**3, "ms_at_100_gflops": N**3 / 1e8},
            "seconds, not ms": lambda: {"flop_1024": 2 * N**3, "ms_at_100_gflops": 2 * N**3 / 1e11},
            "n itself copied": lambda: {"flop_1024": N, "ms_at_100_gflops": 1.0},
            "half done": lambda: {"flop_1024": 2 * N**3, "ms_at_100_gflops": ...},
        },
    },
}

# Issue 20: further mistakes, each with the words its diagnosis must contain.
EXACT = N * N * (2 * N - 1)
DIAGNOSED = {
    "01.1": {
        "tf.ones, not zeros, on the CPU": (lambda: {"make_batch_on_cpu": _ones}, "not all zeros"),
        "a Python list of lists": (lambda: {"make_batch_on_cpu": lambda rows, cols: [
            [0.0] * cols for _ in range(rows)]}, "not a TensorFlow tensor"),
        "returns nothing": (lambda: {"make_batch_on_cpu": lambda rows, cols: None},
                            "return statement is missing"),
    },
    "01.2": {
        "2n**3, the rounded-up count": (lambda: {"flop_1024": 2 * N**3,
                                                 "ms_at_100_gflops": 2 * N**3 / 1e8},
                                        "n - 1 additions"),
        "n**2 (2n + 1), a neighbouring formula": (lambda: {
            "flop_1024": N * N * (2 * N + 1), "ms_at_100_gflops": N * N * (2 * N + 1) / 1e8},
            "n - 1 additions"),
        "one entry's count only": (lambda: {"flop_1024": 2 * N - 1, "ms_at_100_gflops": 1.0},
                                   "one entry only"),
        "speed over count": (lambda: {"flop_1024": EXACT, "ms_at_100_gflops": 100e9 / EXACT * 1e3},
                             "the speed divided by the count"),
        "a string": (lambda: {"flop_1024": "2147483648", "ms_at_100_gflops": 21.0},
                     "give the count as a number"),
    },
}
