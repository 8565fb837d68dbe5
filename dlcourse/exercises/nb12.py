"""Exercise checks of notebook 12 (when the network does not learn)."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

from dlcourse.exercises._core import Parts, exercise, kind

# Sweeps the learning-rate recipe is tried on: learning rate -> did the run explode?
# Keys in different orders, so that "the first rate that did not explode" is not the answer.
_SWEEPS = (
    {100.0: True, 10.0: True, 1.0: False, 0.1: False, 0.01: False, 0.001: False},
    {0.1: False, 10.0: True, 0.001: False, 1.0: False, 100.0: True, 0.01: False},
    {0.3: False, 30.0: True, 0.03: False, 3.0: False, 300.0: True},
)


@exercise(
    "12.1",
    names=("recommend_lr",),
    nudge="Re-read steps 2 and 3 of deck N's recipe.",
    hint="Keep only the learning rates whose run did not explode (their value in the dict is "
    "False), pick the biggest of those, whatever order the dict lists them in, and take half "
    "of it.",
)
def _recommend(p: Parts) -> None:
    for sweep in _SWEEPS:
        got = p.call("recommend_lr", p["recommend_lr"], dict(sweep))
        safe = [lr for lr, bad in sweep.items() if not bad]
        first_safe = next(lr for lr, bad in sweep.items() if not bad)
        p.close("recommend_lr", max(safe) / 2, value=got, rtol=1e-9, mistakes={
            "returns the biggest safe learning rate without halving it": max(safe),
            "halves the smallest learning rate that did not explode, not the biggest":
                min(safe) / 2,
            "halves a learning rate that exploded: True in the dict means 'exploded'":
                max(lr for lr, bad in sweep.items() if bad) / 2,
            "ignores which runs exploded": max(sweep) / 2,
            "takes the first safe rate in the dict's order, not the biggest": first_safe / 2,
            "divides by 10 instead of halving": max(safe) / 10,
        })


def _batches() -> list[np.ndarray]:
    """uint8 test batches: one with black and white pixels, one with no white pixel at all."""
    rng = np.random.default_rng(12)
    full = rng.integers(0, 256, size=(3, 784), dtype=np.uint8)
    full[0, :2] = (0, 255)
    dim = rng.integers(0, 201, size=(2, 28, 28), dtype=np.uint8)  # the brightest pixel is 200
    dim[0, 0, 0] = 200
    return [full, dim]


@exercise(
    "12.2",
    names=("scale_pixels",),
    nudge="Pixels are stored as uint8 whole numbers; the result is float32 in [0, 1].",
    hint="Convert the type first (to float32), then divide by the largest value a uint8 pixel "
    "can ever take, not by the largest pixel of the batch you were given.",
)
def _scale(p: Parts) -> None:
    from dlcourse import data, preprocess

    p.require(p["scale_pixels"] is not preprocess.scale01, "scale_pixels",
              "is the package's data.scale01: the exercise asks you to write it yourself")
    with _without(data, preprocess, "scale01"):
        _scale_batches(p)


@contextmanager
def _without(*modules_and_name: Any) -> Iterator[None]:
    """Replace a package helper by one that raises, in every module given, for the check."""
    *modules, name = modules_and_name
    saved = [getattr(module, name) for module in modules]

    def off(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError(f"data.{name} is the package's answer: write it yourself")

    for module in modules:
        setattr(module, name, off)
    try:
        yield
    finally:
        for module, function in zip(modules, saved, strict=True):
            setattr(module, name, function)


def _scale_batches(p: Parts) -> None:
    for images in _batches():
        before = images.copy()
        got = p.call("scale_pixels", p["scale_pixels"], images)
        p.require(np.array_equal(images, before), "scale_pixels",
                  "changes the images it is given: return a new array instead")
        p.require(hasattr(got, "shape") and hasattr(got, "dtype"), "scale_pixels",
                  f"returns {kind(got)}, not an array")
        p.require(getattr(got, "shape", None) == images.shape, "scale_pixels",
                  f"returns shape {getattr(got, 'shape', None)} for images of shape "
                  f"{images.shape}: keep the shape")
        p.dtype("scale_pixels", "float32", value=got)
        want = images.astype(np.float64) / 255
        p.close("scale_pixels", want, value=got, rtol=1e-6, atol=1e-6, mistakes={
            "divides by 256: the brightest possible pixel is 255, and it must become 1":
                images / 256,
            "divides by the brightest pixel of the batch: a batch with no white pixel comes out "
            "too bright": images / images.max(),
            "returns the pixels unscaled": images.astype(np.float64),
            "scales to [-1, 1], not [0, 1]": images / 127.5 - 1,
            "is inverted (1 - x): black must stay 0": 1 - images / 255,
        })


@exercise(
    "12.3",
    names=("n_params",),
    nudge="Count layer by layer: weights and biases of each of the four Dense layers.",
    hint="There are four Dense layers (three hidden, one output). Each unit of a layer has one "
    "weight per input it receives and one bias of its own; add the four layers' counts.",
)
def _funnel(p: Parts) -> None:
    sizes = (784, 128, 64, 32, 10)
    layers = list(zip(sizes[:-1], sizes[1:], strict=True))
    weights = sum(n * m for n, m in layers)
    p.equal("n_params", _keras_count(sizes), mistakes={
        "counts the weights but not the biases": weights,
        "counts one bias per layer instead of one per unit": weights + len(layers),
        "counts the biases twice": weights + 2 * sum(sizes[1:]),
        "leaves out the output layer (32 -> 10)": sum((n + 1) * m for n, m in layers[:-1]),
        "counts the biases of the inputs instead of the units": sum(n * (m + 1) for n, m in layers),
        "is the funnel 784 -> 256 -> 128 -> 64 -> 10 of section 6, not this one":
            sum((n + 1) * m for n, m in zip((784, 256, 128, 64), (256, 128, 64, 10), strict=True)),
    }, what="is not the number of parameters of 784 -> 128 -> 64 -> 32 -> 10")


@functools.cache
def _keras_count(sizes: tuple[int, ...]) -> int:
    """Keras' own count of the Dense stack `sizes` (built once per session)."""
    import keras

    layers = (keras.layers.Dense(m) for m in sizes[1:])
    return keras.Sequential([keras.Input((sizes[0],)), *layers]).count_params()
