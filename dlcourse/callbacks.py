"""Training callbacks of the course: live learning curves and "stop at 90 % accuracy".

* `LivePlot` redraws the loss and metric curves in place while a model trains, through one
  IPython display handle (no ``clear_output`` flicker): Jupyter, JupyterLab, Colab and VS Code
  all update a display in place. Outside a notebook kernel it draws one figure at the end.
* `StopAtMetric` stops training once a metric reaches a target, whatever key name Keras used.

`dlcourse.plots.plot_history` draws the same curves after training, without importing TensorFlow.

Train and validation curves share a panel by naming convention: ``accuracy`` and
``val_accuracy`` go to the panel "accuracy" (drawing code: ``dlcourse/_curves.py``).

Example:

>>> from dlcourse.callbacks import LivePlot, StopAtMetric        # doctest: +SKIP
>>> model.fit(x, y, validation_split=0.1, epochs=20,              # doctest: +SKIP
...           callbacks=[LivePlot(), StopAtMetric("val_accuracy", 0.9)])
"""

from __future__ import annotations

import io
import os
import time
import warnings
from collections.abc import Mapping, Sequence

import keras
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from dlcourse import _validate
from dlcourse._curves import (
    _base,
    _check_metrics,
    _new_figure,
    _panel_names,
    _Panels,
)

__all__ = ["LivePlot", "StopAtMetric"]

_ACCURACY_ALIASES = (
    "accuracy", "acc", "sparse_categorical_accuracy", "categorical_accuracy", "binary_accuracy",
    "compile_metrics",
)
_LOSS_LIKE = ("loss", "error", "mse", "mae", "mape", "msle", "crossentropy", "hinge")


def _in_notebook() -> bool:
    """True inside an IPython kernel (Jupyter, JupyterLab, Colab, VS Code), else False."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def _display(obj, *, display_id: bool = False):
    """Show ``obj`` in the notebook; returns a display handle when ``display_id=True``."""
    from IPython.display import display

    return display(obj, display_id=display_id)


def _png_image(fig: Figure):
    """``fig`` rendered once to PNG (one draw, no tight-bbox second pass), as an IPython Image."""
    from IPython.display import Image

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return Image(data=buffer.getvalue(), format="png")


class LivePlot(keras.callbacks.Callback):
    """Live learning curves: loss and metrics redrawn in place while the model trains.

    In a notebook kernel (Jupyter, JupyterLab, Colab, VS Code) the figure is rendered to PNG,
    shown once and then updated through the same display handle every ``every`` epochs (no
    flicker, one figure in the cell). Outside a notebook, or with ``final_only=True``, one figure
    is drawn when training ends. Re-running ``fit`` starts a fresh plot.

    Drawing is cheap but not free (about 0.1-0.5 s on a slow CPU). So that the plot never slows
    training noticeably, a redraw is skipped while the time spent drawing would exceed
    ``max_overhead`` of the training time so far; with epochs of a few seconds or more every
    epoch is drawn, with very short epochs (toy data) the plot refreshes every few epochs. The
    first epoch and the last are always drawn.

    Args:
        metrics: base metric names to draw, e.g. ["loss", "accuracy"]; validation curves
            (``val_`` keys) join their panel automatically. Defaults to None: everything logged.
        every: redraw every ``every`` epochs (>= 1); the last epoch is always drawn.
            Defaults to 1.
        final_only: draw only at the end. Defaults to None: live in a notebook kernel. Outside
            a notebook kernel the figure is always drawn once, at the end.
        save_path: path of a PNG file written when training ends. Defaults to None.
        figsize: figure size in inches. Defaults to (10, 4).
        max_overhead: largest fraction of the training time spent drawing, in (0, 1), or None
            to draw every ``every`` epochs whatever it costs. Defaults to 0.02.

    Attributes:
        history: dict ``key -> (epochs, values)`` logged so far (epochs are 1-based).
        figure: the matplotlib Figure (None before the first drawing).

    Example:

    >>> model.fit(x, y, validation_split=0.1, epochs=10, verbose=0,   # doctest: +SKIP
    ...           callbacks=[LivePlot(save_path="curves.png")])
    """

    def __init__(
        self,
        metrics=None,
        *,
        every: int = 1,
        final_only: bool | None = None,
        save_path=None,
        figsize=(10, 4),
        max_overhead: float | None = 0.02,
    ):
        super().__init__()
        self.metrics = _check_metrics(metrics)
        if max_overhead is not None:
            max_overhead = _validate.fraction(max_overhead, "max_overhead", include_low=False,
                                              include_high=False, hint=", e.g. 0.02, or None")
        self.max_overhead = max_overhead
        every = _validate.integer(every, "every", minimum=1)
        final_only = _validate.one_of(final_only, "final_only", (True, False, None))
        if save_path is not None:
            save_path = os.fspath(save_path)
            if not save_path.lower().endswith(".png"):
                raise ValueError(
                    "`save_path` must name a .png file, e.g. 'curves.png'. "
                    f"Received: save_path={save_path!r}"
                )
            parent = os.path.dirname(os.path.abspath(save_path))
            if not os.path.isdir(parent):
                raise FileNotFoundError(
                    f"The folder of save_path does not exist: {parent!r}. Create it first "
                    f"(os.makedirs) or choose another path. Received: save_path={save_path!r}"
                )
        if (
            not isinstance(figsize, Sequence)
            or len(figsize) != 2
            or not all(_validate.is_number(v) and v > 0 for v in figsize)
        ):
            raise ValueError(
                "`figsize` must be (width, height) in inches, e.g. (10, 4). "
                f"Received: figsize={figsize!r}"
            )
        self.every = int(every)
        self.final_only = final_only
        self.save_path = save_path
        self.figsize = tuple(figsize)
        self._reset()

    def _reset(self) -> None:
        self.history: dict[str, tuple[list, list]] = {}
        self.figure: Figure | None = None
        self._panels: _Panels | None = None
        self._handle = None
        self._drawn_epochs = 0
        self._warned = False
        self._epoch = 0
        self._started = time.perf_counter()
        self._draw_seconds = 0.0  # total time spent drawing in this fit
        self._last_draw_seconds = 0.0

    def on_train_begin(self, logs=None):
        self._reset()
        notebook = _in_notebook()
        self._notebook = notebook
        self._live = notebook and not self.final_only

    def _within_budget(self) -> bool:
        if self.max_overhead is None or self._drawn_epochs == 0:
            return True
        elapsed = time.perf_counter() - self._started
        return self._draw_seconds + self._last_draw_seconds <= self.max_overhead * elapsed

    def on_epoch_end(self, epoch, logs=None):
        for key, value in (logs or {}).items():
            xs, ys = self.history.setdefault(key, ([], []))
            xs.append(epoch + 1)
            ys.append(float(value))
        self._epoch = epoch + 1
        if not self.history:
            return
        if self._live and self._epoch % self.every == 0 and self._within_budget():
            self._draw()

    def on_train_end(self, logs=None):
        if not self.history or self._epoch == 0:
            return
        if self._drawn_epochs != self._epoch:
            self._draw()
        if not self._live and self._notebook:
            _display(_png_image(self.figure))
        if self.save_path is not None:
            self.figure.savefig(self.save_path, dpi=100)

    def _names(self) -> list[str]:
        names = _panel_names(list(self.history), self.metrics)
        known = [n for n in names if n in self.history or f"val_{n}" in self.history]
        if len(known) < len(names) and not self._warned:
            self._warned = True
            warnings.warn(
                f"LivePlot: no logs for {[n for n in names if n not in known]}; available keys: "
                f"{sorted(self.history)}. Pass metrics=[...] with names from that list.",
                stacklevel=3,
            )
        return known or _panel_names(list(self.history), None)

    def _draw(self) -> None:
        start = time.perf_counter()
        first = self._panels is None
        if first:
            names = self._names()
            fig, axes = _new_figure(len(names), self.figsize)
            if self._notebook:
                plt.close(fig)  # shown through the display handle only, not again by inline
            self.figure = fig
            self._panels = _Panels(fig, axes, names)
            self._title = fig.suptitle("")
        self._panels.update(self.history)
        total = (self.params or {}).get("epochs")
        self._title.set_text(f"epoch {self._epoch}" + (f" / {total}" if total else ""))
        if first:
            self.figure.tight_layout()
        self._drawn_epochs = self._epoch
        if self._live:
            image = _png_image(self.figure)
            if self._handle is None:
                self._handle = _display(image, display_id=True)
            else:
                self._handle.update(image)
        self._last_draw_seconds = time.perf_counter() - start
        self._draw_seconds += self._last_draw_seconds


class StopAtMetric(keras.callbacks.Callback):
    """Stop training once a metric reaches a target (the decks' "stop at 90 % accuracy").

    The metric is found in the epoch logs by exact key, then by alias ("acc", "accuracy",
    "sparse_categorical_accuracy", "categorical_accuracy", "binary_accuracy",
    "compile_metrics"), then by suffix (e.g. "output_accuracy"); "val_..." names look only at
    validation keys. When it is missing, a warning lists the available keys (once per ``fit``).

    Args:
        metric: name of the metric, e.g. "accuracy", "val_accuracy" or "loss".
            Defaults to "accuracy".
        target: the value to reach. Defaults to 0.9.
        mode: "max" (stop when value >= target), "min" (value <= target) or "auto" ("min" for
            loss-like names such as "loss", "mse", "mae", else "max"). Defaults to "auto".
        verbose: 1 prints one line when stopping, 0 is silent. Defaults to 1.

    Attributes:
        stopped_epoch: 0-based epoch at which training was stopped, or None.

    Example:

    >>> model.fit(x, y, epochs=50, callbacks=[StopAtMetric("accuracy", 0.9)])  # doctest: +SKIP
    Reached accuracy = 0.9123 >= 0.9 at epoch 3: stopping.
    """

    def __init__(
        self, metric: str = "accuracy", target: float = 0.9, *, mode: str = "auto", verbose: int = 1
    ):
        super().__init__()
        if not isinstance(metric, str) or not metric:
            raise ValueError(
                f"`metric` must be a metric name such as 'accuracy'. Received: metric={metric!r}"
            )
        target = _validate.finite_number(target, "target")
        _validate.one_of(mode, "mode", ("auto", "max", "min"))
        if not isinstance(verbose, bool):  # True and False are fine here
            _validate.one_of(verbose, "verbose", (0, 1))
        self.metric = metric
        self.target = float(target)
        if mode == "auto":
            mode = "min" if any(t in _base(metric) for t in _LOSS_LIKE) else "max"
        self.mode = mode
        self.verbose = int(verbose)
        self.stopped_epoch: int | None = None
        self._warned = False

    def on_train_begin(self, logs=None):
        self.stopped_epoch = None
        self._warned = False

    def _find_key(self, logs: Mapping) -> str | None:
        if self.metric in logs:
            return self.metric
        val = self.metric.startswith("val_")
        prefix, base = ("val_", self.metric[4:]) if val else ("", self.metric)
        if base in _ACCURACY_ALIASES:
            for alias in _ACCURACY_ALIASES:
                if prefix + alias in logs:
                    return prefix + alias
        for key in sorted(logs):
            if key.startswith("val_") == val and key.endswith("_" + base):
                return key
        return None

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        key = self._find_key(logs)
        if key is None:
            if not self._warned:
                self._warned = True
                warnings.warn(
                    f"StopAtMetric: metric {self.metric!r} is not in the logs; available keys: "
                    f"{sorted(logs)}. Pass one of them, and compile with metrics=['accuracy'] "
                    "(and validation data for 'val_' names).",
                    stacklevel=2,
                )
            return
        value = float(logs[key])
        reached = value >= self.target if self.mode == "max" else value <= self.target
        if reached:
            self.model.stop_training = True
            self.stopped_epoch = epoch
            if self.verbose:
                sign = ">=" if self.mode == "max" else "<="
                print(
                    f"Reached {key} = {value:.4f} {sign} {self.target:g} "
                    f"at epoch {epoch + 1}: stopping."
                )
