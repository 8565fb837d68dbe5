"""The machinery behind `dlcourse.exercises`: a registry of exercises and the `Parts` checker.

An exercise is a function that receives a `Parts` object holding the learner's answers and
checks each part against a reference it computes itself. `Parts` stops at the first part that is
wrong and remembers why; `run` turns that into one line of feedback. The reference value is never
printed: a failure names what is wrong (shape, dtype, sign, factor, a known mistake...) and where
to look.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from dlcourse import _feedback as fb

Check = Callable[["Parts"], None]


@dataclass(frozen=True)
class Exercise:
    """One registered exercise: its id, the names the learner fills in, and its help."""

    id: str
    names: tuple[str, ...]
    check: Check
    nudge: str
    hint: str


@dataclass
class Result:
    """What `run` found: `ok`, the one feedback `line`, and the first failing part (if any)."""

    ok: bool
    line: str
    part: str | None = None
    done: bool = True


REGISTRY: dict[str, Exercise] = {}


def exercise(id: str, *, names: Sequence[str], nudge: str, hint: str) -> Callable[[Check], Check]:
    """Register a check function under an exercise id such as `"07.1"`.

    Args:
        id: `"NN.k"`: notebook number and exercise number.
        names: The names the learner fills in, in the order they are checked.
        nudge: A short pointer printed with every failure (never the answer).
        hint: The stronger hint `exercises.hint(id)` prints (never the solution's code or formula).

    Returns:
        A decorator that registers the function and returns it unchanged.
    """

    def register(check: Check) -> Check:
        if id in REGISTRY:
            raise ValueError(f"Exercise {id!r} is registered twice.")
        REGISTRY[id] = Exercise(id, tuple(names), check, nudge, hint)
        return check

    return register


class _Stop(Exception):
    """Raised inside a check function to stop at the first failing part."""


class _NotDone(Exception):
    """Raised when a learner's function still returns the stub's `...`."""


@dataclass
class Parts:
    """The learner's answers, checked part by part; the first failure stops the check.

    Every method takes the learner's `name` (a key of `answers`) and compares its value with a
    reference computed by the exercise. On failure it records a diagnosis that never contains
    the reference value and stops the check.
    """

    answers: Mapping[str, Any]
    failure: tuple[str, str] | None = field(default=None, init=False)
    checked: list[str] = field(default_factory=list, init=False)

    def __getitem__(self, name: str) -> Any:
        return self.answers[name]

    # -- recording ------------------------------------------------------------------------------
    def fail(self, name: str, diagnosis: str) -> None:
        """Record `diagnosis` for part `name` and stop the check."""
        self.failure = (name, diagnosis)
        raise _Stop

    def passed(self, name: str) -> None:
        if name not in self.checked:
            self.checked.append(name)

    def require(self, ok: bool, name: str, diagnosis: str) -> None:
        """Fail part `name` with `diagnosis` unless `ok`."""
        if not ok:
            self.fail(name, diagnosis)

    # -- comparisons -----------------------------------------------------------------------------
    def close(
        self,
        name: str,
        expected: Any,
        *,
        rtol: float = 1e-3,
        atol: float = 1e-6,
        mistakes: Mapping[str, Any] | None = None,
        value: Any = None,
    ) -> None:
        """Numbers or arrays close to `expected` (shape first, then values).

        Args:
            name: The learner's name for this part.
            expected: The reference, computed by the exercise.
            rtol, atol: Tolerances as in `np.allclose`.
            mistakes: `{diagnosis: wrong value}` for known mistakes, tried before the generic
                diagnoses (sign, transpose, factor, offset).
            value: Check this value instead of `answers[name]` (e.g. a function's output).
        """
        got = self.answers[name] if value is None else value
        want = fb.to_float_array(expected)
        if want is None:
            raise ValueError(f"`expected` for {name!r} must be numeric. Received: {expected!r:.60}")
        have = fb.to_float_array(_numpy(got))
        if have is None:
            self.fail(name, f"is {kind(got)}, not a number or a numeric array: check its type")
        if have.shape != want.shape:
            if want.ndim == 0 and have.size == 1:
                self.fail(name, "is one value wrapped in an array: take it out with float(...)")
            diagnosis = fb.shape_diagnosis(have.shape, want.shape)
            self.fail(name, f"has shape {fb.shape_str(have.shape)}, not the shape asked for"
                      + (f": {diagnosis}" if diagnosis else ""))
        if np.allclose(have, want, rtol=rtol, atol=atol, equal_nan=True):
            self.passed(name)
            return
        for diagnosis, wrong in (mistakes or {}).items():
            wrong_array = fb.to_float_array(wrong)
            if wrong_array is not None and wrong_array.shape == have.shape and np.allclose(
                have, wrong_array, rtol=rtol, atol=atol
            ):
                self.fail(name, diagnosis)
        self.fail(name, _value_diagnosis(got, have, want, rtol, atol))

    def equal(self, name: str, expected: Any, *, mistakes: Mapping[str, Any] | None = None,
              value: Any = None, what: str = "is not right yet") -> None:
        """Exact equality (ints, strings, tuples, dicts, integer arrays)."""
        got = self.answers[name] if value is None else value
        have, want = fb.plain(_numpy(got)), fb.plain(expected)
        if isinstance(have, np.ndarray) or isinstance(want, np.ndarray):
            same = np.shape(have) == np.shape(want) and bool(np.array_equal(have, want))
        else:
            try:
                same = bool(have == want)
            except (TypeError, ValueError):
                same = False
        if same:
            self.passed(name)
            return
        for diagnosis, wrong in (mistakes or {}).items():
            try:
                if bool(np.all(fb.plain(wrong) == have)) and np.shape(wrong) == np.shape(have):
                    self.fail(name, diagnosis)
            except (TypeError, ValueError):
                continue
        if isinstance(want, (int, float)) and not isinstance(want, bool):
            if not isinstance(have, (int, float)) or isinstance(have, bool):
                self.fail(name, f"is {kind(got)}: give a number")
            if want != 0 and have == -want:
                self.fail(name, "has the wrong sign")
            if abs(have - want) == 1:
                self.fail(name, "is off by one")
        if isinstance(want, (tuple, list)) and isinstance(have, (tuple, list)):
            if len(have) != len(want):
                self.fail(name, f"has {len(have)} items; the exercise asks for a different number")
        self.fail(name, what)

    def shape(self, name: str, expected: tuple, *, value: Any = None) -> None:
        """The shape of an array or tensor (the expected shape is part of the statement)."""
        got = self.answers[name] if value is None else value
        have = fb.as_shape(got)
        if have is None:
            self.fail(name, f"is {kind(got)}, not an array or tensor")
        if not fb.fits(have, tuple(expected)):
            diagnosis = fb.shape_diagnosis(have, tuple(expected))
            self.fail(name, f"has shape {fb.shape_str(have)}, expected {fb.shape_str(expected)}"
                      + (f": {diagnosis}" if diagnosis else ""))
        self.passed(name)

    def dtype(self, name: str, dtype: str, *, value: Any = None) -> None:
        """The dtype of an array or tensor, e.g. `"float32"` (part of the statement)."""
        got = self.answers[name] if value is None else value
        have = getattr(got, "dtype", None)
        have_name = getattr(have, "name", str(have)) if have is not None else None
        if have_name != dtype:
            self.fail(name, f"has dtype {have_name or type(got).__name__}; the exercise asks for "
                      f"{dtype}")
        self.passed(name)

    def call(self, name: str, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Call the learner's function; an exception becomes the part's diagnosis."""
        if not callable(function):
            self.fail(name, f"is {kind(function)}, not a function")
        try:
            value = function(*args, **kwargs)
        except Exception as error:  # a learner's bug is reported, never raised
            message = str(error).strip().splitlines()[0][:120] if str(error).strip() else ""
            shown = ", ".join([*map(_argument, args),
                               *(f"{k}={_argument(v)}" for k, v in kwargs.items())])
            self.fail(name, f"raised {type(error).__name__}: {message} (called with {shown})")
        if value is None:
            self.fail(name, "returns None: a return statement is missing")
        if fb.is_not_done(value):
            raise _NotDone(name)
        return value


def _argument(value: Any) -> str:
    """An argument as a failure line names it: arrays and tensors by shape and dtype only."""
    if hasattr(value, "shape") and hasattr(value, "dtype") and getattr(value, "ndim", 1) > 0:
        dtype = getattr(value.dtype, "name", value.dtype)
        return f"an array of shape {fb.shape_str(tuple(value.shape))} ({dtype})"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _numpy(value: Any) -> Any:
    """Tensors and variables become NumPy values; everything else is returned unchanged."""
    if hasattr(value, "numpy") and callable(value.numpy):
        try:
            return value.numpy()
        except Exception:  # not an eager tensor
            return value
    return value


def kind(value: Any) -> str:
    if value is None:
        return "None"
    name = type(value).__name__
    return f"{'an' if name[0] in 'aeiouAEIOU' else 'a'} {name}"


def _value_diagnosis(got: Any, have: np.ndarray, want: np.ndarray, rtol: float, atol: float) -> str:
    """Name the likely mistake behind wrong values, without giving the right ones."""
    if np.isnan(have).any() and not np.isnan(want).any():
        return "contains NaN: look for 0/0, log(0) or a diverging update"
    if np.isinf(have).any() and not np.isinf(want).any():
        return "contains infinity: look for log(0), a division by zero or an overflow in exp()"
    finite = np.isfinite(want) & np.isfinite(have)
    if finite.all():
        if np.any(want != 0) and np.allclose(have, -want, rtol=rtol, atol=atol):
            return "has the wrong sign"
        if want.ndim == 2 and want.shape[0] == want.shape[1] and np.allclose(
            have, want.T, rtol=rtol, atol=atol
        ):
            return "is transposed"
        dtype = np.asarray(got).dtype if not isinstance(got, (int, float)) else None
        is_int = isinstance(got, int) or (dtype is not None and dtype.kind in "biu")
        if is_int and (np.allclose(np.trunc(want), have) or np.allclose(np.round(want), have)):
            return "is made of integers: integer division (//) or int() rounded the fractions away"
        nonzero = want != 0
        if nonzero.any() and np.all(have[~nonzero] == 0):
            factor = float(np.median(have[nonzero] / want[nonzero]))
            if factor != 0 and np.allclose(have, factor * want, rtol=rtol, atol=atol) and (
                want.size > 1 or _is_round(factor)
            ):
                return f"is off by a constant factor ({factor:.3g} times too {_big(factor)})"
        if want.size > 1:
            if np.isin(want, (0.0, 1.0)).all():  # where a 0/1 answer is wrong is the answer
                return "has values that are not right yet: check each entry's computation"
            offset = float(np.median(have - want))
            if offset != 0 and np.allclose(have, want + offset, rtol=rtol, atol=atol):
                return "is off by the same amount everywhere: a missing or extra bias term?"
            wrong = ~np.isclose(have, want, rtol=rtol, atol=atol)
            first = tuple(int(i) for i in np.argwhere(wrong)[0])
            return f"has {int(wrong.sum())} of {want.size} values wrong, the first at index {first}"
    return "is not right yet"


def _big(factor: float) -> str:
    return "large" if abs(factor) > 1 else "small"


def _is_round(factor: float) -> bool:
    """A factor a learner could have slipped in: 2, 1/2, 10, 255, 1000 (not 2,096,128)."""
    k = max(abs(factor), 1 / abs(factor))
    return 1 < k <= 1000 and abs(k - round(k)) < 1e-6 * k


def run(id: str, answers: Mapping[str, Any]) -> Result:
    """Check `answers` for exercise `id` and return the one line of feedback (not printed)."""
    ex = REGISTRY[id]
    unknown = sorted(set(answers) - set(ex.names))
    missing = [n for n in ex.names if n not in answers]
    if unknown or missing:
        raise ValueError(
            f"Exercise {id} checks {', '.join(ex.names)}. "
            + (f"Unknown: {', '.join(unknown)}. " if unknown else "")
            + (f"Missing: {', '.join(missing)}. " if missing else "")
            + f"Call it as exercises.check({id!r}, "
            + ", ".join(f"{n}={n}" for n in ex.names) + ")."
        )
    not_done = [n for n in ex.names if answers[n] is not None and fb.is_not_done(answers[n])]
    if not_done:
        return Result(False, f"Not done yet: Exercise {id} — replace the ... of "
                      f"{_join(not_done)} with your answer.", not_done[0], done=False)
    parts = Parts(answers)
    try:
        for name in ex.names:
            if answers[name] is None:
                parts.fail(name, "is None: a value was never assigned (a function without "
                           "return, or a gradient the tape could not follow?)")
        ex.check(parts)
    except _NotDone as stub:
        return Result(False, f"Not done yet: Exercise {id} — {stub.args[0]} still returns ...: "
                      "replace the ... with your answer.", stub.args[0], done=False)
    except _Stop:
        name, diagnosis = parts.failure
        return Result(False, f"Not yet: Exercise {id} — {name} {diagnosis}. {ex.nudge} "
                      f"(More help: exercises.hint({id!r}))", name)
    verb = "is" if len(ex.names) == 1 else "are"
    return Result(True, f"OK: Exercise {id} — {_join(list(ex.names))} {verb} right.")


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
