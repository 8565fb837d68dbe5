"""Argument checks shared by the model builders (`dlcourse.models`, `dlcourse.cnn`), on top of
`dlcourse._validate` (private)."""

from __future__ import annotations

from collections.abc import Sequence

import keras

from dlcourse import _validate

_is_int = _validate.is_integer


def _check_positive_int(name: str, value, *, minimum: int = 1) -> None:
    _validate.integer(value, name, minimum=minimum)


def _check_rate(name: str, value) -> None:
    _validate.fraction(value, name, include_high=False, hint=", e.g. 0.25 (0 switches dropout off)")


def _check_activation(name: str, value) -> None:
    try:
        keras.activations.get(value)
    except (ValueError, TypeError) as err:
        raise ValueError(
            f"`{name}` must be a Keras activation name such as 'relu', 'tanh' or 'sigmoid'. "
            f"Received: {name}={value!r}"
        ) from err


def _check_image_shape(input_shape, *, min_size: int, builder: str) -> tuple[int, int, int]:
    if not isinstance(input_shape, Sequence) or not all(_is_int(d) for d in input_shape):
        raise ValueError(
            f"`input_shape` must be a tuple (height, width, channels) of integers. "
            f"Received: input_shape={input_shape!r}"
        )
    shape = tuple(int(d) for d in input_shape)
    if len(shape) == 2:
        raise ValueError(
            f"input_shape={shape} has no channel axis; use {shape + (1,)} and add the axis to "
            "the data with np.expand_dims(x, -1) or dlcourse.data.add_channel_axis(x)."
        )
    if len(shape) != 3 or min(shape) < 1:
        raise ValueError(
            "`input_shape` must be (height, width, channels) without the batch axis, e.g. "
            f"(28, 28, 1) or (32, 32, 3). Received: input_shape={input_shape!r}"
        )
    if min(shape[:2]) < min_size:
        raise ValueError(
            f"input_shape={shape} is too small for {builder}: height and width must be at "
            f"least {min_size}. Resize the images or use a smaller network."
        )
    return shape
