"""Tests for dlcourse.toy (and its re-export from dlcourse.data)."""

import numpy as np
import pytest

from dlcourse import toy


@pytest.mark.parametrize(
    "name, expected",
    [("and", [0, 0, 0, 1]), ("OR", [0, 1, 1, 1]), ("xor", [0, 1, 1, 0]),
     ("nand", [1, 1, 1, 0]), ("nor", [1, 0, 0, 0])],
)
def test_logic_gate_truth_tables(name, expected):
    X, y = toy.logic_gate(name)
    assert X.dtype == np.float64 and X.shape == (4, 2)
    assert y.dtype == np.int64
    # Compute each gate independently from the inputs.
    a, b = X[:, 0].astype(bool), X[:, 1].astype(bool)
    truth = {"and": a & b, "or": a | b, "xor": a ^ b, "nand": ~(a & b), "nor": ~(a | b)}
    np.testing.assert_array_equal(y, truth[name.lower()].astype(int))
    assert y.tolist() == expected


def test_logic_gate_unknown():
    with pytest.raises(ValueError, match=r"Unknown logic gate.*Received: name='xnor'"):
        toy.logic_gate("xnor")


def test_perceptron_test_problem():
    P, t = toy.perceptron_test_problem()
    assert P.tolist() == [[1, 2], [-1, 2], [0, -1]]
    assert t.tolist() == [1, 0, 0]


def test_linear_data_exact_and_cost_of_deck_w():
    x, y = toy.linear_data()
    assert x.tolist() == [1, 2, 3, 4, 5, 6, 7, 8]
    np.testing.assert_array_equal(y, 2 * x + 4)
    # Deck W: w = 3, b = 2 gives quadratic cost C = sum((t - a)^2) / (2n) = 5.75.
    assert np.sum((y - (3 * x + 2)) ** 2) / (2 * len(x)) == pytest.approx(5.75)


def test_linear_data_noise_is_seeded():
    _, y1 = toy.linear_data(noise=0.5, seed=1)
    _, y2 = toy.linear_data(noise=0.5, seed=1)
    _, y3 = toy.linear_data(noise=0.5, seed=2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(y1, y3)
    assert not np.array_equal(y1, toy.linear_data()[1])


def test_linear_data_custom_x_and_errors():
    x, y = toy.linear_data(slope=2, intercept=-1, x=[0, 1])
    assert y.tolist() == [-1.0, 1.0]
    with pytest.raises(ValueError, match=r"Received: noise=-1"):
        toy.linear_data(noise=-1)
    with pytest.raises(ValueError, match=r"Received: n=0"):
        toy.linear_data(n=0)
    with pytest.raises(ValueError, match=r"Received: x with shape \(2, 2\)"):
        toy.linear_data(x=np.zeros((2, 2)))


@pytest.mark.parametrize("kind", ["blobs", "moons", "circles"])
def test_two_class_2d(kind):
    X, y = toy.two_class_2d(n=50, kind=kind, seed=3)
    assert X.shape == (50, 2) and X.dtype == np.float64 and y.dtype == np.int64
    assert set(y.tolist()) == {0, 1}
    X2, y2 = toy.two_class_2d(n=50, kind=kind, seed=3)
    np.testing.assert_array_equal(X, X2)
    X3, _ = toy.two_class_2d(n=50, kind=kind, seed=4)
    assert not np.array_equal(X, X3)


def test_two_class_blobs_are_linearly_separable():
    from sklearn.linear_model import Perceptron

    X, y = toy.two_class_2d(n=200, kind="blobs")
    assert Perceptron(random_state=0).fit(X, y).score(X, y) == 1.0


def test_two_class_errors():
    with pytest.raises(ValueError, match=r"Received: kind='spiral'"):
        toy.two_class_2d(kind="spiral")
    with pytest.raises(ValueError, match=r"Received: n=1"):
        toy.two_class_2d(n=1)
    with pytest.raises(ValueError, match=r"Received: noise=-0.1"):
        toy.two_class_2d(noise=-0.1)

