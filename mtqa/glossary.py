"""User glossaries for the terminology check: CSV (or TSV) tables and TBX files.

CSV/TSV: a header naming `source` and `target` columns (or two language codes, `en,fr`), and an
optional `forbidden` column; alternatives within a cell are separated by `|`. A row with a source term
requires one of its target terms whenever the source term occurs; forbidden terms must never appear in
the target. TBX: each `<termEntry>`/`<conceptEntry>` holds terms per language; terms whose
administrative status is deprecated or superseded are forbidden, the others are the allowed ones.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import regex

from mtqa.errors import ConfigError, InputError
from mtqa.readers.base import decode_text, read_bytes
from mtqa.text.words import LETTER, WORD_CHAR
from mtqa.util import patterns
from mtqa.util.datafiles import base_language

if TYPE_CHECKING:
    from mtqa.util.xmlsafe import Node

_FORBIDDEN_STATUS = ("deprecated", "superseded", "forbidden")


@dataclass(frozen=True)
class Entry:
    source: tuple[str, ...]
    target: tuple[str, ...]
    forbidden: tuple[str, ...] = ()
    source_lang: str | None = None
    target_lang: str | None = None

    def applies(self, source_lang: str | None, target_lang: str | None) -> bool:
        return (self.source_lang is None or base_language(self.source_lang) == base_language(source_lang)) and (
            self.target_lang is None or base_language(self.target_lang) == base_language(target_lang))


@functools.lru_cache(maxsize=4096)
def term_pattern(term: str) -> regex.Pattern[str]:
    """A term as a case-insensitive pattern: whole words, each allowed a short inflectional ending."""
    words = term.split()
    parts = [regex.escape(w) + (rf"[{LETTER}]{{0,3}}" if len(w) >= 4 and w[-1].isalpha() else "") for w in words]
    return patterns.compile(rf"(?<![{WORD_CHAR}])" + r"\s+".join(parts) + rf"(?![{WORD_CHAR}])", regex.IGNORECASE)


def _split(cell: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in cell.split("|") if t.strip())


def _cell(row: list[str], index: int | None) -> str:
    return row[index] if index is not None and index < len(row) else ""


def _table(path: str) -> list[Entry]:
    # Imported here: a scan without a glossary (most) does not load the CSV and XML readers.
    import csv
    import io

    from mtqa.readers.table import columns_from_header

    text = decode_text(path, read_bytes(path))
    delimiter = "\t" if path.endswith((".tsv", ".tab")) else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as exc:  # a cell over the csv module's 128 KB limit, a NUL, a bad quote
        limit = " (a cell over 128 KB: glossary cells hold terms)" if "field limit" in str(exc) else ""
        raise ConfigError(path, f"line {reader.line_num}: malformed CSV: {exc}{limit}") from None
    if not rows:
        raise ConfigError(path, "empty glossary")
    header = [c.strip().lower() for c in rows[0]]
    columns = columns_from_header(rows[0])
    forbidden_col = header.index("forbidden") if "forbidden" in header else None
    if columns is None:
        raise ConfigError(path, "glossary needs a header with source and target columns (or two language codes)")
    entries = []
    for row in rows[1:]:
        if not any(c.strip() for c in row):
            continue
        source, target = _split(_cell(row, columns.source)), _split(_cell(row, columns.target))
        forbidden = _split(_cell(row, forbidden_col))
        if source or forbidden:
            entries.append(Entry(source, target, forbidden, columns.source_lang, columns.target_lang))
    return entries


def _status(term_holder: Node) -> str:
    for note in term_holder.iter("termNote"):
        if note.attrib.get("type") in ("administrativeStatus", "normativeAuthorization"):
            return note.text().strip().lower()
    return ""


def _tbx(path: str, source_lang: str | None, target_lang: str | None) -> list[Entry]:
    from mtqa.util.xmlsafe import parse_xml

    try:
        events = parse_xml(path, read_bytes(path), collect=("termEntry", "conceptEntry"))
    except InputError as exc:
        raise ConfigError(path, exc.problem) from None
    entries = []
    for _kind, entry in events:
        by_lang: dict[str, tuple[list[str], list[str]]] = {}
        for lang_set in (*entry.iter("langSet"), *entry.iter("langSec")):
            lang = base_language(lang_set.attrib.get("lang")) or ""
            allowed, banned = by_lang.setdefault(lang, ([], []))
            holders = [*lang_set.iter("tig"), *lang_set.iter("ntig"), *lang_set.iter("termSec")] or [lang_set]
            for holder in holders:
                term = next(holder.iter("term"), None)
                if term is None or not term.text().strip():
                    continue
                status = _status(holder)
                (banned if any(s in status for s in _FORBIDDEN_STATUS) else allowed).append(term.text().strip())
        src = by_lang.get(base_language(source_lang) or "", ([], []))
        tgt = by_lang.get(base_language(target_lang) or "", ([], []))
        if src[0] or tgt[1]:
            entries.append(Entry(tuple(src[0]), tuple(tgt[0]), tuple(tgt[1]), source_lang, target_lang))
    return entries


def load_glossaries(paths: Iterable[str], source_lang: str | None, target_lang: str | None) -> tuple[Entry, ...]:
    """Every entry of the glossary files that applies to this language pair."""
    entries: list[Entry] = []
    for path in paths:
        if not Path(path).is_file():
            raise ConfigError(path, "glossary file not found")
        if path.lower().endswith((".tbx", ".xml")):
            entries += _tbx(path, source_lang, target_lang)
        else:
            try:
                entries += _table(path)
            except InputError as exc:
                raise ConfigError(path, exc.problem) from None
    return tuple(e for e in entries if e.applies(source_lang, target_lang))
