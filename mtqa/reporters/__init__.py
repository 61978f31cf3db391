"""Output formats, one module each, looked up by name."""

from __future__ import annotations

from mtqa.errors import UsageError
from mtqa.reporters.base import Reporter
from mtqa.reporters.github import GithubReporter
from mtqa.reporters.html import HtmlReporter
from mtqa.reporters.json_ import JsonReporter
from mtqa.reporters.jsonl import JsonLinesReporter
from mtqa.reporters.junit import JunitReporter
from mtqa.reporters.sarif import SarifReporter
from mtqa.reporters.text import TextReporter

REPORTERS: dict[str, type[Reporter]] = {
    cls.name: cls
    for cls in (TextReporter, JsonReporter, JsonLinesReporter, SarifReporter, JunitReporter, GithubReporter,
                HtmlReporter)
}


def reporter_class(name: str) -> type[Reporter]:
    try:
        return REPORTERS[name]
    except KeyError:
        raise UsageError(f"unknown format '{name}' (known: {', '.join(REPORTERS)})") from None


__all__ = ["REPORTERS", "Reporter", "reporter_class"]
