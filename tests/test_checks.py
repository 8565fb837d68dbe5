"""Tests for dlcourse.checks: right answers, each kind of wrong answer, not-done values."""

import numpy as np
import pytest

from dlcourse import checks

NOT_DONE = "Not done yet: {} is still ... — replace the ... in the exercise cell with your answer."


def line(capsys) -> str:
    """The one line a check printed (and assert it was exactly one)."""
    out = capsys.readouterr().out
    assert out.count("\n") == 1, out
    return out.strip()


# -- close ----------------------------------------------------------------------------------------
def test_close_right_scalar_within_tolerance(capsys):
    assert checks.close(0.5933, 0.593269992, name="out_h1") is True
    assert line(capsys) == "OK: out_h1 matches the expected value"


def test_close_right_array_list_and_tensor(capsys):
    assert checks.close([0.1, 0.2], np.array([0.1, 0.2000001]), name="p")
    assert line(capsys) == "OK: p matches the expected values (shape (2,))"
    tf = pytest.importorskip("tensorflow")
    assert checks.close(tf.constant([[1.0, 2.0]]), [[1.0, 2.0]], name="t")
    assert line(capsys).startswith("OK: t")


def test_close_tolerances_are_used(capsys):
    assert not checks.close(1.01, 1.0, name="x")
    assert line(capsys).startswith("Not yet: x differs: expected 1, got 1.01")
    assert checks.close(1.01, 1.0, name="x", rtol=0.02)
    assert checks.close(1e-7, 0.0, name="x")
    assert not checks.close(1e-7, 0.0, name="x", atol=0.0)


@pytest.mark.parametrize(
    "got", [..., None, [1.0, ...], (..., 2.0), {"w": ...}, np.array([1, ...], dtype=object)]
)
def test_close_not_done(capsys, got):
    assert checks.close(got, [1.0, 2.0], name="w") is False
    assert line(capsys) == NOT_DONE.format("w")


def test_close_function_returning_ellipsis(capsys):
    def sigmoid(z):
        return ...

    assert not checks.close(sigmoid(0.0), 0.5, name="sigmoid(0)")
    assert line(capsys) == NOT_DONE.format("sigmoid(0)")


@pytest.mark.parametrize(
    "got, expected, words",
    [
        (-0.5, 0.5, "sign error"),
        (1.0, 0.5, "off by a constant factor: your answer is 2 times"),
        (np.arange(4) + 1.5, np.arange(4), "off by a constant 1.5 everywhere"),
        (float("nan"), 1.0, "NaN in your answer"),
        (np.array([1.0, np.inf]), [1.0, 2.0], "infinity in your answer"),
        (np.array([1, 2]), [1.4, 2.4], "made of integers"),
        ([[1.0, 0.0], [1.0, 1.0]], [[1.0, 1.0], [0.0, 1.0]], "transpose of the expected"),
        ([1.0, 2.0, 3.0], [1.0, 2.0, 4.0], "1 of 3 values differ, the first at index (2,)"),
    ],
)
def test_close_names_the_likely_mistake(capsys, got, expected, words):
    assert checks.close(got, expected, name="v") is False
    out = line(capsys)
    assert out.startswith("Not yet: v differs: expected ")
    assert words in out


@pytest.mark.parametrize(
    "got, expected, words",
    [
        (np.ones((2, 3)), np.ones((3, 2)), "expected shape (3, 2), got shape (2, 3)"),
        (np.array([[0.5]]), 0.5, "take it out with .item()"),
        (np.ones((4, 28, 28)), np.ones((4, 28, 28, 1)), "channel axis is missing"),
        (np.ones(6), np.ones((2, 3)), "same number of values in a different shape"),
    ],
)
def test_close_checks_shape_before_values(capsys, got, expected, words):
    assert not checks.close(got, expected, name="a")
    out = line(capsys)
    assert out.startswith("Not yet: a differs: expected shape")
    assert words in out


@pytest.mark.parametrize("got", ["0.5", [1.0, [2.0, 3.0]], object()])
def test_close_reports_wrong_types_without_raising(capsys, got):
    assert not checks.close(got, 0.5, name="p")
    assert "the answer is not numeric" in line(capsys)


def test_close_author_hint_is_appended(capsys):
    checks.close(2.0, 1.0, name="z", hint="z = w·x + b")
    assert line(capsys).endswith("; z = w·x + b")
    checks.close(2.0, 3.0, name="z")  # no pattern found: the generic hint
    assert line(capsys).endswith("— hint: compare your steps with the formula in the text above")


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"name": ""}, r"`name` must be a non-empty string.*Received: name=''"),
        ({"name": "z", "rtol": -1}, r"`rtol` must be a finite number >= 0.*Received: rtol=-1"),
        ({"name": "z", "atol": float("inf")}, r"`atol` must be.*Received: atol=inf"),
        ({"name": "z", "hint": 3}, r"`hint` must be a string or None. Received: hint=3"),
    ],
)
def test_close_validates_the_authors_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        checks.close(1.0, 1.0, **kwargs)


def test_close_rejects_non_numeric_expected():
    with pytest.raises(ValueError, match=r"must be a number.*Received: expected=Ellipsis"):
        checks.close(1.0, ..., name="z")


# -- equal ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "got, expected",
    [(10, 10), (np.int64(10), 10), ("cat", "cat"), ([28, 28], (28, 28)), (3.0, 3)],
)
def test_equal_right(capsys, got, expected):
    assert checks.equal(got, expected, name="n") is True
    assert line(capsys).startswith("OK: n is ")


def test_equal_arrays(capsys):
    assert checks.equal(np.array([1, 2]), np.array([1, 2]), name="y")
    assert line(capsys) == "OK: y has the expected values (shape (2,))"
    assert not checks.equal(np.array([1, 2]), np.array([1, 3]), name="y")
    assert line(capsys).startswith("Not yet: y differs: expected [1, 3], got [1, 2]")
    assert not checks.equal(np.array([1, 2, 3]), np.array([1, 3]), name="y")
    assert "expected shape (2,), got shape (3,)" in line(capsys)


@pytest.mark.parametrize(
    "got, expected, words",
    [
        ("3", 3, "types differ: expected int, got str"),
        (-3, 3, "sign error"),
        (9, 10, "off by one"),
        ("Cat", "cat", "only upper/lower case differs"),
        (" cat", "cat", "only spaces"),
        ((28, 28), (28, 28, 1), "expected 3 items, got 2"),
    ],
)
def test_equal_wrong(capsys, got, expected, words):
    assert checks.equal(got, expected, name="n") is False
    out = line(capsys)
    assert out.startswith("Not yet: n differs: expected ")
    assert words in out


def test_equal_not_done_and_bad_name(capsys):
    assert not checks.equal(None, 3, name="n")
    assert line(capsys) == NOT_DONE.format("n")
    with pytest.raises(ValueError, match=r"`name` is missing: every check needs it.*name=None"):
        checks.equal(3, 3)
    with pytest.raises(ValueError, match=r"`name` is missing"):
        checks.close(1.0, 1.0)
    with pytest.raises(ValueError, match=r"`name` is missing"):
        checks.shape((1,), (1,))


# -- shape ----------------------------------------------------------------------------------------
def test_shape_right_with_wildcard_and_tuple(capsys):
    assert checks.shape(np.zeros((5, 28, 28, 1)), (None, 28, 28, 1), name="x_train")
    assert line(capsys) == "OK: x_train has shape (None, 28, 28, 1)"
    assert checks.shape((60000, 784), (60000, 784), name="x")
    assert line(capsys) == "OK: x has shape (60000, 784)"
    assert checks.shape([3], (3,), name="x")
    assert line(capsys) == "OK: x has shape (3,)"


def test_shape_of_a_keras_tensor(capsys):
    keras = pytest.importorskip("keras")
    assert checks.shape(keras.Input((28, 28, 1)), (None, 28, 28, 1), name="inputs")
    assert line(capsys).startswith("OK")


@pytest.mark.parametrize(
    "got, words",
    [
        (np.zeros((5, 28, 28)), "channel axis is missing"),
        (np.zeros((5, 28, 28, 1, 1)), "extra axis of size 1"),
        (np.zeros((5, 1, 28, 28)), "axes are in a different order"),
        (np.zeros((5, 32, 32, 1)), "expected shape (None, 28, 28, 1), got shape (5, 32, 32, 1)"),
        (5, "got int 5 — hint: give an array"),
    ],
)
def test_shape_wrong(capsys, got, words):
    assert checks.shape(got, (None, 28, 28, 1), name="x") is False
    out = line(capsys)
    assert out.startswith("Not yet: x differs: expected shape (None, 28, 28, 1)")
    assert words in out


def test_shape_not_done_and_bad_expected(capsys):
    assert not checks.shape(..., (2,), name="x")
    assert line(capsys) == NOT_DONE.format("x")
    with pytest.raises(ValueError, match=r"`expected` must be a shape.*Received: expected=784"):
        checks.shape(np.zeros(784), 784, name="x")
    with pytest.raises(ValueError, match=r"Received: expected=\(-1, 2\)"):
        checks.shape(np.zeros(2), (-1, 2), name="x")


# -- param_count ----------------------------------------------------------------------------------
def test_param_count_of_model_layer_and_int(capsys, keras):
    model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(10)], name="softmax_reg")
    assert checks.param_count(model, 7850)
    assert line(capsys) == "OK: softmax_reg has 7,850 parameters"
    assert checks.param_count(model.layers[0], 7850, name="dense")
    assert line(capsys) == "OK: dense has 7,850 parameters"
    assert checks.param_count(7850, 7850, name="by hand")
    assert line(capsys) == "OK: by hand has 7,850 parameters"


def test_param_count_wrong(capsys, keras):
    model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(10, use_bias=False)])
    assert not checks.param_count(model, 7850, name="m", hint="(784 + 1) × 10")
    out = line(capsys)
    assert out.startswith("Not yet: m differs: expected 7,850 parameters, got 7,840 — hint: 10 few")
    assert out.endswith("; (784 + 1) × 10")
    assert not checks.param_count(20, 10, name="m")
    assert "2 times too many" in line(capsys)
    assert not checks.param_count("7850", 7850, name="m")
    assert "give a Keras model, a layer, or the count as an int" in line(capsys)


def test_param_count_unbuilt_layer_and_not_done(capsys, keras):
    assert not checks.param_count(keras.layers.Dense(3), 9, name="layer")
    assert "a layer that is not built yet" in line(capsys)
    assert not checks.param_count(..., 9)
    assert line(capsys) == NOT_DONE.format("parameter count")


@pytest.mark.parametrize("expected", [-1, 1.5, True, "10"])
def test_param_count_validates_expected(expected):
    with pytest.raises(ValueError,
                       match=r"`expected` must be an integer >= 0.*Received: expected="):
        checks.param_count(10, expected)


# -- accuracy -------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def argmax_model(keras):
    """Softmax model that predicts the class of the largest input feature (3 classes)."""
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(3, activation="softmax")])
    model.layers[0].set_weights([np.eye(3, dtype="float32") * 10, np.zeros(3, dtype="float32")])
    return model


@pytest.fixture(scope="module")
def data():
    x = np.eye(3, dtype="float32")[np.arange(30) % 3]
    return x, np.arange(30) % 3


@pytest.mark.parametrize("form", ["labels", "column", "one_hot"])
def test_accuracy_ok_without_digits(capsys, argmax_model, data, form):
    x, y = data
    y = {"labels": y, "column": y[:, None], "one_hot": np.eye(3)[y]}[form]
    assert checks.accuracy(argmax_model, x, y, at_least=0.9) is True
    assert line(capsys) == "OK: test accuracy >= 0.90"


def test_accuracy_below_threshold_prints_the_measure(capsys, argmax_model, data):
    x, y = data
    y = y.copy()
    y[:4] = (y[:4] + 1) % 3  # 26 of 30 right
    assert not checks.accuracy(argmax_model, x, y, at_least=0.95, hint="train longer")
    out = line(capsys)
    assert out.startswith("Not yet: test accuracy 0.8667 < 0.95 — hint: ")
    assert out.endswith("; train longer")


def test_accuracy_chance_level_and_sigmoid(capsys, keras, data):
    x, y = data
    binary = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1, activation="sigmoid")])
    binary.layers[0].set_weights([np.array([[10.0], [-10.0], [-10.0]]), np.zeros(1)])
    assert checks.accuracy(binary, x, (y == 0).astype(int), at_least=1.0, name="binary")
    assert line(capsys) == "OK: binary >= 1.00"
    assert not checks.accuracy(binary, x, (y != 0).astype(int), at_least=0.6, name="binary")
    assert "about chance level" in line(capsys)


def test_accuracy_wrong_number_of_classes(capsys, argmax_model, data):
    x, y = data
    assert not checks.accuracy(argmax_model, x, y + 7, at_least=0.5)
    assert "expected 10 class outputs, got 3 — hint: the last layer needs 10 units" in line(capsys)


def test_accuracy_reports_learner_errors(capsys, argmax_model, data):
    x, y = data
    assert not checks.accuracy(argmax_model, x[:, :2], y, at_least=0.5)
    assert line(capsys).startswith(
        "Not yet: test accuracy: the model expects inputs of shape (None, 3), x has shape (")

    class Broken:
        def predict(self, x, verbose=0):
            raise RuntimeError("no weights loaded")

    assert not checks.accuracy(Broken(), x, y, at_least=0.5)
    assert line(capsys).startswith(
        "Not yet: test accuracy: model.predict failed with RuntimeError: no weights loaded")
    # the model still works after a rejected call (on JAX a failed predict would break it)
    assert checks.accuracy(argmax_model, x, y, at_least=0.0)
    capsys.readouterr()
    assert not checks.accuracy(argmax_model, x, y[:10], at_least=0.5)
    assert "x and y must hold the same examples" in line(capsys)
    assert not checks.accuracy(..., x, y, at_least=0.5)
    assert line(capsys) == NOT_DONE.format("model")
    assert not checks.accuracy("model", x, y, at_least=0.5)
    assert "expected a trained Keras model, got str 'model'" in line(capsys)


def test_accuracy_nan_predictions(capsys, keras, data):
    x, y = data
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(3, activation="softmax")])
    model.layers[0].set_weights([np.full((3, 3), np.nan, "float32"), np.zeros(3, "float32")])
    assert not checks.accuracy(model, x, y, at_least=0.5)
    assert "the model predicts NaN" in line(capsys)


@pytest.mark.parametrize("at_least", [90, -0.1, True, "0.9"])
def test_accuracy_validates_threshold(argmax_model, data, at_least):
    with pytest.raises(ValueError, match=r"`at_least` must be a fraction in \[0, 1\], "
                                         r"e\.g\. at_least=0\.9 for 90%\. Received"):
        checks.accuracy(argmax_model, *data, at_least=at_least)


# -- condition ------------------------------------------------------------------------------------
def test_condition(capsys):
    assert checks.condition(0.3 < 0.7, what="the loss decreases", hint="lower the learning rate")
    assert line(capsys) == "OK: the loss decreases"
    assert not checks.condition(np.bool_(False), what="the loss decreases", hint="lower it")
    assert line(capsys) == "Not yet: the loss decreases — not true yet — hint: lower it"
    assert not checks.condition(np.array([1, 2]) > 0, what="all positive", hint="h")
    assert "combine array comparisons with np.all(...)" in line(capsys)
    assert not checks.condition(..., what="w converged", hint="h")
    assert line(capsys) == NOT_DONE.format("w converged")


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"what": "", "hint": "h"}, r"`what` must be a non-empty string.*Received: what=''"),
        ({"what": "w", "hint": 3}, r"`hint` must be a non-empty string.*Received: hint=3"),
        ({"hint": "h"}, r"`what` is missing"),
        ({"what": "w"}, r"`hint` is missing"),
    ],
)
def test_condition_validates_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        checks.condition(True, **kwargs)
