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

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

__all__ = ["accuracy", "close", "condition", "equal", "param_count", "shape"]

_DEFAULT_HINT = "compare your steps with the formula in the text above"


# -- helpers ------------------------------------------------------------------------------------
def _is_not_done(value: Any, _depth: int = 0) -> bool:
    """True for ``...``, ``None`` or a (nested) container that still holds ``...``."""
    if value is Ellipsis or (value is None and _depth == 0):
        return True
    if _depth > 3:
        return False
    if isinstance(value, Mapping):
        return any(_is_not_done(v, _depth + 1) for v in value.values())
    if isinstance(value, (list, tuple, set, frozenset)):
        return any(_is_not_done(v, _depth + 1) for v in value)
    if isinstance(value, np.ndarray) and value.dtype == object:
        return any(v is Ellipsis for v in value.ravel()[:1000])
    return False


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


def _describe(value: Any) -> str:
    text = repr(value)
    text = text if len(text) <= 40 else text[:37] + "..."
    return f"{type(value).__name__} {text}"


def _fmt(a: np.ndarray) -> str:
    if a.ndim == 0:
        return f"{a.item():.6g}"
    return np.array2string(a, precision=4, threshold=12, edgeitems=2, separator=", ")


def _fmt_number(x: float) -> str:
    return f"{x:.2f}" if abs(round(x, 2) - x) < 1e-12 else f"{x:g}"


def _shape_str(s: tuple) -> str:
    return "(" + ", ".join(str(d) for d in s) + ("," if len(s) == 1 else "") + ")"


def _as_shape(value: Any) -> tuple | None:
    """The shape of an array/tensor, or a shape given as a sequence of ints; else None."""
    if hasattr(value, "shape") and not isinstance(value, (tuple, list)):
        try:
            return tuple(None if d is None else int(d) for d in value.shape)
        except (TypeError, ValueError):
            return None
    try:
        dims = tuple(value)
    except TypeError:
        return None
    if all(d is None or (isinstance(d, (int, np.integer)) and d is not True and d is not False)
           for d in dims):
        return tuple(None if d is None else int(d) for d in dims)
    return None


def _shape_diagnosis(got: tuple, expected: tuple) -> str | None:
    """Name the likely cause of a shape mismatch."""
    if len(got) + 1 == len(expected) and expected[-1] == 1 and _fits(got, expected[:-1]):
        return "the channel axis is missing: add it with np.expand_dims(x, -1)"
    if len(got) == len(expected) + 1 and got[-1] == 1 and _fits(got[:-1], expected):
        return "there is an extra axis of size 1 at the end: remove it with np.squeeze(x, -1)"
    if len(got) == len(expected) and sorted(map(str, got)) == sorted(map(str, expected)):
        return "the axes are in a different order: transpose (.T) or check channels-last order"
    if None not in got and None not in expected and math.prod(got) == math.prod(expected):
        return "the same number of values in a different shape: reshape, or check the axes"
    if len(got) != len(expected):
        return f"expected {len(expected)} axes, got {len(got)}"
    return None


def _fits(got: tuple, expected: tuple) -> bool:
    return len(got) == len(expected) and all(
        e is None or g == e for g, e in zip(got, expected, strict=True)
    )


def _to_float_array(value: Any) -> np.ndarray | None:
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):  # ragged lists and the like
        return None
    if array.dtype.kind not in "biuf":
        return None
    return array.astype(np.float64)


# -- public checks ------------------------------------------------------------------------------
def close(
    got: Any,
    expected: Any,
    *,
    name: str,
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
        if isinstance(tol, bool) or not isinstance(tol, (int, float)) or not (0 <= tol < math.inf):
            raise ValueError(
                f"`{arg}` must be a finite number >= 0, e.g. {arg}=1e-3. Received: {arg}={tol!r}"
            )
    if _is_not_done(got):
        return _not_done(name)
    want = _to_float_array(expected)
    if want is None:
        raise ValueError(
            "`expected` must be a number or a numeric array computed by code. "
            f"Received: expected={expected!r:.60}"
        )
    have = _to_float_array(got)
    if have is None:
        what = "a number" if want.ndim == 0 else f"an array of shape {_shape_str(want.shape)}"
        return _not_yet(
            name, what, _describe(got), "the answer is not numeric: check its type", hint
        )
    if have.shape != want.shape:
        if want.ndim == 0 and have.size == 1:
            diagnosis = "one value wrapped in an array: take it out with .item() or float(...)"
        else:
            diagnosis = _shape_diagnosis(have.shape, want.shape)
        return _not_yet(
            name, f"shape {_shape_str(want.shape)}", f"shape {_shape_str(have.shape)}",
            diagnosis, hint,
        )
    what = "value" if want.ndim == 0 else f"values (shape {_shape_str(want.shape)})"
    if np.allclose(have, want, rtol=rtol, atol=atol, equal_nan=True):
        return _emit(f"OK: {name} matches the expected {what}", True)
    diagnosis = _value_diagnosis(got, have, want, rtol, atol)
    return _not_yet(name, _fmt(want), _fmt(have), diagnosis, hint)


def _value_diagnosis(
    got: Any, have: np.ndarray, want: np.ndarray, rtol: float, atol: float
) -> str | None:
    """Name the likely mistake behind values that differ."""
    if np.isnan(have).any() and not np.isnan(want).any():
        return "NaN in your answer: look for 0/0, log(0) or a diverging update (too large a step)"
    if np.isinf(have).any() and not np.isinf(want).any():
        return "infinity in your answer: look for a division by zero or an overflow in exp()"
    finite = np.isfinite(want) & np.isfinite(have)
    if not finite.all():
        return None
    if np.any(want != 0) and np.allclose(have, -want, rtol=rtol, atol=atol):
        return "sign error: your answer is minus the expected one"
    if want.ndim == 2 and want.shape[0] == want.shape[1] and np.allclose(have, want.T, rtol, atol):
        return "your matrix is the transpose of the expected one"
    dtype = np.asarray(got).dtype if not isinstance(got, (int, float)) else None
    if isinstance(got, int) or (dtype is not None and dtype.kind in "biu"):
        if np.allclose(np.trunc(want), have) or np.allclose(np.round(want), have):
            return "your answer is made of integers: integer division (//) or astype(int) " \
                "rounded the fractions away"
    nonzero = want != 0
    if nonzero.any() and np.all(have[~nonzero] == 0):
        ratios = have[nonzero] / want[nonzero]
        factor = float(np.median(ratios))
        if factor != 0 and np.allclose(have, factor * want, rtol=rtol, atol=atol):
            return f"off by a constant factor: your answer is {factor:.4g} times the expected one"
    if want.size > 1:
        offset = float(np.median(have - want))
        if offset != 0 and np.allclose(have, want + offset, rtol=rtol, atol=atol):
            return f"off by a constant {offset:.4g} everywhere: a missing or extra bias term?"
        wrong = ~np.isclose(have, want, rtol=rtol, atol=atol)
        first = tuple(int(i) for i in np.argwhere(wrong)[0])
        return (
            f"{int(wrong.sum())} of {want.size} values differ, the first at index {first}: "
            f"expected {want[first]:.6g}, got {have[first]:.6g}"
        )
    return None


def equal(got: Any, expected: Any, *, name: str, hint: str | None = None) -> bool:
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
    if _is_not_done(got):
        return _not_done(name)
    if isinstance(got, np.ndarray) or isinstance(expected, np.ndarray):
        have, want = np.asarray(got), np.asarray(expected)
        if have.shape != want.shape:
            return _not_yet(
                name, f"shape {_shape_str(want.shape)}", f"shape {_shape_str(have.shape)}",
                _shape_diagnosis(have.shape, want.shape), hint,
            )
        try:
            same = bool(np.array_equal(have, want))
        except (TypeError, ValueError):
            same = False
        if same:
            shape_text = _shape_str(want.shape)
            return _emit(f"OK: {name} has the expected values (shape {shape_text})", True)
        return _not_yet(name, _fmt(want), _fmt(have), None, hint)
    have, want = _plain(got), _plain(expected)
    try:
        same = bool(have == want)
    except (TypeError, ValueError):
        same = False
    if same:
        return _emit(f"OK: {name} is {want!r:.60}", True)
    return _not_yet(name, f"{want!r:.60}", _describe(got), _equal_diagnosis(have, want), hint)


def _plain(value: Any) -> Any:
    """Python values for comparison: NumPy scalars become numbers, sequences become tuples."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (list, tuple)) or type(value).__name__ == "TensorShape":
        return tuple(_plain(v) for v in value)
    return value


def _equal_diagnosis(have: Any, want: Any) -> str | None:
    if type(have) is not type(want) and not (
        isinstance(have, (int, float)) and isinstance(want, (int, float))
    ):
        return f"types differ: expected {type(want).__name__}, got {type(have).__name__}"
    if isinstance(want, str):
        if have.strip() == want.strip():
            return "only spaces at the start or end differ"
        if have.lower() == want.lower():
            return "only upper/lower case differs"
    if isinstance(want, (int, float)) and not isinstance(want, bool):
        if want != 0 and have == -want:
            return "sign error: your answer is minus the expected one"
        if abs(have - want) == 1:
            return "off by one"
    if isinstance(want, tuple) and len(have) != len(want):
        return f"expected {len(want)} items, got {len(have)}"
    return None


def shape(got: Any, expected: Any, *, name: str, hint: str | None = None) -> bool:
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
    want = _as_shape(expected) if isinstance(expected, (tuple, list)) else None
    if want is None or any(d is not None and d < 0 for d in want):
        raise ValueError(
            "`expected` must be a shape: a tuple of sizes >= 0, with None for any size, "
            f"e.g. (None, 28, 28, 1). Received: expected={expected!r}"
        )
    if _is_not_done(got):
        return _not_done(name)
    have = _as_shape(got)
    if have is None:
        return _not_yet(
            name, f"shape {_shape_str(want)}", _describe(got),
            "give an array, a tensor or its .shape", hint,
        )
    if _fits(have, want):
        return _emit(f"OK: {name} has shape {_shape_str(want)}", True)
    return _not_yet(
        name, f"shape {_shape_str(want)}", f"shape {_shape_str(have)}",
        _shape_diagnosis(have, want), hint,
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
    if isinstance(expected, bool) or not isinstance(expected, (int, np.integer)) or expected < 0:
        raise ValueError(
            f"`expected` must be an int >= 0, e.g. expected=model.count_params(). "
            f"Received: expected={expected!r}"
        )
    expected = int(expected)
    label = name or getattr(model_or_layer, "name", None) or "parameter count"
    if _is_not_done(model_or_layer):
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
            label, want, _describe(model_or_layer),
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
    if isinstance(at_least, bool) or not isinstance(at_least, (int, float)) or not (
        0 <= at_least <= 1
    ):
        raise ValueError(
            "`at_least` must be a fraction between 0 and 1, e.g. at_least=0.9 for 90%. "
            f"Received: at_least={at_least!r}"
        )
    threshold = _fmt_number(float(at_least))
    if _is_not_done(model):
        return _not_done("model")
    if not hasattr(model, "predict"):
        return _not_yet(name, "a trained Keras model", _describe(model), "pass the model", hint)
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


def condition(ok: Any, *, what: str, hint: str) -> bool:
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
    if _is_not_done(ok):
        return _not_done(what)
    try:
        result = bool(ok)
    except (TypeError, ValueError):  # e.g. an array with several values
        return _emit(
            f"Not yet: {what}: the condition is not True/False but {_describe(ok)} — hint: "
            "combine array comparisons with np.all(...) or np.allclose(...)",
            False,
        )
    if result:
        return _emit(f"OK: {what}", True)
    return _emit(f"Not yet: {what} — not true yet — hint: {hint}", False)
