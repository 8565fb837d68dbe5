"""Notebook 13: reference solutions and wrong answers."""

import numpy as np

from dlcourse.exercises.nb13 import IMAGE, KERNEL


def feature_value(image, kernel, i, j):
    kh, kw = kernel.shape
    return np.sum(image[i:i + kh, j:j + kw] * kernel)


def conv(function=feature_value, centre_value=4):
    return {"feature_value": function, "centre_value": centre_value}


def conv2d_loop(image, kernel):  # the notebook's loop of section 1
    kh, kw = kernel.shape
    out = np.zeros((image.shape[0] - kh + 1, image.shape[1] - kw + 1))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = np.sum(image[i:i + kh, j:j + kw] * kernel)
    return out


def _calls_loop(image, kernel, i, j):
    return conv2d_loop(image, kernel)[i, j]


def _calls_scratch(image, kernel, i, j):
    from dlcourse import scratch

    return scratch.conv2d(image, kernel)[i, j]


def _calls_scipy(image, kernel, i, j):
    from scipy import signal

    return signal.correlate2d(image, kernel, mode="valid")[i, j]


def _calls_ndimage(image, kernel, i, j):  # a 'same' map: shifted by half the kernel
    from scipy import ndimage

    return ndimage.correlate(image.astype(float), kernel.astype(float), mode="constant")[
        i + kernel.shape[0] // 2, j + kernel.shape[1] // 2]


def _three_by_three(image, kernel, i, j):  # deck N's 3x3 kernel size written in
    return np.sum(image[i:i + 3, j:j + 3] * kernel)


def _swapped(image, kernel, i, j):
    kh, kw = kernel.shape
    return np.sum(image[j:j + kh, i:i + kw] * kernel)


def _short(image, kernel, i, j):
    kh, kw = kernel.shape
    return np.sum(image[i:i + kh - 1, j:j + kw - 1] * kernel[:-1, :-1])


def _map_of_the_notebook(image, kernel, i, j):  # the printed feature map, whatever the image
    return np.array([[4, 3, 4], [2, 4, 3], [2, 3, 4]])[i % 3, j % 3]


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
        "right": lambda: conv(),
        "wrong": {
            "stub": lambda: {"feature_value": ..., "centre_value": ...},
            "stub function": lambda: conv(lambda image, kernel, i, j: ...),
            "calls the notebook's conv2d_loop": lambda: conv(_calls_loop),
            "calls scratch.conv2d": lambda: conv(_calls_scratch),
            "calls scipy.signal.correlate2d": lambda: conv(_calls_scipy),
            "calls scipy.ndimage.correlate": lambda: conv(_calls_ndimage),
            "the printed feature map": lambda: conv(_map_of_the_notebook),
            "a 3x3 window whatever the kernel": lambda: conv(_three_by_three),
            "the window's sum": lambda: conv(
                lambda image, kernel, i, j: np.sum(image[i:i + kernel.shape[0],
                                                         j:j + kernel.shape[1]])),
            "the kernel's sum as the centre value": lambda: conv(centre_value=int(KERNEL.sum())),
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
        "rows and columns swapped": (lambda: {"feature_value": _swapped}, "i counts rows"),
        "window one pixel short": (lambda: {"feature_value": _short}, "one pixel too small"),
        "matrix product summed": (lambda: {"feature_value": lambda image, kernel, i, j: np.sum(
            image[i:i + 3, j:j + 3] @ kernel)}, "matrix product"),
        "the kernel summed": (lambda: {"centre_value": int(KERNEL.sum())}, "adds up the kernel"),
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
