"""XLIFF 1.2 and 2.x: one unit per translated segment, inline codes kept as placeholders.

Languages come from `<file source-language target-language>` (1.2) or `<xliff srcLang trgLang>`
(2.x). Units marked `translate="no"`, segments not yet translated (1.2 `state="new"` or
`"needs-translation"`, 2.x `state="initial"`) and units without a target are skipped. Notes are read
into `Unit.notes`. Parsing is streaming and hardened (see `mtqa.util.xmlsafe`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from mtqa.errors import InputError
from mtqa.model import Unit
from mtqa.readers.base import Document, binary_stream
from mtqa.text.inline import flatten
from mtqa.util.xmlsafe import Node, iter_xml

UNTRANSLATED_STATES = frozenset({"new", "needs-translation", "initial"})


class XliffReader:
    name: ClassVar[str] = "xliff"
    extensions: ClassVar[tuple[str, ...]] = (".xlf", ".xliff", ".xlif", ".sdlxliff", ".mqxliff")

    def read(self, path: str) -> Document:
        events = self._events(path)
        langs: dict[str, str | None] = {"source": None, "target": None}
        pending: list[tuple[str, Node]] = []
        for kind, node in events:
            pending.append((kind, node))
            if kind == "start":
                self._languages(node, langs)
            if kind == "unit" or (langs["source"] and langs["target"]):
                break
        doc_langs = (langs["source"], langs["target"])
        return Document(path, self._units(path, pending, events, doc_langs), source_lang=doc_langs[0],
                        target_lang=doc_langs[1], format=self.name)

    def _events(self, path: str) -> Iterator[tuple[str, Node]]:
        with binary_stream(path) as stream:
            yield from iter_xml(path, stream, collect=("trans-unit", "unit"), announce=("xliff", "file"),
                                expect_root=("xliff",))

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
               doc_langs: tuple[str | None, str | None]) -> Iterator[Unit]:
        langs: dict[str, str | None] = {"source": None, "target": None}
        version2 = False

        def all_events() -> Iterator[tuple[str, Node]]:
            yield from pending
            yield from rest

        for kind, node in all_events():
            if kind == "start":
                if node.tag == "xliff":
                    version2 = node.attrib.get("version", "1.2").startswith("2")
                self._languages(node, langs)
                continue
            if node.attrib.get("translate", "yes") == "no":
                continue
            src = langs["source"] if langs["source"] != doc_langs[0] else None
            tgt = langs["target"] if langs["target"] != doc_langs[1] else None
            if version2 or node.tag == "unit":
                yield from self._units_v2(node, src, tgt)
            else:
                unit = self._unit_v12(path, node, src, tgt)
                if unit is not None:
                    yield unit

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
    def _units_v2(node: Node, src_lang: str | None, tgt_lang: str | None) -> Iterator[Unit]:
        notes_el = node.find("notes")
        notes = tuple(n.text().strip() for n in notes_el.findall("note")) if notes_el is not None else ()
        notes = tuple(n for n in notes if n)
        segments = node.findall("segment")
        unit_id = node.attrib.get("id")
        for index, segment in enumerate(segments, start=1):
            source, target = segment.find("source"), segment.find("target")
            if source is None or target is None or segment.attrib.get("state") in UNTRANSLATED_STATES:
                continue
            text, placeholders = flatten(target)
            if not text.strip():
                continue
            seg_id = segment.attrib.get("id") or str(index)
            ident = unit_id if len(segments) == 1 else f"{unit_id}/{seg_id}"
            line, column = target.content_position
            yield Unit(target=text, source=flatten(source)[0], id=ident, line=line, column=column, notes=notes,
                       source_lang=src_lang, target_lang=tgt_lang, placeholders=placeholders)
