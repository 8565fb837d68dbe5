"""Exercise checks of notebook 07 (backpropagation on deck K's 2-2-2 network).

Both exercises ask for a function of the forward pass, called here on deck K's start and on other
networks (other weights, biases, inputs and targets), so the package's `Net222.gradients()` of the
notebook's network, or numbers copied from the screen, cannot pass: only the chain rule does.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np

from dlcourse.backprop import Net222
from dlcourse.exercises._core import Parts, exercise, kind


def _sigmoid_grad_at(out: float) -> float:
    """sigma'(net) written with the unit's output: out (1 - out)."""
    return out * (1.0 - out)


def _cases() -> Iterator[tuple[Net222, tuple[float, float], tuple[float, float]]]:
    """(network, inputs, targets): deck K's start first, then networks the notebook never shows."""
    yield Net222.kuzovkin(), Net222.INPUT, Net222.TARGET
    rng = np.random.default_rng(7)
    for _ in range(3):
        yield (Net222(rng.uniform(-1.5, 1.5, 8), rng.uniform(-0.5, 0.8, 2)),
               tuple(rng.uniform(-1, 1, 2)), tuple(rng.uniform(0.05, 0.95, 2)))


_NOTEBOOK = Net222.kuzovkin().gradients()  # the numbers of the notebook's own network
_FIXED = ("is the value for the notebook's network, whatever network the function is given: "
          "compute it from the arguments")


def _weights(net: Net222) -> dict[str, float]:
    return {f"w{k}": float(v) for k, v in enumerate(net.w, start=1)}


@exercise(
    "07.1",
    names=("w5_chain",),
    nudge="Take each factor from the three bullet points above the exercise.",
    hint="Differentiate 1/2 (t1 - out)^2 with respect to out (mind the inner minus sign); the "
    "sigmoid's derivative is written with its own output; net_o1 is linear in w5, so its "
    "derivative is whatever w5 multiplies. Read every value from the dictionary `fwd` your "
    "function receives (the check gives it other networks too).",
)
def _w5(p: Parts) -> None:
    name = "w5_chain"
    for net, inputs, (t1, _) in _cases():
        f = net.forward(inputs)
        out = p.call(name, p[name], dict(f), t1)
        p.require(isinstance(out, (tuple, list)) and len(out) == 4, name,
                  f"returns {kind(out)}: return the four values in order, "
                  "return dE_dout_o1, dout_o1_dnet_o1, dnet_o1_dw5, dE_dw5")
        out_o1, out_h1 = f["out_o1"], f["out_h1"]
        factors = (out_o1 - t1, _sigmoid_grad_at(out_o1), out_h1)
        names = ("dE_dout_o1", "dout_o1_dnet_o1", "dnet_o1_dw5", "dE_dw5")
        part = {n: f"{n} (from w5_chain)" for n in names}
        values = dict(zip(names, out, strict=True))
        for n in names:
            p.require(np.ndim(values[n]) == 0 and not isinstance(values[n], (str, bool)),
                      part[n], "is not one number")
        p.close(part["dE_dout_o1"], factors[0], value=values["dE_dout_o1"], mistakes={
            _FIXED: _NOTEBOOK["dE_dout_o1"],
            "has the wrong sign: the derivative of 1/2 (t1 - out)^2 is -(t1 - out)":
                -factors[0],
            "is off by a factor 2: the 1/2 in front of the square cancels the 2 of its "
            "derivative": 2 * factors[0],
            "uses the output of o2: this factor is about o1 only": f["out_o2"] - t1,
        })
        p.close(part["dout_o1_dnet_o1"], factors[1], value=values["dout_o1_dnet_o1"], mistakes={
            "is sigma'(out_o1): the derivative is sigma'(net_o1), which equals out_o1 (1 - out_o1)":
                _sigmoid_grad_at(1 / (1 + math.exp(-out_o1))),
            "uses net_o1 where the output out_o1 belongs": _sigmoid_grad_at(f["net_o1"]),
            "is the sigmoid of net_o1 (its output), not its derivative": out_o1,
            "uses the hidden neuron h1 instead of the output neuron o1": _sigmoid_grad_at(out_h1),
        })
        p.close(part["dnet_o1_dw5"], factors[2], value=values["dnet_o1_dw5"], mistakes={
            "is the output of o1: w5 multiplies the hidden output that feeds o1": out_o1,
            "is the output of h2: w5 connects h1 (w6 connects h2)": f["out_h2"],
            "is net_h1: w5 multiplies the hidden neuron's output, after the sigmoid": f["net_h1"],
            "is the weight w5 itself: the derivative of w5 * x with respect to w5 is x":
                float(net.w[4]),
        })
        product = factors[0] * factors[1] * factors[2]
        p.close(part["dE_dw5"], product, value=values["dE_dw5"], mistakes={
            "is the sum of the three factors: the chain rule multiplies them": sum(factors),
            "leaves out the last factor (dnet_o1/dw5)": factors[0] * factors[1],
            "leaves out the sigmoid's derivative": factors[0] * factors[2],
            "uses the output of h2 instead of h1": factors[0] * factors[1] * f["out_h2"],
        })
    p.passed(name)


@exercise(
    "07.2",
    names=("dE_dw3",),
    nudge="Follow every path from w3 to the error, as deck Z's formula does for w1.",
    hint="w3 feeds h2, and h2 feeds both outputs: one term per output (its error, its sigmoid "
    "derivative, the weight from h2 to it), added up, then times h2's sigmoid derivative and "
    "the input that w3 multiplies. The list of weights in section 2 says which weights leave h2. "
    "Use only what your function receives: the check gives it other networks too.",
)
def _w3(p: Parts) -> None:
    name = "dE_dw3"
    for net, inputs, (y1, y2) in _cases():
        f, g = net.forward(inputs), net.gradients(inputs, (y1, y2))
        w = _weights(net)
        i1 = inputs[0]
        got = p.call(name, p[name], dict(f), dict(w), y1, y2, i1)
        p.require(np.ndim(got) == 0 and not isinstance(got, (str, bool)), name,
                  f"returns {kind(got)}, not one number")
        d_o1, d_o2 = g["delta_o1"], g["delta_o2"]
        s_h1, s_h2 = _sigmoid_grad_at(f["out_h1"]), _sigmoid_grad_at(f["out_h2"])
        w5, w6, w7, w8 = w["w5"], w["w6"], w["w7"], w["w8"]
        p.close(name, g["w3"], value=got, rtol=1e-6, atol=1e-12, mistakes={
            _FIXED: _NOTEBOOK["w3"],
            "gives dE/dw1, deck Z's formula as it stands: w3 feeds h2, not h1": g["w1"],
            "gives dE/dw4: w3 multiplies the input i1, not i2": g["w4"],
            "still uses w5 and w7, the weights leaving h1 (h2 feeds the outputs through w6 and "
            "w8)": (d_o1 * w5 + d_o2 * w7) * s_h2 * i1,
            "still uses h1's sigmoid derivative: w3 feeds h2": (d_o1 * w6 + d_o2 * w8) * s_h1 * i1,
            "follows only the path through o1: h2 also feeds o2": d_o1 * w6 * s_h2 * i1,
            "follows only the path through o2: h2 also feeds o1": d_o2 * w8 * s_h2 * i1,
            "swaps w6 and w8: w6 goes to o1, w8 to o2": (d_o1 * w8 + d_o2 * w6) * s_h2 * i1,
            "leaves out the input i1 at the end of the chain": (d_o1 * w6 + d_o2 * w8) * s_h2,
            "has the errors (out - y) the wrong way round": -g["w3"],
            "swaps the targets y1 and y2": (
                (f["out_o1"] - y2) * _sigmoid_grad_at(f["out_o1"]) * w6
                + (f["out_o2"] - y1) * _sigmoid_grad_at(f["out_o2"]) * w8) * s_h2 * i1,
        })
    p.passed(name)
