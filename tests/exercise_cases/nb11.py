"""Notebook 11: reference solutions and wrong answers."""

import keras
import numpy as np

lambda1, lambda2 = 0.01, 0.001
W = keras.ops.convert_to_numpy(keras.initializers.GlorotUniform(seed=0)((4, 3)))


def _rules(over_rise=0.10, over_gap=0.60, under_gap=0.25, under_acc=0.90, over_first=True,
           over_needs_both=False):
    def diagnose(s):
        if over_needs_both:
            over = s["rise"] > over_rise and s["gap"] > over_gap
        else:
            over = s["rise"] > over_rise or s["gap"] > over_gap
        under = s["gap"] < under_gap and s["train_acc"] < under_acc
        if over_first:
            return "overfitting" if over else "underfitting" if under else "good fit"
        return "underfitting" if under else "overfitting" if over else "good fit"

    return diagnose


def _old_notebook_rules(s):  # the thresholds the notebook used before the labels were fixed
    if s["rise"] > 0.10 or s["gap"] > 0.50:
        return "overfitting"
    if s["gap"] < 0.15 and s["train_acc"] < 0.90:
        return "underfitting"
    return "good fit"


CASES = {
    "11.1": {
        "right": lambda: {"diagnose": _rules()},
        "wrong": {
            "stub": lambda: {"diagnose": ...},
            "stub function": lambda: {"diagnose": lambda s: ...},
            "thresholds in percent": lambda: {"diagnose": _rules(10, 60, 25)},
            "underfitting tested first": lambda: {"diagnose": _rules(over_first=False)},
            "overfitting needs both signs": lambda: {"diagnose": _rules(over_needs_both=True)},
            "the old thresholds (gap 50 %, 15 %)": lambda: {"diagnose": _old_notebook_rules},
            "always overfitting": lambda: {"diagnose": lambda s: "overfitting"},
            "label misspelt": lambda: {"diagnose": lambda s: _rules()(s).replace("ting", "")},
        },
    },
    "11.2": {
        "right": lambda: {"penalty": lambda1 * np.sum(np.abs(W)) + lambda2 * np.sum(W**2)},
        "wrong": {
            "stub": lambda: {"penalty": ...},
            "L2 halved": lambda: {
                "penalty": lambda1 * np.sum(np.abs(W)) + lambda2 * np.sum(W**2) / 2},
            "no absolute value": lambda: {"penalty": lambda1 * np.sum(W) + lambda2 * np.sum(W**2)},
            "L1 only": lambda: {"penalty": lambda1 * np.sum(np.abs(W))},
            "lambdas swapped": lambda: {
                "penalty": lambda2 * np.sum(np.abs(W)) + lambda1 * np.sum(W**2)},
            "W copied": lambda: {"penalty": W},
            "a lambda copied": lambda: {"penalty": lambda1},
        },
    },
}

# Issue 20: further mistakes, each with the words its diagnosis must contain.
L1, L2 = np.sum(np.abs(W)), np.sum(W**2)
DIAGNOSED = {
    "11.1": {
        "underfitting up to a gap of 35 %": (lambda: {"diagnose": _rules(under_gap=0.35)},
                                             "check the thresholds"),
        "underfitting needs only a low accuracy": (lambda: {"diagnose": _rules(
            under_gap=1.0)}, "needs a small gap too"),
        "returns a capitalised label": (lambda: {"diagnose": lambda s: _rules()(s).title()},
                                        "use exactly"),
    },
    "11.2": {
        "square root of the sum of squares": (lambda: {"penalty": lambda1 * L1 + lambda2
                                                       * np.sqrt(L2)}, "square root"),
        "means instead of sums": (lambda: {"penalty": lambda1 * np.mean(np.abs(W))
                                           + lambda2 * np.mean(W**2)}, "means instead of sums"),
        "L2 term only": (lambda: {"penalty": lambda2 * L2}, "L2 term only"),
    },
}
