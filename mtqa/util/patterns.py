"""Regular expressions compiled once per machine rather than once per process.

The `regex` module parses a pattern in Python: ~0.2 ms a pattern, and a scan compiles some 300 (a
quarter of a one-line scan's start-up). A compiled pattern pickles as its compiled code (the module's
own pickle support), which loads without parsing; so `compile` keeps the patterns a process compiled in
a cache file (`mtqa.util.cache.cache_dir()`/patterns), and the next process loads them from there.

The file is named after the regex module's version and Python's, and holds a dict (pattern, flags) ->
the compiled pattern's pickle. Each pickle is loaded when its pattern is first asked for (a machine's
file holds the patterns of every scan, test and user pack it ran, and unpickling them all cost ~10 us
each at every start-up), with an unpickler that builds nothing but compiled patterns, and each one must
carry the pattern it is stored under. A missing, unreadable or foreign file only means compiling again.
New patterns are written back when the process exits, merged with what the file holds then.
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

# The most patterns the file keeps (mtqa's own are some 400; user packs and glossaries add theirs).
MAX_ENTRIES = 2_000

_Key = tuple[str, int]
_known: dict[_Key, regex.Pattern[str]] | None = None  # None: the cache file is not read yet
_stored: dict[_Key, bytes] = {}  # the file's pickles, not loaded yet
_added: dict[_Key, regex.Pattern[str]] = {}
_used: set[_Key] = set()


def compile(pattern: str, flags: int = 0) -> regex.Pattern[str]:  # noqa: A001 - regex.compile's name on purpose
    """`regex.compile(pattern, flags)`, from the cache file when an earlier run compiled it."""
    global _known, _stored
    if _known is None:
        _known, _stored = {}, _load(cache_file())
    key = (pattern, flags)
    _used.add(key)
    compiled = _known.get(key)
    if compiled is None:
        compiled = _unpickled(key, _stored[key]) if key in _stored else None
        if compiled is None:
            compiled = regex.compile(pattern, flags)
            if not _added:
                atexit.register(save)
            _added[key] = compiled
        _known[key] = compiled
    return compiled


def longest_first(alternative: str) -> tuple[int, str]:
    """The sort key of a pattern's alternatives: the longest first (so that it wins), then in a fixed
    order, so that a pattern built from a set is the same text in every process and found in the cache."""
    return -len(alternative), alternative


def cache_file() -> Path:
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    return cache_dir() / "patterns" / f"regex-{regex.__version__}-py{version}.lazy.pickle"


class _PatternUnpickler(pickle.Unpickler):
    """Builds compiled patterns (the regex module's `_regex.compile`, with its flags) and plain containers,
    nothing else."""

    ALLOWED = frozenset({("regex._regex", "compile"), ("_regex", "compile"), ("regex._regex_core", "RegexFlag")})

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in self.ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a compiled pattern")


def _unpickled(key: _Key, data: bytes) -> regex.Pattern[str] | None:
    try:
        compiled = _PatternUnpickler(io.BytesIO(data)).load()
    except Exception:  # noqa: BLE001 - an unreadable entry is only a cache miss
        return None
    return compiled if isinstance(compiled, regex.Pattern) and compiled.pattern == key[0] else None


def _load(file: Path) -> dict[_Key, bytes]:
    try:
        data = _PatternUnpickler(io.BytesIO(file.read_bytes())).load()
    except Exception:  # noqa: BLE001 - any unreadable cache is only a cache miss
        return {}
    if not isinstance(data, dict):
        return {}
    return {key: value for key, value in data.items()
            if isinstance(key, tuple) and len(key) == 2 and isinstance(key[0], (str, bytes)) and isinstance(key[1], int)
            and isinstance(value, bytes)}


def save() -> None:
    """Write the patterns compiled by this process into the cache file, merged with what it holds.

    The patterns this process asked for come first, so that a file filled by other runs (user packs,
    tests) still makes room for them; the rest is kept up to MAX_ENTRIES."""
    if not _added:
        return
    file = cache_file()
    merged: dict[_Key, bytes] = {}
    for key in _used:
        if key in _added:
            merged[key] = pickle.dumps(_added[key], protocol=pickle.HIGHEST_PROTOCOL)
        elif key in _stored:
            merged[key] = _stored[key]
    for key, data in _load(file).items():
        if len(merged) >= MAX_ENTRIES:
            break
        merged.setdefault(key, data)
    _added.clear()
    write_atomically(file, pickle.dumps(merged, protocol=pickle.HIGHEST_PROTOCOL))
