"""dlcourse._validate: one wording for every argument check; NumPy scalars are numbers."""

import numpy as np
import pytest

from dlcourse import _validate, backprop, convolution, data, preprocess, scratch, seeding, toy
from dlcourse.perceptron import Perceptron


@pytest.mark.parametrize("value", [0.1, 1, np.float32(0.1), np.float64(0.1), np.int64(2),
                                   np.float16(0.5)])
def test_numpy_scalars_are_positive_numbers(value):
    assert _validate.positive_number(value, "lr") == pytest.approx(float(value))


@pytest.mark.parametrize("value", [0, -1.0, np.float32(-0.1), float("nan"), float("inf"), True,
                                   np.bool_(True), "0.1", None, [0.1], np.array([0.1])])
def test_what_is_not_a_positive_number(value):
    with pytest.raises(ValueError) as info:
        _validate.positive_number(value, "lr", example=0.1)
    assert str(info.value) == f"`lr` must be a positive number such as 0.1. Received: lr={value!r}"


@pytest.mark.parametrize("value", [3, np.int64(3), np.int8(3), np.uint32(3)])
def test_numpy_integers_are_integers(value):
    result = _validate.integer(value, "steps", minimum=1)
    assert result == 3 and type(result) is int


@pytest.mark.parametrize("value, match", [
    (0, r"^`steps` must be an integer >= 1\. Received: steps=0$"),
    (2.0, r"Received: steps=2\.0$"),
    (True, r"Received: steps=True$"),
    (np.float32(2), r"Received: steps=np\.float32\(2\.0\)$"),
])
def test_what_is_not_an_integer(value, match):
    with pytest.raises(ValueError, match=match):
        _validate.integer(value, "steps", minimum=1)


def test_bounded_integer_and_fraction_messages():
    with pytest.raises(ValueError, match=r"^`n` must be an integer from 0 to 9\. Received: n=10$"):
        _validate.integer(10, "n", minimum=0, maximum=9)
    assert _validate.fraction(np.float32(0.25), "rate", include_high=False) == 0.25
    with pytest.raises(ValueError, match=r"^`rate` must be a fraction in \[0, 1\), e\.g\. 0\.25\. "
                                         r"Received: rate=1$"):
        _validate.fraction(1, "rate", include_high=False, hint=", e.g. 0.25")
    with pytest.raises(ValueError, match=r"`mode` must be 'max' or 'avg'\. Received: mode='sum'"):
        _validate.one_of("sum", "mode", ("max", "avg"))
    with pytest.raises(ValueError, match=r"`verbose` must be 0 or 1\. Received: verbose=2"):
        _validate.one_of(2, "verbose", (0, 1))
    with pytest.raises(ValueError, match=r"must be 1 or 0\. Received: hardlim_zero=True"):
        _validate.one_of(True, "hardlim_zero", (1, 0))
    assert _validate.boolean(np.bool_(False), "flag") is False


# The package's argument checks go through it: NumPy scalars work everywhere.
def test_gradient_descent_accepts_a_float32_learning_rate():
    """The issue's example: lr=np.float32(0.1) is a positive number."""
    trace = scratch.gradient_descent(lambda x: 2 * x, 1.0, lr=np.float32(0.1), steps=np.int64(2))
    np.testing.assert_allclose(trace, [1.0, 0.8, 0.64], rtol=1e-6)


def test_numpy_scalars_across_the_package():
    net, errors = backprop.Net222.kuzovkin().train(np.int32(2), lr=np.float32(0.5))
    assert errors.shape == (2,)
    X, t = toy.logic_gate("and")
    p = Perceptron(learning_rate=np.float32(1.0), bias=np.float64(0.0), seed=np.int64(0))
    assert p.fit(X, t, epochs=np.int64(10)).predict(X).tolist() == t.tolist()
    assert convolution.pool2d(np.ones((4, 4)), size=np.int64(2)).shape == (2, 2)
    assert toy.linear_data(n=np.int64(3), noise=np.float32(0.0))[0].shape == (3,)
    xs, _ = preprocess.stratified_subset(np.arange(20), np.repeat([0, 1], 10), np.int64(4))
    assert len(xs) == 4
    seeding.seed(np.int64(0))


@pytest.mark.parametrize("call, message", [
    (lambda: scratch.gradient_descent(lambda x: x, 1.0, lr=0, steps=1),
     "`lr` must be a positive number"),
    (lambda: convolution.pool2d(np.ones((4, 4)), size=0), "`size` must be an integer >= 1"),
    (lambda: convolution.pool2d(np.ones((4, 4)), mode="sum"), "`mode` must be 'max' or 'avg'"),
    (lambda: toy.two_class_2d(kind="spirals"), "`kind` must be "),
    (lambda: seeding.seed(-1), "`n` must be an integer from 0 to 4294967295"),
    (lambda: Perceptron(use_bias=1), "`use_bias` must be True or False"),
    (lambda: data.find_source("svhn"), "`name` must be 'mnist', 'fashion_mnist' or 'cifar10'"),
])
def test_messages_are_worded_one_way(call, message):
    with pytest.raises(ValueError) as info:
        call()
    assert str(info.value).startswith(message) and ". Received: " in str(info.value)
