"""Notebook 02: reference solutions and wrong answers."""

import numpy as np

w_note, b_note, x_note = np.array([-1.2, 0.4]), 0.5, np.array([0.5, 3.0])
z_note = w_note[0] * x_note[0] + w_note[1] * x_note[1] + b_note
p_note = 1.0 / (1.0 + np.exp(-z_note))

logits_ex = np.array([1.0, 2.0, 0.5, -1.0])
probs_ex = np.exp(logits_ex) / np.exp(logits_ex).sum()

X_batch = np.array([[1.0, 2.0], [0.5, -1.0], [-2.0, 0.0], [3.0, 1.0], [0.0, 0.0]])
W_layer = np.array([[0.2, -0.5, 1.0], [0.7, 0.3, -0.4]])
b_layer = np.array([0.1, 0.0, -0.2])
H = np.maximum(0.0, X_batch @ W_layer + b_layer)

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
        "right": lambda: {"probs_ex": probs_ex, "predicted_ex": int(np.argmax(probs_ex))},
        "wrong": {
            "stub": lambda: {"probs_ex": ..., "predicted_ex": ...},
            "not normalised": lambda: {"probs_ex": np.exp(logits_ex), "predicted_ex": 1},
            "the logits copied": lambda: {"probs_ex": logits_ex, "predicted_ex": 1},
            "sigmoid instead of softmax": lambda: {
                "probs_ex": 1 / (1 + np.exp(-logits_ex)), "predicted_ex": 1},
            "class counted from 1": lambda: {"probs_ex": probs_ex, "predicted_ex": 2},
            "the largest probability instead of its index": lambda: {
                "probs_ex": probs_ex, "predicted_ex": float(probs_ex.max())},
            "index as a float": lambda: {"probs_ex": probs_ex, "predicted_ex": 1.0},
        },
    },
    "02.3": {
        "right": lambda: {"H": H},
        "wrong": {
            "stub": lambda: {"H": ...},
            "no ReLU": lambda: {"H": X_batch @ W_layer + b_layer},
            "no bias": lambda: {"H": np.maximum(0.0, X_batch @ W_layer)},
            "bias after the ReLU": lambda: {"H": np.maximum(0.0, X_batch @ W_layer) + b_layer},
            "transposed (neurons in rows)": lambda: {"H": np.maximum(0.0, W_layer.T @ X_batch.T
                                                                     + b_layer[:, None])},
            "the batch copied": lambda: {"H": X_batch},
            "sigmoid neurons": lambda: {"H": 1 / (1 + np.exp(-(X_batch @ W_layer + b_layer)))},
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
        "logits divided by their sum": (lambda: {"probs_ex": logits_ex / logits_ex.sum(),
                                                 "predicted_ex": 1}, "exponentiate them first"),
        "divided by the largest exponential": (lambda: {
            "probs_ex": np.exp(logits_ex) / np.exp(logits_ex).max(), "predicted_ex": 1},
            "largest exponential"),
        "index of the smallest probability": (lambda: {
            "probs_ex": probs_ex, "predicted_ex": int(np.argmin(probs_ex))},
            "smallest probability"),
    },
    "02.3": {
        "bias subtracted": (lambda: {"H": np.maximum(0.0, X_batch @ W_layer - b_layer)},
                            "subtracts the bias"),
        "leaky ReLU": (lambda: {"H": np.where(X_batch @ W_layer + b_layer > 0,
                                              X_batch @ W_layer + b_layer,
                                              0.1 * (X_batch @ W_layer + b_layer))},
                       "leaky ReLU"),
        "the first sample only": (lambda: {"H": H[0]}, "shape"),
    },
}
