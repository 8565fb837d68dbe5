"""Notebook 05: reference solutions and wrong answers."""

import numpy as np

x = np.arange(1.0, 9.0)
t = 2 * x + 4
C = np.sum((t - (3 * x + 2)) ** 2) / 16          # the first guess, in view above the exercise
a_right = 2.5 * x + 3
C_right = np.sum((t - a_right) ** 2) / (2 * len(x))

p2, q2 = np.array([1.0, 0.0, 0.0]), np.array([0.5, 0.3, 0.2])
y3, p3 = np.array([1, 0, 1]), np.array([0.8, 0.3, 0.6])
lik_right = np.where(y3 == 1, p3, 1 - p3)


def guess(a_guess, C_guess, guess_is_better):
    return {"a_guess": a_guess, "C_guess": C_guess, "guess_is_better": guess_is_better}


def nll(lik3, nll3):
    return {"lik3": lik3, "nll3": nll3}


CASES = {
    "05.1": {
        "right": lambda: guess(a_right, C_right, bool(C_right < C)),
        "wrong": {
            "stub": lambda: guess(..., ..., ...),
            "question left open": lambda: guess(a_right, C_right, ...),
            "the MSE": lambda: guess(a_right, np.mean((t - a_right) ** 2), True),
            "the first guess copied": lambda: guess(3 * x + 2, C, False),
            "wrong verdict": lambda: guess(a_right, C_right, False),
            "verdict as a string": lambda: guess(a_right, C_right, "yes"),
            "targets as outputs": lambda: guess(t, 0.0, True),
        },
    },
    "05.2": {
        "right": lambda: {"H2": -np.sum(p2 * np.log(q2))},
        "wrong": {
            "stub": lambda: {"H2": ...},
            "minus sign missing": lambda: {"H2": np.sum(p2 * np.log(q2))},
            "log10": lambda: {"H2": -np.sum(p2 * np.log10(q2))},
            "entropy of q2": lambda: {"H2": -np.sum(q2 * np.log(q2))},
            "deck W's value copied": lambda: {"H2": -np.log(0.619)},
            "class B": lambda: {"H2": -np.log(q2[1])},
        },
    },
    "05.3": {
        "right": lambda: nll(lik_right, -np.mean(np.log(lik_right))),
        "wrong": {
            "stub": lambda: nll(..., ...),
            "p3 as the likelihoods": lambda: nll(p3, -np.mean(np.log(p3))),
            "sum instead of mean": lambda: nll(lik_right, -np.sum(np.log(lik_right))),
            "minus sign missing": lambda: nll(lik_right, np.mean(np.log(lik_right))),
            "the notebook's NLL copied": lambda: nll(lik_right, 0.2717),
            "likelihoods flipped": lambda: nll(1 - lik_right, -np.mean(np.log(1 - lik_right))),
        },
    },
}

# Issue 20: further mistakes, each with the words its diagnosis must contain.
def _swapped() -> float:  # -sum(q log p): log(0) of the one-hot label's zeros
    with np.errstate(divide="ignore", invalid="ignore"):
        return -np.sum(q2 * np.log(p2))


NLL = -np.mean(np.log(lik_right))
DIAGNOSED = {
    "05.1": {
        "w and b swapped": (lambda: guess(3 * x + 2.5, C_right, True), "swapped"),
        "the sum of squares, not divided": (lambda: guess(a_right, 2 * len(x) * C_right, True),
                                            "not yet divided"),
        "the first guess's cost": (lambda: guess(a_right, C, True), "first guess"),
    },
    "05.2": {
        "every class's log added": (lambda: {"H2": -np.sum(np.log(q2))}, "every class"),
        "label and prediction swapped": (lambda: {"H2": _swapped()}, "infinity"),
        "log base 2": (lambda: {"H2": -np.log2(q2[0])}, "log2"),
    },
    "05.3": {
        "NLL with log10": (lambda: nll(lik_right, -np.mean(np.log10(lik_right))), "log10"),
        "NLL from p3, not the likelihoods": (lambda: nll(lik_right, -np.mean(np.log(p3))),
                                             "use the likelihoods"),
        "likelihood of y = 0 as p": (lambda: nll(np.where(y3 == 1, p3, p3), NLL), "1 - p"),
    },
}
