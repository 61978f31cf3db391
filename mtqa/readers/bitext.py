"""Line-aligned bitext TSV: `source<TAB>target`, with an optional third column `reference`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from mtqa.errors import InputError
from mtqa.model import Unit
from mtqa.readers.base import Document, decode_text, read_bytes

HEADER_NAMES = {"source", "src", "target", "tgt", "mt", "translation", "reference", "ref"}


class BitextTsvReader:
    name: ClassVar[str] = "bitext"
    extensions: ClassVar[tuple[str, ...]] = (".tsv", ".tab")

    def read(self, path: str) -> Document:
        text = decode_text(path, read_bytes(path))
        return Document(path, self._units(path, text), format=self.name)

    def _units(self, path: str, text: str) -> Iterator[Unit]:
        for number, line in enumerate(text.split("\n"), start=1):
            line = line.rstrip("\r")
            if not line.strip():
                continue
            columns = line.split("\t")
            if number == 1 and {c.strip().lower() for c in columns} <= HEADER_NAMES:
                continue
            if len(columns) not in (2, 3):
                raise InputError(path, f"line {number}: expected source<TAB>target[<TAB>reference], "
                                       f"found {len(columns)} column(s)")
            source, target = columns[0], columns[1]
            reference = columns[2] if len(columns) == 3 else None
            yield Unit(target=target, source=source, reference=reference, id=str(number), line=number,
                       column=len(source) + 2)
