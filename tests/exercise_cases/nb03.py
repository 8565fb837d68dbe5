"""Notebook 03: reference solutions and wrong answers."""

import numpy as np

w_and, boundary_point = np.array([0.5, 0.5]), np.array([1.0, 0.5])
X_read = np.array([[0.9, 1.1], [0.1, 0.95], [0.5, 1.0], [0.95, 0.05]])
y_and = np.array([0, 0, 0, 1])  # the truth table in view (logic_gate("and"))
b_and = -w_and @ boundary_point


def hardlim(n):
    return np.where(n >= 0, 1.0, 0.0)


a_and = hardlim(X_read @ w_and + b_and)

w_now, p4, t4 = np.array([3.0, 0.2]), np.array([-1.0, -2.0]), 1
a4 = int(hardlim(w_now @ p4))
e4 = t4 - a4

x_ex = np.arange(1.0, 9.0)
t_ex = 2.0 * x_ex + 4.0
a_ex = 3.0 * x_ex + 2.0
dC_dw, dC_db = -np.mean((t_ex - a_ex) * x_ex), -np.mean(t_ex - a_ex)

CASES = {
    "03.1": {
        "right": lambda: {"b_and": b_and, "a_and": a_and},
        "wrong": {
            "stub": lambda: {"b_and": ..., "a_and": ...},
            "the truth table copied": lambda: {"b_and": b_and, "a_and": y_and},
            "bias with the wrong sign": lambda: {"b_and": -b_and, "a_and": a_and},
            "the OR bias": lambda: {"b_and": -0.25, "a_and": hardlim(X_read @ w_and - 0.25)},
            "strict threshold at the boundary": lambda: {
                "b_and": b_and, "a_and": (X_read @ w_and + b_and > 0).astype(float)},
            "net inputs, no hardlim": lambda: {"b_and": b_and, "a_and": X_read @ w_and + b_and},
            "no bias in the outputs": lambda: {"b_and": b_and, "a_and": hardlim(X_read @ w_and)},
        },
    },
    "03.2": {
        "right": lambda: {"a4": a4, "e4": e4, "w4": w_now + e4 * p4},
        "wrong": {
            "stub": lambda: {"a4": ..., "e4": ..., "w4": ...},
            "data in view copied": lambda: {"a4": t4, "e4": 0, "w4": w_now},
            "error with the wrong sign": lambda: {"a4": a4, "e4": a4 - t4, "w4": w_now - e4 * p4},
            "update subtracted": lambda: {"a4": a4, "e4": e4, "w4": w_now - e4 * p4},
            "weights replaced by the pattern": lambda: {"a4": a4, "e4": e4, "w4": p4},
            "weights not updated": lambda: {"a4": a4, "e4": e4, "w4": w_now},
        },
    },
    "03.3": {
        "right": lambda: {"dC_dw": dC_dw, "dC_db": dC_db},
        "wrong": {
            "stub": lambda: {"dC_dw": ..., "dC_db": ...},
            "sign flipped": lambda: {"dC_dw": -dC_dw, "dC_db": -dC_db},
            "sums, not means": lambda: {"dC_dw": 8 * dC_dw, "dC_db": 8 * dC_db},
            "half": lambda: {"dC_dw": dC_dw / 2, "dC_db": dC_db / 2},
            "swapped": lambda: {"dC_dw": dC_db, "dC_db": dC_dw},
            "at the learned line (w = 2, b = 4)": lambda: {"dC_dw": 0.0, "dC_db": 0.0},
            "x factor in dC/db": lambda: {"dC_dw": dC_dw, "dC_db": dC_dw},
        },
    },
}

# Issue 20: further mistakes, each with the words its diagnosis must contain.
DIAGNOSED = {
    "03.1": {
        "OR's bias": (lambda: {"b_and": -0.25, "a_and": a_and}, "OR gate"),
        "bias without the weights": (lambda: {"b_and": -1.5, "a_and": a_and},
                                     "leaves out the weights"),
        "one reading wrong (a 0/1 answer)": (lambda: {"b_and": b_and,
                                                      "a_and": np.array([1.0, 1.0, 1.0, 0.0])},
                                             "not right yet"),
        "every reading 1": (lambda: {"b_and": b_and, "a_and": np.ones(4)}, "1 for every"),
    },
    "03.2": {
        "output as the net input": (lambda: {"a4": float(w_now @ p4), "e4": e4,
                                             "w4": w_now + e4 * p4}, "hardlim"),
        "error as output minus target": (lambda: {"a4": a4, "e4": a4 - t4,
                                                  "w4": w_now + e4 * p4}, "target minus"),
        "weights minus e p": (lambda: {"a4": a4, "e4": e4, "w4": w_now - e4 * p4},
                              "subtracts e * p4"),
    },
    "03.3": {
        "dC/dw summed": (lambda: {"dC_dw": 8 * dC_dw, "dC_db": dC_db}, "sums over"),
        "dC/db halved": (lambda: {"dC_dw": dC_dw, "dC_db": dC_db / 2}, "half the slope"),
        "dC/dw at the learned line": (lambda: {"dC_dw": 0.0, "dC_db": dC_db}, "learned line"),
    },
}
