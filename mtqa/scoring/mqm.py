"""An MQM-style quality score from findings: penalty points per 1,000 words, quality = 100 - penalty.

Each finding costs the points of its severity (minor 1, major 5, critical 25 by default; neutral 0),
times the weight of its category (the longest configured prefix of its MQM path, default 1.0).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import regex

from mtqa.model import Severity

DEFAULT_PENALTIES: dict[Severity, float] = {
    Severity.NEUTRAL: 0.0,
    Severity.MINOR: 1.0,
    Severity.MAJOR: 5.0,
    Severity.CRITICAL: 25.0,
}
# A word as mtqa.text.words defines it (letters with their combining marks); scoring may not import text.
_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+){0,15}")  # bounded: see meaning.people.TOKEN
# A character outside the blocks before Thai and the punctuation, currency and letterlike blocks (which hold
# no letter of those scripts): the standard engine finds one in a long text ~10x faster than `regex`'s
# script classes, and most texts have none.
_OUTSIDE_SPACED_BLOCKS = re.compile("[^\x00-\u0dff\u2000-\u20cf\u2100-\u214f]")
_NO_SPACE_SCRIPTS = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]")


def count_words(text: str) -> int:
    """Words of `text`; in scripts written without spaces (CJK, Thai, Lao, Khmer, Myanmar) each character
    counts as one."""
    words = _WORD.findall(text)
    if _OUTSIDE_SPACED_BLOCKS.search(text) is None or _NO_SPACE_SCRIPTS.search(text) is None:
        return len(words)
    return sum(len(_NO_SPACE_SCRIPTS.findall(w)) or 1 for w in words)


@dataclass(frozen=True)
class MqmScore:
    points: float
    words: int
    penalty: float  # points per 1,000 words
    quality: float  # 100 - penalty

    def to_dict(self) -> dict[str, Any]:
        return {
            "points": round(self.points, 4),
            "words": self.words,
            "penalty": round(self.penalty, 4),
            "quality": round(self.quality, 4),
        }


def category_weight(category: str, weights: Mapping[str, float]) -> float:
    """The weight of the longest configured prefix of `category` ("accuracy" covers "accuracy/x")."""
    best, best_len = 1.0, -1
    for prefix, weight in weights.items():
        if (category == prefix or category.startswith(prefix.rstrip("/") + "/")) and len(prefix) > best_len:
            best, best_len = float(weight), len(prefix)
    return best


class Penalised(Protocol):
    """What the score reads of a finding."""

    @property
    def severity(self) -> Severity: ...

    @property
    def category(self) -> str: ...


def mqm_score(
    findings: Iterable[Penalised],
    words: int,
    *,
    penalties: Mapping[Severity | str, float] | None = None,
    category_weights: Mapping[str, float] | None = None,
) -> MqmScore:
    """Score `findings` over a text of `words` words."""
    table = dict(DEFAULT_PENALTIES)
    for key, value in (penalties or {}).items():
        table[Severity.parse(key)] = float(value)
    weights = category_weights or {}
    points = sum(table[f.severity] * category_weight(f.category, weights) for f in findings)
    penalty = points * 1000.0 / words if words > 0 else 0.0
    return MqmScore(points=points, words=words, penalty=penalty, quality=100.0 - penalty)
