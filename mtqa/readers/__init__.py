"""Readers, one module per format, chosen by name or by file extension."""

from __future__ import annotations

from pathlib import Path

from mtqa.errors import UsageError
from mtqa.readers.aligned import AlignedReader
from mtqa.readers.base import STDIN, Document, Reader
from mtqa.readers.bitext import BitextTsvReader
from mtqa.readers.json_resources import JsonResourceReader
from mtqa.readers.plain import PlainTextReader
from mtqa.readers.po import PoReader
from mtqa.readers.table import TableReader
from mtqa.readers.tmx import TmxReader
from mtqa.readers.xliff import XliffReader

READERS: dict[str, Reader] = {
    reader.name: reader
    for reader in (PlainTextReader(), BitextTsvReader(), TableReader(), XliffReader(), PoReader(), TmxReader(),
                   JsonResourceReader(), AlignedReader())
}


def reader_for(path: str, format: str | None = None) -> Reader:
    if format:
        try:
            return READERS[format]
        except KeyError:
            raise UsageError(f"unknown input format '{format}' (known: {', '.join(sorted(READERS))})") from None
    if path != STDIN:
        suffix = Path(path).suffix.lower()
        for reader in READERS.values():
            if suffix in reader.extensions:
                return reader
    return READERS["plain"]


def read_document(path: str, format: str | None = None, source: str | None = None) -> Document:
    """The document at `path`; with `source`, paired with that file (JSON by key path, else line by line)."""
    if source is None:
        return reader_for(path, format).read(path)
    reader = reader_for(path, format)
    if isinstance(reader, JsonResourceReader):
        return reader.read_pair(path, source)
    if format not in (None, "plain", "aligned") or not isinstance(reader, PlainTextReader):
        raise UsageError(f"{path}: --source pairs line-aligned text or JSON files, not {reader.name} files "
                         "(which hold their own source)")
    return AlignedReader().read_pair(path, source)


__all__ = ["READERS", "STDIN", "Document", "Reader", "read_document", "reader_for"]
