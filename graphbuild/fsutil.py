"""Safe file output: atomic replacement of regular files, write-through for pipes and terminals,
`-` for standard output, one lock per output, and removal of temporaries a killed run left.

A file is written to a temporary sibling `.NAME.PID.RANDOM.tmp` and renamed over NAME only when
complete, so readers never see half a file and a failed run leaves the old one untouched. A
rename would replace a symlink or a device rather than write to it, so those are handled apart:
a symlink to a regular file has the file it names replaced (the link stays), a pipe, terminal or
`/dev/null` (what `/dev/stdout` and `/dev/fd/N` name) is written straight through, and a block
device, socket or folder is refused.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import functools
import hashlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from graphbuild.errors import GraphbuildError

STDOUT = "-"
TEMP_SUFFIX = ".tmp"
LOCK_SUFFIX = ".lock"


def is_stdout(path: str | os.PathLike[str]) -> bool:
    """True for the conventional `-`, meaning standard output."""
    return os.fspath(path) == STDOUT


@contextlib.contextmanager
def atomic_open(
    path: str | os.PathLike[str], mode: str = "w", encoding: str | None = "utf-8"
) -> Iterator[IO]:
    """Open `path` for writing so that readers never see a half-written file.

    A regular file (or a new one) is written to a temporary sibling, renamed over `path` on
    success and removed on error; `-` is standard output; pipes and character devices are
    written straight through (see the module docstring). OSError for what cannot be written.
    """
    binary = "b" in mode
    if is_stdout(path):
        with _stdout(binary) as handle:
            yield handle
        return
    target, through = _resolve_target(Path(path))
    if through:
        with _open_through(target, mode, encoding) as handle:
            yield handle
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(
        prefix=_temp_prefix(target.name), suffix=TEMP_SUFFIX, dir=target.parent
    )
    try:
        os.chmod(tmp, _mode_for(target))  # mkstemp makes 0600; outputs get the usual mode
        with os.fdopen(
            fd, mode, encoding=None if binary else encoding, newline=None if binary else ""
        ) as handle:
            yield handle
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _temp_prefix(name: str) -> str:
    """`.NAME.PID.`: the writer's process id lets a later run tell a dead writer's temporary."""
    return f".{name}.{os.getpid()}."


def _mode_for(target: Path) -> int:
    """Permission bits for a new version of `target`: its current ones, else 0666 minus umask."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return default_mode()


@functools.cache
def default_mode() -> int:
    """The mode of a new file: 0666 minus the umask (as `open` would make it); read once, as
    reading the umask means setting it, which other threads must not see."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _resolve_target(path: Path) -> tuple[Path, bool]:
    """(where to write, whether to write straight through) for an output path.

    Symlinks are followed to the regular file they name; FIFOs and character devices, and
    anything under /dev or /proc, are written through; other special files are refused."""
    try:
        info = path.stat()  # follows symlinks
    except FileNotFoundError:
        info = None
    except NotADirectoryError:
        raise NotADirectoryError(
            errno.ENOTDIR, "a parent of it is a file, not a folder", str(path)
        ) from None
    if info is not None:
        if stat.S_ISREG(info.st_mode):
            if _magic(
                path
            ):  # /dev/stdout redirected to a file, /proc/self/fd/N: never rename there
                return path, True
            return (Path(os.path.realpath(path)) if path.is_symlink() else path), False
        if stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode):
            return path, True
        raise OSError(errno.EINVAL, f"{_kind(info.st_mode)}, not a file", str(path))
    if path.is_symlink():  # dangling: write the file it names, as a shell redirection would
        return Path(os.path.realpath(path)), False
    if _magic(path):
        raise OSError(errno.EINVAL, "graphbuild creates no files under /dev or /proc", str(path))
    return path, False


def _magic(path: Path) -> bool:
    """Whether `path` lies in /dev or /proc (device nodes, descriptor links), where a temporary
    file and a rename would replace the link instead of writing to what it stands for."""
    parts = Path(os.path.abspath(path)).parts
    if len(parts) > 2 and parts[1] == "dev" and parts[2] == "shm":
        return False  # a memory file system for ordinary files
    return len(parts) > 1 and parts[1] in ("dev", "proc")


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


@contextlib.contextmanager
def _stdout(binary: bool) -> Iterator[IO]:
    """Standard output for one writer: flushed after, never closed."""
    stream: IO = sys.stdout.buffer if binary else sys.stdout
    sys.stdout.flush()
    yield stream
    stream.flush()


@contextlib.contextmanager
def _open_through(target: Path, mode: str, encoding: str | None) -> Iterator[IO]:
    """Write to a pipe or device in place; our own standard output (/dev/stdout) as `-`."""
    if _same_file(target, sys.stdout):
        with _stdout("b" in mode) as handle:
            yield handle
        return
    binary = "b" in mode
    with open(
        target, mode, encoding=None if binary else encoding, newline=None if binary else ""
    ) as handle:
        yield handle


def _same_file(path: Path, stream: IO) -> bool:
    try:
        return os.path.samestat(path.stat(), os.fstat(stream.fileno()))
    except (OSError, ValueError, AttributeError):  # no real descriptor (captured in tests)
        return False


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write `text` to `path` atomically; GraphbuildError naming the file if it cannot be written."""
    try:
        with atomic_open(path, "w") as handle:
            handle.write(text)
    except OSError as exc:
        raise GraphbuildError(f"{path}: cannot write: {exc.strerror or exc}") from None


# --- temporaries a killed run left ----------------------------------------------------------


def temporaries(folder: Path, names: Iterable[str] | None = None) -> list[Path]:
    """The temporaries of `atomic_open` in `folder` (of the named outputs only, if given)."""
    wanted = None if names is None else {f".{n}." for n in names}
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return []
    found = []
    for entry in entries:
        name = entry.name
        if not (name.startswith(".") and name.endswith(TEMP_SUFFIX)):
            continue
        if wanted is not None and not any(name.startswith(w) for w in wanted):
            continue
        if entry.is_file(follow_symlinks=False):
            found.append(Path(entry.path))
    return sorted(found)


def writer_pid(temporary: Path) -> int | None:
    """The process id in a temporary's name (`.NAME.PID.RANDOM.tmp`), if it has one."""
    parts = temporary.name[: -len(TEMP_SUFFIX)].rsplit(".", 2)
    if len(parts) == 3 and parts[1].isdigit():
        return int(parts[1])
    return None


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def remove_stale_temporaries(
    folder: Path, names: Iterable[str] | None = None, *, locked: bool = False
) -> int:
    """Remove temporaries that a killed or crashed run left in `folder`; return how many.

    With `locked` the caller holds the lock of these outputs, so no other writer can be using
    them and all go; else only those whose writer process is gone (by the PID in the name)."""
    removed = 0
    for tmp in temporaries(folder, names):
        pid = writer_pid(tmp)
        if pid == os.getpid() or (not locked and (pid is None or _alive(pid))):
            continue
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
            removed += 1
    return removed


# --- locks -------------------------------------------------------------------------------------


class Busy(GraphbuildError):
    """Another process holds the lock of an output."""


def lock_path(output: Path, *, folder: bool) -> Path:
    """The lock file of an output folder (inside it) or of an output file (a hidden sibling)."""
    if folder:
        return output / f".graphbuild{LOCK_SUFFIX}"
    return output.parent / f".{output.name}{LOCK_SUFFIX}"


@contextlib.contextmanager
def output_lock(output: Path, *, folder: bool, what: str | None = None) -> Iterator[Path]:
    """Hold the exclusive lock of an output folder or file for the block; Busy at once if another
    process holds it (waiting would only have the second run overwrite the first's outputs).

    The lock is `flock` on a small file holding the owner's PID, released by the kernel when its
    process dies (kill -9 included) and removed on release; a lock file that was replaced or
    removed between open and lock is opened again, so two processes never both hold it."""
    path = lock_path(output, folder=folder)
    if folder and output.exists() and not output.is_dir():
        raise GraphbuildError(f"{what or output}: a file, not a folder")
    made = folder and not output.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            owner = _read_pid(fd)
            os.close(fd)
            by = f" (pid {owner})" if owner else ""
            raise Busy(
                f"{what or output}: in use by another graphbuild run{by}; wait for it to finish"
                " or write elsewhere"
            ) from None
        except BaseException:
            os.close(fd)
            raise
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(path))
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)  # the holder before us removed it as we opened it: take the new one
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield path
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)  # still locked: whoever opens it next sees it gone and retries
        os.close(fd)
        if made:  # a folder this lock made and nothing filled (a run that failed early) goes
            with contextlib.suppress(OSError):
                output.rmdir()


def _read_pid(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


# --- digests -----------------------------------------------------------------------------------


def file_digest(path: Path) -> str:
    """SHA-256 hex digest of a file's bytes."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()
