"""Exercise checks of notebook 03 (the perceptron: a gate by hand, the rule, a gradient)."""

from __future__ import annotations

import numpy as np

from dlcourse import scratch
from dlcourse.exercises._core import Parts, exercise

# The exercises' data, as the notebook gives it (the references are computed from it here).
W_AND = np.array([0.5, 0.5])
BOUNDARY_POINT = np.array([1.0, 0.5])
OR_POINT = np.array([0.0, 0.5])  # the OR gate's boundary point of section 3
X_READ = np.array([[0.9, 1.1], [0.1, 0.95], [0.5, 1.0], [0.95, 0.05]])
Y_AND = np.array([0, 0, 0, 1])
W_NOW, P4, T4 = np.array([3.0, 0.2]), np.array([-1.0, -2.0]), 1
X_LINE = np.arange(1.0, 9.0)
T_LINE = 2.0 * X_LINE + 4.0
W_START, B_START = 3.0, 2.0


def _hardlim(n):
    return np.where(np.asarray(n) >= 0, 1.0, 0.0)


@exercise(
    "03.1",
    names=("b_and", "a_and"),
    nudge="Do as section 3 did for OR: the bias from a point on the boundary, then hardlim.",
    hint="On the boundary the net input w . p + b is exactly 0: solve that for b with the given "
    "point. Then every reading gets hardlim of its own net input (one matrix product for all "
    "four rows); hardlim gives 1 for a net input of exactly 0.",
)
def _and_gate(p: Parts) -> None:
    bias = float(-W_AND @ BOUNDARY_POINT)
    p.close("b_and", bias, mistakes={
        "has the wrong sign: on the boundary w . p + b = 0, so b is minus w . p": -bias,
        "is the OR gate's bias: use the AND boundary point (1, 0.5)": float(-W_AND @ OR_POINT),
        "leaves out the weights: b is minus the weighted sum w . p": -BOUNDARY_POINT.sum(),
    })
    net = X_READ @ W_AND + bias
    p.close("a_and", _hardlim(net), mistakes={
        "is the truth table of AND (y_and): compute the perceptron's outputs for the readings "
        "in X_read": Y_AND,
        "are the net inputs: pass them through scratch.hardlim": net,
        "gives 0 for the reading exactly on the boundary: hardlim(0) is 1": np.where(net > 0, 1, 0),
        "is 1 for every reading: check that the net input includes the bias": np.ones(4),
    })


@exercise(
    "03.2",
    names=("a4", "e4", "w4"),
    nudge="Present p4 as the loop of section 4 presents p1, p2 and p3 (no bias here).",
    hint="The perceptron's output is hardlim of the weighted sum of the pattern with the current "
    "weights; the error compares the target with that output (which one comes first matters); the "
    "unified rule of section 4 then moves the weights by the error times the pattern.",
)
def _rule(p: Parts) -> None:
    n = float(W_NOW @ P4)
    a = int(_hardlim(n))
    e = T4 - a
    p.equal("a4", a, mistakes={
        "is the target t4, not the perceptron's output": T4,
    } if a != T4 else None, what="is not hardlim of the net input w . p4")
    p.equal("e4", e, mistakes={
        "has the wrong sign: the error is target minus output": -e,
    } if e else None, what="is not the target minus the output")
    p.close("w4", W_NOW + e * P4, mistakes={
        "subtracts e * p4: the rule adds the error times the pattern": W_NOW - e * P4,
        "is unchanged, although the error is not 0": W_NOW,
        "is p4 itself: the rule adds e * p4 to the old weights instead of replacing them": P4,
    })


@exercise(
    "03.3",
    names=("dC_dw", "dC_db"),
    nudge="Use the two derivatives of section 9 at the starting point w = 3, b = 2.",
    hint="Compute the outputs a of the starting line for all eight x first. Both derivatives are "
    "minus a mean over the eight points of the error t - a, for dC/dw with each error multiplied "
    "by its own x. The 1/2 of the cost cancels with the 2 of the square.",
)
def _gradient(p: Parts) -> None:
    def cost(w: float, b: float) -> float:
        return scratch.quadratic_cost(T_LINE, w * X_LINE + b)

    h = 1e-6  # the slopes of the cost itself (central differences), not the formulas
    dw = (cost(W_START + h, B_START) - cost(W_START - h, B_START)) / (2 * h)
    db = (cost(W_START, B_START + h) - cost(W_START, B_START - h)) / (2 * h)
    n = len(X_LINE)
    p.close("dC_dw", dw, mistakes={
        "sums over the eight points instead of averaging": dw * n,
        "is half the slope: the 2 of the square cancels the 1/2 of the cost": dw / 2,
        "is dC/db: dC/dw multiplies each error by its x": db,
        "is 0: that is the slope at the learned line, not at the start w = 3, b = 2": 0.0,
    })
    p.close("dC_db", db, mistakes={
        "sums over the eight points instead of averaging": db * n,
        "is half the slope: the 2 of the square cancels the 1/2 of the cost": db / 2,
        "multiplies by x: the bias's input is 1, so dC/db has no factor x": dw,
    })
