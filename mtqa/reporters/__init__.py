"""Output formats, one module each, looked up by name; a format's module is imported when first used.

May import: errors, model, version, util, checks, suppression
"""

from __future__ import annotations

from mtqa.errors import UsageError
from mtqa.reporters.base import Reporter
from mtqa.util.lazyload import LazyTable

REPORTERS: LazyTable[type[Reporter]] = LazyTable({
    "text": "mtqa.reporters.text:TextReporter",
    "json": "mtqa.reporters.json_:JsonReporter",
    "jsonl": "mtqa.reporters.jsonl:JsonLinesReporter",
    "sarif": "mtqa.reporters.sarif:SarifReporter",
    "junit": "mtqa.reporters.junit:JunitReporter",
    "github": "mtqa.reporters.github:GithubReporter",
    "html": "mtqa.reporters.html:HtmlReporter",
})


def reporter_class(name: str) -> type[Reporter]:
    try:
        return REPORTERS[name]
    except KeyError:
        raise UsageError(f"unknown format '{name}' (known: {', '.join(REPORTERS)})") from None


__all__ = ["REPORTERS", "Reporter", "reporter_class"]
