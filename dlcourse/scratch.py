"""The NumPy code the lectures derive by hand: activations, losses, descent, convolution.

Everything here is plain, readable NumPy in float64, written to be read next to the slides. The
tests check it against TensorFlow (`tf.GradientTape`, `keras.layers.Conv2D`, the pooling layers).
Deck K's 2-2-2 backpropagation example (`Net222`, in `dlcourse.backprop`) and convolution and
pooling by hand (`conv2d`, `pool2d`, in `dlcourse.convolution`) are re-exported here.

Example:

>>> from dlcourse import scratch
>>> float(scratch.sigmoid(0.0))
0.5
>>> float(scratch.quadratic_cost([6, 8, 10, 12, 14, 16, 18, 20], [5, 8, 11, 14, 17, 20, 23, 26]))
5.75
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dlcourse import _validate
from dlcourse._validate import as_float_array as _as_float
from dlcourse.backprop import Net222
from dlcourse.convolution import conv2d, pool2d

# --------------------------------------------------------------------------- activations


def sigmoid(z):
    """Logistic sigmoid 1 / (1 + exp(-z)), elementwise. Returns float64 values in (0, 1)."""
    z = _as_float(z, "z")
    with np.errstate(over="ignore"):  # exp(1000) = inf gives exactly 0, which is right
        return 1.0 / (1.0 + np.exp(-z))


def sigmoid_grad(z):
    """Derivative of the sigmoid: sigmoid(z) * (1 - sigmoid(z)); at most 0.25 (at z = 0)."""
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z):
    """Hyperbolic tangent, elementwise; values in (-1, 1)."""
    return np.tanh(_as_float(z, "z"))


def tanh_grad(z):
    """Derivative of tanh: 1 - tanh(z)**2; at most 1 (at z = 0)."""
    return 1.0 - np.tanh(_as_float(z, "z")) ** 2


def relu(z):
    """Rectified linear unit max(0, z), elementwise."""
    return np.maximum(_as_float(z, "z"), 0.0)


def relu_grad(z):
    """Derivative of ReLU: 1 where z > 0, else 0 (0 at z = 0, as in TensorFlow)."""
    return np.where(_as_float(z, "z") > 0, 1.0, 0.0)[()]


def leaky_relu(z, alpha: float = 0.1):
    """Leaky ReLU max(alpha * z, z) with the deck's alpha = 0.1 (Keras' default slope is 0.2)."""
    z = _as_float(z, "z")
    return np.where(z > 0, z, alpha * z)[()]


def leaky_relu_grad(z, alpha: float = 0.1):
    """Derivative of leaky ReLU: 1 where z > 0, else alpha."""
    return np.where(_as_float(z, "z") > 0, 1.0, alpha)[()]


def elu(z, alpha: float = 1.0):
    """Exponential linear unit: z for z >= 0, alpha * (exp(z) - 1) below."""
    z = _as_float(z, "z")
    return np.where(z >= 0, z, alpha * np.expm1(np.minimum(z, 0.0)))[()]


def elu_grad(z, alpha: float = 1.0):
    """Derivative of ELU: 1 where z > 0, else alpha * exp(z)."""
    z = _as_float(z, "z")
    return np.where(z > 0, 1.0, alpha * np.exp(np.minimum(z, 0.0)))[()]


def linear(z):
    """Identity (no activation): what Keras calls ``activation="linear"`` or ``None``."""
    return _as_float(z, "z")


def linear_grad(z):
    """Derivative of the identity: 1 everywhere."""
    return np.ones_like(_as_float(z, "z"))[()]


def hardlim(z):
    """Hard limit (threshold unit) of deck W: 1.0 where z >= 0, else 0.0."""
    return np.where(_as_float(z, "z") >= 0, 1.0, 0.0)[()]


def hardlim_grad(z):
    """Derivative of hardlim: 0 wherever it exists, so a perceptron cannot learn by backprop."""
    return np.zeros_like(_as_float(z, "z"))[()]


def softmax(z, axis: int = -1):
    """Softmax along ``axis``: exp(z_i) / sum_j exp(z_j), stable (the max is subtracted first).

    Example:

    >>> from dlcourse import scratch
    >>> scratch.softmax([1.0, 2.0, 3.0]).round(3).tolist()
    [0.09, 0.245, 0.665]
    """
    z = _as_float(z, "z")
    if z.ndim == 0:
        raise ValueError(
            f"`z` must have at least one axis to normalise over; got a scalar. Received: z={z!r}"
        )
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def maxout(x, W1, b1, W2, b2):
    """Maxout unit of deck W: max(x @ W1 + b1, x @ W2 + b2), elementwise over the two pieces."""
    return np.maximum(_affine(x, W1, b1, "W1", "b1"), _affine(x, W2, b2, "W2", "b2"))


#: name -> (f, f'): the elementwise activations and their derivatives.
ACTIVATIONS: dict[str, tuple[Callable, Callable]] = {
    "sigmoid": (sigmoid, sigmoid_grad),
    "tanh": (tanh, tanh_grad),
    "relu": (relu, relu_grad),
    "leaky_relu": (leaky_relu, leaky_relu_grad),
    "elu": (elu, elu_grad),
    "linear": (linear, linear_grad),
    "hardlim": (hardlim, hardlim_grad),
}


def get_activation(name: str | Callable) -> Callable:
    """Returns the activation function called ``name`` (or ``name`` itself when it is callable)."""
    if callable(name):
        return name
    if name == "softmax":
        return softmax
    if name is None:
        return linear
    if name not in ACTIVATIONS:
        raise ValueError(
            f"Unknown activation {name!r}. Use one of {sorted(ACTIVATIONS) + ['softmax']} "
            f"or pass a function. Received: activation={name!r}"
        )
    return ACTIVATIONS[name][0]


# --------------------------------------------------------------------------- forward passes


def _affine(x, W, b, w_name: str = "W", b_name: str = "b") -> np.ndarray:
    x = _as_float(x, "x")
    W = _as_float(W, w_name)
    b = _as_float(b, b_name)
    if x.ndim not in (1, 2) or W.ndim not in (1, 2):
        raise ValueError(
            f"`x` must be one example (n_in,) or a batch (n, n_in) and `{w_name}` (n_in, n_out) or "
            f"(n_in,). Received: x.shape={x.shape}, {w_name}.shape={W.shape}"
        )
    if x.shape[-1] != W.shape[0]:
        raise ValueError(
            f"`x` has {x.shape[-1]} features but `{w_name}` expects {W.shape[0]} inputs (its first "
            f"axis); W must have shape (n_in, n_out). Received: x.shape={x.shape}, "
            f"{w_name}.shape={W.shape}"
        )
    n_out = W.shape[1] if W.ndim == 2 else None
    if b.ndim > 1 or (b.ndim == 1 and b.shape[0] not in (1, n_out)):
        raise ValueError(
            f"`{b_name}` must be a scalar or have one value per output unit ({n_out}). "
            f"Received: {b_name}.shape={b.shape}"
        )
    return x @ W + b


def dense_forward(x, W, b, activation: str | Callable | None = "sigmoid") -> np.ndarray:
    """One dense layer: ``activation(x @ W + b)``, what `keras.layers.Dense` computes.

    Args:
        x: One example of shape (n_in,) or a batch of shape (n, n_in).
        W: Weights of shape (n_in, n_out) (Keras' kernel layout), or (n_in,) for a single unit.
        b: Bias: a scalar or shape (n_out,).
        activation: A name from `ACTIVATIONS`, "softmax", None (linear) or a function.
            Defaults to "sigmoid".

    Returns:
        float64 array of shape (n_out,), (n, n_out), or a scalar for a single unit and one example.

    Raises:
        ValueError: if the shapes do not fit together or the activation is unknown.

    Example:

    >>> from dlcourse import scratch
    >>> round(float(scratch.dense_forward([1.0, 2.2], [0.3, 0.1], 1.0)), 4)  # deck T's banknote
    0.8205
    """
    f = get_activation(activation)
    return f(_affine(x, W, b))


def predict_no_hidden(X, W, b) -> np.ndarray:
    """Deck T's network without hidden layer: ``sigmoid(X @ W + b)``."""
    return sigmoid(_affine(X, W, b))


def predict_hidden(X, W1, b1, W2, b2) -> np.ndarray:
    """Deck T's network with one hidden layer: ``sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)``."""
    hidden = sigmoid(_affine(X, W1, b1, "W1", "b1"))
    return sigmoid(_affine(hidden, W2, b2, "W2", "b2"))


# --------------------------------------------------------------------------- losses


def _pair(a, b, a_name: str, b_name: str) -> tuple[np.ndarray, np.ndarray]:
    a = _as_float(a, a_name)
    b = _as_float(b, b_name)
    if a.shape != b.shape or a.size == 0:
        raise ValueError(
            f"`{a_name}` and `{b_name}` must be non-empty and have the same shape. "
            f"Received: {a_name}.shape={a.shape}, {b_name}.shape={b.shape}"
        )
    return a, b


def _check_probabilities(p: np.ndarray, name: str) -> None:
    if np.any(p < 0) or np.any(p > 1):
        raise ValueError(
            f"`{name}` must hold probabilities in [0, 1] (apply sigmoid/softmax to raw scores "
            f"first). Received: {name} with min={p.min():g}, max={p.max():g}"
        )


def mse(y_true, y_pred) -> float:
    """Mean squared error: mean((y_true - y_pred)**2) (deck Z: 0.072857 for its 7 predictions)."""
    y_true, y_pred = _pair(y_true, y_pred, "y_true", "y_pred")
    return float(np.mean((y_true - y_pred) ** 2))


def quadratic_cost(t, a) -> float:
    """Quadratic cost of deck W: C = sum((t - a)**2) / (2n), n = number of examples (first axis).

    Example:

    >>> from dlcourse import scratch
    >>> x = np.arange(1, 9)
    >>> float(scratch.quadratic_cost(2 * x + 4, 3 * x + 2))
    5.75
    """
    t, a = _pair(t, a, "t", "a")
    n = t.shape[0] if t.ndim else 1
    return float(np.sum((t - a) ** 2) / (2 * n))


def cross_entropy(p_true, q_pred, *, eps: float = 1e-12) -> float:
    """Cross-entropy -sum(p * ln q) with the natural log (deck W: 0.479 for its one-hot example).

    For a batch of shape (n, k) it returns the mean over the n rows, as Keras'
    ``categorical_crossentropy`` does. ``q_pred`` is clipped to [eps, 1] so log(0) never occurs.
    """
    p, q = _pair(p_true, q_pred, "p_true", "q_pred")
    _check_probabilities(q, "q_pred")
    per_example = -np.sum(p * np.log(np.clip(q, eps, 1.0)), axis=-1)
    return float(np.mean(per_example))


def binary_cross_entropy(y, p, *, eps: float = 1e-7) -> float:
    """Mean negative log-likelihood of labels ``y`` in {0, 1} under probabilities ``p``.

    -mean(y ln p + (1 - y) ln(1 - p)); ``p`` is clipped to [eps, 1 - eps] (Keras uses 1e-7 too).
    """
    y, p = _pair(y, p, "y", "p")
    _check_probabilities(y, "y")
    _check_probabilities(p, "p")
    p = np.clip(p, eps, 1.0 - eps)
    return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))


# --------------------------------------------------------------------------- gradient descent


def gradient_descent(grad: Callable, x0, *, lr: float, steps: int) -> np.ndarray:
    """Plain gradient descent x <- x - lr * grad(x), returning every point visited.

    Args:
        grad: Function returning the gradient at x (same shape as x).
        x0: Starting point: a number (1-D problem) or a vector of d parameters.
        lr: Learning rate, a positive number.
        steps: Number of updates, a non-negative integer.

    Returns:
        float64 trace of shape (steps + 1,) for a scalar x0, or (steps + 1, d); row 0 is x0.
        A too-large learning rate shows up as growing (possibly infinite) values, not as an error.

    Raises:
        ValueError: for a non-positive lr, negative steps, or a gradient of the wrong shape.

    Example:

    >>> from dlcourse import scratch
    >>> scratch.gradient_descent(lambda x: 2 * x, 1.0, lr=0.25, steps=3).tolist()  # f(x) = x**2
    [1.0, 0.5, 0.25, 0.125]
    """
    lr = _validate.positive_number(lr, "lr", example=0.1)
    steps = _validate.integer(steps, "steps", minimum=0)
    x = _as_float(x0, "x0")
    if x.ndim > 1:
        raise ValueError(f"`x0` must be a number or a 1-D vector. Received: x0.shape={x.shape}")
    trace = np.empty((steps + 1, *x.shape))
    trace[0] = x
    with np.errstate(over="ignore", invalid="ignore"):  # divergence is part of the lesson
        for k in range(steps):
            g = np.asarray(grad(x), dtype=np.float64)
            if g.shape != x.shape:
                raise ValueError(
                    f"`grad` must return an array shaped like x0 {x.shape}. "
                    f"Received: grad(x).shape={g.shape}"
                )
            x = x - lr * g
            trace[k + 1] = x
    return trace


__all__ = [
    "ACTIVATIONS",
    "Net222",
    "binary_cross_entropy",
    "conv2d",
    "cross_entropy",
    "dense_forward",
    "elu",
    "elu_grad",
    "get_activation",
    "gradient_descent",
    "hardlim",
    "hardlim_grad",
    "leaky_relu",
    "leaky_relu_grad",
    "linear",
    "linear_grad",
    "maxout",
    "mse",
    "pool2d",
    "predict_hidden",
    "predict_no_hidden",
    "quadratic_cost",
    "relu",
    "relu_grad",
    "sigmoid",
    "sigmoid_grad",
    "softmax",
    "tanh",
    "tanh_grad",
]
