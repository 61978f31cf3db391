"""Numbers in text, as values: digits in any locale's format, number words, CJK and Roman numerals.

`target_numbers` finds what a translation states, strictly (each number with its span and the values
it may mean); `source_values` collects, generously, every value the source could be saying. A target
number is confirmed when one of its readings has all its values in the source set; being generous
with the source and strict with the target keeps false alarms rare.

Number words live in `packs/<lang>/numerals.toml` (cardinals, ordinals, scale words such as
"million", connectors such as "and", and words too ambiguous to flag such as "second").
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import regex

from mtqa.text.cjk_numerals import BIG, CJK_LANGS, SCALE_AFTER, cjk_values
from mtqa.text.implied_numbers import implied_values
from mtqa.text.numeral_packs import Lexicon, conversions, lexicon
from mtqa.util import patterns

__all__ = ["CJK_LANGS", "Lexicon", "NumberMention", "confirmed", "conversions", "converted_values", "digit_readings",
           "lexicon", "month_values", "normalise_digits", "source_values", "target_numbers"]

# Full-width and Arabic punctuation of numbers, as the ASCII that the patterns below read.
_NUMBER_PUNCTUATION = {"，": ",", "．": ".", "：": ":", "－": "-", "／": "/", "％": "%", "＋": "+", "\u2212": "-",
                       "٫": ".", "٬": ","}


# A character that `normalise_digits` changes: a decimal digit outside ASCII, or punctuation of numbers.
_TO_NORMALISE = re.compile(rf"[^\x00-\x7f\D]|[{''.join(_NUMBER_PUNCTUATION)}]")


def normalise_digits(text: str) -> str:
    """`text` with every decimal digit in ASCII (full-width ２４, Devanagari २४, Arabic-Indic ٢٤...) and
    the full-width punctuation of numbers in ASCII; one character for one, so offsets are kept."""
    if text.isascii() or _TO_NORMALISE.search(text) is None:
        return text
    out = []
    for char in text:
        if not char.isascii():
            digit = unicodedata.decimal(char, None)
            char = str(digit) if digit is not None else _NUMBER_PUNCTUATION.get(char, char)
        out.append(char)
    return "".join(out)


_GROUP_SEPS = ",.'’\u00a0\u202f\u2009 "
# Digits with optional thousands groups and decimal part, in any of the usual locale formats.
_DIGITS = patterns.compile(
    r"\d{1,3}(?:(?:[,.'’\u00a0\u202f\u2009]|\x20(?=\d{3}(?!\d)))\d{3})+(?:[.,]\d+)?(?!\d)"
    r"|\d+(?:[.,]\d+)?(?!\d)"
)
# A digit run that is part of a code or name in Latin, Greek or Cyrillic script: A380, COVID-19, v2.
_CODE_BEFORE = patterns.compile(r"[\p{Latin}\p{Greek}\p{Cyrillic}_][-/⁄]?$|⁄$")
_WORD = patterns.compile(r"\p{L}[\p{L}\p{M}]*")
# A clock time: "12 h 00", "23:35", "8 p.m."; the source side also yields 24-hour and 12-hour variants.
_TIME = patterns.compile(r"(?<!\d)(\d{1,2})(?:\s*[h:.]\s*(\d{2})(?!\d)|\s*(?=[ap]\.?\s?m\b))", regex.IGNORECASE)
_SEPARATORS = patterns.compile(r"([,.'’\u00a0\u202f\u2009 ])")
_YEAR_RANGE = patterns.compile(r"(?<!\d)(\d{4})\s*[-–—/]\s*(\d{2})(?!\d)")
_DECADE = patterns.compile(r"(?<!\d)[1-9]0(?!\d)")
_ROMAN = patterns.compile(r"(?<![\p{L}\p{M}])(?=[MDCLXVI])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
                          r"(?:e|er|ème|th|st|nd|rd)?(?![\p{L}\p{M}])")
_ROMAN_VALUES = {"M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1}

Reading = tuple[float, ...]


_AFTER_NUMBER = patterns.compile(r"[\s\u00a0\u202f-]*([^\s\d,;:()]+(?:\s[^\s\d,;:()]+)?)")


def _roundings(value: float) -> set[float]:
    out = {float(round(value)), float(int(value)), round(value, 1), round(value * 2) / 2}
    if value >= 50:
        out |= {float(round(value, -1)), float(round(value / 5) * 5)}
    if value >= 1000:
        out.add(float(round(value, -2)))
    return out


def converted_values(text: str, end: int, value: float) -> set[float]:
    """Roundings of `value` converted to the other measurement system, when a unit word follows it."""
    match = _AFTER_NUMBER.match(text, end)
    if not match or not math.isfinite(value):
        return set()
    after = match.group(1).lower()
    first = after.split()[0].rstrip(".")
    out: set[float] = set()
    for unit in conversions():
        if after in unit.words or first in unit.words or first.rstrip("s") in unit.words:
            out |= _roundings(value * unit.factor + unit.offset)
        elif first in unit.to_words:
            out |= _roundings((value - unit.offset) / unit.factor)
    return out


def _key(value: float) -> float:
    return round(value, 6)


def digit_readings(token: str, decimal: str | None = None) -> list[Reading]:
    """What a digit token may mean: '272.000' -> [(272000,), (272.0,)]; '3,5' -> [(3.5,), (3, 5)].

    With the text's decimal separator known, '12,000' in English is only twelve thousand.
    """
    parts = _SEPARATORS.split(token)
    groups, seps = parts[0::2], parts[1::2]
    # float() of the digit string, not of int(): no limit on the number of digits (Python refuses int()
    # of over 4,300 digits, and float(int()) of over 308), and still exact for every usual number.
    if not seps:
        return [(float(token),)]
    readings: list[Reading] = []
    if all(len(g) == 3 for g in groups[1:]) and len(set(seps)) == 1 or (
            all(len(g) == 3 for g in groups[1:]) and len(set(seps)) > 1 and seps[-1] not in ".,"):
        readings.append((float("".join(groups)),))
    last = seps[-1]
    thousands_only = decimal is not None and last != decimal and len(groups[-1]) == 3 and bool(readings)
    if last in ".," and all(len(g) == 3 for g in groups[1:-1]) and last not in seps[:-1] and not thousands_only:
        readings.append((float(f"{''.join(groups[:-1])}.{groups[-1]}"),))
    # Read as separate numbers ("3,5" listing pages 3 and 5) unless it is a plain thousands grouping.
    if not readings or not all(len(g) == 3 for g in groups[1:]) or any(s in " \u00a0\u202f\u2009" for s in seps):
        readings.append(tuple(float(g) for g in groups))
    return readings


def _roman_value(text: str) -> float:
    total = 0
    for index, char in enumerate(text):
        value = _ROMAN_VALUES[char]
        if index + 1 < len(text) and _ROMAN_VALUES[text[index + 1]] > value:
            total -= value
        else:
            total += value
    return float(total)


def _split_compound(word: str, lex: Lexicon) -> list[float] | None:
    """'fünfundzwanzig' -> [5, 20] (joined by a connector): a word made only of number words, else None."""
    if not lex.compounds or len(word) < 6 or word[:2] not in lex.prefixes:
        return None
    parts: list[float] = []
    pos = 0
    vocabulary = lex.compound_vocabulary
    while pos < len(word):
        for end in range(len(word), pos, -1):
            piece = word[pos:end]
            if piece in vocabulary and (end - pos >= 2):
                if vocabulary[piece] >= 0:
                    parts.append(vocabulary[piece])
                pos = end
                break
        else:
            return None
    return parts if len(parts) >= 2 else None


def _combine(values: list[float], scales: set[float], vigesimal: bool = False) -> float:
    """Number words in a row as one number: [20, 5] -> 25, [3, 1000] -> 3000, [4, 20, 10, 9] -> 99."""
    total = current = 0.0
    for value in values:
        if value in scales and value >= 1000:
            total += (current or 1) * value
            current = 0
        elif value in scales or value == 100:
            current = (current or 1) * value
        elif vigesimal and 1 < current < 10 and value == 20:  # French quatre-vingt(s)
            current *= value
        elif value < 1 and current == 1:  # "un demi", "a half": the fraction itself
            current = value
        else:
            current += value
    return total + current


@dataclass(frozen=True)
class NumberMention:
    start: int
    end: int
    readings: tuple[Reading, ...]
    is_word: bool
    decade: bool = False  # "1970s": a source may say "the 70s"
    date_part: bool = False  # "10/2", "2.10.2020": a month may be named in the source ("octobre")


def _may_hold_number_words(text: str, lex: Lexicon) -> bool:
    """False when no word of `text` can begin a run of number words (most texts): none is a cardinal, an
    ordinal or a scale word, and none may be a compound of them."""
    words = {word.lower() for word in _WORD.findall(text)}
    if not lex.run_starters.isdisjoint(words):
        return True
    return lex.compounds and any(len(word) >= 6 and word[:2] in lex.prefixes for word in words)


def _word_runs(text: str, lex: Lexicon, plurals: bool = False) -> Iterable[tuple[int, int, list[float], bool]]:
    """Runs of number words: (start, end, values in order, whether the run is only a scale word).

    With `plurals`, plural cardinals count too ("fours", "tens"): read in a source, never flagged in a
    target, where "tens of thousands" is no number.
    """
    if not plurals and not _may_hold_number_words(text, lex):
        return
    run: list[tuple[int, int, list[float]]] = []
    scales = lex.scales

    def flush() -> Iterable[tuple[int, int, list[float], bool]]:
        if run:
            values = [v for _, _, vs in run for v in vs]
            only_scale = all(v in scales.values() for v in values) and all(
                text[s:e].lower() in scales for s, e, _ in run)
            yield run[0][0], run[-1][1], values, only_scale
        run.clear()

    last_end = -1
    for match in _WORD.finditer(text):
        word = match.group().lower()
        if plurals and word not in lex.numbers and word not in lex.ordinals and word not in scales \
                and word.endswith("s") and match.group()[0].islower():
            stems = (word[:-1], word[:-2]) if word.endswith("es") else (word[:-1],)
            word = next((w for w in stems if w in lex.numbers), word)  # plural ordinals are adjectives
        values: list[float] | None = None
        if word in lex.numbers or word in lex.ordinals:
            values = [lex.value(word) or 0.0]
        elif word in scales:
            values = [scales[word]]
        elif word in lex.connectors and run:
            gap = text[last_end:match.start()]
            if gap.strip(" -") == "":
                last_end = match.end()
                continue
        else:
            values = _split_compound(word, lex)
        gap = text[last_end:match.start()] if last_end >= 0 else ""
        if values is None:
            yield from flush()
            last_end = match.end()
            continue
        if run and gap.strip(" -\u00a0") != "":
            yield from flush()
        run.append((match.start(), match.end(), values))
        last_end = match.end()
        if word in lex.ordinals:
            yield from flush()  # an ordinal ends its number: "vingt et unième | siècle"
    yield from flush()


def target_numbers(text: str, lang: str | None, words: bool = True,
                   skip: Iterable[tuple[int, int]] = ()) -> list[NumberMention]:
    """The numbers a text states, each with its span and readings; spans in `skip` are ignored."""
    text = normalise_digits(text)
    skipped: list[tuple[int, int]] | None = None  # read when a number is met: most texts hold none

    def masked(start: int, end: int) -> bool:
        nonlocal skipped
        if skipped is None:
            skipped = sorted(skip)
        return any(s < end and start < e for s, e in skipped)

    lex = lexicon(lang)
    out: list[NumberMention] = []
    for match in _DIGITS.finditer(text):
        start, end = match.span()
        if start and (text[start - 1].isdigit() or _CODE_BEFORE.search(text[max(0, start - 2):start])):
            continue
        if masked(start, end):
            continue
        readings = digit_readings(match.group(), lex.decimal if lex else None)
        scale = _scale_after(text, end, lex)
        if scale:
            readings = [tuple(v * scale for v in r) for r in readings if len(r) == 1] + readings
        decade = text[end:end + 1] == "s" or text[end:end + 2] in ("'s", "’s")
        out.append(NumberMention(start, end, tuple(readings), False, decade, _date_part(text, start, end)))
    if words and lex is not None and not lex.unsegmented:
        fixed = [m.span() for m in lex.not_number_pattern.finditer(text)] if lex.not_number_pattern else []
        for start, end, values, only_scale in _word_runs(text, lex):
            if only_scale or masked(start, end) or any(s < end and start < e for s, e in fixed):
                continue
            if any(start <= m.start < end or m.start <= start < m.end for m in out):
                continue  # a scale word after digits: already read with the digits
            start, values = _drop_article(text, start, end, values, lex)
            if all(_is_ambiguous(w.lower(), lex) or (lex.value(w.lower()) or 2) <= 1
                   for w in _WORD.findall(text[start:end])):
                continue  # "second", "un secondo", "dozens": not numbers often enough to flag
            combined = _combine(values, set(lex.scales.values()), lex.lang == "fr")
            out.append(NumberMention(start, end, ((combined,), tuple(values)), True))
    out.sort(key=lambda m: m.start)
    return out


def _drop_article(text: str, start: int, end: int, values: list[float], lex: Lexicon) -> tuple[int, list[float]]:
    """"une deuxième", "a third": the article before an ordinal is no number of its own."""
    words = list(_WORD.finditer(text, start, end))
    if len(words) >= 2 and values[0] == 1 and words[1].group().lower() in lex.ordinals \
            and words[0].group().lower() in lex.numbers:
        return words[1].start(), values[1:]
    return start, values


def _is_ambiguous(word: str, lex: Lexicon) -> bool:
    stems = {word, word[:-1] if word.endswith("s") else word, word[:-2] if word.endswith("es") else word}
    return any(stem in lex.ambiguous for stem in stems)


def _scale_after(text: str, end: int, lex: Lexicon | None) -> float | None:
    match = SCALE_AFTER.match(text, end)
    if match:
        return float(BIG[match.group(1)])
    if lex is None:
        return None
    word = _WORD.match(text, end + (1 if text[end:end + 1] in " \u00a0\u202f-" else 0))
    if word and word.group().lower() in lex.scales:
        return lex.scales[word.group().lower()]
    return None


def source_values(text: str, lang: str | None) -> set[float]:
    """Every value the text may state, generously: all readings, pieces, words, CJK and Roman numerals,
    and what it implies (`implied_numbers`)."""
    text = normalise_digits(text)
    values: set[float] = set()
    lex = lexicon(lang)
    for match in _DIGITS.finditer(text):
        readings = digit_readings(match.group())
        scale = _scale_after(text, match.end(), lex)
        for reading in readings:
            for value in reading:
                values.add(_key(value))
                if scale:
                    values.add(_key(value * scale))
            if len(reading) == 1:
                values.update(_key(v) for v in converted_values(text, match.end(), reading[0]))
    values.update(_key(v) for v in cjk_values(text))
    for match in _YEAR_RANGE.finditer(text):  # "1973–74" also states 1974
        values.add(float(match.group(1)[:2] + match.group(2)))
    for match in _DECADE.finditer(text):  # "the '70s", "años 70": the 1970s
        values.update((1900.0 + int(match.group()), 2000.0 + int(match.group())))
    for match in _TIME.finditer(text):
        hour = int(match.group(1))
        minute = int(match.group(2) or 0)
        for variant in (hour, hour + 12, hour - 12):
            if 0 <= variant <= 24:
                values.update((float(variant), float(variant * 100 + minute)))
    for match in _ROMAN.finditer(text):
        numeral = match.group().rstrip("ehrmèstnd")
        if numeral:
            values.add(_roman_value(numeral))
    if lex is not None and not lex.unsegmented:
        halves = any(lex.numbers.get(w.lower()) == 0.5 for w in _WORD.findall(text))
        for _start, _end, run_values, _only_scale in _word_runs(text, lex, plurals=True):
            combined = _combine(run_values, set(lex.scales.values()), lex.lang == "fr")
            values.update(_key(v) for v in run_values)
            values.add(_key(combined))
            if halves:  # "eight and a half"
                values.add(_key(combined + 0.5))
    if lex is not None:
        values.update(_key(v) for v in implied_values(text, values, lex))
    return values


def month_values(text: str, lang: str | None) -> set[float]:
    """The numbers of the months `text` names ("octobre" is 10): they confirm only parts of numeric dates."""
    lex = lexicon(lang)
    if lex is None or not lex.months:
        return set()
    return {lex.months[w.lower()] for w in _WORD.findall(text) if w.lower() in lex.months}


_DATE_NEIGHBOUR = patterns.compile(r"\d[./-]$|^[./-]\d")


def _date_part(text: str, start: int, end: int) -> bool:
    """Digits written as part of a numeric date: "10/2", "2.10.", "2020-10-02"."""
    return bool(_DATE_NEIGHBOUR.search(text[max(0, start - 2):start]) or _DATE_NEIGHBOUR.search(text[end:end + 2])
                or "." in text[start:end] and text[end:end + 1] == ".")


def confirmed(mention: NumberMention, source: set[float]) -> bool:
    """Whether one reading of the mention has all its values in the source (decades allowed for years)."""
    return any(all(_key(v) in source or mention.decade and _year_decade(v, source) for v in reading)
               for reading in mention.readings)


def _year_decade(value: float, source: set[float]) -> bool:
    return value.is_integer() and 1900 <= value <= 2099 and float(value % 100) in source
