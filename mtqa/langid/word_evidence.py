"""Word-level language evidence from word frequencies (wordfreq), for phrases too short for a classifier.

A word "leans" to the source language by how much more frequent it is there than in the target
(difference of Zipf values: 3 = a thousand times more frequent). "motivos" is 4.7 in Spanish and
absent from French; "la" is frequent in both and leans nowhere.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping

from mtqa.langid.lexicon import ABSENT, has_lexicon, zipf_table
from mtqa.util import patterns

__all__ = ["ABSENT", "has_lexicon", "lean", "zipf"]


@functools.lru_cache(maxsize=32768)
def zipf(word: str, lang: str) -> float:
    """Zipf frequency (log10 per billion words) of `word` in `lang`; ABSENT when not listed."""
    table = zipf_table(lang)
    if table is None:
        return ABSENT
    key = word.casefold().replace("’", "'")
    found = table.get(key)
    if found is not None:
        return found  # type: ignore[no-any-return]
    return _compound_zipf(table, key)


# wordfreq's lists split words at apostrophes and hyphens ("d'un" is "d" + "un", "peut-être" is
# "peut" + "être"), except the few it lists whole ("aujourd'hui").
_JOINERS = patterns.compile(r"['\-]")


def _compound_zipf(table: Mapping[str, float], word: str) -> float:
    """The Zipf value of a word the list has only in parts, combined as wordfreq does (the frequencies'
    half-harmonic mean, dominated by the rarest part); ABSENT when it has no parts or one is missing."""
    if "'" not in word and "-" not in word:
        return ABSENT
    parts = [part for part in _JOINERS.split(word) if part]
    if not parts:
        return ABSENT
    inverse = 0.0
    for part in parts:
        value = table.get(part)
        if value is None:
            return ABSENT
        inverse += 10.0 ** -value
    return -math.log10(inverse) if inverse else ABSENT


@functools.lru_cache(maxsize=32768)
def lean(word: str, target: str, source: str) -> float:
    """How strongly `word` belongs to `source` rather than `target` (negative: to the target)."""
    return zipf(word, source) - zipf(word, target)
