"""Learning-curve drawing shared by `dlcourse.callbacks.LivePlot` and `dlcourse.plots.plot_history`.

One Axes per base metric ("loss", "accuracy", ...); the training key and its ``val_`` twin share
the Axes. `_Panels` keeps its Line2D objects and updates them with ``set_data`` so a live plot
costs one render per refresh. `plot_history` is public through `dlcourse.plots` (no Keras import).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from dlcourse._figures import grid

__all__ = ["plot_history"]

def _base(key: str) -> str:
    return key[4:] if key.startswith("val_") else key


def _panel_names(keys: Sequence[str], metrics: Sequence[str] | None) -> list[str]:
    """Panel names (base metric names) in a stable order, "loss" first."""
    if metrics is not None:
        return list(dict.fromkeys(_base(m) for m in metrics))
    names = list(dict.fromkeys(_base(k) for k in keys))
    return sorted(names, key=lambda n: n != "loss")


class _Panels:
    """One Axes per base metric, one Line2D per log key; updated with set_data (cheap)."""

    def __init__(self, fig: Figure, axes: Sequence, names: Sequence[str]):
        self.fig, self.axes, self.names = fig, list(axes), list(names)
        self.lines: dict[str, object] = {}
        self._legend_size: dict[str, int] = {}
        for ax, name in zip(self.axes, self.names, strict=True):
            for key, label in ((name, "train"), (f"val_{name}", "validation")):
                (self.lines[key],) = ax.plot([], [], marker=".", label=label)
            ax.set_title(name)
            ax.set_xlabel("epoch")
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            ax.grid(True, alpha=0.3)

    def update(self, history: Mapping[str, tuple[list, list]]) -> None:
        for ax, name in zip(self.axes, self.names, strict=True):
            shown = []
            for key in (name, f"val_{name}"):
                xs, ys = history.get(key, ((), ()))
                self.lines[key].set_data(xs, ys)
                if len(xs):
                    shown.append(self.lines[key])
            if shown and len(shown) != self._legend_size.get(name):
                ax.legend(handles=shown)  # only when a curve appears, not every epoch
                self._legend_size[name] = len(shown)
            ax.relim()
            ax.autoscale_view()


def _new_figure(n: int, figsize) -> tuple[Figure, list]:
    return grid(n, 3, figsize=figsize)  # one panel per metric, three to a row


def _as_history(history) -> dict[str, tuple[list, list]]:
    raw = getattr(history, "history", history)
    if not isinstance(raw, Mapping):
        raise ValueError(
            "`history` must be the History returned by model.fit(...) or a dict such as "
            "{'loss': [...], 'val_loss': [...]}. "
            f"Received: history of type {type(history).__name__}"
        )
    out = {}
    for key, values in raw.items():
        if isinstance(values, str) or not isinstance(values, Sequence):
            raise ValueError(
                f"`history[{key!r}]` must be a list of numbers, one per epoch. "
                f"Received: {values!r}"
            )
        out[str(key)] = (list(range(1, len(values) + 1)), [float(v) for v in values])
    if not any(len(ys) for _, ys in out.values()):
        raise ValueError(
            "`history` is empty: train first; model.fit(...) returns the History to plot. "
            f"Received: history with keys {sorted(out)}"
        )
    return out


def _check_metrics(metrics) -> list[str] | None:
    if metrics is None:
        return None
    if isinstance(metrics, str):
        metrics = [metrics]
    if (
        not isinstance(metrics, Sequence)
        or not metrics
        or not all(isinstance(m, str) and m for m in metrics)
    ):
        raise ValueError(
            "`metrics` must be None (all), a metric name or a list of names such as "
            f"['loss', 'accuracy']. Received: metrics={metrics!r}"
        )
    return list(metrics)


def plot_history(history, metrics=None, *, ax=None, title: str | None = None) -> Figure:
    """Learning curves after training, one panel per metric (train and validation together).

    Args:
        history: the `keras.callbacks.History` returned by ``fit``, or a dict of lists such as
            ``{"loss": [...], "val_loss": [...]}``.
        metrics: metric names to draw ("loss", "accuracy", "val_accuracy", ...), a name, or None
            for all. Defaults to None.
        ax: an Axes to draw into (one metric), or a list of Axes (one per metric). Defaults to
            None: a new figure.
        title: title above the figure. Defaults to None.

    Returns:
        The matplotlib Figure.

    Raises:
        ValueError: for an empty history, unknown metric names or a mismatching ``ax``.

    Example:

    >>> fig = plot_history({"loss": [0.9, 0.5, 0.4], "val_loss": [1.0, 0.7, 0.6]})
    >>> [a.get_title() for a in fig.axes]
    ['loss']
    """
    hist = _as_history(history)
    metrics = _check_metrics(metrics)
    names = _panel_names(list(hist), metrics)
    available = sorted({_base(k) for k in hist})
    missing = [n for n in names if n not in hist and f"val_{n}" not in hist]
    if missing:
        raise ValueError(
            f"`metrics` names {missing} that are not in the history. Available: {available}. "
            f"Received: metrics={metrics!r}"
        )
    if ax is None:
        fig, axes = _new_figure(len(names), (min(5 * len(names), 15), 4))
    else:
        axes = list(ax) if isinstance(ax, Sequence) else [ax]
        if len(axes) != len(names):
            raise ValueError(
                f"`ax` must hold one Axes per metric: {len(names)} for {names}. "
                f"Received: {len(axes)} Axes; pass metrics=... or more Axes."
            )
        fig = axes[0].figure
    _Panels(fig, axes, names).update(hist)
    if title is not None:
        fig.suptitle(title)
    return fig
