"""Values a source implies beyond the numbers it writes, so that a correct translation is not flagged.

"halb zehn" and "9点半" are 9:30; "19世纪" and "XIX siècle" are the 1800s, and with "50年代" the 1850s;
"the half" is 50 %, half a year six months; "15 Uhr" is 3 p.m.; "令和2年" is 2020; "3割" is 30 %;
"пятого" is an inflected 5; "the last day" is one day, 24 hours. Which words mean this comes from the
numerals packs (see `numeral_packs`); Chinese and Japanese packs are read character by character (`unsegmented`).

Reading the source generously costs little: a changed number is still found unless the source happens
to imply the new value too.
"""

from __future__ import annotations

import regex

from mtqa.text.cjk_numerals import NUMBER, number_value
from mtqa.text.numeral_packs import Lexicon

# A half: 30 minutes, 50 %, six months (half a year), twelve hours (half a day).
HALF_VALUES = (30.0, 50.0, 6.0, 12.0)
# A quarter: 15 or 45 minutes, 25 or 75 %, three months.
QUARTER_VALUES = (15.0, 45.0, 25.0, 75.0, 3.0)
# Decades that go with a century: "the 50s of the 19th century" are the 1850s.
DECADES = frozenset(float(d) for d in range(10, 100, 10))
# The most a century numeral can be (there is no 22nd century in the news yet).
MAX_CENTURY = 22
_WORD = regex.compile(r"\p{L}[\p{L}\p{M}]*")
_HOUR = regex.compile(r"(?<!\d)(\d{1,2})(?!\d)[ \u00a0]?")


def implied_values(text: str, values: set[float], lex: Lexicon) -> set[float]:
    """Values `text` implies, given the `values` it states (`lex`: the source language's numerals pack)."""
    out: set[float] = set()
    words = _words(text, lex)
    if lex.stems and not lex.unsegmented:
        for word in words:
            if lex.value(word) is None:
                value = lex.stem_value(word)
                if value is not None:
                    out.add(value)
    stated = values | out
    # "ढाई" (2.5) may be rendered "two and a half": the whole part is stated too.
    out.update(v - 0.5 for v in stated if v % 1 == 0.5 and v > 1)
    if words & lex.halves:
        out.update(HALF_VALUES)
        if lex.half_before_hour:  # "halb zehn" = 9:30
            out.update(v - 1 for v in stated if v.is_integer() and 1 <= v <= 24)
    if words & lex.quarters:
        out.update(QUARTER_VALUES)
    if lex.period_pattern is not None:
        for match in lex.period_pattern.finditer(text):
            out.update(lex.periods[" ".join(match.group().lower().split())])
    if lex.clock:
        out.update(_clock_hours(text, lex))
    out.update(_eras(text, lex))
    out.update(_tenths(text, lex))
    if words & lex.centuries:
        out.update(_centuries(values | out))
    return out


def _words(text: str, lex: Lexicon) -> set[str]:
    """The words of `text` that the pack may name: every word, or for an unsegmented language every
    pack entry found as a substring."""
    if lex.unsegmented:
        entries = (*lex.halves, *lex.quarters, *lex.centuries)
        return {entry for entry in entries if entry in text}
    return {word.lower() for word in _WORD.findall(text)}


def _clock_hours(text: str, lex: Lexicon) -> set[float]:
    """An hour followed by a clock word ("15 Uhr", "3点") is also the same hour on the other clock."""
    out: set[float] = set()
    for match in _HOUR.finditer(text):
        following = text[match.end():]
        if lex.unsegmented:
            named = any(following.startswith(word) for word in lex.clock)
        else:
            word = _WORD.match(following)
            named = word is not None and word.group().lower() in lex.clock
        if named:
            hour = int(match.group(1))
            out.update(float(h) for h in (hour + 12, hour - 12) if 0 <= h <= 24)
    return out


def _centuries(values: set[float]) -> set[float]:
    """The 19th century is the 1800s; with a decade of 50, the 1850s."""
    out: set[float] = set()
    decades = values & DECADES
    for value in values:
        if value.is_integer() and 1 <= value <= MAX_CENTURY:
            start = (value - 1) * 100
            out.add(start)
            out.update(start + decade for decade in decades)
    return out


def _eras(text: str, lex: Lexicon) -> set[float]:
    """Japanese era years: "令和2年" is 2020, "平成元年" 1989."""
    out: set[float] = set()
    if not lex.eras:
        return out
    for era, offset in lex.eras.items():
        for match in regex.finditer(rf"{regex.escape(era)}\s*({NUMBER}|{lex.era_first_year or '(?!)'})", text):
            value = 1.0 if match.group(1) == lex.era_first_year else number_value(match.group(1))
            if value is not None:
                out.add(offset + value)
    return out


def _tenths(text: str, lex: Lexicon) -> set[float]:
    """Counters of tenths: "3割", "3成" are 30 %."""
    out: set[float] = set()
    for counter in lex.tenths:
        for match in regex.finditer(rf"({NUMBER})\s*{regex.escape(counter)}", text):
            value = number_value(match.group(1))
            if value is not None:
                out.add(value * 10)
    return out
