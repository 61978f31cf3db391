"""Regular expressions compiled once per machine rather than once per process.

The `regex` module parses a pattern in Python: ~0.2 ms a pattern, and a scan compiles some 300 (a
quarter of a one-line scan's start-up). A compiled pattern pickles as its compiled code (the module's
own pickle support), which loads without parsing; so `compile` keeps the patterns a process compiled in
a cache file (`mtqa.util.cache.cache_dir()`/patterns), and the next process loads them from there.

The file is named after the regex module's version and Python's, and holds a dict (pattern, flags) ->
compiled pattern; it is read with an unpickler that builds nothing but compiled patterns, and each one
must carry the pattern it is stored under. A missing, unreadable or foreign file only means compiling
again. New patterns are written back when the process exits, merged with what the file holds then.
"""

from __future__ import annotations

import atexit
import io
import pickle
import sys
from pathlib import Path
from typing import Any

import regex

from mtqa.util.cache import cache_dir, write_atomically

# The most patterns the file keeps (mtqa's own are some 400; user packs and glossaries add theirs): each
# costs ~10 us to load.
MAX_ENTRIES = 2_000

_Key = tuple[str, int]
_known: dict[_Key, regex.Pattern[str]] | None = None
_added: dict[_Key, regex.Pattern[str]] = {}
_used: set[_Key] = set()


def compile(pattern: str, flags: int = 0) -> regex.Pattern[str]:  # noqa: A001 - regex.compile's name on purpose
    """`regex.compile(pattern, flags)`, from the cache file when an earlier run compiled it."""
    global _known
    if _known is None:
        _known = _load(cache_file())
    key = (pattern, flags)
    _used.add(key)
    compiled = _known.get(key)
    if compiled is None:
        compiled = regex.compile(pattern, flags)
        _known[key] = compiled
        if not _added:
            atexit.register(save)
        _added[key] = compiled
    return compiled


def cache_file() -> Path:
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    return cache_dir() / "patterns" / f"regex-{regex.__version__}-py{version}.pickle"


class _PatternUnpickler(pickle.Unpickler):
    """Builds compiled patterns (the regex module's `_regex.compile`, with its flags) and plain containers,
    nothing else."""

    ALLOWED = frozenset({("regex._regex", "compile"), ("_regex", "compile"), ("regex._regex_core", "RegexFlag")})

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in self.ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a compiled pattern")


def _load(file: Path) -> dict[_Key, regex.Pattern[str]]:
    try:
        data = _PatternUnpickler(io.BytesIO(file.read_bytes())).load()
    except Exception:  # noqa: BLE001 - any unreadable cache is only a cache miss
        return {}
    if not isinstance(data, dict):
        return {}
    return {key: value for key, value in data.items()
            if isinstance(key, tuple) and len(key) == 2 and isinstance(value, regex.Pattern)
            and value.pattern == key[0] and isinstance(key[1], int)}


def save() -> None:
    """Write the patterns compiled by this process into the cache file, merged with what it holds.

    The patterns this process asked for come first, so that a file filled by other runs (user packs,
    tests) still makes room for them; the rest is kept up to MAX_ENTRIES, which bounds the load time."""
    if not _added:
        return
    file = cache_file()
    merged = {key: compiled for key, compiled in (_known or {}).items() if key in _used or key in _added}
    for key, compiled in _load(file).items():
        if len(merged) >= MAX_ENTRIES:
            break
        merged.setdefault(key, compiled)
    _added.clear()
    write_atomically(file, pickle.dumps(merged, protocol=pickle.HIGHEST_PROTOCOL))
