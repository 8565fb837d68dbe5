"""The switch that turns library functions off while a write-it-yourself check runs (issue 20)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import special

from dlcourse import exercises, scratch
from dlcourse.exercises._own import HelperCalled, switched_off
from tests.test_exercises import CASES

Z = np.array([1.0, -2.0, 0.5])


def test_a_switched_off_function_raises_under_any_name_and_comes_back():
    alias = scratch.softmax
    with switched_off({"dlcourse.scratch.softmax": scratch.softmax}):
        with pytest.raises(HelperCalled, match="dlcourse.scratch.softmax"):
            alias(Z)
        raised = False
        try:  # a learner's `except Exception` does not swallow it
            scratch.softmax(Z)
        except Exception:  # noqa: BLE001
            pytest.fail("HelperCalled was caught by `except Exception`")
        except HelperCalled:
            raised = True
        assert raised
    np.testing.assert_allclose(alias(Z), special.softmax(Z))


def test_checks_give_the_helpers_back():
    """After a check that caught a helper, and after one that passed, the helpers work."""
    before = (scratch.softmax(Z), scratch.cross_entropy(np.array([0.0, 1.0]), np.array([.3, .7])))
    result = exercises.result("02.2", **{**CASES["02.2"]["right"](),
                                         "my_softmax": scratch.softmax})
    assert not result.ok and "calls dlcourse.scratch.softmax" in result.line, result.line
    assert exercises.result("05.2", **CASES["05.2"]["right"]()).ok
    after = (scratch.softmax(Z), scratch.cross_entropy(np.array([0.0, 1.0]), np.array([.3, .7])))
    np.testing.assert_allclose(after[0], before[0])
    assert after[1] == pytest.approx(before[1])
    np.testing.assert_allclose(special.softmax(Z), before[0])


def test_a_function_that_cannot_be_switched_off_is_an_authoring_error():
    with pytest.raises(TypeError, match="cannot be switched off"), switched_off({"np.exp": np.exp}):
        pass
