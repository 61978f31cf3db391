"""sacrebleu metrics (BLEU, chrF++, TER), corpus-level and per sentence, with their signatures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

METRICS = ("bleu", "chrf++", "ter")


@dataclass(frozen=True)
class MetricScore:
    name: str
    score: float
    signature: str

    def to_dict(self) -> dict[str, Any]:
        return {"score": round(self.score, 4), "signature": self.signature}


def _metric(name: str, *, sentence: bool = False) -> Any:
    from sacrebleu.metrics import BLEU, CHRF, TER

    if name == "bleu":
        return BLEU(effective_order=True) if sentence else BLEU()
    if name == "chrf++":
        return CHRF(word_order=2)
    if name == "ter":
        return TER()
    raise ValueError(f"unknown metric {name!r} (expected one of: {', '.join(METRICS)})")


def corpus_scores(
    hypotheses: Sequence[str], references: Sequence[str], metrics: Sequence[str] = METRICS
) -> dict[str, MetricScore]:
    """Corpus BLEU, chrF++ and TER of `hypotheses` against one reference each."""
    if len(hypotheses) != len(references):
        raise ValueError(f"{len(hypotheses)} hypotheses but {len(references)} references")
    out = {}
    for name in metrics:
        metric = _metric(name)
        result = metric.corpus_score(list(hypotheses), [list(references)])
        out[name] = MetricScore(name, float(result.score), str(metric.get_signature()))
    return out


def sentence_scores(hypothesis: str, reference: str, metrics: Sequence[str] = METRICS) -> dict[str, float]:
    """Sentence-level scores (BLEU with effective order, as sacrebleu recommends for sentences)."""
    return {
        name: float(_metric(name, sentence=True).sentence_score(hypothesis, [reference]).score)
        for name in metrics
    }
