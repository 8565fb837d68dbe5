"""Exercise checks of notebook 05 (loss functions).

The data of each exercise is the notebook's (deck W's line y = 2x + 4 on x = 1..8, the
predictions in the exercise cells); the references are computed here, never in the notebook.
"""

from __future__ import annotations

import numpy as np

from dlcourse.exercises._core import Parts, exercise, kind

# Exercise 05.1: deck W's data and the two guesses (w, b).
X_W = np.arange(1.0, 9.0)
T_W = 2.0 * X_W + 4.0
FIRST_GUESS = (3.0, 2.0)
NEW_GUESS = (2.5, 3.0)

# Exercise 05.2: a class-A image and the network's prediction.
P2 = np.array([1.0, 0.0, 0.0])
Q2 = np.array([0.5, 0.3, 0.2])

# Exercise 05.3: three banknotes (1 = fake) and the predicted probabilities of "fake".
Y3 = np.array([1, 0, 1])
P3 = np.array([0.8, 0.3, 0.6])


def _quadratic_cost(t: np.ndarray, a: np.ndarray) -> float:
    return float(np.sum((t - a) ** 2) / (2 * len(t)))


@exercise(
    "05.1",
    names=("a_guess", "C_guess", "guess_is_better"),
    nudge="Work as in the cell for w = 3, b = 2 above, with the new w and b.",
    hint="The outputs are one number per x: the new w times x plus the new b, for all eight x at "
    "once. The quadratic cost adds the squared gaps between targets and outputs and divides by "
    "twice the number of points (not by the number of points: that would be the MSE). A better "
    "guess is one with a lower cost: compare with C of the first guess (True or False).",
)
def _cost(p: Parts) -> None:
    a = NEW_GUESS[0] * X_W + NEW_GUESS[1]
    a_first = FIRST_GUESS[0] * X_W + FIRST_GUESS[1]
    p.close("a_guess", a, mistakes={
        "is the outputs of the first guess (w = 3, b = 2)": a_first,
        "is the targets t, not the neuron's outputs": T_W,
        "has w and b swapped": NEW_GUESS[1] * X_W + NEW_GUESS[0],
    })
    cost = _quadratic_cost(T_W, a)
    p.close("C_guess", cost, mistakes={
        "is divided by n: that is the MSE; the quadratic cost divides by 2n": 2 * cost,
        "is the sum of the squared errors, not yet divided by 2n": 2 * len(X_W) * cost,
        "is the cost of the first guess (w = 3, b = 2)": _quadratic_cost(T_W, a_first),
    })
    answer = p["guess_is_better"]
    p.require(isinstance(answer, (bool, np.bool_)), "guess_is_better",
              f"is {kind(answer)}: answer True or False (a comparison of two costs gives one)")
    better = cost < _quadratic_cost(T_W, a_first)
    p.require(bool(answer) == better, "guess_is_better",
              "does not match the costs: the lower cost is the better guess")
    p.passed("guess_is_better")


@exercise(
    "05.2",
    names=("H2",),
    nudge="Use the cross-entropy formula above with p2 and q2.",
    hint="The one-hot label keeps only one term of the sum: the predicted probability of the true "
    "class. Take its natural logarithm (np.log, not np.log10) and remember the minus sign.",
)
def _cross_entropy(p: Parts) -> None:
    h = float(-np.sum(P2 * np.log(Q2)))
    p.close("H2", h, mistakes={
        "uses log10: the cross-entropy here uses the natural logarithm, np.log":
            float(-np.sum(P2 * np.log10(Q2))),
        "is the entropy of q2 alone: the label p2 must weigh the log-probabilities":
            float(-np.sum(Q2 * np.log(Q2))),
        "adds the log-probabilities of every class: the label p2 keeps only the true class":
            float(-np.sum(np.log(Q2))),
        "uses the probability of class B: this image belongs to class A": float(-np.log(Q2[1])),
        "uses log2: the cross-entropy here uses the natural logarithm, np.log":
            float(-np.sum(P2 * np.log2(Q2))),
    })


@exercise(
    "05.3",
    names=("lik3", "nll3"),
    nudge="The likelihood is the probability the model gave to what was observed.",
    hint="For a fake banknote (y = 1) the observed outcome got probability p; for a real one "
    "(y = 0) it got the rest, 1 - p. The loss is the negative mean of the logarithms of these "
    "three likelihoods (natural logarithm).",
)
def _nll(p: Parts) -> None:
    lik = np.where(Y3 == 1, P3, 1 - P3)
    p.close("lik3", lik, mistakes={
        "is p3 itself: for y = 0 the observed outcome had probability 1 - p": P3,
        "is flipped: p belongs to y = 1, 1 - p to y = 0": 1 - lik,
    })
    nll = float(-np.mean(np.log(lik)))
    p.close("nll3", nll, mistakes={
        "is a sum: the NLL loss is the mean over the observations": 3 * nll,
        "uses p3 for every observation: use the likelihoods": float(-np.mean(np.log(P3))),
        "uses log10: use the natural logarithm, np.log": float(-np.mean(np.log10(lik))),
    })
