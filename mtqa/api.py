"""The library API: scan text or files and get a `Report` back."""

from __future__ import annotations

import io
from pathlib import Path

from mtqa.config import Config, discover_config
from mtqa.model import Report, Unit
from mtqa.readers import Document
from mtqa.reporters import reporter_class
from mtqa.run.pipeline import Checker
from mtqa.run.runner import scan_documents, scan_paths
from mtqa.suppression.directives import SuppressionFilter


def _with_languages(config: Config, source_lang: str | None, target_lang: str | None) -> Config:
    """The config with the call's languages applied (checked and canonical, like the command line's)."""
    return config.updated({"source_lang": source_lang or None, "target_lang": target_lang or None})


def scan_text(
    text: str,
    source: str | None = None,
    source_lang: str | None = None,
    target_lang: str | None = None,
    config: Config | None = None,
    reference: str | None = None,
) -> Report:
    """Check one translated text (and its source, when given). Inline `<!-- mtqa: ignore[...] -->`
    directives in the text apply, as on the command line.

    Examples:
        >>> report = scan_text("Il a vu le le chat.", target_lang="fr")
        >>> [(f.check, f.text) for f in report.findings]
        [('repeated-word', 'le le')]
    """
    config = _with_languages(config or Config(), source_lang, target_lang)
    checker = Checker(config)
    unit = Unit(target=text, source=source, reference=reference)
    return scan_documents([Document("<text>", iter([unit]))], checker, filters=[SuppressionFilter()])


def scan_file(
    path: str | Path,
    source_lang: str | None = None,
    target_lang: str | None = None,
    config: Config | None = None,
    input_format: str | None = None,
) -> Report:
    """Check a file; without `config`, the nearest mtqa.toml / pyproject.toml [tool.mtqa] applies.
    Suppression directives in the file (`mtqa: ignore[...]` in unit notes, inline comments) apply, as on
    the command line."""
    config = _with_languages(config or discover_config(path), source_lang, target_lang)
    return scan_paths([str(path)], Checker(config), input_format=input_format, filters=[SuppressionFilter()])


def render(report: Report, format: str = "json") -> str:
    """A finished report as text in one of the output formats (no excerpts in `text` this way)."""
    buffer = io.StringIO()
    reporter = reporter_class(format)(buffer, fail_on=report.fail_on)
    reporter.begin(report.version, report.signature)
    for file_report in report.files:
        reporter.start_file(file_report.path, file_report.source_lang, file_report.target_lang)
        reporter.languages(file_report)
        reporter.end_file(file_report)
    reporter.end(report)
    return buffer.getvalue()
