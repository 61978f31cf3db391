"""Time to render the HTML report against the number of findings in one unit.

A plain-text unit dense with findings (a synthetic French line with a repeated word and a colon glued to
its word, repeated to the sizes asked for) is checked once; then the `html` and the `json` reporters
render the same findings, each timed alone. Rendering HTML should grow linearly with the findings, as
JSON does: the seconds per 1,000 findings stay flat from size to size. A scan stops a check after
`MAX_FINDINGS_PER_CHECK` findings in one unit; this benchmark lifts that cap, so that the reporters see
as many findings as the unit holds.

usage: python benchmarks/html_report.py [--sizes 60K,600K,2M]
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mtqa import Checker, Config, Unit  # noqa: E402
from mtqa.reporters import reporter_class  # noqa: E402
from mtqa.run import pipeline  # noqa: E402

LINE = "Il a vu le le chat. Pourquoi? "


def _size(text: str) -> int:
    units = {"K": 1_000, "M": 1_000_000}
    return int(float(text[:-1]) * units[text[-1].upper()]) if text[-1].upper() in units else int(text)


def _render(name: str, path: str, unit: Unit, report) -> float:
    reporter = reporter_class(name)(io.StringIO())
    started = time.perf_counter()
    reporter.begin(report.version, report.signature)
    reporter.start_file(path, None, "fr")
    reporter.unit(path, unit, report.findings)
    reporter.end_file(report.files[0])
    reporter.end(report)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="60K,600K,2M", help="characters of the unit, comma-separated")
    options = parser.parse_args()
    pipeline.MAX_FINDINGS_PER_CHECK = 10**9  # the reporters are measured, not the scan's bound on work
    checker = Checker(Config(target_lang="fr", select=["FL001", "PU001"]))
    print(f"{'characters':>12} {'findings':>9} {'html s':>8} {'json s':>8} {'html s/1k findings':>19}")
    for size in (_size(s) for s in options.sizes.split(",")):
        unit = Unit(LINE * (size // len(LINE)))
        report = checker.report([checker.scan_units([unit], path="dense.txt", target_lang="fr")])
        html = _render("html", "dense.txt", unit, report)
        json_ = _render("json", "dense.txt", unit, report)
        n = len(report.findings)
        print(f"{len(unit.target):>12,} {n:>9,} {html:>8.2f} {json_:>8.2f} {html / n * 1000:>19.4f}")


if __name__ == "__main__":
    main()
