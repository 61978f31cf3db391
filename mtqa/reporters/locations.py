"""Where a finding ends, and how a path is written in CI formats (shared by sarif, github, junit, html)."""

from __future__ import annotations

import os
from pathlib import Path

from mtqa.model import Finding, Severity


def end_line_column(finding: Finding) -> tuple[int, int]:
    """The 1-based line and column just after the flagged text (end exclusive, like SARIF's endColumn)."""
    text = finding.text
    newlines = text.count("\n")
    if newlines == 0:
        return finding.line, finding.column + len(text)
    return finding.line + newlines, len(text) - text.rfind("\n")


def display_path(path: str) -> str:
    """A path relative to the working folder when it is inside it, with forward slashes."""
    if path == "-":
        return path
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return Path(path).as_posix()


# SARIF / GitHub levels: what fails a review is an error, what should be looked at a warning.
LEVELS = {Severity.CRITICAL: "error", Severity.MAJOR: "error", Severity.MINOR: "warning", Severity.NEUTRAL: "note"}
