"""Sentence and clause segmentation that keeps character offsets into the original text.

Every `Segment` satisfies `text[seg.start:seg.end] == seg.text`. Sentences never overlap, come in
order, and together cover every non-space character of the text.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import NamedTuple

import regex

from mtqa.text.words import WORD_CHAR
from mtqa.util import patterns
from mtqa.util.datafiles import base_language, builtin_data

SEGMENTER_NAME = "mtqa-rules-1"


class Segment(NamedTuple):
    """A piece of a text: `text[start:end]`. A named tuple because segments are made for every sentence
    and clause of every unit, and a frozen dataclass costs several times more to build."""

    start: int
    end: int
    text: str

    @property
    def words(self) -> list[str]:
        return _WORD.findall(self.text)


_WORD = patterns.compile(rf"[\p{{L}}\p{{N}}][{WORD_CHAR}'’\-]*")
_PARAGRAPH_BREAK = patterns.compile(r"\n[ \t\f\v\u00a0\u202f]*\n\s*")
_LINE_BREAK = patterns.compile(r"\n\s*")
# A terminator run, closing quotes/brackets (French may put a space before »), then the gap.
_BOUNDARY = patterns.compile(
    r"(?P<term>[.!?…]+|[。！？]+)(?P<close>(?:[ \u00a0\u202f]?[»”\"’'\)\]])*)(?P<gap>\s+|$)"
)
_OPENERS = "«“\"'‘([¿¡—–-„‹"
# Letters of the longest word read as an abbreviation without a list ("pga.", "inkl.").
_SHORT_ABBREVIATION = 4


@dataclass(frozen=True)
class _Abbreviations:
    titles: frozenset[str]
    other: frozenset[str]
    ordinal_period: bool


@functools.lru_cache(maxsize=64)
def _abbreviations(lang: str | None) -> _Abbreviations:
    data = builtin_data(base_language(lang) or "en", "segmentation") or {}
    titles = frozenset(t.lower() for t in data.get("titles", ()))
    other = frozenset(t.lower() for t in data.get("abbreviations", ()))
    return _Abbreviations(titles, other, bool(data.get("ordinal_period", False)))


def paragraphs(text: str) -> list[Segment]:
    """Blocks of text separated by blank lines, trimmed of surrounding whitespace."""
    out: list[Segment] = []
    if "\n" not in text:  # one line: most units
        _append_trimmed(out, text, 0, len(text))
        return out
    pos = 0
    for brk in _PARAGRAPH_BREAK.finditer(text):
        _append_trimmed(out, text, pos, brk.start())
        pos = brk.end()
    _append_trimmed(out, text, pos, len(text))
    return out


def _append_trimmed(out: list[Segment], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    trimmed = piece.strip()  # str.strip removes exactly the characters str.isspace accepts
    if trimmed:
        start += len(piece) - len(piece.lstrip())
        out.append(Segment(start, start + len(trimmed), trimmed))


def _lines(text: str, block: Segment) -> list[tuple[int, int]]:
    """Split a paragraph at line breaks, except where a wrapped line continues a sentence."""
    if "\n" not in block.text:
        return [(block.start, block.end)]
    pieces: list[tuple[int, int]] = []
    start = block.start
    for brk in _LINE_BREAK.finditer(text, block.start, block.end):
        before = text[brk.start() - 1] if brk.start() > block.start else ""
        after = text[brk.end()] if brk.end() < block.end else ""
        continues = (before.isalpha() and before.islower() or before in ",;-") and after.islower()
        if not continues:
            pieces.append((start, brk.start()))
            start = brk.end()
    pieces.append((start, block.end))
    return pieces


def _token_before(text: str, start: int, end: int) -> str:
    """The run of non-space characters that ends at `end` (none when text[end - 1] is a space), looking
    no further back than `start`. Backwards, so that a long line costs no more than its last word."""
    i = end
    while i > start and not text[i - 1].isspace():
        i -= 1
    return text[i:end]


def _ends_sentence(text: str, match: regex.Match[str], line_start: int, abbr: _Abbreviations) -> bool:
    term = match.group("term")
    gap_end = match.end()
    nxt = text[gap_end] if gap_end < len(text) else ""
    if not nxt or not match.group("gap"):
        return not nxt or nxt == "\n"
    starts_upper = nxt.isupper() or nxt.isdigit() or nxt in _OPENERS
    if term in ("...", "…") or len(term) > 1 and set(term) <= {"."}:
        return starts_upper
    if term != ".":
        # '!' and '?' end a sentence unless the text goes on in lower case ("« Ah ! dit-il »").
        return starts_upper or match.group("close") == "" and not nxt.islower()
    token = _token_before(text, line_start, match.start()).lstrip(_OPENERS)
    key = token.lower()
    if key in abbr.titles:
        return False
    if len(token) == 1 and token.isalpha() and token.isupper():
        return False  # an initial: "J. K. Rowling"
    if abbr.ordinal_period and token.isdigit() and len(token) <= 2:
        return False
    if key in abbr.other or "." in token.strip("."):
        return starts_upper and not nxt.isdigit()  # "ca. 5", "Nr. 3", "z.B. 10"
    # In every language, a short lower-case word with a period that the text continues after in lower
    # case or with a number is an abbreviation: Lithuanian "el. paštas", Danish "pga. vejret", "kl. 10".
    return not (len(token) <= _SHORT_ABBREVIATION and token.isalpha() and token.islower()
                and (nxt.islower() or nxt.isdigit()))


def split_sentences(text: str, lang: str | None = None) -> list[Segment]:
    """Sentences of `text` with offsets; `lang` picks the abbreviation list (default English). The last
    texts' sentences are remembered: language inference and then the checks split the same unit."""
    return list(_sentences(text, base_language(lang) or "en"))


@functools.lru_cache(maxsize=4)
def _sentences(text: str, lang: str) -> tuple[Segment, ...]:
    abbr = _abbreviations(lang)
    out: list[Segment] = []
    for block in paragraphs(text):
        for line_start, line_end in _lines(text, block):
            start = line_start
            for match in _BOUNDARY.finditer(text, line_start, line_end):
                if _ends_sentence(text, match, line_start, abbr):
                    end = match.end() - len(match.group("gap"))
                    _append_trimmed(out, text, start, end)
                    start = match.end()
            _append_trimmed(out, text, start, line_end)
    return tuple(out)


# Clause separators: commas, semicolons, colons, brackets, quotes and dashes. A hyphen inside a word
# is not one; a spaced en dash or any em dash is.
_CLAUSE_SEPARATOR = patterns.compile(r"[,;:()«»“”\"—]|\s–\s|\s-\s")


def split_clauses(text: str, sentence: Segment, min_words: int = 3) -> list[Segment]:
    """Clauses of one sentence; pieces under `min_words` words merge into the next piece."""
    raw: list[tuple[int, int]] = []
    pos = sentence.start
    for sep in _CLAUSE_SEPARATOR.finditer(text, sentence.start, sentence.end):
        raw.append((pos, sep.start()))
        pos = sep.end()
    raw.append((pos, sentence.end))
    pieces: list[Segment] = []
    for start, end in raw:
        _append_trimmed(pieces, text, start, end)
    merged: list[Segment] = []
    pending: Segment | None = None
    for piece in pieces:
        if pending is not None:
            piece = Segment(pending.start, piece.end, text[pending.start : piece.end])
            pending = None
        if len(piece.words) < min_words:
            pending = piece
        else:
            merged.append(piece)
    if pending is not None:
        if merged:
            last = merged.pop()
            pending = Segment(last.start, pending.end, text[last.start : pending.end])
        merged.append(pending)
    return merged
