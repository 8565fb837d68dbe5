"""Rosenblatt's perceptron in NumPy, recording every step of its learning rule.

The perceptron computes ``a = hardlim(w . p + b)`` and, after each presented sample, applies
Rosenblatt's rule ``e = t - a``, ``w <- w + lr * e * p``, ``b <- b + lr * e``. Training stops
after the first epoch without an error (the convergence theorem promises one for linearly
separable data) or after ``epochs`` epochs (XOR never gets there).

``dlcourse.models`` re-exports `Perceptron`; import it from there.

Example:

>>> import numpy as np

from dlcourse import _validate
>>> P = np.array([[1.0, 2.0], [-1.0, 2.0], [0.0, -1.0]])
>>> t = np.array([1, 0, 0])
>>> p = Perceptron(use_bias=False, weights=[1.0, -0.8]).fit(P, t)
>>> p.weights_.round(2).tolist(), p.converged_, p.epochs_
([3.0, 0.2], True, 2)
"""

from __future__ import annotations

import dataclasses

import numpy as np

from dlcourse import _validate


@dataclasses.dataclass(frozen=True)
class PerceptronStep:
    """One presentation of one sample during `Perceptron.fit`.

    Attributes:
        epoch: 1-based epoch number.
        index: 0-based row of the sample in ``X`` (the table prints it as ``p1``, ``p2``, ...).
        sample: the input vector ``p``.
        target: the target ``t`` (0 or 1).
        net: the net input ``w . p + b`` before the update.
        output: ``a = hardlim(net)`` before the update.
        error: ``e = t - a`` (-1, 0 or 1).
        weights: the weights after the update.
        bias: the bias after the update (0.0 when the perceptron has no bias).
    """

    epoch: int
    index: int
    sample: np.ndarray
    target: int
    net: float
    output: int
    error: int
    weights: np.ndarray
    bias: float


def _check_X(X, name: str = "X") -> np.ndarray:
    arr = np.asarray(X)
    if arr.dtype == object or not np.issubdtype(arr.dtype, np.number):
        raise ValueError(
            f"`{name}` must be a numeric array. Received: {name} of dtype {arr.dtype}."
        )
    if arr.ndim != 2 or arr.shape[0] == 0:
        hint = " For one sample use X[None, :] or np.atleast_2d(x)." if arr.ndim == 1 else ""
        raise ValueError(
            f"`{name}` must be a 2-D array of shape (n_samples, n_features).{hint} "
            f"Received: {name}.shape={arr.shape}"
        )
    arr = arr.astype(np.float64)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"`{name}` contains NaN or infinite values; clean the data first.")
    return arr


def _fmt(x: float) -> str:
    """Stable short text of a number: 4 decimals at most, -0.0 printed as 0.0 (2.0, 1.2, -0.8)."""
    return np.format_float_positional(round(float(x), 4) + 0.0, trim="0")


def _fmt_vec(v) -> str:
    return "(" + ", ".join(_fmt(x) for x in v) + ")"


class Perceptron:
    """A single perceptron trained with Rosenblatt's learning rule (NumPy, float64).

    Args:
        learning_rate: step size ``lr`` of the rule, > 0. Defaults to 1.0 (the decks' value).
        use_bias: learn a bias ``b``. Defaults to True. The deck's "Learning Rule Test Problem"
            uses ``use_bias=False``.
        weights: initial weights, one per input feature. Defaults to None: zeros, or uniform
            random values in [-1, 1) when ``seed`` is given.
        bias: initial bias. Must be 0.0 when ``use_bias=False``. Defaults to 0.0.
        seed: seed for random initial weights (only used when ``weights`` is None).
            Defaults to None.
        hardlim_zero: output for a net input of exactly 0, 1 (the decks' ``hardlim``) or 0.
            Defaults to 1.

    Attributes (after `fit`):
        weights_: learned weights, float64 of shape (n_features,).
        bias_: learned bias (0.0 without bias).
        converged_: True when an epoch ended without an error.
        epochs_: number of epochs run.
        steps_: list of `PerceptronStep`, one per presented sample.

    Example:

    >>> from dlcourse.toy import logic_gate
    >>> X, y = logic_gate("and")
    >>> Perceptron().fit(X, y).predict(X).tolist()
    [0, 0, 0, 1]
    """

    def __init__(
        self,
        *,
        learning_rate: float = 1.0,
        use_bias: bool = True,
        weights=None,
        bias: float = 0.0,
        seed: int | None = None,
        hardlim_zero: int = 1,
    ):
        learning_rate = _validate.positive_number(learning_rate, "learning_rate", example=1.0)
        use_bias = _validate.boolean(use_bias, "use_bias")
        bias = _validate.finite_number(bias, "bias")
        if not use_bias and bias != 0:
            raise ValueError(
                "`bias` must be 0.0 when use_bias=False (the perceptron has no bias). "
                f"Received: bias={bias!r}; pass use_bias=True to learn a bias."
            )
        hardlim_zero = _validate.one_of(hardlim_zero, "hardlim_zero", (1, 0))
        if seed is not None and not _validate.is_integer(seed):
            raise ValueError(f"`seed` must be an integer or None. Received: seed={seed!r}")
        if weights is not None:
            try:
                w = np.asarray(weights, dtype=np.float64)
            except (TypeError, ValueError):
                w = np.empty((0,))
            if w.ndim != 1 or w.size == 0 or not np.all(np.isfinite(w)):
                raise ValueError(
                    "`weights` must be a non-empty 1-D list of finite numbers, one per input "
                    f"feature, e.g. [1.0, -0.8]. Received: weights={weights!r}"
                )
            weights = w
        self.learning_rate = float(learning_rate)
        self.use_bias = use_bias
        self.weights = weights
        self.bias = float(bias)
        self.seed = seed
        self.hardlim_zero = hardlim_zero
        self.steps_: list[PerceptronStep] = []

    def _hardlim(self, net: np.ndarray) -> np.ndarray:
        out = (net > 0).astype(np.int64)
        out[net == 0] = self.hardlim_zero
        return out

    def _initial_weights(self, n_features: int) -> np.ndarray:
        if self.weights is not None:
            if self.weights.size != n_features:
                raise ValueError(
                    f"`weights` has {self.weights.size} values but X has {n_features} features "
                    f"(columns). Received: weights={self.weights.tolist()}; give one weight "
                    "per column of X."
                )
            return self.weights.copy()
        if self.seed is None:
            return np.zeros(n_features)
        return np.random.default_rng(self.seed).uniform(-1.0, 1.0, n_features)

    def fit(self, X, t, *, epochs: int = 100) -> Perceptron:
        """Train with Rosenblatt's rule, one sample at a time, in the order of ``X``.

        Args:
            X: inputs, array of shape (n_samples, n_features).
            t: targets 0 or 1, shape (n_samples,) or (n_samples, 1).
            epochs: maximum number of passes over the data, >= 1. Training stops early after
                the first epoch without an error. Defaults to 100.

        Returns:
            The perceptron itself (``weights_``, ``bias_``, ``converged_``, ``epochs_`` and
            ``steps_`` are set). Data that is not linearly separable (XOR) gives
            ``converged_ = False``; no exception.

        Raises:
            ValueError: for badly shaped ``X``/``t``, targets other than 0/1, a weight vector of
                the wrong length or a bad ``epochs``.
        """
        X = _check_X(X)
        epochs = _validate.integer(epochs, "epochs", minimum=1)
        t_arr = np.asarray(t)
        if t_arr.ndim == 2 and t_arr.shape[1] == 1:
            t_arr = t_arr[:, 0]
        if t_arr.ndim != 1 or t_arr.shape[0] != X.shape[0]:
            raise ValueError(
                f"`t` must have one target per row of X, shape ({X.shape[0]},). "
                f"Received: t.shape={t_arr.shape} with X.shape={X.shape}"
            )
        if not np.all(np.isin(t_arr, (0, 1))):
            bad = sorted(set(np.unique(t_arr).tolist()) - {0, 1})
            raise ValueError(
                f"`t` must contain only 0 and 1 (hardlim outputs). Received values: {bad}; "
                "map your labels to 0/1 first, e.g. t = (y == positive_class).astype(int)."
            )
        t_arr = t_arr.astype(np.int64)

        w = self._initial_weights(X.shape[1])
        b = self.bias
        self.steps_ = []
        self.converged_ = False
        self.epochs_ = 0
        for epoch in range(1, epochs + 1):
            errors = 0
            for i, (p, target) in enumerate(zip(X, t_arr, strict=True)):
                net = float(p @ w + b)
                a = int(self._hardlim(np.array([net]))[0])
                e = int(target) - a
                if e != 0:
                    errors += 1
                    w = w + self.learning_rate * e * p
                    if self.use_bias:
                        b = b + self.learning_rate * e
                self.steps_.append(
                    PerceptronStep(epoch, i, p.copy(), int(target), net, a, e, w.copy(), float(b))
                )
            self.epochs_ = epoch
            if errors == 0:
                self.converged_ = True
                break
        self.weights_ = w
        self.bias_ = float(b)
        return self

    def _params(self) -> tuple[np.ndarray, float]:
        if hasattr(self, "weights_"):
            return self.weights_, self.bias_
        if self.weights is not None:
            return self.weights, self.bias
        raise RuntimeError(
            "This Perceptron has no weights yet: call fit(X, t) first, or pass weights=[...] "
            "to Perceptron(...) to set them by hand."
        )

    def net_input(self, X) -> np.ndarray:
        """Net input ``X @ w + b``, float64 of shape (n_samples,).

        Args:
            X: inputs, array of shape (n_samples, n_features).

        Returns:
            The net inputs, one per row.

        Raises:
            ValueError: if X does not have one column per weight.
            RuntimeError: if there are no weights yet (neither fitted nor given).
        """
        w, b = self._params()
        X = _check_X(X)
        if X.shape[1] != w.size:
            raise ValueError(
                f"`X` must have {w.size} columns, one per weight. Received: X.shape={X.shape}"
            )
        return X @ w + b

    def predict(self, X) -> np.ndarray:
        """Outputs ``hardlim(X @ w + b)``: int64 array of 0/1, shape (n_samples,).

        Args:
            X: inputs, array of shape (n_samples, n_features).

        Returns:
            The 0/1 outputs.
        """
        return self._hardlim(self.net_input(X))

    def trace_table(self) -> str:
        """The learning rule step by step, one row per presented sample (plain, stable text).

        Returns:
            A table with columns epoch, sample, p, t, net, a, e, w after (and b after when the
            perceptron has a bias), ending with a line saying whether it converged.

        Raises:
            RuntimeError: if `fit` has not been called.
        """
        if not hasattr(self, "converged_"):
            raise RuntimeError("Nothing to show yet: call fit(X, t) before trace_table().")
        header = ["epoch", "sample", "p", "t", "net", "a", "e", "w after"]
        if self.use_bias:
            header.append("b after")
        rows = []
        for s in self.steps_:
            row = [
                str(s.epoch), f"p{s.index + 1}", _fmt_vec(s.sample), str(s.target),
                _fmt(s.net), str(s.output), f"{s.error:+d}" if s.error else "0",
                _fmt_vec(s.weights),
            ]
            if self.use_bias:
                row.append(_fmt(s.bias))
            rows.append(row)
        widths = [max(len(r[j]) for r in [header, *rows]) for j in range(len(header))]
        lines = [
            "  ".join(c.ljust(wd) for c, wd in zip(r, widths, strict=True)).rstrip()
            for r in [header, *rows]
        ]
        if self.converged_:
            lines.append(f"converged: epoch {self.epochs_} had no error")
        else:
            lines.append(f"not converged after {self.epochs_} epochs")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"Perceptron(learning_rate={self.learning_rate}, use_bias={self.use_bias}, "
            f"hardlim_zero={self.hardlim_zero})"
        )
