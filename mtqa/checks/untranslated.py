"""The untranslated check: target text that copies its source instead of translating it."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

import regex

from mtqa.checks.base import Check, Example, UnitContext
from mtqa.checks.language import language_name, span_finder
from mtqa.langid.code_switch import PAIR_GUARDS, SpanFinder, clause_features, title_list
from mtqa.langid.word_evidence import has_lexicon, lean
from mtqa.model import Hit, Severity

_TOKEN = regex.compile(r"[\p{L}\p{N}][\p{L}\p{M}\p{N}'’\-]*")
# A copied span shorter than this (in words) is likely a name, a title or a shared phrase.
MIN_COPIED_WORDS = 5
# Edge words of a copied run that are about as frequent in the target as in the source are not copies.
SHARED_EDGE_LEAN = 0.5


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_TOKEN.findall(text))


def _translatable(masked: str) -> bool:
    """Enough ordinary words left after masking names, numbers, codes and loanwords."""
    letters, lower = clause_features(masked)
    return letters >= 10 and lower >= 2


class Untranslated(Check):
    """Target text that copies the source: the whole segment, or a run of words taken over verbatim.

    Flags: (bitext) a target equal to its source (ignoring case, spacing and punctuation), or a run of
    at least 5 words copied from the source that the language identifier, limited to {target, source},
    assigns to the source language. Strings that legitimately stay the same are not flagged: names,
    numbers, URLs, e-mail addresses, code, placeholders, accepted loanwords and short brand strings
    (a target needs at least 2 ordinary lower-case words left after masking those).
    Why: a copy of the source is the most common MT failure on hard input, and reference-free metrics
    often score it higher than a real translation.
    Example: source "Click here to download the latest version." with target the same text (en->fr).
    Instead: translate it: "Cliquez ici pour télécharger la dernière version."
    """

    code = "LG002"
    name = "untranslated"
    category = "accuracy/untranslated"
    severity = Severity.MAJOR
    needs_source = True
    examples = (
        Example("Click here to download the latest version.", True,
                source="Click here to download the latest version.", target_lang="fr", source_lang="en",
                span="Click here to download the latest version."),
        Example("Cliquez ici pour télécharger la dernière version.", False,
                source="Click here to download the latest version.", target_lang="fr", source_lang="en"),
        Example("Microsoft Teams", False, source="Microsoft Teams", target_lang="fr", source_lang="en"),
        Example("https://example.com/docs 2.4.1", False, source="https://example.com/docs 2.4.1",
                target_lang="fr", source_lang="en"),
        Example("Voir la note : the system will restart automatically after the update.", True,
                source="See the note: the system will restart automatically after the update.",
                target_lang="fr", source_lang="en",
                span="the system will restart automatically after the update"),
    )

    def check(self, ctx: UnitContext) -> Iterator[Hit]:
        source, target = ctx.source or "", ctx.text
        target_lang, source_lang = ctx.target_base, ctx.source_base
        if not target_lang or source_lang == target_lang:
            return
        finder = span_finder(ctx)
        normalised = _normalise(source)
        if normalised and normalised == _normalise(target):
            masked = finder.masked(target, target_lang)
            if _translatable(masked) and not self._reads_as_target(finder, masked, target_lang, source_lang):
                start, end = _strip(target)
                yield Hit(start, end, "the target is a copy of the source", confidence=1.0)
            return
        best = _longest_copy(source, target)
        if best is None:
            return
        start, end = _trim_shared_edges(target, best, target_lang, source_lang)
        if title_list(target, start, end):
            return
        piece = finder.masked(target, target_lang)[start:end]
        letters, lower = clause_features(piece)
        if letters < 20 or lower < 3 or not source_lang:
            return
        detection = finder.detector.detect(piece, (target_lang, source_lang))
        if detection is None or detection.lang != source_lang or detection.confidence < PAIR_GUARDS.min_confidence:
            return
        yield Hit(start, end, f"copied from the source without translation ({language_name(source_lang)}, "
                              f"confidence {detection.confidence:.2f})", confidence=detection.confidence)

    @staticmethod
    def _reads_as_target(finder: SpanFinder, masked: str, target: str, source: str | None) -> bool:
        """A string that is also good target-language text (close languages share words)."""
        if not source:
            return False
        detection = finder.detector.detect(masked, (target, source))
        return detection is not None and detection.lang == target and detection.confidence >= 0.5


def _strip(text: str) -> tuple[int, int]:
    start, end = 0, len(text)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _trim_shared_edges(text: str, span: tuple[int, int], target: str, source: str | None) -> tuple[int, int]:
    """Drop edge words of a copied run that are just as much target-language words ("note")."""
    words = list(_TOKEN.finditer(text, *span))
    if not source or not has_lexicon(target) or not has_lexicon(source):
        return span
    while len(words) > 1 and lean(words[0].group(), target, source) < SHARED_EDGE_LEAN:
        words.pop(0)
    while len(words) > 1 and lean(words[-1].group(), target, source) < SHARED_EDGE_LEAN:
        words.pop()
    return words[0].start(), words[-1].end()


def _longest_copy(source: str, target: str) -> tuple[int, int] | None:
    """Target offsets of the longest run of >= MIN_COPIED_WORDS words that also occurs in the source.

    Linear: every MIN_COPIED_WORDS-gram of the target found among the source's marks its words, and
    the longest stretch of marked words wins (overlapping n-grams chain into longer copies)."""
    n = MIN_COPIED_WORDS
    src = [w.casefold() for w in _TOKEN.findall(source)]
    words = [w.casefold() for w in _TOKEN.findall(target)]
    if len(src) < n or len(words) < n or len(set(src).intersection(words)) < 2:
        return None  # (a copied run of n words that repeats one word is not a translation problem)
    grams = {tuple(src[i : i + n]) for i in range(len(src) - n + 1)}
    covered = [False] * len(words)
    for i in range(len(words) - n + 1):
        if tuple(words[i : i + n]) in grams:
            covered[i : i + n] = [True] * n
    best: tuple[int, int] | None = None
    i = 0
    while i < len(words):
        if not covered[i]:
            i += 1
            continue
        j = i
        while j < len(words) and covered[j]:
            j += 1
        if best is None or j - i > best[1] - best[0]:
            best = (i, j)
        i = j
    if best is None:
        return None
    tgt = list(_TOKEN.finditer(target))
    return tgt[best[0]].start(), tgt[best[1] - 1].end()


CHECKS = (Untranslated,)
