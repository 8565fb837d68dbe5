"""Notebook 13: reference solutions and wrong answers."""

import numpy as np

from dlcourse.exercises.nb13 import IMAGE, KERNEL


def _window(r, c):
    window = IMAGE[r:r + 3, c:c + 3]
    return {"centre_window": window, "centre_products": window * KERNEL,
            "centre_value": int(np.sum(window * KERNEL))}


def _size(n, k, stride=1, padding=0):
    return (n + 2 * padding - k) // stride + 1


def _stub(n, k, stride=1, padding=0):
    return ...


def _no_padding(n, k, stride=1, padding=0):  # formula_size of the notebook, copied
    return (n - k) // stride + 1


def _one_side(n, k, stride=1, padding=0):
    return (n + padding - k) // stride + 1


def _no_plus_one(n, k, stride=1, padding=0):
    return (n + 2 * padding - k) // stride


def _true_division(n, k, stride=1, padding=0):
    return (n + 2 * padding - k) / stride + 1


def _same(n, k, stride=1, padding=0):
    return -(-n // stride)


CASES = {
    "13.1": {
        "right": lambda: _window(1, 1),
        "wrong": {
            "stub": lambda: {"centre_window": ..., "centre_products": ..., "centre_value": ...},
            # the other windows whose sum is also 4 (deck N's map has 4 at four places)
            "top-left window, also 4": lambda: _window(0, 0),
            "top-right window, also 4": lambda: _window(0, 2),
            "bottom-right window, also 4": lambda: _window(2, 2),
            "off by one slice": lambda: {"centre_window": IMAGE[1:3, 1:3],
                                         "centre_products": IMAGE[1:3, 1:3], "centre_value": 4},
            "kernel copied as the window": lambda: {"centre_window": KERNEL,
                                                    "centre_products": KERNEL * KERNEL,
                                                    "centre_value": 4},
            "matrix product": lambda: {"centre_window": IMAGE[1:4, 1:4],
                                       "centre_products": IMAGE[1:4, 1:4] @ KERNEL,
                                       "centre_value": 4},
            "sum of the window": lambda: {**_window(1, 1),
                                          "centre_value": int(IMAGE[1:4, 1:4].sum())},
        },
    },
    "13.2": {
        "right": lambda: {"conv_output_size": _size},
        "wrong": {
            "stub": lambda: {"conv_output_size": ...},
            "stub function": lambda: {"conv_output_size": _stub},
            "padding ignored (formula_size copied)": lambda: {"conv_output_size": _no_padding},
            "padding on one side": lambda: {"conv_output_size": _one_side},
            "no + 1": lambda: {"conv_output_size": _no_plus_one},
            "true division": lambda: {"conv_output_size": _true_division},
            "same padding formula": lambda: {"conv_output_size": _same},
        },
    },
    "13.3": {
        "right": lambda: {"weights_per_filter": 27, "rgb_conv_params": 896},
        "wrong": {
            "stub": lambda: {"weights_per_filter": ..., "rgb_conv_params": ...},
            "channels left out": lambda: {"weights_per_filter": 9, "rgb_conv_params": 320},
            "no biases": lambda: {"weights_per_filter": 27, "rgb_conv_params": 864},
            "one bias for the layer": lambda: {"weights_per_filter": 27, "rgb_conv_params": 865},
            "deck W's 520 copied": lambda: {"weights_per_filter": 27, "rgb_conv_params": 520},
            "bias in the filter count": lambda: {"weights_per_filter": 28, "rgb_conv_params": 896},
        },
    },
}

# Issue 20: further mistakes, each with the words its diagnosis must contain.
CENTRE = IMAGE[1:4, 1:4]
DIAGNOSED = {
    "13.1": {
        "window transposed": (lambda: {**_window(1, 1), "centre_window": CENTRE.T},
                              "transposed"),
        "matrix product summed": (lambda: {**_window(1, 1),
                                           "centre_value": int((CENTRE @ KERNEL).sum())},
                                  "matrix product"),
        "the kernel summed": (lambda: {**_window(1, 1), "centre_value": int(KERNEL.sum())},
                              "adds up the kernel"),
    },
    "13.2": {
        "rounds up": (lambda: {"conv_output_size": lambda n, k, stride=1, padding=0:
                               -(-(n + 2 * padding - k) // stride) + 1}, "rounds up"),
        "stride ignored": (lambda: {"conv_output_size": lambda n, k, stride=1, padding=0:
                                    n + 2 * padding - k + 1}, "ignores the stride"),
        "padding subtracted": (lambda: {
            "conv_output_size": lambda n, k, stride=1, padding=0:
            (n - 2 * padding - k) // stride + 1}, "subtracts the padding"),
    },
    "13.3": {
        "weights of all the filters": (lambda: {"weights_per_filter": 27 * 32,
                                                "rgb_conv_params": 896}, "all the filters"),
        "one filter's count as the layer's": (lambda: {"weights_per_filter": 27,
                                                       "rgb_conv_params": 28}, "one filter's"),
        "a bias per input channel": (lambda: {"weights_per_filter": 27,
                                              "rgb_conv_params": (27 + 3) * 32},
                                     "per input channel"),
    },
}
