"""Fluency checks on the target text alone: a word written twice.

Language knowledge: `packs/<lang>/repetition.toml` lists the words that may follow themselves and
where ("nous nous sommes levés", "der Mann, der der Frau hilft", Dutch "kun je je programma").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from mtqa.checks.base import Check, Example, UnitContext
from mtqa.errors import PackError
from mtqa.model import Hit, Severity
from mtqa.text.markup import protected_spans
from mtqa.text.placeholders import DEFAULT_SYNTAX, syntax_for
from mtqa.text.words import LETTER, WORD_CHAR, has_marks
from mtqa.util import patterns
from mtqa.util.datafiles import builtin_data, check_keys

# A word may hold inner apostrophes and hyphens ("l'état", "high-energy"); the lookarounds take whole
# words only (no letter, mark, digit, hyphen or apostrophe around). In scripts without spaces between
# words (Thai, Chinese...) a run of letters is a whole phrase, so only whole phrases are compared there.
# The standard library's engine runs this backreference pattern about three times as fast as `regex`,
# but its [^\W\d_] has no combining marks and would cut "साइन इन" into "स", "इन", "इन": it reads
# only texts without marks.
# A word joins at most nine parts with hyphens or apostrophes: an unbounded repetition keeps a backtracking
# entry per part, so megabytes of "a-a-a-..." took 75 bytes of memory per character.
_REPEAT_PLAIN = re.compile(r"(?<![\w\-'’])([^\W\d_]+(?:['’\-][^\W\d_]+){0,8})([ \t\u00a0]+)(\1)(?![\w\-'’])",
                           re.IGNORECASE)
_REPEAT = patterns.compile(
    rf"(?<![{WORD_CHAR}_\-'’])(\p{{L}}[{LETTER}]*(?:['’\-]\p{{L}}[{LETTER}]*){{0,8}})([ \t\u00a0]+)"
    rf"(\1)(?![{WORD_CHAR}_\-'’])", regex.IGNORECASE)
_WORD_AFTER = patterns.compile(rf"[^{WORD_CHAR}_]*?(\p{{L}}[{LETTER}]*|\d)")
_WORDS_BEFORE = patterns.compile(rf"\p{{L}}[{LETTER}]*|[,;:]")
_OPENING = "«“\"'‘(¿¡-–—„ \t\u00a0"
_PLACES = ("anywhere", "mid-sentence", "sentence-start", "after-comma", "before-noun-phrase")
_PATH = "packs/{lang}/repetition.toml"


@dataclass(frozen=True)
class Allowed:
    """Where a word may follow itself."""

    anywhere: bool = False
    mid_sentence: bool = False
    sentence_start: bool = False  # an answer word said twice for emphasis: "No no, es otra cosa", not "No No"
    after_comma: bool = False  # a relative pronoun then an article: "der Mann, der der Frau hilft"
    after: frozenset[str] = frozenset()  # only after one of these words
    before: frozenset[str] = frozenset()  # only before one of these words
    not_before: frozenset[str] = frozenset()  # anywhere except before one of these


def _rule(value: object, path: str, word: str, openers: frozenset[str]) -> Allowed:
    if isinstance(value, str):
        if value not in _PLACES:
            raise PackError(path, f"'{value}' is not one of {', '.join(_PLACES)}", word)
        if value == "before-noun-phrase" and not openers:
            raise PackError(path, "'before-noun-phrase' needs a 'noun_phrase_openers' list", word)
        return Allowed(anywhere=value == "anywhere", mid_sentence=value == "mid-sentence",
                       sentence_start=value == "sentence-start", after_comma=value == "after-comma",
                       before=openers if value == "before-noun-phrase" else frozenset())
    if not isinstance(value, dict):
        raise PackError(path, "must be a place or a table of word lists", word)
    check_keys(value, allowed=("after", "before", "not_before"), path=path, entry=word)
    lists = {}
    for key, words in value.items():
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise PackError(path, f"'{key}' must be a list of strings", word)
        lists[key] = frozenset(w.lower() for w in words)
    return Allowed(**lists)


@functools.lru_cache(maxsize=32)
def allowed_repeats(lang: str | None) -> dict[str, Allowed]:
    data = builtin_data(lang or "", "repetition") if lang else None
    if not data:
        return {}
    path = _PATH.format(lang=lang)
    check_keys(data, allowed=("allowed", "noun_phrase_openers", "example"), path=path)
    table = data.get("allowed", {})
    if not isinstance(table, dict):
        raise PackError(path, "'allowed' must be a table of word = place")
    openers = frozenset(w.lower() for w in data.get("noun_phrase_openers", ()))
    return {word.lower(): _rule(value, path, word, openers) for word, value in table.items()}


def _at_sentence_start(text: str, start: int) -> bool:
    i = start
    while i > 0 and text[i - 1] in _OPENING:
        i -= 1
    return i == 0 or text[i - 1] in ".!?…:\n"


def _next_word(text: str, end: int) -> str:
    after = _WORD_AFTER.match(text, end, end + 40)
    return after.group(1) if after else ""


def _in_name_chain(text: str, start: int, end: int, word: str) -> bool:
    """ "Taschenbuch Kalender Kalender 2002": a capitalised word doubled after a capitalised word and
    before a number is a catalogue line, not a slip."""
    if not word[:1].isupper() or _at_sentence_start(text, start):
        return False
    before = _WORDS_BEFORE.findall(text, max(0, start - 40), start)
    after = _next_word(text, end)
    return bool(before) and before[-1][:1].isupper() and after.isdigit()


def _is_correct(rule: Allowed, text: str, start: int, end: int) -> bool:
    """Whether the pair at text[start:end] is in a place where the language writes it on purpose."""
    at_start = _at_sentence_start(text, start)
    if rule.anywhere:
        return True
    if rule.mid_sentence:
        return not at_start
    if rule.sentence_start:
        # Said twice, the answer goes on in lower case ("No no,"); a copy slip repeats the capital ("No No").
        return at_start and text[start:end].split()[-1][:1].islower()
    next_word = _next_word(text, end).lower()
    if rule.before:
        return next_word in rule.before
    if rule.not_before:
        return next_word not in rule.not_before and not at_start
    words_before = _WORDS_BEFORE.findall(text, max(0, start - 60), start)
    if rule.after:
        return bool(words_before) and words_before[-1].lower() in rule.after
    if rule.after_comma:
        return words_before[-1:] == [","] or (len(words_before) >= 2 and words_before[-2] == ","
                                              and words_before[-1].islower())
    return False


def _repeats(text: str) -> Iterator[re.Match[str] | regex.Match[str]]:
    return (_REPEAT if has_marks(text) else _REPEAT_PLAIN).finditer(text)


def _doubled_in(source: str, lang: str | None) -> int:
    """How many words the source writes twice where its language would not on purpose."""
    allowed = allowed_repeats(lang)
    count = 0
    for match in _repeats(source):
        rule = allowed.get(match.group(1).lower())
        count += rule is None or not _is_correct(rule, source, match.start(), match.end())
    return count


class RepeatedWord(Check):
    """A word written twice in a row ("le le", "the the").

    Flags: the same word twice in a row, separated only by spaces, ignoring case, except pairs the
    target language writes on purpose, where it writes them ("nous nous sommes levés"; "had had";
    German "der Mann, der der Frau hilft"; Dutch "kun je je programma opslaan"), catalogue lines
    ("Taschenbuch Kalender Kalender 2002"), and as many pairs as the source has itself ("My grand grand
    father").
    Why: a doubled word is a typing or MT decoding slip that readers notice at once.
    Example: "Il a vu le le chat." flags "le le".
    Instead: keep one of the words: "Il a vu le chat."
    """

    code = "FL001"
    name = "repeated-word"
    category = "fluency/grammar"
    severity = Severity.MINOR
    examples = (
        Example("Il a vu le le chat.", True, span="le le"),
        Example("Nous nous sommes levés tôt.", False),
        Example("Est-ce que vous vous vous disputez ?", True, span="vous vous"),
        Example("Il a vu l'état l'état du pont.", True, span="l'état l'état"),
        Example("She said that that was fine.", False, target_lang="en"),
        Example("The the report is late.", True, target_lang="en", span="The the"),
        Example("Conseil précédent conseil Conseil suivant", False),
        Example("Die Die Kosten steigen.", True, target_lang="de", span="Die Die"),
        Example("Der Anteil der Bevölkerung, der der Meinung ist, wächst.", False, target_lang="de"),
        Example("Son livre « Mon grand grand père et moi » est paru.", False,
                source="His book 'My grand grand father and me' came out.", source_lang="en"),
        Example("We got up and he saw the the cat.", True, target_lang="en", span="the the",
                source="Nous nous sommes levés et il a vu le chat.", source_lang="fr"),
        Example("लाइव स्ट्रीमिंग के लिए साइन इन करें", False, target_lang="hi"),
        Example("कृपया फिर से साइन इन इन करें", True, target_lang="hi", span="इन इन"),
        Example("ชื่อผู้ใช้หรือ อีเมล", False, target_lang="th"),
        Example("a %profile profile lesz eltárolva", False, target_lang="hu",
                source="it will become the '%profile' profile", source_lang="en"),
    )

    def check(self, ctx: UnitContext) -> Iterator[Hit]:
        allowed = allowed_repeats(ctx.target_base)
        text = ctx.text
        # A source that doubles words itself ("My grand grand father", "Blah Blah Blah") has them
        # translated or copied doubled: as many pairs as it has are the source's, not the MT's.
        mirrored = _doubled_in(ctx.source, ctx.source_base) if ctx.source else 0
        protected: list[tuple[int, int]] | None = None
        for match in _repeats(text):
            word = match.group(1)
            second = match.group(3)
            if second[:1].isupper() and not word[:1].isupper() or second.isupper() and not word.isupper():
                continue  # "conseil Conseil", "villa VILLA": a menu item or a heading starts again
            rule = allowed.get(word.lower())
            tripled = _next_word(text, match.end()).lower() == word.lower()
            if rule is not None and not tripled and _is_correct(rule, text, match.start(), match.end()):
                continue
            if _in_name_chain(text, match.start(), match.end(), word):
                continue
            if protected is None:  # a placeholder before a word ("%profile profile") is no repeated word
                syntax = syntax_for(ctx.source, ctx.unit.flags, text) | DEFAULT_SYNTAX if ctx.source else DEFAULT_SYNTAX
                protected = list(protected_spans(text, syntax))
            if any(start < match.end(1) and match.start(1) < end for start, end in protected):
                continue
            if mirrored:
                mirrored -= 1
                continue
            yield Hit(match.start(), match.end(), f"'{word}' is repeated", suggestion=word)


CHECKS = (RepeatedWord,)
