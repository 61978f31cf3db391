"""Spreadsheet-like tables: CSV and TSV, with a header naming the columns, or bare `source<TAB>target`.

Header names (case-insensitive): `source`/`src`, `target`/`tgt`/`mt`/`translation`,
`reference`/`ref`, `id`/`key`, `note`/`notes`/`comment`. Language codes also work as column names
(`id,en,fr`): the first language column is the source, the second the target, and they give the
file's languages. A TSV file without such a header is read by position:
`source<TAB>target[<TAB>reference]`. A CSV file without a header is read by position too when its
name is a locale (Magento's `i18n/fr_FR.csv`: `"source","target"[,"module","Vendor_Module"]` rows);
otherwise `columns` (`--columns source,target`, or the `columns` config key) names the columns of a
header-less table (`-` skips one). Quoted CSV fields may span lines; a unit's line is where its row
starts. Rows with an empty target are skipped and counted.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from mtqa.errors import EmptyInputError, InputError
from mtqa.model import Unit
from mtqa.readers.base import STDIN, Document, decode_text, read_bytes
from mtqa.util.langtags import language_from_name, language_in_path

ROLES = {
    "source": "source", "src": "source", "source_text": "source",
    "target": "target", "tgt": "target", "mt": "target", "translation": "target", "target_text": "target",
    "reference": "reference", "ref": "reference",
    "id": "id", "key": "id", "unit": "id",
    "note": "note", "notes": "note", "comment": "note", "comments": "note", "context": "note",
}
COLUMN_ROLES = ("source", "target", "reference", "id", "note", "-")


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
        elif language_from_name(cell.strip()):
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


def columns_from_roles(roles: list[str] | tuple[str, ...]) -> Columns:
    """The columns of a header-less table named in order (`source,target,-,id`); `-` skips a column."""
    names = [role.strip().lower() for role in roles]
    unknown = [n for n in names if ROLES.get(n, n) not in COLUMN_ROLES]
    if unknown:
        raise ValueError(f"unknown column role '{unknown[0]}' (known: {', '.join(COLUMN_ROLES)})")
    index = {ROLES.get(n, n): i for i, n in reversed(list(enumerate(names))) if n != "-"}
    if "source" not in index or "target" not in index:
        raise ValueError("the columns must name a source and a target column (e.g. source,target)")
    return Columns(index["source"], index["target"], index.get("reference"), index.get("id"), index.get("note"))


def _cell(row: list[str], index: int | None) -> str:
    return row[index] if index is not None and index < len(row) else ""


class TableReader:
    """CSV with a header (this class); `BitextTsvReader` is the same reader for tab-separated files."""

    name: ClassVar[str] = "csv"
    extensions: ClassVar[tuple[str, ...]] = (".csv",)

    delimiter: ClassVar[str] = ","

    def read(self, path: str, columns: list[str] | tuple[str, ...] | None = None) -> Document:
        text = decode_text(path, read_bytes(path))
        delimiter = self.delimiter
        rows = self._rows(path, text, delimiter)
        first = next(rows, None)
        if first is None:
            raise EmptyInputError(path)
        line, header = first
        found = columns_from_header(header)
        positional = False
        if columns:
            try:
                chosen = columns_from_roles(columns)
            except ValueError as exc:
                raise InputError(path, f"--columns: {exc}") from None
            if found is None:
                rows = self._chain(first, rows)
        elif found is not None:
            chosen = found
        elif delimiter == "\t":
            chosen, positional = Columns(0, 1, 2), True
            rows = self._chain(first, rows)
        elif path != STDIN and language_in_path(path) and len(header) >= 2:
            # A header-less table named by its locale (Magento's i18n/fr_FR.csv): source, target, others.
            chosen = Columns(0, 1)
            rows = self._chain(first, rows)
        else:
            raise InputError(path, "line 1: expected a header naming the columns (e.g. source,target); "
                                   "for a table without one, pass --columns source,target")
        document = Document(path, iter(()), format=self.name)
        document.declare("source", chosen.source_lang, "the source column's name")
        document.declare("target", chosen.target_lang, "the target column's name")
        document.units = self._units(path, rows, chosen, positional, document)
        return document

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
    def _units(path: str, rows: Iterator[tuple[int, list[str]]], columns: Columns, positional: bool,
               document: Document) -> Iterator[Unit]:
        needed = max(c for c in (columns.source, columns.target) if c is not None)
        for line, row in rows:
            if positional and len(row) not in (2, 3):
                raise InputError(path, f"line {line}: expected source<TAB>target[<TAB>reference], "
                                       f"found {len(row)} column(s)")
            if len(row) <= needed:
                raise InputError(path, f"line {line}: expected at least {needed + 1} columns, found {len(row)}")
            target = row[columns.target]
            if not target.strip():
                document.skipped["untranslated"] += 1
                continue
            source = row[columns.source]
            reference = _cell(row, columns.reference)
            ident = _cell(row, columns.id) or str(line)
            note = _cell(row, columns.note)
            column = sum(len(cell) + 1 for cell in row[: columns.target]) + 1
            yield Unit(target=target, source=source or None, reference=reference or None, id=ident or str(line),
                       line=line, column=column, notes=(note,) if note.strip() else ())
