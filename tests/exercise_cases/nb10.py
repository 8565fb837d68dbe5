"""Notebook 10: reference solutions and wrong answers."""

import keras
import numpy as np
from sklearn.datasets import load_diabetes
from sklearn.model_selection import train_test_split

X, y = load_diabetes(scaled=False, return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)


def _callback(reached_target):
    """A StopAtAccuracy class as the notebook's cell defines it, with `reached_target` filled in."""

    class StopAtAccuracy(keras.callbacks.Callback):
        def __init__(self, target=0.9):
            super().__init__()
            self.target = target

        def on_epoch_end(self, epoch, logs=None):
            if self.reached_target(logs or {}):
                self.model.stop_training = True

    StopAtAccuracy.reached_target = reached_target
    return StopAtAccuracy


MU, SIGMA = X_train.mean(axis=0), X_train.std(axis=0)
RIGHT_STD = {"mu": MU, "sigma": SIGMA, "X_train_std": (X_train - MU) / SIGMA,
             "X_test_std": (X_test - MU) / SIGMA}

CASES = {
    "10.1": {
        "right": lambda: {"StopAtAccuracy": _callback(
            lambda self, logs: logs.get("accuracy", 0.0) >= self.target)},
        "wrong": {
            "stub": lambda: {"StopAtAccuracy": ...},
            "stub method": lambda: {"StopAtAccuracy": _callback(lambda self, logs: ...)},
            "strictly above (>)": lambda: {"StopAtAccuracy": _callback(
                lambda self, logs: logs["accuracy"] > self.target)},
            "fixed 0.9 instead of self.target": lambda: {"StopAtAccuracy": _callback(
                lambda self, logs: logs["accuracy"] >= 0.9)},
            "the loss instead of the accuracy": lambda: {"StopAtAccuracy": _callback(
                lambda self, logs: logs["loss"] <= 1 - self.target)},
            "comparison reversed": lambda: {"StopAtAccuracy": _callback(
                lambda self, logs: logs["accuracy"] <= self.target)},
            "always True": lambda: {"StopAtAccuracy": _callback(lambda self, logs: True)},
            "returns the accuracy": lambda: {"StopAtAccuracy": _callback(
                lambda self, logs: logs["accuracy"])},
        },
    },
    "10.2": {
        "right": lambda: dict(RIGHT_STD),
        "wrong": {
            "stub": lambda: {"mu": ..., "sigma": ..., "X_train_std": ..., "X_test_std": ...},
            "axis=1": lambda: {**RIGHT_STD, "mu": X_train.mean(axis=1)},
            "ddof=1": lambda: {**RIGHT_STD, "sigma": X_train.std(axis=0, ddof=1)},
            "no axis: one number": lambda: {**RIGHT_STD, "mu": X_train.mean()},
            "test set with its own statistics": lambda: {
                **RIGHT_STD, "X_test_std": (X_test - X_test.mean(0)) / X_test.std(0)},
            "raw data copied": lambda: {**RIGHT_STD, "X_train_std": X_train},
            "only centred": lambda: {**RIGHT_STD, "X_test_std": X_test - MU},
            "half done": lambda: {**RIGHT_STD, "X_test_std": ...},
        },
    },
    "10.3": {
        "right": lambda: {"baseline_mae": np.mean(np.abs(y_test - y_train.mean()))},
        "wrong": {
            "stub": lambda: {"baseline_mae": ...},
            "test mean": lambda: {"baseline_mae": np.mean(np.abs(y_test - y_test.mean()))},
            "MSE": lambda: {"baseline_mae": np.mean((y_test - y_train.mean()) ** 2)},
            "no absolute value": lambda: {"baseline_mae": np.mean(y_test - y_train.mean())},
            "training set": lambda: {"baseline_mae": np.mean(np.abs(y_train - y_train.mean()))},
            "the mean target copied": lambda: {"baseline_mae": y_train.mean()},
        },
    },
}

# Issue 20: further mistakes, each with the words its diagnosis must contain.
GUESS = y_train.mean()
DIAGNOSED = {
    "10.1": {
        "looks up val_accuracy": (lambda: {"StopAtAccuracy": _callback(
            lambda self, logs: logs["val_accuracy"] >= self.target)}, "raised KeyError"),
        "accuracy in percent against a fraction": (lambda: {"StopAtAccuracy": _callback(
            lambda self, logs: logs["accuracy"] * 100 >= self.target)}, "far below"),
        "accuracy rounded first": (lambda: {"StopAtAccuracy": _callback(
            lambda self, logs: round(logs["accuracy"], 1) >= self.target)}, "just below"),
    },
    "10.2": {
        "sigma as the variance": (lambda: {**RIGHT_STD, "sigma": X_train.var(axis=0)},
                                  "variance"),
        "mu of the test set": (lambda: {**RIGHT_STD, "mu": X_test.mean(axis=0)},
                               "mean of the test set"),
        "divided by the variance": (lambda: {**RIGHT_STD,
                                             "X_train_std": (X_train - MU) / SIGMA**2},
                                    "divided by the variance"),
    },
    "10.3": {
        "root mean squared error": (lambda: {"baseline_mae": np.sqrt(np.mean(
            (y_test - GUESS) ** 2))}, "root mean squared"),
        "the median": (lambda: {"baseline_mae": np.mean(np.abs(y_test - np.median(y_train)))},
                       "median"),
        "rounded as the notebook prints it": (lambda: {"baseline_mae": round(float(np.mean(
            np.abs(y_test - GUESS))), 1)}, "rounded"),
    },
}
