"""Fluency checks on the target text alone: a word written twice."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from mtqa.checks.base import Check, Example, UnitContext
from mtqa.model import Hit, Severity
from mtqa.util.datafiles import builtin_data

# The standard library's engine runs this backreference pattern about twice as fast as `regex`.
# [^\W\d_] is a letter; the lookarounds take whole words only (no letter, digit, hyphen or apostrophe around).
_REPEAT = re.compile(r"(?<![\w\-'’])([^\W\d_]+)([ \t\u00a0]+)(\1)(?![\w\-'’])", re.IGNORECASE)


@functools.lru_cache(maxsize=32)
def _allowed_repeats(lang: str | None) -> frozenset[str]:
    data = builtin_data(lang or "", "repetition") if lang else None
    return frozenset(word.lower() for word in (data or {}).get("allowed", ()))


class RepeatedWord(Check):
    """A word written twice in a row ("le le", "the the").

    Flags: the same word twice in a row, separated only by spaces, ignoring case, except pairs the
    target language uses on purpose ("nous nous", "vous vous" in French; "had had" in English).
    Why: a doubled word is a typing or MT decoding slip that readers notice at once.
    Example: "Il a vu le le chat." flags "le le".
    Instead: keep one of the words: "Il a vu le chat."
    """

    code = "FL001"
    name = "repeated-word"
    category = "fluency/grammar"
    severity = Severity.MINOR
    examples = (
        Example("Il a vu le le chat.", True, span="le le"),
        Example("Nous nous sommes levés tôt.", False),
        Example("She said that that was fine.", False, target_lang="en"),
        Example("The the report is late.", True, target_lang="en", span="The the"),
    )

    def check(self, ctx: UnitContext) -> Iterator[Hit]:
        allowed = _allowed_repeats(ctx.target_base)
        for match in _REPEAT.finditer(ctx.text):
            word = match.group(1)
            if word.lower() in allowed or len(word) == 1 and not word.isalpha():
                continue
            yield Hit(match.start(), match.end(), f"'{word}' is repeated", suggestion=word)


CHECKS = (RepeatedWord,)
