"""The reader interface: a path (or stdin) in, a `Document` of lazily produced units out."""

from __future__ import annotations

import contextlib
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, ClassVar, Protocol

from mtqa.errors import EmptyInputError, InputError
from mtqa.model import Unit
from mtqa.util.langtags import LanguageTagError, language_from_name, parse_tag

STDIN = "-"


@dataclass
class Document:
    """One input file. `units` is an iterator: readers never hold a whole corpus in memory.

    `source_lang` and `target_lang` are what the file's contents declare (canonical tags, or None);
    the run resolves the languages from these, the options and the path. `skipped` counts, by reason,
    the entries the reader passed over (`untranslated`, `fuzzy`, `target-only`...), filled in as the
    units are read. `source_path` names the file that gave the units their source text, if another.
    """

    path: str
    units: Iterator[Unit]
    source_lang: str | None = None
    target_lang: str | None = None
    format: str = "plain"
    skipped: Counter[str] = field(default_factory=Counter)
    source_path: str | None = None
    # Declared languages that are not language codes (`Language: French`), for the error message.
    language_problems: list[str] = field(default_factory=list)
    # What the reader says once about the file in the report (a repair it made to read it).
    notes: list[str] = field(default_factory=list)

    def declare(self, role: str, value: str | None, where: str) -> str | None:
        """Set the source or target language from a value in the file; a value that is not a language
        code is noted (for the message when no language is found) and ignored."""
        tag = content_language(value)
        if tag is None and value and value.strip():
            shown = value.strip() if len(value.strip()) <= 40 else value.strip()[:40] + "…"
            self.language_problems.append(f"{where} {shown!r} is not a language code")
        setattr(self, f"{role}_lang", tag)
        return tag


class Reader(Protocol):
    name: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]]

    def read(self, path: str) -> Document: ...


def content_language(value: str | None) -> str | None:
    """A language code read from a file (XLIFF `target-language`, PO `Language:`, TMX `xml:lang`) in its
    canonical spelling; None when absent or not a language code. gettext spellings (`sr@latin`,
    `fr_FR.UTF-8`) are read too."""
    if value is None or not value.strip():
        return None
    try:
        return parse_tag(value)
    except LanguageTagError:
        return language_from_name(value.strip().split(".", 1)[0])


def open_binary(path: str) -> BinaryIO:
    """Open a file for reading bytes, with one-line errors for what goes wrong."""
    try:
        if Path(path).is_dir():
            raise InputError(path, "is a directory, not a file")
        return open(path, "rb")  # noqa: SIM115 - the reader closes it when done
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None


# The formats read whole (JSON, CSV/TSV, PO) stop at this size: a device or FIFO named as an input
# (/dev/zero) never ends, and a file this large needs a streaming format (plain text, XLIFF, TMX).
MAX_WHOLE_FILE_BYTES = 512 << 20
_CHUNK = 1 << 20


def read_bytes(path: str) -> bytes:
    """The raw bytes of a file, or of stdin for '-', with one-line errors for what goes wrong. Binary
    input (NUL bytes at the start) is refused as soon as it is seen, and no more than
    MAX_WHOLE_FILE_BYTES is ever read."""
    chunks: list[bytes] = []
    size = 0
    with binary_stream(path) as handle:
        while size <= MAX_WHOLE_FILE_BYTES:
            chunk = handle.read(_CHUNK)
            if not chunk:
                break
            if not chunks and b"\x00" in chunk[:8192] and not chunk.startswith((b"\xff\xfe", b"\xfe\xff")):
                raise InputError(path, "looks like a binary file (NUL bytes), not text")
            chunks.append(chunk)
            size += len(chunk)
    if size > MAX_WHOLE_FILE_BYTES:
        raise InputError(path, f"larger than {MAX_WHOLE_FILE_BYTES >> 20} MB, too large for a format read whole "
                               "(split it, or use plain text, XLIFF or TMX, which are read as they stream)")
    return b"".join(chunks)


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def strip_bom(data: bytes) -> tuple[bytes, str]:
    """The bytes without their byte-order mark, and the encoding it names (UTF-8 when there is none)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :], name
    return data, "utf-8"


def decode_text(path: str, data: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with BOM. The BOM is not part of the text."""
    data, encoding = strip_bom(data)
    if encoding == "utf-8" and b"\x00" in data[:8192]:
        raise InputError(path, "looks like a binary file (NUL bytes), not text")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not valid {encoding.upper()} (bad byte at offset {exc.start})") from None
    if "\x00" in text:
        raise InputError(path, "looks like a binary file (NUL characters), not text")
    if not text.strip():
        raise EmptyInputError(path)
    return text



@contextlib.contextmanager
def binary_stream(path: str) -> Iterator[BinaryIO]:
    """`open_binary` as a context manager that also accepts '-' (stdin, left open)."""
    if path == STDIN:
        yield sys.stdin.buffer
        return
    with open_binary(path) as handle:
        yield handle
