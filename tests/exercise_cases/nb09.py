"""Notebook 09: reference solutions and wrong answers."""

import numpy as np
import tensorflow as tf

LR = 0.01


def stepper(cost_of=lambda a, t: tf.reduce_mean((a - t) ** 2) / 2, sign=-1.0, order=("w", "b"),
            fixed_lr=None, outside=False):
    """A learner's tape_step(w, b, x, t, lr), with one mistake chosen by the arguments."""

    def tape_step(w, b, x, t, lr):
        lr = lr if fixed_lr is None else fixed_lr
        variables = {"w": w, "b": b}
        if outside:  # the cost computed before the tape starts recording
            cost = cost_of(w * x + b, t)
            with tf.GradientTape() as tape:
                pass
        else:
            with tf.GradientTape() as tape:
                cost = cost_of(w * x + b, t)
        # order ("b", "w") is the learner who lists the variables the other way round
        grad_w, grad_b = tape.gradient(cost, [variables[k] for k in order])
        if grad_w is None:
            return cost, grad_w, grad_b, w, b
        return cost, grad_w, grad_b, w + sign * lr * grad_w, b + sign * lr * grad_b

    return {"tape_step": tape_step}


def _by_hand_constants(w, b, x, t, lr):  # deck W's numbers from the screen, typed as tensors
    return (tf.constant(5.75), tf.constant(16.5), tf.constant(2.5), tf.constant(2.835),
            tf.constant(1.975))


def _numpy_inside(w, b, x, t, lr):  # right numbers, computed with NumPy, wrapped as tensors
    error = w.numpy() * x.numpy() + b.numpy() - t.numpy()
    gw, gb = np.mean(error * x.numpy()), np.mean(error)
    return tuple(tf.constant(v, tf.float32) for v in (
        np.mean(error**2) / 2, gw, gb, w.numpy() - lr * gw, b.numpy() - lr * gb))


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
        "right": lambda: stepper(),
        "wrong": {
            "stub": lambda: {"tape_step": ...},
            "stub function": lambda: {"tape_step": lambda w, b, x, t, lr: ...},
            "cost without 1/2": lambda: stepper(cost_of=lambda a, t: tf.reduce_mean((a - t) ** 2)),
            "cost summed": lambda: stepper(cost_of=lambda a, t: tf.reduce_sum((a - t) ** 2) / 2),
            "step uphill": lambda: stepper(sign=+1.0),
            "learning rate 0.1 typed in": lambda: stepper(fixed_lr=0.1),
            "learning rate LR_LINE typed in, not the argument": lambda: stepper(fixed_lr=LR),
            "gradients unpacked in the wrong order": lambda: stepper(order=("b", "w")),
            "cost computed outside the tape": lambda: stepper(outside=True),
            "by-hand numbers typed as tf.constant": lambda: {"tape_step": _by_hand_constants},
            "NumPy inside, wrapped in tf.constant": lambda: {"tape_step": _numpy_inside},
            "no update": lambda: stepper(sign=0.0),
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


# Issue 20: further mistakes, each with the words its diagnosis must contain.
def _four_values(w, b, x, t, lr):
    return stepper()["tape_step"](w, b, x, t, lr)[1:]


def _float_cost(w, b, x, t, lr):  # float() of a tensor: fine eagerly, not inside tf.function
    cost, *rest = stepper()["tape_step"](w, b, x, t, lr)
    return (tf.constant(float(cost)), *rest)


def _numpy_accuracy_inside(logits, labels):
    return tf.constant(np.mean(logits.numpy().argmax(1) == labels.numpy().argmax(1)), tf.float32)


def _percent(logits, labels):
    return 100.0 * _accuracy(logits, labels)


def _int_mean(logits, labels):
    return tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), tf.argmax(labels, 1)), tf.int32))


DIAGNOSED = {
    "09.1": {
        "four values, no cost": (lambda: {"tape_step": _four_values}, "the five values"),
        "float() of the cost": (lambda: {"tape_step": _float_cost}, "works only eagerly"),
        "root of the mean square": (lambda: stepper(
            cost_of=lambda a, t: tf.sqrt(tf.reduce_mean((a - t) ** 2))), "root of the mean"),
    },
    "09.2": {
        ".numpy() inside": (lambda: {"tf_accuracy": _numpy_accuracy_inside},
                            "works only eagerly"),
        "in percent": (lambda: {"tf_accuracy": _percent}, "constant factor"),
        "integer mean": (lambda: {"tf_accuracy": _int_mean}, "dtype int32"),
    },
}
