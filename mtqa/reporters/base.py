"""The reporter interface: a stream of events from the scan, rendered as one output format.

Events come in order: `begin`, then per file `start_file`, `unit` (per unit, with its findings) and
`end_file`, then `end`. Streaming formats write as events arrive; whole-report formats write at `end`.
"""

from __future__ import annotations

from typing import ClassVar, TextIO

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

    def unit(self, path: str, unit: Unit, findings: list[Finding]) -> None:
        """Called for each unit with its findings (possibly none)."""

    def end_file(self, report: FileReport) -> None:
        """Called when a file is done, with its complete report."""

    def end(self, report: Report) -> None:
        """Called once at the end, with the whole report (for summaries)."""
