"""The untranslated check: target text that copies its source instead of translating it."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

import regex

from mtqa.checks.base import Check, Example, UnitContext
from mtqa.checks.language import WrongLanguage, language_name, load_loanwords, span_finder
from mtqa.checks.source_checks import glossary_entries
from mtqa.checks.source_words import find_source_words, mostly_capitals
from mtqa.langid.code_switch import PAIR_GUARDS, SpanFinder, clause_features, title_list
from mtqa.langid.word_evidence import has_lexicon, lean
from mtqa.model import Hit, Severity
from mtqa.text.markup import protected_spans


def kept_terms(ctx: UnitContext) -> tuple[str, ...]:
    """Terms the user keeps as they are: protected terms, and the target terms of the glossary."""
    config = ctx.services.config if ctx.services is not None else None
    protected = tuple(config.protected_terms) if config is not None else ()
    return protected + tuple(term for entry in glossary_entries(ctx) for term in entry.target)


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
    """Target text left in the source language: the whole segment, a run of words, or single words.

    Flags: (bitext) a target equal to its source (ignoring case, spacing and punctuation; a label in
    capitals is read in lower case; its syntax, such as ICU plural cases, tags and style sheets, aside;
    not a copy: command-line metavariables "FONT-FILE", the source's words capitalised as nouns in German,
    a name in a third language such as the autonym "Polski"), or a run of at least 5 words copied from the
    source that the language identifier, limited to {target, source}, assigns to the source language.
    Then words left
    in the source language (minor; major for a run of several): a target word that also occurs in the
    source and is much more frequent in the source language than in the target (wordfreq), or is written
    in the source's script ("I don't 知道 if"). Not flagged: names (capitalised words inside a sentence,
    except the nouns of German; name particles such as "von der"), acronyms, codes and identifiers
    (@tag, key:value, file.ext), numbers, URLs, placeholders, quoted words, accepted loanwords,
    protected and glossary terms, and words both languages share ("hotel", "radio"). Words copied from
    English, which every language borrows, must be very common in English and next to absent from the
    target. Without the source text (its language only), the word lists alone decide, more strictly. A
    word inside a clause the wrong-language check reports is left to that check.
    Why: a copy of the source is the most common MT failure on hard input, and reference-free metrics
    often score it higher than a real translation; a single word left over is easy to miss in review.
    Example: source "El gobierno aprobó ayer una nueva ley sobre la vivienda." with target "The
    government approved a new law on vivienda yesterday." (es->en) flags "vivienda".
    Instead: translate it: "The government approved a new housing law yesterday."
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
        Example("The government approved a new law on vivienda yesterday.", True,
                source="El gobierno aprobó ayer una nueva ley sobre la vivienda.", target_lang="en",
                source_lang="es", span="vivienda"),
        Example("The wedding took place in the old Kirche of the village.", True,
                source="Die Hochzeit fand in der alten Kirche des Dorfes statt.", target_lang="en",
                source_lang="de", span="Kirche"),
        Example("He 说 it will rain tomorrow.", True, source="他说明天会下雨。", target_lang="en", source_lang="zh",
                span="说"),
        Example("Todavía, nobody knows the results.", True, target_lang="en", source_lang="es", span="Todavía"),
        Example("The hotel has a radio in every room.", False, source="El hotel tiene una radio en cada habitación.",
                target_lang="en", source_lang="es"),
        Example("Ursula von der Leyen met María González in Madrid.", False,
                source="Ursula von der Leyen se reunió con María González en Madrid.", target_lang="en",
                source_lang="es"),
        Example("Add the @pendiente tag to the task.", False, source="Añade la etiqueta @pendiente a la tarea.",
                target_lang="en", source_lang="es"),
    )

    def applies_to(self, ctx: UnitContext) -> bool:
        # Without the source text, the word layer still runs on the word lists when the source language is known.
        return bool(ctx.source) or bool(ctx.source_base and ctx.target_base and ctx.source_base != ctx.target_base)

    def check(self, ctx: UnitContext) -> Iterator[Hit]:
        target_lang, source_lang = ctx.target_base, ctx.source_base
        if not target_lang or source_lang == target_lang:
            return
        copies = list(self._copies(ctx)) if ctx.source else []
        yield from copies
        if source_lang:
            yield from self._words(ctx, [(hit.start, hit.end) for hit in copies])

    def _copies(self, ctx: UnitContext) -> Iterator[Hit]:
        """The whole target copied from the source, or a run of >= MIN_COPIED_WORDS words."""
        source, target = ctx.source or "", ctx.text
        target_lang, source_lang = ctx.target_base or "", ctx.source_base
        finder = span_finder(ctx)
        normalised = _normalise(source)
        if normalised and normalised == _normalise(target):
            if _recapitalised(source, target, target_lang) or _METAVARIABLES.fullmatch(source.strip()):
                return
            # A label in capitals ("CURRENT MAP") is judged in lower case: capitals read as acronyms.
            text = _words_only(target)
            masked = finder.masked(text.lower() if mostly_capitals(text) else text, target_lang)
            if _translatable(masked) and not self._reads_as_target(finder, masked, target_lang, source_lang) \
                    and not _third_language(finder, masked, target_lang, source_lang):
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

    def _words(self, ctx: UnitContext, taken: list[tuple[int, int]]) -> Iterator[Hit]:
        """Words and short runs left in the source language (see `source_words`)."""
        target_lang, source_lang = ctx.target_base or "", ctx.source_base or ""
        found = find_source_words(ctx.text, ctx.source or None, target_lang, source_lang, kept=kept_terms(ctx),
                                  loanwords=load_loanwords().get(target_lang, ()))
        name = language_name(source_lang)
        # Words inside a span the wrong-language check reports are left to it (one finding per defect).
        enabled = getattr(ctx.services, "enabled", None)
        if enabled is None or WrongLanguage.name in enabled:
            taken = taken + [(s.start, s.end) for s in span_finder(ctx).find(ctx.text, target_lang, source_lang,
                                                                              ctx.sentences)]
        for run in found:
            if any(a < run.end and run.start < b for a, b in taken):
                continue
            if run.words == 1:
                message = f"this word is {name}, left untranslated"
                severity = Severity.MINOR
            else:
                message = f"these {run.words} words are {name}, left untranslated"
                severity = Severity.MAJOR
            confidence = 0.9 if ctx.source else 0.7
            yield Hit(run.start, run.end, message, confidence=confidence, severity=severity)

    @staticmethod
    def _reads_as_target(finder: SpanFinder, masked: str, target: str, source: str | None) -> bool:
        """A string that is also good target-language text (close languages share words)."""
        if not source:
            return False
        detection = finder.detector.detect(masked, (target, source))
        return detection is not None and detection.lang == target and detection.confidence >= 0.5


# Command-line metavariables kept as they are in usage lines: "FONT-FILE OUTPUT-FILE", "[NEW_NAME]".
_METAVARIABLES = regex.compile(r"(?:[\[<(]?[A-Z][A-Z0-9]*(?:[-_][A-Z0-9]+)+[\]>)]?(?:\.\.\.)?\s*)+")
# Languages that capitalise their nouns: a source word written with a capital is a loanword made a noun.
_NOUN_CAPITALS = frozenset({"de", "lb"})
_STYLE = regex.compile(r"<style\b[^>]*>.*?</style>", regex.S | regex.I)
# A language other than the pair's must be this sure before a copy is taken for a name in it.
THIRD_LANGUAGE_CONFIDENCE = 0.5


def _recapitalised(source: str, target: str, target_lang: str) -> bool:
    """The source's words given the capitals of nouns ("Reposts" for "reposts" in German): adapted, not copied."""
    return target_lang in _NOUN_CAPITALS and source != target and any(
        a.islower() and b[:1].isupper() for a, b in zip(_TOKEN.findall(source), _TOKEN.findall(target), strict=False))


def _words_only(text: str) -> str:
    """The text with its syntax blanked (same offsets): ICU plural and select syntax, placeholders, tags,
    URLs, code, and style sheets; what is left is what a translator translates."""
    chars = list(_STYLE.sub(lambda m: " " * len(m.group()), text))
    for start, end in protected_spans(text):
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _third_language(finder: SpanFinder, masked: str, target: str, source: str | None) -> bool:
    """A copy in neither language of the pair (the autonym "Polski" in a language menu): not left untranslated."""
    detection = finder.detector.detect(masked)
    return detection is not None and detection.lang not in (target, source) \
        and detection.confidence >= THIRD_LANGUAGE_CONFIDENCE


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
