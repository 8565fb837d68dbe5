"""Exercise checks of notebook 02 (neurons, activation functions, softmax, a dense layer)."""

from __future__ import annotations

import numpy as np

from dlcourse.exercises._core import Parts, exercise, kind
from dlcourse.scratch import sigmoid as _sigmoid

# The exercises' data, as the notebook gives it (the references are computed from it here).
W_NOTE, B_NOTE, X_NOTE = np.array([-1.2, 0.4]), 0.5, np.array([0.5, 3.0])
LOGITS_EX = np.array([1.0, 2.0, 0.5, -1.0])
X_BATCH = np.array([[1.0, 2.0], [0.5, -1.0], [-2.0, 0.0], [3.0, 1.0], [0.0, 0.0]])
W_LAYER = np.array([[0.2, -0.5, 1.0], [0.7, 0.3, -0.4]])
B_LAYER = np.array([0.1, 0.0, -0.2])


@exercise(
    "02.1",
    names=("z_note", "p_note"),
    nudge="Follow the banknote neuron of section 2, with this neuron's weights, bias and inputs.",
    hint="z multiplies each input by its own weight, adds the products and then the bias; p passes "
    "z through the sigmoid of section 2 (dlcourse.scratch has one). A probability lies in (0, 1).",
)
def _neuron(p: Parts) -> None:
    z = float(W_NOTE @ X_NOTE + B_NOTE)
    p.close("z_note", z, mistakes={
        "leaves out the bias b_note": z - B_NOTE,
        "pairs each weight with the other input (w1 * x2 + w2 * x1)":
            float(W_NOTE @ X_NOTE[::-1] + B_NOTE),
        "subtracts the bias instead of adding it": z - 2 * B_NOTE,
        "is the banknote of section 2, not this neuron": 1.52,
    })
    p.close("p_note", _sigmoid(z), mistakes={
        "is 1 - p: the sigmoid is 1 / (1 + exp(-z)), with a minus sign in the exponent":
            _sigmoid(-z),
        "is z itself: pass z through the sigmoid": z,
        "is tanh(z), not the sigmoid": np.tanh(z),
        "is exp(-z) without the 1 / (1 + ...)": np.exp(-z),
        "is the banknote of section 2, not this neuron": _sigmoid(1.52),
    })


@exercise(
    "02.2",
    names=("probs_ex", "predicted_ex"),
    nudge="Softmax: exponentials first, then make them sum to 1; the class is a position.",
    hint="Exponentiate every one of the four logits, then divide each by the total of all four so "
    "the probabilities sum to 1 (section 5). The predicted class is the position (counting from "
    "0) of the largest probability: NumPy has a function that returns the index of a maximum.",
)
def _softmax(p: Parts) -> None:
    exps = np.exp(LOGITS_EX)
    probs = exps / exps.sum()
    p.close("probs_ex", probs, mistakes={
        "are the exponentials, not yet divided by their sum (they do not sum to 1)": exps,
        "are the logits themselves: exponentiate them, then normalise": LOGITS_EX,
        "are the sigmoids of the logits: softmax divides by the sum of all exponentials":
            _sigmoid(LOGITS_EX),
        "divides the logits by their sum: exponentiate them first": LOGITS_EX / LOGITS_EX.sum(),
        "divides by the largest exponential: divide by their sum": exps / exps.max(),
    })
    got = p["predicted_ex"]
    is_int = isinstance(got, (int, np.integer)) and not isinstance(got, (bool, np.bool_))
    p.require(is_int, "predicted_ex",
              f"is {kind(got)}: give the index of the class as an int (int(...) converts)")
    best = int(np.argmax(probs))
    p.equal("predicted_ex", best, mistakes={
        "counts from 1: Python indices (and classes) start at 0": best + 1,
        "is the index of the smallest probability, not the largest": int(np.argmin(probs)),
    }, what="is not the index of the largest probability")


@exercise(
    "02.3",
    names=("H",),
    nudge="One matrix product of the batch with the weights, plus the bias, then the ReLU.",
    hint="Each row of the batch times the weight matrix gives that sample's three weighted sums, "
    "so the product has one row per sample and one column per neuron; add the bias of each neuron "
    "to its column, then apply ReLU elementwise (NumPy's elementwise maximum with 0).",
)
def _layer(p: Parts) -> None:
    z = X_BATCH @ W_LAYER + B_LAYER
    p.close("H", np.maximum(0.0, z), mistakes={
        "has negative values: apply the ReLU to the weighted sums": z,
        "leaves out the bias b_layer": np.maximum(0.0, X_BATCH @ W_LAYER),
        "adds the bias after the ReLU: add it to the weighted sums, then apply the ReLU":
            np.maximum(0.0, X_BATCH @ W_LAYER) + B_LAYER,
        "uses the sigmoid: this layer's neurons are ReLU neurons": _sigmoid(z),
        "subtracts the bias instead of adding it": np.maximum(0.0, X_BATCH @ W_LAYER - B_LAYER),
        "keeps a part of the negative values (a leaky ReLU): ReLU sets them to 0":
            np.where(z > 0, z, 0.1 * z),
    })
