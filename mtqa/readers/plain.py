"""Plain text. A file up to `SINGLE_UNIT_CHARS` is one unit; a longer one is read incrementally and
yielded in blocks of at most `BLOCK_CHARS` that end at paragraph breaks (failing that, at line breaks,
sentence ends or spaces; one endless word is cut every `WORD_CUT_CHARS`). Either way finding offsets are
code points into the whole decoded file, so the output does not depend on how the file was cut.
"""

from __future__ import annotations

import codecs
import re
import sys
import unicodedata
from collections.abc import Iterator
from typing import BinaryIO, ClassVar

from mtqa.errors import InputError
from mtqa.model import Unit
from mtqa.readers.base import STDIN, Document, open_binary, strip_bom

SINGLE_UNIT_CHARS = 1_000_000
BLOCK_CHARS = 64_000
READ_BYTES = 1 << 20


_SENTENCE_END = re.compile(r"[.!?…][\"'»”’)\]]*\s|[。！？]")
# Where a text with no break at all (one endless word) is cut: no real word is this long, and a check
# that costs more than linear time in a word's length then stays cheap.
WORD_CUT_CHARS = 4096
_SPACE = re.compile(r"\s")


def _cut_point(buffer: str) -> int:
    """Where to end a block of `buffer` (a window of BLOCK_CHARS): after the last paragraph break, else the
    last line break, else the last sentence end, else the last space; a text with none of them (one
    endless word) is cut after WORD_CUT_CHARS, never between a character and its combining marks."""
    cut = buffer.rfind("\n\n")
    if cut != -1:
        return cut + 2
    cut = buffer.rfind("\n")
    if cut != -1:
        return cut + 1
    tail = buffer[len(buffer) // 2 :]  # look for a sentence end or space in the second half only
    for pattern in (_SENTENCE_END, _SPACE):
        ends = [m.end() for m in pattern.finditer(tail)]
        if ends:
            return len(buffer) - len(tail) + ends[-1]
    cut = min(len(buffer), WORD_CUT_CHARS)
    while 1 < cut < len(buffer) and unicodedata.combining(buffer[cut]):
        cut -= 1
    return cut


class PlainTextReader:
    name: ClassVar[str] = "plain"
    extensions: ClassVar[tuple[str, ...]] = (".txt", ".text", ".md", ".markdown")

    def read(self, path: str) -> Document:
        handle = sys.stdin.buffer if path == STDIN else open_binary(path)
        units = self._units(path, handle)
        first = next(units)  # decode errors, binary and empty input surface now, before any output
        return Document(path, _prepend(first, units), format=self.name)

    def _decoded(self, path: str, handle: BinaryIO) -> Iterator[str]:
        head, encoding = strip_bom(handle.read(READ_BYTES))
        if encoding == "utf-8" and b"\x00" in head[:8192]:
            raise InputError(path, "looks like a binary file (NUL bytes), not text")
        decoder = codecs.getincrementaldecoder(encoding)()
        consumed = 0
        chunk = head
        while True:
            try:
                text = decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                pending = len(decoder.getstate()[0])
                where = consumed - pending + exc.start
                raise InputError(path, f"not valid {encoding.upper()} (bad byte at offset {where})") from None
            if "\x00" in text:
                raise InputError(path, "looks like a binary file (NUL characters), not text")
            if text:
                yield text
            if not chunk:
                return
            consumed += len(chunk)
            chunk = handle.read(READ_BYTES)

    def _units(self, path: str, handle: BinaryIO) -> Iterator[Unit]:
        try:
            buffer = ""
            offset = 0
            line = 1
            seen_text = False
            pieces = self._decoded(path, handle)
            for piece in pieces:
                buffer += piece
                if len(buffer) <= SINGLE_UNIT_CHARS and offset == 0:
                    continue
                while len(buffer) > BLOCK_CHARS:
                    cut = _cut_point(buffer[:BLOCK_CHARS])
                    block, buffer = buffer[:cut], buffer[cut:]
                    if block.strip():
                        seen_text = True
                        yield Unit(target=block, offset=offset, line=line)
                    offset += len(block)
                    line += block.count("\n")
            while offset and len(buffer) > WORD_CUT_CHARS and not _SPACE.search(buffer):
                cut = _cut_point(buffer)  # the end of an endless word: in pieces too
                block, buffer = buffer[:cut], buffer[cut:]
                yield Unit(target=block, offset=offset, line=line)
                offset += len(block)
            if buffer.strip():
                seen_text = True
                yield Unit(target=buffer, offset=offset, line=line)
            if not seen_text:
                raise InputError(path, "empty file: nothing to check")
        finally:
            if handle is not sys.stdin.buffer:
                handle.close()


def _prepend(first: Unit, rest: Iterator[Unit]) -> Iterator[Unit]:
    yield first
    yield from rest
