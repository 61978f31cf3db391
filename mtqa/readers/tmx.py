"""TMX 1.4 translation memories: one unit per target variant of each `<tu>`.

The source variant is the `<tuv>` whose `xml:lang` matches the header's `srclang` (or, when that is
`*all*` or missing, the first variant); every other variant is a target. A `<tu>` with a single
variant has nothing to check and is counted as skipped (`target-only` when that variant is not in the
source language, `untranslated` when it is), as are empty target segments. Inline codes (`<bpt>`,
`<ept>`, `<it>`, `<ph>`, `<ut>`) become placeholders; notes of the `<tu>` go to `Unit.notes`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from mtqa.model import Unit
from mtqa.readers.base import Document, binary_stream, content_language
from mtqa.text.inline import flatten
from mtqa.util.datafiles import base_language
from mtqa.util.xmlsafe import Node, iter_xml


def _lang(tuv: Node) -> str | None:
    return tuv.attrib.get("lang")  # xml:lang (TMX 1.4) or lang (TMX 1.1), namespace dropped


def _same(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and a.lower().replace("_", "-") == b.lower().replace("_", "-")


class TmxReader:
    name: ClassVar[str] = "tmx"
    extensions: ClassVar[tuple[str, ...]] = (".tmx",)

    def read(self, path: str) -> Document:
        events = self._events(path)
        pending: list[tuple[str, Node]] = []
        srclang: str | None = None
        target: str | None = None
        for kind, node in events:
            pending.append((kind, node))
            if kind == "start" and node.tag == "header":
                srclang = node.attrib.get("srclang")
                if srclang and srclang.lower() == "*all*":
                    srclang = None
            elif kind == "unit":
                source_tuv, targets = self._split(node, srclang)
                if source_tuv is not None and targets:
                    srclang = srclang or _lang(source_tuv)
                    target = _lang(targets[0])
                    break
        document = Document(path, iter(()), format=self.name)
        document.declare("source", srclang, "the TMX source language")
        document.declare("target", target, "the TMX target language")
        document.units = self._units(pending, events, srclang, target, document)
        return document

    def _events(self, path: str) -> Iterator[tuple[str, Node]]:
        with binary_stream(path) as stream:
            yield from iter_xml(path, stream, collect=("tu",), announce=("header",), expect_root=("tmx",))

    @staticmethod
    def _split(tu: Node, srclang: str | None) -> tuple[Node | None, list[Node]]:
        tuvs = tu.findall("tuv")
        if not tuvs:
            return None, []
        source = next((t for t in tuvs if _same(_lang(t), srclang)), None)
        if source is None:
            # No exact match: same base language, else the first variant.
            base = base_language(srclang)
            source = next((t for t in tuvs if base and base_language(_lang(t)) == base), tuvs[0])
        return source, [t for t in tuvs if t is not source]

    def _units(self, pending: list[tuple[str, Node]], rest: Iterator[tuple[str, Node]], srclang: str | None,
               doc_target: str | None, document: Document) -> Iterator[Unit]:
        def all_events() -> Iterator[tuple[str, Node]]:
            yield from pending
            yield from rest

        skipped = document.skipped
        for kind, tu in all_events():
            if kind != "unit":
                continue
            source_tuv, targets = self._split(tu, srclang)
            if source_tuv is None or not targets:
                alone = source_tuv is not None and base_language(_lang(source_tuv)) != base_language(srclang)
                skipped["target-only" if alone else "untranslated"] += 1
                continue
            source_seg = source_tuv.find("seg")
            source = flatten(source_seg)[0] if source_seg is not None else ""
            notes = tuple(n.text().strip() for n in tu.findall("note") if n.text().strip())
            tuid = tu.attrib.get("tuid")
            for target_tuv in targets:
                seg = target_tuv.find("seg")
                text, placeholders = flatten(seg) if seg is not None else ("", ())
                if not text.strip():
                    skipped["untranslated"] += 1
                    continue
                lang = _lang(target_tuv)
                ident = tuid or str(tu.line)
                if len(targets) > 1:
                    ident = f"{ident}/{lang}"
                line, column = seg.content_position
                yield Unit(target=text, source=source, id=ident, line=line, column=column, notes=notes,
                           source_lang=None, target_lang=None if _same(lang, doc_target) else content_language(lang),
                           placeholders=placeholders)
