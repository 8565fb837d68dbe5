"""Convolution and pooling by hand (decks N and W), as deep-learning frameworks compute them.

Use them through `dlcourse.scratch`. Plain loops over the output positions, so each step can be
read next to the slides; the tests check them against `keras.layers.Conv2D` and the pooling layers.
"""

from __future__ import annotations

import numpy as np

from dlcourse import _validate
from dlcourse._validate import as_float_array as _as_float


def _check_2d(x, name: str) -> np.ndarray:
    x = _as_float(x, name)
    if x.ndim != 2:
        hint = " Pass one channel, e.g. image[..., 0]." if x.ndim == 3 else ""
        raise ValueError(
            f"`{name}` must be a 2-D array (height, width).{hint} Received: {name}.shape={x.shape}"
        )
    return x


def conv2d(image, kernel, *, padding: str = "valid", stride: int = 1) -> np.ndarray:
    """2-D convolution as deep-learning frameworks compute it (cross-correlation, no kernel flip).

    Each output value is sum(window * kernel) for the window under the kernel. ``"same"`` pads with
    zeros exactly as TensorFlow does (output size ceil(size / stride), the extra row/column of
    padding at the bottom/right), so the result equals `keras.layers.Conv2D` with these weights.

    Args:
        image: 2-D array (height, width).
        kernel: 2-D array (kh, kw).
        padding: "valid" (no padding) or "same". Defaults to "valid".
        stride: Step between windows, an integer >= 1. Defaults to 1.

    Returns:
        float64 feature map: ((h - kh) // stride + 1, (w - kw) // stride + 1) for "valid",
        (ceil(h / stride), ceil(w / stride)) for "same".

    Raises:
        ValueError: for wrong ranks, an unknown padding, stride < 1, or (valid padding) a kernel
            larger than the image.

    Example:

    >>> from dlcourse import scratch
    >>> image = [[1, 1, 1, 0, 0], [0, 1, 1, 1, 0], [0, 0, 1, 1, 1],
    ...          [0, 0, 1, 1, 0], [0, 1, 1, 0, 0]]
    >>> kernel = [[1, 0, 1], [0, 1, 0], [1, 0, 1]]
    >>> scratch.conv2d(image, kernel).astype(int).tolist()  # deck N
    [[4, 3, 4], [2, 4, 3], [2, 3, 4]]
    """
    image = _check_2d(image, "image")
    kernel = _check_2d(kernel, "kernel")
    stride = _validate.integer(stride, "stride", minimum=1)
    h, w = image.shape
    kh, kw = kernel.shape
    if padding == "same":
        out_h, out_w = -(-h // stride), -(-w // stride)
        pad_h = max((out_h - 1) * stride + kh - h, 0)
        pad_w = max((out_w - 1) * stride + kw - w, 0)
        image = np.pad(image, ((pad_h // 2, pad_h - pad_h // 2), (pad_w // 2, pad_w - pad_w // 2)))
    elif padding == "valid":
        if kh > h or kw > w:
            raise ValueError(
                f"`kernel` {kernel.shape} is larger than `image` {image.shape}; use a smaller "
                f"kernel or padding='same'. Received: kernel.shape={kernel.shape}"
            )
        out_h, out_w = (h - kh) // stride + 1, (w - kw) // stride + 1
    else:
        _validate.one_of(padding, "padding", ("valid", "same"))
    out = np.zeros((out_h, out_w))
    for r in range(out_h):
        for c in range(out_w):
            window = image[r * stride : r * stride + kh, c * stride : c * stride + kw]
            out[r, c] = np.sum(window * kernel)
    return out


def pool2d(x, *, size: int = 2, stride: int | None = None, mode: str = "max") -> np.ndarray:
    """Max or average pooling of a 2-D array over size x size windows (no padding, like Keras).

    Args:
        x: 2-D array (height, width), e.g. one feature map.
        size: Window side, an integer >= 1. Defaults to 2.
        stride: Step between windows; None means ``size`` (non-overlapping). Defaults to None.
        mode: "max" or "avg". Defaults to "max".

    Returns:
        float64 array of shape ((h - size) // stride + 1, (w - size) // stride + 1).

    Raises:
        ValueError: for a wrong rank, an unknown mode, size/stride < 1, or a window larger than x.

    Example:

    >>> from dlcourse import scratch
    >>> scratch.pool2d([[1, 2, 0, 1], [3, 4, 1, 0], [0, 0, 5, 6], [1, 1, 7, 8]]).tolist()
    [[4.0, 1.0], [1.0, 8.0]]
    """
    x = _check_2d(x, "x")
    size = _validate.integer(size, "size", minimum=1)
    stride = size if stride is None else _validate.integer(stride, "stride", minimum=1)
    reducers = {"max": np.max, "avg": np.mean}
    if mode not in reducers:
        _validate.one_of(mode, "mode", ("max", "avg"))
    h, w = x.shape
    if size > h or size > w:
        raise ValueError(
            f"The pooling window ({size}x{size}) is larger than `x` {x.shape}; use a smaller "
            f"`size`. Received: size={size}"
        )
    out_h, out_w = (h - size) // stride + 1, (w - size) // stride + 1
    out = np.zeros((out_h, out_w))
    for r in range(out_h):
        for c in range(out_w):
            window = x[r * stride : r * stride + size, c * stride : c * stride + size]
            out[r, c] = reducers[mode](window)
    return out
