"""Pack-driven checks: scale words, calques and false friends carried over from the source language.

The knowledge lives in TOML packs (see `mtqa.checks.packs`); these classes only pick the entries for
the unit's language pair and turn their matches into hits.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from mtqa.checks.base import Check, Example, UnitContext
from mtqa.checks.packs import MATCH_TIMEOUT, Entry, EntryGroup, builtin_packs, entries_for, group_entries, packs_for
from mtqa.model import Hit, Severity


class _PackCheck(Check):
    """Shared body: run every entry of the unit's language pair whose `check` is this check's name."""

    def applies_to(self, ctx: UnitContext) -> bool:
        return bool(ctx.target_base)

    def _entries(self, ctx: UnitContext) -> EntryGroup:
        config = getattr(ctx.services, "config", None)
        key = (ctx.source_base, ctx.target_base, tuple(getattr(config, "packs", None) or ()))
        cache = self.__dict__.setdefault("_entry_cache", {})
        group = cache.get(key)
        if group is None:
            packs = packs_for(ctx.services, ctx.source_base, ctx.target_base)
            group = cache[key] = group_entries(entries_for(packs, self.name, ctx.source_base, ctx.target_base))
        return group  # type: ignore[no-any-return]

    def check(self, ctx: UnitContext) -> Iterator[Hit]:
        def timed_out(entry: Entry) -> None:  # once per pattern and file, in the report's skipped checks
            ctx.document.skipped.setdefault(
                f"{self.name} {entry.qualified_id}",
                f"its pattern ran over {MATCH_TIMEOUT} s on a unit and was abandoned there; simplify it "
                f"({entry.path})")

        group = self._entries(ctx)
        if not group.entries:
            return
        for entry in group.applicable(ctx.text):
            for match in entry.find(ctx.text, ctx.source, timed_out):
                confidence = entry.confidence or (0.9 if entry.precision == "high" else 0.75)
                yield Hit(
                    match.start,
                    match.end,
                    f"{match.message} [{entry.qualified_id}]",
                    suggestion=match.suggestion,
                    confidence=confidence,
                    severity=Severity.parse(entry.severity) if entry.severity else None,
                )


@functools.lru_cache(maxsize=8)
def _pack_examples(check: str) -> tuple[Example, ...]:
    out: list[Example] = []
    for pack in builtin_packs():
        for entry in pack.entries:
            if entry.check != check:
                continue
            for example, flagged in [(e, True) for e in entry.bad] + [(e, False) for e in entry.good]:
                out.append(Example(example.text, flagged, source=example.source, target_lang=pack.target,
                                   source_lang=pack.source))
    return tuple(out)


class NumberCalque(_PackCheck):
    """A number written with the source language's scale words ("1 000 millions" for "1 milliard").

    Flags: a count of millions that makes whole thousands of millions ("1 000 millions", "30 000
    millions", "5,000 million"), and, when the source is given, a scale word that means a different
    power of ten in the two languages (English "billion" rendered as French "billion" = 10^12).
    Why: Spanish, Portuguese and Italian say "mil millones"; MT copies the grouping, and "billion"
    is 10^9 in English but 10^12 in French, Spanish and German: the amount is wrong or reads oddly.
    Example: "Microsoft investirait 1 000 millions de dollars" flags "1 000 millions".
    Instead: the target's own scale word: "1 milliard de dollars"; "30 milliards".
    """

    code = "NU001"
    name = "number-calque"
    category = "locale-convention/number-format"
    severity = Severity.MAJOR


class Calque(_PackCheck):
    """A construction copied word for word from the source language.

    Flags: target phrases from the language pair's calque pack, e.g. Spanish "hace días" rendered as
    French "il y a des jours" before a verb. Entries with a source guard fire only when the source
    has the construction; without a source text, only the pack's high-precision entries fire.
    Why: a calque is grammatical-looking but unidiomatic or wrong in the target; readers stumble.
    Example: "Il y a des jours a réitéré sa plainte" flags "Il y a des jours".
    Instead: the target's idiom: "Il y a quelques jours, il a réitéré sa plainte".
    """

    code = "CA001"
    name = "calque"
    category = "fluency/style"
    severity = Severity.MINOR


class FalseFriend(_PackCheck):
    """A word that looks like the source word but means something else in the target.

    Flags: false friends from the language pair's pack, e.g. Spanish "actualmente" (currently)
    rendered as French "actuellement" is fine, but English "actually" rendered as French
    "actuellement" (currently) is not. With a source text the entry fires only when the source has
    the misleading word; without one, only high-precision entries fire.
    Why: the sentence reads fluently and says something the source did not.
    Example: source "They actually won." with target "Ils ont actuellement gagné." flags "actuellement".
    Instead: the word with the source's meaning: "Ils ont en fait gagné."
    """

    code = "CA002"
    name = "false-friend"
    category = "accuracy/mistranslation"
    severity = Severity.MAJOR


class _PackExamples:
    """`examples` of a pack check, read from the packs on first use so that importing mtqa stays fast."""

    def __get__(self, obj: object, owner: type[Check]) -> tuple[Example, ...]:
        return _pack_examples(owner.name)


NumberCalque.examples = _PackExamples()  # type: ignore[assignment]
Calque.examples = _PackExamples()  # type: ignore[assignment]
FalseFriend.examples = _PackExamples()  # type: ignore[assignment]

CHECKS = (NumberCalque, Calque, FalseFriend)
