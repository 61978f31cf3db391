"""Drives a scan: read each input, run the checker, feed the reporter, build the `Report`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

from mtqa.config import Config
from mtqa.errors import UsageError
from mtqa.model import FileReport, Finding, Report, Severity, Unit
from mtqa.readers import Document, read_document
from mtqa.reporters.base import Reporter
from mtqa.run.parallel import default_jobs
from mtqa.run.pipeline import Checker
from mtqa.scoring.scan import ScoringOptions, ScoringPass
from mtqa.util import interrupts
from mtqa.util.langtags import checked_tag
from mtqa.util.printable import printable


def scoring_options(config: Config) -> ScoringOptions:
    for key in config.mqm_penalties:
        Severity.parse(key)
    return ScoringOptions(
        comet=config.comet, engine=config.comet_engine, batch_size=config.comet_batch_size,
        threads=config.comet_threads, device=config.device, bf16=config.bf16, threshold=config.comet_threshold,
        cache_dir=config.comet_cache[0] if config.comet_cache else None, offline=not config.comet_download,
        quality_severity=config.severity.get("quality-score", config.severity.get("QS001", Severity.MAJOR)),
        penalties=dict(config.mqm_penalties), category_weights=dict(config.mqm_weights),
    )


class FindingFilter(Protocol):
    """A stage between the checks and the reporter (suppressions, baselines): it may drop findings of a
    unit, and add findings of its own when a file ends (e.g. unused suppressions)."""

    def start_file(self, path: str, checker: Checker) -> None: ...

    def unit(self, path: str, unit: Unit, findings: list[Finding]) -> list[Finding]: ...

    def end_file(self, path: str) -> list[tuple[Unit, Finding]]: ...


def _languages(document: Document, config: Config) -> tuple[str | None, str | None]:
    """The languages of a document: the configuration's, else the file's when they are language tags (a
    value read from a file is untrusted: anything else is unknown, and never reaches a path)."""
    source_lang = config.source_lang or checked_tag(document.source_lang)
    target_lang = config.target_lang or checked_tag(document.target_lang)
    if not target_lang:
        raw = document.target_lang or ""
        said = f" (the file's {printable(repr(raw[:40] + ('…' if len(raw) > 40 else '')))} is not a language " \
               "code)" if raw else ""
        raise UsageError(f"{document.path}: no target language{said}: pass --target-lang (or set target_lang "
                         "in config)")
    return source_lang, target_lang


def _through(filters: Sequence[FindingFilter], path: str, unit: Unit, findings: list[Finding]) -> list[Finding]:
    for stage in filters:
        findings = stage.unit(path, unit, findings)
    return findings


def scan_documents(
    documents: Iterable[Document],
    checker: Checker,
    reporter: Reporter | None = None,
    *,
    filters: Sequence[FindingFilter] = (),
    checker_for: Callable[[str], Checker] | None = None,
    scoring: ScoringPass | None = None,
) -> Report:
    """Scan documents one after the other, feeding `reporter` as findings come.

    Without a reporter (library use) the report keeps every finding; with a streaming reporter it keeps
    only counts, so memory stays flat on any input size. `filters` see each unit's findings before the
    reporter does; `checker_for(path)` picks a checker per file (configuration read per directory),
    while `checker` sets the run-wide options (threshold, signature).
    """
    keep = reporter is None or reporter.needs_all_findings
    reporter = reporter or Reporter(out=None)  # type: ignore[arg-type]
    scoring = scoring or ScoringPass(scoring_options(checker.config))
    files: list[FileReport] = []
    started = False
    for document in documents:
        file_checker = checker_for(document.path) if checker_for else checker
        jobs = file_checker.config.jobs or default_jobs()
        source_lang, target_lang = _languages(document, file_checker.config)
        if not started:
            reporter.fail_on = checker.config.fail_on
            reporter.begin(checker.report([]).version, checker.signature(source_lang, target_lang))
            started = True
        reporter.start_file(document.path, source_lang, target_lang)
        for stage in filters:
            stage.start_file(document.path, file_checker)
        file_report = FileReport(document.path, source_lang, target_lang)
        state = file_checker.new_state(document, source_lang, target_lang)
        pairs = scoring.units(file_checker.iter_document(document, state, jobs=jobs))
        try:
            for unit, findings in pairs:
                interrupts.check()
                findings = _through(filters, document.path, unit, findings)
                reporter.unit(document.path, unit, findings)
                file_report.add(findings, keep=keep)
        finally:
            pairs.close()  # on an error too: worker processes stop now, not at interpreter exit
        for index, stage in enumerate(filters):
            for unit, finding in stage.end_file(document.path):
                late = _through(filters[index + 1 :], document.path, unit, [finding])
                if late:
                    reporter.unit(document.path, unit, late)
                    file_report.add(late, keep=keep)
        file_report.units = state.units
        file_report.skipped_checks.update(state.skipped)
        scoring.finish(file_report)
        reporter.end_file(file_report)
        files.append(file_report)
    report = checker.report(files)
    reporter.end(report)
    return report


def scan_paths(paths: Iterable[str], checker: Checker, reporter: Reporter | None = None,
               input_format: str | None = None, source: str | None = None, *,
               filters: Sequence[FindingFilter] = (), checker_for: Callable[[str], Checker] | None = None) -> Report:
    """Scan each path; `source` pairs a single target file with its source file (aligned text, JSON)."""
    paths = list(paths)
    if source is not None and len(paths) != 1:
        raise UsageError("--source pairs one target file with one source file: pass exactly one PATH")
    documents = (read_document(path, input_format, source) for path in paths)
    return scan_documents(documents, checker, reporter, filters=filters, checker_for=checker_for)
