"""Teaching plots: learning curves, image grids, activations, decision regions, confusion matrix,
filters, diagrams.

Every function draws with ``plt.subplots`` (so Jupyter's inline backend shows the figure once) and
returns the `matplotlib.figure.Figure` (or the Axes it drew on when given ``ax``); none calls
``plt.show()``. Keras is imported only inside the functions that need it, so ``import
dlcourse.plots`` stays light (no TensorFlow); `plot_history` draws a ``History`` as it is.

Example:

>>> import numpy as np
>>> from dlcourse import plots
>>> fig = plots.image_grid(np.zeros((9, 28, 28)), [f"class={k}" for k in range(9)])
>>> len(fig.axes)
9
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

import matplotlib.pyplot as plt
import numpy as np

from dlcourse import scratch
from dlcourse._curves import plot_history
from dlcourse._modelviz import (
    PlainText,
    _grid,
    conv_filters,
    feature_maps,
    layer_table,
    model_diagram,
)


def _check_images(images, name: str = "images") -> np.ndarray:
    images = np.asarray(images)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim not in (3, 4) or (images.ndim == 4 and images.shape[-1] not in (3, 4)):
        raise ValueError(
            f"`{name}` must be a batch of images (n, h, w), (n, h, w, 1) or (n, h, w, 3); for one "
            f"image use images[np.newaxis]. Received: {name}.shape={images.shape}"
        )
    if len(images) == 0:
        raise ValueError(f"`{name}` is empty. Received: {name}.shape={images.shape}")
    return images


def _labels(y, name: str) -> np.ndarray:
    """Class labels from (n,), (n, 1), one-hot or probabilities (n, k) (argmax)."""
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    elif y.ndim == 2:
        y = y.argmax(axis=1)
    if y.ndim != 1:
        raise ValueError(
            f"`{name}` must be labels (n,), (n, 1) or one row of scores per example (n, k). "
            f"Received: {name}.shape={y.shape}"
        )
    return y


def _label_name(value, labels) -> str:
    if labels is None:
        return str(value)
    return str(labels[int(value)])


def image_grid(images, titles=None, *, ncols: int = 3, cmap: str = "gray", figsize=None):
    """Shows images in a grid, each with an optional title (deck Z's 3x3 digits, "class=5").

    Args:
        images: Array (n, h, w), (n, h, w, 1) or (n, h, w, 3): uint8 or floats in [0, 1].
        titles: None or one title per image (strings or numbers). Defaults to None.
        ncols: Images per row. Defaults to 3.
        cmap: Colour map for one-channel images. Defaults to "gray".
        figsize: Figure size in inches; None picks about 2 inches per image. Defaults to None.

    Returns:
        The Figure, with one Axes per image.

    Raises:
        ValueError: for a wrong rank or when ``titles`` and ``images`` differ in length.

    Example:

    >>> (x, y), _ = dlcourse.data.load_mnist()                      # doctest: +SKIP
    >>> plots.image_grid(x[:9], [f"class={c}" for c in y[:9]]);     # doctest: +SKIP
    """
    images = _check_images(images)
    if titles is not None and len(titles) != len(images):
        raise ValueError(
            f"`titles` must have one entry per image: got {len(titles)} titles for "
            f"{len(images)} images. Received: len(titles)={len(titles)}"
        )
    fig, axes = _grid(len(images), ncols, figsize=figsize)
    for k, ax in enumerate(axes):
        ax.imshow(images[k], cmap=cmap if images.ndim == 3 else None)
        ax.set_xticks([])
        ax.set_yticks([])
        if titles is not None:
            ax.set_title(str(titles[k]), fontsize=10)
    fig.tight_layout()
    return fig


def activation_functions(
    names: Sequence[str] = ("sigmoid", "tanh", "relu", "leaky_relu", "elu"),
    *,
    derivatives: bool = True,
    x=None,
):
    """Plots activation functions from `dlcourse.scratch` and, dashed, their derivatives.

    Args:
        names: Names from ``scratch.ACTIVATIONS``. Defaults to the five of deck W.
        derivatives: Also draw f'(x). Defaults to True.
        x: Points to evaluate at; None means 201 points in [-5, 5]. Defaults to None.

    Returns:
        The Figure, one Axes per activation (three per row).

    Raises:
        ValueError: for an unknown name (softmax is not elementwise, so it is not plotted here).
    """
    if isinstance(names, str):
        names = (names,)
    if len(names) == 0:
        raise ValueError(f"`names` must name at least one activation. Received: names={names!r}")
    for name in names:
        if name not in scratch.ACTIVATIONS:
            raise ValueError(
                f"Unknown activation {name!r}; choose from {sorted(scratch.ACTIVATIONS)} "
                f"(softmax acts on whole vectors, not elementwise). Received: names={names!r}"
            )
    x = np.linspace(-5.0, 5.0, 201) if x is None else np.sort(np.asarray(x, dtype=float).ravel())
    fig, axes = _grid(len(names), 3, cell=3.2)
    for name, ax in zip(names, axes, strict=True):
        f, df = scratch.ACTIVATIONS[name]
        ax.plot(x, f(x), label=name)
        if derivatives:
            ax.plot(x, df(x), "--", label=f"{name}'")
        ax.axhline(0.0, color="gray", linewidth=0.5)
        ax.axvline(0.0, color="gray", linewidth=0.5)
        ax.set_title(name)
        ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    return fig


def _is_keras_model(model) -> bool:
    keras = sys.modules.get("keras")
    return keras is not None and isinstance(model, keras.Model)


class _LabelPredictor:
    """Adapter that gives mlxtend one ``.predict(X) -> int labels`` for any kind of model."""

    def __init__(self, predict: Callable, known_labels: np.ndarray) -> None:
        self._predict = predict
        self._known = known_labels

    def predict(self, X: np.ndarray) -> np.ndarray:
        out = np.asarray(self._predict(X))
        if out.ndim == 2 and out.shape[1] > 1:  # one score per class (softmax) -> argmax
            out = out.argmax(axis=1)
        out = out.reshape(len(X))
        if not np.all(np.equal(np.mod(out, 1), 0)):  # probabilities of class 1 (sigmoid)
            if out.min() < 0 or out.max() > 1:
                raise ValueError(
                    "The model returned scores that are neither class labels nor probabilities "
                    f"in [0, 1] (min={out.min():g}, max={out.max():g}); return labels, or apply "
                    "a sigmoid/softmax output."
                )
            out = out > 0.5
        out = out.astype(np.int64)
        unknown = np.setdiff1d(out, self._known)
        if unknown.size:
            raise ValueError(
                f"The model predicts labels {unknown.tolist()} that do not occur in `y` "
                f"{self._known.tolist()}; pass y with all classes the model knows."
            )
        return out


def decision_regions(X, y, model, *, ax=None, title: str | None = None):
    """Draws the decision regions of a classifier of 2 features, with the data on top.

    Uses `mlxtend.plotting.plot_decision_regions` through an adapter, so ``model`` can be:
    anything with ``.predict(X)`` returning labels (scikit-learn, `dlcourse.perceptron.Perceptron`),
    a Keras model (probabilities: softmax -> argmax, one sigmoid unit -> > 0.5), or a plain
    function ``f(X) -> labels or probabilities``.

    Args:
        X: Array (n, 2) of the two features.
        y: Integer class labels (n,) or (n, 1).
        model: The classifier (see above).
        ax: Axes to draw on; None makes a new figure. Defaults to None.
        title: Axes title. Defaults to None.

    Returns:
        The Axes drawn on.

    Raises:
        ValueError: when X does not have exactly 2 features, y does not match X, or the model
            is not usable.

    Example:

    >>> from dlcourse.perceptron import Perceptron
    >>> from dlcourse.toy import logic_gate
    >>> X, y = logic_gate("and")
    >>> decision_regions(X, y, Perceptron().fit(X, y), title="AND").get_title()
    'AND'
    """
    X = np.asarray(X, dtype=np.float64)  # mlxtend predicts on a grid of X's dtype
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(
            "decision_regions draws classifiers of exactly 2 features: X must have shape (n, 2); "
            f"select two columns, e.g. X[:, :2]. Received: X.shape={X.shape}"
        )
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    integral = y.dtype.kind in "iub" or (y.dtype.kind == "f" and np.all(np.mod(y, 1) == 0))
    if y.shape != (len(X),) or not integral:
        raise ValueError(
            f"`y` must hold one integer class label per row of X ({len(X)}). "
            f"Received: y.shape={y.shape}, dtype={y.dtype}"
        )
    y = y.astype(np.int64)
    if _is_keras_model(model):

        def predict(grid):
            return model.predict(grid, verbose=0, batch_size=4096)
    elif hasattr(model, "predict"):
        predict = model.predict
    elif callable(model):
        predict = model
    else:
        raise ValueError(
            "`model` must have a .predict method (scikit-learn, Keras, dlcourse Perceptron) or be "
            f"a function of X. Received: model={model!r}"
        )
    from mlxtend.plotting import plot_decision_regions

    if ax is None:
        _, ax = plt.subplots(figsize=(5, 4))
    plt.sca(ax)  # mlxtend sizes its grid from the current figure
    plot_decision_regions(X, y, clf=_LabelPredictor(predict, np.unique(y)), ax=ax)
    if title is not None:
        ax.set_title(title)
    return ax


def confusion_matrix(y_true, y_pred, *, labels=None, ax=None, normalize: str | None = None):
    """Confusion matrix of predictions, drawn by scikit-learn's `ConfusionMatrixDisplay`.

    Args:
        y_true: True labels (n,), (n, 1) or one-hot (n, k).
        y_pred: Predicted labels, or the (n, k) probabilities of ``model.predict`` (argmax).
        labels: Class names in label order, e.g. ``dlcourse.data.FASHION_MNIST_CLASSES``.
            Defaults to None (the numbers).
        ax: Axes to draw on. Defaults to None (new figure).
        normalize: None, "true", "pred" or "all", as in scikit-learn. Defaults to None.

    Returns:
        The Figure (or the given Axes).

    Raises:
        ValueError: for mismatched lengths or an unknown ``normalize``.
    """
    from sklearn.metrics import ConfusionMatrixDisplay

    y_true = _labels(y_true, "y_true")
    y_pred = _labels(y_pred, "y_pred")
    if len(y_true) != len(y_pred):
        raise ValueError(
            f"`y_true` and `y_pred` must have the same length. "
            f"Received: len(y_true)={len(y_true)}, len(y_pred)={len(y_pred)}"
        )
    if normalize not in (None, "true", "pred", "all"):
        raise ValueError(
            f"`normalize` must be None, 'true', 'pred' or 'all'. Received: normalize={normalize!r}"
        )
    classes = np.unique(np.concatenate([y_true, y_pred]))
    display_labels = None if labels is None else [_label_name(c, labels) for c in classes]
    given_ax = ax
    if ax is None:
        size = max(4.0, 0.6 * len(classes) + 2)
        _, ax = plt.subplots(figsize=(size, size))
    ConfusionMatrixDisplay.from_predictions(
        y_true, y_pred, labels=classes, display_labels=display_labels, normalize=normalize,
        ax=ax, values_format=".2f" if normalize else "d", colorbar=False,
        xticks_rotation="vertical" if max(map(len, display_labels or [""])) > 3 else "horizontal",
    )  # fmt: skip
    ax.figure.tight_layout()
    return given_ax if given_ax is not None else ax.figure


def predictions(images, y_true, y_pred, *, labels=None, which: str = "wrong", n: int = 9,
                ncols: int = 3):  # fmt: skip
    """Shows the first ``n`` correctly or wrongly classified images, titled "true: x / pred: y".

    Args:
        images: Images (m, h, w), (m, h, w, 1) or (m, h, w, 3).
        y_true: True labels (m,), (m, 1) or one-hot.
        y_pred: Predicted labels, or the (m, k) probabilities of ``model.predict`` (argmax).
        labels: Class names in label order. Defaults to None (the numbers).
        which: "wrong" or "correct". Defaults to "wrong".
        n: How many to show at most. Defaults to 9.
        ncols: Images per row. Defaults to 3.

    Returns:
        The Figure (one Axes per image shown; one Axes saying so when there is none).

    Raises:
        ValueError: for mismatched lengths, an unknown ``which`` or n < 1.
    """
    images = _check_images(images)
    y_true = _labels(y_true, "y_true")
    y_pred = _labels(y_pred, "y_pred")
    if not len(images) == len(y_true) == len(y_pred):
        raise ValueError(
            "`images`, `y_true` and `y_pred` must have the same length. Received: "
            f"len(images)={len(images)}, len(y_true)={len(y_true)}, len(y_pred)={len(y_pred)}"
        )
    if which not in ("wrong", "correct"):
        raise ValueError(f"`which` must be 'wrong' or 'correct'. Received: which={which!r}")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"`n` must be an integer >= 1. Received: n={n!r}")
    hit = y_true == y_pred
    index = np.flatnonzero(~hit if which == "wrong" else hit)[:n]
    if index.size == 0:
        fig, ax = plt.subplots(figsize=(4, 1))
        ax.axis("off")
        ax.text(0.5, 0.5, f"no {which} predictions", ha="center", va="center")
        return fig
    titles = [
        f"true: {_label_name(y_true[i], labels)} / pred: {_label_name(y_pred[i], labels)}"
        for i in index
    ]
    return image_grid(images[index], titles, ncols=ncols)


__all__ = [
    "PlainText",
    "activation_functions",
    "confusion_matrix",
    "conv_filters",
    "decision_regions",
    "feature_maps",
    "image_grid",
    "layer_table",
    "model_diagram",
    "plot_history",
    "predictions",
]
