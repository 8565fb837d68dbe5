"""dlcourse.backend on the backend KERAS_BACKEND names (`make test` on TensorFlow, `make
test-backends` on JAX and PyTorch)."""

import keras
import numpy as np
import pytest

from dlcourse import backend


def test_name_is_what_keras_runs_on():
    assert backend.name() == keras.backend.backend() == backend.requested()


def test_tensorflow_only_runs_on_tensorflow_and_says_so_elsewhere(capsys):
    runs = backend.tensorflow_only("tf.distribute")
    out = capsys.readouterr().out
    if keras.backend.backend() == "tensorflow":
        assert runs is True and out == ""
    else:
        assert runs is False
        assert out == (f"Skipped on the {backend.title()} backend: this cell needs TensorFlow "
                       "itself (tf.distribute). Run the notebook with KERAS_BACKEND=tensorflow "
                       "(the default) to see it.\n")


@pytest.mark.parametrize("what", ["", "  ", None, 3])
def test_tensorflow_only_needs_to_say_what(what):
    with pytest.raises(ValueError, match="`what` must say what needs TensorFlow"):
        backend.tensorflow_only(what)


def test_titles():
    assert [backend.title(b) for b in backend.BACKENDS] == ["TensorFlow", "JAX", "PyTorch"]


def _dense_model():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, activation="sigmoid"),
                              keras.layers.Dense(1)])
    rng = np.random.default_rng(0)
    for v in model.trainable_variables:
        v.assign(rng.normal(size=v.shape).astype("float32"))
    return model


def test_gradients_match_the_chain_rule_by_hand():
    model = _dense_model()
    x = np.random.default_rng(1).normal(size=(4, 3)).astype("float32")
    y = np.random.default_rng(2).normal(size=(4, 1)).astype("float32")
    w1, b1, w2, b2 = (keras.ops.convert_to_numpy(v) for v in model.trainable_variables)
    h = 1 / (1 + np.exp(-(x @ w1 + b1)))
    out = h @ w2 + b2
    d_out = 2 * (out - y) / len(x)  # mean squared error over 4 examples, 1 output
    d_pre = (d_out @ w2.T) * h * (1 - h)
    expected = [x.T @ d_pre, d_pre.sum(0), h.T @ d_out, d_out.sum(0)]
    grads = backend.gradients(model, keras.losses.MeanSquaredError(), x, y)
    assert [g.shape for g in grads] == [e.shape for e in expected]
    for got, want in zip(grads, expected, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-6)


def test_gradients_of_chosen_variables_in_their_order_and_no_state_left_behind():
    model = _dense_model()
    x, y = np.ones((2, 3), "float32"), np.zeros((2, 1), "float32")
    loss = keras.losses.MeanSquaredError()
    every = backend.gradients(model, loss, x, y)
    kernels = [model.layers[1].kernel, model.layers[0].kernel]
    chosen = backend.gradients(model, loss, x, y, kernels)
    np.testing.assert_allclose(chosen[0], every[2])
    np.testing.assert_allclose(chosen[1], every[0])
    again = backend.gradients(model, loss, x, y)  # gradients do not pile up between calls
    for a, b in zip(every, again, strict=True):
        np.testing.assert_allclose(a, b)


def test_gradients_refuse_a_variable_of_another_model():
    model, other = _dense_model(), _dense_model()
    with pytest.raises(ValueError, match="must be trainable variables of the model"):
        backend.gradients(model, keras.losses.MeanSquaredError(), np.ones((1, 3)),
                          np.ones((1, 1)), [other.layers[0].kernel])
