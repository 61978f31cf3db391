"""The reporter interface: a stream of events from the scan, rendered as one output format.

Events come in order: `begin`, then per file `start_file`, `languages`, `unit` (per unit, with its
findings) and `end_file` (or `unreadable` alone, for a file that could not be opened), then `end`.
Streaming formats write as events arrive; whole-report formats write at `end`.
"""

from __future__ import annotations

from typing import Any, ClassVar, TextIO

from mtqa.model import FileReport, Finding, Report, Severity, Unit


class Reporter:
    name: ClassVar[str]
    description: ClassVar[str]
    # Whether the final `Report` must hold every finding (whole-report formats), or counts suffice
    # because findings were already written as they came (streaming formats).
    needs_all_findings: ClassVar[bool] = True

    def __init__(self, out: TextIO, *, color: bool = False, fail_on: Severity = Severity.MAJOR) -> None:
        self.out = out
        self.color = color
        # The run's threshold, for formats that mark failures as files end (the report holds it too).
        self.fail_on = fail_on

    def begin(self, version: str, signature: str) -> None:
        """Called once before any file."""

    def start_file(self, path: str, source_lang: str | None, target_lang: str | None) -> None:
        """Called before the units of a file."""

    def languages(self, report: FileReport) -> None:
        """Called after `start_file` with the file's (still empty) report: its languages and how each
        was obtained (`target_lang_from`, `inferred_langs`...)."""

    def unit(self, path: str, unit: Unit, findings: list[Finding]) -> None:
        """Called for each unit with its findings (possibly none)."""

    def end_file(self, report: FileReport) -> None:
        """Called when a file is done, with its complete report."""

    def unreadable(self, report: FileReport) -> None:
        """Called, in the file's turn, for a file that could not be opened at all (no `start_file`): its
        report, with `error` set. Formats that list errors apart read them from the `Report` at `end`."""

    def end(self, report: Report) -> None:
        """Called once at the end, with the whole report (for summaries)."""


def summary_notes(summary: dict[str, Any]) -> list[str]:
    """What the run passed over, for one-line summaries: empty files, skipped units, unreadable files."""
    notes = []
    if summary.get("empty_files"):
        notes.append(f"{summary['empty_files']} empty file(s)")
    skipped = summary.get("skipped_units") or {}
    if skipped:
        reasons = ", ".join(f"{n} {why}" for why, n in sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0])))
        notes.append(f"{sum(skipped.values())} unit(s) skipped ({reasons})")
    if summary.get("errors"):
        notes.append(f"{summary['errors']} file(s) could not be read")
    return notes
