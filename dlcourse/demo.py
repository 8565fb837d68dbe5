"""Show an error in a notebook without stopping Run All.

A notebook that teaches what fails (a 2016 Keras call under Keras 3, a wrong shape) runs the failing
line inside `raises`: the learner sees the error's name and message, and the next cells still run,
in Jupyter, Colab and `jupyter nbconvert --execute` alike. If the line does *not* fail, the
demonstration is out of date and `raises` stops the notebook with an AssertionError that says so.

Example:

>>> from dlcourse import demo
>>> with demo.raises(ZeroDivisionError):
...     1 / 0
ZeroDivisionError: division by zero
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["raises"]


@contextmanager
def raises(*expected: type[BaseException]) -> Iterator[None]:
    """Run the block, expecting one of `expected`; print the error as Python would name it.

    Args:
        *expected: The exception types the block must raise, e.g. `AttributeError`.

    Raises:
        ValueError: When no exception type is given.
        AssertionError: When the block runs without an error (the demonstration is out of date).
        Exception: Any exception not in `expected` propagates unchanged.

    Example:

    >>> with raises(KeyError):
    ...     {}["learning_rate"]
    KeyError: 'learning_rate'
    """
    if not expected or not all(
        isinstance(e, type) and issubclass(e, BaseException) for e in expected
    ):
        raise ValueError(
            "`raises` needs the exception types the block must raise, e.g. "
            f"raises(AttributeError). Received: {expected!r}"
        )
    try:
        yield
    except expected as error:
        print(f"{type(error).__name__}: {error}".rstrip())
        return
    names = " or ".join(e.__name__ for e in expected)
    raise AssertionError(
        f"Expected {names}, but the block ran without error: this demonstration is out of date."
    )
