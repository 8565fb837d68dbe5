"""Exercise checks of notebook 09 (TensorFlow under Keras).

09.1: one gradient-descent step as a function (cost, gradients from a `tf.GradientTape`, new
weights), called on deck W's line fit (t = 2x + 4, x = 1..8, from w = 3, b = 2, learning rate 0.01)
and on another line, eagerly and inside `tf.function` (so a `tf.constant` of numbers computed by
hand, or NumPy, cannot pass). 09.2: the deck's
*Evaluate* slide as a function of TensorFlow operations, called here on batches of its own.
"""

from __future__ import annotations

import numpy as np

from dlcourse.exercises._core import Parts, exercise, kind

W_START, B_START, LR = 3.0, 2.0, 0.01
_NAMES = ("cost", "grad_w", "grad_b", "w_new", "b_new")


def _steps() -> list[tuple[float, float, np.ndarray, np.ndarray, float]]:
    """(w, b, x, t, lr): deck W's line first, then lines the notebook never shows."""
    x = np.arange(1.0, 9.0)
    rng = np.random.default_rng(9)
    x2 = rng.uniform(-2, 2, size=5)
    return [(W_START, B_START, x, 2.0 * x + 4.0, LR),
            (-0.5, 1.5, x2, -1.5 * x2 + 0.3 + rng.normal(0, 0.1, size=5), 0.1)]


def _traced(p: Parts, name: str, function, *args):
    """Call the learner's function eagerly and inside tf.function (TensorFlow operations only)."""
    import tensorflow as tf

    eager = p.call(name, function, *args)
    try:
        tf.function(function, reduce_retracing=True)(*args)
    except Exception as error:  # NumPy on a symbolic tensor, .numpy(), float(tensor)...
        p.fail(name, f"works only eagerly: inside tf.function it raised {type(error).__name__}; "
               "use TensorFlow operations only, no NumPy, no float() and no .numpy()")
    return eager


@exercise(
    "09.1",
    names=("tape_step",),
    nudge="Compare each step with the three numbered steps above the exercise.",
    hint="The cost is half the mean of the squared differences between the line's predictions "
    "and the targets, computed with TensorFlow operations inside the `with` block. The tape "
    "returns one gradient per variable, in the order you list them. A step moves each "
    "parameter against its gradient, scaled by the learning rate you are given.",
)
def _step(p: Parts) -> None:
    import tensorflow as tf

    name = "tape_step"
    for w0, b0, x, t, lr in _steps():
        args = (tf.Variable(w0), tf.Variable(b0), tf.constant(x, tf.float32),
                tf.constant(t, tf.float32), lr)
        out = _traced(p, name, p[name], *args)
        p.require(isinstance(out, (tuple, list)) and len(out) == 5, name,
                  f"returns {kind(out)}: return the five values in order, "
                  "return cost, grad_w, grad_b, w_new, b_new")
        got = dict(zip(_NAMES, out, strict=True))
        part = {n: f"{n} (from tape_step)" for n in _NAMES}
        for n in ("grad_w", "grad_b"):
            p.require(got[n] is not None, part[n],
                      "is None: the tape recorded no path from the cost to this variable; "
                      "compute the cost inside the `with tf.GradientTape()` block")
        for n in _NAMES:
            p.require(tf.is_tensor(got[n]), part[n],
                      f"is {kind(got[n])}, not a TensorFlow tensor: compute it with TensorFlow "
                      "operations")
        error = w0 * x + b0 - t
        cost = float(np.mean(error**2) / 2)
        p.close(part["cost"], cost, value=got["cost"], mistakes={
            "is the mean squared difference without the 1/2": 2 * cost,
            "sums the squared differences instead of averaging them": float(np.sum(error**2) / 2),
            "is the root of the mean squared difference": float(np.sqrt(np.mean(error**2))),
            "is the cost of deck W's line, whatever the data: use the arguments":
                float(np.mean((3.0 * np.arange(1.0, 9.0) - 2.0 * np.arange(1.0, 9.0) - 2.0)
                              ** 2) / 2),
        })
        grad_w, grad_b = float(np.mean(error * x)), float(np.mean(error))
        p.close(part["grad_w"], grad_w, value=got["grad_w"], mistakes={
            "is the gradient with respect to b: list the variables in the order (w, b)": grad_b,
            "is twice the gradient: the cost has a factor 1/2": 2 * grad_w,
        })
        p.close(part["grad_b"], grad_b, value=got["grad_b"], mistakes={
            "is the gradient with respect to w: list the variables in the order (w, b)": grad_w,
            "is twice the gradient: the cost has a factor 1/2": 2 * grad_b,
        })
        for n, start, grad in (("w_new", w0, grad_w), ("b_new", b0, grad_b)):
            p.close(part[n], start - lr * grad, value=got[n], mistakes={
                "goes uphill: a step goes against the gradient": start + lr * grad,
                "is still the starting value: apply the update": start,
                "leaves out the learning rate": start - grad,
                "is the step alone: subtract it from the current value": lr * grad,
                **{f"takes a step of another size (a learning rate of {other}?): use the "
                   "learning rate the function receives": start - other * grad
                   for other in (0.1, 0.01, 0.001, 0.5, 0.05) if other != lr},
            })
    p.passed(name)


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
        out = _traced(p, "tf_accuracy", p["tf_accuracy"], tf.constant(logits),
                      tf.constant(labels))
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
