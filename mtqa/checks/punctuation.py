"""Per-language punctuation conventions, kept as data in `packs/punctuation/`."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from mtqa.checks.base import Check, Example, UnitContext
from mtqa.errors import PackError
from mtqa.langid.word_evidence import has_lexicon, lean
from mtqa.model import Hit, Severity
from mtqa.text.markup import protected_spans, tags
from mtqa.text.placeholders import DEFAULT_SYNTAX, syntax_for
from mtqa.text.unit_kinds import KEYWORDS
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
    Spanish, German, Italian, Portuguese and Dutch, a space before , ; : ! ?. Marks that are syntax are
    left alone: inside placeholders, tags, URLs, e-mail addresses, HTML entities (`&raquo;`), code,
    CSS and regex classes, ICU syntax; a colon or semicolon glued to what follows (`installed:true`,
    `How-to:-Esync`, `a;b;c;` keyword lists) or to an identifier (`notification.type:`).
    Why: typography conventions differ by language and MT often carries the source's over.
    Example: French "Image: Tech Crunch" flags ":".
    Instead: "Image\u00a0: Tech Crunch" (a no-break space before the colon).
    """

    code = "PU001"
    name = "punctuation-spacing"
    category = "locale-convention/punctuation"
    severity = Severity.MINOR

    def check(self, ctx: UnitContext) -> Iterator[Hit]:
        rules = [rule for rule in spacing_rules() if ctx.target_base in rule.languages]
        if not rules or _copied(ctx):
            return
        text = ctx.text
        matches = [(rule, m) for rule in rules for m in rule.pattern.finditer(text)]  # vetted by a test
        if not matches:
            return
        syntax = syntax_for(ctx.source, ctx.unit.flags, text) | DEFAULT_SYNTAX if ctx.source else DEFAULT_SYNTAX
        protected = sorted(protected_spans(text, syntax))
        markup = [(t.start, t.end) for t in tags(text)]
        for rule, match in matches:
            mark = match.start() + len(match.group()) - len(match.group().lstrip(" \u00a0\u202f"))
            if any(s <= mark < e for s, e in protected) or _is_syntax(text, mark, markup, ctx.kind.kind):
                continue
            suggestion = rule.render(rule.suggestion, match) if rule.suggestion is not None else None
            yield Hit(match.start(), match.end(), rule.render(rule.message, match), suggestion=suggestion)


def _copied(ctx: UnitContext) -> bool:
    """The target copies a source whose words belong to the source language ("Free shipping: Not Enabled" in
    a French file, not "Position:" or "Wrapper:"): its typography is the source's, and the copy is what a
    reviewer must fix (untranslated reports it)."""
    source, target, lang = ctx.unit.source, ctx.target_base, ctx.source_base
    if not source or source.strip() != ctx.text.strip() or not lang or not target or lang == target:
        return False
    if not (has_lexicon(lang) and has_lexicon(target)):
        return False
    words = [w.lower() for w in _LETTERS.findall(source)]
    # One word ("Wrapper:") may be a term the target keeps; its typography is then the target's.
    return len(words) >= 2 and sum(lean(w, target, lang) for w in words) / len(words) >= _SOURCE_LEAN


# How much more frequent in the source language than in the target a copy's words are, on average, for the
# copy to be text left in the source language (log10 of the ratio of frequencies).
_SOURCE_LEAN = 1.0
_LETTERS = regex.compile(r"\p{L}{2,}")


_IDENTIFIER_BEFORE = regex.compile(r"[\w-]+[._][\w.-]*$")
# Tags that end a line or a block: a mark before one is the end of a phrase, whatever follows.
_BREAK_TAG = regex.compile(r"</?(?:br|p|div|li|ul|ol|tr|td|th|dd|dt|h[1-6]|hr|table|blockquote)\b", regex.I)
_SPACE_ENTITY = regex.compile(r"&(?:nbsp|ensp|emsp|thinsp|#160|#x[aA]0|#32|#x20|#8239|#x202[fF]);")


def _is_syntax(text: str, at: int, markup: list[tuple[int, int]], kind: str) -> bool:
    """Whether the ':' or ';' at `at` is syntax: glued to what follows (tags skipped), after an
    identifier, or a keyword-list separator."""
    mark = text[at]
    if mark not in ":;":
        return False
    if mark == ";" and kind == KEYWORDS:
        return True
    after = at + 1
    line_break = False
    while True:
        tag = next((e for s, e in markup if s == after), None)
        if tag is None:
            break
        line_break = line_break or _BREAK_TAG.match(text, after) is not None
        after = tag
    if after < len(text) and (text[after].isalnum() or text[after] in "-#/_\"'[({"):
        return not line_break  # "suivants :<br/>Vous..." ends a line; "installed:true" is syntax
    if text.startswith("&", after) and not _SPACE_ENTITY.match(text, after) and not line_break:
        return True  # an entity glued to the mark: "playtime:<i>&gt;2 hours"
    return bool(_IDENTIFIER_BEFORE.search(text, 0, at))


PunctuationSpacing.examples = _rule_examples()

CHECKS = (PunctuationSpacing,)
