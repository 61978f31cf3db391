"""Strict reading of the TOML data files that hold mtqa's language knowledge.

A scan reads dozens of the built-in files (~1 ms each with `tomllib`); what it parsed is kept in the cache
folder (`mtqa.util.cache.cache_dir()`/data) as marshal data, which loads ten times faster, and used
while the file's size and modification time are those it was parsed from.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import marshal
import os
import re
import sys
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from mtqa.errors import PackError
from mtqa.util.cache import cache_dir, write_atomically
from mtqa.util.langtags import is_tag

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

PACKS_ROOT = "packs"


def load_toml(path: str | Path) -> dict[str, Any]:
    """Parse a TOML file, turning every failure into a `PackError` that names the file; a built-in data
    file parsed by an earlier run comes from the cache (a fresh copy each time, as parsing gives)."""
    path = Path(path)
    cached = _parsed.load(path)
    if cached is not None:
        return cached
    data = _parse(path)
    _parsed.keep(path, data)
    return data


def _parse(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise PackError(str(path), "file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise PackError(str(path), f"invalid TOML: {exc}") from None
    except OSError as exc:
        raise PackError(str(path), f"cannot read: {exc.strerror or exc}") from None


def check_keys(
    table: Mapping[str, Any],
    *,
    allowed: Iterable[str],
    required: Iterable[str] = (),
    path: str,
    entry: str | None = None,
) -> None:
    """Reject unknown keys and missing required keys, naming the file and entry."""
    allowed_set = set(allowed)
    unknown = sorted(set(table) - allowed_set)
    if unknown:
        raise PackError(path, f"unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed_set))}", entry)
    missing = [key for key in required if key not in table]
    if missing:
        raise PackError(path, f"missing key(s) {', '.join(missing)}", entry)


def builtin_pack_dir() -> Path:
    return Path(str(resources.files("mtqa") / PACKS_ROOT))


# The folder and file names of built-in data: language codes and plain words, never a path.
_DATA_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,40}")


@functools.lru_cache(maxsize=512)
def builtin_data(folder: str, name: str) -> dict[str, Any] | None:
    """The parsed built-in data file `packs/<folder>/<name>.toml`, or None when there is none.

    `folder` is often a language code, which may come from a scanned file: anything that is not a plain
    lower-case name (a path, `..`, a 300-character string) has no data, and nothing is read for it."""
    if not (_DATA_NAME.fullmatch(folder) and _DATA_NAME.fullmatch(name)):
        return None
    path = builtin_pack_dir() / folder / f"{name}.toml"
    if not path.is_file():
        return None
    return load_toml(path)


@functools.lru_cache(maxsize=1024)
def base_language(lang: str | None) -> str | None:
    """'fr-CA' -> 'fr', 'pt_BR' -> 'pt'; None, and anything that is not a language tag, give None."""
    if not lang or not is_tag(lang):
        return None
    return lang.strip().replace("_", "-").split("-")[0].lower()


class _ParsedData:
    """Built-in data files as parsed by earlier runs: relative path -> (size, mtime_ns, marshal bytes)."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[int, int, bytes]] | None = None
        self._added = False

    @functools.cached_property
    def _root(self) -> Path:
        return builtin_pack_dir()

    def _file(self) -> Path:
        # One file per installed copy of the packs (and Python version: marshal's format may change).
        tag = hashlib.sha1(str(self._root).encode()).hexdigest()[:12]
        return cache_dir() / "data" / f"packs-{tag}-py{sys.version_info[0]}.{sys.version_info[1]}.marshal"

    def _key(self, path: Path) -> tuple[str, os.stat_result] | None:
        try:
            relative = path.relative_to(self._root)
            return relative.as_posix(), path.stat()
        except (ValueError, OSError):
            return None  # not a built-in file (a user pack, a config file), or missing: parsed as usual

    def _read(self) -> dict[str, tuple[int, int, bytes]]:
        try:
            entries = marshal.loads(self._file().read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            return {}
        return entries if isinstance(entries, dict) else {}

    def load(self, path: Path) -> dict[str, Any] | None:
        key = self._key(path)
        if key is None:
            return None
        if self._entries is None:
            self._entries = self._read()
        entry = self._entries.get(key[0])
        if not (isinstance(entry, tuple) and len(entry) == 3 and entry[:2] == (key[1].st_size, key[1].st_mtime_ns)):
            return None
        try:
            data = marshal.loads(entry[2])
        except (ValueError, EOFError, TypeError):
            return None
        return data if isinstance(data, dict) else None

    def keep(self, path: Path, data: dict[str, Any]) -> None:
        key = self._key(path)
        if key is None:
            return
        try:
            blob = marshal.dumps(data)
        except ValueError:
            return  # a value marshal cannot hold (a TOML date): parsed every time
        if self._entries is None:
            self._entries = self._read()
        self._entries[key[0]] = (key[1].st_size, key[1].st_mtime_ns, blob)
        if not self._added:
            self._added = True
            atexit.register(self.save)

    def save(self) -> None:
        """Write the entries parsed by this process, merged with what the file holds now."""
        if not self._added or self._entries is None:
            return
        merged = self._read()
        merged.update(self._entries)
        self._added = False
        write_atomically(self._file(), marshal.dumps(merged))


_parsed = _ParsedData()
