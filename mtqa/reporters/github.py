"""`github`: GitHub Actions workflow commands, one annotation per finding, then a summary.

`::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=T::message`, with the escaping of the
Actions runner: in the message `%`, CR and LF become %25, %0D, %0A; in properties `:` and `,` too.
When `$GITHUB_STEP_SUMMARY` names a file, a Markdown table by check and severity is appended to it.
"""

from __future__ import annotations

import os

from mtqa.model import FileReport, Finding, Report, Severity, Unit
from mtqa.reporters.base import Reporter, summary_notes
from mtqa.reporters.locations import display_path, end_line_column
from mtqa.util.printable import printable

_COMMANDS = {Severity.CRITICAL: "error", Severity.MAJOR: "error", Severity.MINOR: "warning",
             Severity.NEUTRAL: "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(path: str, finding: Finding) -> str:
    end_line, end_column = end_line_column(finding)
    properties = {
        "file": printable(display_path(path)),
        "line": str(finding.line),
        "col": str(finding.column),
        "endLine": str(end_line),
        "endColumn": str(end_column),
        "title": f"mtqa {finding.code} {finding.check} ({finding.severity.value})",
    }
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    message = printable(finding.message)  # a CI log shows terminal escapes too
    if finding.text:
        message += f"\nflagged: {finding.text!r}"
    if finding.suggestion is not None:
        message += f"\nsuggestion: {finding.suggestion!r}"
    if finding.unit:
        message += f"\nunit: {printable(finding.unit)}"
    return f"::{_COMMANDS[finding.severity]} {props}::{escape_data(message)}"


class GithubReporter(Reporter):
    name = "github"
    description = "GitHub Actions annotations (::error file=...,line=...::message) and a job summary"
    needs_all_findings = False

    def start_file(self, path: str, source_lang: str | None, target_lang: str | None) -> None:
        self._saw_units = False

    def unit(self, path: str, unit: Unit | None, findings: list[Finding]) -> None:
        self._saw_units = True
        for finding in findings:
            self.out.write(annotation(path, finding) + "\n")

    def end_file(self, report: FileReport) -> None:
        if not self._saw_units:  # rendering a finished report
            self.unit(report.path, None, report.findings)

    def end(self, report: Report) -> None:
        summary = report.summary
        for failed in report.errors:
            props = f"file={escape_property(display_path(failed.path))},title=mtqa: file not read"
            self.out.write(f"::error {props}::{escape_data(failed.error or '')}\n")
        counts = ", ".join(f"{n} {sev}" for sev, n in summary["by_severity"].items() if n)
        self.out.write(f"mtqa: {summary['findings']} finding(s) in {summary['files']} file(s)"
                       + (f" ({counts})" if counts else "")
                       + f"; {summary['failing']} at or above {summary['fail_on']}"
                       + "".join(f"; {note}" for note in summary_notes(summary)) + "\n")
        step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if step_summary:
            with open(step_summary, "a", encoding="utf-8") as handle:
                handle.write(markdown_summary(report))


def markdown_summary(report: Report) -> str:
    summary = report.summary
    severities = [s for s in Severity]
    counts: dict[str, dict[Severity, int]] = {}
    for file_report in report.files:
        for (check, severity), n in file_report.counts().items():
            counts.setdefault(check, dict.fromkeys(severities, 0))[severity] += n
    lines = ["### mtqa", "",
             f"{summary['findings']} finding(s) in {summary['files']} file(s), {summary['units']} unit(s); "
             f"{summary['failing']} at or above {summary['fail_on']}.", ""]
    if counts:
        lines.append("| check | " + " | ".join(s.value for s in severities) + " |")
        lines.append("|---|" + "---:|" * len(severities))
        for check in sorted(counts):
            cells = " | ".join(str(counts[check][s]) for s in severities)
            lines.append(f"| `{check}` | {cells} |")
    return "\n".join(lines) + "\n\n"
