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


def _cross_entropy_helpers() -> dict[str, object]:
    """The ready-made cross-entropies a learner could call instead of writing the formula."""
    import keras
    from scipy import stats
    from sklearn import metrics

    from dlcourse import scratch

    return {"dlcourse.scratch.cross_entropy": scratch.cross_entropy,
            "keras.losses.categorical_crossentropy": keras.losses.categorical_crossentropy,
            "keras.ops.categorical_crossentropy": keras.ops.categorical_crossentropy,
            "sklearn.metrics.log_loss": metrics.log_loss, "scipy.stats.entropy": stats.entropy}


def _fresh_distributions() -> list[tuple[np.ndarray, np.ndarray]]:
    """(p, q) pairs the learner has not seen: other classes, more classes, a soft label."""
    rng = np.random.default_rng(52)
    q4 = rng.dirichlet(np.ones(4))
    q6 = rng.dirichlet(np.ones(6))
    return [(np.array([0.0, 0.0, 1.0]), np.array([0.25, 0.35, 0.4])),
            (np.eye(4)[1], q4), (np.eye(6)[5], q6),
            (np.array([0.7, 0.2, 0.1]), np.array([0.6, 0.3, 0.1]))]  # a soft (smoothed) label


def _cross_entropy_mistakes(p: np.ndarray, q: np.ndarray) -> dict[str, float]:
    return {
        "uses log10: the cross-entropy here uses the natural logarithm, np.log":
            float(-np.sum(p * np.log10(q))),
        "is the entropy of the prediction alone: the label must weigh the log-probabilities":
            float(-np.sum(q * np.log(q))),
        "adds the log-probabilities of every class: the label keeps only the true class":
            float(-np.sum(np.log(q))),
        "uses log2: the cross-entropy here uses the natural logarithm, np.log":
            float(-np.sum(p * np.log2(q))),
        "has the wrong sign: the formula starts with a minus": float(np.sum(p * np.log(q))),
        "swaps the label and the prediction: the logarithm is of the prediction q":
            float(-np.sum(q * np.log(np.clip(p, 1e-300, None)))),
    }


@exercise(
    "05.2",
    names=("my_cross_entropy", "H2"),
    nudge="Use the cross-entropy formula above: a sum over the classes, weighted by the label.",
    hint="my_cross_entropy(p, q) multiplies each class's label p by the natural logarithm "
    "(np.log, not np.log10) of its predicted probability q, adds up over the classes and puts "
    "a minus sign in front. Write it with NumPy, not with a library's loss. With a one-hot label "
    "only the true class's term is left; a smoothed label keeps every term. H2 is its value "
    "for p2 and q2.",
)
def _cross_entropy(p: Parts) -> None:
    from dlcourse.exercises._own import check_own

    check_own(p, "my_cross_entropy", _cross_entropy_helpers(), _cross_entropy_function)
    h = float(-np.sum(P2 * np.log(Q2)))
    p.close("H2", h, rtol=1e-6, mistakes={
        **_cross_entropy_mistakes(P2, Q2),
        "uses the probability of class B: this image belongs to class A": float(-np.log(Q2[1])),
    })


def _cross_entropy_function(p: Parts) -> None:
    """my_cross_entropy on p2 and q2, then on fresh pairs (helpers switched off)."""
    for label, q in [(P2, Q2), *_fresh_distributions()]:
        given = (label.copy(), q.copy())
        got = p.call("my_cross_entropy", p["my_cross_entropy"], *given)
        p.require(np.array_equal(given[0], label) and np.array_equal(given[1], q),
                  "my_cross_entropy", "changes the arrays it is given")
        want = float(-np.sum(label * np.log(q)))
        soft = not np.isin(label, (0.0, 1.0)).all()
        p.close("my_cross_entropy", want, value=got, rtol=1e-6, mistakes={
            **{f"returns a value that {k}": v
               for k, v in _cross_entropy_mistakes(label, q).items()},
            **({"keeps only the largest label's class: with a smoothed label (0.7, 0.2, 0.1) "
                "every class counts, weighted by its label": float(-np.log(q[np.argmax(label)]))}
               if soft else {}),
        })


def _nll_helpers() -> dict[str, object]:
    """The ready-made binary cross-entropies the notebook shows or imports."""
    import keras
    from sklearn import metrics

    from dlcourse import scratch

    return {"dlcourse.scratch.binary_cross_entropy": scratch.binary_cross_entropy,
            "sklearn.metrics.log_loss": metrics.log_loss,
            "keras.losses.binary_crossentropy": keras.losses.binary_crossentropy,
            "keras.ops.binary_crossentropy": keras.ops.binary_crossentropy}


def _nll_mistakes(y: np.ndarray, prob: np.ndarray, are: str = "is") -> dict[str, float]:
    lik = np.where(y == 1, prob, 1 - prob)
    nll = float(-np.mean(np.log(lik)))
    return {
        f"{are} a sum: the NLL loss is the mean over the observations": len(y) * nll,
        "uses p for every observation: use the likelihoods": float(-np.mean(np.log(prob))),
        "uses log10: use the natural logarithm, np.log": float(-np.mean(np.log10(lik))),
        "has the wrong sign: the loss is the negative mean log-likelihood": -nll,
        "uses p for y = 0 and 1 - p for y = 1: the other way round":
            float(-np.mean(np.log(1 - lik))),
    }


@exercise(
    "05.3",
    names=("lik3", "my_nll", "nll3"),
    nudge="The likelihood is the probability the model gave to what was observed.",
    hint="For a fake banknote (y = 1) the observed outcome got probability p; for a real one "
    "(y = 0) it got the rest, 1 - p. The loss is the negative mean of the logarithms of these "
    "likelihoods (natural logarithm). my_nll(y, p) does that for any number of observations, "
    "with NumPy (the library losses are switched off); nll3 is its value for y3 and p3.",
)
def _nll(p: Parts) -> None:
    from dlcourse.exercises._own import check_own

    lik = np.where(Y3 == 1, P3, 1 - P3)
    p.close("lik3", lik, mistakes={
        "is p3 itself: for y = 0 the observed outcome had probability 1 - p": P3,
        "is flipped: p belongs to y = 1, 1 - p to y = 0": 1 - lik,
    })
    check_own(p, "my_nll", _nll_helpers(), _nll_function)
    p.close("nll3", float(-np.mean(np.log(lik))), rtol=1e-6, mistakes=_nll_mistakes(Y3, P3))


def _nll_function(p: Parts) -> None:
    """my_nll on y3 and p3, then on fresh observations (the helpers switched off)."""
    rng = np.random.default_rng(53)
    cases = [(Y3, P3), (np.array([0, 0, 1, 1, 0]), np.array([0.1, 0.6, 0.7, 0.2, 0.05]))] + [
        (rng.integers(0, 2, size=n), rng.uniform(0.02, 0.98, size=n)) for n in (4, 9)]
    for y, prob in cases:
        given = (y.copy(), prob.copy())
        got = p.call("my_nll", p["my_nll"], *given)
        p.require(np.array_equal(given[0], y) and np.array_equal(given[1], prob), "my_nll",
                  "changes the arrays it is given")
        p.require(np.ndim(got) == 0, "my_nll", f"returns shape {np.shape(got)}, not one number: "
                  "the loss averages over the observations")
        want = float(-np.mean(np.log(np.where(y == 1, prob, 1 - prob))))
        p.close("my_nll", want, value=got, rtol=1e-6, mistakes={
            f"returns {k.removeprefix('is ')}" if k.startswith("is ") else k: v
            for k, v in _nll_mistakes(y, prob).items()})
