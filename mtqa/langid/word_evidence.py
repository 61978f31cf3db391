"""Word-level language evidence from word frequencies (wordfreq), for phrases too short for a classifier.

A word "leans" to the source language by how much more frequent it is there than in the target
(difference of Zipf values: 3 = a thousand times more frequent). "motivos" is 4.7 in Spanish and
absent from French; "la" is frequent in both and leans nowhere.
"""

from __future__ import annotations

import functools

from mtqa.langid.lexicon import ABSENT, has_lexicon, zipf_table

__all__ = ["ABSENT", "has_lexicon", "lean", "zipf"]


@functools.lru_cache(maxsize=32768)
def zipf(word: str, lang: str) -> float:
    """Zipf frequency (log10 per billion words) of `word` in `lang`; ABSENT when not listed."""
    table = zipf_table(lang)
    if table is None:
        return ABSENT
    return table.get(word.casefold().replace("’", "'"), ABSENT)


@functools.lru_cache(maxsize=32768)
def lean(word: str, target: str, source: str) -> float:
    """How strongly `word` belongs to `source` rather than `target` (negative: to the target)."""
    return zipf(word, source) - zipf(word, target)
