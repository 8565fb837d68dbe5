"""Tests for dlcourse.plots: what each figure holds, the model adapters, the Graphviz fallback."""

import os
import re
import sys

import matplotlib.pyplot as plt
import numpy as np
import pytest

from dlcourse import plots, scratch
from dlcourse.plots import _LabelPredictor

keras = pytest.importorskip("keras")


def tiny_cnn(channels: int = 1) -> "keras.Model":
    inputs = keras.Input((8, 8, channels))
    x = keras.layers.Conv2D(4, 3, activation="relu", name="c1")(inputs)
    x = keras.layers.MaxPooling2D(2, name="s2")(x)
    x = keras.layers.Flatten(name="flatten")(x)
    outputs = keras.layers.Dense(3, activation="softmax", name="output")(x)
    return keras.Model(inputs, outputs, name="tiny_cnn")


def tiny_mlp() -> "keras.Model":
    return keras.Sequential(
        [keras.Input((2,)), keras.layers.Dense(3, name="hidden"), keras.layers.Dense(1)],
        name="tiny_mlp",
    )


def blobs():
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(-2, 0.5, size=(20, 2)), rng.normal(2, 0.5, size=(20, 2))])
    y = np.repeat([0, 1], 20)
    return X, y


# --------------------------------------------------------------------------- image grids


def test_image_grid_draws_one_titled_image_per_axes():
    images = np.random.default_rng(0).integers(0, 255, size=(9, 28, 28), dtype=np.uint8)
    fig = plots.image_grid(images, [f"class={k}" for k in range(9)])
    assert len(fig.axes) == 9
    assert [ax.get_title() for ax in fig.axes] == [f"class={k}" for k in range(9)]
    assert all(len(ax.images) == 1 for ax in fig.axes)
    np.testing.assert_array_equal(fig.axes[4].images[0].get_array(), images[4])


def test_image_grid_shapes_and_leftover_cells():
    fig = plots.image_grid(np.zeros((5, 8, 8, 1)), ncols=3)
    assert len(fig.axes) == 5  # the 6th cell of the 2x3 grid is removed
    assert fig.axes[0].get_title() == ""
    rgb = plots.image_grid(np.zeros((2, 8, 8, 3)), [1, 2])
    assert rgb.axes[0].images[0].get_array().shape == (8, 8, 3)
    assert rgb.axes[1].get_title() == "2"


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: plots.image_grid(np.zeros((8, 8))), r"images\[np.newaxis\].*\(8, 8\)"),
        (lambda: plots.image_grid(np.zeros((2, 8, 8, 5))), r"images.shape=\(2, 8, 8, 5\)"),
        (lambda: plots.image_grid(np.zeros((3, 8, 8)), ["a", "b"]), r"2 titles for 3 images"),
        (lambda: plots.image_grid(np.zeros((3, 8, 8)), ncols=0), r"ncols=0"),
        (lambda: plots.image_grid(np.zeros((0, 8, 8))), r"empty"),
    ],
)
def test_image_grid_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_activation_functions_plots_scratch_values():
    fig = plots.activation_functions()
    assert [ax.get_title() for ax in fig.axes] == ["sigmoid", "tanh", "relu", "leaky_relu", "elu"]
    line_f, line_df = fig.axes[0].get_lines()[:2]
    x = line_f.get_xdata()
    np.testing.assert_allclose(line_f.get_ydata(), scratch.sigmoid(x))
    np.testing.assert_allclose(line_df.get_ydata(), scratch.sigmoid_grad(x))
    only_f = plots.activation_functions(["relu"], derivatives=False, x=[-1, 0, 2])
    assert len(only_f.axes) == 1
    plotted = [line for line in only_f.axes[0].get_lines() if len(line.get_xdata()) == 3]
    assert len(plotted) == 1
    np.testing.assert_array_equal(plotted[0].get_ydata(), [0, 0, 2])


def test_activation_functions_unknown_name():
    with pytest.raises(ValueError, match=r"'softmax'.*elementwise"):
        plots.activation_functions(["sigmoid", "softmax"])
    with pytest.raises(ValueError, match=r"at least one activation.*names=\[\]"):
        plots.activation_functions([])


# --------------------------------------------------------------------------- decision regions


def test_label_predictor_converts_every_kind_of_output():
    known = np.array([0, 1, 2])
    X = np.zeros((3, 2))
    labels = _LabelPredictor(lambda X: np.array([2, 0, 1]), known).predict(X)
    np.testing.assert_array_equal(labels, [2, 0, 1])
    sigmoid = _LabelPredictor(lambda X: np.array([[0.2], [0.7], [0.5]]), known).predict(X)
    np.testing.assert_array_equal(sigmoid, [0, 1, 0])
    probs = np.array([[0.1, 0.2, 0.7], [0.8, 0.1, 0.1], [0.3, 0.4, 0.3]])
    np.testing.assert_array_equal(_LabelPredictor(lambda X: probs, known).predict(X), [2, 0, 1])
    with pytest.raises(ValueError, match=r"neither class labels nor probabilities.*max=3.5"):
        _LabelPredictor(lambda X: np.array([0.5, 3.5, 1.0]), known).predict(X)
    with pytest.raises(ValueError, match=r"labels \[7\].*do not occur in `y`"):
        _LabelPredictor(lambda X: np.array([7, 0, 1]), known).predict(X)


def _region_labels(ax) -> set:
    """Labels of the scatter legend entries that mlxtend draws (one per class)."""
    return {c.get_label() for c in ax.collections if c.get_label() and not c.get_label()[0] == "_"}


def test_decision_regions_with_sklearn_callable_and_perceptron():
    from sklearn.linear_model import LogisticRegression

    X, y = blobs()
    ax = plots.decision_regions(X, y, LogisticRegression().fit(X, y), title="logistic")
    assert ax.get_title() == "logistic"
    assert _region_labels(ax) == {"0", "1"}
    _, given = plt.subplots(figsize=(2, 2))
    drawn = plots.decision_regions(X, y, lambda X: (X[:, 0] + X[:, 1] > 0).astype(int), ax=given)
    assert drawn is given
    calls = []

    class PerceptronLike:  # what dlcourse.perceptron.Perceptron offers: .predict -> int labels
        def predict(self, X):
            calls.append(len(X))
            return (X[:, 0] > 0).astype(int)

    plots.decision_regions(X, y, PerceptronLike())
    assert calls and calls[0] > 1000  # mlxtend predicted on a dense grid


@pytest.mark.parametrize("output", ["sigmoid", "softmax"])
def test_decision_regions_with_keras_model(output, monkeypatch):
    X, y = blobs()
    units = 1 if output == "sigmoid" else 2
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(units, activation=output)])
    seen = {}
    original = model.predict

    def spy(x, **kwargs):
        seen.update(kwargs)
        return original(x, **kwargs)

    monkeypatch.setattr(model, "predict", spy)
    _, ax = plt.subplots(figsize=(2, 2))
    plots.decision_regions(X, y, model, ax=ax)
    assert seen["verbose"] == 0
    assert _region_labels(ax) == {"0", "1"}


@pytest.mark.parametrize(
    ("X", "y", "model", "match"),
    [
        (np.zeros((4, 3)), [0, 1, 0, 1], len, r"exactly 2 features.*X\[:, :2\].*\(4, 3\)"),
        (np.zeros(4), [0, 1, 0, 1], len, r"X.shape=\(4,\)"),
        (np.zeros((4, 2)), [0, 1, 0], len, r"one integer class label per row of X \(4\)"),
        (np.zeros((4, 2)), [0.5, 1, 0, 1], len, r"integer class label.*float64"),
        (np.zeros((4, 2)), ["a", "b", "a", "b"], len, r"integer class label"),
        (np.zeros((4, 2)), [0, 1, 0, 1], 42, r"\.predict method.*model=42"),
    ],
)
def test_decision_regions_bad_input(X, y, model, match):
    with pytest.raises(ValueError, match=match):
        plots.decision_regions(X, y, model)


# --------------------------------------------------------------------------- predictions


def test_confusion_matrix_counts_and_names():
    y_true = [0, 0, 1, 1, 2, 2, 2]
    y_pred = [0, 1, 1, 1, 2, 0, 2]
    fig = plots.confusion_matrix(y_true, y_pred, labels=["cat", "dog", "fish"])
    ax = fig.axes[0]
    counts = [int(t.get_text()) for t in ax.texts]
    assert counts == [1, 1, 0, 0, 2, 0, 1, 0, 2]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["cat", "dog", "fish"]
    # probabilities are reduced with argmax; normalize follows scikit-learn
    probs = np.eye(3)[y_pred]
    _, given = plt.subplots()
    out = plots.confusion_matrix(y_true, probs, normalize="true", ax=given)
    assert out is given
    assert given.texts[0].get_text() == "0.50"


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"y_true": [0, 1], "y_pred": [0, 1, 1]}, r"len\(y_true\)=2, len\(y_pred\)=3"),
        ({"y_true": [0, 1], "y_pred": [0, 1], "normalize": "rows"}, r"normalize='rows'"),
        ({"y_true": np.zeros((2, 2, 2)), "y_pred": [0, 1]}, r"y_true.shape=\(2, 2, 2\)"),
    ],
)
def test_confusion_matrix_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        plots.confusion_matrix(**kwargs)


def test_predictions_wrong_and_correct():
    images = np.arange(6 * 4 * 4).reshape(6, 4, 4)
    y_true = np.array([0, 1, 2, 0, 1, 2])
    y_pred = np.array([0, 2, 2, 1, 1, 0])
    wrong = plots.predictions(images, y_true, y_pred)
    assert [ax.get_title() for ax in wrong.axes] == [
        "true: 1 / pred: 2", "true: 0 / pred: 1", "true: 2 / pred: 0"
    ]  # fmt: skip
    np.testing.assert_array_equal(wrong.axes[0].images[0].get_array(), images[1])
    correct = plots.predictions(images, y_true, y_pred, which="correct", n=2, labels="abc")
    assert [ax.get_title() for ax in correct.axes] == ["true: a / pred: a", "true: c / pred: c"]
    none = plots.predictions(images, y_true, y_true)
    assert none.axes[0].texts[0].get_text() == "no wrong predictions"


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"y_pred": [0, 1]}, r"same length.*len\(images\)=3.*len\(y_pred\)=2"),
        ({"which": "right"}, r"which='right'"),
        ({"n": 0}, r"n=0"),
    ],
)
def test_predictions_bad_input(kwargs, match):
    args = {"images": np.zeros((3, 4, 4)), "y_true": [0, 1, 2], "y_pred": [0, 1, 1], **kwargs}
    with pytest.raises(ValueError, match=match):
        plots.predictions(**args)


# --------------------------------------------------------------------------- conv nets


def test_conv_filters_draws_each_kernel():
    model = tiny_cnn()
    fig = plots.conv_filters(model, ncols=2)
    assert len(fig.axes) == 4
    kernel = model.get_layer("c1").get_weights()[0]
    np.testing.assert_allclose(fig.axes[3].images[0].get_array(), kernel[:, :, 0, 3])
    rgb = plots.conv_filters(tiny_cnn(channels=3), layer="c1")
    shown = rgb.axes[0].images[0].get_array()
    assert shown.shape == (3, 3, 3) and shown.min() == 0.0 and shown.max() == 1.0


def test_feature_maps_equal_scratch_convolution():
    model = tiny_cnn()
    rng = np.random.default_rng(0)
    image = rng.random((8, 8)).astype("float32")
    fig = plots.feature_maps(model, image)  # (8, 8) accepted for an (8, 8, 1) input
    assert len(fig.axes) == 4
    kernel, bias = model.get_layer("c1").get_weights()
    expected = scratch.relu(scratch.conv2d(image, kernel[:, :, 0, 1]) + bias[1])
    np.testing.assert_allclose(fig.axes[1].images[0].get_array(), expected, rtol=1e-5, atol=1e-6)
    pooled = plots.feature_maps(model, image[None, :, :, None], layer="s2")
    assert pooled.axes[0].images[0].get_array().shape == (3, 3)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: plots.conv_filters(tiny_mlp()), r"no Conv2D layer.*'hidden'"),
        (lambda: plots.conv_filters(tiny_cnn(), layer="s2"), r"MaxPooling2D, not a Conv2D.*c1"),
        (lambda: plots.conv_filters(tiny_cnn(), layer="c9"), r"No layer named 'c9'.*\['c1'\]"),
        (lambda: plots.conv_filters("model"), r"keras.Model.*str"),
        (lambda: plots.feature_maps(tiny_cnn(), np.zeros((9, 9))), r"\(8, 8, 1\).*\(9, 9\)"),
        (lambda: plots.feature_maps(tiny_cnn(), np.zeros((8, 8)), "output"), r"not feature maps"),
    ],
)
def test_conv_plots_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# --------------------------------------------------------------------------- model description


def test_layer_table_is_plain_and_complete():
    table = plots.layer_table(tiny_cnn())
    lines = table.splitlines()
    assert lines[0].split() == ["Layer", "Type", "Output", "shape", "Params"]
    assert set(lines[1]) == {"-"}
    assert lines[2].split() == ["c1", "Conv2D", "(None,", "6,", "6,", "4)", "40"]  # 3*3*1*4 + 4
    assert lines[3].split()[:2] == ["s2", "MaxPooling2D"] and lines[3].endswith(" 0")
    assert lines[5].split()[-1] == "111"  # 36 * 3 + 3
    assert lines[-1] == "Total params: 151 (trainable: 151)"
    assert repr(table) == str(table)  # shown as plain text in Jupyter
    assert plots.layer_table(tiny_cnn()) == table  # deterministic


class SubclassedCNN(keras.Model):
    def __init__(self):
        super().__init__(name="subclassed")
        self.c1 = keras.layers.Conv2D(2, 3, name="c1")

    def call(self, x):
        return self.c1(x)


def test_layer_table_unbuilt_or_not_a_model():
    with pytest.raises(ValueError, match=r"not built yet.*keras.Input"):
        plots.layer_table(keras.Sequential([keras.layers.Dense(2)]))
    with pytest.raises(ValueError, match=r"must be a keras.Model.*list"):
        plots.layer_table([1, 2])


def test_subclassed_model_table_and_feature_maps():
    model = SubclassedCNN()
    model(np.zeros((1, 8, 8, 1), "float32"))
    assert plots.layer_table(model).splitlines()[2].split() == ["c1", "Conv2D", "?", "20"]
    with pytest.raises(ValueError, match=r"no defined input.*keras.Input.*'subclassed'"):
        plots.feature_maps(model, np.zeros((8, 8, 1)))


def test_model_diagram_with_graphviz_writes_nothing_to_cwd(tmp_path, monkeypatch):
    from IPython.display import Image

    from dlcourse._modelviz import _graphviz_problem

    # `make system` installs Graphviz (root with apt-get); `make test` never changes the system.
    problem = _graphviz_problem()
    if problem is not None:
        pytest.skip(f"Graphviz diagram not testable here: {problem} (`make system` installs it)")

    monkeypatch.chdir(tmp_path)
    image = plots.model_diagram(tiny_cnn())
    assert isinstance(image, Image)
    assert image.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert list(tmp_path.iterdir()) == []
    kept = plots.model_diagram(tiny_cnn(), to_file=tmp_path / "sub.png")
    assert isinstance(kept, Image) and (tmp_path / "sub.png").is_file()


@pytest.mark.parametrize(
    ("breakage", "reason"),
    [
        ("no_dot", r"`dot` program is not on PATH"),
        ("no_pydot", r"pydot is not installed"),
        ("plot_model_raises", r"plot_model failed: OSError: dot crashed"),
        ("dot_exits_1", r"plot_model failed: AssertionError: .*returned code: 1"),
    ],
)
def test_model_diagram_without_graphviz_returns_table(
    breakage, reason, tmp_path, tmp_path_factory, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    if breakage == "no_dot":
        monkeypatch.setenv("PATH", str(tmp_path))
    elif breakage == "no_pydot":
        monkeypatch.setitem(sys.modules, "pydot", None)
    else:
        # With or without Graphviz installed: a `dot` on PATH that fails as a broken Graphviz
        # does (pydot raises AssertionError), or a plot_model that crashes.
        bin_dir = tmp_path_factory.mktemp("bin")
        (bin_dir / "dot").write_text("#!/bin/sh\nexit 1\n")
        (bin_dir / "dot").chmod(0o755)
        monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
        if breakage == "plot_model_raises":

            def broken(*args, **kwargs):
                raise OSError("dot crashed")

            monkeypatch.setattr(keras.utils, "plot_model", broken)
    model = tiny_cnn()
    text = plots.model_diagram(model)
    assert isinstance(text, str)
    first, rest = text.split("\n", 1)
    assert first.startswith("Model diagram not drawn: ")
    assert re.search(reason, first)
    assert rest == plots.layer_table(model)
    assert os.listdir(tmp_path) == []


def test_model_diagram_bad_input():
    with pytest.raises(ValueError, match=r"to_file='model.svg'"):
        plots.model_diagram(tiny_cnn(), to_file="model.svg")
    with pytest.raises(ValueError, match=r"keras.Model.*dict"):
        plots.model_diagram({})
