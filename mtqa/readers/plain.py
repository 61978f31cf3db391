"""Plain text: the whole file is one unit, offsets into the decoded file."""

from __future__ import annotations

from typing import ClassVar

from mtqa.model import Unit
from mtqa.readers.base import Document, decode_text, read_bytes


class PlainTextReader:
    name: ClassVar[str] = "plain"
    extensions: ClassVar[tuple[str, ...]] = (".txt", ".text", ".md", ".markdown")

    def read(self, path: str) -> Document:
        text = decode_text(path, read_bytes(path))
        return Document(path, iter([Unit(target=text)]), format=self.name)
