"""Tests of dlcourse.perceptron.Perceptron (re-exported by dlcourse.models)."""

import numpy as np
import pytest

from dlcourse.perceptron import Perceptron, PerceptronStep

P = np.array([[1.0, 2.0], [-1.0, 2.0], [0.0, -1.0]])
T = np.array([1, 0, 0])
GATES_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])


def deck_perceptron():
    return Perceptron(use_bias=False, weights=[1.0, -0.8]).fit(P, T)


def test_learning_rule_test_problem_of_deck_w():
    p = deck_perceptron()
    after_first_epoch = [s.weights for s in p.steps_[:3]]
    np.testing.assert_allclose(after_first_epoch, [[2.0, 1.2], [3.0, -0.8], [3.0, 0.2]])
    assert [s.output for s in p.steps_[:3]] == [0, 1, 1]
    assert [s.error for s in p.steps_[:3]] == [1, -1, -1]
    np.testing.assert_allclose([s.net for s in p.steps_[:3]], [-0.6, 0.4, 0.8])
    # the second epoch has no error, so training stops there
    assert p.converged_ and p.epochs_ == 2
    assert len(p.steps_) == 6 and all(s.error == 0 for s in p.steps_[3:])
    np.testing.assert_allclose(p.weights_, [3.0, 0.2])
    assert p.bias_ == 0.0
    np.testing.assert_array_equal(p.predict(P), T)


def test_steps_record_sample_target_epoch_index():
    p = deck_perceptron()
    s = p.steps_[1]
    assert isinstance(s, PerceptronStep)
    assert (s.epoch, s.index, s.target) == (1, 1, 0)
    np.testing.assert_array_equal(s.sample, P[1])
    # recorded arrays are copies, not views of the live weights
    assert s.weights is not p.steps_[2].weights


def test_trace_table_is_plain_and_complete():
    text = deck_perceptron().trace_table()
    lines = text.splitlines()
    assert lines[0].split() == ["epoch", "sample", "p", "t", "net", "a", "e", "w", "after"]
    assert lines[1].split() == ["1", "p1", "(1.0,", "2.0)", "1", "-0.6", "0", "+1", "(2.0,", "1.2)"]
    assert "(3.0, -0.8)" in lines[2] and "(3.0, 0.2)" in lines[3]
    assert len(lines) == 1 + 6 + 1
    assert lines[-1] == "converged: epoch 2 had no error"
    assert text == deck_perceptron().trace_table()  # deterministic


def test_trace_table_with_bias_has_bias_column():
    X, y = GATES_X, np.array([0, 1, 1, 1])
    text = Perceptron().fit(X, y).trace_table()
    assert text.splitlines()[0].endswith("b after")


@pytest.mark.parametrize("target", [[0, 0, 0, 1], [0, 1, 1, 1]], ids=["and", "or"])
def test_learns_and_or_with_bias(target):
    p = Perceptron().fit(GATES_X, target)
    assert p.converged_
    np.testing.assert_array_equal(p.predict(GATES_X), target)


def test_xor_never_converges_without_exception():
    p = Perceptron().fit(GATES_X, [0, 1, 1, 0], epochs=25)
    assert p.converged_ is False
    assert p.epochs_ == 25 and len(p.steps_) == 100
    assert (p.predict(GATES_X) != [0, 1, 1, 0]).any()
    assert p.trace_table().endswith("not converged after 25 epochs")


def test_and_without_bias_cannot_be_learned():
    # through the origin hardlim(0) = 1 for (0, 0), so AND needs a bias
    p = Perceptron(use_bias=False).fit(GATES_X, [0, 0, 0, 1], epochs=10)
    assert not p.converged_


def test_hardlim_zero_and_learning_rate():
    p = Perceptron(use_bias=False, weights=[0.0, 0.0], hardlim_zero=0)
    np.testing.assert_array_equal(p.predict([[1.0, 1.0]]), [0])
    p1 = Perceptron(use_bias=False, weights=[0.0, 0.0], hardlim_zero=1)
    np.testing.assert_array_equal(p1.predict([[1.0, 1.0]]), [1])
    q = Perceptron(use_bias=False, weights=[1.0, -0.8], learning_rate=0.5).fit(P, T)
    np.testing.assert_allclose(q.steps_[0].weights, [1.5, 0.2])


def test_seeded_random_start_is_repeatable_and_zero_start_default():
    a = Perceptron(seed=3).fit(GATES_X, [0, 1, 1, 1])
    b = Perceptron(seed=3).fit(GATES_X, [0, 1, 1, 1])
    np.testing.assert_array_equal(a.weights_, b.weights_)
    c = Perceptron().fit(GATES_X, [0, 1, 1, 1])
    assert c.steps_[0].net == 0.0  # zeros and bias 0 at the start


def test_fit_twice_resets_steps():
    p = Perceptron()
    p.fit(GATES_X, [0, 0, 0, 1])
    n = len(p.steps_)
    p.fit(GATES_X, [0, 0, 0, 1])
    assert len(p.steps_) == n


def test_net_input_and_targets_as_column():
    p = Perceptron(use_bias=False, weights=[1.0, -0.8]).fit(P, T.reshape(-1, 1))
    np.testing.assert_allclose(p.net_input(P), P @ np.array([3.0, 0.2]))
    assert p.predict(P).dtype == np.int64


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"learning_rate": 0}, r"learning_rate.*Received: learning_rate=0"),
        ({"learning_rate": "1"}, r"learning_rate"),
        ({"use_bias": 1}, r"use_bias.*True or False"),
        ({"use_bias": False, "bias": 0.5}, r"bias.*use_bias=False.*Received: bias=0.5"),
        ({"bias": float("nan")}, r"`bias` must be a finite number"),
        ({"hardlim_zero": 2}, r"hardlim_zero.*Received: hardlim_zero=2"),
        ({"weights": [[1.0, 2.0]]}, r"`weights` must be a non-empty 1-D"),
        ({"weights": "ab"}, r"`weights` must be a non-empty 1-D"),
        ({"seed": 1.5}, r"`seed` must be an integer"),
    ],
)
def test_bad_constructor_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Perceptron(**kwargs)


def test_bad_fit_arguments():
    p = Perceptron()
    with pytest.raises(ValueError, match=r"2-D array.*X\[None, :\].*Received: X.shape=\(2,\)"):
        p.fit([1.0, 2.0], [1])
    with pytest.raises(ValueError, match=r"numeric array"):
        p.fit([["a", "b"]], [1])
    with pytest.raises(ValueError, match=r"NaN or infinite"):
        p.fit([[np.nan, 1.0]], [1])
    with pytest.raises(ValueError, match=r"one target per row.*t.shape=\(2,\)"):
        p.fit(P, [1, 0])
    with pytest.raises(ValueError, match=r"only 0 and 1.*Received values: \[-1\]"):
        p.fit(P, [1, -1, 0])
    with pytest.raises(ValueError, match=r"epochs.*Received: epochs=0"):
        p.fit(P, T, epochs=0)
    with pytest.raises(ValueError, match=r"weights` has 3 values but X has 2 features"):
        Perceptron(weights=[1.0, 2.0, 3.0]).fit(P, T)


def test_predict_before_fit_and_wrong_width():
    with pytest.raises(RuntimeError, match=r"call fit\(X, t\) first"):
        Perceptron().predict(P)
    with pytest.raises(RuntimeError, match=r"before trace_table"):
        Perceptron().trace_table()
    with pytest.raises(ValueError, match=r"must have 2 columns.*X.shape=\(1, 3\)"):
        deck_perceptron().predict([[1.0, 2.0, 3.0]])
