"""A progress line on stderr for long scans: files, units, and units per second.

It wraps the run's reporter, so it sees the same events; it never writes to the report's stream. It is
drawn only when stderr is a terminal and the scan has already taken `delay` seconds, redrawn at most
every `interval` seconds, and erased before the report's final output so nothing of it is left behind.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any, TextIO

from mtqa.model import FileReport, Finding, Report, Unit
from mtqa.reporters.base import Reporter
from mtqa.util.printable import printable


def progress_wanted(stream: TextIO | None = None, setting: bool | None = None) -> bool:
    """The default: on when stderr is a terminal, unless --no-progress, NO_COLOR-style opt-outs or CI."""
    if setting is not None:
        return setting
    stream = stream or sys.stderr
    if os.environ.get("MTQA_NO_PROGRESS") or os.environ.get("CI"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class ProgressReporter(Reporter):
    """Forwards every event to `inner` and keeps a one-line status on `stream`."""

    def __init__(self, inner: Reporter, stream: TextIO | None = None, total_files: int | None = None,
                 delay: float = 1.0, interval: float = 0.1, clock: Any = time.monotonic) -> None:
        super().__init__(inner.out, color=inner.color)
        self.inner = inner
        self.stream = stream or sys.stderr
        self.total_files = total_files
        self.delay = delay
        self.interval = interval
        self.clock = clock
        self.files_done = 0
        self.units = 0
        self.findings = 0
        self.path = ""
        self._start = clock()
        self._last_draw = 0.0
        self._drawn = False

    @property  # type: ignore[override]
    def needs_all_findings(self) -> bool:  # the inner reporter decides
        return self.inner.needs_all_findings

    def begin(self, version: str, signature: str) -> None:
        self.inner.fail_on = self.fail_on
        self.inner.begin(version, signature)

    def start_file(self, path: str, source_lang: str | None, target_lang: str | None) -> None:
        self.path = path
        self.inner.start_file(path, source_lang, target_lang)
        self._maybe_draw()

    def languages(self, report: FileReport) -> None:
        self.clear()
        self.inner.languages(report)

    def unit(self, path: str, unit: Unit, findings: list[Finding]) -> None:
        self.units += 1
        self.findings += len(findings)
        if findings:
            self.clear()  # a reporter printing findings on the same terminal gets a clean line
        self.inner.unit(path, unit, findings)
        self._maybe_draw()

    def end_file(self, report: FileReport) -> None:
        self.files_done += 1
        self._maybe_draw()
        self.inner.end_file(report)

    def unreadable(self, report: FileReport) -> None:
        self.files_done += 1
        self.clear()
        self.inner.unreadable(report)

    def end(self, report: Report) -> None:
        self.clear()
        self.inner.end(report)

    def status(self) -> str:
        elapsed = max(self.clock() - self._start, 1e-9)
        files = f"{self.files_done}/{self.total_files}" if self.total_files else str(self.files_done)
        rate = self.units / elapsed
        path = printable(self.path)
        name = path if len(path) <= 40 else "…" + path[-39:]
        return f"mtqa: {files} files, {self.units} units ({rate:,.0f}/s), {self.findings} findings  {name}"

    def _maybe_draw(self) -> None:
        now = self.clock()
        if now - self._start < self.delay or now - self._last_draw < self.interval:
            return
        self._last_draw = now
        self.stream.write("\r\x1b[2K" + self.status())
        self.stream.flush()
        self._drawn = True

    def clear(self) -> None:
        if self._drawn:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self._drawn = False
