"""Turning the PATHS of `mtqa scan` into files: plain paths, directories (walked) and glob patterns.

Files named explicitly are always scanned. Directories and globs yield the files that readers know by
extension (or, with `--include`, the files matching an include pattern), minus `--exclude` matches and
hidden or tool folders. Patterns are shell-style: a pattern with a slash is matched against the path
relative to the walked folder, one without against the file name and every folder name on the way.
Walks and globs follow no folder link, return plain files only and report unreadable folders (see
`mtqa.run.walking`); a file reached twice (by two patterns, a link or a hard link) is scanned once.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from mtqa.config import Config, find_config_file, load_config_file
from mtqa.errors import UsageError
from mtqa.readers import STDIN
from mtqa.readers import known_extensions as _reader_extensions
from mtqa.run.pipeline import Checker
from mtqa.run.walking import glob, is_glob, walk
from mtqa.util.io import identity

SKIPPED_DIRS = frozenset({"node_modules", "__pycache__", "venv", "site-packages"})


def known_extensions() -> frozenset[str]:
    return _reader_extensions()


def matches(pattern: str, relative: str) -> bool:
    """Whether a shell-style pattern matches a relative posix path (see the module docstring)."""
    pattern = pattern.strip().rstrip("/")
    if pattern.startswith("./"):
        pattern = pattern[2:]
    if "/" in pattern:
        return fnmatch.fnmatchcase(relative, pattern) or fnmatch.fnmatchcase(relative, f"{pattern}/*")
    return any(fnmatch.fnmatchcase(part, pattern) for part in PurePosixPath(relative).parts)


class InputSelection:
    def __init__(self, include: Sequence[str] = (), exclude: Sequence[str] = (),
                 extensions: Iterable[str] | None = None) -> None:
        self.include = [p for p in include if p.strip()]
        self.exclude = [p for p in exclude if p.strip()]
        self.extensions = frozenset(e.lower() for e in (extensions or known_extensions()))

    def excluded(self, relative: str) -> bool:
        return any(matches(p, relative) for p in self.exclude)

    def wanted(self, relative: str) -> bool:
        if self.excluded(relative):
            return False
        if self.include:
            name = PurePosixPath(relative).name
            return any(matches(p, relative) or fnmatch.fnmatchcase(name, p) for p in self.include)
        return PurePosixPath(relative).suffix.lower() in self.extensions

    def walk(self, root: str) -> Iterator[str]:
        def skip(name: str, relative: str) -> bool:
            return name.startswith(".") or name in SKIPPED_DIRS or self.excluded(relative)

        for path, relative in walk(root, skip):
            if not PurePosixPath(relative).name.startswith(".") and self.wanted(relative):
                yield path


def expand_paths(paths: Sequence[str], include: Sequence[str] = (), exclude: Sequence[str] = ()) -> list[str]:
    """The files to scan, in a stable order and without duplicates; a pattern or folder with no file to
    scan is a usage error, and a missing plain path is left for the reader to report."""
    selection = InputSelection(include, exclude)
    out: list[str] = []
    seen: set[object] = set()

    def add(path: str) -> None:
        key = STDIN if path == STDIN else (identity(path) or os.path.normpath(os.path.abspath(path)))
        if key not in seen:
            seen.add(key)
            out.append(path)

    for path in paths:
        if path == STDIN or (os.path.isfile(path) and not is_glob(path)):
            add(path)
        elif os.path.isdir(path):
            found = list(selection.walk(path))
            if not found:
                raise UsageError(f"{path}: no files to check in this folder (see --include / --exclude)")
            for file in found:
                add(file)
        elif is_glob(path):
            found = []
            for match in glob(path):
                if os.path.isdir(match):
                    found.extend(selection.walk(match))
                elif os.path.isfile(match) and not selection.excluded(Path(match).as_posix()):
                    found.append(match)
            if not found:
                raise UsageError(f"no files match '{path}'")
            for file in found:
                add(file)
        else:
            add(path)
    return out


class CheckerPerDirectory:
    """A `Checker` per configuration file: each scanned file gets the nearest mtqa.toml / pyproject.toml
    [tool.mtqa] of its own folder, overridden by the command line's `options`. Built once per config file."""

    def __init__(self, options: Mapping[str, Any]) -> None:
        self.options = dict(options)
        self._by_config: dict[Path | None, Checker] = {}
        self._by_folder: dict[str, Path | None] = {}

    def __call__(self, path: str) -> Checker:
        start = "." if path == STDIN else path
        folder = os.path.dirname(os.path.abspath(start)) if path != STDIN else os.getcwd()
        if folder not in self._by_folder:
            self._by_folder[folder] = find_config_file(start)
        found = self._by_folder[folder]
        if found not in self._by_config:
            base = load_config_file(found) if found else Config()
            self._by_config[found] = Checker(base.updated(self.options))
        return self._by_config[found]
