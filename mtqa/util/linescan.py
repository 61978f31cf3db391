"""`finditer` over only the lines of a long text that can hold a match.

A pattern whose alternation opens on word boundaries or lookbehinds has no literal to search for: the
engine tries it at every position (~0.2 µs a character with `regex`), though only a few lines of prose
hold the characters any match needs. `line_matches` asks the pattern only about those lines.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from re import Pattern as RePattern
from typing import Any


def line_matches(pattern: Any, text: str, trigger: RePattern[str], may_cross: Callable[[str], bool],
                 reach: int | None = None) -> Iterator[Any]:
    """The matches of `pattern.finditer(text)`, the same ones, in order.

    It holds under two conditions on `pattern`, which its caller states: every match contains a
    `trigger` character on the line where it starts; and a match can run past the end of its line only
    from a (partial) line for which `may_cross(line)` is true, and then at most `reach` lines further
    (None: any number). A line without a trigger is skipped; a line with one is searched up to its end,
    or as far as a match from it could reach where `may_cross` says so."""
    pos, size = 0, len(text)
    while pos < size:
        found = trigger.search(text, pos)
        if found is None:
            return
        start = max(pos, text.rfind("\n", 0, found.start()) + 1)
        end = text.find("\n", found.start())
        end = size if end < 0 else end
        if not may_cross(text[start:end]):
            match = pattern.search(text, start, end)
        elif reach is None:
            match = pattern.search(text, start)
            if match is None:
                return
        else:
            limit = end
            for _ in range(reach):
                if limit < size:
                    limit = text.find("\n", limit + 1)
                    limit = size if limit < 0 else limit
            match = pattern.search(text, start, limit)
            if match is not None and match.start() > end:
                match = None  # it starts on a later line, which is searched on its own terms
        if match is None:
            pos = end + 1
            continue
        yield match
        pos = match.end()
