"""Notebook 15: reference solutions and wrong answers."""

import keras

L = keras.layers


def _block(filters=256, padding="same", use_bias=False, conv_act=None, order=("bn", "relu"),
           convs=2, pool=True, kernel=3, shape=(4, 4, 128), bn=None, pool_args=None, strides=1):
    layers = []
    for _ in range(convs):
        layers.append(L.Conv2D(filters, kernel, strides=strides, padding=padding,
                               use_bias=use_bias, activation=conv_act))
        for step in order:
            layers.append(L.BatchNormalization(**(bn or {"momentum": 0.9})) if step == "bn"
                          else L.Activation("relu"))
    if pool:
        layers.append(L.MaxPooling2D(2, **(pool_args or {})))
    return keras.Sequential([keras.Input(shape), *layers])


M = 128
CASES = {
    "15.1": {
        "right": lambda: {"params_two_3x3": 2 * 3 * 3 * M * M, "params_one_5x5": 5 * 5 * M * M,
                          "receptive_field": 5},
        "wrong": {
            "stub": lambda: {"params_two_3x3": ..., "params_one_5x5": ...,
                             "receptive_field": ...},
            "one convolution": lambda: {"params_two_3x3": 9 * M * M,
                                        "params_one_5x5": 25 * M * M, "receptive_field": 5},
            "with biases": lambda: {"params_two_3x3": 2 * (9 * M * M + M),
                                    "params_one_5x5": 25 * M * M + M, "receptive_field": 5},
            "3 + 3 = 6": lambda: {"params_two_3x3": 2 * 9 * M * M, "params_one_5x5": 25 * M * M,
                                  "receptive_field": 6},
            "block3_conv2's count copied from the table": lambda: {
                "params_two_3x3": 3 * 3 * M * M, "params_one_5x5": 25 * M * M,
                "receptive_field": 5},
        },
    },
    "15.2": {
        "right": lambda: {"block4": _block()},
        "wrong": {
            "stub": lambda: {"block4": ...},
            "ReLU inside the convolution, BN after": lambda: {
                "block4": _block(conv_act="relu", order=("bn",))},
            "BN after ReLU": lambda: {"block4": _block(order=("relu", "bn"))},
            "no batch norm": lambda: {"block4": _block(order=("relu",))},
            "valid padding": lambda: {"block4": keras.Sequential(
                [keras.Input((6, 6, 128)), *_block(padding="valid", shape=(6, 6, 128)).layers])},
            "block 3's 128 filters copied": lambda: {"block4": _block(filters=128)},
            "one convolution": lambda: {"block4": _block(convs=1)},
            "no pooling": lambda: {"block4": _block(pool=False)},
            "5x5 kernels": lambda: {"block4": _block(kernel=5)},
            "with bias": lambda: {"block4": _block(use_bias=True)},
        },
    },
}

# Issue 20: further mistakes, each with the words its diagnosis must contain.
DIAGNOSED = {
    "15.1": {
        "kernel side, not area": (lambda: {"params_two_3x3": 2 * 3 * M * M,
                                           "params_one_5x5": 25 * M * M, "receptive_field": 5},
                                  "side, not its area"),
        "5x5 without the input maps": (lambda: {"params_two_3x3": 2 * 9 * M * M,
                                                "params_one_5x5": 25 * M,
                                                "receptive_field": 5}, "input maps"),
        "3 x 3 = 9 pixels": (lambda: {"params_two_3x3": 2 * 9 * M * M,
                                      "params_one_5x5": 25 * M * M, "receptive_field": 9},
                             "multiplies the kernel sides"),
    },
    "15.2": {
        "BatchNormalization(axis=1)": (lambda: {"block4": _block(bn={"momentum": 0.9,
                                                                      "axis": 1})},
                                       "channels come last"),
        "Keras' default momentum, not the network's": (lambda: {"block4": _block(
            bn={"momentum": 0.99})},
                                                        "momentum"),
        "MaxPooling2D(2, strides=1)": (lambda: {"block4": _block(pool_args={"strides": 1})},
                                       "windows overlap"),
        "no trained shift (center=False)": (lambda: {"block4": _block(
            bn={"momentum": 0.9, "center": False})}, "no trained shift"),
    },
}
