"""XLIFF 1.2 and 2.x: one unit per translated segment, inline codes kept as placeholders.

Languages come from `<file source-language target-language>` (1.2) or `<xliff srcLang trgLang>`
(2.x). Units marked `translate="no"`, segments not yet translated (1.2 `state="new"` or
`"needs-translation"`, 2.x `state="initial"`) and units without a target are skipped and counted.
Notes are read into `Unit.notes`. In a document with several `<file>` elements (Xcode exports repeat
unit ids in each), a unit's id is qualified by its file: `original::id`. Paired with a source XLIFF
(`read_pair`: Symfony's `messages.en.xlf` beside a `messages.fr.xlf` whose sources are message keys),
a unit's source is the text the source file gives the same `resname` (else `id`): its target, or its
source when it has none. Parsing is streaming and hardened (see `mtqa.util.xmlsafe`). A file that is not
well-formed only because '<' is left raw in attribute values (`equiv-text="<br />"`) is read again with
those escaped, and its report says so.
"""

from __future__ import annotations

import codecs
import dataclasses
import io
import os
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from mtqa.errors import InputError, UsageError
from mtqa.model import Unit
from mtqa.readers.base import STDIN, Document, binary_stream, content_language, read_bytes
from mtqa.text.inline import flatten
from mtqa.util.xmlsafe import CHUNK, Node, escape_attribute_lt, iter_xml

UNTRANSLATED_STATES = frozenset({"new", "needs-translation", "initial"})
_FILE_START = re.compile(r"<file[\s>]")


def has_several_files(path: str) -> bool:
    """Whether the document holds more than one `<file>` element: a quick scan of the raw text, so that
    unit ids can be qualified from the first unit on (stdin, a pipe or a device, which cannot be read twice,
    says no)."""
    if path == STDIN or not os.path.isfile(path):  # a pipe or device can be read only once
        return False
    with binary_stream(path) as stream:
        head = stream.read(CHUNK)
        if head.startswith((b"\xff\xfe", b"<\x00")):
            encoding = "utf-16-le"
        elif head.startswith((b"\xfe\xff", b"\x00<")):
            encoding = "utf-16-be"
        else:
            encoding = "latin-1"  # the markup is ASCII in every ASCII-compatible encoding
        decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        seen, tail, chunk = 0, "", head
        while chunk:
            text = tail + decoder.decode(chunk)
            seen += len(_FILE_START.findall(text))
            if seen > 1:
                return True
            # five characters carried over: a match cut by the chunk boundary, never a whole one twice
            tail, chunk = text[-5:], stream.read(CHUNK)
    return False


class XliffReader:
    name: ClassVar[str] = "xliff"
    extensions: ClassVar[tuple[str, ...]] = (".xlf", ".xliff", ".xlif", ".sdlxliff", ".mqxliff")

    def read(self, path: str) -> Document:
        return self._read(path, {})

    def read_pair(self, path: str, source_path: str) -> Document:
        if Path(source_path).suffix.lower() not in self.extensions:
            raise UsageError(f"{path}: the --source of an XLIFF file is an XLIFF file, not {source_path}")
        sources: dict[str, str] = {}
        for kind, node in self._events(source_path):
            if kind != "unit":
                continue
            key = _key(node)
            pieces = [node] if node.tag == "trans-unit" else node.findall("segment")
            texts = []
            for piece in pieces:
                target, source = piece.find("target"), piece.find("source")
                text = flatten(target)[0] if target is not None else ""
                texts.append(text if text.strip() else (flatten(source)[0] if source is not None else ""))
            if key and any(t.strip() for t in texts):
                sources.setdefault(key, "".join(texts))
        document = self._read(path, sources)
        document.source_path = source_path
        return document

    def _read(self, path: str, sources: dict[str, str]) -> Document:
        document = Document(path, iter(()), format=self.name)
        events = self._events(path, document)
        langs: dict[str, str | None] = {"source": None, "target": None}
        pending: list[tuple[str, Node]] = []
        for kind, node in events:
            pending.append((kind, node))
            if kind == "start":
                self._languages(node, langs)
            if kind == "unit" or (langs["source"] and langs["target"]):
                break
        where = "the XLIFF file's"
        doc_langs = (document.declare("source", langs["source"], f"{where} source language"),
                     document.declare("target", langs["target"], f"{where} target language"))
        document.units = self._units(path, pending, events, doc_langs, document, has_several_files(path), sources)
        return document

    def _events(self, path: str, document: Document | None = None) -> Iterator[tuple[str, Node]]:
        done = 0
        try:
            with binary_stream(path) as stream:
                for event in iter_xml(path, stream, collect=("trans-unit", "unit"), announce=("xliff", "file"),
                                      expect_root=("xliff",)):
                    done += 1
                    yield event
        except InputError as error:
            if path == STDIN or not os.path.isfile(path) or "malformed XML" not in error.problem:
                raise  # (a pipe or a device cannot be read again)
            repaired, count = escape_attribute_lt(read_bytes(path))  # read whole: bounded like JSON or PO
            if not count:
                raise
            # Some writers leave '<' raw in attribute values (Angular's equiv-text="<br />"): read again
            # with those escaped, going on after the events already handed out.
            again = iter_xml(path, io.BytesIO(repaired), collect=("trans-unit", "unit"), announce=("xliff", "file"),
                             expect_root=("xliff",))
            for index, event in enumerate(again):
                if index >= done:
                    yield event
            if document is not None:
                document.notes.append(f"not well-formed XML: read after escaping {count} raw '<' in attribute "
                                      "values")

    @staticmethod
    def _languages(node: Node, langs: dict[str, str | None]) -> None:
        a = node.attrib
        if node.tag == "xliff":
            langs["source"] = a.get("srcLang") or langs["source"]
            langs["target"] = a.get("trgLang") or langs["target"]
        elif node.tag == "file":
            langs["source"] = a.get("source-language") or langs["source"]
            langs["target"] = a.get("target-language") or langs["target"]

    def _units(self, path: str, pending: list[tuple[str, Node]], rest: Iterator[tuple[str, Node]],
               doc_langs: tuple[str | None, str | None], document: Document, qualify: bool,
               sources: dict[str, str]) -> Iterator[Unit]:
        langs: dict[str, str | None] = {"source": None, "target": None}
        version2 = False
        file_name: str | None = None
        files = 0
        skipped = document.skipped

        def all_events() -> Iterator[tuple[str, Node]]:
            yield from pending
            yield from rest

        for kind, node in all_events():
            if kind == "start":
                if node.tag == "xliff":
                    version2 = node.attrib.get("version", "1.2").startswith("2")
                elif node.tag == "file":
                    files += 1
                    file_name = node.attrib.get("original") or node.attrib.get("id") or f"file{files}"
                self._languages(node, langs)
                continue
            if node.attrib.get("translate", "yes") == "no":
                skipped["not translatable"] += 1
                continue
            src, tgt = content_language(langs["source"]), content_language(langs["target"])
            src = src if src != doc_langs[0] else None
            tgt = tgt if tgt != doc_langs[1] else None
            prefix = f"{file_name}::" if qualify and file_name else ""
            paired = sources.get(_key(node) or "")
            if version2 or node.tag == "unit":
                units = list(self._units_v2(node, src, tgt, skipped))
                if paired is not None and len(units) == 1:
                    units = [dataclasses.replace(units[0], source=paired)]
                for unit in units:
                    yield _qualified(unit, prefix)
            else:
                unit = self._unit_v12(path, node, src, tgt)
                if unit is None:
                    skipped["untranslated"] += 1
                else:
                    yield _qualified(unit if paired is None else dataclasses.replace(unit, source=paired), prefix)

    @staticmethod
    def _unit_v12(path: str, node: Node, src_lang: str | None, tgt_lang: str | None) -> Unit | None:
        source, target = node.find("source"), node.find("target")
        if source is None:
            raise InputError(path, f"line {node.line}: <trans-unit> without <source>")
        if target is None or target.attrib.get("state") in UNTRANSLATED_STATES:
            return None
        text, placeholders = flatten(target)
        if not text.strip():
            return None
        notes = tuple(n.text().strip() for n in node.findall("note") if n.text().strip())
        line, column = target.content_position
        return Unit(target=text, source=flatten(source)[0], id=node.attrib.get("id"), line=line, column=column,
                    notes=notes, source_lang=src_lang, target_lang=tgt_lang, placeholders=placeholders)

    @staticmethod
    def _units_v2(node: Node, src_lang: str | None, tgt_lang: str | None, skipped: Counter[str]) -> Iterator[Unit]:
        notes_el = node.find("notes")
        notes = tuple(n.text().strip() for n in notes_el.findall("note")) if notes_el is not None else ()
        notes = tuple(n for n in notes if n)
        segments = node.findall("segment")
        unit_id = node.attrib.get("id")
        for index, segment in enumerate(segments, start=1):
            source, target = segment.find("source"), segment.find("target")
            if source is None or target is None or segment.attrib.get("state") in UNTRANSLATED_STATES:
                skipped["untranslated"] += 1
                continue
            text, placeholders = flatten(target)
            if not text.strip():
                skipped["untranslated"] += 1
                continue
            seg_id = segment.attrib.get("id") or str(index)
            ident = unit_id if len(segments) == 1 else f"{unit_id}/{seg_id}"
            line, column = target.content_position
            yield Unit(target=text, source=flatten(source)[0], id=ident, line=line, column=column, notes=notes,
                       source_lang=src_lang, target_lang=tgt_lang, placeholders=placeholders)


def _key(node: Node) -> str | None:
    """What names a unit across the language files of one catalogue: `resname` (1.2), `name` (2.x), else `id`."""
    return node.attrib.get("resname") or node.attrib.get("name") or node.attrib.get("id")


def _qualified(unit: Unit, prefix: str) -> Unit:
    return dataclasses.replace(unit, id=f"{prefix}{unit.id}") if prefix and unit.id is not None else unit
