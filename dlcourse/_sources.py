"""Where each data set may be found: the canonical downloads with their checksums, the local
folders searched (in order), and whether a candidate file is usable (exists, checksum matches).
Nothing here parses or downloads data; see `dlcourse.data` for the loaders.
"""

import os
from dataclasses import dataclass
from pathlib import Path

from dlcourse import _download
from dlcourse._formats import IDX_FILES


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
# MNIST's original IDX files (as torchvision records them). Keras downloads MNIST as mnist.npz;
# these only serve to recognise the IDX files, which share their names with Fashion-MNIST's.
_MNIST_MD5 = {
    "train-images-idx3-ubyte.gz": "f68b3c2dcbeaaa9fbdd348bbdeb94873",
    "train-labels-idx1-ubyte.gz": "d53e105ee54ea40749a09fcbcd1e9432",
    "t10k-images-idx3-ubyte.gz": "9fb629c4189551a2d022fa330f9573f3",
    "t10k-labels-idx1-ubyte.gz": "ec29112dd5afa0611ce80d1b7f02629c",
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
# Digests that identify the IDX files of each data set (same four file names for both).
IDX_DIGESTS: dict[str, dict[str, tuple[str, ...]]] = {
    "mnist": {f: (f"md5:{_MNIST_MD5[f]}",) for f in IDX_FILES},
    "fashion_mnist": {f: (f"sha256:{_FASHION_SHA256[f]}", f"md5:{_FASHION_MD5[f]}")
                      for f in IDX_FILES},
}
# System copies: folders under the roots named by DLCOURSE_SYSTEM_DATASETS (os.pathsep-separated;
# default Debian's /usr/share/datasets; an empty value turns them off, as on a machine without
# them).
_SYSTEM_ROOTS = os.environ.get("DLCOURSE_SYSTEM_DATASETS", "/usr/share/datasets")
SYSTEM_DIRS: dict[str, tuple[Path, ...]] = {
    "fashion_mnist": tuple(Path(root) / "fashion-mnist"
                           for root in _SYSTEM_ROOTS.split(os.pathsep) if root),
}


@dataclass(frozen=True)
class Spec:
    title: str
    npz: tuple[str, ...]
    idx_dirs: tuple[str, ...]
    image_shape: tuple[int, ...]
    full: tuple[int, int]


SPECS = {
    "mnist": Spec("MNIST", ("mnist.npz",), ("mnist",), (28, 28), (60_000, 10_000)),
    "fashion_mnist": Spec("Fashion-MNIST", ("fashion-mnist.npz", "fashion_mnist.npz"),
                           ("fashion-mnist", "fashion_mnist"), (28, 28), (60_000, 10_000)),
    "cifar10": Spec("CIFAR-10", ("cifar10.npz", "cifar10-subset.npz"), (), (32, 32, 3),
                     (50_000, 10_000)),
}
CIFAR_TARS = ("cifar-10-python.tar.gz",)
KERAS_CIFAR_TARS = ("cifar-10-python.tar.gz", "cifar-10-batches-py-target_archive",
                     "cifar-10-batches-py.tar.gz")
KERAS_CIFAR_DIRS = ("cifar-10-batches-py-target/cifar-10-batches-py", "cifar-10-batches-py")


@dataclass(frozen=True)
class Candidate:
    path: Path
    kind: str  # "npz" | "idx" | "tar" | "dir"
    label: str
    trust: str  # "user" (validate structure) | "verified" (must match the official SHA-256)
    # | "identify": IDX files at the top of a folder, whose names do not say which data set they
    # hold; used only when their checksums prove they are this data set's.

    @property
    def shown(self) -> str:
        """The file and the place it was found, e.g. `mnist.npz (DLCOURSE_DATA_DIR)`: printed
        lines name no machine path, so notebook outputs are the same on every machine."""
        return f"{self.path.name} ({self.label})"


def repo_data_dir() -> Path | None:
    folder = Path(__file__).resolve().parent.parent / "data"
    return folder if folder.is_dir() else None


def keras_datasets_dir() -> Path:
    home = os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")
    return Path(home) / "datasets"


def user_dirs(data_dir) -> list[tuple[Path, str]]:
    dirs = []
    if data_dir is not None:
        dirs.append((Path(data_dir).expanduser(), "data_dir argument"))
    elif os.environ.get("DLCOURSE_DATA_DIR"):
        dirs.append((Path(os.environ["DLCOURSE_DATA_DIR"]).expanduser(), "DLCOURSE_DATA_DIR"))
    repo = repo_data_dir()
    if repo is not None:
        dirs.append((repo, "repository data/"))
    return dirs


def candidates(name: str, data_dir) -> list[Candidate]:
    spec, out = SPECS[name], []
    for folder, label in user_dirs(data_dir):
        out += [Candidate(folder / f, "npz", label, "user") for f in spec.npz]
        if name != "cifar10":
            out.append(Candidate(folder, "idx", label, "identify"))
            out += [Candidate(folder / sub, "idx", label, "user") for sub in spec.idx_dirs]
        else:
            out += [Candidate(folder / f, "tar", label, "verified") for f in CIFAR_TARS]
            out.append(Candidate(folder / "cifar-10-batches-py", "dir", label, "user"))
    keras = keras_datasets_dir()
    if name == "mnist":
        out.append(Candidate(keras / "mnist.npz", "npz", "Keras cache", "verified"))
    elif name == "fashion_mnist":
        out.append(Candidate(keras / "fashion-mnist", "idx", "Keras cache", "verified"))
    else:
        out += [Candidate(keras / f, "tar", "Keras cache", "verified") for f in KERAS_CIFAR_TARS]
        out += [Candidate(keras / d, "dir", "Keras cache", "user") for d in KERAS_CIFAR_DIRS]
    out += [Candidate(d, "idx", "system copy", "verified") for d in SYSTEM_DIRS.get(name, ())]
    return out


def official(name: str, path: Path) -> tuple[str, ...] | None:
    """The accepted digests for a file of data set `name` (None when none are known)."""
    for remote in REMOTE[name]:
        if Path(remote.filename).name == path.name or (
            name == "cifar10" and path.suffix != ".npz"
        ):
            return remote.accepted
    return None


def files_of(cand: Candidate) -> list[Path]:
    """The files of a candidate that a checksum can apply to (none for a batches folder)."""
    if cand.kind == "dir":
        return []
    return [cand.path / f for f in IDX_FILES] if cand.kind == "idx" else [cand.path]


def checksum_problem(name: str, cand: Candidate) -> str | None:
    """Why a file that must match the official checksum cannot be used (None when it matches)."""
    for path in files_of(cand):
        needs = cand.trust == "verified" or _download.is_ours(path)
        expected = official(name, path) if needs else None
        if needs and expected is None:
            return f"no official checksum is known for {path.name}"
        if expected is not None and not _download.matches(_download.digests(path), expected):
            return f"{path} does not match the official checksum ({' or '.join(expected)})"
    return None


class Refusal(str):
    """A reason not to use a candidate that must stop the loader (a `DatasetFileError`) instead
    of letting it fall back to another source: the user's files are there but ambiguous or wrong."""


def identify_idx(folder: Path) -> str | None:
    """The data set whose official IDX files are in `folder` ("mnist", "fashion_mnist"), or None.

    MNIST and Fashion-MNIST use the same four file names, so only checksums can tell them apart.
    """
    for name, known in IDX_DIGESTS.items():
        if all(_download.matches(_download.digests(folder / f), known[f]) for f in IDX_FILES):
            return name
    return None


def idx_problem(name: str, cand: Candidate) -> str | None:
    """Why the IDX files of `cand` are not data set `name`'s (None when nothing says so)."""
    if cand.kind != "idx" or name not in IDX_DIGESTS:
        return None
    found = identify_idx(cand.path)
    title = SPECS[name].title
    if found is not None and found != name:
        other = SPECS[found].title
        if cand.trust == "identify":  # e.g. Fashion-MNIST's files, seen by the MNIST loader
            return f"holds {other}'s IDX files (their checksums say so), not {title}'s"
        return Refusal(f"{cand.path} holds {other}'s IDX files (their checksums say so), not "
                       f"{title}'s; move them into a subfolder named for their data set")
    if found is None and cand.trust == "identify":
        subfolders = " or ".join(f"{d}/" for d in SPECS[name].idx_dirs)
        return Refusal(
            f"{cand.path} holds four IDX files whose names do not say which data set they are "
            "(MNIST and Fashion-MNIST use the same names) and whose checksums match neither "
            f"official copy; move them into a subfolder named for the data set ({subfolders} "
            f"for {title}) so they are used"
        )
    return None


def status(name: str, cand: Candidate) -> str | None:
    """None when `cand` is usable, else the reason it is not (checksums checked, not parsed)."""
    files = files_of(cand)
    exists = cand.path.is_dir() if cand.kind in ("idx", "dir") else cand.path.is_file()
    if not exists:
        return "not found"
    missing = [f.name for f in files if not f.is_file()]
    if missing:
        return f"not found ({', '.join(missing)} missing)"
    return idx_problem(name, cand) or checksum_problem(name, cand)
