"""Exercise checks of notebook 13 (convolution and pooling)."""

from __future__ import annotations

import functools

import numpy as np

from dlcourse.exercises._core import Parts, exercise, kind

# Deck N's 5x5 binary image and 3x3 kernel (the notebook's `image` and `kernel`).
IMAGE = np.array([
    [1, 1, 1, 0, 0],
    [0, 1, 1, 1, 0],
    [0, 0, 1, 1, 1],
    [0, 0, 1, 1, 0],
    [0, 1, 1, 0, 0],
])
KERNEL = np.array([[1, 0, 1], [0, 1, 0], [1, 0, 1]])
_POSITIONS = {(0, 0): "top-left", (0, 1): "top", (0, 2): "top-right", (1, 0): "left",
              (1, 2): "right", (2, 0): "bottom-left", (2, 1): "bottom", (2, 2): "bottom-right"}


@exercise(
    "13.1",
    names=("centre_window", "centre_products", "centre_value"),
    nudge="Rows 1-3 and columns 1-3 of the image; a slice stops before its end index.",
    hint="The centre window starts at row 1 and column 1 and is 3 pixels high and wide; a slice "
    "a:b keeps a up to b - 1. Then multiply element by element (not a matrix product) and add "
    "up all nine products.",
)
def _centre(p: Parts) -> None:
    window = IMAGE[1:4, 1:4]
    others = {f"is the {where} window, not the centre one": IMAGE[r:r + 3, c:c + 3]
              for (r, c), where in _POSITIONS.items()}
    p.equal("centre_window", window, mistakes={
        **others,
        "is transposed": window.T,
        "is the kernel, not a window of the image": KERNEL,
    }, what="is not the centre 3x3 window of `image`")
    products = window * KERNEL
    p.equal("centre_products", products, mistakes={
        "is a matrix product (@ or np.dot): multiply element by element": window @ KERNEL,
        "is the window itself: multiply it by the kernel": window,
    }, what="is not the element-by-element product of the centre window and the kernel")
    p.close("centre_value", products.sum(), mistakes={
        "adds up the window, not the products": window.sum(),
        "adds up the kernel, not the products": KERNEL.sum(),
        "adds up a matrix product": (window @ KERNEL).sum(),
    })


# (n, k, stride, padding): valid and padded, stride 1 and larger, sizes that do not divide evenly
_SIZES = ((28, 5, 1, 0), (32, 5, 1, 0), (28, 5, 5, 0), (28, 3, 1, 1), (28, 3, 2, 1),
          (224, 7, 2, 3), (9, 3, 2, 0), (13, 4, 3, 2))


@functools.cache
def _keras_size(n: int, k: int, stride: int, padding: int) -> int:
    """Keras' own answer: ZeroPadding2D(padding) followed by a valid Conv2D."""
    import keras

    model = keras.Sequential([keras.Input((n, n, 1)), keras.layers.ZeroPadding2D(padding),
                              keras.layers.Conv2D(1, k, strides=stride)])
    return int(model.output_shape[1])


@exercise(
    "13.2",
    names=("conv_output_size",),
    nudge="Re-read the output-size formula of section 4.",
    hint="Padding puts zeros on both sides of the input; after that it is a valid convolution: "
    "count how many times the kernel can move by a whole stride and still fit (integer "
    "division), then add the position it started at.",
)
def _sizes(p: Parts) -> None:
    f = p["conv_output_size"]
    for n, k, s, pad in _SIZES:
        got = p.call("conv_output_size", f, n, k, s, pad)
        p.require(isinstance(got, (int, np.integer)) and not isinstance(got, bool),
                  "conv_output_size", f"returns {kind(got)}: a side is a whole number (use //)")
        p.equal("conv_output_size", _keras_size(n, k, s, pad), value=int(got), mistakes={
            "ignores the padding": (n - k) // s + 1,
            "adds the padding on one side only": (n + pad - k) // s + 1,
            "forgets to count the first position (the + 1)": (n + 2 * pad - k) // s,
            "rounds up instead of down": -(-(n + 2 * pad - k) // s) + 1,
            "ignores the stride": n + 2 * pad - k + 1,
            "subtracts the padding: padding adds rows and columns": (n - 2 * pad - k) // s + 1,
        }, what=f"gives the wrong side for n={n}, k={k}, stride={s}, padding={pad}")


@exercise(
    "13.3",
    names=("weights_per_filter", "rgb_conv_params"),
    nudge="A filter spans every channel of its window; every filter has its own bias.",
    hint="One filter has a weight for every pixel position of its window in every colour channel "
    "of the input (an RGB image has three). Each filter of the layer has that many weights "
    "and a bias of its own.",
)
def _rgb(p: Parts) -> None:
    kernel_shape, count = _rgb_layer()  # (3, 3, 3, 32) and Keras' count
    per_filter = int(np.prod(kernel_shape[:3]))
    filters = kernel_shape[3]
    p.equal("weights_per_filter", per_filter, mistakes={
        "leaves out the input channels": int(np.prod(kernel_shape[:2])),
        "includes the bias: count the weights only": per_filter + 1,
        "counts the weights of all the filters, not of one": per_filter * filters,
    })
    p.equal("rgb_conv_params", count, mistakes={
        "leaves out the biases": per_filter * filters,
        "counts one bias for the whole layer instead of one per filter": per_filter * filters + 1,
        "leaves out the input channels": (int(np.prod(kernel_shape[:2])) + 1) * filters,
        "is one filter's count, not the layer's": per_filter + 1,
        "adds one bias per input channel: each filter has one bias": (per_filter + 3) * filters,
        "is deck W's layer (20 filters of 5x5 on a grey image), not this one": 20 * (5 * 5 + 1),
    })


@functools.cache
def _rgb_layer() -> tuple[tuple[int, ...], int]:
    """Conv2D(32, (3, 3)) on 32x32 RGB images, built once: its kernel shape and Keras' count."""
    import keras

    layer = keras.Sequential([keras.Input((32, 32, 3)), keras.layers.Conv2D(32, (3, 3))])
    return tuple(layer.layers[0].kernel.shape), layer.count_params()
