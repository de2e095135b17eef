"""Atomic file writes: a reader sees the old file or the new one, never half of one.

Every file is first written in full to a temporary file in its target directory
(same filesystem, so the rename is atomic), flushed and fsynced, then moved over the
target with `os.replace`. `write_files_atomic` stages a whole set of files before
replacing any of them, so a failure while building or writing leaves every
previously existing file as it was.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Mapping
from contextlib import suppress
from pathlib import Path

_TMP_SUFFIX = ".tmp"


def write_bytes_atomic(path: Path, data: bytes, *, keep_mode: bool = False) -> None:
    """Write `data` to `path` atomically (temp file, fsync, rename). With `keep_mode`, a
    file that was there keeps its permissions (a coordinator's file, not an output)."""
    write_files_atomic({path: data}, keep_mode=keep_mode)


def write_files_atomic(files: Mapping[Path, bytes], *, keep_mode: bool = False) -> None:
    """Write several files: all are staged before the first one is replaced.

    If staging fails, every staged temp file is removed and no target is touched.
    The replacing itself is one `os.replace` per file, in the order given.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            staged.append((_stage(Path(path), data, keep_mode), Path(path)))
        for tmp, path in staged:
            os.replace(tmp, path)
    except BaseException:
        for tmp, _ in staged:
            with suppress(FileNotFoundError):
                tmp.unlink()
        raise
    for directory in sorted({path.parent for _, path in staged}):
        fsync_directory(directory)


def _stage(path: Path, data: bytes, keep_mode: bool) -> Path:
    """Write `data` to a fresh temp file next to `path`; return the temp path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp, fd = _create_temp(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if keep_mode and path.exists():
            shutil.copymode(path, tmp)
    except BaseException:
        with suppress(FileNotFoundError):
            tmp.unlink()
        raise
    return tmp


def _create_temp(path: Path) -> tuple[Path, int]:
    # os.open with 0o666 lets the umask decide permissions, as for a plain open();
    # tempfile.mkstemp would leave the outputs readable by their owner only.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}{_TMP_SUFFIX}")
        try:
            return tmp, os.open(tmp, flags, 0o666)
        except FileExistsError:
            continue


def fsync_directory(directory: Path) -> None:
    """Persist the renames themselves (POSIX); a no-op where directories cannot be opened."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
