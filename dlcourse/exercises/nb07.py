"""Exercise checks of notebook 07 (backpropagation on deck K's 2-2-2 network).

The references are computed here from `Net222.kuzovkin()` (deck K's start), never taken from the
notebook, so a learner's cell cannot change them.
"""

from __future__ import annotations

import math

from dlcourse.backprop import Net222
from dlcourse.exercises._core import Parts, exercise


def _sigmoid_grad_at(out: float) -> float:
    """sigma'(net) written with the unit's output: out (1 - out)."""
    return out * (1.0 - out)


@exercise(
    "07.1",
    names=("dE_dout_o1", "dout_o1_dnet_o1", "dnet_o1_dw5", "dE_dw5"),
    nudge="Take each factor from the three bullet points above the exercise.",
    hint="Differentiate 1/2 (t1 - out)^2 with respect to out (mind the inner minus sign); the "
    "sigmoid's derivative is written with its own output; net_o1 is linear in w5, so its "
    "derivative is whatever w5 multiplies. All the values are in the dictionary fwd.",
)
def _w5(p: Parts) -> None:
    f = Net222.kuzovkin().forward()
    t1 = Net222.TARGET[0]
    out_o1, out_h1 = f["out_o1"], f["out_h1"]
    factors = (out_o1 - t1, _sigmoid_grad_at(out_o1), out_h1)
    p.close("dE_dout_o1", factors[0], mistakes={
        "is off by a factor 2: the 1/2 in front of the square cancels the 2 of its derivative":
            2 * factors[0],
        "uses the output of o2 or its target: this factor is about o1 only": f["out_o2"] - t1,
    })
    p.close("dout_o1_dnet_o1", factors[1], mistakes={
        "is sigma'(out_o1): the derivative is sigma'(net_o1), which equals out_o1 (1 - out_o1)":
            _sigmoid_grad_at(1 / (1 + math.exp(-out_o1))),
        "uses net_o1 where the output out_o1 belongs": _sigmoid_grad_at(f["net_o1"]),
        "is the sigmoid of net_o1 (its output), not its derivative": out_o1,
        "uses the hidden neuron h1 instead of the output neuron o1": _sigmoid_grad_at(out_h1),
    })
    p.close("dnet_o1_dw5", factors[2], mistakes={
        "is the output of o1: w5 multiplies the hidden output that feeds o1": out_o1,
        "is the output of h2: w5 connects h1 (w6 connects h2)": f["out_h2"],
        "is net_h1: w5 multiplies the hidden neuron's output, after the sigmoid": f["net_h1"],
        "is the weight itself: the derivative of w5 * x with respect to w5 is x": 0.40,
    })
    product = factors[0] * factors[1] * factors[2]
    p.close("dE_dw5", product, mistakes={
        "is the sum of the three factors: the chain rule multiplies them": sum(factors),
        "leaves out the last factor (dnet_o1/dw5)": factors[0] * factors[1],
        "leaves out the sigmoid's derivative": factors[0] * factors[2],
        "uses the output of h2 instead of h1": factors[0] * factors[1] * f["out_h2"],
    })


@exercise(
    "07.2",
    names=("dE_dw3",),
    nudge="Follow every path from w3 to the error, as deck Z's formula does for w1.",
    hint="w3 feeds h2, and h2 feeds both outputs: one term per output (its error, its sigmoid "
    "derivative, the weight from h2 to it), added up, then times h2's sigmoid derivative and "
    "the input that w3 multiplies. Look up in the network diagram which weights leave h2.",
)
def _w3(p: Parts) -> None:
    net = Net222.kuzovkin()
    f, g = net.forward(), net.gradients()
    w5, w6, w7, w8 = (float(v) for v in net.w[4:])
    i1 = Net222.INPUT[0]
    d_o1, d_o2 = g["delta_o1"], g["delta_o2"]
    s_h1, s_h2 = _sigmoid_grad_at(f["out_h1"]), _sigmoid_grad_at(f["out_h2"])
    p.close("dE_dw3", g["w3"], rtol=1e-4, atol=1e-12, mistakes={
        "equals dE/dw1, the gradient shown above for w1: w3 feeds h2, not h1": g["w1"],
        "equals dE/dw4: w3 multiplies the input i1, not i2": g["w4"],
        "still uses w5 and w7, the weights leaving h1 (h2 feeds the outputs through w6 and w8)":
            (d_o1 * w5 + d_o2 * w7) * s_h2 * i1,
        "still uses h1's sigmoid derivative: w3 feeds h2": (d_o1 * w6 + d_o2 * w8) * s_h1 * i1,
        "follows only the path through o1: h2 also feeds o2": d_o1 * w6 * s_h2 * i1,
        "follows only the path through o2: h2 also feeds o1": d_o2 * w8 * s_h2 * i1,
        "swaps w6 and w8: w6 goes to o1, w8 to o2": (d_o1 * w8 + d_o2 * w6) * s_h2 * i1,
        "leaves out the input i1 at the end of the chain": (d_o1 * w6 + d_o2 * w8) * s_h2,
    })
