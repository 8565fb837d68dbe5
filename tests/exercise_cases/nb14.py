"""Notebook 14: reference solutions and wrong answers."""

import keras

L = keras.layers


def _net(*layers, shape=(28, 28, 1)):
    return keras.Sequential([keras.Input(shape), *layers])


def _deck_z(act="relu", out="softmax", shape=(28, 28, 1), dense=(120, 84), maps=(6, 16)):
    return _net(
        L.Conv2D(maps[0], (5, 5), activation=act),
        L.MaxPooling2D((2, 2)),
        L.Conv2D(maps[1], (5, 5), activation=act),
        L.MaxPooling2D((2, 2)),
        L.Flatten(),
        L.Dense(dense[0], activation=act),
        L.Dense(dense[1], activation=act),
        L.Dense(10, activation=out),
        shape=shape,
    )


CASES = {
    "14.1": {
        "right": lambda: {"c3_weights_per_filter": 5 * 5 * 6, "c3_params": (5 * 5 * 6 + 1) * 16},
        "wrong": {
            "stub": lambda: {"c3_weights_per_filter": ..., "c3_params": ...},
            "one input map": lambda: {"c3_weights_per_filter": 25, "c3_params": 26 * 16},
            "no bias": lambda: {"c3_weights_per_filter": 150, "c3_params": 150 * 16},
            "one bias for the layer": lambda: {"c3_weights_per_filter": 150,
                                               "c3_params": 150 * 16 + 1},
            "C1's count copied from the table": lambda: {"c3_weights_per_filter": 25,
                                                        "c3_params": 156},
            "output maps as depth": lambda: {"c3_weights_per_filter": 400, "c3_params": 401 * 16},
        },
    },
    "14.2": {
        "right": lambda: {"deck_z_net": _deck_z()},
        "wrong": {
            "stub": lambda: {"deck_z_net": ...},
            "filters swapped": lambda: {"deck_z_net": _deck_z(maps=(16, 6))},
            "tanh instead of ReLU": lambda: {"deck_z_net": _deck_z(act="tanh")},
            "no softmax": lambda: {"deck_z_net": _deck_z(out=None)},
            "LeNet-5's padded input": lambda: {"deck_z_net": _deck_z(shape=(32, 32, 1))},
            "dense sizes swapped": lambda: {"deck_z_net": _deck_z(dense=(84, 120))},
            "the modern LeNet-5 from the package": lambda: {
                "deck_z_net": __import__("dlcourse.models", fromlist=["lenet5"]).lenet5("modern")},
        },
    },
}

# Issue 20: further mistakes, each with the words its diagnosis must contain.
DIAGNOSED = {
    "14.1": {
        "kernel side, not area": (lambda: {"c3_weights_per_filter": 5 * 6,
                                           "c3_params": (5 * 6 + 1) * 16}, "side, not its area"),
        "one bias per input map": (lambda: {"c3_weights_per_filter": 150,
                                            "c3_params": 150 * 16 + 6}, "per input map"),
        "one filter only": (lambda: {"c3_weights_per_filter": 150, "c3_params": 151},
                            "one filter only"),
    },
    "14.2": {
        "MaxPooling2D(2, strides=1)": (lambda: {"deck_z_net": _net(
            L.Conv2D(6, (5, 5), activation="relu"), L.MaxPooling2D(2, strides=1),
            L.Conv2D(16, (5, 5), activation="relu"), L.MaxPooling2D(2, strides=1), L.Flatten(),
            L.Dense(120, activation="relu"), L.Dense(84, activation="relu"),
            L.Dense(10, activation="softmax"))}, "windows overlap"),
        "Convolution2D(6, 5, 5): stride 5": (lambda: {"deck_z_net": _net(
            L.Conv2D(6, 5, 5, activation="relu", padding="same"), L.MaxPooling2D((2, 2)),
            L.Conv2D(16, (5, 5), activation="relu", padding="same"), L.MaxPooling2D((2, 2)),
            L.Flatten(), L.Dense(120, activation="relu"), L.Dense(84, activation="relu"),
            L.Dense(10, activation="softmax"))}, "strides"),
        "same padding": (lambda: {"deck_z_net": _net(
            L.Conv2D(6, (5, 5), activation="relu", padding="same"), L.MaxPooling2D((2, 2)),
            L.Conv2D(16, (5, 5), activation="relu", padding="same"), L.MaxPooling2D((2, 2)),
            L.Flatten(), L.Dense(120, activation="relu"), L.Dense(84, activation="relu"),
            L.Dense(10, activation="softmax"))}, "padding"),
        "average pooling": (lambda: {"deck_z_net": _net(
            L.Conv2D(6, (5, 5), activation="relu"), L.AveragePooling2D((2, 2)),
            L.Conv2D(16, (5, 5), activation="relu"), L.AveragePooling2D((2, 2)), L.Flatten(),
            L.Dense(120, activation="relu"), L.Dense(84, activation="relu"),
            L.Dense(10, activation="softmax"))}, "AveragePooling2D"),
    },
}
