"""Verified downloads: SHA-256, atomic write (`.part` file, then rename), a file lock so two
processes never write the same file twice, and a progress bar.

A file written here gets a `<name>.sha256` marker next to it, written after the rename: that is
how `dlcourse.data` knows the file is ours (and may be replaced when it no longer matches), as
opposed to a user's copy. A `.part` file never outlives its download: it is removed when the
download fails or is interrupted (Ctrl-C), and one left by a killed process is removed by the
next download of the same file (under the lock, only when its process is gone).
"""

import errno
import hashlib
import os
import stat
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

MARKER_SUFFIX = ".sha256"
TIMEOUT = 30  # seconds without data before a download is abandoned
_CHUNK = 1 << 20
_VERIFIED: dict[tuple[str, int, int], dict[str, str]] = {}


class DownloadError(OSError):
    """Every URL of a file failed (network down, server error or checksum mismatch)."""


class NoSpaceError(DownloadError):
    """The folder's disk (or quota) is full: another folder may still take the download."""


_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def digests(path: Path) -> dict[str, str]:
    """SHA-256 and MD5 of a file, remembered per (path, size, mtime) so a warm reload is cheap."""
    st = os.stat(path)
    key = (str(Path(path).resolve()), st.st_size, st.st_mtime_ns)
    if key not in _VERIFIED:
        sha, md5 = hashlib.sha256(), hashlib.md5(usedforsecurity=False)
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(_CHUNK), b""):
                sha.update(block)
                md5.update(block)
        _VERIFIED[key] = {"sha256": sha.hexdigest(), "md5": md5.hexdigest()}
    return _VERIFIED[key]


def matches(found: dict[str, str], accepted: tuple[str, ...]) -> bool:
    """True when one of the `accepted` digests ("sha256:<hex>" or "md5:<hex>") is in `found`."""
    for entry in accepted:
        algorithm, _, value = entry.rpartition(":")
        if found.get(algorithm or "sha256") == value.lower():
            return True
    return False


def sha256_file(path: Path) -> str:
    """SHA-256 of a file (memoised, see `digests`)."""
    return digests(path)["sha256"]


def is_ours(path: Path) -> bool:
    """True when `path` was written by `fetch` (its marker file exists)."""
    return Path(str(path) + MARKER_SUFFIX).is_file()


def writable_dir(folder: Path) -> str | None:
    """Return None when files can be created in `folder` (created if missing), else why not.

    A folder whose permission bits allow nobody to write counts as read-only even for root.
    """
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        return f"cannot create it ({e.strerror or e})"
    if not folder.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        return "read-only (no write permission bits)"
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".dlcourse-probe-"):
            pass
    except OSError as e:
        return f"not writable ({e.strerror or e})"
    return None


def _fetch_one(url: str, part: Path, *, desc: str, verbose: bool) -> dict[str, str]:
    from tqdm.auto import tqdm

    sha, md5 = hashlib.sha256(), hashlib.md5(usedforsecurity=False)
    with urllib.request.urlopen(url, timeout=TIMEOUT) as response, open(part, "wb") as out:
        total = int(response.headers.get("Content-Length") or 0) or None
        with tqdm(total=total, unit="B", unit_scale=True, desc=desc, disable=not verbose,
                  leave=False) as bar:
            for block in iter(lambda: response.read(_CHUNK), b""):
                out.write(block)
                sha.update(block)
                md5.update(block)
                bar.update(len(block))
        out.flush()
        os.fsync(out.fileno())
    return {"sha256": sha.hexdigest(), "md5": md5.hexdigest()}


def fetch(urls: tuple[str, ...], dest: Path, accepted: tuple[str, ...], *,
          verbose: bool = True) -> Path:
    """Download `dest` from the first URL whose bytes match one of the `accepted` digests
    (`"sha256:<hex>"` or `"md5:<hex>"`).

    The bytes go to `<dest>.<pid>.part` and are renamed onto `dest` only after the checksum
    matched; the marker (see `is_ours`) is written after the rename. The `.part` file is removed
    when a URL fails and when the download is interrupted (Ctrl-C); ones left by killed processes
    are removed first (`remove_stale_parts`). A file lock (`dest.lock`) serialises processes: a
    process that waited finds the finished file and does not download it again. An existing
    `dest` is only replaced when it is ours.

    Raises:
        NoSpaceError: when the disk (or quota) is full; nothing is left behind, and the caller
            may try another folder.
        DownloadError: when every URL failed; the message lists each URL and why.
        FileExistsError: when `dest` exists, is not ours and does not match.
    """
    from filelock import FileLock

    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(dest) + ".lock"):
        if dest.is_file():
            if matches(digests(dest), accepted):
                return dest  # another process finished it while we waited
            if not is_ours(dest):
                raise FileExistsError(
                    f"{dest} exists, is not a dlcourse download and does not match the official "
                    "checksum; it was left untouched. Move it away to download a fresh copy."
                )
        remove_stale_parts(dest)
        failures = []
        part = dest.with_name(f"{dest.name}.{os.getpid()}.part")
        for url in urls:
            try:
                got = _fetch_one(url, part, desc=dest.name, verbose=verbose)
            except (urllib.error.URLError, OSError, ValueError) as e:
                part.unlink(missing_ok=True)
                if isinstance(e, OSError) and e.errno in _FULL:
                    raise NoSpaceError(e.errno, f"{dest.parent} is full ({e.strerror})") from e
                failures.append(f"{url}: {getattr(e, 'reason', None) or e}")
                continue
            except BaseException:  # Ctrl-C (KeyboardInterrupt), SystemExit: leave nothing behind
                part.unlink(missing_ok=True)
                raise
            if not matches(got, accepted):
                failures.append(f"{url}: checksum does not match (got SHA-256 {got['sha256']}; "
                                f"expected {' or '.join(accepted)})")
                part.unlink(missing_ok=True)
                continue
            os.replace(part, dest)
            Path(str(dest) + MARKER_SUFFIX).write_text(f"{got['sha256']}  {dest.name}\n")
            return dest
        raise DownloadError("; ".join(failures))


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # ours, from an earlier attempt in this process: not in use any more
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists but belongs to someone else (PermissionError), or cannot tell
        return True
    return True


def remove_stale_parts(dest: Path) -> list[Path]:
    """Remove `dest`'s `.part` files left by processes that no longer run; return them.

    Call with `dest`'s lock held: then no live process is writing one. A `.part` whose process
    id is still alive (or cannot be read) is kept, in case the lock is not honoured.
    """
    removed = []
    for part in Path(dest).parent.glob(f"{Path(dest).name}.*.part"):
        pid = part.name[len(Path(dest).name) + 1: -len(".part")]
        if pid.isdigit() and not _alive(int(pid)):
            part.unlink(missing_ok=True)
            removed.append(part)
    return removed


__all__ = ["DownloadError", "NoSpaceError", "digests", "fetch", "is_ours", "matches",
           "remove_stale_parts", "sha256_file", "writable_dir"]
