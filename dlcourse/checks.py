"""Automatic feedback for exercise cells: each check prints one line and returns a bool.

An exercise cell ends with one or more checks. Each prints exactly one line:

- ``OK: <what was verified>`` when the answer is right (no measured digits, so nbval is stable);
- ``Not yet: <name> differs: expected ..., got ... — hint: ...`` naming what differs (shape before
  values, type trouble, a sign error, a constant factor or offset, NaN, the number of classes, ...);
- ``Not done yet: <name> is still ... — replace the ... in the exercise cell with your answer.``
  when the answer is still the ``...`` (Ellipsis) or ``None`` of a student copy.

A learner's wrong answer never raises: it is reported. Wrong arguments from the notebook's author
(a negative tolerance, ``at_least=90``, a missing ``name``) raise ``ValueError``. Values are
compared with tolerances, never exactly, so a check passes on CPU, GPU and Colab alike.

Example:

>>> from dlcourse import checks
>>> checks.close(0.5933, 0.593269992, name="out_h1")
OK: out_h1 matches the expected value
True
>>> checks.close(..., 0.593269992, name="out_h1")
Not done yet: out_h1 is still ... — replace the ... in the exercise cell with your answer.
False
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlcourse import _feedback as fb
from dlcourse import _validate

__all__ = ["accuracy", "close", "condition", "equal", "param_count", "shape"]

_DEFAULT_HINT = "compare your steps with the formula in the text above"


# -- helpers ------------------------------------------------------------------------------------
def _emit(line: str, ok: bool) -> bool:
    print(" ".join(line.split()))  # exactly one line, whatever the values contain
    return ok


def _not_done(name: str) -> bool:
    return _emit(
        f"Not done yet: {name} is still ... — "
        "replace the ... in the exercise cell with your answer.",
        False,
    )


def _not_yet(name: str, expected: str, got: str, diagnosis: str | None, hint: str | None) -> bool:
    hints = "; ".join(h for h in (diagnosis, hint) if h) or _DEFAULT_HINT
    return _emit(f"Not yet: {name} differs: expected {expected}, got {got} — hint: {hints}", False)


def _check_name(name: Any, argument: str = "name") -> str:
    """Validate the author's label; `name` defaults to None only to give this clear error."""
    if name is None:
        raise ValueError(
            f'`{argument}` is missing: every check needs it, e.g. {argument}="z". '
            f"Received: {argument}=None"
        )
    if not isinstance(name, str) or not name.strip():
        raise ValueError(
            f"`{argument}` must be a non-empty string naming what is checked, e.g. "
            f'{argument}="z". Received: {argument}={name!r}'
        )
    return name


def _check_hint(hint: Any) -> str | None:
    if hint is not None and not isinstance(hint, str):
        raise ValueError(f"`hint` must be a string or None. Received: hint={hint!r}")
    return hint


def _input_shape_problem(model: Any, x: Any) -> str | None:
    """Why `x` does not fit a model's single declared input (None when it fits or is unknown)."""
    declared = getattr(model, "inputs", None)
    if not isinstance(declared, list) or len(declared) != 1 or not hasattr(x, "shape"):
        return None
    want, have = tuple(declared[0].shape), tuple(np.shape(x))
    fed = have  # Keras adds or drops a last axis of size 1 itself (e.g. (n, 28, 28) for 28x28x1)
    if len(have) == len(want) - 1 and want[-1] == 1:
        fed = (*have, 1)
    elif len(have) == len(want) + 1 and have[-1] == 1:
        fed = have[:-1]
    fits = len(want) == len(fed) and all(
        w is None or w == h for w, h in zip(want, fed, strict=False))
    if fits:
        return None
    return (f"the model expects inputs of shape {fb.shape_str(want)}, "
            f"x has shape {fb.shape_str(have)}")


# -- public checks ------------------------------------------------------------------------------
def close(
    got: Any,
    expected: Any,
    *,
    name: str | None = None,
    rtol: float = 1e-3,
    atol: float = 1e-6,
    hint: str | None = None,
) -> bool:
    """Check that a number or an array is close to the expected one (shape first, then values).

    Args:
        got: The learner's answer: a number, a NumPy array, a list or a tensor.
        expected: The right answer, computed by code (never typed in).
        name: What is checked, as the learner named it, e.g. `"z"`.
        rtol: Relative tolerance (`np.allclose`). Defaults to `1e-3`.
        atol: Absolute tolerance. Defaults to `1e-6`.
        hint: Extra advice printed when the answer differs. Defaults to `None`.

    Returns:
        `True` when `got` has the expected shape and values within tolerance, else `False`.

    Raises:
        ValueError: For the author's arguments: an empty `name`, a negative or non-finite
            tolerance, or an `expected` that is not numeric.

    Example:

    >>> close(np.array([0.5, 1.0]), [0.5, 1.0001], name="p")
    OK: p matches the expected values (shape (2,))
    True
    """
    _check_name(name)
    _check_hint(hint)
    for arg, tol in (("rtol", rtol), ("atol", atol)):
        _validate.finite_number(tol, arg, minimum=0, example=1e-3)
    if fb.is_not_done(got):
        return _not_done(name)
    want = fb.to_float_array(expected)
    if want is None:
        raise ValueError(
            "`expected` must be a number or a numeric array computed by code. "
            f"Received: expected={expected!r:.60}"
        )
    have = fb.to_float_array(got)
    if have is None:
        what = "a number" if want.ndim == 0 else f"an array of shape {fb.shape_str(want.shape)}"
        return _not_yet(
            name, what, fb.describe(got), "the answer is not numeric: check its type", hint
        )
    if have.shape != want.shape:
        if want.ndim == 0 and have.size == 1:
            diagnosis = "one value wrapped in an array: take it out with .item() or float(...)"
        else:
            diagnosis = fb.shape_diagnosis(have.shape, want.shape)
        return _not_yet(
            name, f"shape {fb.shape_str(want.shape)}", f"shape {fb.shape_str(have.shape)}",
            diagnosis, hint,
        )
    what = "value" if want.ndim == 0 else f"values (shape {fb.shape_str(want.shape)})"
    if np.allclose(have, want, rtol=rtol, atol=atol, equal_nan=True):
        return _emit(f"OK: {name} matches the expected {what}", True)
    diagnosis = fb.value_diagnosis(got, have, want, rtol, atol)
    return _not_yet(name, fb.fmt(want), fb.fmt(have), diagnosis, hint)


def equal(got: Any, expected: Any, *, name: str | None = None, hint: str | None = None) -> bool:
    """Check exact equality: integers, strings, tuples, shapes, labels, integer arrays.

    Lists and tuples compare by content (`[2, 3]` equals `(2, 3)`); arrays compare by shape, then
    values.

    Args:
        got: The learner's answer.
        expected: The right answer.
        name: What is checked, e.g. `"num_classes"`.
        hint: Extra advice printed when the answer differs. Defaults to `None`.

    Returns:
        `True` when `got == expected`, else `False`.

    Raises:
        ValueError: When `name` is empty or `hint` is not a string.

    Example:

    >>> equal(10, 10, name="num_classes")
    OK: num_classes is 10
    True
    """
    _check_name(name)
    _check_hint(hint)
    if fb.is_not_done(got):
        return _not_done(name)
    if isinstance(got, np.ndarray) or isinstance(expected, np.ndarray):
        have, want = np.asarray(got), np.asarray(expected)
        if have.shape != want.shape:
            return _not_yet(
                name, f"shape {fb.shape_str(want.shape)}", f"shape {fb.shape_str(have.shape)}",
                fb.shape_diagnosis(have.shape, want.shape), hint,
            )
        try:
            same = bool(np.array_equal(have, want))
        except (TypeError, ValueError):
            same = False
        if same:
            shape_text = fb.shape_str(want.shape)
            return _emit(f"OK: {name} has the expected values (shape {shape_text})", True)
        return _not_yet(name, fb.fmt(want), fb.fmt(have), None, hint)
    have, want = fb.plain(got), fb.plain(expected)
    try:
        same = bool(have == want)
    except (TypeError, ValueError):
        same = False
    if same:
        return _emit(f"OK: {name} is {want!r:.60}", True)
    return _not_yet(name, f"{want!r:.60}", fb.describe(got), fb.equal_diagnosis(have, want), hint)


def shape(got: Any, expected: Any, *, name: str | None = None, hint: str | None = None) -> bool:
    """Check the shape of an array or tensor (or a shape tuple); `None` in `expected` = any size.

    Args:
        got: An array, a tensor, or a shape such as `x.shape` or `(60000, 784)`.
        expected: The expected shape, e.g. `(None, 28, 28, 1)`.
        name: What is checked, e.g. `"x_train"`.
        hint: Extra advice printed when the shape differs. Defaults to `None`.

    Returns:
        `True` when the shape matches, else `False`.

    Raises:
        ValueError: When `expected` is not a tuple of ints and `None`s, or `name` is empty.

    Example:

    >>> shape(np.zeros((5, 28, 28, 1)), (None, 28, 28, 1), name="x_train")
    OK: x_train has shape (None, 28, 28, 1)
    True
    """
    _check_name(name)
    _check_hint(hint)
    want = fb.as_shape(expected) if isinstance(expected, (tuple, list)) else None
    if want is None or any(d is not None and d < 0 for d in want):
        raise ValueError(
            "`expected` must be a shape: a tuple of sizes >= 0, with None for any size, "
            f"e.g. (None, 28, 28, 1). Received: expected={expected!r}"
        )
    if fb.is_not_done(got):
        return _not_done(name)
    have = fb.as_shape(got)
    if have is None:
        return _not_yet(
            name, f"shape {fb.shape_str(want)}", fb.describe(got),
            "give an array, a tensor or its .shape", hint,
        )
    if fb.fits(have, want):
        return _emit(f"OK: {name} has shape {fb.shape_str(want)}", True)
    return _not_yet(
        name, f"shape {fb.shape_str(want)}", f"shape {fb.shape_str(have)}",
        fb.shape_diagnosis(have, want), hint,
    )


def param_count(
    model_or_layer: Any, expected: int, *, name: str | None = None, hint: str | None = None
) -> bool:
    """Check a number of trainable-plus-frozen parameters.

    Args:
        model_or_layer: A Keras model or layer (its `count_params()` is used) or an int, e.g. a
            count the learner worked out by hand.
        expected: The right count, computed by code.
        name: What is checked. Defaults to the model's name, or `"parameter count"`.
        hint: Extra advice printed when the count differs. Defaults to `None`.

    Returns:
        `True` when the counts are equal, else `False`.

    Raises:
        ValueError: When `expected` is not an int >= 0, or `name` is given but empty.

    Example:

    >>> param_count(61706, 61706, name="LeNet-5")
    OK: LeNet-5 has 61,706 parameters
    True
    """
    if name is not None:
        _check_name(name)
    _check_hint(hint)
    if not _validate.is_integer(expected) or expected < 0:
        raise ValueError(
            f"`expected` must be an integer >= 0, e.g. expected=model.count_params(). "
            f"Received: expected={expected!r}"
        )
    expected = int(expected)
    label = name or getattr(model_or_layer, "name", None) or "parameter count"
    if fb.is_not_done(model_or_layer):
        return _not_done(label)
    want = f"{expected:,} parameters"
    if hasattr(model_or_layer, "count_params"):
        try:
            got = int(model_or_layer.count_params())
        except ValueError:  # Keras: the layer is not built yet
            return _not_yet(
                label, want, "a layer that is not built yet",
                "call it on an input, or start the model with keras.Input(shape=...)", hint,
            )
    elif isinstance(model_or_layer, (int, np.integer)) and not isinstance(model_or_layer, bool):
        got = int(model_or_layer)
    elif isinstance(model_or_layer, float) and model_or_layer.is_integer():
        got = int(model_or_layer)
    else:
        return _not_yet(
            label, want, fb.describe(model_or_layer),
            "give a Keras model, a layer, or the count as an int", hint,
        )
    if got == expected:
        return _emit(f"OK: {label} has {expected:,} parameters", True)
    diff = got - expected
    diagnosis = (
        f"{abs(diff):,} {'more' if diff > 0 else 'fewer'}; a Dense layer has "
        "(inputs + 1) × units parameters, a Conv2D layer (kh × kw × channels + 1) × filters"
    )
    if expected and got % expected == 0 and got // expected > 1:
        diagnosis = f"{got // expected} times too many: {diagnosis}"
    return _not_yet(label, want, f"{got:,}", diagnosis, hint)


def accuracy(
    model: Any, x: Any, y: Any, *, at_least: float, name: str = "test accuracy",
    hint: str | None = None,
) -> bool:
    """Evaluate a trained classifier and check its accuracy reaches a threshold.

    Predictions are `model.predict(x, verbose=0)`: the argmax over classes, or `> 0.5` for one
    sigmoid output. `y` holds labels, shape `(n,)` or `(n, 1)`, or one-hot rows `(n, classes)`.
    The OK line has no measured digits (`OK: test accuracy >= 0.90`), so nbval can compare it.

    Args:
        model: A trained Keras model (anything with `predict`).
        x: Inputs to evaluate on.
        y: True labels or one-hot targets.
        at_least: The threshold, a fraction in [0, 1], e.g. `0.9`.
        name: What is checked. Defaults to `"test accuracy"`.
        hint: Extra advice printed when the accuracy is too low. Defaults to `None`.

    Returns:
        `True` when the accuracy is at least `at_least`, else `False`.

    Raises:
        ValueError: When `at_least` is not in [0, 1] or `name` is empty.

    Example:

    >>> accuracy(model, x_test, y_test, at_least=0.9)  # doctest: +SKIP
    OK: test accuracy >= 0.90
    True
    """
    _check_name(name)
    _check_hint(hint)
    at_least = _validate.fraction(at_least, "at_least", hint=", e.g. at_least=0.9 for 90%")
    threshold = fb.fmt_number(float(at_least))
    if fb.is_not_done(model):
        return _not_done("model")
    if not hasattr(model, "predict"):
        return _not_yet(name, "a trained Keras model", fb.describe(model), "pass the model", hint)
    wanted = _input_shape_problem(model, x)
    if wanted is not None:  # said before predict: on JAX a failed predict leaves the model broken
        return _emit(f"Not yet: {name}: {wanted} — hint: does the model's input shape match x?",
                     False)
    try:
        scores = np.asarray(model.predict(x, verbose=0), dtype=np.float64)
    except Exception as error:  # a learner's model that does not fit the data: report, never raise
        message = str(error).strip().splitlines()[0][:160] if str(error).strip() else ""
        return _emit(
            f"Not yet: {name}: model.predict failed with {type(error).__name__}: {message} — "
            "hint: does the model's input shape match x?",
            False,
        )
    labels = np.asarray(y)
    if labels.ndim == 2 and labels.shape[1] > 1:
        labels = labels.argmax(axis=1)
    labels = labels.reshape(len(labels), -1)[:, 0] if labels.ndim else labels
    if len(scores) != len(labels):
        return _not_yet(
            name, f"{len(labels):,} predictions (one per label)", f"{len(scores):,}",
            "x and y must hold the same examples", hint,
        )
    if np.isnan(scores).any():
        return _emit(
            f"Not yet: {name}: the model predicts NaN — hint: training diverged; "
            "lower the learning rate and scale the inputs to [0, 1]",
            False,
        )
    if scores.ndim == 2 and scores.shape[1] > 1:
        predicted, outputs = scores.argmax(axis=1), scores.shape[1]
        classes = int(labels.max()) + 1 if labels.size else 0
        if classes > outputs:
            return _not_yet(
                name, f"{classes} class outputs", f"{outputs}",
                f"the last layer needs {classes} units (one per class)", hint,
            )
    else:
        predicted = (scores.reshape(len(scores), -1)[:, 0] > 0.5).astype(np.int64)
    measured = float(np.mean(predicted == labels)) if len(labels) else 0.0
    if measured >= at_least:
        return _emit(f"OK: {name} >= {threshold}", True)
    chance = 1 / max(2, len(np.unique(labels)))
    diagnosis = (
        "about chance level: is the model learning? check the loss, the learning rate, "
        "the labels and that the inputs are scaled"
        if measured <= chance + 0.05
        else "train longer, scale the inputs to [0, 1], or check the architecture"
    )
    hints = "; ".join(h for h in (diagnosis, hint) if h)
    return _emit(f"Not yet: {name} {measured:.4f} < {threshold} — hint: {hints}", False)


def condition(ok: Any, *, what: str | None = None, hint: str | None = None) -> bool:
    """Report a condition the author computed, e.g. that the loss went down.

    Args:
        ok: The condition, e.g. `losses[-1] < losses[0]`.
        what: What holds when `ok` is true, e.g. `"the loss decreases"`.
        hint: What to look at when it does not hold.

    Returns:
        `bool(ok)`.

    Raises:
        ValueError: When `what` or `hint` is not a non-empty string.

    Example:

    >>> condition(0.3 < 0.7, what="the loss decreases", hint="lower the learning rate")
    OK: the loss decreases
    True
    """
    _check_name(what, "what")
    _check_name(hint, "hint")
    if fb.is_not_done(ok):
        return _not_done(what)
    try:
        result = bool(ok)
    except (TypeError, ValueError):  # e.g. an array with several values
        return _emit(
            f"Not yet: {what}: the condition is not True/False but {fb.describe(ok)} — hint: "
            "combine array comparisons with np.all(...) or np.allclose(...)",
            False,
        )
    if result:
        return _emit(f"OK: {what}", True)
    return _emit(f"Not yet: {what} — not true yet — hint: {hint}", False)
