"""Per-language punctuation conventions, kept as data in `packs/punctuation/`."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from mtqa.checks.base import Check, Example, UnitContext
from mtqa.errors import PackError
from mtqa.model import Hit, Severity
from mtqa.util.datafiles import builtin_data, check_keys

_RULE_KEYS = ("id", "languages", "pattern", "message", "suggestion", "bad", "good")
_DATA_FILE = "packs/punctuation/spacing.toml"


@dataclass(frozen=True)
class SpacingRule:
    id: str
    languages: frozenset[str]
    pattern: regex.Pattern[str]
    message: str
    suggestion: str | None
    bad: tuple[str, ...]
    good: tuple[str, ...]

    def render(self, template: str, match: regex.Match[str]) -> str:
        mark = match.group(0).strip(" \u00a0\u202f")
        return template.replace("{match}", match.group(0)).replace("{mark}", mark)


@functools.lru_cache(maxsize=1)
def spacing_rules() -> tuple[SpacingRule, ...]:
    data = builtin_data("punctuation", "spacing") or {}
    check_keys(data, allowed=("version", "rule"), path=_DATA_FILE)
    rules = []
    seen: set[str] = set()
    for raw in data.get("rule", []):
        entry = str(raw.get("id", "?"))
        check_keys(raw, allowed=_RULE_KEYS, required=("id", "languages", "pattern", "message"), path=_DATA_FILE,
                   entry=entry)
        if entry in seen:
            raise PackError(_DATA_FILE, "duplicate id", entry)
        seen.add(entry)
        try:
            pattern = regex.compile(raw["pattern"])
        except regex.error as exc:
            raise PackError(_DATA_FILE, f"bad pattern: {exc}", entry) from None
        rules.append(
            SpacingRule(entry, frozenset(raw["languages"]), pattern, raw["message"], raw.get("suggestion"),
                        tuple(raw.get("bad", ())), tuple(raw.get("good", ()))),
        )
    return tuple(rules)


def _rule_examples() -> tuple[Example, ...]:
    out: list[Example] = []
    for rule in spacing_rules():
        lang = sorted(rule.languages)[0]
        out += [Example(text, True, target_lang=lang) for text in rule.bad]
        out += [Example(text, False, target_lang=lang) for text in rule.good]
    return tuple(out)


class PunctuationSpacing(Check):
    """Spacing around punctuation that breaks the target language's convention.

    Flags: in French, ; : ! ? glued to the word before and « » without inner spaces; in English,
    Spanish, German, Italian, Portuguese and Dutch, a space before , ; : ! ?.
    Why: typography conventions differ by language and MT often carries the source's over.
    Example: French "Image: Tech Crunch" flags ":".
    Instead: "Image\u00a0: Tech Crunch" (a no-break space before the colon).
    """

    code = "PU001"
    name = "punctuation-spacing"
    category = "locale-convention/punctuation"
    severity = Severity.MINOR

    def check(self, ctx: UnitContext) -> Iterator[Hit]:
        for rule in spacing_rules():
            if ctx.target_base not in rule.languages:
                continue
            for match in rule.pattern.finditer(ctx.text):  # built-in rules, vetted by a test
                suggestion = rule.render(rule.suggestion, match) if rule.suggestion is not None else None
                yield Hit(match.start(), match.end(), rule.render(rule.message, match), suggestion=suggestion)


PunctuationSpacing.examples = _rule_examples()

CHECKS = (PunctuationSpacing,)
