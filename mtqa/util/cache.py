"""Where mtqa keeps files it compiles once and reuses between runs (word lists, the language-ID model):
the user cache folder, and how files get there."""

from __future__ import annotations

import contextlib
import mmap
import os
from pathlib import Path

CACHE_ENV = "MTQA_CACHE_DIR"


def cache_dir() -> Path:
    """$MTQA_CACHE_DIR, else $XDG_CACHE_HOME/mtqa, else ~/.cache/mtqa. It may not exist or be writable:
    callers fall back to working in memory."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "mtqa"


def write_atomically(file: Path, data: bytes) -> bool:
    """Write `file` through a temporary file and a rename, so that no reader sees half of it; False when
    the folder cannot be written (the caller then keeps its data in memory)."""
    import tempfile  # only when writing a cache file

    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{file.name}.", suffix=".tmp", dir=file.parent)
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a cache folder may be shared (CI, containers)
        os.replace(tmp, file)
        return True
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return False


def map_read_only(file: Path) -> mmap.mmap | None:
    """`file` mapped read-only (its pages shared by every process that maps it), or None when it cannot
    be (missing, unreadable or empty)."""
    try:
        with open(file, "rb") as handle:
            return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None
