"""`json`: one JSON object with the DESIGN.md contract, stable key order."""

from __future__ import annotations

import json

from mtqa.model import Report
from mtqa.reporters.base import Reporter


class JsonReporter(Reporter):
    name = "json"
    description = "one JSON object: mtqa version and signature, files with findings and scores, summary"

    def end(self, report: Report) -> None:
        json.dump(report.to_dict(), self.out, ensure_ascii=False, indent=2)
        self.out.write("\n")
