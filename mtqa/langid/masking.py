"""Masking of text that carries no evidence of the language it is written in.

Names, URLs, e-mail addresses, code, placeholders, numbers, user-protected terms and accepted
loanwords look foreign to a language identifier ("Alejandra González Anaya" reads as Spanish inside
French). `mask()` finds them; `blank()` replaces them by spaces, so the masked text keeps the
offsets of the original and can be classified clause by clause.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

import regex

from mtqa.text.words import letter_runs, lower_word_set
from mtqa.util import patterns
from mtqa.util.linescan import line_matches

# A capitalised sentence-initial word this frequent (Zipf) in the language is an ordinary word.
COMMON_ZIPF = 5.0
# Languages that capitalise common nouns: a capitalised word there is no sign of a name.
NOUN_CAPITALISING = frozenset({"de", "lb"})

_URL = patterns.compile(r"\b(?:https?://|ftp://|www\.)[^\s<>\"'«»]+", regex.IGNORECASE)
_EMAIL = patterns.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_CODE = patterns.compile(
    r"<(?i:style)\b[^<>]*>[\s\S]*?</(?i:style)\s*>|<(?i:script)\b[^<>]*>[\s\S]*?</(?i:script)\s*>"  # CSS, JS
    r"|`[^`\n]+`"  # inline code
    r"|\{\{[^{}\n]*\}\}|\{[\w.:!\-]*\}|\$\{[^}\n]*\}"  # {{x}}, {0}, {name}, ${x}
    r"|%(?:\([\w.]+\))?[-+ #0]*\d*(?:\.\d+)?[sdifxXeEgGcr%@]"  # printf: %s, %(name)s, %1$s
    r"|%\d+\$[sd]|\$\w+|</?[A-Za-z][\w:-]*(?:\s[^<>\n]*)?/?>"  # %1$s, $VAR, <tags>
    r"|&[a-zA-Z]+;|&#\d+;"  # HTML entities
    r"|(?:\b[\w.-]+|(?<!\S))[\\/][\w.\\/-]+"  # paths
    r"|\b[a-z]+(?:_[a-z0-9]+)+\b"  # snake_case
)
# A command line quoted in the text ("git replace --convert-graft-file"), or a long option alone.
_COMMAND = patterns.compile(
    r'"[^"\n]*?(?<![\w-])--[A-Za-z][\w-]*[^"\n]*"|“[^”\n]*?(?<![\w-])--[A-Za-z][\w-]*[^”\n]*”'
    r"|«[^»\n]*?(?<![\w-])--[A-Za-z][\w-]*[^»\n]*»|(?<![\w-])--[A-Za-z][\w-]*"
)
# ICU MessageFormat's syntax around the messages it chooses between: "{count, plural, one {# day}
# other {# days}}" keeps "# day" and "# days", not the keywords and the case names.
_ICU_HEAD = patterns.compile(r"\{\s*[\w.]+\s*,\s*(?:plural|selectordinal|select)\s*,(?:\s*offset:\d+)?")
_ICU_CASE = patterns.compile(r"(?<=[,}]\s*)(?:=\d+|[\w-]+)(?=\s*\{)")
# Each pattern runs only on text that contains one of its trigger characters (most prose has none).
_CODE_TRIGGERS = ("`", "{", "%", "$", "<", "&", "/", "\\", "_")
_PATTERNS = (
    (_URL, "url", ("://", "www.", "WWW.")),
    (_EMAIL, "email", ("@",)),
    (_CODE, "code", _CODE_TRIGGERS),
    (_COMMAND, "code", ("--",)),
)
_CODE_TRIGGER = re.compile("[" + re.escape("".join(_CODE_TRIGGERS)) + "]")

_NUMBER = patterns.compile(r"\p{N}+(?:[.,:/\u00a0\u202f ]\p{N}+)*(?:\p{L}{1,2}\b)?")
# Words that are names or codes whatever their position: inner capitals (OpenAI, iPhone), all
# capitals (ONU, NASA), letters mixed with digits (GPT4, B2B).
_CODE_LIKE = patterns.compile(r"\p{L}*\p{Ll}\p{Lu}[\p{L}\p{N}]*|\p{Lu}{2,}[\p{Lu}\p{N}]*|\p{L}+\p{N}[\p{L}\p{N}]*")
# Words that may be (part of) a name or a code: a capital anywhere, or a digit after a letter. A word
# run is matched whole and then tested (`_name_candidates`): one pattern that looked for the capital
# inside the run backtracked through the whole run from each of its letters, quadratic in "a-a-a-...".
_WORD_RUN = patterns.compile(r"\b(?<![\p{L}\p{N}])\p{L}[\p{L}\p{M}\p{N}'’\-]*+")
_CAPITAL_OR_DIGIT = patterns.compile(r"[\p{Lu}\p{N}]")
# The last character that no word run holds, searched backwards.
_OUTSIDE_RUN = patterns.compile(r"(?r)[^\p{L}\p{M}\p{N}'’\-]")
_NEXT_WORD = patterns.compile(r"[ \u00a0\-]+(\p{L})")
_SENTENCE_END = ".!?…:\n"
_OPENING = "\"'«“‘([¿¡—–-„‹ \t\u00a0\u202f"
# Openers of a quotation or an aside (not the apostrophe of an elision, nor a hyphen).
_QUOTE_OR_BRACKET = "\"«“‘([¿¡—–„‹"


class Masked(NamedTuple):
    start: int
    end: int
    kind: str  # "url", "email", "code", "number", "name", "protected", "loanword"


def _is_sentence_initial(text: str, pos: int) -> bool:
    """Whether the word at `pos` opens a sentence, a quotation or an aside (after a bracket or a dash),
    where a capital says nothing about a name."""
    i = pos - 1
    while i >= 0 and text[i] in _OPENING:
        if text[i] in _QUOTE_OR_BRACKET:
            return True
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


@functools.lru_cache(maxsize=4096)
def _term_pattern(terms: tuple[str, ...], ignore_case: bool) -> re.Pattern[str] | None:
    terms = tuple(t for t in terms if t.strip())
    if not terms:
        return None
    # Longest first so "Open Source Initiative" wins over "Open Source"; an optional plural -s.
    alternatives = "|".join(
        r"\s+".join(re.escape(part) for part in term.split()) for term in sorted(terms, key=patterns.longest_first)
    )
    # The standard library's engine: compiled per term on first sight, and it compiles ~3x faster than
    # `regex`. [^\W_] is a letter or a digit.
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(rf"(?<![^\W_])(?:{alternatives})(?:e?s)?(?![^\W_])", flags)


@functools.lru_cache(maxsize=64)
def _by_first_word(terms: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Terms filed under the first letter run of their first word, lower-cased ("start-up" -> "start")."""
    out: dict[str, tuple[str, ...]] = {}
    for term in terms:
        runs = letter_runs(term.lower())
        if runs:
            out[runs[0]] = out.get(runs[0], ()) + (term,)
    return out


@functools.lru_cache(maxsize=4096)
def _letter_runs_of(term: str) -> frozenset[str]:
    """The letter runs of a term in lower case: each is a word of any text the term occurs in."""
    return frozenset(letter_runs(term.lower()))


def _common_word(word: str, lang: str | None) -> bool:
    """A frequent word of `lang` (wordfreq), so not a name when capitalised at a sentence start."""
    if not lang:
        return False
    from mtqa.langid.word_evidence import has_lexicon, zipf

    return has_lexicon(lang) and zipf(word, lang) >= COMMON_ZIPF


def _name_candidates(text: str) -> Iterator[regex.Match[str]]:
    """The word runs (`_WORD_RUN.finditer(text)`) that hold a capital or a digit (never first: a run
    starts with a letter).

    Found from the capitals and digits rather than from every word (most words have neither): each
    one's run is searched from the last character before it that no run holds, where a scan from the
    start of the text would not be inside a run either; no capital or digit before the first run from
    there can belong to one."""
    covered = 0  # the runs before this offset are decided
    upcoming: regex.Match[str] | None = None
    while (hit := _CAPITAL_OR_DIGIT.search(text, covered)) is not None:
        at = hit.start()
        if upcoming is None or upcoming.end() <= at:
            outside = _OUTSIDE_RUN.search(text, covered, at)
            upcoming = _WORD_RUN.search(text, outside.end() if outside else covered)
            if upcoming is None:
                return
        if upcoming.start() > at:
            covered = upcoming.start()  # no run holds what comes before it ("2024 ")
            continue
        yield upcoming
        covered = upcoming.end()


def _names(text: str, lang: str | None) -> Iterable[Masked]:
    capitalises_nouns = lang in NOUN_CAPITALISING
    run: list[regex.Match[str]] = []

    def flush() -> Iterable[Masked]:
        if len(run) >= 2 and _is_sentence_initial(text, run[0].start()) and _common_word(run[0].group(), lang):
            run.pop(0)  # "Die Regierung", "Le Monde": a capitalised article opens the sentence
        if run and (len(run) >= 2 or not capitalises_nouns and not _is_sentence_initial(text, run[0].start())):
            yield Masked(run[0].start(), run[-1].end(), "name")
        run.clear()

    for word in _name_candidates(text):
        token = word.group()
        if token.lower() == token.upper():
            continue  # letters without case (Chinese, Arabic...) followed by a digit: ordinary text there
        # A plain capitalised word ("Paris") cannot be code-like: skip the pattern for it.
        if not (token.isalpha() and token[1:].islower()) and _CODE_LIKE.fullmatch(token):
            yield from flush()
            yield Masked(word.start(), word.end(), "name")
            continue
        if not token[0].isupper():
            continue
        if run and text[run[-1].end() : word.start()].strip(" \u00a0-"):
            yield from flush()
        if capitalises_nouns and not run:
            following = _NEXT_WORD.match(text, word.end())
            if following is None or not following.group(1).isupper():
                continue  # a German noun, not the start of a multi-word name
        run.append(word)
    yield from flush()


def _icu_syntax(text: str) -> Iterable[Masked]:
    """The keywords and case names of the ICU messages in `text` (none when it has no ICU message)."""
    first = _ICU_HEAD.search(text)
    if first is None:
        return
    for match in _ICU_HEAD.finditer(text, first.start()):
        yield Masked(match.start(), match.end(), "code")
    for match in _ICU_CASE.finditer(text, first.end()):
        yield Masked(match.start(), match.end(), "code")


# Characters that the standard engine, ignoring case, takes for an ASCII letter although their lower case
# is not one (dotted and dotless i, long s, the Kelvin sign).
_ASCII_LOOKALIKES = "\u0130\u0131\u017f\u212a"


def _term_matches(pattern: re.Pattern[str], term: str, text: str, lowered: str) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)` for the pattern of one term (`_term_pattern`): where the term is ASCII and
    `lowered` is `text` in lower case, character for character, a match can only start where the term's
    first word does in `lowered`, so only those places are tried (a long text holds few)."""
    first = term.split()[0].lower()
    if not first.isascii() or len(lowered) != len(text) or any(c in text for c in _ASCII_LOOKALIKES):
        yield from pattern.finditer(text)
        return
    end = 0
    at = lowered.find(first)
    while at >= 0:
        if at >= end:
            match = pattern.match(text, at)
            if match is not None:
                yield match
                end = match.end()
        at = lowered.find(first, at + 1)


def _code_matches(text: str) -> Iterator[regex.Match[str]]:
    """`_CODE.finditer(text)` (see `mtqa.util.linescan`): every match starts on a line with a trigger (each
    branch starts with one, or holds "/", "\\" or "_" before any line break), and only the branches
    that start with "<" (style, script, tags) can run past the end of their line."""
    return line_matches(_CODE, text, _CODE_TRIGGER, lambda line: "<" in line)


def mask(
    text: str,
    lang: str | None = None,
    *,
    protected_terms: Iterable[str] = (),
    loanwords: Iterable[str] = (),
) -> list[Masked]:
    """Spans of `text` that say nothing about its language, in order and without overlaps."""
    spans: list[Masked] = []
    for pattern, kind, triggers in _PATTERNS:
        if any(trigger in text for trigger in triggers):
            found = _code_matches(text) if pattern is _CODE else pattern.finditer(text)
            spans.extend(Masked(m.start(), m.end(), kind) for m in found)
    if "{" in text and ("plural" in text or "select" in text):
        spans.extend(_icu_syntax(text))
    protected = _term_pattern(tuple(protected_terms), False)
    if protected is not None:
        spans.extend(Masked(m.start(), m.end(), "protected") for m in protected.finditer(text))
    # Only terms whose first word occurs as a word: most texts contain none. One pattern per term, so
    # that no pattern is compiled for each new combination of terms.
    by_first = _by_first_word(tuple(loanwords))
    if by_first:
        lowered = text.lower()
        words = set(lower_word_set(text))
        words |= {w[:-1] for w in words if w.endswith("s")} | {w[:-2] for w in words if w.endswith("es")}  # plurals
        for word in by_first.keys() & words:
            for term in by_first[word]:
                if not words.issuperset(_letter_runs_of(term)):
                    continue  # "a priori" where "a" is a word but "priori" is not
                pattern = _term_pattern((term,), True)
                assert pattern is not None
                found = _term_matches(pattern, term, text, lowered)
                spans.extend(Masked(m.start(), m.end(), "loanword") for m in found)
    spans.extend(Masked(m.start(), m.end(), "number") for m in _NUMBER.finditer(text))
    spans.extend(_names(text, lang))
    spans.sort(key=lambda s: (s.start, -s.end))
    merged: list[Masked] = []
    for span in spans:
        if merged and span.start < merged[-1].end:
            if span.end > merged[-1].end:
                last = merged[-1]
                merged[-1] = Masked(last.start, span.end, last.kind)
            continue
        merged.append(span)
    return merged


LEADING_PUNCT = "\"'«“‘([¿¡—–-„‹"


def clause_features(masked: str) -> tuple[int, int]:
    """Letters and lower-case words of a masked piece: what is left to judge its language by."""
    letters = sum(map(str.isalpha, masked))
    lower = sum(1 for word in masked.split() if word.lstrip(LEADING_PUNCT)[:1].islower())
    return letters, lower


def blank(text: str, spans: Iterable[Masked]) -> str:
    """`text` with every masked span replaced by spaces (same length, same offsets)."""
    chars = list(text)
    for span in spans:
        chars[span.start : span.end] = " " * (span.end - span.start)
    return "".join(chars)
