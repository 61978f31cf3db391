"""The scoring pass of a scan: COMET per unit (quality-score / model-error-span findings), sacrebleu
metrics where references exist, and the MQM-style score of each file from all its findings.

Units are scored in chunks, so a long file streams in batches rather than being held whole.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from mtqa.model import FileReport, Finding, Severity, Unit
from mtqa.scoring.mqm import count_words, mqm_score
from mtqa.scoring.results import ErrorSpan, Scorer

QUALITY_CODE, QUALITY_CHECK, QUALITY_CATEGORY = "QS001", "quality-score", "accuracy/quality"
SPAN_CODE, SPAN_CHECK, SPAN_CATEGORY = "QS002", "model-error-span", "accuracy/model-error-span"
CHUNK = 256


@dataclass
class ScoringOptions:
    comet: str | None = None
    engine: str = "native"
    batch_size: int = 16
    threads: int | None = None
    device: str = "cpu"
    bf16: bool = False
    threshold: float | None = None
    cache_dir: str | None = None
    offline: bool = True
    quality_severity: Severity = Severity.MAJOR
    penalties: dict[str, float] = field(default_factory=dict)
    category_weights: dict[str, float] = field(default_factory=dict)
    progress: bool = True


def quality_finding(unit: Unit, score: float, threshold: float, model: str, severity: Severity) -> Finding:
    """A whole-unit finding for a segment whose model score is below the threshold."""
    line, column = unit.line_column(0)
    return Finding(
        code=QUALITY_CODE, check=QUALITY_CHECK, category=QUALITY_CATEGORY, severity=severity,
        start=unit.offset, end=unit.offset + len(unit.target), line=line, column=column, unit=unit.id,
        text=unit.target, message=f"{model} score {score:.4f} is below the threshold {threshold:g}",
    )


def span_finding(unit: Unit, span: ErrorSpan, model: str) -> Finding | None:
    """An XCOMET error span as a finding with its MQM severity (None for an empty or out-of-range span)."""
    if not 0 <= span.start < span.end <= len(unit.target):
        return None
    line, column = unit.line_column(span.start)
    return Finding(
        code=SPAN_CODE, check=SPAN_CHECK, category=SPAN_CATEGORY, severity=Severity.parse(span.severity),
        start=unit.offset + span.start, end=unit.offset + span.end, line=line, column=column, unit=unit.id,
        text=unit.target[span.start:span.end], message=f"{model} marks a {span.severity} error here",
        confidence=span.confidence,
    )


class ProgressBar:
    """A one-line progress bar on stderr, only on a terminal and only for long runs."""

    def __init__(self, label: str, enabled: bool) -> None:
        self.label = label
        self.enabled = enabled and sys.stderr.isatty()
        self.done = 0

    def __call__(self, done: int, total: int) -> None:
        if self.enabled and total >= 64:
            width = 30
            filled = int(width * done / max(total, 1))
            sys.stderr.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
            if done >= total:
                sys.stderr.write("\n")
            sys.stderr.flush()


@dataclass(frozen=True)
class _FindingKind:
    severity: Severity
    category: str


class ScoringPass:
    """Adds model findings to units as they stream past and fills `FileReport.scores` at the end."""

    def __init__(self, options: ScoringOptions, scorer_factory: Callable[[], Scorer] | None = None) -> None:
        self.options = options
        self._factory = scorer_factory
        self._scorer: Scorer | None = None
        self._reset()

    def _reset(self) -> None:
        self._unit_scores: list[dict[str, Any]] = []
        self._hyps: list[str] = []
        self._refs: list[str] = []
        self._words = 0
        self._all_refs = True
        # (severity, category) of every finding that streamed past: enough for the MQM score, whatever the
        # reporter keeps.
        self._finding_kinds: Counter[tuple[Severity, str]] = Counter()

    @property
    def scorer(self) -> Scorer | None:
        if self._scorer is None and (self._factory is not None or self.options.comet):
            if self._factory is not None:
                self._scorer = self._factory()
            else:
                from mtqa.scoring import load_scorer

                o = self.options
                assert o.comet is not None
                self._scorer = load_scorer(o.comet, engine=o.engine, device=o.device, batch_size=o.batch_size,
                                           threads=o.threads, bf16=o.bf16, cache_dir=o.cache_dir,
                                           offline=o.offline)
        return self._scorer

    def units(self, items: Iterable[tuple[Unit, list[Finding]]]) -> Iterator[tuple[Unit, list[Finding]]]:
        """Pass units through, adding model findings; chunked so that COMET sees full batches."""
        for unit, findings in self._scored(items):
            self._finding_kinds.update((f.severity, f.category) for f in findings)
            yield unit, findings

    def _scored(self, items: Iterable[tuple[Unit, list[Finding]]]) -> Iterator[tuple[Unit, list[Finding]]]:
        chunk: list[tuple[Unit, list[Finding]]] = []
        scoring = self._factory is not None or bool(self.options.comet)
        for unit, findings in items:
            self._words += count_words(unit.target)
            if unit.reference is not None:
                self._hyps.append(unit.target)
                self._refs.append(unit.reference)
            else:
                self._all_refs = False
            if not scoring:  # nothing to batch for: each unit goes on at once (output streams as it comes)
                yield unit, findings
                continue
            chunk.append((unit, findings))
            if len(chunk) >= CHUNK:
                yield from self._score_chunk(chunk)
                chunk = []
        if chunk:
            yield from self._score_chunk(chunk)

    def _score_chunk(self, chunk: list[tuple[Unit, list[Finding]]]) -> Iterator[tuple[Unit, list[Finding]]]:
        scorer = self.scorer
        if scorer is None:
            yield from chunk
            return
        segments = [{"src": u.source, "mt": u.target, "ref": u.reference if scorer.uses_reference else None}
                    for u, _ in chunk]
        result = scorer.score(segments, progress=ProgressBar(f"mtqa: COMET {scorer.name}", self.options.progress))
        threshold = self.options.threshold
        for i, (unit, findings) in enumerate(chunk):
            score = result.scores[i]
            entry: dict[str, Any] = {"unit": unit.id, "comet": round(score, 6)}
            extra: list[Finding] = []
            if threshold is not None and score < threshold:
                extra.append(quality_finding(unit, score, threshold, scorer.name, self.options.quality_severity))
            if result.spans is not None:
                entry["error_spans"] = [s.to_dict() for s in result.spans[i]]
                extra += [f for s in result.spans[i] if (f := span_finding(unit, s, scorer.name)) is not None]
            self._unit_scores.append(entry)
            yield unit, sorted([*findings, *extra], key=lambda f: (f.start, f.end, f.code))

    def finish(self, report: FileReport) -> None:
        """Put the file's scores into `report.scores` and get ready for the next file."""
        if self._scorer is not None and self._unit_scores:
            values = [u["comet"] for u in self._unit_scores]
            report.scores["comet"] = {
                "model": self._scorer.name,
                "system": round(sum(values) / len(values), 6),
                "threshold": self.options.threshold,
                "units": self._unit_scores,
            }
        if self._hyps and self._all_refs:
            from mtqa.scoring.metrics import corpus_scores

            report.scores.update({k: v.to_dict() for k, v in corpus_scores(self._hyps, self._refs).items()})
        kinds = [_FindingKind(sev, cat) for (sev, cat), n in self._finding_kinds.items() for _ in range(n)]
        report.scores["mqm"] = mqm_score(kinds, self._words, penalties=self.options.penalties,
                                         category_weights=self.options.category_weights).to_dict()
        self._reset()
