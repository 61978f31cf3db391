"""Inline codes of XLIFF and TMX segments, flattened into text with placeholder spans.

Each code is written into the unit's text in one canonical form, `<x id="1"/>`, `<g id="1">` ... `</g>`,
so that the source and the target show the same token for the same code, and the placeholder check
can compare them. The spans of the tokens in the target are kept as `Unit.placeholders`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mtqa.util import patterns

if TYPE_CHECKING:  # the XML reader's node type; plain-text scans do not load the XML machinery
    from mtqa.util.xmlsafe import Node

# Codes whose content is text to translate: rendered as an opening and a closing token around it.
PAIRED = frozenset({"g", "pc"})
# Codes whose content (if any) is native markup, not text: rendered as one standalone token.
STANDALONE = frozenset({"x", "bx", "ex", "ph", "bpt", "ept", "it", "sc", "ec", "ut"})
# Annotations that keep their content and add no token.
TRANSPARENT = frozenset({"mrk", "hi", "sm", "em"})

_ID_ATTRS = ("id", "i", "x", "startRef", "rid")

# The canonical tokens, as written by `flatten`; also found in text that came from elsewhere.
INLINE_CODE = patterns.compile(r'<(?:/(?:g|pc)|(?:g|pc|x|bx|ex|ph|bpt|ept|it|sc|ec|ut)(?: id="[^"<>]*")?/?)>')

Placeholder = tuple[int, int, str]


def _code_id(node: Node) -> str:
    return next((node.attrib[a] for a in _ID_ATTRS if a in node.attrib), "")


def _token(tag: str, code_id: str, closing: bool = False, standalone: bool = False) -> str:
    if closing:
        return f"</{tag}>"
    ident = f' id="{code_id}"' if code_id else ""
    return f"<{tag}{ident}{'/' if standalone else ''}>"


def flatten(node: Node) -> tuple[str, tuple[Placeholder, ...]]:
    """The text of a <source>/<target>/<seg> element with inline codes as tokens, and their spans."""
    parts: list[str] = []
    spans: list[Placeholder] = []
    length = 0

    def add(text: str, code: str | None = None) -> None:
        nonlocal length
        if code is not None:
            spans.append((length, length + len(text), code))
        parts.append(text)
        length += len(text)

    def walk(element: Node) -> None:
        for child in element.children:
            if isinstance(child, str):
                add(child)
                continue
            tag, code_id = child.tag, _code_id(child)
            if tag in PAIRED:
                add(_token(tag, code_id), f"{tag}:{code_id}")
                walk(child)
                add(_token(tag, code_id, closing=True), f"/{tag}:{code_id}")
            elif tag in STANDALONE:
                add(_token(tag, code_id, standalone=True), f"{tag}:{code_id}")
            elif tag == "cp" and "hex" in child.attrib:
                try:
                    add(chr(int(child.attrib["hex"], 16)))
                except (ValueError, OverflowError):  # not hex, or beyond U+10FFFF
                    continue
            elif tag in TRANSPARENT:
                walk(child)
            # Anything else (sub, unknown extensions) holds no translatable text of this segment.

    walk(node)
    return "".join(parts), tuple(spans)
