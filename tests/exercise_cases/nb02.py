"""Notebook 02: reference solutions and wrong answers."""

import numpy as np

w_note, b_note, x_note = np.array([-1.2, 0.4]), 0.5, np.array([0.5, 3.0])
z_note = w_note[0] * x_note[0] + w_note[1] * x_note[1] + b_note
p_note = 1.0 / (1.0 + np.exp(-z_note))

logits_ex = np.array([1.0, 2.0, 0.5, -1.0])
probs_ex = np.exp(logits_ex) / np.exp(logits_ex).sum()


def my_softmax(z):
    exps = np.exp(z - np.max(z))
    return exps / exps.sum()


def _naive(z):  # overflows for logits like 1000
    with np.errstate(over="ignore", invalid="ignore"):
        return np.exp(z) / np.exp(z).sum()


def _calls_scratch(z):
    from dlcourse import scratch

    return scratch.softmax(z)


def _calls_scipy_aliased(z):  # SciPy's softmax under another name, inside a wrapper
    import functools

    from scipy.special import softmax as sm

    return functools.partial(sm, axis=0)(z)


def _calls_keras(z):
    import keras

    return keras.ops.convert_to_numpy(keras.activations.softmax(keras.ops.convert_to_tensor(z)))


def _swallows(z):  # a try/except around the helper does not hide it
    from dlcourse import scratch

    try:
        return scratch.softmax(z)
    except Exception:
        return np.exp(z) / np.exp(z).sum()


def _in_place(z):
    z -= z.max()
    np.exp(z, out=z)
    z /= z.sum()
    return z


def _exercise_only(z):  # the notebook's answer whatever it is given
    return probs_ex


RIGHT_22 = {"my_softmax": my_softmax, "probs_ex": probs_ex,
            "predicted_ex": int(np.argmax(probs_ex))}

X_batch = np.array([[1.0, 2.0], [0.5, -1.0], [-2.0, 0.0], [3.0, 1.0], [0.0, 0.0]])
W_layer = np.array([[0.2, -0.5, 1.0], [0.7, 0.3, -0.4]])
b_layer = np.array([0.1, 0.0, -0.2])
H = np.maximum(0.0, X_batch @ W_layer + b_layer)


def relu_layer(X, W, b):
    return np.maximum(0.0, X @ W + b)


def layer(function=relu_layer, H=H):
    return {"relu_layer": function, "H": H}

CASES = {
    "02.1": {
        "right": lambda: {"z_note": z_note, "p_note": p_note},
        "wrong": {
            "stub": lambda: {"z_note": ..., "p_note": ...},
            "no bias": lambda: {"z_note": z_note - b_note,
                                "p_note": 1 / (1 + np.exp(-(z_note - b_note)))},
            "sign slip in the sigmoid": lambda: {"z_note": z_note,
                                                 "p_note": 1 / (1 + np.exp(z_note))},
            "no activation": lambda: {"z_note": z_note, "p_note": z_note},
            "section 2's banknote copied": lambda: {"z_note": 1.52, "p_note": 0.8205},
            "weights paired with the wrong inputs": lambda: {
                "z_note": float(w_note @ x_note[::-1] + b_note), "p_note": p_note},
            "z as an array": lambda: {"z_note": np.array([z_note]), "p_note": p_note},
        },
    },
    "02.2": {
        "right": lambda: dict(RIGHT_22),
        "wrong": {
            "stub": lambda: {"my_softmax": ..., "probs_ex": ..., "predicted_ex": ...},
            "stub function": lambda: {**RIGHT_22, "my_softmax": lambda z: ...},
            "calls scratch.softmax": lambda: {**RIGHT_22, "my_softmax": _calls_scratch},
            "is scratch.softmax": lambda: {**RIGHT_22, "my_softmax": __import__(
                "dlcourse.scratch").scratch.softmax},
            "scipy.special.softmax, aliased and wrapped": lambda: {
                **RIGHT_22, "my_softmax": _calls_scipy_aliased},
            "keras.activations.softmax": lambda: {**RIGHT_22, "my_softmax": _calls_keras},
            "the exercise's probabilities whatever the logits": lambda: {
                **RIGHT_22, "my_softmax": _exercise_only},
            "not normalised": lambda: {**RIGHT_22, "my_softmax": np.exp},
            "not normalised (values)": lambda: {**RIGHT_22, "probs_ex": np.exp(logits_ex),
                                                "predicted_ex": 1},
            "the logits copied": lambda: {**RIGHT_22, "probs_ex": logits_ex},
            "sigmoid instead of softmax": lambda: {
                **RIGHT_22, "my_softmax": lambda z: 1 / (1 + np.exp(-z))},
            "class counted from 1": lambda: {**RIGHT_22, "predicted_ex": 2},
            "the largest probability instead of its index": lambda: {
                **RIGHT_22, "predicted_ex": float(probs_ex.max())},
            "index as a float": lambda: {**RIGHT_22, "predicted_ex": 1.0},
        },
    },
    "02.3": {
        "right": lambda: layer(),
        "wrong": {
            "stub": lambda: {"relu_layer": ..., "H": ...},
            "stub function": lambda: layer(lambda X, W, b: ...),
            "calls scratch.dense_forward": lambda: layer(
                lambda X, W, b: __import__("dlcourse.scratch").scratch.dense_forward(
                    X, W, b, activation="relu")),
            "the exercise's H whatever it is given": lambda: layer(lambda X, W, b: H),
            "no ReLU": lambda: layer(lambda X, W, b: X @ W + b),
            "no bias": lambda: layer(H=np.maximum(0.0, X_batch @ W_layer)),
            "bias after the ReLU": lambda: layer(H=np.maximum(0.0, X_batch @ W_layer) + b_layer),
            "transposed (neurons in rows)": lambda: layer(H=np.maximum(
                0.0, W_layer.T @ X_batch.T + b_layer[:, None])),
            "the batch copied": lambda: layer(H=X_batch),
            "sigmoid neurons": lambda: layer(lambda X, W, b: 1 / (1 + np.exp(-(X @ W + b)))),
        },
    },
}

# Issue 20: further mistakes, each with the words its diagnosis must contain.
DIAGNOSED = {
    "02.1": {
        "bias subtracted": (lambda: {"z_note": z_note - 1.0, "p_note": p_note},
                            "subtracts the bias"),
        "tanh for p": (lambda: {"z_note": z_note, "p_note": float(np.tanh(z_note))}, "tanh"),
        "exp(-z) alone for p": (lambda: {"z_note": z_note, "p_note": float(np.exp(-z_note))},
                                "exp(-z) without"),
    },
    "02.2": {
        "logits divided by their sum": (lambda: {"my_softmax": lambda z: z / z.sum()},
                                        "exponentiate them first"),
        "divided by the largest exponential": (lambda: {
            "my_softmax": lambda z: np.exp(z) / np.exp(z).max()}, "largest exponential"),
        "index of the smallest probability": (lambda: {
            "predicted_ex": int(np.argmin(probs_ex))}, "smallest probability"),
        "no shift by the largest logit": (lambda: {"my_softmax": _naive}, "subtract the largest"),
        "calls scratch.softmax inside a try": (lambda: {"my_softmax": _swallows},
                                               "calls dlcourse.scratch.softmax"),
        "changes the logits in place": (lambda: {"my_softmax": _in_place}, "changes the logits"),
    },
    "02.3": {
        "bias subtracted": (lambda: {"H": np.maximum(0.0, X_batch @ W_layer - b_layer)},
                            "subtracts the bias"),
        "leaky ReLU": (lambda: {"H": np.where(X_batch @ W_layer + b_layer > 0,
                                              X_batch @ W_layer + b_layer,
                                              0.1 * (X_batch @ W_layer + b_layer))},
                       "leaky ReLU"),
        "the first sample only": (lambda: {"H": H[0]}, "shape"),
        "function: the bias after the ReLU": (lambda: {
            "relu_layer": lambda X, W, b: np.maximum(0.0, X @ W) + b}, "after the ReLU"),
        "function: neurons in rows": (lambda: {
            "relu_layer": lambda X, W, b: np.maximum(0.0, W.T @ X.T + b[:, None])}, "one row per"),
    },
}
