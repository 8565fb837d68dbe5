"""Exercise checks of notebook 04 (hidden layers and the forward pass).

The data of each exercise is the notebook's (its exercise cells define the same arrays); the
references are computed here, never in the notebook.
"""

from __future__ import annotations

import numpy as np

from dlcourse.exercises._core import Parts, exercise
from dlcourse.scratch import sigmoid as _sigmoid

# Exercise 04.1: a 2-4-1 network and three samples (the exercise cell shows the same arrays).
X_EX = np.array([[0.5, -1.0], [2.0, 0.0], [-1.0, 1.5]])
W1_EX = np.array([[1.0, -0.5, 0.3, 2.0], [0.5, 1.5, -1.0, 0.0]])
B1_EX = np.array([0.1, -0.2, 0.0, 0.5])
W2_EX = np.array([[1.0], [-2.0], [0.5], [1.5]])
B2_EX = np.array([-0.3])

# Exercise 04.2: ln(p / (1 - p)) = beta0 + beta1 x1 + beta2 x2; and the worked example's model.
BETAS_EX = (-1.4, 2.1, -0.8)
BETAS_WORKED = (1.0, 2.0, 0.5)

# Exercise 04.3: deck T's MNIST network.
SIZES_784 = (784, 100, 50, 10)


def _forward_helpers(function: object) -> dict[str, object]:
    """The ready-made forward passes and layers: the package's and the notebook's own."""
    from dlcourse import scratch
    from dlcourse.exercises._own import notebook_functions

    helpers = {"dlcourse.scratch.predict_hidden": scratch.predict_hidden,
               "dlcourse.scratch.predict_no_hidden": scratch.predict_no_hidden,
               "dlcourse.scratch.dense_forward": scratch.dense_forward}
    for name, helper in notebook_functions(function, ("predict_hidden",
                                                      "predict_no_hidden")).items():
        helpers[f"{name} (the notebook's function of section 2)"] = helper
    return helpers


def _fresh_networks() -> list[tuple[np.ndarray, ...]]:
    """(X, W1, b1, W2, b2) the learner has not seen: other sizes, several output neurons."""
    rng = np.random.default_rng(41)
    shapes = ((5, 3, 2, 1), (2, 2, 6, 3), (4, 1, 3, 2))  # samples, inputs, hidden, outputs
    return [(rng.normal(size=(n, i)), rng.normal(size=(i, h)), rng.normal(size=h),
             rng.normal(size=(h, o)), rng.normal(size=o)) for n, i, h, o in shapes]


@exercise(
    "04.1",
    names=("forward_pass", "hidden_ex", "p_ex"),
    nudge="One layer at a time: matrix product, bias, sigmoid; twice.",
    hint="Each layer makes the same three moves: multiply its input by its weight matrix, add its "
    "bias, apply the sigmoid. The hidden layer's input is X; the output layer's input is the "
    "hidden layer, not X. Return both, hidden first. Shapes: one row per sample, one column per "
    "neuron. Write the two layers out: predict_hidden would hide the hidden layer.",
)
def _forward(p: Parts) -> None:
    from dlcourse.exercises._own import check_own

    check_own(p, "forward_pass", _forward_helpers(p["forward_pass"]), _forward_function)
    z1 = X_EX @ W1_EX + B1_EX
    hidden = _sigmoid(z1)
    for name, value, axes in (("hidden_ex", p["hidden_ex"], "one column per hidden neuron"),
                              ("p_ex", p["p_ex"], "one column for the output neuron")):
        shape = np.shape(value)
        p.require(len(shape) == 2 and shape[0] == len(X_EX), name,
                  f"has shape {shape}: it needs one row per sample of X_ex and {axes} "
                  "(keep the matrix products; do not flatten)")
    p.close("hidden_ex", hidden, rtol=1e-6, mistakes=_layer_mistakes(X_EX, W1_EX, B1_EX))
    p.close("p_ex", _sigmoid(hidden @ W2_EX + B2_EX), rtol=1e-6,
            mistakes=_output_mistakes(X_EX, W1_EX, B1_EX, W2_EX, B2_EX))


def _layer_mistakes(X: np.ndarray, W1: np.ndarray, b1: np.ndarray) -> dict[str, np.ndarray]:
    return {"is the weighted sum before the activation: apply the sigmoid": X @ W1 + b1,
            "has no bias: add the hidden layer's bias": _sigmoid(X @ W1)}


def _output_mistakes(X: np.ndarray, W1: np.ndarray, b1: np.ndarray, W2: np.ndarray,
                     b2: np.ndarray) -> dict[str, np.ndarray]:
    hidden = _sigmoid(X @ W1 + b1)
    return {"is the output layer's weighted sum: apply the sigmoid to it too": hidden @ W2 + b2,
            "has no bias in the output layer: add the output layer's bias":
                _sigmoid(hidden @ W2),
            "is computed from the hidden layer's weighted sums, before their sigmoid":
                _sigmoid((X @ W1 + b1) @ W2 + b2)}


def _forward_function(p: Parts) -> None:
    """forward_pass on the exercise's network, then on fresh ones (helpers switched off)."""
    for X, W1, b1, W2, b2 in [(X_EX, W1_EX, B1_EX, W2_EX, B2_EX), *_fresh_networks()]:
        got = p.call("forward_pass", p["forward_pass"], X, W1, b1, W2, b2)
        p.require(isinstance(got, (tuple, list)) and len(got) == 2, "forward_pass",
                  "does not return two arrays: return the hidden layer and the output, "
                  "in that order (return hidden, p)")
        hidden = _sigmoid(X @ W1 + b1)
        output = _sigmoid(hidden @ W2 + b2)
        p.require(np.shape(got[0]) != output.shape or np.shape(got[1]) != hidden.shape
                  or hidden.shape == output.shape, "forward_pass",
                  "returns the output first: return the hidden layer, then the output")
        for part, value, want in (("a hidden layer", got[0], hidden),
                                  ("an output", got[1], output)):
            p.require(np.shape(value) == want.shape, "forward_pass",
                      f"returns {part} of shape {np.shape(value)} for X of shape {X.shape}, "
                      f"W1 {W1.shape} and W2 {W2.shape}: one row per sample, one column per "
                      "neuron of the layer")
        p.close("forward_pass", hidden, value=got[0], rtol=1e-6,
                mistakes={f"returns a hidden layer that {k}": v
                          for k, v in _layer_mistakes(X, W1, b1).items()})
        p.close("forward_pass", output, value=got[1], rtol=1e-6,
                mistakes={f"returns an output that {k}": v
                          for k, v in _output_mistakes(X, W1, b1, W2, b2).items()})


def _boundary(beta0: float, beta1: float, beta2: float) -> tuple[float, float]:
    """Intercept and slope of the line where the log-odds are 0, from two points on it."""
    x2_at = [-(beta0 + beta1 * x1) / beta2 for x1 in (0.0, 1.0)]
    return x2_at[0], x2_at[1] - x2_at[0]


@exercise(
    "04.2",
    names=("intercept_ex", "slope_ex"),
    nudge="On the boundary p = 0.5, so the log-odds are 0; solve that for x2.",
    hint="Write the log-odds of this model, set them to 0 (p = 0.5), and bring everything but the "
    "x2 term to the other side; then divide by the coefficient of x2. The intercept is what is "
    "left at x1 = 0, the slope is the number in front of x1. Mind the signs: beta2 is negative.",
)
def _boundary_check(p: Parts) -> None:
    intercept, slope = _boundary(*BETAS_EX)
    worked = _boundary(*BETAS_WORKED)
    b0, b1, b2 = BETAS_EX
    solved_for_x1 = (-b0 / b1, -b2 / b1)  # x1 as a function of x2
    p.close("intercept_ex", intercept, rtol=1e-6, mistakes={
        "is the slope: the intercept is the x2 of the line at x1 = 0": slope,
        "has the wrong sign: solve beta0 + beta1 x1 + beta2 x2 = 0 for x2": -intercept,
        "divides by beta1 and beta2 the wrong way round (beta2 / beta0)": -b2 / b0,
        "is the worked example's intercept: use beta0_ex, beta1_ex, beta2_ex": worked[0],
        "divides by beta1_ex: that solves for x1, the boundary asks for x2": solved_for_x1[0],
    })
    p.close("slope_ex", slope, rtol=1e-6, mistakes={
        "is the intercept: the slope is the number in front of x1": intercept,
        "has the wrong sign: moving beta1 x1 to the other side changes its sign": -slope,
        "is beta2 / beta1, upside down: divide by the coefficient of x2": b2 / b1,
        "is the worked example's slope: use beta0_ex, beta1_ex, beta2_ex": worked[1],
        "divides beta2_ex by beta1_ex: that solves for x1, the boundary asks for x2":
            solved_for_x1[1],
    })


@exercise(
    "04.3",
    names=("n_params_784",),
    nudge="Count every layer that computes something: weights and biases.",
    hint="Go layer by layer as in the count of deck Z's net above: a layer with n_in inputs and "
    "n_out neurons has one weight per pair (input, neuron) and one bias per neuron. The 784 input "
    "units compute nothing, so they have no biases. Add the three layers.",
)
def _params(p: Parts) -> None:
    pairs = list(zip(SIZES_784[:-1], SIZES_784[1:], strict=True))
    weights = sum(n_in * n_out for n_in, n_out in pairs)
    biases = sum(SIZES_784[1:])
    p.require(isinstance(p["n_params_784"], (int, float, np.number))
              and not isinstance(p["n_params_784"], bool), "n_params_784",
              "is not a number: give the count as an integer")
    p.equal("n_params_784", weights + biases, mistakes={
        "counts the weights but not the biases": weights,
        "counts the biases but not the weights": biases,
        "gives the input units biases too: they compute nothing": weights + biases + SIZES_784[0],
        "leaves out the output layer": weights + biases - pairs[-1][0] * pairs[-1][1]
        - SIZES_784[-1],
        "is the count of deck Z's 3-4-4-2 net above, not of this network": 46,
        "counts one bias per layer: every neuron has its own": weights + len(pairs),
        "counts the first layer only: add the other two": pairs[0][0] * pairs[0][1]
        + SIZES_784[1],
    }, what="is not the number of parameters yet")
