"""A localisation pipeline's QA step: scan a folder of catalogues with mtqa and act on what it finds.

    python examples/library/review_catalogues.py examples/project/locales --queue review.json

Each catalogue (PO, XLIFF, TMX, JSON resources) is scanned with the project settings found next to it
(the nearest mtqa.toml), suppressions included. Then, per unit:

- a critical finding (a broken placeholder, say) blocks the unit: it goes back to translation;
- a major finding sends it to a reviewer's queue, written as JSON with the findings and suggestions;
- minor findings are counted and left to the next review.

The exit status is 1 when a unit is blocked, so the pipeline stops before shipping broken strings.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

import mtqa
from mtqa import Finding, Severity

CATALOGUES = (".po", ".xlf", ".xliff", ".tmx", ".json")


def catalogues(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in CATALOGUES and p.is_file())


# --8<-- [start:triage]
def triage(folder: Path) -> dict[str, list[dict]]:
    """Units with findings, sorted into blocked / review / minor by their worst finding."""
    queues: dict[str, list[dict]] = {"blocked": [], "review": [], "minor": []}
    for path in catalogues(folder):
        report = mtqa.scan_file(path)  # the nearest mtqa.toml applies: languages, glossary, ignores
        by_unit: dict[str | None, list[Finding]] = defaultdict(list)
        for finding in report.findings:
            by_unit[finding.unit].append(finding)
        for unit, findings in by_unit.items():
            worst = max(f.severity for f in findings)
            queue = "blocked" if worst >= Severity.CRITICAL else "review" if worst >= Severity.MAJOR else "minor"
            queues[queue].append({
                "file": path.as_posix(),
                "unit": unit,
                "line": findings[0].line,
                "findings": [{"check": f.check, "severity": f.severity.value, "text": f.text,
                              "message": f.message, "suggestion": f.suggestion} for f in findings],
            })
    return queues
# --8<-- [end:triage]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--queue", type=Path, help="write the units for review (and the blocked ones) here, as JSON")
    args = parser.parse_args(argv)
    try:
        queues = triage(args.folder)
    except mtqa.MtqaError as exc:  # a bad catalogue or config: one line, no traceback
        print(f"review_catalogues: {exc}", file=sys.stderr)
        return 2
    for entry in queues["blocked"]:
        print(f"blocked  {entry['file']}:{entry['line']} [{entry['unit']}] {entry['findings'][0]['message']}")
    print(f"{len(queues['blocked'])} blocked, {len(queues['review'])} for review, "
          f"{len(queues['minor'])} with minor findings only")
    if args.queue:
        args.queue.write_text(json.dumps(queues, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 1 if queues["blocked"] else 0


if __name__ == "__main__":
    sys.exit(main())
