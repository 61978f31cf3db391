"""`text`: findings grouped by file, `path:line:col code check severity message`, with an excerpt.

Everything that comes from the scanned files (paths, unit ids, excerpts, messages that quote them,
suggestions) is printed through `printable`: a terminal escape sequence in a file shows as `\x1b[...`
instead of acting on the terminal.
"""

from __future__ import annotations

from mtqa.model import FileReport, Finding, Report, Severity, Unit
from mtqa.reporters.base import Reporter, summary_notes
from mtqa.util.printable import printable

_COLORS = {
    Severity.NEUTRAL: "\x1b[2m",
    Severity.MINOR: "\x1b[36m",
    Severity.MAJOR: "\x1b[33m",
    Severity.CRITICAL: "\x1b[31;1m",
}
_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_EXCERPT_WIDTH = 100


_INVISIBLE = {"\u00a0": "⍽", "\u202f": "⍽", "\t": "⇥", "\n": "⏎"}


def visible(text: str) -> str:
    """Quote a suggestion so that no-break spaces and other invisible characters can be seen."""
    shown = printable("".join(_INVISIBLE.get(ch, ch) for ch in text))
    legend = " (⍽ = no-break space)" if "⍽" in shown else ""
    return f"“{shown}”{legend}"


def language_note(report: FileReport) -> str:
    """What mtqa found out about a file's languages: "target fr detected (confidence 0.99); foreign
    language inferred: es"; empty when every language was given."""
    parts = []
    for side in ("target", "source"):
        if getattr(report, f"{side}_lang_from") == "detected":
            lang, confidence = getattr(report, f"{side}_lang"), getattr(report, f"{side}_lang_confidence")
            parts.append(f"{side} {lang} detected (confidence {confidence:.2f})")
    if report.inferred_langs:
        plural = "s" if len(report.inferred_langs) > 1 else ""
        parts.append(f"foreign language{plural} inferred: {', '.join(report.inferred_langs)}")
    return "; ".join(parts)


def excerpt(unit: Unit, finding: Finding) -> tuple[str, str]:
    """The line of the unit holding the finding (clipped around it) and a caret line under the span."""
    text = unit.target
    start = finding.start - unit.offset
    end = finding.end - unit.offset
    line_start, line_end = unit.line_bounds(start)
    lo = max(line_start, start - _EXCERPT_WIDTH // 2)
    shown_end = min(max(end, start + 1), start + _EXCERPT_WIDTH)  # a long span is shown in part
    hi = min(line_end, shown_end + _EXCERPT_WIDTH // 4)
    prefix = "…" if lo > line_start else ""
    suffix = "…" if hi < line_end else ""
    before = printable(text[lo:start].replace("\t", " "))
    flagged = printable(text[start:min(end, hi)].replace("\t", " "))
    shown = prefix + before + flagged + printable(text[min(end, hi):hi].replace("\t", " ")) + suffix
    return shown, " " * (len(prefix) + len(before)) + "^" * max(1, len(flagged))


class TextReporter(Reporter):
    name = "text"
    needs_all_findings = False
    description = "human-readable: findings grouped by file with excerpts and a summary"

    def _paint(self, text: str, style: str) -> str:
        return f"{style}{text}{_RESET}" if self.color else text

    def start_file(self, path: str, source_lang: str | None, target_lang: str | None) -> None:
        self._printed_header = False
        self._saw_units = False

    def languages(self, report: FileReport) -> None:
        """A header naming the languages mtqa found by itself (none when every language was given)."""
        found = language_note(report)
        if found:
            self.out.write(self._paint(printable(report.path), _BOLD) + f" ({printable(found)})\n")
            self._printed_header = True

    def unit(self, path: str, unit: Unit | None, findings: list[Finding]) -> None:
        self._saw_units = True
        if not findings:
            return
        shown_path = printable(path)
        lines = []  # one write per unit: a unit with thousands of findings is written in one go
        if not self._printed_header:
            lines.append(self._paint(shown_path, _BOLD))
            self._printed_header = True
        for finding in findings:
            severity = self._paint(finding.severity.value, _COLORS[finding.severity])
            where = f"{shown_path}:{finding.line}:{finding.column}"
            unit_part = f" [unit {printable(finding.unit)}]" if finding.unit else ""
            lines.append(f"{where} {finding.code} {finding.check} {severity}{unit_part} {printable(finding.message)}")
            if unit is not None:
                shown, carets = excerpt(unit, finding)
                lines.append(f"    {shown}\n    {self._paint(carets, _COLORS[finding.severity])}")
            if finding.suggestion is not None:
                lines.append(f"    suggestion: {visible(finding.suggestion)}")
        lines.append("")
        self.out.write("\n".join(lines))

    def end_file(self, report: FileReport) -> None:
        if not self._saw_units:  # rendering a finished report: no unit text, so no excerpts
            self.unit(report.path, None, report.findings)
        shown_path = printable(report.path)
        if report.empty:
            self.out.write(f"{shown_path}: empty: nothing to check\n")
        for name, why in sorted(report.skipped_checks.items()):
            self.out.write(f"{shown_path}: skipped {printable(name)}: {printable(why)}\n")
        for note in report.notes:
            self.out.write(f"{shown_path}: note: {printable(note)}\n")
        if self._printed_header:
            self.out.write("\n")

    def end(self, report: Report) -> None:
        summary = report.summary
        counts = ", ".join(f"{n} {sev}" for sev, n in summary["by_severity"].items() if n)
        files = summary["files"]
        line = (f"{summary['findings']} finding(s) in {files} file(s)" + (f" ({counts})" if counts else "")
                + f"; {summary['failing']} at or above {summary['fail_on']}"
                + "".join(f"; {printable(note)}" for note in summary_notes(summary)))
        self.out.write(self._paint(line, _BOLD) + "\n")
