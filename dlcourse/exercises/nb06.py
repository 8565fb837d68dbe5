"""Exercise checks of notebook 06 (gradient descent).

The problems are the notebook's: deck W's cost J(w) = mean((z - w x)^2) / 2 on z = 2x, x = 1..8,
and the non-convex f(x) = x^4 - 3x^2 + x. The references (derivative, learning rate, paths) are
computed here with an independent loop, never in the notebook.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dlcourse import _feedback as fb
from dlcourse.exercises._core import Parts, exercise

# Deck W's one-parameter problem: z = 2x on x = 1..8.
X1 = np.arange(1.0, 9.0)
Z1 = 2.0 * X1
W_BEST = 2.0
CURVATURE = float(np.mean(X1**2))  # J''(w)

# Exercise 06.3: f(x) = x^4 - 3x^2 + x, gradient descent with lr 0.02 for 300 steps.
F_LR, F_STEPS, START_RANGE = 0.02, 300, (0.0, 3.0)


def _df(x: float) -> float:
    return 4 * x**3 - 6 * x + 1


def _descent(grad: Callable[[float], float], x0: float, lr: float, steps: int) -> np.ndarray:
    """Every point of plain gradient descent from x0 (steps + 1 values)."""
    path = [float(x0)]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            path.append(path[-1] - lr * grad(path[-1]))
    return np.array(path)


def _dJ_dw(w: float) -> float:
    return float(-np.mean(X1 * (Z1 - w * X1)))


def _what(value: object) -> str:
    """A value as a failure line names it: an array by its shape, anything else by its type."""
    if hasattr(value, "shape"):
        return f"an array of shape {tuple(value.shape)}"
    return f"a {type(value).__name__}"


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float, np.number)) and not isinstance(value, (bool, np.bool_))


@exercise(
    "06.1",
    names=("my_dJ_dw",),
    nudge="Differentiate one term (z - w x)^2 / 2 with the chain rule, then take the mean.",
    hint="The outer function is a square divided by 2, the inner one z - w x. The derivative of "
    "the inner one with respect to w brings a factor -x. Do it for every data point (x1, z1) and "
    "average with np.mean, as J does.",
)
def _derivative(p: Parts) -> None:
    ws = (1.0, 0.0, 2.5, -1.0)
    got = np.array([p.call("my_dJ_dw", p["my_dJ_dw"], w) for w in ws], dtype=object)
    p.require(all(np.ndim(g) == 0 for g in got), "my_dJ_dw",
              "returns an array, not one number: average over the data points with np.mean")
    p.require(all(_is_number(g) or hasattr(g, "dtype") for g in got), "my_dJ_dw",
              "returns something other than a number")
    values = np.array([float(g) for g in got])
    p.require(np.ptp(values) > 0, "my_dJ_dw",
              "returns the same value for every w: compute the derivative from the argument w")
    expected = np.array([_dJ_dw(w) for w in ws])
    p.close("my_dJ_dw", expected, value=values, mistakes={
        "is missing the factor x from the chain rule": np.array(
            [-np.mean(Z1 - w * X1) for w in ws]),
        "returns the cost J(w), not its derivative": np.array(
            [np.mean((Z1 - w * X1) ** 2) / 2 for w in ws]),
        "sums over the data instead of taking the mean": len(X1) * expected,
        "keeps the 1/2: the 2 of the square's derivative cancels it": expected / 2,
        "differentiates (z - w) instead of (z - w * x1): the model is w * x1": np.array(
            [-np.mean(X1 * (Z1 - w)) for w in ws]),
    })


@exercise(
    "06.2",
    names=("lr_fast", "ten_steps", "w_fast"),
    nudge="Look at the factor by which one step multiplies the distance to the minimum.",
    hint="A step multiplies the distance to the minimum by a factor that depends on the learning "
    "rate. Which learning rate makes that factor zero, so that the very first step lands on the "
    "minimum? ten_steps(lr) runs 10 steps from w = 0 with whatever rate it is given (your own "
    "loop or scratch.gradient_descent with dJ_dw) and returns the last weight; w_fast is its "
    "value for lr_fast.",
)
def _fast(p: Parts) -> None:
    lr = p["lr_fast"]
    p.require(_is_number(lr), "lr_fast", "is not a number: give the learning rate itself")
    p.require(float(lr) > 0, "lr_fast", "is not positive: a learning rate is a positive number")
    p.close("lr_fast", 1 / CURVATURE, rtol=1e-3, atol=0, mistakes={
        "is the divergence threshold: there each step jumps to the mirror image of w around the "
        "minimum and never gets closer": 2 / CURVATURE,
        "is the curvature itself: the learning rate must undo the curvature": CURVATURE,
        "is the 'good' rate of the table above: it needs several steps, not one": 0.03,
        "is the learning rate of the first run (0.01): far too small for one step": 0.01,
    })
    # Issue 20: the minimum w = 2 is in the statement, so a typed w_fast proves nothing; the
    # run is checked as a function of the learning rate, at rates whose runs end elsewhere.
    for rate in (0.002, 0.01, 0.03, 0.05, float(lr)):
        got = p.call("ten_steps", p["ten_steps"], rate)
        p.require(np.ndim(got) == 0 and (_is_number(got) or hasattr(got, "dtype")), "ten_steps",
                  f"returns {_what(got)}, not one weight: return the last weight of the run")
        want = _descent(_dJ_dw, 0.0, rate, 10)
        p.close("ten_steps", want[-1], value=float(got), rtol=1e-9, atol=1e-9, mistakes={
            f"does not use the learning rate it is given (lr={rate} ends elsewhere)":
                _descent(_dJ_dw, 0.0, float(lr), 10)[-1],
            "runs 9 steps: the run has 10": want[-2],
            "runs 11 steps: the run has 10": _descent(_dJ_dw, 0.0, rate, 11)[-1],
            "climbs the slope: a step subtracts lr times the gradient": _descent(
                lambda w: -_dJ_dw(w), 0.0, rate, 10)[-1],
        })
    path = _descent(_dJ_dw, 0.0, float(lr), 10)
    p.close("w_fast", path[-1], rtol=0, atol=1e-6, mistakes={
        "is the starting weight: run the 10 steps": 0.0,
        **{f"comes from another learning rate than lr_fast ({other}?): run the steps with "
           "lr_fast": _descent(_dJ_dw, 0.0, other, 10)[-1] for other in (0.01, 0.03)},
    })


@exercise(
    "06.3",
    names=("x_start", "x_path"),
    nudge="Look at the critical points printed above and at where each start of the figure ended.",
    hint="Gradient descent never climbs: from a start it goes down into the valley on its own "
    "side of the local maximum. Pick a start in [0, 3] on the side of the global minimum, then "
    "keep every point of the run (lr 0.02, 300 steps) as x_path.",
)
def _start(p: Parts) -> None:
    x_global, x_max, _ = np.sort(np.roots([4, 0, -6, 1]).real)
    start = p["x_start"]
    p.require(_is_number(start), "x_start", "is not a number: give the starting point itself")
    low, high = START_RANGE
    p.require(low <= float(start) <= high, "x_start",
              "is outside [0, 3], the interval the exercise allows")
    p.require(float(start) < x_max, "x_start",
              "is on the side of the local maximum that runs down into the local minimum")
    path = _descent(_df, float(start), F_LR, F_STEPS)
    p.require(abs(path[-1] - x_global) < 1e-3, "x_start",
              "is so close to the local maximum that 300 steps do not get away from it")
    p.passed("x_start")
    given = fb.to_float_array(p["x_path"])
    p.require(given is None or given.ndim != 1 or given.size == 0
              or bool(np.isclose(given[0], float(start))), "x_path",
              "does not start at x_start: run gradient descent from your x_start")
    p.close("x_path", path, atol=1e-6, mistakes={
        "is the path of another learning rate: use lr = 0.02": _descent(_df, float(start), 0.01,
                                                                        F_STEPS),
    })
