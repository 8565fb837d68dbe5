"""Notebook 08: reference solutions and wrong answers."""

import keras

from dlcourse import models


def _prepare(images, labels):
    x = images.reshape(len(images), 784).astype("float32") / 255
    return x, keras.utils.to_categorical(labels, 10)


def _float64(images, labels):
    return images.reshape(len(images), 784) / 255, keras.utils.to_categorical(labels, 10)


def _not_scaled(images, labels):
    x = images.reshape(len(images), 784).astype("float32")
    return x, keras.utils.to_categorical(labels, 10)


def _nine_fixed(images, labels):  # the nine digits of the notebook hard-coded
    return images.reshape(9, 784).astype("float32") / 255, keras.utils.to_categorical(labels, 10)


def _no_num_classes(images, labels):
    x = images.reshape(len(images), 784).astype("float32") / 255
    return x, keras.utils.to_categorical(labels)


def _labels_kept(images, labels):
    return images.reshape(len(images), 784).astype("float32") / 255, labels


def _not_flat(images, labels):
    return images.astype("float32") / 255, keras.utils.to_categorical(labels, 10)


def _dict(images, labels):
    return {"x": _prepare(images, labels)[0], "Y": _prepare(images, labels)[1]}


def seq(*layers, input_dim=784):
    return keras.Sequential([keras.Input(shape=(input_dim,)), *layers])


def dense(units, activation=None, **kwargs):
    return keras.layers.Dense(units, activation=activation, **kwargs)


CASES = {
    "08.1": {
        "right": lambda: {"prepare": _prepare},
        "wrong": {
            "stub": lambda: {"prepare": ...},
            "stub function": lambda: {"prepare": lambda images, labels: ...},
            "float64 (no astype)": lambda: {"prepare": _float64},
            "not divided by 255": lambda: {"prepare": _not_scaled},
            "9 hard-coded": lambda: {"prepare": _nine_fixed},
            "to_categorical without num_classes": lambda: {"prepare": _no_num_classes},
            "labels copied, not one-hot": lambda: {"prepare": _labels_kept},
            "images not flattened": lambda: {"prepare": _not_flat},
            "a dict, not a pair": lambda: {"prepare": _dict},
        },
    },
    "08.2": {
        "right": lambda: {"my_deck_t": seq(dense(100, "sigmoid"), dense(50, "sigmoid"),
                                           dense(10, "softmax"))},
        "wrong": {
            "stub": lambda: {"my_deck_t": ...},
            "ReLU instead of sigmoid": lambda: {"my_deck_t": seq(
                dense(100, "relu"), dense(50, "relu"), dense(10, "softmax"))},
            "no softmax": lambda: {"my_deck_t": seq(
                dense(100, "sigmoid"), dense(50, "sigmoid"), dense(10))},
            "sigmoid output": lambda: {"my_deck_t": seq(
                dense(100, "sigmoid"), dense(50, "sigmoid"), dense(10, "sigmoid"))},
            "hidden sizes swapped": lambda: {"my_deck_t": seq(
                dense(50, "sigmoid"), dense(100, "sigmoid"), dense(10, "softmax"))},
            "models.mlp from the next cell (not Sequential)": lambda: {
                "my_deck_t": models.mlp(784, (100, 50), activation="sigmoid")},
            "deck Z's 7-line model in view": lambda: {"my_deck_t": seq(
                dense(9, "relu"), dense(9, "relu"), dense(9, "relu"), dense(4, "softmax"),
                input_dim=8)},
            "no keras.Input": lambda: {"my_deck_t": keras.Sequential([
                dense(100, "sigmoid"), dense(50, "sigmoid"), dense(10, "softmax")])},
            "one hidden layer missing": lambda: {"my_deck_t": seq(
                dense(100, "sigmoid"), dense(10, "softmax"))},
            "a Dropout layer added": lambda: {"my_deck_t": seq(
                dense(100, "sigmoid"), keras.layers.Dropout(0.2), dense(50, "sigmoid"),
                dense(10, "softmax"))},
            "no bias in the output": lambda: {"my_deck_t": seq(
                dense(100, "sigmoid"), dense(50, "sigmoid"), dense(10, "softmax", use_bias=False))},
        },
    },
    "08.3": {
        "right": lambda: {"my_logreg": seq(dense(10, "softmax"))},
        "wrong": {
            "stub": lambda: {"my_logreg": ...},
            "no softmax": lambda: {"my_logreg": seq(dense(10))},
            "ReLU output": lambda: {"my_logreg": seq(dense(10, "relu"))},
            "a hidden layer added": lambda: {"my_logreg": seq(dense(100, "sigmoid"),
                                                              dense(10, "softmax"))},
            "rung 1 of the ladder copied (models.mlp)": lambda: {
                "my_logreg": models.mlp(784, hidden=())},
            "one output unit": lambda: {"my_logreg": seq(dense(1, "sigmoid"))},
            "images not flattened": lambda: {"my_logreg": keras.Sequential([
                keras.Input(shape=(28, 28)), keras.layers.Flatten(), dense(10, "softmax")])},
        },
    },
}



# Issue 20: further mistakes, each with the words its diagnosis must contain.
def _by_256(images, labels):
    return images.reshape(len(images), 784).astype("float32") / 256, keras.utils.to_categorical(
        labels, 10)


def _column_order(images, labels):
    x = images.reshape(len(images), 784, order="F").astype("float32") / 255
    return x, keras.utils.to_categorical(labels, 10)


def _pair_swapped(images, labels):
    x, Y = _prepare(images, labels)
    return Y, x


def _functional():
    inputs = keras.Input(shape=(784,))
    return keras.Model(inputs, dense(10, "softmax")(inputs))


DIAGNOSED = {
    "08.1": {
        "divided by 256": (lambda: {"prepare": _by_256}, "scaled by 256"),
        "flattened column by column": (lambda: {"prepare": _column_order}, "row by row"),
        "the pair in the other order": (lambda: {"prepare": _pair_swapped}, "shape"),
    },
    "08.2": {
        "tanh hidden layers": (lambda: {"my_deck_t": seq(dense(100, "tanh"), dense(50, "tanh"),
                                                        dense(10, "softmax"))}, "uses tanh"),
        "28x28 images with a Flatten layer": (lambda: {"my_deck_t": keras.Sequential([
            keras.Input(shape=(28, 28)), keras.layers.Flatten(), dense(100, "sigmoid"),
            dense(50, "sigmoid"), dense(10, "softmax")])}, "inputs of shape"),
        "ten units in the first hidden layer": (lambda: {"my_deck_t": seq(
            dense(10, "sigmoid"), dense(50, "sigmoid"), dense(10, "softmax"))},
            "units in hidden layer 1"),
    },
    "08.3": {
        "sigmoid output": (lambda: {"my_logreg": seq(dense(10, "sigmoid"))}, "uses sigmoid"),
        "no bias": (lambda: {"my_logreg": seq(dense(10, "softmax", use_bias=False))}, "no bias"),
        "a functional model": (lambda: {"my_logreg": _functional()}, "keras.Sequential"),
    },
}
