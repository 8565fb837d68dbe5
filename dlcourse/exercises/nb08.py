"""Exercise checks of notebook 08 (the Keras workflow on MNIST).

Exercise 08.1 calls the learner's preprocessing function on batches made here (random 28x28 uint8
images), so no data set is needed; 08.2 and 08.3 read the learner's model layer by layer (input
shape, layer types, units, activations, biases), not only its parameter count.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlcourse.exercises._core import Parts, exercise, kind


def _activation_name(function: Any) -> str:
    return getattr(function, "__name__", type(function).__name__)


def _dense_stack(p: Parts, name: str, model: Any) -> list[list]:
    """[units, activation, use_bias] per Dense layer; an Activation layer right after a linear
    Dense layer counts as that layer's activation (deck T's 2016 style)."""
    import keras

    p.require(isinstance(model, keras.Model), name, f"is {kind(model)}, not a Keras model")
    p.require(isinstance(model, keras.Sequential), name,
              f"is a {type(model).__name__} model: the exercise asks for keras.Sequential([...])")
    try:
        input_shape = tuple(model.input_shape)
    except (AttributeError, ValueError):
        p.fail(name, "has no input shape yet: start the list with keras.Input(shape=(784,))")
    p.require(input_shape == (None, 784), name,
              f"takes inputs of shape {input_shape}: the inputs are the 784 pixels of a flattened "
              "image, keras.Input(shape=(784,))")
    stack: list[list] = []
    for layer in model.layers:
        if isinstance(layer, keras.layers.Dense):
            stack.append([layer.units, _activation_name(layer.activation), layer.use_bias])
        elif isinstance(layer, keras.layers.Activation) and stack and stack[-1][1] == "linear":
            stack[-1][1] = _activation_name(layer.activation)
        else:
            p.fail(name, f"has a {type(layer).__name__} layer ({layer.name}); the network is "
                   "made of Dense layers only")
    return stack


def _check_network(p: Parts, name: str, wanted: list[tuple[int, str]], what: str) -> None:
    """Compare the learner's Dense stack with `wanted` = [(units, activation), ...]."""
    stack = _dense_stack(p, name, p[name])
    if len(stack) != len(wanted):
        p.fail(name, f"has {len(stack)} Dense layer{'s' * (len(stack) != 1)}; {what} has "
               f"{len(wanted)} (count the hidden layers and the output layer)")
    for k, ((units, activation, bias), (want_units, want_activation)) in enumerate(
        zip(stack, wanted, strict=True), start=1
    ):
        where = "the output layer" if k == len(wanted) else f"hidden layer {k}"
        if units != want_units:
            p.fail(name, f"has {units} unit{'s' * (units != 1)} in {where}; re-read the sizes "
                   f"of {what}")
        if activation != want_activation:
            if want_activation == "softmax" and activation == "linear":
                p.fail(name, f"has no softmax on {where}: without it the ten outputs are not "
                       "probabilities (activation=\"softmax\")")
            p.fail(name, f"uses {activation} in {where}, where {what} uses {want_activation}")
        if not bias:
            p.fail(name, f"has no bias in {where} (use_bias=False): keep the default")
    p.passed(name)


@exercise(
    "08.1",
    names=("prepare",),
    nudge="Re-read the two preprocessing steps of section 2.",
    hint="Each image of 28 x 28 pixels becomes one row: reshape to (number of images, 784). "
    "Cast to float32 before dividing, and divide by the largest pixel value. For the labels, "
    "keras.utils.to_categorical needs to know that there are ten classes even when a batch "
    "holds fewer.",
)
def _prepare(p: Parts) -> None:
    rng = np.random.default_rng(8)
    for labels in (np.array([3, 1, 4, 1, 5, 9, 2, 6, 5]), np.array([0, 1, 2, 3, 4])):
        n = len(labels)
        images = rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
        out = p.call("prepare", p["prepare"], images, labels.astype(np.uint8))
        p.require(isinstance(out, tuple) and len(out) == 2, "prepare",
                  f"returns {kind(out)}: return the two arrays as a pair, return x, Y")
        x, Y = out
        p.shape("x from prepare", (n, 784), value=x)
        p.dtype("x from prepare", "float32", value=x)
        p.close("x from prepare", images.reshape(n, 784) / 255.0, value=x, mistakes={
            "is scaled by 256: the largest pixel value is 255": images.reshape(n, 784) / 256.0,
            "flattens each image column by column (order='F'): reshape keeps the pixels row by "
            "row": images.reshape(n, 784, order="F") / 255.0,
        })
        p.shape("Y from prepare", (n, 10), value=Y)
        p.close("Y from prepare", np.eye(10)[labels], value=Y)


@exercise(
    "08.2",
    names=("my_deck_t",),
    nudge="Compare your model with the sizes and activations of deck T's network.",
    hint="keras.Sequential takes a list: the input first (its shape is the number of pixels), "
    "then one Dense layer per layer of the network, each given its number of units and its "
    "activation by name. The last layer turns ten scores into probabilities.",
)
def _deck_t(p: Parts) -> None:
    _check_network(p, "my_deck_t", [(100, "sigmoid"), (50, "sigmoid"), (10, "softmax")],
                   "deck T's network")


@exercise(
    "08.3",
    names=("my_logreg",),
    nudge="Softmax regression has no hidden layer: pixels in, ten probabilities out.",
    hint="One Dense layer after the input: as many units as classes, and the activation that "
    "turns ten scores into probabilities summing to 1.",
)
def _logreg(p: Parts) -> None:
    _check_network(p, "my_logreg", [(10, "softmax")], "softmax regression")
