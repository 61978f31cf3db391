"""Accuracy check on the language of the target: text in another language (the wrong-language check)."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import Any

import regex

from mtqa.checks.base import Check, Example, UnitContext
from mtqa.errors import PackError
from mtqa.langid.code_switch import ForeignSpan, SpanFinder
from mtqa.langid.detector import make_detector
from mtqa.model import Hit, Severity, Unit
from mtqa.util import patterns
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


def span_finder(ctx: UnitContext) -> SpanFinder:
    """The span finder of the unit's run (see `finder_for`)."""
    return finder_for(ctx.services)


def finder_for(services: Any) -> SpanFinder:
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


# A name kept as is has at least two and at most this many words.
KEPT_NAME_MAX_WORDS = 5
_WORDS = patterns.compile(r"[\p{L}\p{N}][\p{L}\p{M}\p{N}'’\-]*")


def kept_name(source: str | None, target: str) -> str | None:
    """The target of a unit that keeps its source as is, in title case ("Backup and Migrate" for
    "Backup and Migrate"): a product's or a module's name, which the document may use anywhere, in any
    case, untranslated. None for anything else (a sentence left in English is the untranslated check's)."""
    if not source or sum(map(str.isupper, target)) < 2:
        return None  # (two long words in capitals need two capitals: most texts have fewer)
    words = _WORDS.findall(target)
    if not 2 <= len(words) <= KEPT_NAME_MAX_WORDS or _WORDS.findall(source) != words:
        return None
    long_words = [word for word in words if len(word) >= 4]
    if len(long_words) < 2 or not all(word[0].isupper() for word in long_words):
        return None
    return " ".join(words)


def kept_names(units: Iterable[Unit]) -> tuple[str, ...]:
    """The names a document keeps as is (see `kept_name`), each once, in order."""
    return tuple(dict.fromkeys(name for unit in units if (name := kept_name(unit.source, unit.target))))


def _in_kept_name(text: str, span: ForeignSpan, names: Iterable[str]) -> bool:
    """Whether `span` lies inside an occurrence (in any case) of one of the kept `names`."""
    for name in names:
        pattern = r"(?<![\p{L}\p{N}])" + r"\W+".join(regex.escape(w) for w in name.split()) + r"(?![\p{L}\p{N}])"
        for match in regex.finditer(pattern, text, regex.IGNORECASE):
            if match.start() <= span.start and span.end <= match.end():
                return True
    return False


def _unit_spans(ctx: UnitContext) -> list[ForeignSpan]:
    target = ctx.target_base
    if not target:
        return []
    source = ctx.source_base
    document = ctx.document
    if source:
        spans = span_finder(ctx).find(ctx.text, target, source, ctx.sentences)
    else:
        spans = span_finder(ctx).find(ctx.text, target, None, ctx.sentences, foreign=document.foreign_langs,
                                      inferred=document.foreign_whole)
    own = kept_name(ctx.source, ctx.text)
    names = (*document.kept_names, own) if own else document.kept_names
    return [span for span in spans if not names or span.layer == "script" or not _in_kept_name(ctx.text, span, names)]


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
    is checked the same way; runs of another script cover the rest. A name the document keeps as is (a
    title-case unit identical to its source, such as a module's name) is not flagged anywhere in it.
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


CHECKS = (WrongLanguage,)
