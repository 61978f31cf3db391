"""`finditer` over only the lines of a long text that can hold a match.

A pattern whose alternation opens on word boundaries or lookbehinds has no literal to search for: the
engine tries it at every position (~0.2 µs a character with `regex`), though only a few lines of prose
hold the characters any match needs. `line_matches` asks the pattern only about those lines.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from re import Pattern as RePattern
from typing import Any


def line_matches(pattern: Any, text: str, trigger: RePattern[str],
                 may_cross: Callable[[str], bool]) -> Iterator[Any]:
    """The matches of `pattern.finditer(text)`, the same ones, in order.

    It holds under two conditions on `pattern`, which its caller states: every match contains a
    `trigger` character on the line where it starts; and a match can run past the end of its line only
    from a (partial) line for which `may_cross(line)` is true. A line without a trigger is skipped; a line
    with one is searched up to its end, or up to the end of the text where `may_cross` says so."""
    pos, size = 0, len(text)
    while pos < size:
        found = trigger.search(text, pos)
        if found is None:
            return
        start = max(pos, text.rfind("\n", 0, found.start()) + 1)
        end = text.find("\n", found.start())
        end = size if end < 0 else end
        unbounded = may_cross(text[start:end])
        match = pattern.search(text, start) if unbounded else pattern.search(text, start, end)
        if match is None:
            if unbounded:
                return
            pos = end + 1
            continue
        yield match
        pos = match.end()
