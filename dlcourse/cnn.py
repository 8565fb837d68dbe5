"""The course's CIFAR-10 network (`cnn`, VGG-style) and the recipe that trains it.

The network follows Simonyan & Zisserman's VGG (2014) at CIFAR-10 size: blocks of two 3x3
convolutions with "same" padding, each followed by batch normalization (Ioffe & Szegedy, 2015)
and ReLU, then 2x2 max pooling; three blocks of 32, 64 and 128 filters take a 32x32 image to
4x4x128; global average pooling and one softmax layer classify. Flips and shifts of up to 4
pixels augment the training images inside the model (only in ``fit``).

The recipe (`compile_recipe`): AdamW (Loshchilov & Hutter, 2019), learning rate warmed up
linearly for one epoch then decayed to 0 along a cosine, label smoothing 0.1, batch 128. Trained
for 6 epochs on the 50,000 CIFAR-10 training images by ``scripts/train_cifar10.py`` (2,803 CPU
seconds on a 2-core CPU: 80.1 % test accuracy, 80.7 % with test-time flips); its weights ship
with the package (`dlcourse.pretrained`). benchmarks/results/cifar10.md compares it with the
course's earlier defaults.

Example:

>>> from dlcourse import cnn
>>> model = cnn.cnn()
>>> model.count_params()
289642
>>> cnn.compile_recipe(model, epochs=6, steps_per_epoch=391)
"""

from __future__ import annotations

import keras

from dlcourse._model_args import _check_image_shape, _check_positive_int, _check_rate, _is_int

__all__ = ["RECIPE", "SparseSmoothedCrossentropy", "cnn", "compile_recipe", "predict_flip"]

# The training recipe of the shipped weights (scripts/train_cifar10.py reads it from here).
RECIPE = {
    "builder": {"filters": (32, 64, 128), "convs_per_block": 2, "batch_norm": True,
                "dropout": 0.0, "augment": True},
    "epochs": 6,  # 6 x ~470 CPU s: within 30 minutes of a 2-core CPU (3,600 CPU s)
    "batch_size": 128,
    "peak_learning_rate": 2e-3,
    "warmup_epochs": 1,
    "weight_decay": 5e-2,
    "label_smoothing": 0.1,
}


def cnn(
    *,
    input_shape=(32, 32, 3),
    num_classes: int = 10,
    filters=(32, 64, 128),
    convs_per_block: int = 2,
    batch_norm: bool = True,
    dropout: float = 0.0,
    augment: bool = True,
) -> keras.Model:
    """A VGG-style CNN for CIFAR-10-sized images, uncompiled.

    One block per entry of ``filters``: ``convs_per_block`` times Conv2D(f, 3x3, same padding)
    -> (BatchNormalization) -> ReLU, then MaxPooling2D(2) -> (Dropout). Then global average
    pooling, (Dropout) and a softmax layer computed in float32 (safe under mixed precision).
    With ``augment=True`` the model starts with RandomFlip (horizontal) and RandomTranslation
    (up to 1/8 of the size, zero fill: pad-and-crop), which change images only in ``fit``.
    The defaults are the recipe of the shipped weights (`RECIPE`); the course's earlier
    network is ``cnn(convs_per_block=1, dropout=0.25, augment=False)``.

    Args:
        input_shape: (height, width, channels); height and width must be at least
            ``2 ** len(filters)``. Defaults to (32, 32, 3).
        num_classes: number of classes, >= 2. Defaults to 10.
        filters: filters per block, e.g. (32, 64, 128). Defaults to (32, 64, 128).
        convs_per_block: 3x3 convolutions per block, >= 1. Defaults to 2 (VGG).
        batch_norm: batch normalization after each convolution (which then has no bias).
            Defaults to True.
        dropout: dropout rate after each block and before the output, in [0, 1) (0: none).
            Defaults to 0.0.
        augment: add the augmentation layers. Defaults to True.

    Returns:
        A `keras.Model` named "cnn"; layers "augment" (a Sequential, when asked),
        "block1_conv1", "block1_bn1", "block1_relu1", "block1_conv2", ..., "block1_pool",
        ("block1_dropout"), ..., "gap", ("dropout"), "output".

    Raises:
        ValueError: naming the bad argument.

    Example:

    >>> model = cnn(filters=(16, 32), convs_per_block=1, augment=False)
    >>> model.output_shape
    (None, 10)
    """
    if (
        isinstance(filters, str | bytes)
        or not isinstance(filters, tuple | list)
        or len(filters) == 0
        or not all(_is_int(f) and f >= 1 for f in filters)
    ):
        raise ValueError(
            "`filters` must be a non-empty tuple of positive integers, one per conv block, "
            f"e.g. (32, 64, 128). Received: filters={filters!r}"
        )
    shape = _check_image_shape(input_shape, min_size=2 ** len(filters), builder="cnn")
    _check_positive_int("num_classes", num_classes, minimum=2)
    _check_positive_int("convs_per_block", convs_per_block)
    for name, value in (("batch_norm", batch_norm), ("augment", augment)):
        if not isinstance(value, bool):
            raise ValueError(f"`{name}` must be True or False. Received: {name}={value!r}")
    _check_rate("dropout", dropout)

    inputs = keras.Input(shape=shape, name="input")
    x = inputs
    if augment:
        x = keras.Sequential(
            [
                keras.layers.RandomFlip("horizontal"),
                keras.layers.RandomTranslation(0.125, 0.125, fill_mode="constant",
                                               interpolation="nearest"),
            ],
            name="augment",
        )(x)
    for i, f in enumerate(filters, start=1):
        for j in range(1, convs_per_block + 1):
            x = keras.layers.Conv2D(f, 3, padding="same", use_bias=not batch_norm,
                                    name=f"block{i}_conv{j}")(x)
            if batch_norm:
                # momentum 0.9, not Keras' 0.99: the running statistics used at inference
                # catch up within a short run (with 0.99 a 2-epoch run validates near chance).
                x = keras.layers.BatchNormalization(momentum=0.9, name=f"block{i}_bn{j}")(x)
            x = keras.layers.Activation("relu", name=f"block{i}_relu{j}")(x)
        x = keras.layers.MaxPooling2D(2, name=f"block{i}_pool")(x)
        if dropout:
            x = keras.layers.Dropout(dropout, name=f"block{i}_dropout")(x)
    x = keras.layers.GlobalAveragePooling2D(name="gap")(x)
    if dropout:
        x = keras.layers.Dropout(dropout, name="dropout")(x)
    outputs = keras.layers.Dense(num_classes, activation="softmax", dtype="float32",
                                 name="output")(x)
    return keras.Model(inputs, outputs, name="cnn")


@keras.saving.register_keras_serializable(package="dlcourse")
class SparseSmoothedCrossentropy(keras.losses.Loss):
    """Cross-entropy with integer labels and label smoothing (Szegedy et al., 2016).

    The target puts ``1 - smoothing + smoothing / k`` on the true class and ``smoothing / k``
    on each of the others (k classes), as `keras.losses.CategoricalCrossentropy` does with
    one-hot labels; this class takes the integer labels (shape (n,) or (n, 1)) directly.

    Args:
        smoothing: label smoothing in [0, 1). Defaults to 0.1.
        name: name of the loss. Defaults to "sparse_smoothed_crossentropy".
        from_logits: whether ``y_pred`` holds logits (True) or probabilities (False).
            Defaults to False.

    Example:

    >>> import numpy as np
    >>> loss = SparseSmoothedCrossentropy(0.0)
    >>> round(float(loss(np.array([1]), np.array([[0.5, 0.5]]))), 4)
    0.6931
    """

    def __init__(self, smoothing: float = 0.1, name: str = "sparse_smoothed_crossentropy",
                 from_logits: bool = False, **kwargs):
        _check_rate("smoothing", smoothing)
        if not isinstance(from_logits, bool):
            raise ValueError(f"`from_logits` must be True or False. Received: "
                             f"from_logits={from_logits!r}")
        super().__init__(name=name, **kwargs)
        self.smoothing = float(smoothing)
        self.from_logits = from_logits

    def call(self, y_true, y_pred):
        labels = keras.ops.cast(keras.ops.reshape(y_true, (-1,)), "int32")
        one_hot = keras.ops.one_hot(labels, keras.ops.shape(y_pred)[-1], dtype=y_pred.dtype)
        return keras.losses.categorical_crossentropy(one_hot, y_pred,
                                                     from_logits=self.from_logits,
                                                     label_smoothing=self.smoothing)

    def get_config(self):
        return {**super().get_config(), "smoothing": self.smoothing,
                "from_logits": self.from_logits}


def compile_recipe(model: keras.Model, *, epochs: int, steps_per_epoch: int,
                   peak_learning_rate: float = RECIPE["peak_learning_rate"],
                   warmup_epochs: int = RECIPE["warmup_epochs"],
                   weight_decay: float = RECIPE["weight_decay"],
                   label_smoothing: float = RECIPE["label_smoothing"]) -> None:
    """Compile ``model`` with the recipe: AdamW, warm-up then cosine decay, label smoothing.

    The learning rate rises linearly from 0 to ``peak_learning_rate`` over ``warmup_epochs``
    and then follows a cosine down to 0 at the end of ``epochs`` (`CosineDecay` with
    ``warmup_steps``). Metrics: accuracy. Labels are integers (as `load_cifar10` gives them).

    Args:
        model: the network, e.g. `cnn()`.
        epochs: number of epochs the schedule spans, >= 1.
        steps_per_epoch: batches per epoch, ``ceil(n_train / batch_size)``, >= 1.
        peak_learning_rate: learning rate at the end of the warm-up. Defaults to 2e-3.
        warmup_epochs: epochs of linear warm-up, >= 0 and < ``epochs``. Defaults to 1.
        weight_decay: AdamW's decoupled weight decay. Defaults to 0.05.
        label_smoothing: in [0, 1). Defaults to 0.1.

    Returns:
        None (``model`` is compiled in place).

    Raises:
        ValueError: naming the bad argument.
    """
    _check_positive_int("epochs", epochs)
    _check_positive_int("steps_per_epoch", steps_per_epoch)
    if not _is_int(warmup_epochs) or not 0 <= warmup_epochs < epochs:
        raise ValueError(f"`warmup_epochs` must be an integer in [0, epochs={epochs}). "
                         f"Received: warmup_epochs={warmup_epochs!r}")
    warmup = warmup_epochs * steps_per_epoch
    schedule = keras.optimizers.schedules.CosineDecay(
        0.0 if warmup else peak_learning_rate,
        decay_steps=epochs * steps_per_epoch - warmup,
        warmup_target=peak_learning_rate if warmup else None,
        warmup_steps=warmup,
    )
    model.compile(
        optimizer=keras.optimizers.AdamW(schedule, weight_decay=weight_decay),
        loss=SparseSmoothedCrossentropy(label_smoothing),
        metrics=["accuracy"],
    )


def predict_flip(model: keras.Model, x, *, batch_size: int = 256):
    """Class probabilities averaged over each image and its mirror image (test-time flip).

    Args:
        model: a trained classifier of images (n, height, width, channels).
        x: the images, scaled as in training.
        batch_size: images per batch. Defaults to 256.

    Returns:
        NumPy array (n, num_classes): the mean of ``predict(x)`` and ``predict(x[:, :, ::-1])``.
    """
    p = model.predict(x, batch_size=batch_size, verbose=0)
    return (p + model.predict(x[:, :, ::-1], batch_size=batch_size, verbose=0)) / 2
