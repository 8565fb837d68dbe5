"""dlcourse.demo.raises: the error is shown, Run All goes on, a stale demonstration stops."""

import pytest

from dlcourse import demo


def test_expected_error_is_printed_and_swallowed(capsys):
    with demo.raises(AttributeError, TypeError):
        object().predict_classes  # noqa: B018
    assert capsys.readouterr().out == (
        "AttributeError: 'object' object has no attribute 'predict_classes'\n"
    )


def test_block_that_does_not_fail_stops_the_notebook():
    with pytest.raises(AssertionError, match="Expected TypeError, but the block ran without error"):
        with demo.raises(TypeError):
            pass


def test_other_errors_propagate():
    with pytest.raises(KeyError):
        with demo.raises(TypeError):
            {}["x"]


@pytest.mark.parametrize("bad", [(), ("TypeError",), (int,)])
def test_needs_exception_types(bad):
    with pytest.raises(ValueError, match="needs the exception types"):
        with demo.raises(*bad):
            pass
