"""Checks of a learner's Keras model, layer by layer: types, sizes, padding, activations, order.

`check_stack` compares the learner's layers with a list of `Want` specifications and fails on the
first difference with a diagnosis that names the layer and the setting (never the whole answer).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dlcourse.exercises._core import Parts, kind

_KIND = {  # what a learner may write for each kind of layer
    "conv": ("Conv2D",),
    "bn": ("BatchNormalization",),
    "relu": ("Activation", "ReLU"),
    "maxpool": ("MaxPooling2D",),
    "flatten": ("Flatten",),
    "dense": ("Dense",),
}
_WORDS = {"conv": "a Conv2D", "bn": "a BatchNormalization", "relu": "a ReLU activation",
          "maxpool": "a MaxPooling2D", "flatten": "a Flatten", "dense": "a Dense"}


@dataclass(frozen=True)
class Want:
    """One expected layer: its kind and the settings that matter.

    Args:
        kind: "conv", "bn", "relu", "maxpool", "flatten" or "dense".
        units: filters (conv) or units (dense).
        kernel: kernel size (conv) or pool size (maxpool).
        strides: strides of a conv (pooling strides default to the pool size).
        padding: "same" or "valid" (conv).
        activation: activation inside a conv or dense layer ("linear" for none).
        use_bias: whether a conv has a bias (None: not checked).
        momentum: the momentum of a batch normalization (None: not checked).
    """

    kind: str
    units: int | None = None
    kernel: tuple | None = None
    strides: tuple | None = (1, 1)
    padding: str | None = "valid"
    activation: str | None = "linear"
    use_bias: bool | None = None
    momentum: float | None = None


def _layers(model) -> list:
    return [layer for layer in model.layers if type(layer).__name__ != "InputLayer"]


def _act(layer) -> str:
    if type(layer).__name__ == "ReLU":
        return "relu"
    fn = getattr(layer, "activation", None)
    return getattr(fn, "__name__", str(fn)) if fn is not None else "linear"


def _kind_of(layer) -> str | None:
    name = type(layer).__name__
    for k, names in _KIND.items():
        if name in names:
            return k
    return None


def check_stack(p: Parts, name: str, input_shape: tuple, output_shape: tuple,
                want: Sequence[Want]) -> None:
    """Check the learner's model `p[name]` against `want`, layer by layer.

    Args:
        p: The exercise's `Parts`.
        name: The learner's name of the model.
        input_shape: The expected input shape, with None for the batch.
        output_shape: The expected output shape, with None for the batch.
        want: The expected layers in order (the input layer excluded).
    """
    import keras

    model = p[name]
    p.require(isinstance(model, keras.Model), name,
              f"is {kind(model)}, not a Keras model: build it with keras.Sequential([...])")
    try:
        got_in = tuple(model.input_shape)
    except (AttributeError, ValueError):
        got_in = None
    p.require(got_in == tuple(input_shape), name,
              f"starts from input shape {got_in}: begin with keras.Input("
              f"{tuple(input_shape[1:])})")
    layers = _layers(model)
    kinds = [_kind_of(layer) for layer in layers]
    for i, (layer, k) in enumerate(zip(layers, kinds, strict=False), start=1):
        if k is None:
            p.fail(name, f"has {kind(layer)} as layer {i}, a layer the exercise does not use")
    wanted = [w.kind for w in want]
    if kinds != wanted:
        p.fail(name, _order_diagnosis(kinds, wanted, layers))
    if channels_first := [i for i, layer in enumerate(layers, start=1)
                   if getattr(layer, "data_format", "channels_last") != "channels_last"]:
        p.fail(name, f"layer {channels_first[0]} is channels_first: Keras 3 and this course put "
               "the channels last")
    for i, (layer, w) in enumerate(zip(layers, want, strict=True), start=1):
        where = f"layer {i} ({type(layer).__name__})"
        if w.kind in ("conv", "dense") and w.units is not None:
            units = layer.filters if w.kind == "conv" else layer.units
            p.require(units == w.units, name,
                      f"{where} has {units} {'filters' if w.kind == 'conv' else 'units'}: "
                      "re-read the sizes the exercise asks for")
        if w.kind == "conv":
            p.require(tuple(layer.kernel_size) == tuple(w.kernel), name,
                      f"{where} has a {layer.kernel_size} kernel, not the size asked for")
            p.require(tuple(layer.strides) == tuple(w.strides), name,
                      f"{where} has strides {layer.strides}: Conv2D(f, (k, k)) keeps stride 1; "
                      "a third number is the stride")
            p.require(layer.padding == w.padding, name,
                      f"{where} has padding '{layer.padding}', so the maps "
                      f"{'shrink' if layer.padding == 'valid' else 'keep their size'}: "
                      "check the padding asked for")
            if w.use_bias is not None:
                p.require(layer.use_bias == w.use_bias, name,
                          f"{where} {'has' if layer.use_bias else 'has no'} bias: "
                          + ("batch normalization right after it makes a bias useless "
                             "(use_bias=False)" if layer.use_bias else "it needs one"))
        if w.kind == "conv":
            p.require(tuple(layer.dilation_rate) == (1, 1), name,
                      f"{where} has dilation {layer.dilation_rate}: keep the default")
        if w.kind == "dense":
            p.require(layer.use_bias, name, f"{where} has no bias (use_bias=False): keep the "
                      "default")
        if w.kind in ("conv", "dense") and w.activation is not None:
            act = _act(layer)
            if act != w.activation:
                extra = (": batch normalization comes between the convolution and its ReLU, "
                         "so the convolution itself has no activation" if w.kind == "conv"
                         and w.activation == "linear" else "")
                p.fail(name, f"{where} has activation '{act}', not the one asked for{extra}")
        if w.kind == "relu":
            p.require(_act(layer) == "relu", name,
                      f"{where} applies '{_act(layer)}', not ReLU")
        if w.kind == "maxpool":
            p.require(tuple(layer.pool_size) == tuple(w.kernel), name,
                      f"{where} pools {layer.pool_size}, not the size asked for")
            p.require(tuple(layer.strides) == tuple(layer.pool_size), name,
                      f"{where} moves by {layer.strides}, not by its own size: its windows "
                      "overlap and the maps do not halve (leave strides at the default)")
            p.require(layer.padding == "valid", name,
                      f"{where} has padding '{layer.padding}': pooling here keeps the default")
        if w.kind == "bn":
            axis = layer.axis[0] if isinstance(layer.axis, (list, tuple)) else layer.axis
            rank = len(layer.input.shape)
            p.require(axis % rank == rank - 1, name,
                      f"{where} normalizes axis {axis}, not the channels: channels come last "
                      "(keep the default axis=-1)")
            if w.momentum is not None:
                p.require(abs(layer.momentum - w.momentum) < 1e-9, name,
                          f"{where} has momentum {layer.momentum:g}: use the momentum of the "
                          "network's own blocks")
            p.require(layer.center and layer.scale, name,
                      f"{where} has no trained {'shift' if not layer.center else 'scale'} "
                      "(center/scale=False): keep the defaults")
    got_out = tuple(model.output_shape)
    p.require(got_out == tuple(output_shape), name,
              f"gives output shape {got_out}, not the one asked for")
    p.passed(name)


def _order_diagnosis(kinds: list, wanted: list, layers: list) -> str:
    """Say what is missing, extra or out of order, in the learner's words."""
    names = [type(layer).__name__ for layer in layers]
    if kinds.count("relu") < wanted.count("relu") and "bn" in wanted and any(
        _act(layer) == "relu" for layer in layers if _kind_of(layer) == "conv"
    ):
        return ("applies ReLU inside a Conv2D (activation='relu'), before the batch "
                "normalization: give the convolution no activation and add the ReLU after it")
    if sorted(kinds) == sorted(wanted):
        for i, (k, w) in enumerate(zip(kinds, wanted, strict=True), start=1):
            if k != w:
                if {k, w} == {"bn", "relu"}:
                    return (f"has the ReLU and the batch normalization swapped at layer {i}: "
                            "normalize the convolution's output, then apply ReLU")
                return f"has its layers in another order: layer {i} should be {_WORDS[w]}"
    for k in dict.fromkeys(wanted):
        if kinds.count(k) < wanted.count(k):
            return (f"has {kinds.count(k)} {_WORDS[k].split(' ', 1)[1]} layer(s) where the "
                    f"exercise asks for more (your layers: {', '.join(names) or 'none'})")
    for k in dict.fromkeys(kinds):
        if kinds.count(k) > wanted.count(k):
            return (f"has more {_WORDS[k].split(' ', 1)[1]} layers than the exercise asks for "
                    f"(your layers: {', '.join(names)})")
    return f"has other layers than asked for (your layers: {', '.join(names)})"
