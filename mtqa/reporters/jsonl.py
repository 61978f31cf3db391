"""`jsonl`: one finding per line as it is found, each with the path of its file."""

from __future__ import annotations

from mtqa.model import Finding, Unit
from mtqa.reporters.base import Reporter
from mtqa.util.jsonsafe import dumps


class JsonLinesReporter(Reporter):
    name = "jsonl"
    needs_all_findings = False
    description = "one JSON object per finding and line, streamed as found"

    def unit(self, path: str, unit: Unit, findings: list[Finding]) -> None:
        for finding in findings:
            self.out.write(dumps({"path": path, **finding.to_dict()}))
            self.out.write("\n")
