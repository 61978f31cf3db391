"""`json`: one JSON object with the DESIGN.md contract, stable key order, written as the scan goes.

The object is the one `json.dump(report.to_dict(), indent=2)` would write, but each finding is written
when its unit is done: a scan with millions of findings neither holds them nor waits for the end to
start its output. A file's head (path, languages and how each was obtained, its source file) is
written at its `languages` event, the keys after its findings when it ends; only the summary, which
needs every count, comes last.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from mtqa.model import FileReport, Finding, Report, Unit
from mtqa.reporters.base import Reporter
from mtqa.util.jsonsafe import dumps


def _block(value: Any, depth: int) -> str:
    """`value` as indented JSON to sit `depth` levels deep (its first line unindented)."""
    return dumps(value, indent=2).replace("\n", "\n" + "  " * depth)


def _split(report: FileReport) -> tuple[dict[str, Any], dict[str, Any]]:
    """A file's entry as the keys before its findings and those after them (findings left out)."""
    data = dataclasses.replace(report, findings=[]).to_dict()
    keys = list(data)
    at = keys.index("findings")
    return {k: data[k] for k in keys[:at]}, {k: data[k] for k in keys[at + 1:]}


class JsonReporter(Reporter):
    name = "json"
    description = "one JSON object: mtqa version and signature, files with findings and scores, summary"
    needs_all_findings = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._begun = False
        self._files = 0
        self._findings = 0
        self._saw_units = False
        self._pending: FileReport | None = None  # started, its head not yet written
        self._head: frozenset[str] = frozenset()

    def begin(self, version: str, signature: str) -> None:
        self.out.write('{\n  "mtqa": ' + _block({"version": version, "signature": signature}, 1) + ',\n  "files": [')
        self._begun = True

    def start_file(self, path: str, source_lang: str | None, target_lang: str | None) -> None:
        self._pending = FileReport(path, source_lang, target_lang)
        self._saw_units = False

    def languages(self, report: FileReport) -> None:
        self._open(report)

    def _open(self, report: FileReport) -> None:
        if self._pending is None:
            return
        self._pending = None
        head, _ = _split(report)
        self._head = frozenset(head)
        fields = _block(head, 2)[:-1].rstrip()  # the object without its closing brace
        self.out.write(("," if self._files else "") + "\n    " + fields + ',\n      "findings": [')
        self._files += 1
        self._findings = 0

    def unit(self, path: str, unit: Unit | None, findings: list[Finding]) -> None:
        self._saw_units = True
        if self._pending is not None:
            self._open(self._pending)
        for finding in findings:
            self.out.write(("," if self._findings else "") + "\n        " + _block(finding.to_dict(), 4))
            self._findings += 1

    def end_file(self, report: FileReport) -> None:
        self._open(report)
        if not self._saw_units:  # rendering a finished report
            self.unit(report.path, None, report.findings)
        head, tail = _split(report)
        # Keys of the head that were not known when it was written still come out (after the findings).
        tail = {**{k: v for k, v in head.items() if k not in self._head}, **tail}
        close = "\n      ]" if self._findings else "]"
        rest = "".join(f',\n      "{key}": {_block(value, 3)}' for key, value in tail.items())
        self.out.write(f"{close}{rest}\n    }}")

    def unreadable(self, report: FileReport) -> None:
        self.start_file(report.path, report.source_lang, report.target_lang)
        self.end_file(report)

    def end(self, report: Report) -> None:
        if not self._begun:
            self.begin(report.version, report.signature)
        close = "\n  ]" if self._files else "]"
        self.out.write(f'{close},\n  "summary": {_block(report.summary, 1)}\n}}\n')
