"""Exercise checks of notebook 09 (TensorFlow under Keras).

09.1: one gradient-descent step on deck W's line fit (t = 2x + 4, x = 1..8, from w = 3, b = 2,
learning rate 0.01), with the cost and the gradients from a `tf.GradientTape`. 09.2: the deck's
*Evaluate* slide as a function of TensorFlow operations, called here on batches of its own.
"""

from __future__ import annotations

import numpy as np

from dlcourse.exercises._core import Parts, exercise, kind

W_START, B_START, LR = 3.0, 2.0, 0.01


def _line() -> tuple[np.ndarray, np.ndarray]:
    x = np.arange(1.0, 9.0)
    return x, 2.0 * x + 4.0


def _require_tensor(p: Parts, name: str, where: str) -> None:
    import tensorflow as tf

    p.require(tf.is_tensor(p[name]), name,
              f"is {kind(p[name])}, not a TensorFlow tensor: {where}")


@exercise(
    "09.1",
    names=("cost", "grad_w", "grad_b", "w_new", "b_new"),
    nudge="Compare each step with the three numbered steps above the exercise.",
    hint="The cost is half the mean of the squared differences between the line's predictions "
    "and the targets, computed with TensorFlow operations inside the `with` block. The tape "
    "returns one gradient per variable, in the order you list them. A step moves each "
    "parameter against its gradient, scaled by the learning rate.",
)
def _step(p: Parts) -> None:
    x, t = _line()
    error = W_START * x + B_START - t
    cost = float(np.mean(error**2) / 2)
    _require_tensor(p, "cost", "compute it with TensorFlow operations inside the tape")
    p.close("cost", cost, mistakes={
        "is the mean squared difference without the 1/2": 2 * cost,
        "sums the squared differences instead of averaging them": float(np.sum(error**2) / 2),
        "is the root of the mean squared difference": float(np.sqrt(np.mean(error**2))),
    })
    grad_w, grad_b = float(np.mean(error * x)), float(np.mean(error))
    _require_tensor(p, "grad_w", "ask the tape: tape.gradient(cost, [w_line, b_line])")
    p.close("grad_w", grad_w, mistakes={
        "is the gradient with respect to b: list the variables in the order (w_line, b_line)":
            grad_b,
    })
    _require_tensor(p, "grad_b", "ask the tape: tape.gradient(cost, [w_line, b_line])")
    p.close("grad_b", grad_b, mistakes={
        "is the gradient with respect to w: list the variables in the order (w_line, b_line)":
            grad_w,
    })
    for name, start, grad in (("w_new", W_START, grad_w), ("b_new", B_START, grad_b)):
        p.close(name, start - LR * grad, mistakes={
            "goes uphill: a step goes against the gradient": start + LR * grad,
            "is still the starting value: apply the update": start,
            "leaves out the learning rate LR_LINE": start - grad,
            "is the step alone: subtract it from the current value": LR * grad,
            **{f"takes a step of another size (a learning rate of {lr}?): use LR_LINE":
               start - lr * grad for lr in (0.1, 0.001, 0.5, 0.05)},
        })


@exercise(
    "09.2",
    names=("tf_accuracy",),
    nudge="Re-read the deck's Evaluate slide: the same operations run eagerly in TensorFlow 2.",
    hint="Both arguments have one row per image: take the index of the largest value in each "
    "row (axis 1) of both, compare them element by element, turn the booleans into float32 "
    "numbers and average them. Only TensorFlow operations, no NumPy and no session.",
)
def _accuracy(p: Parts) -> None:
    import tensorflow as tf

    rng = np.random.default_rng(9)
    for n in (12, 7):
        logits = rng.normal(size=(n, 10)).astype(np.float32)
        labels = np.eye(10, dtype=np.float32)[rng.integers(0, 10, size=n)]
        labels[: n // 2] = np.eye(10, dtype=np.float32)[logits[: n // 2].argmax(axis=1)]
        hits = logits.argmax(axis=1) == labels.argmax(axis=1)
        out = p.call("tf_accuracy", p["tf_accuracy"], tf.constant(logits), tf.constant(labels))
        p.require(tf.is_tensor(out), "tf_accuracy",
                  f"returns {kind(out)}, not a TensorFlow tensor: use TensorFlow operations")
        p.shape("tf_accuracy", (), value=out)
        p.dtype("tf_accuracy", "float32", value=out)
        p.close("tf_accuracy", float(hits.mean()), value=out, mistakes={
            "returns the error rate: the accuracy is the fraction of matches": 1 - hits.mean(),
            "counts the matches: the accuracy is their mean": float(hits.sum()),
            "compares the columns (axis 0): each row is one image, take the largest value of "
            "each row": float(np.mean(logits.argmax(axis=0) == labels.argmax(axis=0))),
        })
