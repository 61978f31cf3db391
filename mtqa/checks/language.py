"""Accuracy checks on the language of the target: text in another language, text left untranslated."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterator
from typing import Any

import regex

from mtqa.checks.base import Check, Example, UnitContext
from mtqa.errors import PackError
from mtqa.langid.code_switch import PAIR_GUARDS, ForeignSpan, SpanFinder, clause_features, title_list
from mtqa.langid.detector import make_detector
from mtqa.langid.word_evidence import has_lexicon, lean
from mtqa.model import Hit, Severity
from mtqa.util.datafiles import builtin_pack_dir, check_keys, load_toml

LANGUAGE_NAMES = {
    "ar": "Arabic", "bg": "Bulgarian", "ca": "Catalan", "cs": "Czech", "da": "Danish", "de": "German",
    "el": "Greek", "en": "English", "es": "Spanish", "et": "Estonian", "eu": "Basque", "fi": "Finnish",
    "fr": "French", "gl": "Galician", "he": "Hebrew", "hi": "Hindi", "hu": "Hungarian", "it": "Italian",
    "ja": "Japanese", "ko": "Korean", "nb": "Norwegian", "nl": "Dutch", "pl": "Polish", "pt": "Portuguese",
    "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sv": "Swedish", "tr": "Turkish", "uk": "Ukrainian",
    "zh": "Chinese",
}


def language_name(code: str | None) -> str:
    return LANGUAGE_NAMES.get(code or "", code or "unknown")


_LOANWORD_KEYS = ("id", "terms", "good")


@functools.cache
def load_loanwords() -> dict[str, tuple[str, ...]]:
    """Accepted loanwords per target language, from the built-in packs/<lang>/loanwords.toml."""
    out: dict[str, tuple[str, ...]] = {}
    for path in sorted(builtin_pack_dir().glob("*/loanwords.toml")):
        out[path.parent.name] = tuple(term for entry in read_loanword_file(str(path)) for term in entry["terms"])
    return out


def read_loanword_file(path: str) -> list[dict[str, object]]:
    """Entries of one loanwords.toml, validated: known keys, unique ids, each `good` uses a term."""
    data = load_toml(path)
    check_keys(data, allowed=("loanword",), required=("loanword",), path=path)
    seen: set[str] = set()
    entries = data["loanword"]
    for entry in entries:
        entry_id = str(entry.get("id", "?"))
        check_keys(entry, allowed=_LOANWORD_KEYS, required=_LOANWORD_KEYS, path=path, entry=entry_id)
        if entry_id in seen:
            raise PackError(path, "duplicate id", entry_id)
        seen.add(entry_id)
        terms = entry["terms"]
        if not isinstance(terms, list) or not terms or not all(isinstance(t, str) and t.strip() for t in terms):
            raise PackError(path, "'terms' must be a non-empty list of strings", entry_id)
        good = str(entry["good"]).lower()
        if not any(term.lower() in good for term in terms):
            raise PackError(path, "the 'good' example uses none of the terms", entry_id)
    return entries


def span_finder(services: Any) -> SpanFinder:
    """The run's span finder (detector, masking of protected terms and loanwords), built once per
    checker's `services` (None: a new one with the defaults)."""
    config = services.config if services is not None else None
    backend = config.lid_backend if config is not None else "py3langid"
    protected = tuple(config.protected_terms) if config is not None else ()

    def build() -> SpanFinder:
        return SpanFinder(make_detector(backend), protected_terms=protected, loanwords=load_loanwords())

    if services is None:
        return build()
    return services.get(f"language-spans:{backend}", build)  # type: ignore[no-any-return]


def _span_finder(ctx: UnitContext) -> SpanFinder:
    return span_finder(ctx.services)


def _unit_spans(ctx: UnitContext) -> list[ForeignSpan]:
    target = ctx.target_base
    if not target:
        return []
    source = ctx.source_base
    foreign = None if source else ctx.document.foreign_langs
    return _span_finder(ctx).find(ctx.text, target, source, ctx.sentences, foreign=foreign)


class WrongLanguage(Check):
    """Text in another language than the target: a clause, a sentence or a phrase left in the source
    language, or a run of another script.

    Flags: a clause (or several adjacent ones) that a language identifier, limited to {target, source},
    assigns to the source language with confidence >= 0.9, once names, numbers, URLs, code and accepted
    loanwords are masked (at least 15 letters and 2 lower-case words); a run of a script the target
    language does not use (Cyrillic, Han, Arabic... in a Latin-script text); and, with lower severity,
    a 2-4 word phrase whose words are common in the source language but absent from the target
    language. Without a source language, the foreign languages the document leans to are inferred
    (its sentences and clauses that read as another language, confirmed by word frequencies) and each
    is checked the same way; an open set of languages with stricter limits covers the rest.
    Why: a leaked source clause is an untranslated part of the text; per-sentence language ID misses it.
    Example: "Les motifs sont clairs, pero todo lo sucedido entre ellos hace que uno piense otra cosa."
    (es->fr) flags the Spanish clause.
    Instead: translate the span into the target language.
    """

    code = "LG001"
    name = "wrong-language"
    category = "accuracy/untranslated"
    severity = Severity.MAJOR
    examples = (
        Example(
            "Les raisons exposées sont claires, pero todo lo sucedido entre ellos hace que uno piense otra cosa.",
            True, target_lang="fr", source_lang="es",
            span="pero todo lo sucedido entre ellos hace que uno piense otra cosa",
        ),
        Example("Il a fondé une startup et lance un podcast sur l'Open Source.", False, target_lang="fr",
                source_lang="en"),
        Example("Die Regierung hat gestern beschlossen, the new law will come into force next year.", True,
                target_lang="de", source_lang="en", span="the new law will come into force next year"),
        Example("Le ministre a rencontré Alejandra González Anaya à Mexico.", False, target_lang="fr",
                source_lang="es"),
        Example("Le rapport cite la phrase правительство приняло решение dans sa conclusion.", True,
                target_lang="fr", source_lang="en", span="правительство приняло решение"),
        Example("Les habitants ont attendu une réponse du maire, pero nadie les contestó durante meses.", True,
                target_lang="fr", span="pero nadie les contestó durante meses"),
        Example("Les habitants ont attendu une réponse du maire pendant des mois.", False, target_lang="fr"),
    )

    def check(self, ctx: UnitContext) -> Iterator[Hit]:
        target = ctx.target_base
        for span in _unit_spans(ctx):
            found = f"{language_name(span.lang)} ({span.lang}, confidence {span.confidence:.2f})"
            if span.layer == "script":
                message = f"{span.script} script in a {language_name(target)} text; looks like {found}"
                yield Hit(span.start, span.end, message, confidence=max(span.confidence, 0.99))
            elif span.layer in ("words", "word"):
                what = "this word looks" if span.layer == "word" else "these words look"
                message = f"{what} {found}, not {language_name(target)}"
                yield Hit(span.start, span.end, message, confidence=span.confidence, severity=Severity.MINOR)
            else:
                message = f"this text looks {found}, not {language_name(target)}"
                yield Hit(span.start, span.end, message, confidence=span.confidence)


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
        finder = _span_finder(ctx)
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


CHECKS = (WrongLanguage, Untranslated)

