"""Pictures and tables of Keras models: filters, feature maps, layer table, model diagram.

Part of `dlcourse.plots`, which re-exports everything here; import from there. Keras is imported
inside the functions, so importing this module does not import TensorFlow.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

from dlcourse._figures import grid as _grid


class PlainText(str):
    """A str that Jupyter displays as plain text (its repr is the text itself, not a quoted str)."""

    def __repr__(self) -> str:
        return str(self)


def _find_layer(model, layer, *, want_conv: bool):
    import keras

    if not isinstance(model, keras.Model):
        raise ValueError(f"`model` must be a keras.Model. Received: model={type(model).__name__}")
    convs = [lay for lay in model.layers if isinstance(lay, keras.layers.Conv2D)]
    if layer is None:
        if not convs:
            names = [lay.name for lay in model.layers]
            raise ValueError(
                f"The model has no Conv2D layer (its layers: {names}); filters and feature maps "
                f"need a convolutional network. Received: model.name={model.name!r}"
            )
        return convs[0]
    found = layer if isinstance(layer, keras.layers.Layer) else None
    if found is None:
        by_name = {lay.name: lay for lay in model.layers}
        if layer not in by_name:
            raise ValueError(
                f"No layer named {layer!r} in the model; its Conv2D layers are "
                f"{[c.name for c in convs]}. Received: layer={layer!r}"
            )
        found = by_name[layer]
    if want_conv and not isinstance(found, keras.layers.Conv2D):
        raise ValueError(
            f"Layer {found.name!r} is a {type(found).__name__}, not a Conv2D; choose one of "
            f"{[c.name for c in convs]}. Received: layer={layer!r}"
        )
    return found


def conv_filters(model, layer=None, *, ncols: int = 8):
    """Shows the kernels of a Conv2D layer (the first one by default), one small image each.

    One-channel kernels are drawn in gray; three-channel (RGB) kernels in colour, each scaled to
    [0, 1]; with another number of input channels the mean over them is drawn.

    Args:
        model: A built keras.Model.
        layer: A layer name or layer; None means the first Conv2D. Defaults to None.
        ncols: Filters per row. Defaults to 8.

    Returns:
        The Figure, one Axes per filter.

    Raises:
        ValueError: when the model has no Conv2D layer or ``layer`` is not one.
    """
    conv = _find_layer(model, layer, want_conv=True)
    kernel = np.asarray(conv.get_weights()[0])  # (kh, kw, in_channels, filters)
    n = kernel.shape[-1]
    panels = []
    for k in range(n):
        w = kernel[..., k]
        if w.shape[-1] == 3:  # an RGB filter, shown in colour
            panels.append(((w - w.min()) / (np.ptp(w) or 1.0), None))
        else:
            panels.append((w.mean(axis=-1), "gray"))
    size = f"{kernel.shape[0]}x{kernel.shape[1]}"
    return _panels(panels, ncols, f"{conv.name}: {n} filters of {size}")


def feature_maps(model, image, layer=None, *, ncols: int = 8):
    """Shows the activations (feature maps) of one layer for one image.

    Args:
        model: A built keras.Model (functional or Sequential with an Input).
        image: One image shaped like the model input without the batch axis, e.g. (28, 28, 1);
            (28, 28) is accepted for a one-channel input and (1, 28, 28, 1) too.
        layer: A layer name or layer with 4-D output (Conv2D, pooling, ...); None means the first
            Conv2D. Defaults to None.
        ncols: Maps per row. Defaults to 8.

    Returns:
        The Figure, one Axes per channel of the layer's output.

    Raises:
        ValueError: when the image does not fit the model input, or the layer has no 4-D output.
    """
    import keras

    target = _find_layer(model, layer, want_conv=False)
    try:
        inputs = model.inputs
    except (AttributeError, ValueError) as err:
        raise ValueError(
            "The model has no defined input; build it starting from keras.Input(shape=...). "
            f"Received: model.name={model.name!r}"
        ) from err
    if len(target.output.shape) != 4:
        raise ValueError(
            f"Layer {target.name!r} outputs shape {tuple(target.output.shape)}, not feature maps "
            f"(batch, h, w, channels); pick a Conv2D or pooling layer. Received: layer={layer!r}"
        )
    expected = tuple(model.input_shape[1:])
    x = np.asarray(image, dtype="float32")
    if x.shape == expected[:-1] and expected[-1] == 1:
        x = x[..., np.newaxis]
    if x.shape == (1, *expected):
        x = x[0]
    if x.shape != expected:
        raise ValueError(
            f"`image` must be one image of shape {expected} (the model input without the batch "
            f"axis). Received: image.shape={np.shape(image)}"
        )
    maps = keras.Model(inputs, target.output).predict(x[np.newaxis], verbose=0)[0]
    n = maps.shape[-1]
    panels = [(maps[..., k], "viridis") for k in range(n)]
    size = f"{maps.shape[0]}x{maps.shape[1]}"
    return _panels(panels, ncols, f"{target.name}: {n} feature maps of {size}")


def _panels(panels: list, ncols: int, title: str):
    """One small numbered image per (array, cmap) pair, in a grid under one title."""
    fig, axes = _grid(len(panels), ncols, cell=1.2)
    for k, (ax, (image, cmap)) in enumerate(zip(axes, panels, strict=True)):
        ax.imshow(image, cmap=cmap)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(str(k), fontsize=8)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def layer_table(model) -> PlainText:
    """Plain-text table of a model: layer name, type, output shape and parameters, plus the total.

    Deterministic (no colours, no rich markup), so notebooks can compare it under nbval, unlike
    ``model.summary()``. Input layers are left out.

    Returns:
        A str (shown as plain text in Jupyter).

    Raises:
        ValueError: when the model is not built yet.

    Example:

    >>> print(plots.layer_table(models.lenet5("classic")))      # doctest: +SKIP
    """
    if not hasattr(model, "layers") or not hasattr(model, "count_params"):
        raise ValueError(f"`model` must be a keras.Model. Received: model={type(model).__name__}")
    if not model.built:
        raise ValueError(
            "The model is not built yet, so shapes and parameters are unknown; start it with "
            "keras.Input(shape=...) or call model.build(input_shape). "
            f"Received: model={model.name!r}"
        )
    rows = [("Layer", "Type", "Output shape", "Params")]
    for lay in model.layers:
        kind = type(lay).__name__
        if kind == "InputLayer":
            continue
        try:
            shape = str(tuple(lay.output.shape))
        except (AttributeError, ValueError):  # layer used several times or subclassed model
            shape = "?"
        rows.append((lay.name, kind, shape, f"{lay.count_params():,}"))
    widths = [max(len(r[c]) for r in rows) for c in range(4)]
    lines = [
        "  ".join([r[0].ljust(widths[0]), r[1].ljust(widths[1]), r[2].ljust(widths[2]),
                   r[3].rjust(widths[3])]).rstrip()
        for r in rows
    ]  # fmt: skip
    lines.insert(1, "-" * len(lines[0]))
    trainable = sum(int(np.prod(w.shape)) for w in model.trainable_weights)
    lines.append(f"Total params: {model.count_params():,} (trainable: {trainable:,})")
    return PlainText("\n".join(lines))


def _graphviz_problem() -> str | None:
    try:
        import pydot  # noqa: F401
    except ImportError:
        return "pydot is not installed (pip install pydot)"
    if shutil.which("dot") is None:
        return (
            "Graphviz's `dot` program is not on PATH (install Graphviz: apt install graphviz, "
            "brew install graphviz or conda install graphviz)"
        )
    return None


def model_diagram(model, *, show_shapes: bool = True, to_file=None):
    """Diagram of a model by `keras.utils.plot_model`, or a layer table when Graphviz is missing.

    The PNG goes to a temporary file that is deleted again, so nothing is written to the working
    directory, unless ``to_file`` is given. Never raises for a missing Graphviz or pydot: then
    it returns one line saying why, followed by `layer_table` (plain text).

    Args:
        model: A built keras.Model.
        show_shapes: Show output shapes in the boxes. Defaults to True.
        to_file: A .png path where to keep the diagram. Defaults to None (a temporary file).

    Returns:
        `IPython.display.Image` of the diagram, or the text (a str) when it cannot be drawn.

    Raises:
        ValueError: when ``model`` is not a keras.Model or ``to_file`` does not end in .png.

    Example:

    >>> plots.model_diagram(models.lenet5("classic"))   # doctest: +SKIP
    """
    import keras

    if not isinstance(model, keras.Model):
        raise ValueError(f"`model` must be a keras.Model. Received: model={type(model).__name__}")
    if to_file is not None and Path(to_file).suffix.lower() != ".png":
        raise ValueError(
            f"`to_file` must be a .png path such as 'model.png'. Received: to_file={to_file!r}"
        )
    reason = _graphviz_problem()
    if reason is None:
        from IPython.display import Image

        # pydot reports a `dot` that exits with an error (a broken or half-installed Graphviz)
        # with an AssertionError.
        errors: tuple[type[BaseException], ...] = (ImportError, OSError, AssertionError)
        pydot = sys.modules.get("pydot")
        if pydot is not None and hasattr(pydot, "PydotException"):
            errors += (pydot.PydotException,)
        try:
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(to_file) if to_file is not None else Path(tmp) / "model.png"
                keras.utils.plot_model(
                    model, to_file=str(path), show_shapes=show_shapes, show_layer_names=True
                )
                if path.is_file():
                    if to_file is not None:
                        return Image(filename=str(path))
                    return Image(data=path.read_bytes(), format="png")
                reason = "keras.utils.plot_model wrote no image (Graphviz not usable)"
        except errors as err:
            reason = f"keras.utils.plot_model failed: {type(err).__name__}: {err}"
    return PlainText(f"Model diagram not drawn: {reason}. Layers:\n{layer_table(model)}")
