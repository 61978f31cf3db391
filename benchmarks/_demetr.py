"""Shared helpers of the DEMETR benchmarks (codemix.py, numbers.py): read ../shared/data/demetr in place.

Items are split into two halves by sentence id: tune on the even ids, report the odd ids as held out.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from _data import shared_data

from mtqa.config import Config
from mtqa.model import Finding, Unit
from mtqa.run.pipeline import Checker

LANGS = {"chinese_simple": "zh", "czech": "cs", "french": "fr", "german": "de", "hindi": "hi",
         "italian": "it", "japanese": "ja", "polish": "pl", "russian": "ru", "spanish": "es"}
HALVES = ("tune", "held-out")


def half(row: dict) -> str:
    """'tune' for even sentence ids, 'held-out' for odd ones."""
    return HALVES[int(row["id"]) % 2]


def rows(name: str) -> list[dict]:
    path = shared_data() / "demetr" / f"{name}.jsonl"
    if not path.is_file():
        raise SystemExit(f"benchmarks: {path} not found")
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def clean_pairs() -> Iterator[tuple[dict, str, str]]:
    """(row, clean English text, kind) once per sentence id over every DEMETR file: the checked MT,
    and the human reference of base_id35_reference."""
    seen: set[int] = set()
    for path in sorted((shared_data() / "demetr").glob("*.jsonl")):
        for row in rows(path.stem):
            if row["id"] not in seen:
                seen.add(row["id"])
                yield row, row["mt_sent"], "clean MT"
    for row in rows("base_id35_reference"):
        yield row, row["pert_sent"], "reference"


def changed_span(clean: str, perturbed: str) -> tuple[int, int]:
    """Offsets in `perturbed` of what differs from `clean` (common prefix and suffix removed)."""
    start = 0
    while start < min(len(clean), len(perturbed)) and clean[start] == perturbed[start]:
        start += 1
    end_p, end_c = len(perturbed), len(clean)
    while end_p > start and end_c > start and clean[end_c - 1] == perturbed[end_p - 1]:
        end_p -= 1
        end_c -= 1
    # Widen to whole words: a perturbation that shares a word's first letters still changed the word.
    while start > 0 and perturbed[start - 1].isalnum():
        start -= 1
    while end_p < len(perturbed) and perturbed[end_p].isalnum():
        end_p += 1
    return start, max(end_p, start + 1)


class Scanner:
    """Scans one English target with its source through the selected checks."""

    def __init__(self, checks: list[str]) -> None:
        self.checks = checks
        self.checker = Checker(Config(select=checks, jobs=1))

    def findings(self, target: str, source: str | None, row: dict) -> list[Finding]:
        report = self.checker.scan_units([Unit(target=target, source=source, id="1")],
                                         source_lang=LANGS[row["lang_tag"]], target_lang="en")
        return [f for f in report.findings if f.check in self.checks]


@dataclass
class Tally:
    hits: int = 0
    total: int = 0
    examples: list[str] = field(default_factory=list)

    def add(self, hit: bool) -> None:
        self.hits += hit
        self.total += 1

    def cell(self, rate: bool = False) -> str:
        if not self.total:
            return "-"
        return f"{self.hits}/{self.total} ({self.hits / self.total:.1%})" if rate else \
            f"{self.hits}/{self.total} ({self.hits / self.total:.2f})"


def overlaps(finding: Finding, span: tuple[int, int]) -> bool:
    start, end = finding.start or 0, finding.end or 0
    return start < span[1] and span[0] < end


def print_table(title: str, columns: list[str], table: dict[str, dict[str, Tally]], rate_columns: set[str]) -> None:
    print(f"\n{title}")
    print("| source | " + " | ".join(columns) + " |")
    print("|---|" + "---|" * len(columns))
    for lang in [*sorted(k for k in table if k != "all"), "all"]:
        cells = [table[lang][c].cell(c in rate_columns) if c in table[lang] else "-" for c in columns]
        print(f"| {lang} | " + " | ".join(cells) + " |")
