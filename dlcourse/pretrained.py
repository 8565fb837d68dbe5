"""Trained weights that ship with the course, checked against their SHA-256 before use.

``dlcourse/weights/`` holds, per network, a weights file (Keras' ``save_weights`` format) and a
JSON manifest written by the script that trained it: the file's SHA-256 and size, the builder
and its arguments, the recipe, the data, the per-epoch training log and the measured times.

Example:

>>> from dlcourse import pretrained
>>> model = pretrained.cifar10_cnn()                    # doctest: +SKIP
>>> pretrained.manifest("cifar10_cnn")["test_accuracy"]  # doctest: +SKIP
"""

from __future__ import annotations

import json
from pathlib import Path

from dlcourse._download import sha256_file

__all__ = ["WEIGHTS_DIR", "WeightsError", "cifar10_cnn", "cifar10_fast_cnn", "manifest", "verify"]

WEIGHTS_DIR = Path(__file__).resolve().parent / "weights"
_RETRAIN = "python scripts/train_cifar10.py --force"


class WeightsError(ValueError):
    """A weights file or its manifest is missing, partial or corrupt."""


def manifest(name: str = "cifar10_cnn", *, folder: str | Path | None = None) -> dict:
    """The manifest of shipped weights: SHA-256, recipe, data, training log and times.

    Args:
        name: the weights' name, e.g. "cifar10_cnn". Defaults to "cifar10_cnn".
        folder: where the weights live. Defaults to the package's ``weights`` folder.

    Returns:
        The manifest as a dict (keys include "sha256", "builder_kwargs", "log",
        "test_accuracy", "train_cpu_seconds", "train_wall_seconds").

    Raises:
        WeightsError: if the manifest is missing or is not valid JSON.
    """
    path = Path(folder or WEIGHTS_DIR) / f"{name}.json"
    if not path.is_file():
        known = sorted(p.stem for p in Path(folder or WEIGHTS_DIR).glob("*.json"))
        raise WeightsError(f"No manifest {path.name} in {path.parent} (known: {known}). "
                           "Reinstall dlcourse, or train the weights: " + _RETRAIN)
    try:
        return json.loads(path.read_text())
    except json.JSONDecodeError as err:
        raise WeightsError(f"The manifest {path} is not valid JSON ({err}); reinstall "
                           "dlcourse or restore it with git.") from err


def verify(name: str = "cifar10_cnn", *, folder: str | Path | None = None) -> Path:
    """Check a weights file against the SHA-256 and size in its manifest.

    Args:
        name: the weights' name. Defaults to "cifar10_cnn".
        folder: where the weights live. Defaults to the package's ``weights`` folder.

    Returns:
        The path of the verified weights file.

    Raises:
        WeightsError: if the file is missing, has the wrong size (partial download, Git LFS
            pointer) or the wrong SHA-256 (corrupt or replaced).
    """
    info = manifest(name, folder=folder)
    path = Path(folder or WEIGHTS_DIR) / info["file"]
    if not path.is_file():
        raise WeightsError(f"The weights file {path} is missing; reinstall dlcourse or train "
                           "it: " + _RETRAIN)
    size = path.stat().st_size
    if size != info["bytes"]:
        raise WeightsError(
            f"The weights file {path} has {size:,} bytes, its manifest says {info['bytes']:,}: "
            "the file is partial or corrupt (an interrupted copy, or a Git LFS pointer). "
            "Reinstall dlcourse or restore the file with git."
        )
    digest = sha256_file(path)
    if digest != info["sha256"]:
        raise WeightsError(
            f"The weights file {path} does not match its manifest's SHA-256 "
            f"(file {digest[:12]}..., manifest {info['sha256'][:12]}...): it is corrupt or was "
            "replaced. Reinstall dlcourse or restore the file with git."
        )
    return path


def cifar10_cnn(*, folder: str | Path | None = None):
    """The course's CIFAR-10 network (`dlcourse.cnn.cnn`) with the shipped trained weights.

    The weights file is checked against its manifest's SHA-256 before it is loaded. The model
    is uncompiled; it expects images scaled to [0, 1], shape (n, 32, 32, 3), and outputs the
    probabilities of the 10 classes in `dlcourse.data.CIFAR10_CLASSES`' order.

    Args:
        folder: where the weights live. Defaults to the package's ``weights`` folder.

    Returns:
        A `keras.Model` named "cnn" with the trained weights.

    Raises:
        WeightsError: if the weights or the manifest are missing, partial or corrupt.

    Example:

    >>> model = cifar10_cnn()  # doctest: +SKIP
    >>> model.predict(x_test[:5] / 255, verbose=0).argmax(1)  # doctest: +SKIP
    """
    from dlcourse.cnn import cnn

    path = verify("cifar10_cnn", folder=folder)
    kwargs = dict(manifest("cifar10_cnn", folder=folder)["builder_kwargs"])
    kwargs["filters"] = tuple(kwargs["filters"])
    model = cnn(**kwargs)
    model.load_weights(path)
    return model


def cifar10_fast_cnn(*, folder: str | Path | None = None):
    """The fast CIFAR-10 network (`dlcourse.fastcnn.fast_cnn`) with its trained weights.

    Checked against its manifest's SHA-256 before loading, like `cifar10_cnn`. The model is
    uncompiled; it expects images scaled to [0, 1], shape (n, 32, 32, 3), and outputs
    logits (not probabilities) of the 10 classes; `dlcourse.fastrecipe.predict_tta` averages
    them over flipped and shifted copies.

    Args:
        folder: where the weights live. Defaults to the package's ``weights`` folder.

    Returns:
        A `keras.Model` named "fast_cnn" with the trained weights.

    Raises:
        WeightsError: if the weights or the manifest are missing, partial or corrupt (the
            fast network's weights are trained with
            ``python scripts/train_cifar10.py --recipe fast``).
    """
    from dlcourse.fastcnn import fast_cnn

    path = verify("cifar10_fast_cnn", folder=folder)
    model = fast_cnn(**manifest("cifar10_fast_cnn", folder=folder)["builder_kwargs"])
    model.load_weights(path)
    return model
