"""The one figure-grid helper of the package: `n` Axes in rows of `ncols`, nothing left over.

Used by `dlcourse.plots` (image grids, activation functions, filters, feature maps) and by the
learning curves (`plot_history`, `LivePlot`). Drawing with ``plt.subplots`` keeps Jupyter's inline
backend showing each figure once.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from dlcourse import _validate

__all__ = ["grid"]


def grid(n: int, ncols: int, *, cell: float = 2.0, figsize=None) -> tuple[Figure, list]:
    """A new figure with `n` Axes in rows of at most `ncols`; unused cells are removed.

    Args:
        n: How many Axes (>= 1).
        ncols: Most Axes per row (>= 1); fewer when `n` is smaller.
        cell: Inches per Axes when `figsize` is not given. Defaults to 2.0.
        figsize: (width, height) in inches. Defaults to None: `cell` per Axes.

    Returns:
        `(figure, list of n Axes)`, so ``len(figure.axes) == n``.

    Example:

    >>> fig, axes = grid(4, 3)
    >>> len(axes), len(fig.axes), fig.get_size_inches().tolist()
    (4, 4, [6.0, 4.6])
    """
    n = _validate.integer(n, "n", minimum=1)
    ncols = min(_validate.integer(ncols, "ncols", minimum=1), n)
    nrows = math.ceil(n / ncols)
    figsize = figsize or (cell * ncols, (cell + 0.3) * nrows)
    fig, axes = plt.subplots(nrows, ncols, figsize=figsize, squeeze=False)
    axes = list(axes.ravel())
    for ax in axes[n:]:
        fig.delaxes(ax)
    return fig, axes[:n]
