"""Number words per language (packs/<lang>/numerals.toml) and unit conversions (packs/units/conversions.toml).

A numerals pack lists cardinals, ordinals, scale words ("million", "tis." abbreviated), connectors
("and"), words too ambiguous to flag ("second"), month names, and what a source may imply beyond its
literal numbers:

- `stems`: beginnings of inflected number words, read in sources only ("пят" covers "пятого", "пятью");
- `centuries`: words for "century" ("Jahrhunderts", "siècle"): "19th century" also states the 1800s;
- `quarters`: words for a quarter ("Viertel"): a quarter hour is 15 or 45 minutes, a quarter is 25 %;
- `half_before_hour`: the language tells time as "half ten" = 9:30 (German "halb zehn");
- `clock`: words after an hour ("Uhr", "hodin"): 15 Uhr is also 3 p.m.;
- `not_numbers`: fixed expressions made of number words that state no number (French "deux-points");
- `unsegmented`: the language is written without spaces (Chinese, Japanese): entries are found as
  substrings, and its numerals are read by `cjk_numerals`;
- `eras` (year before an era's first year) and `era_first_year` ("元"): "令和2年" is 2020;
- `tenths`: counters of tenths ("割", "成"): "3割" is 30 %;
- `periods`: phrases naming one period of time and what it also counts ("last day" = [1, 24]): "in the
  last day" may be rendered "in the last 24 hours", "last week" "1 semaine".

Examples (`[[example]]`) are run by the tests: `values` are what a target states, `source` values a
source must imply.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import regex

from mtqa.errors import PackError
from mtqa.util import patterns
from mtqa.util.datafiles import builtin_data, check_keys

# A stem matches a word that continues it by at most this many letters ("пят" + "ого", "achtziger" + "jahren").
STEM_ENDING = 6

_KEYS = ("version", "decimal", "compounds", "connectors", "ambiguous", "numbers", "ordinals", "scales", "months",
         "stems", "centuries", "quarters", "half_before_hour", "clock", "not_numbers", "unsegmented", "eras",
         "era_first_year", "tenths", "periods", "example")
_TABLES = ("numbers", "ordinals", "scales", "months", "stems", "eras")
_LISTS = ("connectors", "ambiguous", "centuries", "quarters", "clock", "not_numbers", "tenths")


@dataclass(frozen=True, eq=False)
class Lexicon:
    lang: str
    numbers: dict[str, float]
    ordinals: dict[str, float]
    scales: dict[str, float]
    connectors: frozenset[str]
    ambiguous: frozenset[str]
    months: dict[str, float]
    decimal: str | None
    compounds: bool
    examples: tuple[tuple[str, tuple[float, ...]], ...]
    stems: dict[str, float] = field(default_factory=dict)
    centuries: frozenset[str] = frozenset()
    quarters: frozenset[str] = frozenset()
    half_before_hour: bool = False
    clock: frozenset[str] = frozenset()
    not_numbers: tuple[str, ...] = ()
    unsegmented: bool = False
    eras: dict[str, float] = field(default_factory=dict)
    era_first_year: str = ""
    tenths: tuple[str, ...] = ()
    periods: dict[str, tuple[float, ...]] = field(default_factory=dict)
    # (text, values the source reading must include)
    source_examples: tuple[tuple[str, tuple[float, ...]], ...] = ()

    def value(self, word: str) -> float | None:
        return self.numbers.get(word, self.ordinals.get(word))

    def stem_value(self, word: str) -> float | None:
        """The value of an inflected number word by its beginning ("пятого" -> 5), or None."""
        for length in self.stem_lengths:
            if len(word) - length <= STEM_ENDING:
                value = self.stems.get(word[:length])
                if value is not None:
                    return value
        return None

    @functools.cached_property
    def not_number_pattern(self) -> regex.Pattern[str] | None:
        """The fixed expressions that state no number, as one pattern (None when there are none)."""
        return _phrases_pattern(self.not_numbers)

    @functools.cached_property
    def period_pattern(self) -> regex.Pattern[str] | None:
        """The `periods` phrases as one pattern (None when there are none)."""
        return _phrases_pattern(tuple(self.periods))

    @functools.cached_property
    def stem_lengths(self) -> tuple[int, ...]:
        return tuple(sorted({len(stem) for stem in self.stems}, reverse=True))

    @functools.cached_property
    def halves(self) -> frozenset[str]:
        """Words that mean a half ("demi", "halb", "半")."""
        return frozenset(word for word, value in self.numbers.items() if value == 0.5)

    @functools.cached_property
    def compound_vocabulary(self) -> dict[str, float]:
        """Pieces of compound number words ('fünf' 'und' 'zwanzig'); connectors map to -1."""
        return {**self.numbers, **self.scales, **{c: -1.0 for c in self.connectors}}

    @functools.cached_property
    def run_starters(self) -> frozenset[str]:
        """The words a run of number words can begin with, compounds aside: cardinals, ordinals, scale words."""
        return frozenset((*self.numbers, *self.ordinals, *self.scales))

    @functools.cached_property
    def prefixes(self) -> frozenset[str]:
        """First two letters of every number word: a cheap filter before trying to split a compound."""
        return frozenset(w[:2] for w in (*self.numbers, *self.scales))


def _phrases_pattern(phrases: tuple[str, ...]) -> regex.Pattern[str] | None:
    """Whole-word phrases as one case-insensitive pattern, the longest tried first; None for none."""
    if not phrases:
        return None
    alternatives = "|".join(regex.escape(p) for p in sorted(phrases, key=patterns.longest_first))
    return patterns.compile(rf"(?<![\p{{L}}\p{{N}}])(?:{alternatives})(?![\p{{L}}\p{{N}}])", regex.IGNORECASE)


@functools.lru_cache(maxsize=64)
def lexicon(lang: str | None) -> Lexicon | None:
    """The number words of a base language, or None when mtqa has no numerals pack for it."""
    if not lang:
        return None
    data = builtin_data(lang, "numerals")
    if data is None:
        return None
    path = f"packs/{lang}/numerals.toml"
    check_keys(data, allowed=_KEYS, required=("numbers", "scales"), path=path)
    examples, source_examples = [], []
    for index, example in enumerate(data.get("example", [])):
        check_keys(example, allowed=("text", "values", "source"), required=("text",), path=path,
                   entry=f"example {index}")
        if "values" not in example and "source" not in example:
            raise PackError(path, "an example needs 'values' (read as a target) or 'source' (implied values)",
                            f"example {index}")
        if "values" in example:
            examples.append((str(example["text"]), tuple(float(v) for v in example["values"])))
        if "source" in example:
            source_examples.append((str(example["text"]), tuple(float(v) for v in example["source"])))
    tables = {}
    for key in _TABLES:
        table = data.get(key, {})
        if not isinstance(table, dict) or not all(isinstance(v, (int, float)) for v in table.values()):
            raise PackError(path, f"[{key}] values must be numbers")
        tables[key] = {str(k).lower(): float(v) for k, v in table.items()}
    lists = {}
    for key in _LISTS:
        items = data.get(key, [])
        if not isinstance(items, list) or not all(isinstance(item, str) and item.strip() for item in items):
            raise PackError(path, f"'{key}' must be a list of words")
        lists[key] = tuple(item.lower() for item in items)
    periods = data.get("periods", {})
    if not isinstance(periods, dict) or not all(
            isinstance(v, list) and all(isinstance(n, (int, float)) for n in v) for v in periods.values()):
        raise PackError(path, "[periods] values must be lists of numbers")
    return Lexicon(lang, tables["numbers"], tables["ordinals"], tables["scales"], frozenset(lists["connectors"]),
                   frozenset(lists["ambiguous"]), tables["months"], data.get("decimal"),
                   bool(data.get("compounds", False)), tuple(examples), stems=tables["stems"],
                   centuries=frozenset(lists["centuries"]), quarters=frozenset(lists["quarters"]),
                   half_before_hour=bool(data.get("half_before_hour", False)), clock=frozenset(lists["clock"]),
                   not_numbers=lists["not_numbers"], unsegmented=bool(data.get("unsegmented", False)),
                   eras=tables["eras"], era_first_year=str(data.get("era_first_year", "")), tenths=lists["tenths"],
                   periods={str(k).lower(): tuple(float(n) for n in v) for k, v in periods.items()},
                   source_examples=tuple(source_examples))


@dataclass(frozen=True)
class Conversion:
    id: str
    words: tuple[str, ...]
    to_words: tuple[str, ...]
    factor: float
    offset: float
    bad: tuple[str, ...]
    good: tuple[str, ...]


@functools.lru_cache(maxsize=1)
def conversions() -> tuple[Conversion, ...]:
    """Unit conversions a translation may make (packs/units/conversions.toml)."""
    path = "packs/units/conversions.toml"
    data = builtin_data("units", "conversions") or {}
    check_keys(data, allowed=("version", "unit"), path=path)
    out, seen = [], set()
    for raw in data.get("unit", []):
        entry = str(raw.get("id", "?"))
        check_keys(raw, allowed=("id", "words", "to_words", "factor", "offset", "bad", "good"),
                   required=("id", "words", "factor", "bad", "good"), path=path, entry=entry)
        if entry in seen:
            raise PackError(path, "duplicate id", entry)
        seen.add(entry)
        out.append(Conversion(entry, tuple(raw["words"]), tuple(raw.get("to_words", ())), float(raw["factor"]),
                              float(raw.get("offset", 0.0)), tuple(raw["bad"]), tuple(raw["good"])))
    return tuple(out)
