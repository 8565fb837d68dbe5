"""Model builders of the course: perceptron, MLP, LeNet-5 and a VGG-style CIFAR-10 CNN.

Convention: every builder returns an **uncompiled** `keras.Model` (compiling, with its optimizer,
loss and metrics, is a step the notebooks teach), built from `keras.Input`, with layers named by
their role and ``model.name`` set to the architecture (``"perceptron"``, ``"mlp"``,
``"lenet5_classic"``, ``"lenet5_modern"``, ``"cnn"``). Arguments are validated before anything
is built; a bad one raises `ValueError` naming it, quoting the value and saying how to fix it.

`Perceptron` (Rosenblatt's rule in NumPy, no TensorFlow) lives in `dlcourse.perceptron`; import
it from there (``from dlcourse.perceptron import Perceptron``). `cnn` and the recipe that trains it
live in `dlcourse.cnn`; `cnn` is re-exported here.

Example:

>>> from dlcourse import models
>>> model = models.lenet5("classic")
>>> model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
>>> model.get_layer("c5").count_params()
48120
"""

from __future__ import annotations

from collections.abc import Sequence

import keras

from dlcourse import _validate
from dlcourse._model_args import (
    _check_activation,
    _check_image_shape,
    _check_positive_int,
    _check_rate,
    _is_int,
)
from dlcourse.cnn import cnn

__all__ = ["cnn", "lenet5", "mlp", "perceptron_keras"]

_OUTPUTS = ("softmax", "sigmoid", "linear")
_VARIANTS = ("classic", "modern")


def perceptron_keras(input_dim: int = 2, *, activation: str = "sigmoid") -> keras.Model:
    """One neuron in Keras: ``keras.Input`` + ``Dense(1)``, uncompiled.

    Args:
        input_dim: number of inputs, >= 1. Defaults to 2 (the logic gates).
        activation: activation of the unit, e.g. "sigmoid" (logistic regression) or "linear"
            (the linear unit that fits y = 2x + 4). Defaults to "sigmoid".

    Returns:
        A `keras.Model` named "perceptron" with one Dense layer named "neuron"
        (``input_dim + 1`` parameters).

    Raises:
        ValueError: for a bad ``input_dim`` or ``activation``.

    Example:

    >>> model = perceptron_keras(2)
    >>> model.count_params()
    3
    """
    _check_positive_int("input_dim", input_dim)
    _check_activation("activation", activation)
    inputs = keras.Input(shape=(input_dim,), name="input")
    outputs = keras.layers.Dense(1, activation=activation, name="neuron")(inputs)
    return keras.Model(inputs, outputs, name="perceptron")


def mlp(
    input_dim,
    hidden=(100, 50),
    *,
    activation: str = "relu",
    output: str = "softmax",
    num_outputs: int = 10,
    dropout: float = 0.0,
    l1: float = 0.0,
    l2: float = 0.0,
) -> keras.Model:
    """A multi-layer perceptron (fully connected network), uncompiled.

    Args:
        input_dim: number of input features (e.g. 784), or a shape tuple such as (28, 28),
            in which case the model starts with a ``Flatten`` layer.
        hidden: sizes of the hidden layers (an int for one layer). ``()`` gives logistic /
            softmax regression. Defaults to (100, 50) (deck T's network).
        activation: activation of the hidden layers. Defaults to "relu".
        output: "softmax" (``num_outputs`` classes, >= 2), "sigmoid" (binary, one output) or
            "linear" (regression). Defaults to "softmax".
        num_outputs: number of output units. Defaults to 10.
        dropout: dropout rate after each hidden layer, in [0, 1). Defaults to 0.0.
        l1: L1 weight penalty on every kernel, >= 0. Defaults to 0.0.
        l2: L2 weight penalty on every kernel, >= 0. Defaults to 0.0.

    Returns:
        A `keras.Model` named "mlp"; layers "flatten" (shape input), "hidden1", "dropout1", ...,
        "output".

    Raises:
        ValueError: naming the bad argument.

    Example:

    >>> model = mlp(784, (100, 50))
    >>> model.count_params()
    84060
    """
    if _is_int(input_dim):
        _check_positive_int("input_dim", input_dim)
        shape = (int(input_dim),)
    elif (
        isinstance(input_dim, Sequence)
        and len(input_dim) >= 1
        and all(_is_int(d) and d >= 1 for d in input_dim)
    ):
        shape = tuple(int(d) for d in input_dim)
    else:
        raise ValueError(
            "`input_dim` must be a positive integer (number of features, e.g. 784) or a shape "
            f"tuple such as (28, 28). Received: input_dim={input_dim!r}"
        )
    if _is_int(hidden):
        hidden = (hidden,)
    if not isinstance(hidden, Sequence) or not all(_is_int(h) and h >= 1 for h in hidden):
        raise ValueError(
            "`hidden` must be a tuple of positive layer sizes such as (100, 50), or () for no "
            f"hidden layer. Received: hidden={hidden!r}"
        )
    _check_activation("activation", activation)
    if output not in _OUTPUTS:
        raise ValueError(f"`output` must be one of {_OUTPUTS}. Received: output={output!r}")
    _check_positive_int("num_outputs", num_outputs)
    if output == "softmax" and num_outputs < 2:
        raise ValueError(
            "output='softmax' needs num_outputs >= 2 classes; for a binary task use "
            f"output='sigmoid' with num_outputs=1. Received: num_outputs={num_outputs!r}"
        )
    if output == "sigmoid" and num_outputs != 1:
        raise ValueError(
            "output='sigmoid' is the binary output and has exactly one unit; use "
            f"num_outputs=1, or output='softmax' for {num_outputs} classes. "
            f"Received: num_outputs={num_outputs!r}"
        )
    _check_rate("dropout", dropout)
    for name, value in (("l1", l1), ("l2", l2)):
        _validate.finite_number(value, name, minimum=0, example="1e-4 (0 switches it off)")
    reg = keras.regularizers.L1L2(l1=float(l1), l2=float(l2)) if (l1 or l2) else None

    inputs = keras.Input(shape=shape, name="input")
    x = keras.layers.Flatten(name="flatten")(inputs) if len(shape) > 1 else inputs
    for i, units in enumerate(hidden, start=1):
        x = keras.layers.Dense(
            units, activation=activation, kernel_regularizer=reg, name=f"hidden{i}"
        )(x)
        if dropout:
            x = keras.layers.Dropout(dropout, name=f"dropout{i}")(x)
    outputs = keras.layers.Dense(
        num_outputs, activation=output, kernel_regularizer=reg, name="output"
    )(x)
    return keras.Model(inputs, outputs, name="mlp")


def lenet5(
    variant: str = "classic",
    *,
    input_shape=(28, 28, 1),
    num_classes: int = 10,
    dropout: float = 0.0,
    batch_norm: bool = False,
) -> keras.Model:
    """LeNet-5 (LeCun et al., 1998), uncompiled.

    Both variants have the layers of deck W's table, with the same shapes and parameter
    counts: inputs smaller than 32x32 (MNIST's 28x28) are zero-padded to 32x32 ("pad"), then
    c1 Conv2D(6, 5) -> 28x28x6, s2 pooling -> 14x14x6, c3 Conv2D(16, 5) -> 10x10x16,
    s4 pooling -> 5x5x16, c5 Conv2D(120, 5) -> 1x1x120 (48,120 parameters), flatten,
    f6 Dense(84) (10,164 parameters), output Dense(num_classes, softmax).

    * "classic": tanh activations and average pooling (the 1998 network).
    * "modern": ReLU activations and max pooling (the other decks), with optional dropout
      before f6 and before the output, and optional batch normalization: with
      ``batch_norm=True`` each of c1, c3, c5 is a Conv2D without bias (and without
      activation) followed by BatchNormalization (c1_bn, ...) and ReLU (c1_relu, ...), so c5
      has 48,000 parameters instead of 48,120.

    Args:
        variant: "classic" or "modern". Defaults to "classic".
        input_shape: (height, width, channels), at least 28x28. Defaults to (28, 28, 1).
        num_classes: number of classes, >= 2. Defaults to 10.
        dropout: dropout rate in [0, 1) ("modern" only). Defaults to 0.0.
        batch_norm: batch normalization after c1, c3 and c5 ("modern" only). Defaults to
            False.

    Returns:
        A `keras.Model` named "lenet5_classic" or "lenet5_modern", layers named input, pad
        (when padding is needed), c1, s2, c3, s4, c5, flatten, (dropout1), f6, (dropout2), output
        (plus c1_bn, c1_relu, ... with ``batch_norm=True``).

    Raises:
        ValueError: naming the bad argument (e.g. a missing channel axis).

    Example:

    >>> model = lenet5("modern", dropout=0.2)
    >>> model.output_shape
    (None, 10)
    """
    if variant not in _VARIANTS:
        raise ValueError(f"`variant` must be one of {_VARIANTS}. Received: variant={variant!r}")
    shape = _check_image_shape(input_shape, min_size=28, builder="lenet5")
    _check_positive_int("num_classes", num_classes, minimum=2)
    _check_rate("dropout", dropout)
    if variant == "classic" and dropout:
        raise ValueError(
            "The classic LeNet-5 (1998) has no dropout; use variant='modern' for dropout. "
            f"Received: dropout={dropout!r}"
        )
    if not isinstance(batch_norm, bool):
        raise ValueError(f"`batch_norm` must be True or False. Received: batch_norm={batch_norm!r}")
    if variant == "classic" and batch_norm:
        raise ValueError(
            "The classic LeNet-5 (1998) has no batch normalization; use variant='modern' for it. "
            f"Received: batch_norm={batch_norm!r}"
        )
    act = "tanh" if variant == "classic" else "relu"
    pool = keras.layers.AveragePooling2D if variant == "classic" else keras.layers.MaxPooling2D

    inputs = keras.Input(shape=shape, name="input")
    x = inputs
    pad_h, pad_w = (max(0, (32 - d + 1) // 2) for d in shape[:2])
    if pad_h or pad_w:
        x = keras.layers.ZeroPadding2D(((pad_h, pad_h), (pad_w, pad_w)), name="pad")(x)

    def conv(x, filters, name):
        if not batch_norm:
            return keras.layers.Conv2D(filters, 5, activation=act, name=name)(x)
        x = keras.layers.Conv2D(filters, 5, use_bias=False, name=name)(x)
        x = keras.layers.BatchNormalization(name=f"{name}_bn")(x)
        return keras.layers.Activation(act, name=f"{name}_relu")(x)

    x = conv(x, 6, "c1")
    x = pool(2, name="s2")(x)
    x = conv(x, 16, "c3")
    x = pool(2, name="s4")(x)
    x = conv(x, 120, "c5")
    x = keras.layers.Flatten(name="flatten")(x)
    if dropout:
        x = keras.layers.Dropout(dropout, name="dropout1")(x)
    x = keras.layers.Dense(84, activation=act, name="f6")(x)
    if dropout:
        x = keras.layers.Dropout(dropout, name="dropout2")(x)
    outputs = keras.layers.Dense(num_classes, activation="softmax", name="output")(x)
    return keras.Model(inputs, outputs, name=f"lenet5_{variant}")
