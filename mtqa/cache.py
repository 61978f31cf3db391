"""Where mtqa keeps files it compiles once and reuses between runs (word lists): the user cache folder."""

from __future__ import annotations

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
