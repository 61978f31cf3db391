"""Drives a scan: read each input, run the checker, feed the reporter, build the `Report`.

A file that cannot be read (or not to the end) does not stop the scan when the caller passes
`on_error`: the problem goes to `on_error`, the file's report carries it (`FileReport.error`), and the
other files are scanned and reported; when no file could be read, `NothingScanned` is raised instead
of a report. A file with nothing to check is reported as empty.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Protocol

from mtqa.config import Config
from mtqa.errors import EmptyInputError, InputError, MtqaError, UsageError
from mtqa.model import FileReport, Finding, Report, Severity, Unit
from mtqa.readers import Document, read_document
from mtqa.reporters.base import Reporter
from mtqa.run.checked import CheckedFile, check_file
from mtqa.run.parallel import check_files_parallel, default_jobs
from mtqa.run.pipeline import Checker
from mtqa.scoring.scan import ScoringOptions, ScoringPass
from mtqa.util import interrupts

ErrorHandler = Callable[[InputError], None]


class NothingScanned(MtqaError):
    """Every input failed (each already passed to `on_error`): there is no report to write."""


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


def _through(filters: Sequence[FindingFilter], path: str, unit: Unit, findings: list[Finding]) -> list[Finding]:
    for stage in filters:
        findings = stage.unit(path, unit, findings)
    return findings


def scan_documents(
    documents: Iterable[Document | tuple[str, Callable[[], Document]]],
    checker: Checker,
    reporter: Reporter | None = None,
    *,
    filters: Sequence[FindingFilter] = (),
    checker_for: Callable[[str], Checker] | None = None,
    scoring: ScoringPass | None = None,
    on_error: ErrorHandler | None = None,
) -> Report:
    """Scan documents one after the other, feeding `reporter` as findings come.

    Without a reporter (library use) the report keeps every finding; with a streaming reporter it keeps
    only counts, so memory stays flat on any input size. `filters` see each unit's findings before the
    reporter does; `checker_for(path)` picks a checker per file (configuration read per directory),
    while `checker` sets the run-wide options (threshold, signature). A document may be given as
    `(path, open)`, so that a file that cannot be read is one file's error: with `on_error`, it is
    passed there and the scan goes on; without, the `InputError` is raised.
    """
    keep = reporter is None or reporter.needs_all_findings
    reporter = reporter or Reporter(out=None)  # type: ignore[arg-type]
    scoring = scoring or ScoringPass(scoring_options(checker.config))
    files: list[FileReport] = []
    started = False
    # Empty and unreadable files met before the first scanned one: told to the reporter, in their turn,
    # once it has begun with the languages of a scanned file (the signature of the report's header).
    waiting: list[Callable[[], None]] = []

    def begin(source_lang: str | None, target_lang: str | None) -> None:
        nonlocal started
        if not started:
            reporter.fail_on = checker.config.fail_on
            reporter.begin(checker.report([]).version, checker.signature(source_lang, target_lang))
            started = True
        for tell in waiting:
            tell()
        waiting.clear()

    def told(tell: Callable[[], None]) -> None:
        waiting.append(tell)
        if started:
            begin(None, None)

    def failed(path: str, exc: InputError, file_report: FileReport | None = None) -> FileReport:
        if on_error is None:
            raise exc
        on_error(exc)
        if file_report is None:  # not opened: the reporter has not heard of the file yet
            file_report = FileReport(path, None, None, error=exc.problem)
            told(lambda r=file_report: reporter.unreadable(r))
        file_report.error = exc.problem
        return file_report

    for checked in _checked_files(documents, checker, checker_for, parallel=scoring.options.comet is None):
        path = checked.path
        file_checker = checker_for(path) if checker_for else checker
        failure = checked.failure
        if isinstance(failure, EmptyInputError):
            empty = FileReport(path, None, None, empty=True)

            def tell(r: FileReport = empty) -> None:
                reporter.start_file(r.path, None, None)
                reporter.end_file(r)

            told(tell)
            files.append(empty)
            continue
        if failure is not None:
            files.append(failed(path, failure))
            continue
        assert checked.languages is not None
        source_lang, target_lang = checked.languages.source, checked.languages.target
        begin(source_lang, target_lang)
        file_report = checked.languages.file_report(checked.document_path, source_file=checked.source_path)
        reporter.start_file(checked.document_path, source_lang, target_lang)
        reporter.languages(file_report)
        for stage in filters:
            stage.start_file(checked.document_path, file_checker)
        pairs = scoring.units(checked.pairs())
        try:
            for unit, findings in pairs:
                interrupts.check()
                findings = _through(filters, checked.document_path, unit, findings)
                reporter.unit(checked.document_path, unit, findings)
                file_report.add(findings, keep=keep)
        except EmptyInputError:
            pass
        except InputError as exc:
            failed(checked.document_path, exc, file_report)
        finally:
            pairs.close()  # on an error too: worker processes stop now, not at interpreter exit
        for index, stage in enumerate(filters):
            for unit, finding in stage.end_file(checked.document_path):
                late = _through(filters[index + 1 :], checked.document_path, unit, [finding])
                if late:
                    reporter.unit(checked.document_path, unit, late)
                    file_report.add(late, keep=keep)
        file_report.units = checked.units
        file_report.skipped_units = dict(checked.skipped_units)
        file_report.empty = checked.units == 0 and not checked.skipped_units and file_report.error is None
        file_report.skipped_checks.update(checked.skipped_checks)
        file_report.notes = checked.notes
        scoring.finish(file_report)
        reporter.end_file(file_report)
        files.append(file_report)
    if on_error is not None and files and all(f.error is not None and not f.units for f in files):
        raise NothingScanned(f"none of the {len(files)} input(s) could be read")
    begin(checker.config.source_lang, checker.config.target_lang)
    report = checker.report([f for f in files if f.target_lang] or files)  # signed with a scanned file's languages
    report.files = files
    reporter.end(report)
    return report


def _checked_files(documents: Iterable[Document | tuple[str, Callable[[], Document]]], checker: Checker,
                   checker_for: Callable[[str], Checker] | None, *, parallel: bool) -> Iterator[CheckedFile]:
    """Each document checked, in order: in worker processes when there are several files and cores (`jobs`,
    by default one per core; see `mtqa.run.parallel.check_files_parallel`), else here, one after the other.

    Not fewer on a busy machine: forked workers cost next to nothing to start (two check the real
    catalogues with the CPU time of one), and the load average counts what does not compete for the
    cores (niced jobs) and a benchmark's own previous run."""
    items = [(d.path, (lambda d=d: d)) if isinstance(d, Document) else d for d in documents] \
        if parallel and isinstance(documents, (list, tuple)) else None

    def check(item: tuple[str, Callable[[], Document]], jobs: int | None = None) -> CheckedFile:
        path, open_document = item
        file_checker = checker_for(path) if checker_for else checker
        return check_file(path, open_document, file_checker, jobs or file_checker.config.jobs or default_jobs())

    jobs = checker.config.jobs or default_jobs()
    if items is not None and len(items) > 1 and jobs > 1 and type(checker) is Checker:
        yield from check_files_parallel(items, check, jobs, CheckedFile.collect)
        return
    for item in documents:
        yield check((item.path, (lambda d=item: d)) if isinstance(item, Document) else item)


def scan_paths(paths: Iterable[str], checker: Checker, reporter: Reporter | None = None,
               input_format: str | None = None, source: str | None = None, *,
               filters: Sequence[FindingFilter] = (), checker_for: Callable[[str], Checker] | None = None,
               sources: Mapping[str, str] | None = None, on_error: ErrorHandler | None = None) -> Report:
    """Scan each path; `source` pairs a single target file with its source file (aligned text, JSON),
    `sources` maps target paths to the source files a folder scan paired them with."""
    paths = list(paths)
    if source is not None and len(paths) != 1:
        raise UsageError("--source pairs one target file with one source file: pass exactly one PATH")
    paired = dict(sources or {})
    if source is not None:
        paired[paths[0]] = source

    def opener(path: str) -> Callable[[], Document]:
        columns = (checker_for(path) if checker_for else checker).config.columns
        return lambda: read_document(path, input_format, paired.get(path), columns=columns)

    documents = [(path, opener(path)) for path in paths]
    return scan_documents(documents, checker, reporter, filters=filters, checker_for=checker_for,
                          on_error=on_error)
