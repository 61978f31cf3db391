"""Words of a translation left in the source language: the evidence behind the untranslated check's
word layer.

A target word is a leftover source word when

- it also occurs in the source (with a source text; without one, only the word lists speak, more
  strictly), and
- it belongs to the source language rather than the target: in a Latin-script target, a word of the
  source's script ("I don't 知道 if"), or a word much more frequent in the source language than in the
  target (wordfreq Zipf values: "nicht" 7.0 in German, 2.9 in English), and
- it is not a name, a code, a number, a loanword, a protected or glossary term, or a word the two
  languages share (cognates such as "hotel" or "radio" are about as frequent in both).

Capitals decide what may be a name. A capitalised word inside an English sentence is a name unless the
source language capitalises its nouns (German "Straßen", "Zeitpunkt"), and then it must lean harder;
a capitalised word at the start of a sentence must be a common word of the source ("Pokud", "Bisher");
a word in capitals is an acronym unless the whole text is written in capitals (UI labels). A short word
followed by a capitalised one is a name particle ("von", "de", "del").

Thresholds were tuned on the even sentence ids of DEMETR code-mix (benchmarks/codemix.py) and checked on
the odd ones and on clean MT, human references and real localisation files.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, replace

import regex

from mtqa.langid.lexicon import zipf_table
from mtqa.langid.masking import mask
from mtqa.langid.word_evidence import has_lexicon, zipf
from mtqa.text.markup import protected_spans
from mtqa.text.scripts import LATIN, scripts_of
from mtqa.util import patterns

# A word with its inner apostrophes ("dell'autore", "d’autres"); hyphens separate words.
WORD = patterns.compile(r"\p{L}[\p{L}\p{M}]*(?:['’]\p{L}[\p{L}\p{M}]*)*")
_ELISION = patterns.compile(r"^\p{L}{1,4}['’](?=\p{L})")
_SCRIPT_OF = {name: patterns.compile(rf"\p{{Script={name}}}") for name in (
    "Latin", "Cyrillic", "Greek", "Arabic", "Hebrew", "Han", "Hiragana", "Katakana", "Hangul", "Devanagari")}
_SENTENCE_END = ".!?…:;\n"
_OPENING = "\"'«“‘„([¿¡—–-* \t\u00a0\u202f"
_BRACKETS = (("(", ")"), ("[", "]"))


@dataclass(frozen=True)
class Limits:
    """How strongly a word must lean to the source language (Zipf difference source - target) and how
    common it must be there (source Zipf), by the kind of word."""

    lean: float = 2.0
    # A word that is itself a common target word ("und" is listed in English at 3.9) leans harder.
    common_target: float = 3.5
    common_target_lean: float = 3.0
    source_zipf: float = 2.3
    # Short words (3 letters or fewer): "und", "que", "el".
    short_lean: float = 2.8
    short_source_zipf: float = 5.0
    # A long word missing from the target's list altogether ("microespressioni").
    absent_letters: int = 8
    absent_source_zipf: float = 1.0
    # Capitalised words: a noun of a noun-capitalising source inside the sentence, or the first word.
    noun_lean: float = 2.8
    noun_source_zipf: float = 3.0
    initial_lean: float = 3.0
    initial_source_zipf: float = 4.5


# With the source text, the word must also occur there: that is most of the evidence.
WITH_SOURCE = Limits()
# Without it, only the word lists speak: common source words that are rare in the target.
WORD_LISTS_ONLY = Limits(lean=3.5, common_target=2.0, common_target_lean=9.0, source_zipf=4.0, short_lean=9.0,
                         absent_letters=99, noun_lean=4.0, noun_source_zipf=4.0, initial_lean=4.0,
                         initial_source_zipf=5.0)
# English words fill every other language's word lists and technical text keeps many of them ("plugin",
# "handle", "scatter"): a word copied from an English source must be very common in English and next to
# absent from the target. Measured on ParaCrawl, WMT21 and MT-GenEval pairs out of English.
FROM_ENGLISH = replace(WORD_LISTS_ONLY, lean=3.0)
BORROWED_FROM = frozenset({"en"})
# Languages that capitalise every noun, so a capitalised word there is no sign of a name.
NOUN_CAPITALISING = frozenset({"de", "lb"})
MIN_LETTERS_NO_SOURCE = 5
# wordfreq's "small" lists stop at Zipf 3 (once per million words): a word missing from such a list may
# still be an ordinary word of the language, so it counts as this frequent; so does a "large" list under
# LARGE_LIST_WORDS words (Catalan: 185,000 words, which miss verb forms such as "identifico").
SMALL_LIST_FLOOR = 3.0
LARGE_LIST_WORDS = 250_000
# Characters that make a word part of an identifier, a path, a keyword or a placeholder when they touch it.
_CODE_BEFORE = "@#$%*./\\_~=<>|^`[{:"
_CODE_AFTER = "@#$%*/\\_~=<>|^`({[:."
_QUOTES_OPEN = "\"'«“„‘‹`"
_QUOTES_CLOSE = "\"'»”“’‹›`"
_PART = patterns.compile(r"[\p{L}\p{M}\p{N}'’]+")
# Bounded, as meaning.people.TOKEN is.
_COMPOUND = patterns.compile(r"[\p{L}\p{M}\p{N}'’]+(?:-[\p{L}\p{M}\p{N}'’]+){1,15}")


@dataclass(frozen=True)
class SourceWords:
    """A run of target words left in the source language: offsets into the target, number of words."""

    start: int
    end: int
    words: int
    lean: float  # the strongest word's lean (Zipf difference); 9.0 for a word in the source's script


def script_of(word: str) -> str | None:
    """The script of a word's first letter, among those mtqa tells apart here."""
    for name, pattern in _SCRIPT_OF.items():
        if pattern.match(word):
            return name
    return None


def _sentence_initial(text: str, pos: int) -> bool:
    """Whether the word at `pos` opens a sentence (quotes and brackets before it aside)."""
    i = pos - 1
    while i >= 0 and text[i] in _OPENING:
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


# The word after a position, and the word that ends (spaces and hyphens aside) right before one: the
# latter matched backwards from the position, so that it costs the length of the word, not of the text.
_WORD_AFTER = patterns.compile(r"[ \u00a0\-]+(\p{L}[\p{L}\p{M}]*)")
_WORD_BEFORE = patterns.compile(r"(\p{L}[\p{L}\p{M}]*)[ \u00a0\-]+$", flags=regex.REVERSE)
_WORD_BEFORE_BRACKET = patterns.compile(r"(\p{L}[\p{L}\p{M}]*)\s*$", flags=regex.REVERSE)


def _neighbour(text: str, match: regex.Match[str], after: bool) -> str:
    """The word right before or after a word (across spaces and hyphens only), or ''."""
    if after:
        found = _WORD_AFTER.match(text, match.end())
        return found.group(1) if found else ""
    found = _WORD_BEFORE.search(text, 0, match.start())
    return found.group(1) if found else ""


_NEXT_WORD = patterns.compile(r"[ \u00a0]+(\p{L}[\p{L}\p{M}]*)")


def _name_particle(text: str, end: int) -> bool:
    """Whether the short words from `end` on lead to a capitalised word: "von [der] Leyen", "del Toro"."""
    for _ in range(3):
        following = _NEXT_WORD.match(text, end)
        if following is None:
            return False
        word = following.group(1)
        if word[0].isupper():
            return True
        if len(word) > 3:
            return False
        end = following.end()
    return False


def _in_brackets_after_name(text: str, start: int, end: int) -> bool:
    """An original-script word in brackets right after a capitalised name: "Moscou (Москва)"."""
    for opener, closer in _BRACKETS:
        left = text.rfind(opener, max(0, start - 40), start)
        if left < 0 or text.find(closer, end, end + 40) < 0:
            continue
        before = _WORD_BEFORE_BRACKET.search(text, 0, left)
        if before and before.group(1)[0].isupper():
            return True
    return False


def mostly_capitals(text: str) -> bool:
    if text.isascii():  # every upper-case ASCII character is a letter: count both at C speed
        letters, upper = sum(map(str.isalpha, text)), sum(map(str.isupper, text))
    else:
        alpha = [c for c in text if c.isalpha()]
        letters, upper = len(alpha), sum(map(str.isupper, alpha))
    return letters >= 4 and upper >= 0.8 * letters


class _SourceIndex:
    """The source's words, for membership tests (case-insensitive); CJK text is matched as a substring."""

    def __init__(self, source: str) -> None:
        self.text = source.casefold()
        self.words: set[str] = set()
        for match in WORD.finditer(source):
            word = match.group().casefold()
            self.words.add(word)
            if "'" in word or "’" in word:  # (an elision needs one)
                elided = _ELISION.sub("", word)
                if elided != word:
                    self.words.add(elided)

    def has(self, word: str, substring: bool = False) -> bool:
        word = word.casefold()
        return word in self.text if substring else word in self.words


def find_source_words(target: str, source: str | None, target_lang: str, source_lang: str, *,
                      kept: Iterable[str] = (), loanwords: Iterable[str] = ()) -> list[SourceWords]:
    """Runs of words of `target` left in `source_lang`, in text order.

    `source` may be None (word lists only, stricter). `kept` are terms the user keeps as they are
    (protected and glossary terms), `loanwords` the target language's accepted loanwords."""
    if scripts_of(target_lang) != LATIN or source_lang == target_lang:
        return []
    lexicons = has_lexicon(target_lang) and has_lexicon(source_lang)
    source_scripts = scripts_of(source_lang) - LATIN
    if not lexicons and not source_scripts:
        return []
    index = _SourceIndex(source) if source else None
    limits = WORD_LISTS_ONLY if index is None else FROM_ENGLISH if source_lang in BORROWED_FROM else WITH_SOURCE
    floor = 0.0 if _complete(target_lang) else SMALL_LIST_FLOOR
    capitals = mostly_capitals(target)
    # The words' own evidence first; masking (names, loanwords, markup) is computed only when a word has some:
    # most units have none (the output is the same as masking first, every test being a pure filter).
    candidates: list[tuple[regex.Match[str], float]] = []
    # With a source and no script of its own to look for, only a word the source has can be a candidate.
    in_source = index.words if index is not None and not source_scripts else None
    for match in WORD.finditer(target):
        word = match.group()
        if in_source is not None and word.casefold() not in in_source \
                and not (("'" in word or "’" in word) and _ELISION.sub("", word).casefold() in in_source):
            continue
        script = script_of(word)
        if script != "Latin":
            if script in source_scripts and (index is None or index.has(word, substring=True)) \
                    and not _in_brackets_after_name(target, *match.span()):
                candidates.append((match, 9.0))
            continue
        if not lexicons:
            continue
        value = _latin_lean(target, match, index, limits, target_lang, source_lang, capitals, floor)
        if value is not None:
            candidates.append((match, value))
    if not candidates:
        return []
    masked = [(m.start, m.end) for m in mask(target, target_lang, protected_terms=tuple(kept),
                                              loanwords=tuple(loanwords)) if m.kind != "name"]
    masked += list(protected_spans(target))
    found = [(match, value) for match, value in candidates
             if not any(a < match.end() and match.start() < b for a, b in masked)
             and not _code_context(target, *match.span())]
    return [run for run in _runs(target, _whole_compounds(target, found)) if not _quoted(target, run)]


@functools.lru_cache(maxsize=64)
def _complete(lang: str) -> bool:
    """Whether `lang` has a large word list (a word missing from it is rare in the language)."""
    table = zipf_table(lang)
    return table is not None and len(table) >= LARGE_LIST_WORDS


def _code_context(text: str, start: int, end: int) -> bool:
    """A word touching a digit or a code character: "20th", "@untouched", "installed:yes", "*.example"."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if before.isdigit() or after.isdigit() or before in _CODE_BEFORE and before:
        return True
    if after and after in _CODE_AFTER:
        following = text[end + 1 : end + 2]
        return bool(following) and not following.isspace() and following not in _QUOTES_CLOSE + ")]"
    return False


def _whole_compounds(text: str, found: list[tuple[regex.Match[str], float]]) -> list[tuple[regex.Match[str], float]]:
    """Drop a word joined by hyphens to a part that is not flagged ("ebook-convert", "@untouched-label")."""
    flagged = {match.span() for match, _ in found}
    partial: set[tuple[int, int]] = set()
    for compound in _COMPOUND.finditer(text):
        parts = [m.span() for m in _PART.finditer(text, *compound.span())]
        if not all(part in flagged for part in parts):
            partial.update(parts)
    return [(match, value) for match, value in found if match.span() not in partial]


def _quoted(text: str, run: SourceWords) -> bool:
    """A run that is all of a quotation: a name, a keyword or a literal string mentioned as such."""
    before = text[: run.start].rstrip(" \u00a0\u202f")[-1:]
    after = text[run.end :].lstrip(" \u00a0\u202f")[:1]
    return bool(before) and before in _QUOTES_OPEN and bool(after) and after in _QUOTES_CLOSE


def _latin_lean(text: str, match: regex.Match[str], index: _SourceIndex | None, limits: Limits,
                target_lang: str, source_lang: str, capitals: bool, floor: float) -> float | None:
    """The lean of a Latin-script word that passes the limits for its kind, else None."""
    word = match.group()
    candidates = [word]
    elided = _ELISION.sub("", word)
    if elided != word:
        candidates.append(elided)
    for candidate in candidates:
        if index is not None and not index.has(candidate):
            continue
        if index is None and len(candidate) < MIN_LETTERS_NO_SOURCE:
            continue
        in_source = zipf(candidate, source_lang)
        in_target = max(zipf(candidate, target_lang), floor)
        lean = in_source - in_target
        if _passes(text, match, candidate, lean, in_source, in_target, limits, source_lang, capitals):
            return lean
    return None


def _passes(text: str, match: regex.Match[str], word: str, lean: float, in_source: float, in_target: float,
            limits: Limits, source_lang: str, capitals: bool) -> bool:
    if any(c.isupper() for c in word[1:]) and not word.isupper():
        return False  # inner capitals: a name or a code ("iCalendar", "gGmbH")
    if word.isupper() and len(word) > 1:
        if not capitals or len(word) <= 3:
            return False  # an acronym ("ČSSD", "IHNED"), unless the whole text is in capitals
    elif word[0].isupper():
        if _sentence_initial(text, match.start()):
            following = _neighbour(text, match, after=True)
            if following[:1].isupper():
                return False  # a name of several words opens the sentence
            return lean >= limits.initial_lean and in_source >= limits.initial_source_zipf
        if source_lang not in NOUN_CAPITALISING:
            return False  # a name
        if _neighbour(text, match, after=False)[:1].isupper() or _neighbour(text, match, after=True)[:1].isupper():
            return False  # part of a name of several words
        return lean >= limits.noun_lean and in_source >= limits.noun_source_zipf
    if len(word) <= 3:
        if _name_particle(text, match.end()):
            return False  # "von der Leyen", "de Gaulle"
        return lean >= limits.short_lean and in_source >= limits.short_source_zipf
    if in_target == 0.0 and len(word) >= limits.absent_letters and in_source >= limits.absent_source_zipf:
        return True
    needed = limits.common_target_lean if in_target >= limits.common_target else limits.lean
    return lean >= needed and in_source >= limits.source_zipf


def _runs(text: str, found: list[tuple[regex.Match[str], float]]) -> list[SourceWords]:
    """Adjacent flagged words (separated by spaces or hyphens only) as one run."""
    out: list[SourceWords] = []
    for match, value in found:
        if out and not text[out[-1].end:match.start()].strip(" \u00a0-"):
            last = out[-1]
            out[-1] = SourceWords(last.start, match.end(), last.words + 1, max(last.lean, value))
        else:
            out.append(SourceWords(match.start(), match.end(), 1, value))
    return out
