"""Plain text. A file up to `SINGLE_UNIT_CHARS` is one unit; a longer one is read incrementally and
yielded in blocks of at most `BLOCK_CHARS` that end at paragraph breaks (failing that, at line breaks,
sentence ends or spaces). A file holding a run of over `WORD_CUT_CHARS` characters without a space (one
endless word) is read in blocks whatever its size, and the run is cut every `WORD_CUT_CHARS`. Either
way finding offsets are code points into the whole decoded file, so the output does not depend on how
the file was cut.
"""

from __future__ import annotations

import codecs
import re
import sys
import unicodedata
from collections.abc import Iterator
from typing import BinaryIO, ClassVar

from mtqa.errors import EmptyInputError, InputError
from mtqa.model import Unit
from mtqa.readers.base import STDIN, Document, open_binary, strip_bom

SINGLE_UNIT_CHARS = 1_000_000
BLOCK_CHARS = 64_000
READ_BYTES = 1 << 20


_SENTENCE_END = re.compile(r"[.!?…][\"'»”’)\]]*\s|[。！？]")
_SPACE = re.compile(r"\s")
# No real word is this long; a text holding a longer run without a space (an endless word, a base64 blob)
# is cut inside it, so that a check that costs more than linear time in a word's length stays cheap.
WORD_CUT_CHARS = 4096
_NOT_A_BREAK = "[^\\s。！？；，、]"  # CJK text has no spaces: its punctuation separates its runs
_ENDLESS_WORD = re.compile(rf"(?<!{_NOT_A_BREAK}){_NOT_A_BREAK}{{{WORD_CUT_CHARS + 1}}}")


def _cut_point(buffer: str) -> int:
    """Where to end a block of `buffer` (a window of at most BLOCK_CHARS): before an endless word, or
    WORD_CUT_CHARS into one (never between a character and its combining marks); else after the last
    paragraph break, the last line break, the last sentence end or the last space, in that order."""
    word = _ENDLESS_WORD.search(buffer)
    if word is not None and word.start() > 0:
        return word.start()
    if word is not None:
        cut = WORD_CUT_CHARS
        while 1 < cut < len(buffer) and unicodedata.combining(buffer[cut]):
            cut -= 1
        return cut
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
    return len(buffer)


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

            def cut() -> Iterator[Unit]:
                nonlocal buffer, offset, line, seen_text
                block_end = _cut_point(buffer[:BLOCK_CHARS])
                block, buffer = buffer[:block_end], buffer[block_end:]
                if block.strip():
                    seen_text = True
                    yield Unit(target=block, offset=offset, line=line)
                offset += len(block)
                line += block.count("\n")

            for piece in self._decoded(path, handle):
                buffer += piece
                if len(buffer) <= SINGLE_UNIT_CHARS and offset == 0 and not _ENDLESS_WORD.search(buffer):
                    continue  # a file of ordinary size and shape is one unit
                while len(buffer) > BLOCK_CHARS:
                    yield from cut()
            while len(buffer) > WORD_CUT_CHARS and _ENDLESS_WORD.search(buffer):
                yield from cut()
            if buffer.strip():
                seen_text = True
                yield Unit(target=buffer, offset=offset, line=line)
            if not seen_text:
                raise EmptyInputError(path)
        finally:
            if handle is not sys.stdin.buffer:
                handle.close()


def _prepend(first: Unit, rest: Iterator[Unit]) -> Iterator[Unit]:
    yield first
    yield from rest
