"""JSON resource files (i18next, Chrome, ngx-translate, ...): one unit per string, keyed by its path.

Nested objects give dotted key paths (`menu.file.open`), arrays give indices (`items[2]`). With
`--source FILE` (or the source sibling a folder scan finds), the source file's string at the same key
path is the unit's source; without it, the units have no source. Languages come from top-level
`source_lang`/`target_lang` (or `srcLang`/`trgLang`) strings; the run reads them from file names
(`fr.json`, `locales/fr/common.json`) otherwise. Empty strings are untranslated (i18next falls back
to the source) and counted as skipped. A bilingual file holds objects with `source` and `target`
strings (and optionally `id` and `note`): each such object is one unit. The file is parsed whole
(resource files are small) by a small scanner that remembers where each string starts, so findings
point at the right line.
"""

from __future__ import annotations

import bisect
import json
from collections import Counter
from collections.abc import Iterator
from typing import ClassVar

import regex

from mtqa.errors import InputError
from mtqa.model import Unit
from mtqa.readers.base import Document, decode_text, read_bytes

_NUMBER = regex.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?")
_WS = regex.compile(r"[ \t\r\n]*")


class _JsonError(Exception):
    def __init__(self, offset: int, problem: str) -> None:
        super().__init__(problem)
        self.offset = offset
        self.problem = problem


def string_leaves(text: str) -> list[tuple[str, str, int]]:
    """(key path, string, offset of the string's first character) for every string in the document."""
    out: list[tuple[str, str, int]] = []

    def skip(pos: int) -> int:
        match = _WS.match(text, pos)
        return match.end() if match else pos

    def value(pos: int, key: str) -> int:
        pos = skip(pos)
        if pos >= len(text):
            raise _JsonError(pos, "unexpected end of file")
        char = text[pos]
        if char == '"':
            try:
                string, end = json.decoder.scanstring(text, pos + 1)  # type: ignore[attr-defined]
            except json.JSONDecodeError as exc:
                raise _JsonError(exc.pos, exc.msg) from None
            out.append((key, string, pos + 1))
            return end
        if char == "{":
            pos = skip(pos + 1)
            if text.startswith("}", pos):
                return pos + 1
            while True:
                pos = skip(pos)
                if not text.startswith('"', pos):
                    raise _JsonError(pos, "expected a key in double quotes")
                try:
                    name, pos = json.decoder.scanstring(text, pos + 1)  # type: ignore[attr-defined]
                except json.JSONDecodeError as exc:
                    raise _JsonError(exc.pos, exc.msg) from None
                pos = skip(pos)
                if not text.startswith(":", pos):
                    raise _JsonError(pos, "expected ':' after a key")
                pos = skip(value(pos + 1, f"{key}.{name}" if key else name))
                if text.startswith(",", pos):
                    pos += 1
                elif text.startswith("}", pos):
                    return pos + 1
                else:
                    raise _JsonError(pos, "expected ',' or '}'")
        if char == "[":
            pos = skip(pos + 1)
            if text.startswith("]", pos):
                return pos + 1
            index = 0
            while True:
                pos = skip(value(pos, f"{key}[{index}]"))
                index += 1
                if text.startswith(",", pos):
                    pos += 1
                elif text.startswith("]", pos):
                    return pos + 1
                else:
                    raise _JsonError(pos, "expected ',' or ']'")
        for literal in ("true", "false", "null"):
            if text.startswith(literal, pos):
                return pos + len(literal)
        match = _NUMBER.match(text, pos)
        if match and match.end() > pos:
            return match.end()
        raise _JsonError(pos, f"unexpected character {text[pos]!r}")

    end = skip(value(0, ""))
    if end != len(text):
        raise _JsonError(end, "extra data after the document")
    return out


def _parse(path: str) -> tuple[list[tuple[str, str, int]], list[int]]:
    text = decode_text(path, read_bytes(path))
    newlines = [i for i, c in enumerate(text) if c == "\n"]
    try:
        return string_leaves(text), newlines
    except _JsonError as exc:
        line = bisect.bisect_left(newlines, exc.offset) + 1
        raise InputError(path, f"malformed JSON at line {line}: {exc.problem}") from None
    except RecursionError:
        raise InputError(path, "JSON nested too deeply") from None


def _position(newlines: list[int], offset: int) -> tuple[int, int]:
    line = bisect.bisect_left(newlines, offset)
    start = newlines[line - 1] + 1 if line else 0
    return line + 1, offset - start + 1


_SOURCE_LANG_KEYS = ("source_lang", "sourceLang", "srcLang", "source_language", "sourceLanguage")
_TARGET_LANG_KEYS = ("target_lang", "targetLang", "trgLang", "target_language", "targetLanguage")
_ROLES = {"source": "source", "src": "source", "target": "target", "tgt": "target", "translation": "target",
          "id": "id", "key": "id", "note": "note", "notes": "note", "comment": "note", "context": "note"}


def _split_key(key: str) -> tuple[str, str]:
    """'a.b[2].target' -> ('a.b[2]', 'target')."""
    parent, _, last = key.rpartition(".")
    return parent, last


def _bilingual(leaves: list[tuple[str, str, int]]) -> dict[str, dict[str, tuple[str, int]]] | None:
    """Objects holding both a source and a target string, by their key path; None when there are none."""
    groups: dict[str, dict[str, tuple[str, int]]] = {}
    for key, string, offset in leaves:
        parent, last = _split_key(key)
        role = _ROLES.get(last)
        if role:
            groups.setdefault(parent, {})[role] = (string, offset)
    found = {k: v for k, v in groups.items() if "source" in v and "target" in v}
    return found or None


class JsonResourceReader:
    name: ClassVar[str] = "json"
    extensions: ClassVar[tuple[str, ...]] = (".json",)

    def read(self, path: str) -> Document:
        return self.read_pair(path, None)

    def read_pair(self, path: str, source_path: str | None) -> Document:
        leaves, newlines = _parse(path)
        top = {key: string for key, string, _ in leaves if "." not in key and "[" not in key}
        document = Document(path, iter(()), format=self.name, source_path=source_path)
        source_key = next((k for k in _SOURCE_LANG_KEYS if k in top), None)
        target_key = next((k for k in _TARGET_LANG_KEYS if k in top), None)
        document.declare("source", top.get(source_key or ""), f"the JSON key '{source_key}'")
        document.declare("target", top.get(target_key or ""), f"the JSON key '{target_key}'")
        bilingual = _bilingual(leaves) if source_path is None else None
        if bilingual:
            document.units = self._bilingual_units(bilingual, newlines, document.skipped)
        else:
            sources: dict[str, str] = {}
            if source_path is not None:
                sources = {key: string for key, string, _ in _parse(source_path)[0]}
            skip = set(_SOURCE_LANG_KEYS + _TARGET_LANG_KEYS)
            document.units = self._units([leaf for leaf in leaves if leaf[0] not in skip], newlines, sources,
                                         document.skipped)
        return document

    @staticmethod
    def _bilingual_units(groups: dict[str, dict[str, tuple[str, int]]], newlines: list[int],
                         skipped: Counter[str]) -> Iterator[Unit]:
        for parent, roles in groups.items():
            target, offset = roles["target"]
            if not target.strip():
                skipped["untranslated"] += 1
                continue
            line, column = _position(newlines, offset)
            ident = roles["id"][0] if "id" in roles else parent or None
            notes = (roles["note"][0],) if "note" in roles and roles["note"][0].strip() else ()
            yield Unit(target=target, source=roles["source"][0], id=ident, line=line, column=column, notes=notes)

    @staticmethod
    def _units(leaves: list[tuple[str, str, int]], newlines: list[int], sources: dict[str, str],
               skipped: Counter[str]) -> Iterator[Unit]:
        for key, string, offset in leaves:
            if not string.strip():
                skipped["untranslated"] += 1
                continue
            line, column = _position(newlines, offset)
            yield Unit(target=string, source=sources.get(key), id=key, line=line, column=column)
