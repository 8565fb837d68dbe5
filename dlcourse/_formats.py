"""Readers that validate dataset files before any array is returned.

Every reader raises `DatasetFileError` naming the file, what is wrong and how to fix it. Nothing
here downloads, deletes or writes files. `np.load` never allows pickles; CIFAR-10 batch pickles
are read with a restricted unpickler that only rebuilds NumPy arrays.
"""

import gzip
import io
import pickle
import posixpath
import tarfile
import zipfile
from pathlib import Path

import numpy as np

IDX_FILES = (
    "train-images-idx3-ubyte.gz",
    "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
)
CIFAR_TRAIN_BATCHES = tuple(f"data_batch_{i}" for i in range(1, 6))
CIFAR_TEST_BATCH = "test_batch"
_IDX_MAGIC = {2049: 1, 2051: 3}  # labels: 1 dimension, images: 3 dimensions

Split = tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]


class DatasetFileError(ValueError):
    """A dataset file exists but is not usable (corrupt, truncated or the wrong layout)."""


def _fail(path, problem: str, fix: str):
    raise DatasetFileError(f"{path}: {problem}. {fix}")


def _check_split(path, x, y, image_shape, num_classes, part) -> tuple[np.ndarray, np.ndarray]:
    fix = "Replace the file with a good copy (or remove it so another source is used)."
    if x.dtype != np.uint8:
        _fail(path, f"x_{part} has dtype {x.dtype}, expected uint8 pixels 0..255", fix)
    if x.ndim != 1 + len(image_shape) or tuple(x.shape[1:]) != tuple(image_shape):
        want = ", ".join(map(str, image_shape))
        _fail(path, f"x_{part} has shape {x.shape}, expected (n, {want})", fix)
    if not np.issubdtype(y.dtype, np.integer):
        _fail(path, f"y_{part} has dtype {y.dtype}, expected integer class labels", fix)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim != 1:
        _fail(path, f"y_{part} has shape {y.shape}, expected (n,) or (n, 1)", fix)
    if len(x) != len(y):
        _fail(path, f"x_{part} has {len(x)} images but y_{part} has {len(y)} labels", fix)
    if len(y) and (y.min() < 0 or y.max() >= num_classes):
        _fail(path, f"y_{part} has labels outside 0..{num_classes - 1} "
              f"(min {y.min()}, max {y.max()})", fix)
    return x, y.astype(np.uint8)


def read_npz(path: Path, *, image_shape: tuple, num_classes: int = 10) -> Split:
    """Read and validate a Keras-layout npz (x_train, y_train, x_test, y_test; uint8)."""
    fix = ("Replace it with a good copy (keys x_train, y_train, x_test, y_test, uint8), or remove "
           "it so another source is used.")
    try:
        with np.load(path, allow_pickle=False) as f:
            missing = [k for k in ("x_train", "y_train", "x_test", "y_test") if k not in f.files]
            if missing:
                _fail(path, f"missing arrays {missing} (found {f.files})", fix)
            arrays = {k: f[k] for k in ("x_train", "y_train", "x_test", "y_test")}
    except DatasetFileError:
        raise
    except ValueError as e:  # object arrays need pickles, which are refused
        _fail(path, f"cannot be read without allowing pickles ({e})", fix)
    except (zipfile.BadZipFile, OSError, EOFError, KeyError) as e:
        _fail(path, f"is not a readable .npz file, probably corrupt or truncated ({e})", fix)
    train = _check_split(path, arrays["x_train"], arrays["y_train"], image_shape, num_classes,
                         "train")
    test = _check_split(path, arrays["x_test"], arrays["y_test"], image_shape, num_classes, "test")
    return train, test


def read_idx_gz(path: Path) -> np.ndarray:
    """Read one gzipped IDX file (MNIST/Fashion-MNIST layout) into a uint8 array."""
    fix = ("Replace it with a good copy of the original file, or remove it so another source "
           "is used.")
    try:
        with gzip.open(path, "rb") as f:
            data = f.read()
    except (OSError, EOFError, zipfile.BadZipFile) as e:
        _fail(path, f"is not a complete gzip file, probably truncated or corrupt ({e})", fix)
    if len(data) < 8:
        _fail(path, f"is too short for an IDX file ({len(data)} bytes)", fix)
    magic = int.from_bytes(data[:4], "big")
    if magic not in _IDX_MAGIC:
        _fail(path, f"has IDX magic number {magic}, expected 2049 (labels) or 2051 (images)", fix)
    ndim = _IDX_MAGIC[magic]
    header = 4 + 4 * ndim
    if len(data) < header:
        _fail(path, "has an incomplete IDX header", fix)
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    expected = header + int(np.prod(dims))
    if len(data) != expected:
        _fail(path, f"holds {len(data) - header} data bytes, the header {dims} says "
              f"{expected - header}", fix)
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(dims)


def read_idx_set(folder: Path, *, num_classes: int = 10) -> Split:
    """Read and validate the four IDX files of MNIST or Fashion-MNIST in `folder`."""
    x_tr, y_tr, x_te, y_te = (read_idx_gz(folder / name) for name in IDX_FILES)
    for name, arr, ndim in zip(IDX_FILES, (x_tr, y_tr, x_te, y_te), (3, 1, 3, 1), strict=True):
        if arr.ndim != ndim:
            _fail(folder / name, f"holds a {arr.ndim}-D array, expected {ndim}-D",
                  "The four files may be swapped; check their names.")
    train = _check_split(folder / IDX_FILES[0], x_tr, y_tr, (28, 28), num_classes, "train")
    test = _check_split(folder / IDX_FILES[2], x_te, y_te, (28, 28), num_classes, "test")
    return train, test


class _ArrayUnpickler(pickle.Unpickler):
    """Unpickler that can only rebuild NumPy arrays, lists, dicts, bytes and numbers."""

    _ALLOWED = {
        ("numpy.core.multiarray", "_reconstruct"),
        ("numpy._core.multiarray", "_reconstruct"),
        ("numpy", "ndarray"),
        ("numpy", "dtype"),
        ("_codecs", "encode"),  # how Python 3 protocol-2 pickles store bytes
    }

    def find_class(self, module, name):
        if (module, name) not in self._ALLOWED:
            raise pickle.UnpicklingError(
                f"refusing to load {module}.{name}: CIFAR-10 batches only contain NumPy arrays"
            )
        return super().find_class(module, name)


def _parse_batch(where: str, raw: bytes) -> tuple[np.ndarray, np.ndarray]:
    fix = "Use the official cifar-10-python.tar.gz (or remove this copy so another source is used)."
    try:
        d = _ArrayUnpickler(io.BytesIO(raw), encoding="bytes").load()
    except Exception as e:  # any unpickling failure means an unusable batch
        _fail(where, f"is not a valid CIFAR-10 batch ({type(e).__name__}: {e})", fix)
    if not isinstance(d, dict):
        _fail(where, f"holds a {type(d).__name__}, expected a dict", fix)
    d = {k.decode() if isinstance(k, bytes) else k: v for k, v in d.items()}
    if "data" not in d or "labels" not in d:
        _fail(where, f"has keys {sorted(d)}, expected 'data' and 'labels'", fix)
    data, labels = np.asarray(d["data"]), np.asarray(d["labels"])
    if data.dtype != np.uint8 or data.ndim != 2 or data.shape[1] != 3072:
        _fail(where, f"has data {data.shape} {data.dtype}, expected (n, 3072) uint8", fix)
    x = data.reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
    return x, labels


def _assemble(where, batches: dict[str, tuple[np.ndarray, np.ndarray]]) -> Split:
    x_tr = np.concatenate([batches[b][0] for b in CIFAR_TRAIN_BATCHES])
    y_tr = np.concatenate([batches[b][1] for b in CIFAR_TRAIN_BATCHES])
    x_tr, y_tr = _check_split(where, x_tr, y_tr, (32, 32, 3), 10, "train")
    x_te, y_te = _check_split(where, *batches[CIFAR_TEST_BATCH], (32, 32, 3), 10, "test")
    return (x_tr, y_tr.reshape(-1, 1)), (x_te, y_te.reshape(-1, 1))


def read_cifar_dir(folder: Path) -> Split:
    """Read the CIFAR-10 python batches from an extracted `cifar-10-batches-py/` folder."""
    missing = [b for b in (*CIFAR_TRAIN_BATCHES, CIFAR_TEST_BATCH) if not (folder / b).is_file()]
    if missing:
        _fail(folder, f"is missing the batch files {missing}",
              "Extract the complete cifar-10-python.tar.gz there, or remove the folder.")
    batches = {b: _parse_batch(str(folder / b), (folder / b).read_bytes())
               for b in (*CIFAR_TRAIN_BATCHES, CIFAR_TEST_BATCH)}
    return _assemble(folder, batches)


def _safe_member(name: str) -> bool:
    norm = posixpath.normpath(name)
    return not (name.startswith(("/", "\\")) or norm == ".." or norm.startswith("../")
                or "\\" in name or ":" in name.split("/")[0])


def read_cifar_tar(path: Path) -> Split:
    """Read the CIFAR-10 batches straight from the tarball, without extracting anything.

    Call only for an archive whose SHA-256 matched the official one.
    """
    fix = "Download the official cifar-10-python.tar.gz again, or remove this file."
    wanted = {f"cifar-10-batches-py/{b}": b for b in (*CIFAR_TRAIN_BATCHES, CIFAR_TEST_BATCH)}
    batches = {}
    try:
        with tarfile.open(path, "r:*") as tar:
            for member in tar:
                if not _safe_member(member.name):
                    _fail(path, f"has a member path escaping the target folder: {member.name!r}",
                          fix)
                if member.name in wanted and member.isfile():
                    raw = tar.extractfile(member).read()
                    batches[wanted[member.name]] = _parse_batch(f"{path}:{member.name}", raw)
    except DatasetFileError:
        raise
    except (tarfile.TarError, OSError, EOFError) as e:
        _fail(path, f"is not a readable tar.gz archive ({e})", fix)
    missing = sorted(set(wanted.values()) - set(batches))
    if missing:
        _fail(path, f"does not contain cifar-10-batches-py/{missing}", fix)
    return _assemble(path, batches)
