"""Word-level language evidence from word frequencies (wordfreq), for phrases too short for a classifier.

A word "leans" to the source language by how much more frequent it is there than in the target
(difference of Zipf values: 3 = a thousand times more frequent). "motivos" is 4.7 in Spanish and
absent from French; "la" is frequent in both and leans nowhere.
"""

from __future__ import annotations

import functools
import math

from mtqa.errors import MissingDependencyError

# Zipf value of a word missing from a list (rarer than anything listed).
ABSENT = 0.0


@functools.lru_cache(maxsize=32)
def _frequencies(lang: str) -> dict[str, float] | None:
    try:
        import wordfreq
    except ImportError:
        raise MissingDependencyError("word-level language evidence", "wordfreq", "wordfreq") from None
    if lang not in wordfreq.available_languages():
        return None
    return wordfreq.get_frequency_dict(lang)


def has_lexicon(lang: str) -> bool:
    return _frequencies(lang) is not None


@functools.lru_cache(maxsize=262144)
def zipf(word: str, lang: str) -> float:
    """Zipf frequency (log10 per billion words) of `word` in `lang`; ABSENT when not listed."""
    table = _frequencies(lang)
    if table is None:
        return ABSENT
    freq = table.get(word.casefold().replace("’", "'"))
    return math.log10(freq * 1e9) if freq else ABSENT


@functools.lru_cache(maxsize=262144)
def lean(word: str, target: str, source: str) -> float:
    """How strongly `word` belongs to `source` rather than `target` (negative: to the target)."""
    return zipf(word, source) - zipf(word, target)
