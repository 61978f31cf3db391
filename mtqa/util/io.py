"""Writing reports and baselines: atomically, only onto plain files, with the permissions a user expects.

`atomic_write(path)` writes to a temporary file in the same folder and renames it over `path` when the
writing is done, so a reader never sees half a report and a failed or interrupted run (an error, Ctrl-C,
SIGTERM) leaves the old file and no temporary one. It refuses to write onto anything that is not a
plain file or a new name in an existing folder: a folder, a device, a FIFO or socket, and a symbolic
link, whatever it points to (a link committed to a repository could otherwise make a CI run overwrite
any file the runner may write; mtqa never writes through one). A new file gets the mode the umask
allows (0666 & ~umask), a replaced file keeps its mode. Every failure is an `OutputError` naming the
path; `same_file` compares files by identity (device and inode), not by name.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from mtqa.errors import OutputError
from mtqa.util import interrupts


def identity(path: str | Path) -> tuple[int, int] | None:
    """(device, inode) of the file at `path` (links followed), or None when there is none."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


def same_file(a: str | Path, b: str | Path) -> bool:
    first = identity(a)
    return first is not None and first == identity(b)


def read_limited(path: str | Path, limit: int) -> bytes:
    """The bytes of a file, refusing (OSError EFBIG) one longer than `limit`: a device such as /dev/zero
    or a FIFO never ends, and nothing should read it into memory whole."""
    with open(path, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise OSError(errno.EFBIG, f"larger than {limit >> 20} MB")
    return data


def current_umask() -> int:
    """The process umask, read without changing it where the system allows (Linux), else set and restored."""
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def problem(exc: OSError) -> str:
    """A short description of an OS error, without the path (the caller names it)."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ENOSPC:
        return "no space left on the device"
    if exc.errno == errno.EROFS:
        return "read-only file system"
    if exc.errno == errno.EFBIG and exc.strerror:
        return f"too large ({exc.strerror})"
    if exc.errno == errno.EISDIR:
        return "is a folder, not a file"
    return exc.strerror.lower() if exc.strerror else str(exc)


def check_output_path(path: str | Path) -> os.stat_result | None:
    """The status of the plain file at `path`, None when there is none yet; `OutputError` for a path mtqa
    must not write to (a link, a folder, a device or other special file, a missing or unusable folder)."""
    shown = str(path)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise OutputError(shown, f"cannot write here: {problem(exc)}") from None
    except ValueError:
        raise OutputError(shown, "not a usable file name") from None
    if st is not None:
        if stat.S_ISLNK(st.st_mode):
            raise OutputError(shown, f"is a symbolic link (to {os.readlink(path)!r}): mtqa does not write "
                                     "through links; name the file itself")
        if stat.S_ISDIR(st.st_mode):
            raise OutputError(shown, "is a folder: name a file to write the report to")
        if not stat.S_ISREG(st.st_mode):
            raise OutputError(shown, "is a device or other special file, not a plain file: name a file "
                                     "(leave -o out to write to standard output)")
        return st
    folder = Path(path).parent
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise OutputError(shown, f"cannot create the file: the folder {str(folder)!r} {what}")
    return None


class _Guarded:
    """A text stream whose write errors (a full disk) become `OutputError`s naming the report."""

    def __init__(self, handle: TextIO, path: str) -> None:
        self._handle = handle
        self._path = path

    def write(self, text: str) -> int:
        try:
            return self._handle.write(text)
        except OSError as exc:
            raise OutputError(self._path, f"cannot write: {problem(exc)}") from None

    def flush(self) -> None:
        try:
            self._handle.flush()
        except OSError as exc:
            raise OutputError(self._path, f"cannot write: {problem(exc)}") from None

    def isatty(self) -> bool:
        return False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)


@contextlib.contextmanager
def atomic_write(path: str | Path, encoding: str = "utf-8") -> Iterator[TextIO]:
    """A text stream that replaces the plain file at `path` (or creates it) when the block ends without
    an error. Characters the encoding cannot carry (lone surrogates) are written as backslash escapes."""
    shown = str(path)
    existing = check_output_path(path)
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name[:80]}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(shown, f"cannot create the file: {problem(exc)}") from None
    try:
        if existing is not None:
            os.fchmod(fd, stat.S_IMODE(existing.st_mode) & 0o777)
            if (existing.st_uid, existing.st_gid) != (os.getuid(), os.getgid()):
                with contextlib.suppress(OSError):  # keep the owner where we may (root replacing a user's file)
                    os.fchown(fd, existing.st_uid, existing.st_gid)
        else:
            os.fchmod(fd, 0o666 & ~current_umask())
        with os.fdopen(fd, "w", encoding=encoding, errors="backslashreplace", newline="") as handle:
            guarded = _Guarded(handle, shown)
            yield guarded  # type: ignore[misc]
            guarded.flush()
            try:
                os.fsync(handle.fileno())
            except OSError as exc:
                raise OutputError(shown, f"cannot write: {problem(exc)}") from None
        interrupts.check()  # a termination signal whose first raise was lost: no report replaces the old one
        check_output_path(path)  # still not a link or a folder (it may have changed while we wrote)
        try:
            os.replace(tmp_name, target)
        except OSError as exc:
            raise OutputError(shown, f"cannot replace the file: {problem(exc)}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
