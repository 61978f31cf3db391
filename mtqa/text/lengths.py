"""How long a translation should be: visible lengths, and the spread of length ratios in real files.

The log of the length ratio (target over source, corrected by the language pair's usual ratio) varies
more for short strings than for long ones: a two-word label may double in length, a paragraph rarely
does. Its spread is modelled as `sqrt(relative + counting / m)`, with `m` the mean length of the two
sides: a floor for long texts plus a counting noise that shrinks with length. `benchmarks/length_spread.py`
fits the two terms on real localisation files; `DocumentLengths` then centres and scales the model on
each document's own units, so a project whose translations run long (Japanese UI, verbose help
texts) is measured against itself.
"""

from __future__ import annotations

import math
import statistics
from array import array
from dataclasses import dataclass, field

import regex

_INVISIBLE = regex.compile(r"[\s\p{C}]+")
_WIDE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")
_HANGUL = regex.compile(r"\p{Hangul}")


def visible_length(text: str) -> float:
    """Characters without spaces, a CJK character counting as three and a Hangul syllable as two, so that
    mixed text (Latin names inside Chinese) is measured by its content rather than by its language."""
    # isprintable() is False for every separator and "other" character except the plain space.
    plain = len(text) - text.count(" ") if text.isprintable() else len(_INVISIBLE.sub("", text))
    if text.isascii():
        return plain
    wide, hangul = len(_WIDE.findall(text)), len(_HANGUL.findall(text))
    return plain + 2 * wide + hangul


def form_length(text: str) -> float:
    """The visible length of one form: pipe-separated plural forms (`{0} votes|{0} vote`) are averaged."""
    if "|" not in text:
        return visible_length(text)
    forms = [f for f in text.split("|") if f.strip()]
    return sum(visible_length(f) for f in forms) / len(forms) if forms else 0.0


@dataclass(frozen=True)
class Spread:
    """The spread of log length ratios: sqrt(relative + counting / mean length)."""

    relative: float
    counting: float

    def sd(self, mean_length: float) -> float:
        return math.sqrt(self.relative + self.counting / max(mean_length, 1.0))


# A document's own centre and scale are blended with the model's (0 and 1) as if the model were worth
# this many units: a file of three strings is judged by the model, one of thousands by itself.
PRIOR_UNITS = 20
# The units a document's estimate is read from (the first ones): enough for a median, flat memory.
SAMPLE_UNITS = 50_000


@dataclass
class DocumentLengths:
    """Log ratios of one document's units, from which its centre and scale are estimated."""

    spread: Spread
    ratios: array = field(default_factory=lambda: array("d"))
    lengths: array = field(default_factory=lambda: array("d"))

    def add(self, log_ratio: float, mean_length: float) -> None:
        if len(self.ratios) < SAMPLE_UNITS:
            self.ratios.append(log_ratio)
            self.lengths.append(mean_length)

    def centre_and_scale(self) -> tuple[float, float]:
        """The document's typical log ratio, and how widely its units spread around it (1: as modelled)."""
        n = len(self.ratios)
        if n == 0:
            return 0.0, 1.0
        centre = n * statistics.median(self.ratios) / (n + PRIOR_UNITS)
        deviations = [abs(r - centre) / self.spread.sd(m) for r, m in zip(self.ratios, self.lengths, strict=True)]
        mad = statistics.median(deviations) / 0.6745  # the standard deviation, were they normal
        return centre, (n * mad + PRIOR_UNITS) / (n + PRIOR_UNITS)
