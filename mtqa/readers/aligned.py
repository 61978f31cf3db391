"""Line-aligned source and target files (`mtqa scan target.txt --source source.txt`).

Line N of the target translates line N of the source; each non-empty target line is one unit whose
id is its line number. Both files are read line by line, so corpora of any size stream through.
Files of different lengths are an input error naming the line where one of them ends.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from typing import BinaryIO, ClassVar

from mtqa.errors import EmptyInputError, InputError
from mtqa.model import Unit
from mtqa.readers.base import Document, binary_stream

# A line longer than this is no sentence of a parallel corpus (and an endless one, /dev/zero, would
# otherwise be read into memory whole).
MAX_LINE_CHARS = 8_000_000


def _lines(path: str, stream: BinaryIO) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    pending: list[str] = []  # the pieces of the line being read (joined once: a long line stays linear)
    pending_chars = 0
    offset = 0
    number = 1
    while True:
        chunk = stream.read(1 << 16)
        try:
            text = decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            raise InputError(path, f"not valid UTF-8 (bad byte at offset {offset + exc.start})") from None
        if "\x00" in text:
            raise InputError(path, "looks like a binary file (NUL characters), not text")
        offset += len(chunk)
        *complete, rest = text.split("\n")
        for line in complete:
            yield ("".join(pending) + line).rstrip("\r")
            pending, pending_chars = [], 0
            number += 1
        pending.append(rest)
        pending_chars += len(rest)
        if pending_chars > MAX_LINE_CHARS:
            raise InputError(path, f"line {number} is longer than {MAX_LINE_CHARS:,} characters")
        if not chunk:
            break
    last = "".join(pending)
    if last:
        yield last.rstrip("\r")


class AlignedReader:
    name: ClassVar[str] = "aligned"
    extensions: ClassVar[tuple[str, ...]] = ()

    def read(self, path: str) -> Document:
        raise InputError(path, "line-aligned input needs the source file: pass --source FILE")

    def read_pair(self, path: str, source_path: str) -> Document:
        return Document(path, self._units(path, source_path), format=self.name)

    @staticmethod
    def _units(path: str, source_path: str) -> Iterator[Unit]:
        with binary_stream(path) as target_stream, binary_stream(source_path) as source_stream:
            targets, sources = _lines(path, target_stream), _lines(source_path, source_stream)
            number = 0
            seen_text = False
            for number, target in enumerate(targets, start=1):
                source = next(sources, None)
                if source is None:
                    raise InputError(path, f"line {number}: the source file {source_path} has only "
                                           f"{number - 1} line(s)")
                if "\x00" in target:
                    raise InputError(path, "looks like a binary file (NUL characters), not text")
                seen_text = seen_text or bool(target.strip())
                if target.strip():
                    yield Unit(target=target, source=source or None, id=str(number), line=number)
            if any(line.strip() for line in sources):
                raise InputError(source_path, f"has more lines than the target {path} ({number})")
            if not seen_text:
                raise EmptyInputError(path)
