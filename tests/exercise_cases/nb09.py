"""Notebook 09: reference solutions and wrong answers."""

import numpy as np
import tensorflow as tf

LR = 0.01
X = tf.constant(np.arange(1.0, 9.0), dtype=tf.float32)
T = 2.0 * X + 4.0


def step(cost_of=lambda a, t: tf.reduce_mean((a - t) ** 2) / 2, lr=LR, sign=-1.0,
         order=("w", "b")):
    w, b = tf.Variable(3.0), tf.Variable(2.0)
    with tf.GradientTape() as tape:
        cost = cost_of(w * X + b, T)
    variables = {"w": w, "b": b}
    # order ("b", "w") is the learner who lists the variables the other way round
    grad_w, grad_b = tape.gradient(cost, [variables[k] for k in order])
    return {"cost": cost, "grad_w": grad_w, "grad_b": grad_b,
            "w_new": w + sign * lr * grad_w, "b_new": b + sign * lr * grad_b}


def with_(answers, **changes):
    return {**answers, **changes}


def _accuracy(logits, labels):
    correct = tf.equal(tf.argmax(logits, 1), tf.argmax(labels, 1))
    return tf.reduce_mean(tf.cast(correct, tf.float32))


def _no_cast(logits, labels):
    return tf.reduce_mean(tf.equal(tf.argmax(logits, 1), tf.argmax(labels, 1)))


def _axis0(logits, labels):
    correct = tf.equal(tf.argmax(logits, 0), tf.argmax(labels, 0))
    return tf.reduce_mean(tf.cast(correct, tf.float32))


def _error_rate(logits, labels):
    return 1.0 - _accuracy(logits, labels)


def _count(logits, labels):
    return tf.reduce_sum(tf.cast(tf.equal(tf.argmax(logits, 1), tf.argmax(labels, 1)), tf.float32))


def _numpy(logits, labels):
    return np.mean(np.argmax(logits, axis=1) == np.argmax(labels, axis=1))


def _float64(logits, labels):
    correct = tf.equal(tf.argmax(logits, 1), tf.argmax(labels, 1))
    return tf.reduce_mean(tf.cast(correct, tf.float64))


CASES = {
    "09.1": {
        "right": lambda: step(),
        "wrong": {
            "stub": lambda: {"cost": ..., "grad_w": ..., "grad_b": ..., "w_new": ...,
                             "b_new": ...},
            "cost without 1/2": lambda: step(cost_of=lambda a, t: tf.reduce_mean((a - t) ** 2)),
            "cost summed": lambda: step(cost_of=lambda a, t: tf.reduce_sum((a - t) ** 2) / 2),
            "step uphill": lambda: step(sign=+1.0),
            "learning rate 0.1": lambda: step(lr=0.1),
            "gradients unpacked in the wrong order": lambda: step(order=("b", "w")),
            "by-hand floats copied (not the tape)": lambda: with_(
                step(), cost=5.75, grad_w=16.5, grad_b=2.5),
            "no update": lambda: with_(step(), w_new=tf.constant(3.0), b_new=tf.constant(2.0)),
            "half done": lambda: with_(step(), w_new=..., b_new=...),
        },
    },
    "09.2": {
        "right": lambda: {"tf_accuracy": _accuracy},
        "wrong": {
            "stub": lambda: {"tf_accuracy": ...},
            "stub function": lambda: {"tf_accuracy": lambda logits, labels: ...},
            "no cast (mean of booleans)": lambda: {"tf_accuracy": _no_cast},
            "argmax over axis 0": lambda: {"tf_accuracy": _axis0},
            "error rate": lambda: {"tf_accuracy": _error_rate},
            "count of matches": lambda: {"tf_accuracy": _count},
            "NumPy instead of TensorFlow": lambda: {"tf_accuracy": _numpy},
            "float64": lambda: {"tf_accuracy": _float64},
            "deck K's 92.5 % in view, as a constant": lambda: {
                "tf_accuracy": lambda logits, labels: tf.constant(0.925)},
        },
    },
}
