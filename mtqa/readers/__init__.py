"""Readers, one module per format, chosen by name or by file extension."""

from __future__ import annotations

from pathlib import Path

from mtqa.errors import UsageError
from mtqa.readers.base import STDIN, Document, Reader
from mtqa.readers.bitext import BitextTsvReader
from mtqa.readers.plain import PlainTextReader

READERS: dict[str, Reader] = {reader.name: reader for reader in (PlainTextReader(), BitextTsvReader())}


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


def read_document(path: str, format: str | None = None) -> Document:
    return reader_for(path, format).read(path)


__all__ = ["READERS", "STDIN", "Document", "Reader", "read_document", "reader_for"]
