"""Diagnosis and formatting helpers behind `dlcourse.checks` (private).

They turn a learner's answer and the expected one into the words of a `Not yet` line: what differs
(shape, type, values) and the likely mistake (sign, factor, offset, transpose, NaN, integers).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from typing import Any

import numpy as np


def is_not_done(value: Any, _depth: int = 0) -> bool:
    """True for ``...``, ``None`` or a (nested) container that still holds ``...``."""
    if value is Ellipsis or (value is None and _depth == 0):
        return True
    if _depth > 3:
        return False
    if isinstance(value, Mapping):
        return any(is_not_done(v, _depth + 1) for v in value.values())
    if isinstance(value, (list, tuple, set, frozenset)):
        return any(is_not_done(v, _depth + 1) for v in value)
    if isinstance(value, np.ndarray) and value.dtype == object:
        return any(v is Ellipsis for v in value.ravel()[:1000])
    return False


def describe(value: Any) -> str:
    text = repr(value)
    text = text if len(text) <= 40 else text[:37] + "..."
    return f"{type(value).__name__} {text}"


def fmt(a: np.ndarray) -> str:
    if a.ndim == 0:
        return f"{a.item():.6g}"
    return np.array2string(a, precision=4, threshold=12, edgeitems=2, separator=", ")


def fmt_number(x: float) -> str:
    return f"{x:.2f}" if abs(round(x, 2) - x) < 1e-12 else f"{x:g}"


def shape_str(s: tuple) -> str:
    return "(" + ", ".join(str(d) for d in s) + ("," if len(s) == 1 else "") + ")"


def as_shape(value: Any) -> tuple | None:
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


def shape_diagnosis(got: tuple, expected: tuple) -> str | None:
    """Name the likely cause of a shape mismatch."""
    if len(got) + 1 == len(expected) and expected[-1] == 1 and fits(got, expected[:-1]):
        return "the channel axis is missing: add it with np.expand_dims(x, -1)"
    if len(got) == len(expected) + 1 and got[-1] == 1 and fits(got[:-1], expected):
        return "there is an extra axis of size 1 at the end: remove it with np.squeeze(x, -1)"
    if len(got) == len(expected) and len(got) <= 6 and any(
        fits(order, expected) for order in itertools.permutations(got)
    ):
        return "the axes are in a different order: transpose (.T) or check channels-last order"
    if None not in got and None not in expected and math.prod(got) == math.prod(expected):
        return "the same number of values in a different shape: reshape, or check the axes"
    if len(got) != len(expected):
        return f"expected {len(expected)} axes, got {len(got)}"
    return None


def fits(got: tuple, expected: tuple) -> bool:
    return len(got) == len(expected) and all(
        e is None or g == e for g, e in zip(got, expected, strict=True)
    )


def to_float_array(value: Any) -> np.ndarray | None:
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):  # ragged lists and the like
        return None
    if array.dtype.kind not in "biuf":
        return None
    return array.astype(np.float64)


def value_diagnosis(
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
        # Two scalars always differ by some factor: name it only when round (2, 1/2, 255).
        if factor != 0 and np.allclose(have, factor * want, rtol=rtol, atol=atol) and (
            want.size > 1 or _is_round(factor)
        ):
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


def _is_round(factor: float) -> bool:
    k = max(abs(factor), 1 / abs(factor))
    return abs(k - round(k)) < 1e-3 * k


def plain(value: Any) -> Any:
    """Python values for comparison: NumPy scalars become numbers, sequences become tuples."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (list, tuple)) or type(value).__name__ == "TensorShape":
        return tuple(plain(v) for v in value)
    return value


def equal_diagnosis(have: Any, want: Any) -> str | None:
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


