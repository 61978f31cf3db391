"""Readers, one module per format, chosen by name or by file extension.

A format's module is imported when a file of that format is first read, so a scan of plain text never
imports the XML or JSON readers.

May import: errors, model, util, text
"""

from __future__ import annotations

from pathlib import Path

from mtqa.errors import UsageError
from mtqa.readers.base import STDIN, Document, Reader
from mtqa.util.lazyload import LazyTable

# Name -> reader class, in the order extensions are matched; each reader's `extensions` are repeated in
# EXTENSIONS so that guessing a format imports nothing (a test keeps the two in step).
READERS: LazyTable[Reader] = LazyTable({
    "plain": "mtqa.readers.plain:PlainTextReader",
    "bitext": "mtqa.readers.bitext:BitextTsvReader",
    "csv": "mtqa.readers.table:TableReader",
    "xliff": "mtqa.readers.xliff:XliffReader",
    "po": "mtqa.readers.po:PoReader",
    "tmx": "mtqa.readers.tmx:TmxReader",
    "json": "mtqa.readers.json_resources:JsonResourceReader",
    "aligned": "mtqa.readers.aligned:AlignedReader",
}, make=lambda cls: cls())

EXTENSIONS: dict[str, tuple[str, ...]] = {
    "plain": (".txt", ".text", ".md", ".markdown"),
    "bitext": (".tsv", ".tab"),
    "csv": (".csv",),
    "xliff": (".xlf", ".xliff", ".xlif", ".sdlxliff", ".mqxliff"),
    "po": (".po", ".pot"),
    "tmx": (".tmx",),
    "json": (".json",),
    "aligned": (),
}


def known_extensions() -> frozenset[str]:
    return frozenset(ext for extensions in EXTENSIONS.values() for ext in extensions)


def reader_for(path: str, format: str | None = None) -> Reader:
    if format:
        try:
            return READERS[format]
        except KeyError:
            raise UsageError(f"unknown input format '{format}' (known: {', '.join(sorted(READERS))})") from None
    if path != STDIN:
        suffix = Path(path).suffix.lower()
        for name, extensions in EXTENSIONS.items():
            if suffix in extensions:
                return READERS[name]
    return READERS["plain"]


# Formats whose reader can take the source text from another file of the same format: JSON resources by
# key path, PO catalogues by message (a key-based catalogue's `en.po`), XLIFF by unit id (Symfony's
# `messages.en.xlf` beside a catalogue whose sources are keys).
PAIRED_FORMATS = ("json", "po", "xliff")


def read_document(path: str, format: str | None = None, source: str | None = None, *,
                  columns: list[str] | tuple[str, ...] | None = None) -> Document:
    """The document at `path`; with `source`, paired with that file (JSON by key path, PO by message,
    XLIFF by unit id, plain text line by line). `columns` names the columns of a header-less table."""
    reader = reader_for(path, format)
    if source is None:
        if columns and reader.name in ("csv", "bitext"):
            return reader.read(path, columns=columns)  # type: ignore[call-arg]
        return reader.read(path)
    if reader.name in PAIRED_FORMATS:
        return reader.read_pair(path, source)  # type: ignore[attr-defined]
    if format not in (None, "plain", "aligned") or reader.name != "plain":
        raise UsageError(f"{path}: --source pairs line-aligned text, JSON, PO or XLIFF files, not {reader.name} "
                         "files (which hold their own source)")
    return READERS["aligned"].read_pair(path, source)  # type: ignore[attr-defined]


__all__ = ["EXTENSIONS", "PAIRED_FORMATS", "READERS", "STDIN", "Document", "Reader", "known_extensions",
           "read_document", "reader_for"]
