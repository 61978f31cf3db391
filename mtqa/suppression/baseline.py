"""Baselines: record today's findings, then report only new ones.

A finding is identified by a fingerprint of its file (relative to the baseline file's folder), its
check, its unit id, the flagged text and a little of the text around it on the same line, all with
whitespace normalised. Offsets and line numbers are left out, so edits elsewhere in the file do not
invalidate the baseline. Numeric unit ids (line numbers of a TSV) are positions too, and left out.
The same fingerprint may occur several times; the baseline keeps a count, and only occurrences beyond it
are new.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mtqa.errors import ConfigError
from mtqa.model import Finding, Unit
from mtqa.util.io import atomic_write, problem, read_limited
from mtqa.util.jsonsafe import dumps
from mtqa.version import __version__

FORMAT_VERSION = 1
CONTEXT_CHARS = 24


def _squash(text: str) -> str:
    return " ".join(text.split())


def context(unit: Unit, finding: Finding) -> tuple[str, str]:
    """Up to CONTEXT_CHARS of the unit's text on each side of the finding, on the same line."""
    text = unit.target
    start = max(0, finding.start - unit.offset)
    end = min(len(text), max(start, finding.end - unit.offset))
    before = text[max(0, start - CONTEXT_CHARS) : start].rsplit("\n", 1)[-1]
    after = text[end : end + CONTEXT_CHARS].split("\n", 1)[0]
    return _squash(before), _squash(after)


def normalized_path(path: str, base: Path) -> str:
    if path == "-":
        return "-"
    absolute = Path(os.path.abspath(path))
    try:
        return Path(os.path.relpath(absolute, base)).as_posix()
    except ValueError:  # another drive on Windows
        return absolute.as_posix()


def fingerprint(path: str, unit: Unit, finding: Finding) -> str:
    unit_id = finding.unit if finding.unit and not finding.unit.isdigit() else ""
    before, after = context(unit, finding)
    key = "\x1f".join((path, finding.check, unit_id, _squash(finding.text), before, after))
    # surrogatepass: a lone surrogate (from a JSON escape or a non-UTF-8 file name) hashes like any text
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:20]


@dataclass
class Entry:
    fingerprint: str
    path: str
    check: str
    code: str
    unit: str | None
    text: str
    line: int
    message: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _base_dir(baseline_file: str | Path) -> Path:
    return Path(os.path.abspath(baseline_file)).parent


@dataclass
class BaselineRecorder:
    """A scan stage that records every finding that reaches it (see `mtqa.run.runner.FindingFilter`)."""

    baseline_file: str
    entries: list[Entry] = field(default_factory=list)

    def start_file(self, path: str, checker: object) -> None:
        pass

    def unit(self, path: str, unit: Unit, findings: list[Finding]) -> list[Finding]:
        rel = normalized_path(path, _base_dir(self.baseline_file))
        for f in findings:
            self.entries.append(Entry(fingerprint(rel, unit, f), rel, f.check, f.code, f.unit, f.text, f.line,
                                      f.message))
        return findings

    def end_file(self, path: str) -> list[tuple[Unit, Finding]]:
        return []

    def write(self) -> int:
        entries = sorted(self.entries, key=lambda e: (e.path, e.line, e.check, e.fingerprint))
        data = {"mtqa_baseline": FORMAT_VERSION, "mtqa_version": __version__,
                "findings": [e.to_dict() for e in entries]}
        with atomic_write(self.baseline_file) as out:
            out.write(dumps(data, indent=1) + "\n")
        return len(entries)


# Each field of a recorded finding and the types it may hold.
_FIELDS: dict[str, tuple[type, ...]] = {"fingerprint": (str,), "path": (str,), "check": (str,), "code": (str,),
                                        "unit": (str, type(None)), "text": (str,), "line": (int,), "message": (str,)}
MAX_BASELINE_BYTES = 256 << 20


def _entry(item: Any, index: int, baseline_file: str) -> Entry:
    where = f"finding {index + 1}"
    if not isinstance(item, dict):
        raise ConfigError(baseline_file, f"malformed baseline: {where} is not an object")
    unknown = sorted(set(item) - set(_FIELDS))
    missing = [key for key in _FIELDS if key not in item]
    if unknown or missing:
        what = f"unknown key(s) {', '.join(map(repr, unknown))}" if unknown else f"no {', '.join(missing)}"
        raise ConfigError(baseline_file, f"malformed baseline: {where} has {what}"[:200])
    for key, types in _FIELDS.items():
        value = item[key]
        if isinstance(value, bool) or not isinstance(value, types):
            raise ConfigError(baseline_file, f"malformed baseline: {where}: '{key}' must be "
                                             f"{' or '.join('null' if t is type(None) else t.__name__ for t in types)}")
    return Entry(**item)


def load_entries(baseline_file: str) -> list[Entry]:
    try:
        raw = read_limited(baseline_file, MAX_BASELINE_BYTES)
    except FileNotFoundError:
        raise ConfigError(baseline_file, "baseline file not found (create it with `mtqa baseline`)") from None
    except OSError as exc:
        raise ConfigError(baseline_file, f"cannot read the baseline: {problem(exc)}") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(baseline_file, f"not a readable baseline file: not UTF-8 (byte {exc.start})") from None
    except (ValueError, RecursionError) as exc:
        raise ConfigError(baseline_file, f"not a readable baseline file: {str(exc)[:120]}") from None
    version = data.get("mtqa_baseline") if isinstance(data, dict) else None
    if type(version) is not int or version != FORMAT_VERSION:
        raise ConfigError(baseline_file, f"not an mtqa baseline (format {FORMAT_VERSION}) file")
    findings = data.get("findings")
    if not isinstance(findings, list):
        raise ConfigError(baseline_file, "malformed baseline: 'findings' must be a list")
    return [_entry(item, index, baseline_file) for index, item in enumerate(findings)]


@dataclass
class BaselineFilter:
    """A scan stage that drops findings recorded in a baseline and remembers which recorded ones are gone."""

    baseline_file: str
    entries: list[Entry] = field(default_factory=list)
    known: int = 0
    new: int = 0
    _allowed: Counter[str] = field(default_factory=Counter)
    _seen: Counter[str] = field(default_factory=Counter)
    _scanned: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.entries = load_entries(self.baseline_file)
        self._allowed = Counter(e.fingerprint for e in self.entries)

    def start_file(self, path: str, checker: object) -> None:
        self._scanned.add(normalized_path(path, _base_dir(self.baseline_file)))

    def unit(self, path: str, unit: Unit, findings: list[Finding]) -> list[Finding]:
        rel = normalized_path(path, _base_dir(self.baseline_file))
        fresh = []
        for finding in findings:
            key = fingerprint(rel, unit, finding)
            self._seen[key] += 1
            if self._seen[key] <= self._allowed[key]:
                self.known += 1
            else:
                self.new += 1
                fresh.append(finding)
        return fresh

    def end_file(self, path: str) -> list[tuple[Unit, Finding]]:
        return []

    def fixed(self) -> list[Entry]:
        """Recorded findings of the scanned files that this scan no longer produced."""
        remaining = Counter(self._allowed)
        remaining.subtract(self._seen)
        out = []
        for entry in self.entries:
            if entry.path in self._scanned and remaining[entry.fingerprint] > 0:
                remaining[entry.fingerprint] -= 1
                out.append(entry)
        return out

    def summary_lines(self) -> list[str]:
        fixed = self.fixed()
        lines = [f"mtqa: baseline {self.baseline_file}: {self.new} new finding(s), {self.known} known "
                 f"(not reported), {len(fixed)} fixed"]
        lines += [f"  fixed: {e.path}:{e.line} {e.code} {e.check} {e.text!r}" for e in fixed]
        return lines
