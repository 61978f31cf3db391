"""Spreadsheet-like tables: CSV and TSV, with a header naming the columns, or bare `source<TAB>target`.

Header names (case-insensitive): `source`/`src`, `target`/`tgt`/`mt`/`translation`,
`reference`/`ref`, `id`/`key`, `note`/`notes`/`comment`. Language codes also work as column names
(`id,en,fr`): the first language column is the source, the second the target, and they give the
file's languages. A TSV file without such a header is read by position:
`source<TAB>target[<TAB>reference]`. Quoted CSV fields may span lines; a unit's line is where its
row starts.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

import regex

from mtqa.errors import InputError
from mtqa.model import Unit
from mtqa.readers.base import Document, decode_text, read_bytes

ROLES = {
    "source": "source", "src": "source", "source_text": "source",
    "target": "target", "tgt": "target", "mt": "target", "translation": "target", "target_text": "target",
    "reference": "reference", "ref": "reference",
    "id": "id", "key": "id", "unit": "id",
    "note": "note", "notes": "note", "comment": "note", "comments": "note", "context": "note",
}
_LANG_CODE = regex.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?$")


@dataclass(frozen=True)
class Columns:
    source: int
    target: int
    reference: int | None = None
    id: int | None = None
    note: int | None = None
    source_lang: str | None = None
    target_lang: str | None = None


def columns_from_header(row: list[str]) -> Columns | None:
    """The column roles a header row names, or None when it is not a header."""
    roles: dict[str, int] = {}
    langs: list[tuple[str, int]] = []
    for index, cell in enumerate(row):
        name = cell.strip().lower().replace(" ", "_")
        role = ROLES.get(name)
        if role and role not in roles:
            roles[role] = index
        elif _LANG_CODE.match(cell.strip()):
            langs.append((cell.strip(), index))
        elif name:
            roles.setdefault(f"extra:{index}", index)
    source_lang = target_lang = None
    if "source" not in roles and "target" not in roles and len(langs) >= 2:
        (source_lang, roles["source"]), (target_lang, roles["target"]) = langs[0], langs[1]
    if "source" not in roles or "target" not in roles:
        return None
    return Columns(roles["source"], roles["target"], roles.get("reference"), roles.get("id"), roles.get("note"),
                   source_lang, target_lang)


def _cell(row: list[str], index: int | None) -> str:
    return row[index] if index is not None and index < len(row) else ""


class TableReader:
    """CSV with a header (this class); `BitextTsvReader` is the same reader for tab-separated files."""

    name: ClassVar[str] = "csv"
    extensions: ClassVar[tuple[str, ...]] = (".csv",)

    delimiter: ClassVar[str] = ","

    def read(self, path: str) -> Document:
        text = decode_text(path, read_bytes(path))
        delimiter = self.delimiter
        rows = self._rows(path, text, delimiter)
        first = next(rows, None)
        if first is None:
            raise InputError(path, "empty file: nothing to check")
        line, header = first
        columns = columns_from_header(header)
        positional = columns is None
        if columns is None:
            if delimiter == ",":
                raise InputError(path, "line 1: expected a header naming the columns (e.g. source,target)")
            columns = Columns(0, 1, 2)
            rows = self._chain(first, rows)
        return Document(path, self._units(path, rows, columns, positional), source_lang=columns.source_lang,
                        target_lang=columns.target_lang, format=self.name)

    @staticmethod
    def _chain(first: tuple[int, list[str]], rows: Iterator[tuple[int, list[str]]]) -> Iterator[tuple[int, list[str]]]:
        yield first
        yield from rows

    @staticmethod
    def _rows(path: str, text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
        if delimiter == "\t":
            # TSV bitexts hold quotes as plain characters: no CSV quoting.
            for number, line in enumerate(text.split("\n"), start=1):
                line = line.rstrip("\r")
                if line.strip():
                    yield number, line.split("\t")
            return
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        start = 1
        try:
            for row in reader:
                if any(cell.strip() for cell in row):
                    yield start, row
                start = reader.line_num + 1
        except csv.Error as exc:
            raise InputError(path, f"line {reader.line_num}: malformed CSV: {exc}") from None

    @staticmethod
    def _units(path: str, rows: Iterator[tuple[int, list[str]]], columns: Columns, positional: bool) -> Iterator[Unit]:
        needed = max(c for c in (columns.source, columns.target) if c is not None)
        for line, row in rows:
            if positional and len(row) not in (2, 3):
                raise InputError(path, f"line {line}: expected source<TAB>target[<TAB>reference], "
                                       f"found {len(row)} column(s)")
            if len(row) <= needed:
                raise InputError(path, f"line {line}: expected at least {needed + 1} columns, found {len(row)}")
            target = row[columns.target]
            if not target.strip():
                continue
            source = row[columns.source]
            reference = _cell(row, columns.reference)
            ident = _cell(row, columns.id) or str(line)
            note = _cell(row, columns.note)
            column = sum(len(cell) + 1 for cell in row[: columns.target]) + 1
            yield Unit(target=target, source=source or None, reference=reference or None, id=ident or str(line),
                       line=line, column=column, notes=(note,) if note.strip() else ())
