"""Tests for dlcourse.seed."""

import random

import numpy as np
import pytest

import dlcourse


def _draw():
    import keras

    return random.random(), np.random.rand(), float(keras.random.uniform((1,))[0])


def test_seed_repeats_python_numpy_and_keras():
    dlcourse.seed(3)
    first = _draw()
    dlcourse.seed(3)
    assert _draw() == first
    dlcourse.seed(4)
    assert _draw() != first


def test_seed_makes_keras_weights_repeatable():
    import keras

    dlcourse.seed(0)
    layer_a = keras.layers.Dense(3)
    layer_a.build((None, 2))
    dlcourse.seed(0)
    layer_b = keras.layers.Dense(3)
    layer_b.build((None, 2))
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(layer_a.kernel),
                                  keras.ops.convert_to_numpy(layer_b.kernel))


@pytest.mark.parametrize("bad", [-1, 1.5, "0", True, 2**32])
def test_seed_rejects_bad_values(bad):
    with pytest.raises(ValueError,
                       match=r"`n` must be an integer from 0 to 4294967295\. Received: n="):
        dlcourse.seed(bad)


def test_seed_deterministic_enables_op_determinism(monkeypatch):
    import tensorflow as tf

    calls = []
    monkeypatch.setattr(tf.config.experimental, "enable_op_determinism", lambda: calls.append(1))
    dlcourse.seed(1, deterministic=True)
    assert calls == [1]
    dlcourse.seed(1)
    assert calls == [1]
