"""Tests of the model builders in dlcourse.models."""

import keras
import numpy as np
import pytest

from dlcourse import models


def _train_one_step(model, x, y, loss):
    model.compile(optimizer="adam", loss=loss)
    history = model.fit(x, y, epochs=1, batch_size=len(x), verbose=0)
    assert np.isfinite(history.history["loss"][0])


def test_builders_return_uncompiled_models_named_by_architecture():
    built = {
        "perceptron": models.perceptron_keras(),
        "mlp": models.mlp(8, (4,)),
        "lenet5_classic": models.lenet5("classic"),
        "lenet5_modern": models.lenet5("modern"),
        "cnn": models.cnn(filters=(4, 8)),
    }
    for name, model in built.items():
        assert isinstance(model, keras.Model)
        assert model.name == name
        assert not model.compiled  # uncompiled: compile() stays a teaching step


def test_perceptron_keras_learns_shape_and_params():
    model = models.perceptron_keras(2)
    assert model.count_params() == 3
    assert model.get_layer("neuron").activation.__name__ == "sigmoid"
    assert models.perceptron_keras(1, activation="linear").count_params() == 2
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype="float32")
    _train_one_step(model, x, np.array([0, 1, 1, 1]), "binary_crossentropy")


def test_mlp_deck_t_network_and_variants():
    model = models.mlp(784, (100, 50))
    assert [layer.name for layer in model.layers] == ["input", "hidden1", "hidden2", "output"]
    assert model.count_params() == 784 * 100 + 100 + 100 * 50 + 50 + 50 * 10 + 10
    reg = models.mlp((28, 28), 16, dropout=0.5, l2=1e-3)
    assert reg.layers[1].name == "flatten" and reg.input_shape == (None, 28, 28)
    assert reg.get_layer("dropout1").rate == 0.5
    assert reg.get_layer("hidden1").kernel_regularizer is not None
    logistic = models.mlp(2, (), output="sigmoid", num_outputs=1)
    assert logistic.count_params() == 3
    linear = models.mlp(1, (), output="linear", num_outputs=1)
    assert linear.get_layer("output").activation.__name__ == "linear"
    rng = np.random.default_rng(0)
    _train_one_step(reg, rng.random((8, 28, 28)), rng.integers(0, 10, 8),
                    "sparse_categorical_crossentropy")
    _train_one_step(logistic, rng.random((8, 2)), rng.integers(0, 2, 8), "binary_crossentropy")


def test_lenet5_classic_matches_the_1998_table():
    model = models.lenet5("classic")
    names = [layer.name for layer in model.layers]
    assert names == ["input", "pad", "c1", "s2", "c3", "s4", "c5", "flatten", "f6", "output"]
    shapes = {layer.name: tuple(layer.output.shape[1:]) for layer in model.layers}
    assert shapes["pad"] == (32, 32, 1)
    assert [shapes[n] for n in ("c1", "s2", "c3", "s4", "c5", "flatten", "f6", "output")] == [
        (28, 28, 6), (14, 14, 6), (10, 10, 16), (5, 5, 16), (1, 1, 120), (120,), (84,), (10,)
    ]
    params = {layer.name: layer.count_params() for layer in model.layers}
    assert params["c5"] == 48_120
    assert params["f6"] == 10_164
    assert params["c1"] == 156 and params["c3"] == 2_416 and params["output"] == 850
    assert isinstance(model.get_layer("s2"), keras.layers.AveragePooling2D)
    assert model.get_layer("c1").activation.__name__ == "tanh"


def test_lenet5_32x32_input_has_no_padding_and_same_shapes():
    model = models.lenet5("classic", input_shape=(32, 32, 1))
    assert "pad" not in [layer.name for layer in model.layers]
    assert model.get_layer("c5").output.shape[1:] == (1, 1, 120)


def test_lenet5_modern_relu_maxpool_dropout_and_trains():
    model = models.lenet5("modern", dropout=0.3, num_classes=5)
    assert isinstance(model.get_layer("s4"), keras.layers.MaxPooling2D)
    assert model.get_layer("f6").activation.__name__ == "relu"
    assert model.get_layer("dropout1").rate == 0.3 and model.get_layer("dropout2").rate == 0.3
    assert model.output_shape == (None, 5)
    assert model.get_layer("c5").count_params() == 48_120
    rng = np.random.default_rng(0)
    _train_one_step(model, rng.random((4, 28, 28, 1)), rng.integers(0, 5, 4),
                    "sparse_categorical_crossentropy")


def test_lenet5_modern_batch_norm_after_each_conv_and_trains():
    model = models.lenet5("modern", batch_norm=True, dropout=0.3)
    names = [layer.name for layer in model.layers]
    assert names == ["input", "pad", "c1", "c1_bn", "c1_relu", "s2", "c3", "c3_bn", "c3_relu",
                     "s4", "c5", "c5_bn", "c5_relu", "flatten", "dropout1", "f6", "dropout2",
                     "output"]
    assert isinstance(model.get_layer("c3_bn"), keras.layers.BatchNormalization)
    assert model.get_layer("c5").use_bias is False
    assert model.get_layer("c5").count_params() == 48_000
    assert model.get_layer("c5_relu").output.shape[1:] == (1, 1, 120)
    assert "c1_bn" not in [layer.name for layer in models.lenet5("modern").layers]
    rng = np.random.default_rng(0)
    _train_one_step(model, rng.random((4, 28, 28, 1)), rng.integers(0, 10, 4),
                    "sparse_categorical_crossentropy")


def test_cnn_blocks_batch_norm_and_augmentation_only_in_training():
    model = models.cnn(filters=(8, 16), augment=True, dropout=0.0, batch_norm=True)
    names = [layer.name for layer in model.layers]
    assert names[:2] == ["input", "augment"]
    assert "block2_bn2" in names and "block1_dropout" not in names
    assert model.get_layer("block2_conv1").output.shape[1:] == (16, 16, 16)
    plain = models.cnn(filters=(8, 16), batch_norm=False, convs_per_block=1, dropout=0.25)
    plain_names = [layer.name for layer in plain.layers]
    assert "block1_bn1" not in plain_names and "block1_conv2" not in plain_names
    assert "block1_dropout" in plain_names and plain_names[-2] == "dropout"
    assert plain.get_layer("block1_conv1").use_bias
    x = np.random.default_rng(0).random((2, 32, 32, 3)).astype("float32")
    aug = model.get_layer("augment")
    np.testing.assert_array_equal(aug(x, training=False), x)  # inference: identity
    assert not np.allclose(aug(x, training=True), x)  # training: images change
    _train_one_step(model, x, np.array([1, 2]), "sparse_categorical_crossentropy")


def test_cnn_on_small_grayscale_images():
    model = models.cnn(input_shape=(28, 28, 1), num_classes=10, filters=(8, 16, 32))
    assert model.output_shape == (None, 10)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: models.lenet5(input_shape=(28, 28)),
         r"input_shape=\(28, 28\) has no channel axis; use \(28, 28, 1\).*np.expand_dims\(x, -1\)"
         r".*add_channel_axis"),
        (lambda: models.lenet5(input_shape=(20, 20, 1)),
         r"input_shape=\(20, 20, 1\) is too small for lenet5.*at least 28"),
        (lambda: models.lenet5(input_shape=(1, 28, 28, 1)), r"without the batch axis"),
        (lambda: models.lenet5(input_shape="28x28"), r"input_shape.*Received: input_shape='28x28'"),
        (lambda: models.lenet5("vgg"), r"variant.*Received: variant='vgg'"),
        (lambda: models.lenet5(num_classes=1), r"num_classes.*>= 2.*Received: num_classes=1"),
        (lambda: models.lenet5("modern", dropout=1.0), r"dropout.*\[0, 1\).*dropout=1.0"),
        (lambda: models.lenet5("classic", dropout=0.2), r"classic LeNet-5.*no dropout"),
        (lambda: models.lenet5("classic", batch_norm=True),
         r"classic LeNet-5.*no batch normalization.*batch_norm=True"),
        (lambda: models.lenet5("modern", batch_norm=1), r"batch_norm.*True or False.*batch_norm=1"),
        (lambda: models.cnn(input_shape=(4, 4, 3)),
         r"input_shape=\(4, 4, 3\) is too small for cnn.*at least 8"),
        (lambda: models.cnn(filters=()), r"filters.*Received: filters=\(\)"),
        (lambda: models.cnn(filters=(32, 0)), r"filters.*Received: filters=\(32, 0\)"),
        (lambda: models.cnn(num_classes=0), r"num_classes.*Received: num_classes=0"),
        (lambda: models.cnn(dropout=-0.1), r"dropout.*Received: dropout=-0.1"),
        (lambda: models.cnn(batch_norm="yes"), r"batch_norm.*True or False"),
        (lambda: models.cnn(augment=1), r"augment.*True or False"),
        (lambda: models.cnn(convs_per_block=0), r"convs_per_block.*>= 1.*convs_per_block=0"),
        (lambda: models.mlp(0), r"input_dim.*Received: input_dim=0"),
        (lambda: models.mlp("784"), r"input_dim.*Received: input_dim='784'"),
        (lambda: models.mlp(784, (100, -5)), r"hidden.*Received: hidden=\(100, -5\)"),
        (lambda: models.mlp(784, output="relu"), r"output.*Received: output='relu'"),
        (lambda: models.mlp(784, output="sigmoid"),
         r"output='sigmoid'.*num_outputs=1.*Received: num_outputs=10"),
        (lambda: models.mlp(784, output="softmax", num_outputs=1),
         r"output='softmax' needs num_outputs >= 2"),
        (lambda: models.mlp(784, num_outputs=0), r"num_outputs.*Received: num_outputs=0"),
        (lambda: models.mlp(784, dropout=1.5), r"dropout.*Received: dropout=1.5"),
        (lambda: models.mlp(784, l1=-1e-3),
         r"`l1` must be a finite number >= 0.*Received: l1=-0.001"),
        (lambda: models.mlp(784, l2=float("nan")), r"`l2` must be a finite number >= 0"),
        (lambda: models.mlp(784, activation="relux"),
         r"activation.*Keras activation name.*Received: activation='relux'"),
        (lambda: models.perceptron_keras(0), r"input_dim.*Received: input_dim=0"),
        (lambda: models.perceptron_keras(2, activation="step"), r"activation='step'"),
    ],
)
def test_bad_arguments_raise_clear_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_perceptron_lives_in_its_own_module_only():
    """NumPy's Perceptron is imported from dlcourse.perceptron (no TensorFlow for it)."""
    assert not hasattr(models, "Perceptron") and "Perceptron" not in models.__all__
