"""Small preprocessing steps the notebooks need: scale to [0, 1], one-hot labels, a channel
axis and a stratified subset for quick runs."""

import numpy as np

from dlcourse import _validate


def scale01(x: np.ndarray) -> np.ndarray:
    """Scale images to float32 in [0, 1].

    Args:
        x: `uint8` pixels (0..255), divided by 255; or floats already in [0, 1], returned as
            float32 unchanged.

    Returns:
        float32 array of the same shape, values in [0, 1].

    Raises:
        ValueError: for other dtypes or floats outside [0, 1] (scaling twice, or raw floats).

    Example:

    >>> scale01(np.array([0, 255], dtype=np.uint8)).tolist()
    [0.0, 1.0]
    """
    x = np.asarray(x)
    if x.dtype == np.uint8:
        return x.astype(np.float32) / np.float32(255.0)
    if np.issubdtype(x.dtype, np.floating):
        if x.size and (np.nanmin(x) < 0 or np.nanmax(x) > 1):
            raise ValueError(
                "scale01() expects uint8 pixels (0..255) or floats already in [0, 1]; these "
                "floats are outside [0, 1]: convert raw pixels with x.astype('uint8') first or "
                f"scale them yourself. Received: x with dtype={x.dtype}, min={np.nanmin(x)}, "
                f"max={np.nanmax(x)}"
            )
        return x.astype(np.float32)
    raise ValueError(
        "scale01() expects uint8 pixels (0..255) or floats in [0, 1]. Received: "
        f"x with dtype={x.dtype}"
    )


def one_hot(y: np.ndarray, num_classes: int | None = None) -> np.ndarray:
    """One-hot encode integer labels (`keras.utils.to_categorical`).

    Args:
        y: integer labels of shape (n,) or (n, 1).
        num_classes: number of classes. Defaults to None, meaning `max(y) + 1`.

    Returns:
        float32 array of shape (n, num_classes).

    Raises:
        ValueError: for non-integer labels, other shapes, negative labels or labels
            `>= num_classes`.

    Example:

    >>> one_hot(np.array([0, 2]), 3).tolist()
    [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
    """
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim != 1:
        raise ValueError(
            f"one_hot() expects labels of shape (n,) or (n, 1). Received: y with shape {y.shape}"
        )
    if not np.issubdtype(y.dtype, np.integer):
        raise ValueError(
            "one_hot() expects integer class labels; it looks like y is already one-hot or "
            f"holds probabilities (use y.argmax(-1)). Received: y with dtype={y.dtype}"
        )
    if y.size and y.min() < 0:
        raise ValueError(f"one_hot() expects labels >= 0. Received: y with min={y.min()}")
    if num_classes is not None:
        if y.size and y.max() >= num_classes:
            raise ValueError(
                f"Labels must be < num_classes; pass num_classes={int(y.max()) + 1} or more. "
                f"Received: num_classes={num_classes!r} with max label {int(y.max())}"
            )
    from keras.utils import to_categorical

    return to_categorical(y, num_classes=num_classes).astype(np.float32)


def add_channel_axis(x: np.ndarray) -> np.ndarray:
    """Add a trailing channel axis to grey images: (n, h, w) -> (n, h, w, 1).

    Args:
        x: array of shape (n, h, w).

    Returns:
        a view of shape (n, h, w, 1), same dtype.

    Raises:
        ValueError: for any other rank.

    Example:

    >>> add_channel_axis(np.zeros((5, 28, 28))).shape
    (5, 28, 28, 1)
    """
    x = np.asarray(x)
    if x.ndim != 3:
        hint = " It already has a channel axis." if x.ndim == 4 else ""
        raise ValueError(
            f"add_channel_axis() expects grey images of shape (n, h, w).{hint} "
            f"Received: x with shape {x.shape}"
        )
    return x[..., np.newaxis]


def stratified_subset(
    x: np.ndarray, y: np.ndarray, n: int, *, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """A seeded subset of n examples with the class proportions of y.

    Args:
        x: examples, first axis = examples.
        y: labels of shape (n_total,) or (n_total, 1).
        n: number of examples to keep. `n >= len(x)` returns all of them (in original order).
        seed: random seed. Defaults to 0.

    Returns:
        `(x_subset, y_subset)`, same dtypes and trailing shapes.

    Raises:
        ValueError: for `n < 1`, different lengths of x and y, or n smaller than the number
            of classes.

    Example:

    >>> x, y = np.arange(20), np.repeat([0, 1], 10)
    >>> xs, ys = stratified_subset(x, y, 4)
    >>> sorted(ys.tolist())
    [0, 0, 1, 1]
    """
    n = _validate.integer(n, "n", minimum=1)
    if len(x) != len(y):
        raise ValueError(
            f"x and y must have the same length. Received: len(x)={len(x)}, len(y)={len(y)}"
        )
    if n >= len(x):
        return x, y
    labels = np.asarray(y).reshape(len(y), -1)[:, 0]
    n_classes = len(np.unique(labels))
    if n < n_classes:
        raise ValueError(
            f"n must be at least the number of classes ({n_classes}) to keep every class. "
            f"Received: n={n!r}"
        )
    from sklearn.model_selection import train_test_split

    idx, _ = train_test_split(
        np.arange(len(x)), train_size=int(n), stratify=labels, random_state=seed
    )
    idx = np.sort(idx)
    return x[idx], y[idx]
