"""Argument checks shared by the whole package: one wording, NumPy scalars accepted.

Every check returns the value converted to a plain Python type (or a float64 array) and raises
`ValueError` worded as Keras words it: "`name` must be <what>. Received: name=<value>". NumPy
scalars count as numbers (`np.float32(0.1)` is a positive number, `np.int64(3)` an integer);
`True` and `False` never count as numbers.

Example:

>>> import numpy as np
>>> positive_number(np.float32(0.5), "lr", example=0.1)
0.5
>>> integer(np.int64(3), "steps", minimum=1)
3
>>> positive_number(0, "lr", example=0.1)
Traceback (most recent call last):
...
ValueError: `lr` must be a positive number such as 0.1. Received: lr=0
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Collection

import numpy as np

__all__ = [
    "as_float_array", "boolean", "finite_number", "fraction", "integer", "is_integer",
    "is_number", "one_of", "positive_number",
]


def is_number(value) -> bool:
    """True for Python and NumPy real numbers (ints and floats), False for bools."""
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def is_integer(value) -> bool:
    """True for Python and NumPy integers, False for bools."""
    return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))


def _fail(name: str, what: str, value):
    raise ValueError(f"`{name}` must be {what}. Received: {name}={value!r}")


def integer(value, name: str, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """`value` as an int, when it is an integer in [minimum, maximum] (bounds optional).

    Example:

    >>> integer(2, "ncols", minimum=1)
    2
    """
    if not is_integer(value) or (minimum is not None and value < minimum) or (
        maximum is not None and value > maximum
    ):
        if minimum is not None and maximum is not None:
            what = f"an integer from {minimum} to {maximum}"
        elif minimum is not None:
            what = f"an integer >= {minimum}"
        elif maximum is not None:
            what = f"an integer <= {maximum}"
        else:
            what = "an integer"
        _fail(name, what, value)
    return int(value)


def positive_number(value, name: str, *, example: float | None = None) -> float:
    """`value` as a float, when it is a finite number > 0.

    Example:

    >>> positive_number(np.float32(0.25), "lr")
    0.25
    """
    if not is_number(value) or not math.isfinite(value) or value <= 0:
        _fail(name, "a positive number" + (f" such as {example}" if example is not None else ""),
              value)
    return float(value)


def finite_number(value, name: str, *, minimum: float | None = None,
                  example: float | None = None) -> float:
    """`value` as a float, when it is a finite number (>= minimum, if given).

    Example:

    >>> finite_number(np.float64(-1.5), "bias")
    -1.5
    """
    if not is_number(value) or not math.isfinite(value) or (
        minimum is not None and value < minimum
    ):
        what = "a finite number" + (f" >= {minimum}" if minimum is not None else "")
        what += f", e.g. {name}={example}" if example is not None else ""
        _fail(name, what, value)
    return float(value)


def fraction(value, name: str, *, low: float = 0.0, high: float = 1.0,
             include_low: bool = True, include_high: bool = True, hint: str = "") -> float:
    """`value` as a float, when it lies in the interval from `low` to `high`.

    Args:
        value: The argument.
        name: Its name, for the message.
        low, high: The interval's ends. Defaults to 0 and 1.
        include_low, include_high: Whether each end is allowed. Default to True.
        hint: Words appended to what is expected, e.g. ", e.g. 0.25 (0 switches dropout off)".

    Example:

    >>> fraction(np.float32(0.5), "rate", include_high=False)
    0.5
    """
    ok = is_number(value) and math.isfinite(value) and (
        (low <= value) if include_low else (low < value)
    ) and ((value <= high) if include_high else (value < high))
    if not ok:
        interval = f"{'[' if include_low else '('}{low:g}, {high:g}{']' if include_high else ')'}"
        _fail(name, f"a fraction in {interval}{hint}", value)
    return float(value)


def boolean(value, name: str) -> bool:
    """`value`, when it is True or False (NumPy's too)."""
    if not isinstance(value, (bool, np.bool_)):
        _fail(name, "True or False", value)
    return bool(value)


def one_of(value, name: str, options: Collection) -> object:
    """`value`, when it is one of `options` (their reprs are listed in the message).

    Example:

    >>> one_of("same", "padding", ("valid", "same"))
    'same'
    """
    if isinstance(value, bool) and not any(isinstance(o, bool) for o in options):
        pass  # True == 1: a bool is not a number here
    elif isinstance(value, str | int | float | type(None)) and value in options:
        return value
    listed = [repr(o) for o in options]
    words = listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " or " + listed[-1]
    _fail(name, words, value)


def as_float_array(x, name: str) -> np.ndarray:
    """``np.asarray(x, float64)``, with an error that names the argument.

    Example:

    >>> as_float_array([1, 2], "x").dtype
    dtype('float64')
    """
    try:
        return np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise ValueError(
            f"`{name}` must be numbers (a number, list or NumPy array). Received: {name}={x!r}"
        ) from err
