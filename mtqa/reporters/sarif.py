"""`sarif`: SARIF 2.1.0, as read by GitHub code scanning and SARIF viewers.

Rules come from the check registry with their documentation; results point at regions of the scanned
file (line and column of the finding's start and end, in code points), with the unit id as a logical
location and a fingerprint that survives edits elsewhere in the file (the baseline's).

Results are written as they are found (the run's `results` come before its `invocations` and
`artifacts`, whose success and per-file properties are known only at the end), so memory stays flat
however many findings there are.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import quote

from mtqa.checks.registry import all_checks
from mtqa.model import FileReport, Finding, Report, Severity, Unit
from mtqa.reporters.base import Reporter
from mtqa.reporters.locations import LEVELS, display_path, end_line_column
from mtqa.suppression.baseline import fingerprint
from mtqa.suppression.directives import UNUSED_CATEGORY, UNUSED_CODE, UNUSED_DOC, UNUSED_NAME
from mtqa.util.jsonsafe import dumps
from mtqa.version import __version__

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"


def _rule(code: str, name: str, category: str, severity: Severity, doc: str, extra: dict[str, Any]) -> dict:
    summary = doc.strip().splitlines()[0] if doc.strip() else name
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": doc.strip() or summary},
        "help": {"text": doc.strip() or summary, "markdown": f"**{code} {name}**\n\n{doc.strip()}"},
        "defaultConfiguration": {"level": LEVELS[severity]},
        "properties": {"category": category, "severity": severity.value,
                       "tags": ["translation", *category.split("/")], **extra},
    }


def rules() -> list[dict[str, Any]]:
    out = []
    for cls in all_checks():
        extra: dict[str, Any] = {"needs_source": cls.needs_source}
        if cls.languages:
            extra["languages"] = sorted(cls.languages)
        out.append(_rule(cls.code, cls.name, cls.category, cls.severity, cls.doc(), extra))
    out.append(_rule(UNUSED_CODE, UNUSED_NAME, UNUSED_CATEGORY, Severity.MINOR, UNUSED_DOC, {}))
    return out


def _uri(path: str) -> str:
    # The file name's own bytes, percent-encoded: a name that is not UTF-8 (read with surrogate escapes)
    # becomes %FF rather than an error.
    shown = display_path(path)
    try:
        raw = os.fsencode(shown)
    except UnicodeEncodeError:
        raw = shown.encode("utf-8", "surrogatepass")
    return quote(raw, safe="/")


def invocation(report: Report) -> dict[str, Any]:
    """The run's invocation: unsuccessful, with one notification per file that could not be read."""
    failed = report.errors
    out: dict[str, Any] = {"executionSuccessful": not failed}
    if failed:
        out["toolExecutionNotifications"] = [
            {"level": "error", "message": {"text": f.error or ""},
             "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(f.path)}}}]}
            for f in failed]
    return out


class SarifReporter(Reporter):
    name = "sarif"
    description = "SARIF 2.1.0 for GitHub code scanning and SARIF viewers"
    needs_all_findings = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rules = rules()
        self.rule_index = {rule["id"]: i for i, rule in enumerate(self.rules)}
        self.artifacts: list[dict[str, Any]] = []
        self.signature = ""
        self._begun = False
        self._results = 0

    def begin(self, version: str, signature: str) -> None:
        self.signature = signature
        head = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [{
            "tool": {"driver": {"name": "mtqa", "version": __version__, "semanticVersion": __version__,
                                "rules": self.rules}},
            "columnKind": "unicodeCodePoints",
            "results": [],
        }]}
        text = dumps(head, indent=2)
        self.out.write(text[: text.rindex('"results": [') + len('"results": [')])
        self._begun = True

    def start_file(self, path: str, source_lang: str | None, target_lang: str | None) -> None:
        self._saw_units = False
        self.artifacts.append({"location": {"uri": _uri(path)}, "roles": ["analysisTarget"],
                               "properties": {"source_lang": source_lang, "target_lang": target_lang}})

    def unit(self, path: str, unit: Unit | None, findings: list[Finding]) -> None:
        self._saw_units = True
        for finding in findings:
            block = dumps(self._result(path, unit, finding), indent=2).replace("\n", "\n        ")
            self.out.write(("," if self._results else "") + "\n        " + block)
            self._results += 1

    def end_file(self, report: FileReport) -> None:
        if not self._saw_units:  # rendering a finished report: no unit text, so no fingerprints
            self.unit(report.path, None, report.findings)
        properties = self.artifacts[-1]["properties"]
        properties["units"] = report.units
        if report.scores:
            properties["scores"] = report.scores
        if report.skipped_checks:
            properties["skipped_checks"] = dict(report.skipped_checks)
        if report.notes:
            properties["notes"] = list(report.notes)

    def _result(self, path: str, unit: Unit | None, finding: Finding) -> dict[str, Any]:
        end_line, end_column = end_line_column(finding)
        message = finding.message
        if finding.suggestion is not None:
            message += f" Suggestion: {finding.suggestion!r}."
        location: dict[str, Any] = {
            "physicalLocation": {
                "artifactLocation": {"uri": _uri(path), "index": len(self.artifacts) - 1},
                "region": {"startLine": finding.line, "startColumn": finding.column,
                           "endLine": end_line, "endColumn": end_column,
                           "snippet": {"text": finding.text}},
            }
        }
        if finding.unit is not None:
            location["logicalLocations"] = [{"name": finding.unit, "kind": "element",
                                             "fullyQualifiedName": f"{display_path(path)}#{finding.unit}"}]
        result: dict[str, Any] = {
            "ruleId": finding.code,
            "level": LEVELS[finding.severity],
            "message": {"text": message},
            "locations": [location],
            "properties": {"check": finding.check, "category": finding.category,
                           "severity": finding.severity.value},
        }
        if finding.code in self.rule_index:
            result["ruleIndex"] = self.rule_index[finding.code]
        if unit is not None:
            result["partialFingerprints"] = {"mtqaFingerprint/v1": fingerprint(display_path(path), unit, finding)}
        for key in ("suggestion", "confidence", "unit"):
            value = getattr(finding, key)
            if value is not None:
                result["properties"][key] = value
        return result

    def end(self, report: Report) -> None:
        if not self._begun:
            self.begin(report.version, report.signature)
        # Whether every file could be read is known only now: the invocation follows the results.
        rest = {"invocations": [invocation(report)], "artifacts": self.artifacts,
                "properties": {"signature": self.signature or report.signature, "summary": report.summary}}
        fields = dumps(rest, indent=2).replace("\n", "\n      ")[1:-1].rstrip()  # the members, unbraced
        self.out.write(("\n      ]" if self._results else "]") + "," + fields + "\n    }\n  ]\n}\n")
