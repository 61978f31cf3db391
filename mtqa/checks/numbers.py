"""The number-mismatch check: a number of the translation that its source does not state."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mtqa.checks.base import Check, Example, UnitContext
from mtqa.model import Hit, Severity
from mtqa.text.markup import protected_spans
from mtqa.text.numerals import CJK_LANGS, confirmed, lexicon, month_values, source_values, target_numbers


def _masked(text: str) -> str:
    """The text with placeholders, tags, URLs and e-mails blanked out (their digits are not content)."""
    chars = list(text)
    for start, end in protected_spans(text):
        chars[start:end] = " " * (end - start)
    return "".join(chars)


class NumberMismatch(Check):
    """A number in the translation that the source does not state.

    Flags: numbers of the target (digits in any locale format, and number words when mtqa knows the
    number words of both languages) that match no number of the source. "3,5" and "3.5", "1 000" and
    "1,000", "1,5 millones" and "1.5 million", "28万" and "280,000", "tenth" and "第十" all match;
    times and dates are compared part by part, and codes such as "COVID-19" or "A380" are skipped.
    Why: a changed number silently changes the meaning: a price, a dose, a date, a count.
    Example: source "Bisher wurden 28.000 Tote registriert." with target "So far 24,000 deaths were
    registered." flags "24,000".
    Instead: the source's number in the target's format: "28,000".
    """

    code = "NU002"
    name = "number-mismatch"
    category = "accuracy/mistranslation"
    severity = Severity.MAJOR
    needs_source = True
    examples = (
        Example("So far 24,000 deaths were registered.", True, source="Bisher wurden 28.000 Tote registriert.",
                target_lang="en", source_lang="de", span="24,000"),
        Example("So far 28,000 deaths were registered.", False, source="Bisher wurden 28.000 Tote registriert.",
                target_lang="en", source_lang="de"),
        Example("Il mesure 3.5 mètres et coûte 1 000 euros.", False,
                source="It is 3,5 metres long and costs 1,000 euros.",
                target_lang="fr", source_lang="en"),
        Example("1.5 million people live there.", False, source="Allí viven 1,5 millones de personas.",
                target_lang="en", source_lang="es"),
        Example("The three opposition parties agreed.", True, source="Die zwei Oppositionsfraktionen waren sich einig.",
                target_lang="en", source_lang="de", span="three"),
        Example("It rained for nine days in Beijing.", True, source="北京下了三天雨。", target_lang="en",
                source_lang="zh", span="nine"),
        Example("At 15:50 on July 24, COVID-19 cases rose.", False, source="7月24日15时50分，新冠病例上升。",
                target_lang="en", source_lang="zh"),
    )

    def check(self, ctx: UnitContext) -> Iterator[Hit]:
        source_known = lexicon(ctx.source_base) is not None or ctx.source_base in CJK_LANGS
        words = source_known and lexicon(ctx.target_base) is not None
        mentions = target_numbers(ctx.text, ctx.target_base, words=words, skip=protected_spans(ctx.text))
        if not mentions:
            return  # only a number of the target can be flagged
        source = _masked(ctx.source or "")
        source_set = source_values(source, ctx.source_base)
        with_months = source_set | month_values(source, ctx.source_base)
        unmatched = []
        for mention in mentions:
            surface = ctx.text[mention.start:mention.end]
            if confirmed(mention, with_months if mention.date_part else source_set) or (
                    not mention.is_word and surface in source):
                continue
            value = mention.readings[0][0]
            if value == 0 or mention.is_word and value <= 1:
                continue  # "one", "un", "first": articles and pronouns as often as numbers; ":00" minutes
            if not source_known and value.is_integer() and value <= 12:
                continue  # the source may spell it as a word mtqa cannot read
            unmatched.append(mention)
        missing = self._missing(ctx, mentions) if unmatched else []
        for mention in unmatched:
            surface = ctx.text[mention.start:mention.end]
            suggestion = missing[0] if len(unmatched) == 1 and len(missing) == 1 else None
            hint = f" (the source has {', '.join(missing[:3])})" if missing else ""
            yield Hit(mention.start, mention.end, f"'{surface}' matches no number in the source{hint}",
                      suggestion=suggestion, confidence=0.7 if mention.is_word else 0.9)

    @staticmethod
    def _missing(ctx: UnitContext, mentions: list[Any]) -> list[str]:
        """Source numbers (digits) the target does not state."""
        source = ctx.source or ""
        target_set = source_values(ctx.text, ctx.target_base)
        out = []
        for mention in target_numbers(source, ctx.source_base, words=False):
            if not confirmed(mention, target_set):
                out.append(source[mention.start:mention.end])
        return out


CHECKS = (NumberMismatch,)
