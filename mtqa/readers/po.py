"""gettext PO/POT catalogues, read with polib.

One unit per translated string: plural forms give one unit per `msgstr[n]` (source: `msgid` for form
0, `msgid_plural` for the others; in a language with one plural form, `nplurals=1` as in Japanese or
Korean, `msgstr[0]` serves every count, so its source is `msgid_plural`). Fuzzy, obsolete, untranslated
and header entries are skipped (and counted, except the header). The target language comes from the
`Language:` header; translator and extracted comments go to `Unit.notes`, format flags
(`python-format`, `qt-format`...) to `Unit.flags`.
The unit id is the `msgid`, prefixed by `msgctxt` and `::` when there is a context. Paired with a source
catalogue (`read_pair`: the `en.po` of a key-based project, whose `msgid`s are keys such as `nav.home`),
a unit's source is that catalogue's translation of the same message; a message it does not translate
(or a `.pot`) keeps its `msgid`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from mtqa.errors import EmptyInputError, InputError, MissingDependencyError, UsageError
from mtqa.model import Unit
from mtqa.readers.base import Document, decode_text, read_bytes
from mtqa.util import patterns

_CHARSET = patterns.compile(rb"charset=([A-Za-z0-9_.:-]+)")
_MSGSTR = patterns.compile(r"^\s*msgstr(?:\[(\d+)\])?\s")
# A keyword line or a continuation line: a complete double-quoted string (polib lets broken ones pass).
# (The string is written as runs of plain characters between escapes: the same strings as an alternation of
# one character or one escape, matched three times faster.)
_STRING_LINE = patterns.compile(
    r'^\s*(?:#~\s*)?(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"[^"\\]*(?:\\.[^"\\]*)*"\s*$')
_KEYWORD_LINE = patterns.compile(r"^\s*(?:#~\s*)?(?:msgctxt|msgid|msgid_plural|msgstr)\b|^\s*\"")
_NPLURALS = patterns.compile(r"nplurals\s*=\s*(\d+)")


def _validate(path: str, text: str) -> None:
    for number, line in enumerate(text.split("\n"), start=1):
        if not line or line[0] == "#" and not line.startswith("#~"):
            continue  # blank, or a comment: neither pattern can match (a third of the lines; both are slow)
        if _KEYWORD_LINE.match(line) and not _STRING_LINE.match(line):
            raise InputError(path, f"malformed PO file at line {number}: unterminated or unquoted string")


def _polib() -> Any:
    try:
        import polib
    except ImportError:  # pragma: no cover - polib is an install requirement
        raise MissingDependencyError("reading PO files", "po", "polib") from None
    return polib


def _decode(path: str, data: bytes) -> str:
    match = _CHARSET.search(data[:4096])
    charset = match.group(1).decode("ascii").lower() if match else "utf-8"
    if charset in ("charset", "utf-8", "utf8") or data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode_text(path, data)
    try:
        text = data.decode(charset)
    except LookupError:
        raise InputError(path, f"unknown charset '{charset}' in the PO header") from None
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not valid {charset.upper()} as the header declares (bad byte at offset "
                               f"{exc.start})") from None
    if not text.strip():
        raise EmptyInputError(path)
    return text


class _Content(list):  # type: ignore[type-arg]
    """The lines of a PO text, given to polib in place of a string: polib reads a string that names an
    existing file as that file, so a PO "file" whose content is a path would read another file."""

    def splitlines(self) -> list[str]:
        return list(self)


class PoReader:
    name: ClassVar[str] = "po"
    extensions: ClassVar[tuple[str, ...]] = (".po", ".pot")

    def read(self, path: str) -> Document:
        return self._read(path, {})

    def read_pair(self, path: str, source_path: str) -> Document:
        if Path(source_path).suffix.lower() not in self.extensions:
            raise UsageError(f"{path}: the --source of a PO catalogue is a .po or .pot catalogue, "
                             f"not {source_path}")
        source_catalogue, _ = self._catalogue(source_path)
        sources: dict[tuple[str | None, str], dict[int, str]] = {}
        for entry in source_catalogue:
            if entry.msgid and not entry.obsolete and "fuzzy" not in entry.flags:
                forms = ({int(k): v for k, v in entry.msgstr_plural.items() if v.strip()} if entry.msgid_plural
                         else ({0: entry.msgstr} if entry.msgstr.strip() else {}))
                if forms:
                    sources[(entry.msgctxt, entry.msgid)] = forms
        document = self._read(path, sources)
        document.source_path = source_path
        if document.source_lang is None:
            document.declare("source", source_catalogue.metadata.get("Language"), f"{source_path}'s Language header")
        return document

    def _catalogue(self, path: str) -> tuple[Any, str]:
        text = _decode(path, read_bytes(path))
        _validate(path, text)
        polib = _polib()
        try:
            return polib.pofile(_Content(text.splitlines()), encoding="utf-8"), text
        except (OSError, ValueError) as exc:
            raise InputError(path, f"malformed PO file: {str(exc).replace('po file (', '(')}") from None

    def _read(self, path: str, sources: dict[tuple[str | None, str], dict[int, str]]) -> Document:
        catalogue, text = self._catalogue(path)
        document = Document(path, iter(()), format=self.name)
        document.declare("target", catalogue.metadata.get("Language"), "the Language header")
        document.declare("source", catalogue.metadata.get("X-Source-Language"), "the X-Source-Language header")
        document.units = self._units(catalogue, text.split("\n"), document, sources)
        return document

    @staticmethod
    def _one_form(catalogue: Any, entry: Any) -> bool:
        """Whether the language has a single plural form (the header's `nplurals=1`, else an entry that
        has only `msgstr[0]`): that form then serves every count, `1` included."""
        declared = _NPLURALS.search(catalogue.metadata.get("Plural-Forms", "") or "")
        if declared:
            return declared.group(1) == "1"
        return len(entry.msgstr_plural) == 1

    @staticmethod
    def _msgstr_lines(lines: list[str], start: int) -> dict[int, tuple[int, int]]:
        """(line, column) where the text of each msgstr / msgstr[n] of the entry at `start` begins."""
        found: dict[int, tuple[int, int]] = {}
        for number in range(max(start, 1), min(len(lines), start + 400) + 1):
            line = lines[number - 1]
            match = _MSGSTR.match(line) if "msgstr" in line else None
            if match:
                quote = line.index('"')
                following = lines[number] if number < len(lines) else ""
                if line[quote:].strip() == '""' and following.lstrip().startswith('"'):
                    # msgstr "" followed by continuation lines: the text starts on the next line.
                    where = (number + 1, following.index('"') + 2)
                else:
                    where = (number, quote + 2)
                found[int(match.group(1) or 0)] = where
            elif found and lines[number - 1].strip() and not lines[number - 1].lstrip().startswith('"'):
                break
        return found

    def _units(self, catalogue: Any, lines: list[str], document: Document,
               sources: dict[tuple[str | None, str], dict[int, str]]) -> Iterator[Unit]:
        skipped = document.skipped
        for entry in catalogue:
            if not entry.msgid:
                continue  # the header
            if entry.obsolete or "fuzzy" in entry.flags:
                skipped["obsolete" if entry.obsolete else "fuzzy"] += 1
                continue
            ident = f"{entry.msgctxt}::{entry.msgid}" if entry.msgctxt else entry.msgid
            notes = tuple(n for n in (entry.tcomment, entry.comment) if n)
            flags = tuple(f for f in entry.flags if f.endswith("-format"))
            where = self._msgstr_lines(lines, entry.linenum or 1)
            fallback = (entry.linenum or 1, 1)
            paired = sources.get((entry.msgctxt, entry.msgid), {})
            if entry.msgid_plural:
                for form, target in sorted(entry.msgstr_plural.items()):
                    if not target.strip():
                        skipped["untranslated"] += 1
                        continue
                    plural = int(form) > 0 or self._one_form(catalogue, entry)
                    source = entry.msgid_plural if plural else entry.msgid
                    if paired:  # the source catalogue's singular for form 0, its last form for the others
                        source = paired[max(paired)] if plural else paired.get(0, source)
                    line, column = where.get(int(form), fallback)
                    yield Unit(target=target, source=source, id=f"{ident}[{form}]", line=line, column=column,
                               notes=notes, flags=flags)
            elif entry.msgstr.strip():
                line, column = where.get(0, fallback)
                yield Unit(target=entry.msgstr, source=paired.get(0, entry.msgid), id=ident, line=line, column=column,
                           notes=notes, flags=flags)
            else:
                skipped["untranslated"] += 1
