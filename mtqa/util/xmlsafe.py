"""Hardened, streaming XML parsing for the XLIFF, TMX and TBX readers.

Built on the standard library's expat with every dangerous feature refused: entity declarations
(the billion-laughs bomb and internal-subset tricks), external entities (XXE: reading local files or
URLs), external DTDs and parameter entities. A document that tries any of them fails with an
`InputError` before anything is expanded or fetched. A DOCTYPE line without an internal subset (as in
`<!DOCTYPE tmx SYSTEM "tmx14.dtd">`) is accepted and ignored: the DTD is never read.

The parser yields `Node`s lazily: subtrees of the elements named in `collect` (one translation unit
each) as they close, and bare start events of the `announce` elements (headers that carry languages).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO
from xml.parsers import expat

import regex

from mtqa.errors import EmptyInputError, InputError

CHUNK = 1 << 16
# Deepest nesting accepted inside a collected element (a translation unit): real inline markup nests a
# few levels; thousands of levels would exhaust the recursion of everything that walks the tree.
MAX_DEPTH = 200


@dataclass
class Node:
    """An element: local tag name, attributes by local name, mixed content, and where it starts."""

    tag: str
    attrib: dict[str, str]
    line: int
    column: int
    children: list[str | Node] = field(default_factory=list)
    # Where the element's content starts (its first character or child), for finding positions.
    content_line: int = 0
    content_column: int = 0

    @property
    def content_position(self) -> tuple[int, int]:
        """(line, column) of the first character of the element's content."""
        return (self.content_line or self.line, self.content_column or self.column)

    def iter(self, tag: str) -> Iterator[Node]:
        for child in self.children:
            if isinstance(child, Node):
                if child.tag == tag:
                    yield child
                yield from child.iter(tag)

    def find(self, tag: str) -> Node | None:
        """The first direct child named `tag`."""
        return next((c for c in self.children if isinstance(c, Node) and c.tag == tag), None)

    def findall(self, tag: str) -> list[Node]:
        return [c for c in self.children if isinstance(c, Node) and c.tag == tag]

    def text(self) -> str:
        """All character data below this element, markup dropped."""
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


class _Refused(Exception):
    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


class SafeXmlParser:
    """Feeds bytes to expat and collects the nodes to hand out."""

    def __init__(self, path: str, collect: Iterable[str], announce: Iterable[str] = ()) -> None:
        self.path = path
        self.collect = frozenset(collect)
        self.announce = frozenset(announce)
        self.ready: list[tuple[str, Node]] = []
        self._stack: list[Node] = []
        self._depth_outside = 0
        # Character data of the innermost open element, joined once instead of re-copied per piece.
        self._text: list[str] = []
        self._text_owner: Node | None = None
        self.root: str | None = None
        parser = expat.ParserCreate(namespace_separator="}")
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._entity_decl
        parser.UnparsedEntityDeclHandler = self._unparsed_entity
        parser.ExternalEntityRefHandler = self._external_ref
        parser.SkippedEntityHandler = self._skipped_entity
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._chars
        parser.buffer_text = False  # positions of character data must be exact
        self._parser = parser

    # --- refusals -------------------------------------------------------------------------------
    def _doctype(self, name: str, sysid: str | None, pubid: str | None, has_internal_subset: bool) -> None:
        if has_internal_subset:
            # Entity bombs and XXE both live in the internal subset; real XLIFF/TMX files have none.
            raise _Refused("DOCTYPE with an internal subset is not allowed (possible entity attack)")

    def _entity_decl(self, *args: object) -> None:
        raise _Refused("entity declarations are not allowed (possible entity-expansion attack)")

    def _unparsed_entity(self, *args: object) -> None:
        raise _Refused("unparsed entity declarations are not allowed")

    def _external_ref(self, *args: object) -> int:
        raise _Refused("external entities are not allowed (possible XXE attack)")

    def _skipped_entity(self, name: str, is_parameter_entity: bool) -> None:
        # Expat skips references it cannot resolve when a DTD it did not read might declare them.
        raise _Refused(f"reference to the undeclared entity '{name}' (external DTDs are never read)")

    # --- tree building --------------------------------------------------------------------------
    def _start(self, name: str, attrs: dict[str, str]) -> None:
        self._flush_text()
        tag = _local(name)
        if self.root is None:
            self.root = tag
        p = self._parser
        if self._stack or tag in self.collect:
            if len(self._stack) >= MAX_DEPTH:
                raise _Refused(f"elements nested more than {MAX_DEPTH} levels deep in one unit")
            node = Node(tag, {_local(k): v for k, v in attrs.items()}, p.CurrentLineNumber, p.CurrentColumnNumber + 1)
            if self._stack:
                self._mark_content(self._stack[-1])
                self._stack[-1].children.append(node)
            self._stack.append(node)
        elif tag in self.announce:
            node = Node(tag, {_local(k): v for k, v in attrs.items()}, p.CurrentLineNumber, p.CurrentColumnNumber + 1)
            self.ready.append(("start", node))

    def _end(self, name: str) -> None:
        self._flush_text()
        if self._stack:
            node = self._stack.pop()
            if not self._stack:
                self.ready.append(("unit", node))

    def _mark_content(self, node: Node) -> None:
        if not node.children:
            node.content_line = self._parser.CurrentLineNumber
            node.content_column = self._parser.CurrentColumnNumber + 1

    def _chars(self, data: str) -> None:
        if self._stack:
            node = self._stack[-1]
            self._mark_content(node)
            if self._text_owner is node and self._text:
                self._text.append(data)
                return
            self._flush_text()
            node.children.append(data)
            self._text, self._text_owner = [data], node

    def _flush_text(self) -> None:
        if self._text_owner is not None and len(self._text) > 1:
            self._text_owner.children[-1] = "".join(self._text)
        self._text, self._text_owner = [], None

    # --- feeding --------------------------------------------------------------------------------
    def feed(self, data: bytes, final: bool = False) -> list[tuple[str, Node]]:
        try:
            self._parser.Parse(data, final)
        except _Refused as exc:
            raise InputError(self.path, f"unsafe XML refused: {exc.problem}") from None
        except expat.ExpatError as exc:
            message = expat.errors.messages.get(exc.code, str(exc)) if exc.code else str(exc)
            raise InputError(self.path, f"malformed XML at line {exc.lineno}, column {exc.offset + 1}: "
                                        f"{message}") from None
        except (ValueError, LookupError) as exc:  # an unknown encoding name in the declaration
            raise InputError(self.path, f"cannot decode XML: {exc}") from None
        out, self.ready = self.ready, []
        return out


def iter_xml(path: str, stream: BinaryIO, collect: Iterable[str], announce: Iterable[str] = (),
             expect_root: Iterable[str] | None = None) -> Iterator[tuple[str, Node]]:
    """("start", header node) and ("unit", subtree) events, parsed chunk by chunk from `stream`.

    `expect_root` names the acceptable root elements; another root is an `InputError`.
    """
    parser = SafeXmlParser(path, collect, announce)
    roots = frozenset(expect_root) if expect_root else None
    chunk = stream.read(CHUNK)
    if not chunk.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        # Blank, in UTF-8 or UTF-16 (whose spaces carry a NUL byte each); but a run of NUL bytes is
        # binary input (/dev/zero), never an empty document.
        if b"\x00\x00" in chunk and not chunk.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise InputError(path, "looks like a binary file (NUL bytes), not XML")
        raise EmptyInputError(path)
    while True:
        events = parser.feed(chunk, final=not chunk)
        if roots is not None and parser.root is not None and parser.root not in roots:
            raise InputError(path, f"root element <{parser.root}> is not one of "
                                   f"{', '.join('<' + r + '>' for r in sorted(roots))}")
        yield from events
        if not chunk:
            break
        chunk = stream.read(CHUNK)


# Where a '<' may sit inside an attribute value: a start tag, written with its attributes, up to its '>'
# (a quoted value may hold '<' and '>'); comments, CDATA and processing instructions are passed over.
# Linear on any input: an unclosed comment, CDATA section or instruction runs to the end (instead of being
# tried again from every later '<!--'), and a tag's attributes are never backtracked into.
_START_TAG = regex.compile(rb"<!--(?:.*?-->|.*)|<!\[CDATA\[(?:.*?\]\]>|.*)|<\?(?:.*?\?>|.*)"
                           rb"|<[A-Za-z_][\w:.-]*+(?:\s+[\w:.-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*+\s*/?>", regex.S)
_QUOTED = regex.compile(rb"\"[^\"]*\"|'[^']*'")


def escape_attribute_lt(data: bytes) -> tuple[bytes, int]:
    """The document with every '<' inside an attribute value written `&lt;`, and how many there were.
    Well-formed XML has none, so it comes back unchanged (an ASCII-compatible encoding is assumed)."""
    count = 0

    def value(match: regex.Match[bytes]) -> bytes:
        nonlocal count
        count += match.group().count(b"<")
        return match.group().replace(b"<", b"&lt;")

    def tag(match: regex.Match[bytes]) -> bytes:
        text = match.group()
        if text.startswith((b"<!", b"<?")) or b"<" not in text[1:]:
            return text
        return text[:1] + _QUOTED.sub(value, text[1:])

    repaired = _START_TAG.sub(tag, data)
    return repaired, count


def parse_xml(path: str, data: bytes, collect: Iterable[str], announce: Iterable[str] = ()) -> list[tuple[str, Node]]:
    """All events of an in-memory document (for small files such as glossaries)."""
    import io

    return list(iter_xml(path, io.BytesIO(data), collect, announce))
