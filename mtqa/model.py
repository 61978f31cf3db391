"""The finding model: one `Finding` shape for every rule and model, and the report that holds them."""

from __future__ import annotations

import array
import bisect
import enum
import functools
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


class Severity(str, enum.Enum):
    """MQM-style severities, ordered: neutral < minor < major < critical."""

    NEUTRAL = "neutral"
    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank >= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank > other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank <= other.rank

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank

    @classmethod
    def parse(cls, value: str | Severity) -> Severity:
        if isinstance(value, Severity):
            return value
        try:
            return cls(value.lower())
        except ValueError:
            names = ", ".join(s.value for s in cls)
            raise ValueError(f"unknown severity {value!r} (expected one of: {names})") from None


_SEVERITY_RANK = {Severity.NEUTRAL: 0, Severity.MINOR: 1, Severity.MAJOR: 2, Severity.CRITICAL: 3}
_SHORT = 2048  # below this many characters, scanning a unit's target for its lines is cheapest
_NEWLINE = re.compile("\n")


@dataclass(frozen=True)
class Unit:
    """One translatable piece of a file: the whole text of a plain file, or one segment of a bitext.

    Offsets of hits are into `target`. `line` is the 1-based line of the file where `target` starts,
    and `column` the 1-based column there, so that findings can point back into the file. `offset` is
    added to finding offsets: a plain-text file read in pieces keeps offsets into the whole file.
    """

    target: str
    source: str | None = None
    reference: str | None = None
    id: str | None = None
    line: int = 1
    column: int = 1
    offset: int = 0
    notes: tuple[str, ...] = ()
    source_lang: str | None = None
    target_lang: str | None = None
    # Inline codes (XLIFF <x/>, <g>...) kept as placeholders: (start, end, code id) in `target`.
    placeholders: tuple[tuple[int, int, str], ...] = ()
    # Format flags the file declares for this unit (gettext `#, python-format`, `qt-format`...).
    flags: tuple[str, ...] = ()

    def line_column(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column in the file of `offset` (an offset into `target`)."""
        if len(self.target) <= _SHORT:
            newlines = self.target.count("\n", 0, offset)
            if newlines == 0:
                return self.line, self.column + offset
            return self.line + newlines, offset - self.target.rfind("\n", 0, offset)
        newlines = bisect.bisect_left(self._newlines, offset)
        if newlines == 0:
            return self.line, self.column + offset
        return self.line + newlines, offset - self._newlines[newlines - 1]

    def line_bounds(self, offset: int) -> tuple[int, int]:
        """Where the line of `target` holding `offset` starts and ends (its newline excluded)."""
        if len(self.target) <= _SHORT:
            end = self.target.find("\n", offset)
            return self.target.rfind("\n", 0, offset) + 1, len(self.target) if end == -1 else end
        index = bisect.bisect_left(self._newlines, offset)
        start = self._newlines[index - 1] + 1 if index else 0
        return start, self._newlines[index] if index < len(self._newlines) else len(self.target)

    @functools.cached_property
    def _newlines(self) -> array.array[int]:
        # Offsets of the newlines of a long target, so that placing each of its findings costs a binary
        # search instead of a scan from the start (quadratic in a long unit with many findings).
        return array.array("q", (m.start() for m in _NEWLINE.finditer(self.target)))


@dataclass(frozen=True)
class Hit:
    """What a check yields: a span of the unit's target and what to say about it.

    The pipeline turns a hit into a `Finding`, stamping the check's code, name, category and severity.
    """

    start: int
    end: int
    message: str
    suggestion: str | None = None
    confidence: float | None = None
    severity: Severity | None = None  # overrides the check's default when set


# JSON key order of a finding is part of the output contract.
FINDING_KEYS = (
    "code",
    "check",
    "category",
    "severity",
    "start",
    "end",
    "line",
    "column",
    "unit",
    "text",
    "message",
    "suggestion",
    "confidence",
)


@dataclass(frozen=True)
class Finding:
    code: str
    check: str
    category: str
    severity: Severity
    start: int
    end: int
    line: int
    column: int
    unit: str | None
    text: str
    message: str
    suggestion: str | None = None
    confidence: float | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {key: getattr(self, key) for key in FINDING_KEYS}
        data["severity"] = self.severity.value
        if self.confidence is not None:
            data["confidence"] = round(self.confidence, 4)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Finding:
        values = {key: data.get(key) for key in FINDING_KEYS}
        values["severity"] = Severity.parse(data["severity"])
        return cls(**values)


# How a file's target language was obtained: the command line (or a library argument), a config file,
# the file's contents, the file or folder name, detection from the text.
LANGUAGE_ORIGINS = ("option", "config", "file", "name", "detected")


@dataclass
class FileReport:
    """The findings (and optional scores) of one scanned file or stream.

    `error` is set when the file could not be read (its findings, if any, are those found before the
    problem); `empty` when it held nothing to check; `skipped_units` counts, by reason, the entries the
    reader passed over (untranslated, fuzzy, target-only...); `source_file` names the file that gave the
    units their source text when it is another file (a JSON source sibling, `en.po`, `--source`).
    """

    path: str
    source_lang: str | None
    target_lang: str | None
    findings: list[Finding] = field(default_factory=list)
    scores: dict[str, Any] = field(default_factory=dict)
    units: int = 0
    skipped_checks: dict[str, str] = field(default_factory=dict)
    # How each language was obtained (one of LANGUAGE_ORIGINS; None when there is no such language),
    # and the detector's confidence when it was detected.
    target_lang_from: str | None = None
    source_lang_from: str | None = None
    target_lang_confidence: float | None = None
    source_lang_confidence: float | None = None
    # Without a source language: the foreign languages inferred from the document (None: not inferred).
    inferred_langs: tuple[str, ...] | None = None
    source_file: str | None = None
    skipped_units: dict[str, int] = field(default_factory=dict)
    empty: bool = False
    error: str | None = None
    # What the file's units held besides translations (message keys as sources, translator credits), one line each.
    notes: list[str] = field(default_factory=list)
    # (check, severity) -> count over every finding added, kept even when the findings themselves are not
    # (a streamed scan of a huge corpus keeps counts, not findings).
    tally: Counter[tuple[str, Severity]] = field(default_factory=Counter)

    def add(self, findings: Iterable[Finding], keep: bool = True) -> None:
        for finding in findings:
            self.tally[(finding.check, finding.severity)] += 1
            if keep:
                self.findings.append(finding)

    def counts(self) -> Counter[tuple[str, Severity]]:
        """Counts by (check, severity): the tally, or the findings when they were set directly."""
        if self.tally or not self.findings:
            return self.tally
        return Counter((f.check, f.severity) for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"path": self.path}
        for side in ("source", "target"):
            data[f"{side}_lang"] = getattr(self, f"{side}_lang")
            data[f"{side}_lang_from"] = getattr(self, f"{side}_lang_from")
            confidence = getattr(self, f"{side}_lang_confidence")
            if confidence is not None:
                data[f"{side}_lang_confidence"] = round(confidence, 4)
        if self.inferred_langs is not None:
            data["inferred_langs"] = list(self.inferred_langs)
        if self.source_file is not None:
            data["source_file"] = self.source_file
        data["findings"] = [f.to_dict() for f in self.findings]
        data["scores"] = self.scores
        data["units"] = self.units
        if self.skipped_units:
            data["skipped_units"] = dict(sorted(self.skipped_units.items()))
        if self.empty:
            data["empty"] = True
        if self.error is not None:
            data["error"] = self.error
        if self.skipped_checks:
            data["skipped_checks"] = dict(self.skipped_checks)
        if self.notes:
            data["notes"] = list(self.notes)
        return data


def summarize(files: Iterable[FileReport], fail_on: Severity) -> dict[str, Any]:
    """Counts by severity and by check over all files, and whether the run fails the threshold."""
    by_severity: Counter[str] = Counter()
    by_check: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    n_files = n_units = n_empty = n_errors = 0
    for report in files:
        n_files += 1
        n_units += report.units
        n_empty += report.empty
        n_errors += report.error is not None
        skipped.update(report.skipped_units)
        for (check, severity), count in report.counts().items():
            by_severity[severity.value] += count
            by_check[check] += count
    failing = sum(count for sev, count in by_severity.items() if Severity(sev) >= fail_on)
    return {
        "files": n_files,
        "units": n_units,
        "findings": sum(by_severity.values()),
        "by_severity": {s.value: by_severity.get(s.value, 0) for s in Severity},
        "by_check": dict(sorted(by_check.items())),
        "fail_on": fail_on.value,
        "failing": failing,
        "empty_files": n_empty,
        "skipped_units": dict(sorted(skipped.items())),
        "errors": n_errors,
    }


@dataclass
class Report:
    """The result of a scan: one `FileReport` per input, with the run's signature."""

    files: list[FileReport]
    signature: str
    version: str
    fail_on: Severity = Severity.MAJOR

    @property
    def findings(self) -> list[Finding]:
        return [f for report in self.files for f in report.findings]

    @property
    def summary(self) -> dict[str, Any]:
        return summarize(self.files, self.fail_on)

    @property
    def failed(self) -> bool:
        return any(sev >= self.fail_on for r in self.files for (_check, sev), n in r.counts().items() if n)

    @property
    def errors(self) -> list[FileReport]:
        """The files that could not be read (or not to the end)."""
        return [r for r in self.files if r.error is not None]

    def to_dict(self) -> dict[str, Any]:
        return {
            "mtqa": {"version": self.version, "signature": self.signature},
            "files": [f.to_dict() for f in self.files],
            "summary": self.summary,
        }


def merge_findings(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per (code, span), sorted by position: the deterministic order of every report."""
    unique: dict[tuple[str, int, int], Finding] = {}
    for finding in findings:
        unique.setdefault((finding.code, finding.start, finding.end), finding)
    return sorted(unique.values(), key=lambda f: (f.start, f.end, f.code))
