"""Plain result types of the scoring layer (no heavy imports)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

# One segment to score: {"src": ..., "mt": ..., "ref": ...}; "src" and "ref" may be absent or None.
Segment = Mapping[str, "str | None"]
# Called after each batch with (segments done, segments in total).
ProgressFn = Callable[[int, int], None]


@dataclass(frozen=True)
class ErrorSpan:
    """An error span predicted by a model (XCOMET): character offsets into the segment's `mt`."""

    start: int
    end: int
    severity: str  # minor | major | critical
    confidence: float
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "severity": self.severity,
            "confidence": round(self.confidence, 4),
            "text": self.text,
        }


@dataclass
class ScoreResult:
    """What a scorer returns: one score per segment in input order, their mean, and error spans.

    `spans` is None when the model predicts no spans, else one list per segment.
    """

    scores: list[float]
    system_score: float
    spans: list[list[ErrorSpan]] | None = None
    model: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)


class Scorer(Protocol):
    """Anything that scores segments: the native COMET scorer, the unbabel-comet engine, a test fake."""

    name: str

    @property
    def needs_reference(self) -> bool: ...

    @property
    def uses_reference(self) -> bool: ...

    def score(self, segments: Sequence[Segment], *, progress: ProgressFn | None = None) -> ScoreResult: ...


def system_score(scores: Sequence[float]) -> float:
    return sum(scores) / len(scores) if scores else 0.0
