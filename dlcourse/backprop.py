"""Deck K's step-by-step backpropagation: the 2-2-2 sigmoid network of Matt Mazur's example.

Use it through `dlcourse.scratch.Net222`. Every intermediate value of the slides is available by
name, so a notebook can print the forward pass, the errors and each factor of the chain rule.

Example:

>>> from dlcourse.scratch import Net222
>>> net = Net222.kuzovkin()
>>> round(net.forward()["out_o1"], 8)
0.75136507
>>> round(float(net.step().w[4]), 8)   # w5 after one update
0.35891648
"""

from __future__ import annotations

import numpy as np

from dlcourse import _validate
from dlcourse._validate import as_float_array


def _sigmoid(z: float) -> float:
    return float(1.0 / (1.0 + np.exp(-z)))


def _pair(values, name: str) -> tuple[float, float]:
    arr = as_float_array(values, name)
    if arr.shape != (2,):
        raise ValueError(
            f"`{name}` must be two numbers, e.g. (0.05, 0.10). Received: {name}={values!r}"
        )
    return float(arr[0]), float(arr[1])


class Net222:
    """The 2-2-2 network of deck K: inputs i1, i2; sigmoid hidden h1, h2; sigmoid outputs o1, o2.

    Weights follow the deck's numbering: w1, w2 go from i1, i2 to h1; w3, w4 from i1, i2 to h2;
    w5, w6 from h1, h2 to o1; w7, w8 from h1, h2 to o2. b1 is the hidden layer's bias (shared by
    h1 and h2), b2 the output layer's. The error is E_total = sum(1/2 (target - out)**2).

    Update convention (the one that reproduces the worked numbers): all eight weights are updated
    *simultaneously* from gradients computed with the old weights, and the biases stay fixed, as in
    Mazur's post. With lr = 0.5 this gives E_total = 0.291027774 after one update and 3.5102e-05
    after 10,000 (the deck and its source print 0.291027924 and 0.000035085, rounding slips of
    the source). Pass ``update_biases=True`` to `step`/`train` to update b1 and b2 as well (then
    the error after one update is 0.285750887).

    Args:
        w: The eight weights w1..w8.
        b: The two biases (b1, b2).

    Example:

    >>> net = Net222.kuzovkin()
    >>> round(net.errors()["E_total"], 9)
    0.298371109
    >>> round(net.gradients()["w5"], 9)
    0.082167041
    """

    INPUT = (0.05, 0.10)
    TARGET = (0.01, 0.99)

    def __init__(self, w, b) -> None:
        w = as_float_array(w, "w")
        b = as_float_array(b, "b")
        if w.shape != (8,):
            raise ValueError(
                f"`w` must hold the eight weights w1..w8. Received: w with shape {w.shape}"
            )
        if b.shape != (2,):
            raise ValueError(f"`b` must hold the two biases (b1, b2). Received: b={b.tolist()!r}")
        self.w = w.copy()
        self.b = b.copy()

    @classmethod
    def kuzovkin(cls) -> Net222:
        """The deck's start: w1..w8 = .15 .20 .25 .30 .40 .45 .50 .55, b1 = .35, b2 = .60."""
        return cls([0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55], [0.35, 0.60])

    def __repr__(self) -> str:
        ws = ", ".join(f"w{k + 1}={v:.8g}" for k, v in enumerate(self.w))
        return f"Net222({ws}, b1={self.b[0]:.8g}, b2={self.b[1]:.8g})"

    def forward(self, i=INPUT) -> dict[str, float]:
        """Forward pass. Returns net_h1, out_h1, net_h2, out_h2, net_o1, out_o1, net_o2, out_o2."""
        i1, i2 = _pair(i, "i")
        w1, w2, w3, w4, w5, w6, w7, w8 = (float(v) for v in self.w)
        b1, b2 = float(self.b[0]), float(self.b[1])
        net_h1 = w1 * i1 + w2 * i2 + b1
        out_h1 = _sigmoid(net_h1)
        net_h2 = w3 * i1 + w4 * i2 + b1
        out_h2 = _sigmoid(net_h2)
        net_o1 = w5 * out_h1 + w6 * out_h2 + b2
        out_o1 = _sigmoid(net_o1)
        net_o2 = w7 * out_h1 + w8 * out_h2 + b2
        out_o2 = _sigmoid(net_o2)
        return {
            "net_h1": net_h1, "out_h1": out_h1, "net_h2": net_h2, "out_h2": out_h2,
            "net_o1": net_o1, "out_o1": out_o1, "net_o2": net_o2, "out_o2": out_o2,
        }  # fmt: skip

    def errors(self, i=INPUT, target=TARGET) -> dict[str, float]:
        """Squared errors E_o1 = 1/2 (target_o1 - out_o1)**2, E_o2, and E_total = E_o1 + E_o2."""
        t1, t2 = _pair(target, "target")
        f = self.forward(i)
        e_o1 = 0.5 * (t1 - f["out_o1"]) ** 2
        e_o2 = 0.5 * (t2 - f["out_o2"]) ** 2
        return {"E_o1": e_o1, "E_o2": e_o2, "E_total": e_o1 + e_o2}

    def gradients(self, i=INPUT, target=TARGET) -> dict[str, float]:
        """dE_total/dw for w1..w8 and b1, b2, by the chain rule, plus the chain-rule factors.

        The factors for w5 are "dE_dout_o1" (out_o1 - target_o1), "dout_o1_dnet_o1"
        (out_o1 (1 - out_o1)) and "dnet_o1_dw5" (out_h1); "delta_o1", "delta_o2", "delta_h1",
        "delta_h2" are dE/dnet of each unit, and "dE_dout_h1", "dE_dout_h2" the errors that flow
        back to the hidden outputs.
        """
        i1, i2 = _pair(i, "i")
        t1, t2 = _pair(target, "target")
        f = self.forward(i)
        w1, w2, w3, w4, w5, w6, w7, w8 = (float(v) for v in self.w)
        # output layer: dE/dnet_o = dE/dout_o * dout_o/dnet_o
        de_dout_o1 = f["out_o1"] - t1
        de_dout_o2 = f["out_o2"] - t2
        dout_o1_dnet_o1 = f["out_o1"] * (1.0 - f["out_o1"])
        dout_o2_dnet_o2 = f["out_o2"] * (1.0 - f["out_o2"])
        delta_o1 = de_dout_o1 * dout_o1_dnet_o1
        delta_o2 = de_dout_o2 * dout_o2_dnet_o2
        # hidden layer: each hidden output feeds both outputs, so their errors add up
        de_dout_h1 = delta_o1 * w5 + delta_o2 * w7
        de_dout_h2 = delta_o1 * w6 + delta_o2 * w8
        delta_h1 = de_dout_h1 * f["out_h1"] * (1.0 - f["out_h1"])
        delta_h2 = de_dout_h2 * f["out_h2"] * (1.0 - f["out_h2"])
        return {
            "w1": delta_h1 * i1, "w2": delta_h1 * i2, "w3": delta_h2 * i1, "w4": delta_h2 * i2,
            "w5": delta_o1 * f["out_h1"], "w6": delta_o1 * f["out_h2"],
            "w7": delta_o2 * f["out_h1"], "w8": delta_o2 * f["out_h2"],
            "b1": delta_h1 + delta_h2, "b2": delta_o1 + delta_o2,
            "dE_dout_o1": de_dout_o1, "dout_o1_dnet_o1": dout_o1_dnet_o1,
            "dnet_o1_dw5": f["out_h1"],
            "delta_o1": delta_o1, "delta_o2": delta_o2, "delta_h1": delta_h1, "delta_h2": delta_h2,
            "dE_dout_h1": de_dout_h1, "dE_dout_h2": de_dout_h2,
        }  # fmt: skip

    def step(
        self, i=INPUT, target=TARGET, lr: float = 0.5, *, update_biases: bool = False
    ) -> Net222:
        """One gradient-descent update w <- w - lr * dE/dw; returns a new network (self unchanged).

        Args:
            i: The input (i1, i2). Defaults to `INPUT`.
            target: The targets (t1, t2). Defaults to `TARGET`.
            lr: Learning rate, a positive number. Defaults to 0.5 (the deck's eta).
            update_biases: Also update b1, b2. Defaults to False (the deck's convention).

        Returns:
            A new `Net222` with the updated weights.
        """
        lr = _validate.positive_number(lr, "lr", example=0.5)
        g = self.gradients(i, target)
        w = self.w - lr * np.array([g[f"w{k}"] for k in range(1, 9)])
        b = self.b - lr * np.array([g["b1"], g["b2"]]) if update_biases else self.b
        return Net222(w, b)

    def train(
        self, steps: int, i=INPUT, target=TARGET, lr: float = 0.5, *, update_biases: bool = False
    ) -> tuple[Net222, np.ndarray]:
        """Repeats `step` ``steps`` times.

        Returns:
            (the trained network, float64 array of shape (steps,) with E_total after each update).

        Example:

        >>> net, errors = Net222.kuzovkin().train(10_000)
        >>> f"{errors[0]:.9f} {errors[-1]:.4e}"
        '0.291027774 3.5102e-05'
        """
        steps = _validate.integer(steps, "steps", minimum=1)
        net = self
        history = np.empty(steps)
        for k in range(steps):
            net = net.step(i, target, lr, update_biases=update_biases)
            history[k] = net.errors(i, target)["E_total"]
        return net, history
