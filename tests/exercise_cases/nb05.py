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


def my_cross_entropy(p, q):
    return -np.sum(p * np.log(q))


H2_RIGHT = my_cross_entropy(p2, q2)


def ce(function=my_cross_entropy, H2=H2_RIGHT):
    return {"my_cross_entropy": function, "H2": H2}


def _calls_scratch(p, q):
    from dlcourse import scratch

    return scratch.cross_entropy(p, q)


def _calls_keras(p, q):
    import keras

    return float(keras.losses.categorical_crossentropy(p[None], q[None])[0])


def _calls_log_loss(p, q):  # sklearn's log loss, imported by the notebook
    from sklearn.metrics import log_loss

    return log_loss([int(np.argmax(p))], [q], labels=list(range(len(q))))


def _kl_divergence(p, q):  # scipy.stats.entropy(p, q) is the KL divergence
    from scipy import stats

    return stats.entropy(p, q)


def _true_class_only(p, q):  # right for one-hot labels only
    return -np.log(q[np.argmax(p)])


def _exercise_only(p, q):
    return H2_RIGHT


def guess(a_guess, C_guess, guess_is_better):
    return {"a_guess": a_guess, "C_guess": C_guess, "guess_is_better": guess_is_better}


def my_nll(y, p):
    return -np.mean(np.log(np.where(y == 1, p, 1 - p)))


def nll(lik3, nll3, function=my_nll):
    return {"lik3": lik3, "my_nll": function, "nll3": nll3}


def _calls_bce(y, p):
    from dlcourse import scratch

    return scratch.binary_cross_entropy(y, p)


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
        "right": lambda: ce(),
        "wrong": {
            "stub": lambda: {"my_cross_entropy": ..., "H2": ...},
            "stub function": lambda: ce(lambda p, q: ...),
            "calls scratch.cross_entropy": lambda: ce(_calls_scratch),
            "is scratch.cross_entropy": lambda: ce(
                __import__("dlcourse.scratch").scratch.cross_entropy),
            "calls keras.losses.categorical_crossentropy": lambda: ce(_calls_keras),
            "calls sklearn's log_loss": lambda: ce(_calls_log_loss),
            "scipy.stats.entropy (KL divergence)": lambda: ce(_kl_divergence),
            "the exercise's value whatever it is given": lambda: ce(_exercise_only),
            "minus sign missing": lambda: ce(lambda p, q: np.sum(p * np.log(q))),
            "log10": lambda: ce(lambda p, q: -np.sum(p * np.log10(q))),
            "entropy of q2": lambda: ce(H2=-np.sum(q2 * np.log(q2))),
            "deck W's value copied": lambda: ce(H2=-np.log(0.619)),
            "class B": lambda: ce(H2=-np.log(q2[1])),
        },
    },
    "05.3": {
        "right": lambda: nll(lik_right, -np.mean(np.log(lik_right))),
        "wrong": {
            "stub": lambda: nll(..., ..., ...),
            "stub function": lambda: nll(lik_right, NLL, lambda y, p: ...),
            "calls scratch.binary_cross_entropy": lambda: nll(lik_right, NLL, _calls_bce),
            "sklearn's log_loss, as the notebook calls it": lambda: nll(
                lik_right, NLL, lambda y, p: __import__("sklearn.metrics").metrics.log_loss(y, p)),
            "the exercise's NLL whatever it is given": lambda: nll(
                lik_right, NLL, lambda y, p: NLL),
            "sum, in the function": lambda: nll(lik_right, NLL, lambda y, p: -np.sum(
                np.log(np.where(y == 1, p, 1 - p)))),
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
        "function: the true class only": (lambda: {"my_cross_entropy": _true_class_only},
                                          "smoothed label"),
        "function: entropy of the prediction": (lambda: {
            "my_cross_entropy": lambda p, q: -np.sum(q * np.log(q))}, "entropy of the prediction"),
        "function: calls scipy.stats.entropy": (lambda: {"my_cross_entropy": _kl_divergence},
                                                "calls scipy.stats.entropy"),
    },
    "05.3": {
        "NLL with log10": (lambda: nll(lik_right, -np.mean(np.log10(lik_right))), "log10"),
        "NLL from p3, not the likelihoods": (lambda: nll(lik_right, -np.mean(np.log(p3))),
                                             "use the likelihoods"),
        "likelihood of y = 0 as p": (lambda: nll(np.where(y3 == 1, p3, p3), NLL), "1 - p"),
        "function: log10": (lambda: {"my_nll": lambda y, p: -np.mean(np.log10(
            np.where(y == 1, p, 1 - p)))}, "log10"),
        "function: the other way round": (lambda: {"my_nll": lambda y, p: -np.mean(np.log(
            np.where(y == 1, 1 - p, p)))}, "other way round"),
        "function: the likelihoods, not the loss": (lambda: {"my_nll": lambda y, p: np.where(
            y == 1, p, 1 - p)}, "not one number"),
    },
}
