"""Small, exactly known data sets of the lectures: logic gates, the perceptron test problem,
points on a line and two-feature two-class sets for decision boundaries."""

import numpy as np

from dlcourse import _validate

_GATES = {
    "and": (0, 0, 0, 1),
    "or": (0, 1, 1, 1),
    "xor": (0, 1, 1, 0),
    "nand": (1, 1, 1, 0),
    "nor": (1, 0, 0, 0),
}
_KINDS = ("blobs", "moons", "circles")


def logic_gate(name: str) -> tuple[np.ndarray, np.ndarray]:
    """The truth table of a two-input logic gate.

    Args:
        name: one of `"and"`, `"or"`, `"xor"`, `"nand"`, `"nor"` (any case).

    Returns:
        `(X, y)`: `X` float64 of shape (4, 2) with rows 00, 01, 10, 11 and `y` int64 of
        shape (4,) with the gate's output for each row.

    Raises:
        ValueError: for an unknown gate name.

    Example:

    >>> X, y = logic_gate("xor")
    >>> X.tolist(), y.tolist()
    ([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [0, 1, 1, 0])
    """
    key = name.lower() if isinstance(name, str) else name
    if key not in _GATES:
        raise ValueError(
            f"Unknown logic gate; use one of {', '.join(repr(g) for g in _GATES)}. "
            f"Received: name={name!r}"
        )
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    return X, np.array(_GATES[key], dtype=np.int64)


def perceptron_test_problem() -> tuple[np.ndarray, np.ndarray]:
    """The learning-rule test problem of deck W: three points, one positive.

    Returns:
        `(P, t)`: inputs `P` float64 (3, 2) = [[1, 2], [-1, 2], [0, -1]] and targets `t`
        int64 (3,) = [1, 0, 0].

    Example:

    >>> P, t = perceptron_test_problem()
    >>> P.shape, t.tolist()
    ((3, 2), [1, 0, 0])
    """
    P = np.array([[1, 2], [-1, 2], [0, -1]], dtype=np.float64)
    return P, np.array([1, 0, 0], dtype=np.int64)


def linear_data(
    *,
    slope: float = 2.0,
    intercept: float = 4.0,
    x: np.ndarray | None = None,
    n: int = 8,
    noise: float = 0.0,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Points on the line y = slope * x + intercept (deck W: y = 2x + 4, x = 1..8).

    Args:
        slope: slope of the line. Defaults to 2.0.
        intercept: intercept of the line. Defaults to 4.0.
        x: the inputs (1-D). Defaults to None, meaning 1, 2, ..., n.
        n: number of points when `x` is None. Defaults to 8.
        noise: standard deviation of Gaussian noise added to y. Defaults to 0.0 (exact).
        seed: seed of the noise generator. Defaults to 0.

    Returns:
        `(x, y)`: two float64 arrays of shape (n,).

    Raises:
        ValueError: for `n < 1`, negative `noise` or a non-1-D `x`.

    Example:

    >>> x, y = linear_data(n=3)
    >>> x.tolist(), y.tolist()
    ([1.0, 2.0, 3.0], [6.0, 8.0, 10.0])
    """
    _validate.finite_number(noise, "noise", minimum=0, example="0.5 (a standard deviation)")
    if x is None:
        n = _validate.integer(n, "n", minimum=1)
        x = np.arange(1, n + 1, dtype=np.float64)
    else:
        x = np.asarray(x, dtype=np.float64)
        if x.ndim != 1:
            raise ValueError(
                "x must be 1-D (one input per point); use x.ravel(). "
                f"Received: x with shape {x.shape}"
            )
    y = slope * x + intercept
    if noise > 0:
        y = y + np.random.default_rng(seed).normal(0.0, noise, size=x.shape)
    return x, y


def two_class_2d(
    *, n: int = 200, kind: str = "blobs", noise: float = 0.1, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """A two-feature, two-class data set for decision boundaries (scikit-learn generators).

    Args:
        n: number of points. Defaults to 200.
        kind: `"blobs"` (two Gaussian clusters, linearly separable), `"moons"` or `"circles"`
            (not linearly separable). Defaults to `"blobs"`.
        noise: standard deviation of the noise for moons and circles; for blobs (centred at
            (-3, -3) and (3, 3)), the cluster standard deviation is `10 * noise`. Defaults to 0.1.
        seed: random seed. Defaults to 0.

    Returns:
        `(X, y)`: `X` float64 (n, 2) and `y` int64 (n,) with labels 0 and 1.

    Raises:
        ValueError: for an unknown `kind`, `n < 2` or negative `noise`.

    Example:

    >>> X, y = two_class_2d(n=10, kind="moons")
    >>> X.shape, sorted(set(y.tolist()))
    ((10, 2), [0, 1])
    """
    from sklearn import datasets

    _validate.one_of(kind, "kind", _KINDS)
    n = _validate.integer(n, "n", minimum=2)  # two classes
    _validate.finite_number(noise, "noise", minimum=0)
    if kind == "blobs":
        X, y = datasets.make_blobs(
            n_samples=n, centers=[(-3.0, -3.0), (3.0, 3.0)], cluster_std=10 * noise,
            random_state=seed,
        )
    elif kind == "moons":
        X, y = datasets.make_moons(n_samples=n, noise=noise, random_state=seed)
    else:
        X, y = datasets.make_circles(n_samples=n, noise=noise, factor=0.5, random_state=seed)
    return X.astype(np.float64), y.astype(np.int64)
