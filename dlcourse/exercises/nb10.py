"""Exercise checks of notebook 10 (Fashion-MNIST, callbacks and regression)."""

from __future__ import annotations

import functools
from types import SimpleNamespace
from typing import Any

import numpy as np

from dlcourse.exercises._core import Parts, exercise, kind

# Made-up training runs (accuracy per epoch) the callback is driven through, as `fit` would.
_RUNS = ((0.9, (0.70, 0.82, 0.88, 0.91, 0.93)), (0.9, (0.75, 0.90, 0.95)),
         (0.8, (0.60, 0.79, 0.85, 0.90)))


def _epochs_until_stop(callback: Any, accuracies: tuple[float, ...]) -> int:
    """Call `on_epoch_end` as `fit` does, one epoch per accuracy; return how many epochs ran."""
    model = SimpleNamespace(stop_training=False)
    callback.set_model(model)
    callback.on_train_begin({})
    for epoch, accuracy in enumerate(accuracies):
        callback.on_epoch_end(epoch, {"loss": 1.0 - accuracy, "accuracy": accuracy})
        if model.stop_training:
            return epoch + 1
    return len(accuracies)


@exercise(
    "10.1",
    names=("StopAtAccuracy",),
    nudge="Compare this epoch's accuracy from `logs` with the callback's own target.",
    hint="`logs` is a dict: look the accuracy up by its key. 'Reached' means at least the "
    "target, so an accuracy exactly equal to it counts. Use the target the callback was "
    "created with (self.target), not a fixed number.",
)
def _callback(p: Parts) -> None:
    import keras

    from dlcourse.callbacks import StopAtMetric

    cls = p["StopAtAccuracy"]
    p.require(isinstance(cls, type) and issubclass(cls, keras.callbacks.Callback),
              "StopAtAccuracy", f"is {kind(cls)}, not a subclass of keras.callbacks.Callback")
    name = "StopAtAccuracy"

    def reached(target: float):
        try:
            callback = cls(target)
        except Exception as error:  # a learner's bug is reported, never raised
            p.fail(name, f"raised {type(error).__name__} when created as StopAtAccuracy({target})")
        method = getattr(callback, "reached_target", None)
        p.require(callable(method), name, "has no method reached_target: fill in the method "
                  "of the exercise's class")
        return method

    high = p.call(name, reached(0.9), {"loss": 0.05, "accuracy": 0.95})
    low = p.call(name, reached(0.9), {"loss": 0.8, "accuracy": 0.2})
    p.require(not (high is False and low is True), name,
              "stops when the accuracy is low and not when it is high: the comparison is the "
              "wrong way round")
    for target, accuracy, stop, diagnosis in (
        (0.9, 0.95, True, "does not stop above the target"),
        (0.9, 0.5, False, "stops although the accuracy is far below the target"),
        (0.9, 0.89, False, "stops just below the target: 'reached' means at least the target"),
        (0.9, 0.9, True, "does not stop at exactly the target: 'reached' means at least (>=), "
         "not only above"),
        (0.8, 0.85, True,
         "ignores the target it was given (StopAtAccuracy(0.8) must stop at 0.85)"),
        (0.8, 0.75, False, "ignores the target it was given (StopAtAccuracy(0.8) stops at 0.75)"),
    ):
        logs = {"loss": 1.0 - accuracy, "accuracy": accuracy}
        got = p.call(name, reached(target), logs)
        p.require(isinstance(got, (bool, np.bool_)), name,
                  f"returns {kind(got)} from reached_target, not True or False")
        p.require(bool(got) == stop, name, diagnosis)
    p.require(bool(p.call(name, reached(0.9), {"accuracy": 0.95, "loss": 2.0})),
              name, "looks at the loss: the target is an accuracy")
    for target, run in _RUNS:
        expected = _epochs_until_stop(StopAtMetric("accuracy", target, verbose=0), run)
        try:
            ran = _epochs_until_stop(cls(target), run)
        except Exception as error:  # a learner's bug is reported, never raised
            p.fail(name, f"raised {type(error).__name__} when driven as fit() drives it")
        p.require(ran == expected, name, "lets a different number of epochs run than "
                  "StopAtMetric on the same made-up run: check on_epoch_end")


@functools.cache
def _diabetes() -> tuple[np.ndarray, ...]:
    """scikit-learn's diabetes data split as the notebook splits it (read once per session)."""
    from sklearn.datasets import load_diabetes
    from sklearn.model_selection import train_test_split

    X, y = load_diabetes(scaled=False, return_X_y=True)
    return tuple(train_test_split(X, y, test_size=0.2, random_state=0))


def _diabetes_split() -> tuple[np.ndarray, np.ndarray]:
    X_train, X_test, _, _ = _diabetes()
    return X_train, X_test


@exercise(
    "10.2",
    names=("mu", "sigma", "X_train_std", "X_test_std"),
    nudge="One mean and one standard deviation per feature, from the training set only.",
    hint="Reduce over the rows (the patients) so that you keep one value per column. Both sets "
    "are standardised with the same two vectors, the ones of the training set: the test set "
    "is never looked at to choose anything.",
)
def _standardise(p: Parts) -> None:
    X_train, X_test = _diabetes_split()
    mu, sigma = X_train.mean(axis=0), X_train.std(axis=0)
    p.close("mu", mu, mistakes={
        "is one mean per patient (axis=1), not one per feature": X_train.mean(axis=1),
        "is the mean of the test set: use the training set": X_test.mean(axis=0),
    })
    p.close("sigma", sigma, mistakes={
        "is the sample standard deviation (ddof=1); NumPy's default and StandardScaler use "
        "ddof=0": X_train.std(axis=0, ddof=1),
        "is the variance, not the standard deviation": X_train.var(axis=0),
        "is the standard deviation of the test set: use the training set": X_test.std(axis=0),
    })
    p.close("X_train_std", (X_train - mu) / sigma, mistakes={
        "is the raw X_train: standardise it": X_train,
        "is only centred: divide by sigma too": X_train - mu,
        "is divided by the variance, not the standard deviation": (X_train - mu) / sigma**2,
    })
    p.close("X_test_std", (X_test - mu) / sigma, mistakes={
        "uses the test set's own mean and standard deviation: use the training set's":
            (X_test - X_test.mean(axis=0)) / X_test.std(axis=0),
        "is the raw X_test: standardise it": X_test,
        "is only centred: divide by sigma too": X_test - mu,
    })


@exercise(
    "10.3",
    names=("baseline_mae",),
    nudge="The baseline predicts one number for every test patient.",
    hint="The prediction is the mean target of the training patients (the test targets are not "
    "known when you predict). The error of one patient is the absolute difference between "
    "that prediction and their target; average it over the test patients.",
)
def _baseline(p: Parts) -> None:
    _, _, y_train, y_test = _diabetes()
    guess = y_train.mean()
    # A tight tolerance: the rounded 59.2 the notebook prints later is a copy, not a computation.
    p.close("baseline_mae", np.mean(np.abs(y_test - guess)), rtol=1e-6, mistakes={
        "predicts the mean of the *test* targets: use the training targets":
            np.mean(np.abs(y_test - y_test.mean())),
        "is a mean squared error, not a mean absolute error": np.mean((y_test - guess) ** 2),
        "is the root mean squared error, not the mean absolute error":
            np.sqrt(np.mean((y_test - guess) ** 2)),
        "predicts the median, not the mean": np.mean(np.abs(y_test - np.median(y_train))),
        "averages signed errors: take the absolute value first": np.mean(y_test - guess),
        "is the error on the training set: use the test set": np.mean(np.abs(y_train - guess)),
        "is the prediction itself (the mean target), not its error": guess,
        "is rounded to one decimal: keep every digit of the computed value":
            round(float(np.mean(np.abs(y_test - guess))), 1),
    })
