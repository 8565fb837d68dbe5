"""Notebook 12: reference solutions and wrong answers."""

import numpy as np


def _recommend(exploded):
    return max(lr for lr, bad in exploded.items() if not bad) / 2


def _first_safe(exploded):  # relies on the dict listing the rates from large to small
    return next(lr for lr, bad in exploded.items() if not bad) / 2


def _inverted(exploded):
    return max(lr for lr, bad in exploded.items() if bad) / 2


def _not_halved(exploded):
    return max(lr for lr, bad in exploded.items() if not bad)


def _smallest(exploded):
    return min(lr for lr, bad in exploded.items() if not bad) / 2


def _fixed(exploded):  # the notebook's answer typed in
    return 0.5


def _scale(images):
    return images.astype("float32") / 255


def _float64(images):
    return images / 255


def _by_256(images):
    return images.astype("float32") / 256


def _by_max(images):
    return images.astype("float32") / images.max()


def _floor(images):
    return images // 255


def _in_place(images):
    images[...] = images // 255
    return images.astype("float32")


def _x_val_copy(images):  # a copy of the notebook's already scaled validation set
    return np.zeros((500, 784), dtype="float32")


WEIGHTS = 784 * 128 + 128 * 64 + 64 * 32 + 32 * 10
CASES = {
    "12.1": {
        "right": lambda: {"recommend_lr": _recommend},
        "wrong": {
            "stub": lambda: {"recommend_lr": ...},
            "stub function": lambda: {"recommend_lr": lambda exploded: ...},
            "not halved": lambda: {"recommend_lr": _not_halved},
            "first safe rate in the dict's order": lambda: {"recommend_lr": _first_safe},
            "exploded and safe swapped": lambda: {"recommend_lr": _inverted},
            "the sweep's answer typed in": lambda: {"recommend_lr": _fixed},
            "smallest safe rate": lambda: {"recommend_lr": _smallest},
        },
    },
    "12.2": {
        "right": lambda: {"scale_pixels": _scale},
        "wrong": {
            "stub": lambda: {"scale_pixels": ...},
            "stub function": lambda: {"scale_pixels": lambda images: ...},
            "float64": lambda: {"scale_pixels": _float64},
            "divided by 256": lambda: {"scale_pixels": _by_256},
            "divided by the batch's maximum": lambda: {"scale_pixels": _by_max},
            "integer division": lambda: {"scale_pixels": _floor},
            "modifies its input": lambda: {"scale_pixels": _in_place},
            "copy of x_val": lambda: {"scale_pixels": _x_val_copy},
            "unscaled": lambda: {"scale_pixels": lambda images: images.astype("float32")},
        },
    },
    "12.3": {
        "right": lambda: {"n_params": WEIGHTS + 128 + 64 + 32 + 10},
        "wrong": {
            "stub": lambda: {"n_params": ...},
            "no biases": lambda: {"n_params": WEIGHTS},
            "output layer left out": lambda: {"n_params": 785 * 128 + 129 * 64 + 65 * 32},
            "the funnel's count in view": lambda: {"n_params": 242_762},
            "one bias per layer": lambda: {"n_params": WEIGHTS + 4},
            "a string": lambda: {"n_params": "111146"},
        },
    },
}

# Issue 20: further mistakes, each with the words its diagnosis must contain.
DIAGNOSED = {
    "12.1": {
        "ignores which runs exploded": (lambda: {"recommend_lr": lambda d: max(d) / 2},
                                        "exploded"),
        "divided by 10": (lambda: {"recommend_lr": lambda d: max(
            lr for lr, bad in d.items() if not bad) / 10}, "divides by 10"),
        "returns nothing": (lambda: {"recommend_lr": lambda d: None},
                            "return statement is missing"),
    },
    "12.2": {
        "float16": (lambda: {"scale_pixels": lambda im: im.astype("float16") / 255},
                    "dtype float16"),
        "scaled to [-1, 1]": (lambda: {"scale_pixels": lambda im: (im.astype("float32") / 127.5
                                                                   - 1).astype("float32")},
                              "[-1, 1]"),
        "inverted": (lambda: {"scale_pixels": lambda im: (1 - im.astype("float32") / 255)},
                     "inverted"),
        "flattened": (lambda: {"scale_pixels": lambda im: im.astype("float32").ravel() / 255},
                      "keep the shape"),
    },
    "12.3": {
        "biases of the inputs instead of the units": (lambda: {"n_params": WEIGHTS + 784 + 128
                                                               + 64 + 32}, "biases of the inputs"),
        "the funnel of section 6": (lambda: {"n_params": 784 * 256 + 256 + 256 * 128 + 128
                                             + 128 * 64 + 64 + 64 * 10 + 10}, "section 6"),
        "biases counted twice": (lambda: {"n_params": WEIGHTS + 2 * (128 + 64 + 32 + 10)},
                                 "biases twice"),
    },
}
