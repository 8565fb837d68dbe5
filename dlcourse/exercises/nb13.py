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


def _conv_helpers(function: object) -> dict[str, object]:
    """The ready-made convolutions: the package's, SciPy's, Keras' and the notebook's loop."""
    import keras
    from scipy import ndimage, signal

    from dlcourse import scratch
    from dlcourse.exercises._own import notebook_functions

    helpers = {"dlcourse.scratch.conv2d": scratch.conv2d,
               "scipy.signal.correlate2d": signal.correlate2d,
               "scipy.signal.convolve2d": signal.convolve2d,
               "scipy.signal.correlate": signal.correlate, "scipy.signal.convolve": signal.convolve,
               "scipy.signal.fftconvolve": signal.fftconvolve,
               "scipy.signal.oaconvolve": signal.oaconvolve,
               "scipy.ndimage.correlate": ndimage.correlate,
               "scipy.ndimage.convolve": ndimage.convolve, "keras.ops.conv": keras.ops.conv}
    for name, helper in notebook_functions(function, ("conv2d_loop",)).items():
        helpers[f"{name} (the notebook's loop of section 1)"] = helper
    return helpers


def _fresh_cases() -> list[tuple[np.ndarray, np.ndarray, int, int]]:
    """(image, kernel, row, column) the learner has not seen: other sizes, kernels not square."""
    rng = np.random.default_rng(131)
    image = rng.integers(-3, 6, size=(6, 7))
    cases = [(IMAGE, KERNEL, 1, 1), (IMAGE, KERNEL, 0, 2), (IMAGE, KERNEL, 2, 0)]
    for kernel in (rng.integers(-2, 3, size=(3, 3)), rng.integers(-2, 3, size=(2, 4)),
                   rng.normal(size=(4, 2))):
        out_h, out_w = image.shape[0] - kernel.shape[0] + 1, image.shape[1] - kernel.shape[1] + 1
        cases += [(image, kernel, 0, 0), (image, kernel, 1, out_w - 2),
                  (image, kernel, out_h - 1, out_w - 1), (image, kernel, out_h - 2, 1)]
    return cases


def _feature_mistakes(image: np.ndarray, kernel: np.ndarray, i: int, j: int) -> dict[str, float]:
    kh, kw = kernel.shape
    window = image[i:i + kh, j:j + kw]
    found = {"adds up the window, not its products with the kernel": float(window.sum()),
             "adds up the kernel, not its products with the window": float(kernel.sum())}
    if kh == kw:
        found["adds up a matrix product (@ or np.dot): multiply element by element"] = float(
            (window @ kernel).sum())
    swapped = image[j:j + kh, i:i + kw]
    if swapped.shape == kernel.shape:
        found["takes i as the column and j as the row: i counts rows"] = float(
            (swapped * kernel).sum())
    short = image[i:i + kh - 1, j:j + kw - 1]
    found["uses a window one pixel too small: a slice a:b stops before b"] = float(
        (short * kernel[:kh - 1, :kw - 1]).sum())
    return found


@exercise(
    "13.1",
    names=("feature_value", "centre_value"),
    nudge="The window starts at row i, column j and has the kernel's height and width; a slice "
    "stops before its end index.",
    hint="Slice the window of the image that starts at row i and column j and is as high and as "
    "wide as the kernel (read both from kernel.shape; a slice a:b keeps a up to b - 1). Then "
    "multiply it element by element with the kernel (not a matrix product) and add up all the "
    "products. Write it with NumPy: no library convolution, no loop over every position.",
)
def _centre(p: Parts) -> None:
    from dlcourse.exercises._own import check_own

    check_own(p, "feature_value", _conv_helpers(p["feature_value"]), _feature_function)
    window = IMAGE[1:4, 1:4]
    p.close("centre_value", float((window * KERNEL).sum()), mistakes={
        "adds up the window, not the products": window.sum(),
        "adds up the kernel, not the products": KERNEL.sum(),
        "adds up a matrix product": (window @ KERNEL).sum(),
    })


def _feature_function(p: Parts) -> None:
    """feature_value on deck N's image, then on fresh images and kernels (helpers off)."""
    for image, kernel, i, j in _fresh_cases():
        given = (image.copy(), kernel.copy())
        got = p.call("feature_value", p["feature_value"], *given, i, j)
        p.require(np.array_equal(given[0], image) and np.array_equal(given[1], kernel),
                  "feature_value", "changes the image or the kernel it is given")
        kh, kw = kernel.shape
        want = float((image[i:i + kh, j:j + kw] * kernel).sum())
        have = np.asarray(got, dtype=float) if np.ndim(got) == 0 and not isinstance(
            got, (str, bool)) else None
        p.require(have is not None, "feature_value",
                  f"returns {kind(got)}, not one number: add up the products")
        if not np.isclose(have, want, rtol=1e-9, atol=1e-9):
            for diagnosis, wrong in _feature_mistakes(image, kernel, i, j).items():
                p.require(not np.isclose(have, wrong, rtol=1e-9, atol=1e-9), "feature_value",
                          diagnosis)
            p.fail("feature_value", f"gives a wrong value at i={i}, j={j} for an image of "
                   f"shape {image.shape} and a kernel of shape {kernel.shape}")
        p.passed("feature_value")


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
