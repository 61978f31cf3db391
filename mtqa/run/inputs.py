"""Turning the PATHS of `mtqa scan` into files: plain paths, directories (walked) and glob patterns.

Files named explicitly are always scanned. Directories and globs yield the files that readers know by
extension (or, with `--include`, the files matching an include pattern), minus `--exclude` matches and
hidden or tool folders. Patterns are shell-style: a pattern with a slash is matched against the path
relative to the walked folder, one without against the file name and every folder name on the way.
Walks and globs follow no folder link, return plain files only and report unreadable folders (see
`mtqa.run.walking`); a file reached twice (by two patterns, a link or a hard link) is scanned once.

`pair_sources` then pairs resource files with their source siblings (`fr.json` with `en.json`) and
keeps sources and templates from being checked as translations. A sibling is read under the walk's
rule: a plain file, or a link to one inside the folder the language is named in.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath, PurePosixPath
from typing import Any

from mtqa.config import Config, find_config_file, load_config_file
from mtqa.errors import UsageError
from mtqa.readers import EXTENSIONS, PAIRED_FORMATS, STDIN
from mtqa.readers import known_extensions as _reader_extensions
from mtqa.run.pipeline import Checker
from mtqa.run.walking import glob, is_glob, plain_file, walk
from mtqa.util.io import identity
from mtqa.util.langtags import PathLanguage, language_from_name, language_in_path, parse_tag

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


# The region a language's source files carry when they carry one (`en-US.json`, `fr_FR.po`): CLDR's likely
# region where it is not the language code itself. A catalogue in another region (`en_GB.po`) is a
# translation, never the source.
_LIKELY_REGIONS = {"en": "US", "ja": "JP", "zh": "CN", "ko": "KR", "pt": "BR", "sv": "SE", "da": "DK", "cs": "CZ",
                   "el": "GR", "uk": "UA", "he": "IL", "nb": "NO", "sl": "SI", "et": "EE", "hi": "IN", "fa": "IR",
                   "vi": "VN", "ar": "EG", "sr": "RS", "ca": "ES", "eu": "ES", "gl": "ES"}
_PAIRED_EXTENSIONS = {ext: name for name in PAIRED_FORMATS for ext in EXTENSIONS[name]}


@dataclass
class Pairing:
    """The files a scan checks (sources and templates left out) and the source file of each paired one."""

    targets: list[str]
    sources: dict[str, str] = field(default_factory=dict)


class _Folders:
    """Folder listings, read once each."""

    def __init__(self) -> None:
        self._listed: dict[str, list[str]] = {}

    def entries(self, folder: str) -> list[str]:
        if folder not in self._listed:
            try:
                self._listed[folder] = sorted(os.listdir(folder or "."))
            except OSError:
                self._listed[folder] = []
        return self._listed[folder]


def _siblings(path: str, found: PathLanguage, folders: _Folders) -> dict[str, str]:
    """The same file in each language present, itself included: canonical tag -> path
    (`fr.json` -> {"en": "en.json", "fr": "fr.json"})."""
    parts = PurePath(path).parts
    name = parts[found.part]
    prefix, suffix = name[: found.start], name[found.end :]
    folder = str(PurePath(*parts[: found.part])) if found.part else ""
    out: dict[str, str] = {found.tag: path}
    real_folder = os.path.realpath(folder or ".")
    for entry in folders.entries(folder):
        if entry == name or not entry.startswith(prefix) or not entry.endswith(suffix):
            continue
        spelling = entry[len(prefix) : len(entry) - len(suffix)]
        tag = language_from_name(spelling) if spelling else None
        if tag:
            candidate = found.sibling(path, spelling)
            if plain_file(candidate, real_folder):
                out.setdefault(tag, candidate)
    return out


def _source_of(siblings: dict[str, str], source_lang: str) -> str | None:
    """The sibling in the source language: that exact locale, else (for a bare language) its locale in the
    language's usual region (`en-US`, `de-DE`). May be the file itself."""
    wanted = parse_tag(source_lang)
    if wanted in siblings:
        return siblings[wanted]
    if "-" in wanted:
        return None
    return siblings.get(f"{wanted}-{_LIKELY_REGIONS.get(wanted, wanted.upper())}")


def _template_of(path: str, found: PathLanguage) -> str | None:
    """`messages.fr.xlf` -> `messages.xlf`: the file a language's file was made from, when the language is a
    dot-separated component of the file name."""
    name = PurePath(path).name
    if found.part != len(PurePath(path).parts) - 1:
        return None
    before, after = name[: found.start], name[found.end :]
    if before.endswith("."):
        stem = before[:-1] + after
    elif after.startswith(".") and before:
        stem = before + after[1:]
    else:
        return None
    return str(PurePath(path).with_name(stem)) if stem.lstrip(".") and "." in stem else None


def pair_sources(files: Sequence[str], source_lang: str | None = None) -> Pairing:
    """Pair each JSON, PO or XLIFF file with its source sibling in a folder layout (`en.json` for
    `fr.json`, `locales/en/x.json` for `locales/fr/x.json`, `en-US.json`, `messages.en.xlf`, an `en.po`),
    and leave out of the targets the files that are another's source, gettext templates (`.pot`) and
    templates such as Angular's `messages.xlf` beside `messages.fr.xlf`. `source_lang` (default English)
    says which sibling is the source."""
    folders = _Folders()
    wanted = source_lang or "en"
    sources: dict[str, str] = {}
    not_targets: set[str] = set()
    for path in files:
        if path == STDIN:
            continue
        suffix = PurePath(path).suffix.lower()
        if suffix == ".pot":
            not_targets.add(path)
            continue
        if suffix not in _PAIRED_EXTENSIONS:
            continue
        found = language_in_path(path)
        if found is None:
            continue
        template = _template_of(path, found)
        if template and os.path.isfile(template):
            not_targets.add(template)
        source = _source_of(_siblings(path, found, folders), wanted)
        if source is not None and source != path:
            sources[path] = source
            not_targets.add(source)
    scanned = {os.path.normpath(p) for p in not_targets}
    targets = [p for p in files if os.path.normpath(p) not in scanned or p in sources]
    if not targets:  # only sources and templates were named: check them as they are
        targets = list(files)
    return Pairing(targets, {t: s for t, s in sources.items() if t in targets})
