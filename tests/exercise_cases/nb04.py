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


def forward(hidden_ex, p_ex):
    return {"hidden_ex": hidden_ex, "p_ex": p_ex}


H = sigmoid(X_ex @ W1_ex + b1_ex)


def boundary(intercept_ex, slope_ex):
    return {"intercept_ex": intercept_ex, "slope_ex": slope_ex}


beta0_ex, beta1_ex, beta2_ex = -1.4, 2.1, -0.8

CASES = {
    "04.1": {
        "right": lambda: forward(H, sigmoid(H @ W2_ex + b2_ex)),
        "wrong": {
            "stub": lambda: forward(..., ...),
            "half done": lambda: forward(H, ...),
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
