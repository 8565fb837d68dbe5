"""Library functions that compute an exercise's answer, switched off while a check runs.

Some exercises ask the learner to write a small function by hand (a softmax, a cross-entropy, a
forward pass, one value of a convolution) although `dlcourse.scratch`, Keras or SciPy have one.
During such a check, `switched_off` makes each of those functions raise `HelperCalled`, whatever
name the learner reaches it by (an alias, a wrapper, `functools.partial`, an import of its own):
the *function object's* code is replaced, not a module attribute, and restored afterwards.
Functions the notebook itself defines (deck T's `predict_hidden` in notebook 04) are switched
off the same way, found by name in the learner's function's globals.

`HelperCalled` derives from `BaseException`, so a learner's `try: ... except Exception:` does
not swallow it, and `Parts.call` (which reports the learner's exceptions) lets it through to
`check_own`, which turns it into a diagnosis.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from dlcourse.exercises._core import Parts


class HelperCalled(BaseException):  # noqa: N818 -- not an error: a signal to the check
    """Raised by a switched-off function; its argument is the function's name as shown."""


def _off(*args: Any, **kwargs: Any) -> None:
    """The code every switched-off function runs; its name (`co_name`) is the label shown.

    The code runs with the switched-off function's globals, so it imports what it needs.
    """
    import sys

    from dlcourse.exercises._own import HelperCalled

    raise HelperCalled(sys._getframe().f_code.co_name)


def _innermost(function: Any) -> types.FunctionType | None:
    """The plain Python function under a chain of `__wrapped__` decorators, if there is one."""
    seen = 0
    while hasattr(function, "__wrapped__") and seen < 20:
        function, seen = function.__wrapped__, seen + 1
    if isinstance(function, types.FunctionType) and not function.__code__.co_freevars:
        return function
    return None


@contextmanager
def switched_off(functions: Mapping[str, Any]) -> Iterator[None]:
    """Make every function of `{label: function}` raise `HelperCalled(label)` for a while.

    Raises:
        TypeError: a function that cannot be switched off (a C function, or one with a
            closure): an authoring error, caught by the tests.
    """
    saved: list[tuple[types.FunctionType, types.CodeType, Any, Any]] = []
    targets = []
    for label, function in functions.items():
        inner = _innermost(function)
        if inner is None:
            raise TypeError(f"{label} cannot be switched off: not a plain Python function")
        targets.append((label, inner))
    try:
        for label, inner in targets:
            if any(inner is done for done, *_ in saved):
                continue
            saved.append((inner, inner.__code__, inner.__defaults__, inner.__kwdefaults__))
            inner.__code__ = _off.__code__.replace(co_name=label, co_qualname=label)
            inner.__defaults__, inner.__kwdefaults__ = None, None
        yield
    finally:
        for inner, code, defaults, kwdefaults in reversed(saved):
            inner.__code__, inner.__defaults__, inner.__kwdefaults__ = code, defaults, kwdefaults


def notebook_functions(function: Any, names: Sequence[str]) -> dict[str, Any]:
    """The notebook's own functions `names`, as the learner's `function` sees them."""
    scope = getattr(_innermost(function) or function, "__globals__", {})
    return {name: scope[name] for name in names
            if isinstance(scope.get(name), types.FunctionType)
            and _innermost(scope[name]) is not _innermost(function)}


def check_own(p: Parts, name: str, helpers: Mapping[str, Any],
              check: Callable[[Parts], None]) -> None:
    """Run `check(p)` with `helpers` switched off; calling one fails part `name`.

    A learner's function that *is* one of the helpers (or calls one) gets the same diagnosis:
    the exercise asks for the computation written out.
    """
    try:
        with switched_off(helpers):
            check(p)
    except HelperCalled as called:
        p.fail(name, f"calls {called.args[0]}, which computes the answer for you: this exercise "
               "asks you to write the computation yourself, with NumPy")
