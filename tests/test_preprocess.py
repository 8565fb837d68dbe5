"""Tests for dlcourse.preprocess."""

import numpy as np
import pytest

from dlcourse import preprocess as pp


def test_scale01_uint8():
    x = np.array([[0, 51, 255]], dtype=np.uint8)
    out = pp.scale01(x)
    assert out.dtype == np.float32 and out.shape == (1, 3)
    np.testing.assert_allclose(out, [[0.0, 0.2, 1.0]], rtol=1e-6)


def test_scale01_float_passthrough_and_errors():
    assert pp.scale01(np.array([0.5], dtype=np.float64)).dtype == np.float32
    with pytest.raises(ValueError, match=r"outside \[0, 1\].*max=255.0"):
        pp.scale01(np.array([0.0, 255.0]))
    with pytest.raises(ValueError, match=r"Received: x with dtype=int64"):
        pp.scale01(np.array([1, 2], dtype=np.int64))


def test_one_hot_shapes():
    out = pp.one_hot(np.array([[2], [0]], dtype=np.uint8), 3)
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out, [[0, 0, 1], [1, 0, 0]])
    assert pp.one_hot(np.array([0, 4])).shape == (2, 5)


def test_one_hot_errors():
    with pytest.raises(ValueError, match=r"num_classes=3 or more.*Received: num_classes=2"):
        pp.one_hot(np.array([0, 2]), 2)
    with pytest.raises(ValueError, match=r"integer class labels.*dtype=float"):
        pp.one_hot(np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match=r"Received: y with shape \(2, 3\)"):
        pp.one_hot(np.zeros((2, 3), dtype=int))
    with pytest.raises(ValueError, match=r"labels >= 0"):
        pp.one_hot(np.array([-1, 0]))


def test_add_channel_axis():
    x = np.zeros((4, 28, 28), dtype=np.uint8)
    out = pp.add_channel_axis(x)
    assert out.shape == (4, 28, 28, 1) and out.dtype == np.uint8
    with pytest.raises(ValueError, match=r"already has a channel axis.*\(4, 28, 28, 1\)"):
        pp.add_channel_axis(out)
    with pytest.raises(ValueError, match=r"Received: x with shape \(28, 28\)"):
        pp.add_channel_axis(x[0])


def test_stratified_subset_keeps_proportions_and_is_seeded():
    y = np.repeat(np.arange(10, dtype=np.uint8), [100, 100, 100, 100, 100, 50, 50, 50, 50, 300])
    x = np.arange(len(y))
    xs, ys = pp.stratified_subset(x, y, 100)
    assert len(xs) == 100 and ys.dtype == np.uint8
    np.testing.assert_array_equal(y[xs], ys)  # pairs kept together
    counts = np.bincount(ys, minlength=10)
    np.testing.assert_array_equal(counts, np.bincount(y) // 10)
    xs2, _ = pp.stratified_subset(x, y, 100)
    np.testing.assert_array_equal(xs, xs2)
    xs3, _ = pp.stratified_subset(x, y, 100, seed=1)
    assert not np.array_equal(xs, xs3)


def test_stratified_subset_column_labels_and_all():
    y = np.repeat(np.arange(2), 5).reshape(-1, 1)
    x = np.zeros((10, 3))
    xs, ys = pp.stratified_subset(x, y, 4)
    assert xs.shape == (4, 3) and ys.shape == (4, 1)
    assert sorted(ys[:, 0].tolist()) == [0, 0, 1, 1]
    xa, ya = pp.stratified_subset(x, y, 50)
    assert len(xa) == 10


def test_stratified_subset_errors():
    x, y = np.zeros(10), np.repeat(np.arange(5), 2)
    with pytest.raises(ValueError, match=r"Received: n=0"):
        pp.stratified_subset(x, y, 0)
    with pytest.raises(ValueError, match=r"len\(x\)=10, len\(y\)=9"):
        pp.stratified_subset(x, y[:9], 3)
    with pytest.raises(ValueError, match=r"number of classes \(5\).*Received: n=3"):
        pp.stratified_subset(x, y, 3)
