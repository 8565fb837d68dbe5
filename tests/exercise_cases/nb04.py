"""Notebook 04: reference solutions and wrong answers."""

import numpy as np

X_ex = np.array([[0.5, -1.0], [2.0, 0.0], [-1.0, 1.5]])
W1_ex = np.array([[1.0, -0.5, 0.3, 2.0], [0.5, 1.5, -1.0, 0.0]])
b1_ex = np.array([0.1, -0.2, 0.0, 0.5])
W2_ex = np.array([[1.0], [-2.0], [0.5], [1.5]])
b2_ex = np.array([-0.3])
# the worked example of section 2, in view above the exercise
X = np.array([[1.0, 2.2], [0.0, 0.0], [-2.0, 3.0], [4.0, -1.0]])
W1 = np.array([[2.0, -2.0, 0.5], [1.0, 1.0, -2.0]])
b1 = np.array([0.0, 0.0, 1.0])
W2 = np.array([[3.0], [3.0], [-4.0]])
b2 = np.array([-2.0])


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def forward_pass(X, W1, b1, W2, b2):
    hidden = sigmoid(X @ W1 + b1)
    return hidden, sigmoid(hidden @ W2 + b2)


def forward(hidden_ex, p_ex, function=forward_pass):
    return {"forward_pass": function, "hidden_ex": hidden_ex, "p_ex": p_ex}


def _calls_scratch(X, W1, b1, W2, b2):
    from dlcourse import scratch

    return sigmoid(X @ W1 + b1), scratch.predict_hidden(X, W1, b1, W2, b2)


def predict_hidden(X, W1, b1, W2, b2):  # the notebook's own function of section 2
    hidden = sigmoid(np.matmul(X, W1) + b1)
    return sigmoid(np.matmul(hidden, W2) + b2)


def _calls_notebook_function(X, W1, b1, W2, b2):
    return sigmoid(X @ W1 + b1), predict_hidden(X, W1, b1, W2, b2)


def _no_output_bias(X, W1, b1, W2, b2):
    hidden = sigmoid(X @ W1 + b1)
    return hidden, sigmoid(hidden @ W2)


def _from_sums(X, W1, b1, W2, b2):
    return sigmoid(X @ W1 + b1), sigmoid((X @ W1 + b1) @ W2 + b2)


def _output_first(X, W1, b1, W2, b2):
    hidden, p = forward_pass(X, W1, b1, W2, b2)
    return p, hidden


def _exercise_only(X, W1, b1, W2, b2):  # the exercise's network whatever it is given
    return forward_pass(X_ex, W1_ex, b1_ex, W2_ex, b2_ex)


H = sigmoid(X_ex @ W1_ex + b1_ex)


def boundary(intercept_ex, slope_ex):
    return {"intercept_ex": intercept_ex, "slope_ex": slope_ex}


beta0_ex, beta1_ex, beta2_ex = -1.4, 2.1, -0.8

CASES = {
    "04.1": {
        "right": lambda: forward(H, sigmoid(H @ W2_ex + b2_ex)),
        "wrong": {
            "stub": lambda: forward(..., ..., ...),
            "half done": lambda: forward(H, ...),
            "stub function": lambda: forward(H, P_EX, lambda X, W1, b1, W2, b2: ...),
            "calls scratch.predict_hidden": lambda: forward(H, P_EX, _calls_scratch),
            "calls the notebook's predict_hidden": lambda: forward(
                H, P_EX, _calls_notebook_function),
            "returns only the output (scratch.predict_hidden itself)": lambda: forward(
                H, P_EX, __import__("dlcourse.scratch").scratch.predict_hidden),
            "the exercise's network whatever it is given": lambda: forward(
                H, P_EX, _exercise_only),
            "no sigmoid on the hidden layer (function)": lambda: forward(
                H, P_EX, lambda X, W1, b1, W2, b2: (X @ W1 + b1, sigmoid(
                    (X @ W1 + b1) @ W2 + b2))),
            "no bias in the hidden layer": lambda: forward(
                sigmoid(X_ex @ W1_ex), sigmoid(sigmoid(X_ex @ W1_ex) @ W2_ex + b2_ex)),
            "no sigmoid on the output": lambda: forward(H, H @ W2_ex + b2_ex),
            "hidden layer without activation": lambda: forward(
                X_ex @ W1_ex + b1_ex, sigmoid((X_ex @ W1_ex + b1_ex) @ W2_ex + b2_ex)),
            "output flattened": lambda: forward(H, sigmoid(H @ W2_ex + b2_ex)[:, 0]),
            "the worked example's network copied": lambda: forward(
                sigmoid(X @ W1 + b1), sigmoid(sigmoid(X @ W1 + b1) @ W2 + b2)),
        },
    },
    "04.2": {
        "right": lambda: boundary(-beta0_ex / beta2_ex, -beta1_ex / beta2_ex),
        "wrong": {
            "stub": lambda: boundary(..., ...),
            "minus signs lost": lambda: boundary(beta0_ex / beta2_ex, beta1_ex / beta2_ex),
            "solved for x1": lambda: boundary(-beta0_ex / beta1_ex, -beta2_ex / beta1_ex),
            "the worked example copied": lambda: boundary(-2.0, -4.0),
            "slope inverted": lambda: boundary(-beta0_ex / beta2_ex, -beta2_ex / beta1_ex),
            "intercept and slope swapped": lambda: boundary(-beta1_ex / beta2_ex,
                                                            -beta0_ex / beta2_ex),
        },
    },
    "04.3": {
        "right": lambda: {"n_params_784": (784 * 100 + 100) + (100 * 50 + 50) + (50 * 10 + 10)},
        "wrong": {
            "stub": lambda: {"n_params_784": ...},
            "weights only": lambda: {"n_params_784": 784 * 100 + 100 * 50 + 50 * 10},
            "biases for the inputs too": lambda: {"n_params_784": 84060 + 784},
            "no output layer": lambda: {"n_params_784": (784 * 100 + 100) + (100 * 50 + 50)},
            "deck Z's count copied": lambda: {"n_params_784": 46},
            "a string": lambda: {"n_params_784": "84060"},
        },
    },
}

# Issue 20: further mistakes, each with the words its diagnosis must contain.
P_EX = sigmoid(H @ W2_ex + b2_ex)
INTERCEPT, SLOPE = -beta0_ex / beta2_ex, -beta1_ex / beta2_ex
DIAGNOSED = {
    "04.1": {
        "output from the hidden sums, before their sigmoid": (lambda: forward(
            H, sigmoid((X_ex @ W1_ex + b1_ex) @ W2_ex + b2_ex)), "before their sigmoid"),
        "no bias in the output layer": (lambda: forward(H, sigmoid(H @ W2_ex)),
                                        "no bias in the output layer"),
        "output as a flat vector": (lambda: forward(H, P_EX.ravel()), "do not flatten"),
        "function: no bias in the output layer": (lambda: {"forward_pass": _no_output_bias},
                                                   "no bias in the output layer"),
        "function: output from the hidden sums": (lambda: {"forward_pass": _from_sums},
                                                  "before their sigmoid"),
        "function: output first": (lambda: {"forward_pass": _output_first}, "output first"),
    },
    "04.2": {
        "slope with the wrong sign": (lambda: boundary(INTERCEPT, -SLOPE), "wrong sign"),
        "intercept with the wrong sign": (lambda: boundary(-INTERCEPT, SLOPE), "wrong sign"),
        "beta2 / beta1 as the slope": (lambda: boundary(INTERCEPT, beta2_ex / beta1_ex),
                                       "upside down"),
        "the slope twice": (lambda: boundary(SLOPE, SLOPE), "is the slope"),
    },
    "04.3": {
        "one bias per layer": (lambda: {"n_params_784": 784 * 100 + 100 * 50 + 50 * 10 + 3},
                               "one bias per layer"),
        "the first layer only": (lambda: {"n_params_784": 784 * 100 + 100}, "first layer only"),
        "biases only": (lambda: {"n_params_784": 160}, "biases but not the weights"),
        "a float with a fraction": (lambda: {"n_params_784": 84060.5}, "not the number"),
    },
}
