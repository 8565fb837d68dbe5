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


def _softmax_helpers() -> dict[str, object]:
    """The ready-made softmaxes a learner could call instead of writing the formula."""
    import keras
    from scipy import special

    from dlcourse import scratch

    return {"dlcourse.scratch.softmax": scratch.softmax, "scipy.special.softmax": special.softmax,
            "scipy.special.log_softmax": special.log_softmax,
            "keras.activations.softmax": keras.activations.softmax,
            "keras.ops.softmax": keras.ops.softmax, "keras.ops.log_softmax": keras.ops.log_softmax}


def _fresh_logits() -> list[np.ndarray]:
    """Logits the learner has not seen: other lengths, negative, equal, and very large ones."""
    rng = np.random.default_rng(22)
    return [rng.normal(0, 2, size=3), rng.normal(1, 3, size=7), np.array([-3.0, -3.0, -0.5]),
            np.array([1000.0, 1001.0, 998.0])]


@exercise(
    "02.2",
    names=("my_softmax", "probs_ex", "predicted_ex"),
    nudge="Softmax: exponentials first, then make them sum to 1; the class is a position.",
    hint="my_softmax exponentiates every logit it is given, then divides each by the total of "
    "all of them, so the probabilities sum to 1 (section 5); subtract the largest logit first, "
    "as section 5 does, so that logits like 1000 do not overflow. Write it with np.exp, not with "
    "a library's softmax. The predicted class is the position (counting from 0) of the largest "
    "probability: NumPy has a function that returns the index of a maximum.",
)
def _softmax(p: Parts) -> None:
    from dlcourse.exercises._own import check_own

    check_own(p, "my_softmax", _softmax_helpers(), _softmax_function)
    exps = np.exp(LOGITS_EX)
    probs = exps / exps.sum()
    p.close("probs_ex", probs, rtol=1e-6, mistakes=_softmax_mistakes(LOGITS_EX))
    got = p["predicted_ex"]
    is_int = isinstance(got, (int, np.integer)) and not isinstance(got, (bool, np.bool_))
    p.require(is_int, "predicted_ex",
              f"is {kind(got)}: give the index of the class as an int (int(...) converts)")
    best = int(np.argmax(probs))
    p.equal("predicted_ex", best, mistakes={
        "counts from 1: Python indices (and classes) start at 0": best + 1,
        "is the index of the smallest probability, not the largest": int(np.argmin(probs)),
    }, what="is not the index of the largest probability")


def _softmax_mistakes(z: np.ndarray, are: str = "are") -> dict[str, np.ndarray]:
    """Known mistakes on logits `z`; `are` is the verb ("returns" for the function)."""
    exps = np.exp(z - z.max())
    return {
        f"{are} the exponentials, not yet divided by their sum (they do not sum to 1)": np.exp(z),
        f"{are} the logits themselves: exponentiate them, then normalise": z,
        f"{are} the sigmoids of the logits: softmax divides by the sum of all exponentials":
            _sigmoid(z),
        "divides the logits by their sum: exponentiate them first": z / z.sum(),
        "divides by the largest exponential: divide by their sum": exps / exps.max(),
    }


def _softmax_function(p: Parts) -> None:
    """my_softmax on the exercise's logits, then on fresh ones (helpers switched off)."""
    for z in [LOGITS_EX, *_fresh_logits()]:
        given = z.copy()
        got = p.call("my_softmax", p["my_softmax"], given)
        p.require(np.array_equal(given, z), "my_softmax",
                  "changes the logits it is given: compute into a new array instead")
        have = np.asarray(got, dtype=float) if np.ndim(got) else None
        if z.max() > 700 and have is not None and have.shape == z.shape and not np.isfinite(
                have).all():
            p.fail("my_softmax", f"gives NaN or infinity for logits as large as {z.max():.0f}: "
                   "exp overflows; subtract the largest logit first (section 5)")
        p.require(np.shape(got) == z.shape, "my_softmax", f"returns shape {np.shape(got)} for "
                  f"{len(z)} logits: one probability per logit")
        mistakes = _softmax_mistakes(z, "returns") if z.max() < 700 else None
        p.close("my_softmax", np.exp(z - z.max()) / np.exp(z - z.max()).sum(), value=got,
                rtol=1e-6, mistakes=mistakes)


def _layer_mistakes(X: np.ndarray, W: np.ndarray, b: np.ndarray) -> dict[str, np.ndarray]:
    z = X @ W + b
    return {
        "has negative values: apply the ReLU to the weighted sums": z,
        "leaves out the bias": np.maximum(0.0, X @ W),
        "adds the bias after the ReLU: add it to the weighted sums, then apply the ReLU":
            np.maximum(0.0, X @ W) + b,
        "uses the sigmoid: this layer's neurons are ReLU neurons": _sigmoid(z),
        "subtracts the bias instead of adding it": np.maximum(0.0, X @ W - b),
        "keeps a part of the negative values (a leaky ReLU): ReLU sets them to 0":
            np.where(z > 0, z, 0.1 * z),
    }


def _layer_helpers() -> dict[str, object]:
    """The package's ready-made layers the notebook shows: dense_forward, and maxout (whose
    second piece set to 0 is a ReLU layer, as section 3 shows)."""
    from dlcourse import scratch

    return {"dlcourse.scratch.dense_forward": scratch.dense_forward,
            "dlcourse.scratch.maxout": scratch.maxout}


@exercise(
    "02.3",
    names=("relu_layer", "H"),
    nudge="One matrix product of the batch with the weights, plus the bias, then the ReLU.",
    hint="Each row of the batch times the weight matrix gives that sample's weighted sums, so the "
    "product has one row per sample and one column per neuron; add the bias of each neuron to its "
    "column, then apply ReLU elementwise (NumPy's elementwise maximum with 0). relu_layer does "
    "that for any X, W and b (scratch.dense_forward is switched off); H is its value for the "
    "batch.",
)
def _layer(p: Parts) -> None:
    from dlcourse.exercises._own import check_own

    check_own(p, "relu_layer", _layer_helpers(), _layer_function)
    p.close("H", np.maximum(0.0, X_BATCH @ W_LAYER + B_LAYER),
            mistakes=_layer_mistakes(X_BATCH, W_LAYER, B_LAYER))


def _layer_function(p: Parts) -> None:
    """relu_layer on the exercise's batch, then on fresh layers (the helpers switched off)."""
    rng = np.random.default_rng(23)
    layers = [(X_BATCH, W_LAYER, B_LAYER)] + [
        (rng.normal(size=(n, i)), rng.normal(size=(i, u)), rng.normal(size=u))
        for n, i, u in ((4, 3, 2), (6, 2, 5), (1, 4, 4))]
    for X, W, b in layers:
        got = p.call("relu_layer", p["relu_layer"], X, W, b)
        want = np.maximum(0.0, X @ W + b)
        p.require(np.shape(got) == want.shape, "relu_layer",
                  f"returns shape {np.shape(got)} for X {X.shape} and W {W.shape}: one row per "
                  "sample, one column per neuron")
        p.close("relu_layer", want, value=got, rtol=1e-6, mistakes={
            f"returns {k.removeprefix('has ')}" if k.startswith("has ") else k: v
            for k, v in _layer_mistakes(X, W, b).items()})
