"""Verified downloads: SHA-256, atomic write (`.part` file, then rename), a file lock so two
processes never write the same file twice, and a progress bar.

A file written here gets a `<name>.sha256` marker next to it: that is how `dlcourse.data` knows
the file is ours (and may be replaced when it no longer matches), as opposed to a user's copy.
"""

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
_VERIFIED: dict[tuple[str, int, int], str] = {}


class DownloadError(OSError):
    """Every URL of a file failed (network down, server error or checksum mismatch)."""


def sha256_file(path: Path) -> str:
    """SHA-256 of a file, remembered per (path, size, mtime) so a warm reload is cheap."""
    st = os.stat(path)
    key = (str(Path(path).resolve()), st.st_size, st.st_mtime_ns)
    if key not in _VERIFIED:
        digest = hashlib.sha256()
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(_CHUNK), b""):
                digest.update(block)
        _VERIFIED[key] = digest.hexdigest()
    return _VERIFIED[key]


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


def _fetch_one(url: str, part: Path, *, desc: str, verbose: bool) -> str:
    from tqdm.auto import tqdm

    digest = hashlib.sha256()
    with urllib.request.urlopen(url, timeout=TIMEOUT) as response, open(part, "wb") as out:
        total = int(response.headers.get("Content-Length") or 0) or None
        with tqdm(total=total, unit="B", unit_scale=True, desc=desc, disable=not verbose,
                  leave=False) as bar:
            for block in iter(lambda: response.read(_CHUNK), b""):
                out.write(block)
                digest.update(block)
                bar.update(len(block))
        out.flush()
        os.fsync(out.fileno())
    return digest.hexdigest()


def fetch(urls: tuple[str, ...], dest: Path, sha256: str, *, verbose: bool = True) -> Path:
    """Download `dest` from the first URL that gives the expected SHA-256.

    The bytes go to `dest.part` (unique per process) and are renamed onto `dest` only after the
    checksum matched. A file lock (`dest.lock`) serialises processes: a process that waited finds
    the finished file and does not download it again. An existing `dest` is only replaced when it
    is ours (see `is_ours`).

    Raises:
        DownloadError: when every URL failed; the message lists each URL and why.
        FileExistsError: when `dest` exists, is not ours and does not match.
    """
    from filelock import FileLock

    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(dest) + ".lock"):
        if dest.is_file():
            if sha256_file(dest) == sha256:
                return dest  # another process finished it while we waited
            if not is_ours(dest):
                raise FileExistsError(
                    f"{dest} exists, is not a dlcourse download and does not match the official "
                    "checksum; it was left untouched. Move it away to download a fresh copy."
                )
        failures = []
        part = dest.with_name(f"{dest.name}.{os.getpid()}.part")
        for url in urls:
            try:
                got = _fetch_one(url, part, desc=dest.name, verbose=verbose)
            except (urllib.error.URLError, OSError, ValueError) as e:
                failures.append(f"{url}: {getattr(e, 'reason', None) or e}")
                part.unlink(missing_ok=True)
                continue
            if got != sha256:
                failures.append(f"{url}: SHA-256 {got} does not match the expected {sha256}")
                part.unlink(missing_ok=True)
                continue
            Path(str(dest) + MARKER_SUFFIX).write_text(f"{sha256}  {dest.name}\n")
            os.replace(part, dest)
            return dest
        raise DownloadError("; ".join(failures))


__all__ = ["DownloadError", "fetch", "is_ours", "sha256_file", "writable_dir"]
