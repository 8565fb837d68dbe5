"""Copies a learner can make without understanding: helpers that return an answer, typed constants.

`COPIES[id]` maps a label to a function returning the answers to try (names not given keep the
reference answer). `tests/test_copy_attack.py` asserts that each fails. Each entry is something
the student copy shows: a helper of `dlcourse` called as the notebook calls it, a model the
notebook builds, or the notebook's printed numbers typed as constants where the exercise asks
for a computation.
"""

from __future__ import annotations

from collections.abc import Callable

import keras
import numpy as np
import tensorflow as tf
from scipy import ndimage, signal, special, stats
from sklearn.metrics import log_loss

from dlcourse import callbacks, data, models, scratch
from dlcourse.backprop import Net222
from tests.exercise_cases.nb13 import conv2d_loop  # notebook 13's loop (section 1), its name

NET = Net222.kuzovkin()
GRADS = NET.gradients()
L = keras.layers


def _stop_at_metric() -> type:
    class StopAtAccuracy(callbacks.StopAtMetric):  # the package's callback, renamed
        def __init__(self, target=0.9):
            super().__init__("accuracy", target, verbose=0)

    return StopAtAccuracy


def _lenet5_by_hand() -> keras.Model:  # notebook 14's written-out classic LeNet-5
    return keras.Sequential([
        keras.Input((28, 28, 1)), L.ZeroPadding2D(2), L.Conv2D(6, (5, 5), activation="tanh"),
        L.AveragePooling2D((2, 2)), L.Conv2D(16, (5, 5), activation="tanh"),
        L.AveragePooling2D((2, 2)), L.Conv2D(120, (5, 5), activation="tanh"), L.Flatten(),
        L.Dense(84, activation="tanh"), L.Dense(10, activation="softmax")])


def _block3_pattern() -> keras.Model:  # notebook 15's block 3, copied with its 128 filters
    layers = []
    for _ in range(2):
        layers += [L.Conv2D(128, 3, padding="same", use_bias=False),
                   L.BatchNormalization(momentum=0.9), L.Activation("relu")]
    return keras.Sequential([keras.Input((4, 4, 128)), *layers, L.MaxPooling2D(2)])


FEATURE_MAP = np.array([[4, 3, 4], [2, 4, 3], [2, 3, 4]])  # notebook 13's printed map




def _keras_conv(image, kernel, i, j):  # notebook 13's Conv2D with the kernel set by hand
    conv = keras.layers.Conv2D(1, kernel.shape, use_bias=False)
    conv.build((None, *image.shape, 1))
    conv.set_weights([kernel.reshape(*kernel.shape, 1, 1).astype("float32")])
    out = conv(image.reshape(1, *image.shape, 1).astype("float32"))
    return float(keras.ops.convert_to_numpy(out)[0, i, j, 0])


def predict_hidden(X, W1, b1, W2, b2):  # notebook 04's function (section 2), under its name
    hidden = scratch.sigmoid(np.matmul(X, W1) + b1)
    return scratch.sigmoid(np.matmul(hidden, W2) + b2)


COPIES: dict[str, dict[str, Callable[[], dict]]] = {
    "01.1": {
        "tf.zeros as the notebook calls it, no device": lambda: {
            "make_batch_on_cpu": lambda rows, cols: tf.zeros((rows, cols))},
        "the example batch of the notebook, whatever the shape": lambda: {
            "make_batch_on_cpu": lambda rows, cols: tf.zeros((32, 784))},
    },
    "02.2": {
        "scratch.softmax itself": lambda: {"my_softmax": scratch.softmax},
        "scratch.softmax wrapped": lambda: {"my_softmax": lambda z: scratch.softmax(z)},
        "scipy.special.softmax, as the notebook calls it": lambda: {
            "my_softmax": lambda z: special.softmax(z)},
        "exp of scipy.special.log_softmax": lambda: {
            "my_softmax": lambda z: np.exp(special.log_softmax(z))},
        "keras.activations.softmax": lambda: {"my_softmax": lambda z: keras.ops.convert_to_numpy(
            keras.activations.softmax(keras.ops.convert_to_tensor(z)))},
        "keras.ops.softmax": lambda: {"my_softmax": lambda z: keras.ops.convert_to_numpy(
            keras.ops.softmax(z))},
    },
    "02.3": {
        "scratch.dense_forward with a ReLU": lambda: {"relu_layer": lambda X, W, b: (
            scratch.dense_forward(X, W, b, activation="relu"))},
        "scratch.maxout with a zero second piece": lambda: {"relu_layer": lambda X, W, b: (
            scratch.maxout(X, W, b, np.zeros_like(W), np.zeros_like(b)))},
    },
    "04.1": {
        "scratch.predict_hidden itself": lambda: {"forward_pass": scratch.predict_hidden},
        "scratch.predict_hidden for the output": lambda: {
            "forward_pass": lambda X, W1, b1, W2, b2: (scratch.sigmoid(X @ W1 + b1),
                                                       scratch.predict_hidden(X, W1, b1, W2, b2))},
        "scratch.dense_forward, layer by layer": lambda: {
            "forward_pass": lambda X, W1, b1, W2, b2: (
                scratch.dense_forward(X, W1, b1), scratch.dense_forward(
                    scratch.dense_forward(X, W1, b1), W2, b2))},
        "the notebook's predict_hidden for the output": lambda: {
            "forward_pass": lambda X, W1, b1, W2, b2: (scratch.sigmoid(X @ W1 + b1),
                                                       predict_hidden(X, W1, b1, W2, b2))},
    },
    "05.2": {
        "scratch.cross_entropy itself": lambda: {"my_cross_entropy": scratch.cross_entropy},
        "scratch.cross_entropy wrapped": lambda: {
            "my_cross_entropy": lambda p, q: scratch.cross_entropy(p, q)},
        "keras.losses.categorical_crossentropy": lambda: {
            "my_cross_entropy": lambda p, q: float(keras.losses.categorical_crossentropy(
                p[None], q[None])[0])},
        "sklearn's log_loss, imported by the notebook": lambda: {
            "my_cross_entropy": lambda p, q: log_loss([int(np.argmax(p))], [q],
                                                      labels=list(range(len(q))))},
        "scipy.stats.entropy": lambda: {"my_cross_entropy": lambda p, q: stats.entropy(p, q)},
    },
    "05.3": {
        "scratch.binary_cross_entropy, as the notebook calls it": lambda: {
            "my_nll": lambda y, p: scratch.binary_cross_entropy(y, p)},
        "sklearn's log_loss, as the notebook calls it": lambda: {
            "my_nll": lambda y, p: log_loss(y, p)},
        "keras.losses.binary_crossentropy": lambda: {"my_nll": lambda y, p: float(
            keras.losses.binary_crossentropy(y.astype("float64"), p))},
    },
    "06.1": {
        "the slope at w = 1 typed in": lambda: {"my_dJ_dw": lambda w: -25.5},
    },
    "06.2": {
        "the minimum w = 2 of the statement, typed for every rate": lambda: {
            "ten_steps": lambda lr: 2.0, "w_fast": 2.0},
    },
    "06.3": {
        "scratch.gradient_descent from the figure's start 0.0": lambda: {
            "x_start": 0.1, "x_path": scratch.gradient_descent(
                lambda x: 4 * x**3 - 6 * x + 1, 0.0, lr=0.02, steps=300)},
    },
    "07.1": {
        "net.gradients() of the notebook's network": lambda: {"w5_chain": lambda fwd, t1: (
            GRADS["dE_dout_o1"], GRADS["dout_o1_dnet_o1"], GRADS["dnet_o1_dw5"], GRADS["w5"])},
        "Net222.kuzovkin().gradients() inside the function": lambda: {
            "w5_chain": lambda fwd, t1: tuple(Net222.kuzovkin().gradients()[k] for k in (
                "dE_dout_o1", "dout_o1_dnet_o1", "dnet_o1_dw5", "w5"))},
        "dE/dw5 from the printed w5+ (0.4 - w5+) / 0.5": lambda: {"w5_chain": lambda fwd, t1: (
            fwd["out_o1"] - t1, fwd["out_o1"] * (1 - fwd["out_o1"]), fwd["out_h1"],
            (0.4 - 0.35801648) / 0.5)},
    },
    "07.2": {
        "grads['w3'] of the notebook's network": lambda: {
            "dE_dw3": lambda fwd, w, y1, y2, i1: GRADS["w3"]},
        "a Net222 rebuilt from the weights w": lambda: {
            "dE_dw3": lambda fwd, w, y1, y2, i1: Net222(
                [w[f"w{k}"] for k in range(1, 9)], NET.b).gradients()["w3"]},
    },
    "08.1": {
        "data.scale01 and data.one_hot, as the notebook calls them": lambda: {
            "prepare": lambda images, labels: (data.scale01(images), data.one_hot(labels, 10))},
    },
    "08.2": {
        "models.mlp of the next cell": lambda: {"my_deck_t": models.mlp(
            784, hidden=(100, 50), activation="sigmoid")},
    },
    "08.3": {
        "models.mlp with no hidden layer": lambda: {"my_logreg": models.mlp(784, hidden=())},
    },
    "09.1": {
        "the by-hand numbers of the cell after, as tf.constant": lambda: {
            "tape_step": lambda w, b, x, t, lr: tuple(
                tf.constant(v) for v in (5.75, 16.5, 2.5, 2.835, 1.975))},
    },
    "09.2": {
        "deck K's 92.5 % as a constant": lambda: {
            "tf_accuracy": lambda logits, labels: tf.constant(0.925)},
    },
    "10.1": {
        "callbacks.StopAtMetric, renamed": lambda: {"StopAtAccuracy": _stop_at_metric()},
    },
    "11.1": {
        "the notebook's verdict for every curve": lambda: {"diagnose": lambda s: "overfitting"},
    },
    "12.1": {
        "the sweep's recommendation typed in": lambda: {"recommend_lr": lambda exploded: 0.5},
    },
    "12.2": {
        "data.scale01 itself": lambda: {"scale_pixels": data.scale01},
        "data.scale01 wrapped": lambda: {"scale_pixels": lambda images: data.scale01(images)},
    },
    "13.1": {
        "scratch.conv2d, indexed": lambda: {
            "feature_value": lambda image, kernel, i, j: scratch.conv2d(image, kernel)[i, j]},
        "scipy.signal.correlate2d, indexed": lambda: {
            "feature_value": lambda image, kernel, i, j: signal.correlate2d(
                image, kernel, mode="valid")[i, j]},
        "scipy.ndimage.correlate, shifted": lambda: {
            "feature_value": lambda image, kernel, i, j: ndimage.correlate(
                image.astype(float), kernel.astype(float), mode="constant")[
                i + kernel.shape[0] // 2, j + kernel.shape[1] // 2]},
        "scipy.signal.fftconvolve with the kernel flipped": lambda: {
            "feature_value": lambda image, kernel, i, j: signal.fftconvolve(
                image, kernel[::-1, ::-1], mode="valid")[i, j]},
        "a keras Conv2D layer with the kernel set": lambda: {"feature_value": _keras_conv},
        "the notebook's conv2d_loop, indexed": lambda: {
            "feature_value": lambda image, kernel, i, j: conv2d_loop(image, kernel)[i, j]},
        "the printed feature map": lambda: {
            "feature_value": lambda image, kernel, i, j: FEATURE_MAP[i % 3, j % 3]},
    },
    "13.2": {
        "the 28 -> 24 of the notebook for every size": lambda: {
            "conv_output_size": lambda n, k, stride=1, padding=0: 24},
    },
    "14.2": {
        "models.lenet5('modern')": lambda: {"deck_z_net": models.lenet5("modern")},
        "models.lenet5('classic')": lambda: {"deck_z_net": models.lenet5("classic")},
        "the written-out classic LeNet-5": lambda: {"deck_z_net": _lenet5_by_hand()},
    },
    "15.2": {
        "block 3 copied": lambda: {"block4": _block3_pattern()},
    },
}

# The copies that call a library function the check switches off: each must be diagnosed as
# such ("calls ..."), not merely fail (tests/test_copy_attack.py).
CALLS_A_HELPER: dict[str, tuple[str, ...]] = {
    "02.2": tuple(COPIES["02.2"]),
    "02.3": tuple(COPIES["02.3"]),
    "04.1": tuple(COPIES["04.1"]),
    "05.2": tuple(COPIES["05.2"]),
    "05.3": tuple(COPIES["05.3"]),
    "13.1": tuple(label for label in COPIES["13.1"] if label != "the printed feature map"),
}
