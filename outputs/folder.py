"""The output folder (`--out`): checked before any work, then replaced as one unit.

`check_out_dir` runs before the solve: the folder must be a folder (or creatable as
one) that roster can write, so a bad `--out` costs no solve and writes nothing.

`write_folder` writes a whole set of files, then runs `commit` (recording the version
in the store), so the store never holds a version whose files are not in place:

1. The new folder is built beside `--out` as `.<name>.staging-<token>` (same file
   system): files the run does not write are carried over as hard links, except the
   ones `stale` names (calendars nobody needs any more) and temporary files left by
   an interrupted run; then every new file is written and synced.
2. The staging folder and `--out` are exchanged in one atomic rename (Linux
   `renameat2(RENAME_EXCHANGE)`; elsewhere two renames, and a run killed between
   them is repaired by the next run), so a reader sees the old folder or the new one.
3. `commit` runs. If it fails, the folders are exchanged back. Then the old folder
   is removed.

A kill before step 2 leaves the old files and versions; after step 3, the new ones.
A kill between 2 and 3 leaves the new files without their version: a rerun writes
them again and records it. Leftover staging folders are removed by the next run.

Where a folder cannot be exchanged (it is a mount point, the working directory of
this process, its parent is read-only, or its file system has no hard links), the
files are replaced one by one (outputs.atomic) before `commit`: a version is still
recorded only after its files are in place, but a kill during the renames may leave
a mix of old and new files.

Symlinks inside `--out` are never followed: a link where roster writes a file or a
folder (say `OUT/calendars`) is replaced by the real file or folder, and a link
elsewhere is carried over as a link. `--out` itself may be a link to a folder.
"""

from __future__ import annotations

import ctypes
import os
import re
import secrets
import shutil
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from pathlib import Path, PurePosixPath
from typing import TypeVar

from outputs.atomic import fsync_directory, write_files_atomic
from roster import progress
from roster.errors import RosterError

T = TypeVar("T")
PSEUDO_FILE_SYSTEMS = (Path("/proc"), Path("/sys"), Path("/dev"))
_LEFTOVER = re.compile(r"\..+\.[0-9a-f]{8,12}\.tmp")  # temp files of outputs.atomic
_STAGING = ".staging-"
_OLD = ".old-"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
FLUSHING = 8  # files written and flushed at once where each needs its own fsync
_LOCKED: set[str] = set()  # parent folders this process holds the lock of


class OutDirError(RosterError):
    """`--out` (or a file option) cannot take roster's files; names the path."""


# ---- checking --out before the work ----


def check_out_dir(path: Path, option: str = "--out") -> Path:
    """The folder `path` resolves to, if roster can create or write it; else OutDirError."""
    return _writable_folder(Path(path), f"{option} {path}")


def check_out_file(path: Path, option: str) -> Path:
    """A file roster will write (e.g. candidates --csv): a file name in a writable folder."""
    path = Path(path)
    where = f"{option} {path}"
    _refuse_dangling(path, where)
    if path.is_dir():
        raise OutDirError(f"{where}: a folder; expected a file name")
    if path.exists() and not path.is_file():
        raise OutDirError(f"{where}: not a regular file ({_kind(path)}); expected a file name")
    _writable_folder(path.parent, where)
    return path


def _writable_folder(path: Path, where: str) -> Path:
    _refuse_dangling(path, where)
    real = Path(os.path.realpath(path))
    if any(real == p or p in real.parents for p in PSEUDO_FILE_SYSTEMS):
        raise OutDirError(f"{where}: {real} is a system path; expected a folder of yours")
    if real.exists():
        if not real.is_dir():
            raise OutDirError(f"{where}: not a folder ({_kind(real)}); expected a folder")
        _require_writable(real, where)
        return real
    existing = _nearest_existing(real)
    if not existing.is_dir():
        raise OutDirError(
            f"{where}: {existing} is a {_kind(existing)}, so no folder can be made under it; "
            "expected a folder or a path to create one"
        )
    _require_writable(existing, where)
    return real


def _refuse_dangling(path: Path, where: str) -> None:
    if path.is_symlink() and not path.exists():
        raise OutDirError(f"{where}: a symlink to nothing ({os.readlink(path)})")


def _nearest_existing(path: Path) -> Path:
    for candidate in (path, *path.parents):
        if os.path.lexists(candidate):
            return Path(os.path.realpath(candidate))
    return Path(path.anchor)


def _require_writable(folder: Path, where: str) -> None:
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutDirError(f"{where}: {folder} is not writable")


def _kind(path: Path) -> str:
    mode = path.stat().st_mode
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special file"


# ---- writing --out as one unit ----


def write_folder(
    out_dir: Path,
    files: Mapping[str, bytes],
    *,
    stale: Callable[[str], bool] = lambda name: False,
    commit: Callable[[], T] | None = None,
    option: str = "--out",
) -> T | None:
    """Put `files` (by path relative to `out_dir`) in place, then run `commit`.

    A file system error while writing (a full disk, a file locked by another program)
    ends as OutDirError naming the folder (as `option`): nothing was changed, no version
    recorded.
    """
    out = check_out_dir(out_dir, option)
    with _writing(option, out_dir, out):
        out.parent.mkdir(parents=True, exist_ok=True)
    with _folder_lock(out.parent):
        with _writing(option, out_dir, out):
            _repair_interrupted(out)
            exchange = _can_exchange(out)
            if exchange:
                staging = _stage(out, files, stale)
                _swap_or_drop(staging, out)
            else:
                _replace_in_place(out, files, stale)
        if not exchange:
            return commit() if commit is not None else None
        return _commit_or_swap_back(staging, out, commit)


@contextmanager
def _writing(option: str, given: Path, out: Path) -> Iterator[None]:
    try:
        yield
    except OSError as err:
        raise OutDirError(
            f"{option} {given}: could not write the files ({err.strerror or err}: "
            f"{err.filename or out}); the folder and the versions are as they were"
        ) from err


@contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """Two runs writing the same --out wait for each other (POSIX; elsewhere no lock).

    Re-entrant within the process: a folder written inside another's commit (publish
    writes --out, the feeds and the links as one unit) may share its parent."""
    key = os.path.realpath(folder)
    if key in _LOCKED:
        yield
        return
    try:
        import fcntl
    except ImportError:
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # a folder that cannot be opened for reading: no lock, as elsewhere
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        _LOCKED.add(key)
        yield
    finally:
        _LOCKED.discard(key)
        os.close(fd)  # closing releases the lock


def _stage(out: Path, files: Mapping[str, bytes], stale: Callable[[str], bool]) -> Path:
    staging = _sibling(out, _STAGING)
    try:
        staging.mkdir()
        if out.exists():
            shutil.copymode(out, staging)
            _carry_over(out, staging, files, stale)
        _write_new(staging, files)
    except BaseException:
        _remove_tree(staging)
        raise
    return staging


def _swap_or_drop(staging: Path, out: Path) -> None:
    try:
        _swap(staging, out)
    except BaseException:
        _remove_tree(staging)
        raise


def _commit_or_swap_back(staging: Path, out: Path, commit: Callable[[], T] | None) -> T | None:
    """Run `commit` with the new folder in place; on failure the old one comes back."""
    had_old = staging.exists()
    try:
        result = commit() if commit is not None else None
    except BaseException:
        if had_old:
            _swap(staging, out)
        else:
            out.rename(staging)
        _remove_tree(staging)
        raise
    _remove_tree(staging)
    return result


def _replace_in_place(out: Path, files: Mapping[str, bytes], stale: Callable[[str], bool]) -> None:
    _refuse_linked_folders(out, files)
    steps = progress.Steps("write", len(files))
    write_files_atomic({out / name: data for name, data in files.items()})
    steps.advance(len(files))
    for path in _files_under(out):
        name = path.relative_to(out).as_posix()
        if name not in files and (stale(name) or _LEFTOVER.fullmatch(path.name)):
            path.unlink(missing_ok=True)


def _refuse_linked_folders(out: Path, files: Iterable[str]) -> None:
    # Without a staging folder a link cannot be replaced as one step, so it is refused.
    for name in files:
        for folder in Path(name).parents:
            if folder != Path(".") and (out / folder).is_symlink():
                raise OutDirError(
                    f"--out {out}: {out / folder} is a symlink; roster does not write "
                    "through links inside --out (remove it and run again)"
                )


def _can_exchange(out: Path) -> bool:
    if not os.access(out.parent, os.W_OK | os.X_OK):
        return False
    if not out.exists():
        return True
    here = Path(os.path.realpath(os.getcwd()))
    if os.path.ismount(out) or here == out or out in here.parents:
        return False
    return _hard_links_work(out)


def _hard_links_work(out: Path) -> bool:
    probe = out / f".roster-link-probe-{secrets.token_hex(4)}"
    twin = probe.with_name(probe.name + "-2")
    try:
        probe.touch()
        os.link(probe, twin)
    except OSError:
        return False
    finally:
        for path in (probe, twin):
            with suppress(OSError):
                path.unlink()
    return True


def _sibling(out: Path, kind: str) -> Path:
    return out.with_name(f".{out.name}{kind}{secrets.token_hex(6)}")


def _carry_over(
    old: Path, new: Path, files: Mapping[str, bytes], stale: Callable[[str], bool]
) -> None:
    """Hard-link into `new` what the run does not write: the user's other files stay."""
    needed = {p.as_posix() for name in files for p in PurePosixPath(name).parents}

    def carry(folder: PurePosixPath) -> None:
        for entry in sorted(os.scandir(old / folder), key=lambda e: e.name):
            name = (folder / entry.name).as_posix()
            if name in files or stale(name) or _LEFTOVER.fullmatch(entry.name):
                continue
            if entry.is_dir(follow_symlinks=False):
                (new / name).mkdir()
                shutil.copymode(entry.path, new / name)
                carry(folder / entry.name)
            elif name not in needed:  # a link or file where roster needs a folder goes
                _link(Path(entry.path), new / name)

    carry(PurePosixPath())


def _link(source: Path, target: Path) -> None:
    if source.is_symlink():
        os.symlink(os.readlink(source), target)
    elif source.is_file():
        os.link(source, target, follow_symlinks=False)
    # sockets, pipes and devices are no document of anyone's: not carried


def _write_new(staging: Path, files: Mapping[str, bytes]) -> None:
    """Every file on disk before the folder is swapped in: one sync for all of them where
    the system has it (a fsync per file costs a disk flush per teacher), else one each,
    `FLUSHING` at a time: a disk takes many flushes at once about as fast as one, and
    Windows, which has no sync of everything, is where coordinators run it."""
    folders = {staging}
    for name in files:
        folders.add((staging / name).parent)
    for folder in sorted(folders):
        folder.mkdir(parents=True, exist_ok=True)
    one_sync = hasattr(os, "sync")
    steps = progress.Steps("write", len(files))

    def write(item: tuple[str, bytes]) -> None:
        with open(staging / item[0], "xb") as handle:  # "x": honours the umask, as atomic.py
            handle.write(item[1])
            if not one_sync:
                handle.flush()
                os.fsync(handle.fileno())

    if one_sync:
        for item in files.items():
            write(item)
            steps.advance()
        os.sync()
        return
    with ThreadPoolExecutor(FLUSHING) as pool:  # fsync lets go of the interpreter's lock
        for _ in pool.map(write, files.items()):
            steps.advance()
    for folder in sorted(folders):
        fsync_directory(folder)


def _swap(staging: Path, out: Path) -> None:
    """Put `staging` at `out`; the folder that was at `out`, if any, ends at `staging`."""
    if not os.path.lexists(out):
        staging.rename(out)
    elif not _exchange(staging, out):
        old = _sibling(out, _OLD)
        out.rename(old)
        try:
            staging.rename(out)
        except BaseException:
            old.rename(out)
            raise
        old.rename(staging)
    fsync_directory(out.parent)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step; False where the system cannot (then nothing moved)."""
    renameat2 = getattr(_libc(), "renameat2", None)
    if renameat2 is None:
        return False
    return renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


def _libc() -> object:
    try:
        return ctypes.CDLL(None, use_errno=True)
    except (OSError, TypeError):  # no C library to load by that name (Windows)
        return None


def _repair_interrupted(out: Path) -> None:
    """Undo what a killed run left beside `out`: bring back a moved-away folder, drop staging."""
    kinds = f"({re.escape(_OLD)}|{re.escape(_STAGING)})"
    pattern = re.compile(re.escape(f".{out.name}") + kinds + "[0-9a-f]{12}")
    for path in sorted(out.parent.iterdir()):
        found = pattern.fullmatch(path.name)
        if found is None:
            continue
        if found.group(1) == _OLD and not os.path.lexists(out):
            path.rename(out)  # killed between two renames: the old folder comes back
        else:
            _remove_tree(path)


def _remove_tree(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.exists():
        shutil.rmtree(path)  # never follows links: a link inside goes, not its target


def _files_under(folder: Path) -> list[Path]:
    out = []
    for root, _, names in os.walk(folder, followlinks=False):
        out += [Path(root) / name for name in names]
    return out
