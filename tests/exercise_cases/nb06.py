"""Notebook 06: reference solutions and wrong answers."""

import numpy as np

x1 = np.arange(1.0, 9.0)
z1 = 2 * x1
curvature = np.mean(x1**2)


def descent(grad, x0, lr, steps):
    path = [x0]
    for _ in range(steps):
        path.append(path[-1] - lr * grad(path[-1]))
    return np.array(path)


def dJ_dw(w):
    return -np.mean(x1 * (z1 - w * x1))


def df(x):
    return 4 * x**3 - 6 * x + 1


def ten_steps(lr):
    return descent(dJ_dw, 0.0, lr, 10)[-1]


def fast(lr_fast, w_fast, function=ten_steps):
    return {"lr_fast": lr_fast, "ten_steps": function, "w_fast": w_fast}


def start(x_start, x_path):
    return {"x_start": x_start, "x_path": x_path}


CASES = {
    "06.1": {
        "right": lambda: {"my_dJ_dw": dJ_dw},
        "wrong": {
            "stub": lambda: {"my_dJ_dw": ...},
            "stub function": lambda: {"my_dJ_dw": lambda w: ...},
            "sign flipped": lambda: {"my_dJ_dw": lambda w: np.mean(x1 * (z1 - w * x1))},
            "factor x missing": lambda: {"my_dJ_dw": lambda w: -np.mean(z1 - w * x1)},
            "sum, not mean": lambda: {"my_dJ_dw": lambda w: -np.sum(x1 * (z1 - w * x1))},
            "no mean at all": lambda: {"my_dJ_dw": lambda w: -x1 * (z1 - w * x1)},
            "the cost itself": lambda: {"my_dJ_dw": lambda w: np.mean((z1 - w * x1) ** 2) / 2},
            "the value at w = 1 copied": lambda: {"my_dJ_dw": lambda w: -25.5},
        },
    },
    "06.2": {
        "right": lambda: fast(1 / curvature, descent(dJ_dw, 0.0, 1 / curvature, 10)[-1]),
        "wrong": {
            "stub": lambda: fast(..., ..., ...),
            "stub function": lambda: fast(1 / curvature, 2.0, lambda lr: ...),
            "w_fast = 2.0 typed, lr never chosen": lambda: fast(0.01, 2.0),
            "the minimum typed in as the run's end, whatever the rate": lambda: fast(
                1 / curvature, 2.0, lambda lr: 2.0),
            "the run with lr_fast, whatever the rate": lambda: fast(
                1 / curvature, 2.0, lambda lr: ten_steps(1 / curvature)),
            "the good rate of the table": lambda: fast(0.03, descent(dJ_dw, 0.0, 0.03, 10)[-1]),
            "the divergence threshold": lambda: fast(2 / curvature, 2.0),
            "the curvature": lambda: fast(curvature, 2.0),
            "the start as w_fast": lambda: fast(1 / curvature, 0.0),
            "a negative rate": lambda: fast(-1 / curvature, 2.0),
        },
    },
    "06.3": {
        "right": lambda: start(0.1, descent(df, 0.1, 0.02, 300)),
        "wrong": {
            "stub": lambda: start(..., ...),
            "x_start unchecked: a start that ends in the local minimum": lambda: start(
                0.5, descent(df, -2.0, 0.02, 300)),
            "outside [0, 3]": lambda: start(-2.0, descent(df, -2.0, 0.02, 300)),
            "just right of the local maximum": lambda: start(0.17, descent(df, 0.17, 0.02, 300)),
            "path of the figure's start": lambda: start(0.1, descent(df, 0.0, 0.02, 300)),
            "200 steps": lambda: start(0.1, descent(df, 0.1, 0.02, 200)),
            "only the end point": lambda: start(0.1, descent(df, 0.1, 0.02, 300)[-1]),
        },
    },
}

# Issue 20: further mistakes, each with the words its diagnosis must contain.
LR_FAST = 1 / curvature
DIAGNOSED = {
    "06.1": {
        "the 1/2 kept": (lambda: {"my_dJ_dw": lambda w: -np.mean(x1 * (z1 - w * x1)) / 2},
                         "keeps the 1/2"),
        "x left out of w x": (lambda: {"my_dJ_dw": lambda w: -np.mean(x1 * (z1 - w))},
                              "w * x1"),
        "the same value for every w": (lambda: {"my_dJ_dw": lambda w: 0.0},
                                       "same value for every w"),
    },
    "06.2": {
        "the rate as a string": (lambda: fast("0.039", 2.0), "not a number"),
        "the whole path as w_fast": (lambda: fast(LR_FAST, descent(dJ_dw, 0.0, LR_FAST, 10)),
                                     "shape"),
        "steps run with the first run's rate": (lambda: fast(
            LR_FAST, descent(dJ_dw, 0.0, 0.01, 10)[-1]), "another learning rate"),
        "the function runs 9 steps": (lambda: {"ten_steps": lambda lr: descent(
            dJ_dw, 0.0, lr, 9)[-1]}, "runs 9 steps"),
        "the function climbs": (lambda: {"ten_steps": lambda lr: descent(
            lambda w: -dJ_dw(w), 0.0, lr, 10)[-1]}, "climbs the slope"),
        "the function returns the path": (lambda: {"ten_steps": lambda lr: descent(
            dJ_dw, 0.0, lr, 10)}, "not one weight"),
    },
    "06.3": {
        "path with lr 0.01": (lambda: start(0.1, descent(df, 0.1, 0.01, 300)),
                              "another learning rate"),
        "path from another start": (lambda: start(0.1, descent(df, 0.05, 0.02, 300)),
                                    "does not start at x_start"),
        "start as a string": (lambda: start("0.1", descent(df, 0.1, 0.02, 300)),
                              "not a number"),
    },
}
