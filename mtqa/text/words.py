"""What a word is, for every check that cuts text into words.

A word is a run of letters together with the combining marks written on them: Devanagari, Bengali or
Tamil vowel signs and viramas (`साइन`, `করুন`), Thai vowels and tone marks (`หรือ`), Arabic harakat, a
Latin accent written as its own character. `\\p{L}` alone, and the standard engine's `[^\\W\\d_]` or
`\\w`, stop at every such mark: `साइन इन` would read as `स`, `इन`, `इन`. Patterns of the `regex`
module put `LETTER` (or `WORD_CHAR`) inside a character class instead.

Thai, Lao, Khmer and Myanmar (like Chinese and Japanese) put no space between words: a run of their
letters is a phrase, so only whole space-delimited runs can be compared there.
"""

from __future__ import annotations

import functools
import re

from mtqa.util import patterns

# Inside a character class of the `regex` module: a letter or a combining mark ([\p{L}\p{M}]).
LETTER = r"\p{L}\p{M}"
# A letter, a combining mark or a digit: what may not touch a word for it to be whole.
WORD_CHAR = r"\p{L}\p{M}\p{N}"
# A run of letters with their marks, for word sets.
LETTER_RUN = patterns.compile(rf"[{LETTER}]+")
_MARK = patterns.compile(r"\p{M}")
# The standard engine's letter run, ~3x faster where the text holds no combining mark.
_PLAIN_LETTER_RUN = re.compile(r"[^\W\d_]+")


def has_marks(text: str) -> bool:
    """Whether the text holds a combining mark (patterns of the standard engine then cut words wrongly)."""
    return not text.isascii() and _MARK.search(text) is not None


def letter_runs(text: str) -> list[str]:
    """The runs of letters (with their combining marks) in a text."""
    return LETTER_RUN.findall(text) if has_marks(text) else _PLAIN_LETTER_RUN.findall(text)


@functools.lru_cache(maxsize=4)
def lower_word_set(text: str) -> frozenset[str]:
    """The letter runs of `text` in lower case, as a set: what the entity index and the loanword masking
    test first (remembered for the last texts: both read the same unit, and a long one takes ~10 ms)."""
    return frozenset(letter_runs(text.lower()))
