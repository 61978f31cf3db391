"""Which scripts each language is written in, and runs of one script in a text (no statistics)."""

from __future__ import annotations

import regex

from mtqa.util import patterns

# Scripts each language is written in; Common/Inherited characters (digits, punctuation) never count.
_SCRIPTS: dict[str, frozenset[str]] = {}
for _langs, _scripts in (
    ("ru uk bg mk be kk ky tg mn tt ba", {"Cyrillic"}),
    ("sr", {"Cyrillic", "Latin"}),
    ("el", {"Greek"}),
    ("ar fa ur ps ug sd ckb", {"Arabic"}),
    ("he yi", {"Hebrew"}),
    ("ja", {"Han", "Hiragana", "Katakana"}),
    ("zh yue wuu", {"Han", "Bopomofo"}),
    ("ko", {"Hangul", "Han"}),
    ("hi mr ne sa", {"Devanagari"}),
    ("bn as", {"Bengali"}),
    ("th", {"Thai"}),
    ("ka", {"Georgian"}),
    ("hy", {"Armenian"}),
    ("ta", {"Tamil"}), ("te", {"Telugu"}), ("kn", {"Kannada"}), ("ml", {"Malayalam"}),
    ("gu", {"Gujarati"}), ("pa", {"Gurmukhi"}), ("si", {"Sinhala"}), ("km", {"Khmer"}),
    ("lo", {"Lao"}), ("my", {"Myanmar"}), ("am ti", {"Ethiopic"}),
):
    for _lang in _langs.split():
        _SCRIPTS[_lang] = frozenset(_scripts)

_SCRIPT_NAMES = (
    "Latin", "Cyrillic", "Greek", "Arabic", "Hebrew", "Han", "Hiragana", "Katakana", "Hangul", "Bopomofo",
    "Devanagari", "Bengali", "Thai", "Georgian", "Armenian", "Tamil", "Telugu", "Kannada", "Malayalam",
    "Gujarati", "Gurmukhi", "Sinhala", "Khmer", "Lao", "Myanmar", "Ethiopic",
)
SCRIPT_RUN = patterns.compile(
    "|".join(
        rf"(?P<{name}>\p{{Script={name}}}[\p{{Script={name}}}\p{{M}}'’\-]*"
        rf"(?:[[\s\p{{Common}}]--[\n]]+\p{{Script={name}}}[\p{{Script={name}}}\p{{M}}'’\-]*)*)"
        for name in _SCRIPT_NAMES
    ),
    regex.V1,
)


LATIN = frozenset({"Latin"})
# A letter outside the Latin script (digits, punctuation and symbols are Common and do not count).
FOREIGN_LETTER = patterns.compile(r"[\p{L}--\p{Script=Latin}]", regex.V1)


def scripts_of(lang: str) -> frozenset[str]:
    return _SCRIPTS.get(lang, frozenset({"Latin"}))
