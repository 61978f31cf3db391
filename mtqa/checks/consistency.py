"""Consistency within a file: one source translated two ways, or two different sources translated alike."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

import regex

from mtqa.checks.base import Check, DocumentState, Example, UnitContext, light_unit, whole_span
from mtqa.langid.lexicon import has_lexicon, zipf_table
from mtqa.model import Hit, Severity, Unit
from mtqa.text.placeholders import is_date_pattern, placeholders

_NORMALISE = regex.compile(r"[\p{P}\p{S}\s]+")
_WORD = regex.compile(r"[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*")
_PLURAL_FORM = regex.compile(r"\[\d+\]$")
# Words at least this frequent in their language are function words ("the", "not", "could", "first"):
# two sources that differ only by them, or by an exclamation ("Oops!"), say the same thing.
_FUNCTION_ZIPF = 6.0
_EXCLAMATION = regex.compile(r"(?:^|(?<=[.!?]\s))[\p{L}\s]{1,20}!\s*")


def _norm(text: str) -> str:
    return _NORMALISE.sub(" ", text.casefold()).strip()


def _plain(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word.casefold()) if not unicodedata.combining(c))


def _words(text: str) -> list[str]:
    for token in reversed(placeholders(text)):
        text = text[: token.start] + " " + text[token.end :]
    return [w.casefold().replace("-", "") for w in _WORD.findall(text)]


def _content(source: str, lang: str | None) -> set[str]:
    """The content words of a source: without exclamations ("Oops!"), placeholders and function words."""
    table = zipf_table(lang) if lang and has_lexicon(lang) else None
    words = _words(_EXCLAMATION.sub(" ", source))
    return {w for w in words if table is None or table.get(w, 0.0) < _FUNCTION_ZIPF}


def _cognate(a: str, b: str) -> bool:
    """Words sharing most of their letters from the start, accents aside ("category" and "catégorie",
    "icon" and "icône"; not "displayed" and "disponible")."""
    a, b = _plain(a), _plain(b)
    shared = len(os.path.commonprefix([a, b]))
    return shared >= max(4, 0.7 * min(len(a), len(b)))


def _context(unit: Unit) -> str:
    """The gettext context of a PO unit ("ctx::msgid"), or ""."""
    ident = _PLURAL_FORM.sub("", unit.id or "")
    if unit.source and "::" in ident and ident.endswith("::" + unit.source):
        return ident[: -len(unit.source) - 2]
    return ""


def _forms_of_one_message(a: str | None, b: str | None) -> bool:
    """Plural forms of one PO message ("msg[1]", "msg[2]")."""
    return bool(a and b and _PLURAL_FORM.search(a) and _PLURAL_FORM.sub("", a) == _PLURAL_FORM.sub("", b or ""))


# What is kept of each unit: enough to compare and to name it; the unit itself (to flag it) only when short,
# so that a memory of long segments stays small.
KEEP_CHARS = 1_000


@dataclass
class _Seen:
    ident: str | None
    source: str  # the first KEEP_CHARS characters
    target: str  # the first KEEP_CHARS characters
    norm_target: int  # hash of the normalised target
    unit: Unit | None  # light (no source, no notes); None for a long target


def _seen(unit: Unit, source: str, norm_target: str) -> _Seen:
    short = len(unit.target) <= KEEP_CHARS
    return _Seen(unit.id, source[:KEEP_CHARS], unit.target[:KEEP_CHARS], hash(norm_target),
                 light_unit(unit) if short else None)


@dataclass
class _State:
    by_source: dict[int, _Seen] = field(default_factory=dict)
    by_target: dict[int, _Seen] = field(default_factory=dict)
    conflicts: list[tuple[Unit, str, str | None]] = field(default_factory=list)


class Inconsistency(Check):
    """One source translated two ways, or two different sources translated the same way, in one file.

    Flags: a unit whose source (ignoring case, spaces and punctuation) was translated differently
    elsewhere in the same file (in the same gettext context, plural forms of one message aside), and a
    unit whose translation repeats one made for a source that says something else. Sources that differ
    only by function words, word order, hyphens or an exclamation ("Oops!", "Success!") say the same
    thing and may share a translation. Where the file tells which unit of a pair is wrong (the shared
    translation renders a word of one source only, "catégorie" for "category"; two spellings of one word,
    the rarer is the typo), that unit is flagged; otherwise the later one, naming the pair. Units of fewer
    than three words are left alone: short strings legitimately vary with context.
    Why: inconsistent translations confuse readers and usually mean one of them is wrong.
    Example: "Save the file before closing" translated "Enregistrez le fichier avant de fermer" in one
    unit and "Sauvegardez le fichier avant la fermeture" in another flags the second.
    Instead: translate the same source the same way throughout.
    """

    code = "SO005"
    name = "inconsistency"
    category = "terminology/inconsistent"
    severity = Severity.MINOR
    needs_source = True
    min_words = 3
    examples = (
        Example("Sauvegardez le fichier avant la fermeture", True, source="Save the file before closing",
                target_lang="fr", source_lang="en",
                earlier=(("Save the file before closing", "Enregistrez le fichier avant de fermer"),)),
        Example("Enregistrez le fichier avant de fermer", False, source="Save the file before closing",
                target_lang="fr", source_lang="en",
                earlier=(("Save the file before closing", "Enregistrez le fichier avant de fermer"),)),
        Example("Enregistrez le fichier avant de fermer", True, source="Save the document before closing",
                target_lang="fr", source_lang="en",
                earlier=(("Save the file before closing", "Enregistrez le fichier avant de fermer"),)),
        Example("Ha ocurrido un error desconocido. Por favor, inténtelo más tarde.", False,
                source="An unknown error occurred. Please try again later.", target_lang="es", source_lang="en",
                earlier=(("Oops! An unknown error occurred. Please try again later.",
                          "Ha ocurrido un error desconocido. Por favor, inténtelo más tarde."),)),
    )

    def check(self, ctx: UnitContext) -> Iterator[Hit]:
        source, target = _norm(ctx.source or ""), _norm(ctx.text)
        if len(source.split()) < self.min_words or len(target.split()) < self.min_words:
            return iter(())
        if is_date_pattern(ctx.source or ""):
            return iter(())  # "MMMM d, yyyy" is a format, localised per context
        # Keyed with the target language: a multilingual memory holds one source in several languages.
        lang = ctx.target_lang or ""
        state: _State = ctx.document.state_for(self.name, _State)
        seen = _seen(ctx.unit, ctx.source or "", target)
        current = seen.unit or light_unit(ctx.unit)
        first = state.by_source.setdefault(hash((lang, _context(ctx.unit), source)), seen)
        if first is not seen:
            if first.norm_target != seen.norm_target and not _forms_of_one_message(first.ident, ctx.unit.id):
                state.conflicts.append(self._retranslated(first, seen, current, ctx.target_base))
            return iter(())
        earlier = state.by_target.setdefault(hash((lang, target)), seen)
        if earlier is not seen and _norm(earlier.source) != source:
            conflict = self._shared(earlier, seen, current, ctx.source_base)
            if conflict is not None:
                state.conflicts.append(conflict)
        return iter(())

    def finish_document(self, document: DocumentState) -> Iterator[tuple[Unit, Hit]]:
        state = document.data.get(self.name)
        if state is None:
            return
        for unit, message, suggestion in state.conflicts:
            start, end = whole_span(unit.target)
            yield unit, Hit(start, end, message, suggestion=suggestion, confidence=0.6)

    @staticmethod
    def _retranslated(first: _Seen, later: _Seen, current: Unit, lang: str | None) -> tuple[Unit, str, str | None]:
        """The same source translated twice: the one with the rarer spelling of a shared word, else the later."""
        a, b = set(_words(first.target)), set(_words(later.target))
        only_first, only_later = sorted(a - b), sorted(b - a)
        table = zipf_table(lang) if lang and has_lexicon(lang) else None
        if table and len(only_first) == 1 and len(only_later) == 1 and _plain(only_first[0]) == _plain(only_later[0]):
            first_rarer = table.get(only_first[0], 0.0) < table.get(only_later[0], 0.0)
            if first_rarer and first.unit is not None:
                return first.unit, (f"'{only_first[0]}' here is a rarer spelling than '{only_later[0]}' in unit "
                                    f"{later.ident}, a translation of the same source"), later.target[:200]
            if not first_rarer:
                return current, (f"'{only_later[0]}' here is a rarer spelling than '{only_first[0]}' in unit "
                                 f"{first.ident}, a translation of the same source"), first.target[:200]
        where = f" in unit {first.ident}" if first.ident else ""
        return current, f"the same source was translated differently{where}: '{first.target[:200]}'", \
            first.target[:200]

    @staticmethod
    def _shared(earlier: _Seen, later: _Seen, current: Unit, lang: str | None) -> tuple[Unit, str, str | None] | None:
        """Two sources, one translation: None when the sources say the same thing; else the unit whose
        source the translation does not render, or the later one naming the pair."""
        a, b = _content(earlier.source, lang), _content(later.source, lang)
        only_earlier, only_later = a - b, b - a
        if not only_earlier and not only_later:
            return None  # reordered, or differing only by function words or an exclamation
        if not only_earlier or not only_later:
            # One source says more: the translation made for the shorter one leaves it out of the longer.
            if only_later or earlier.unit is None:
                wrong, right, missing = current, earlier, only_later or only_earlier
            else:
                wrong, right, missing = earlier.unit, later, only_earlier
            return wrong, (f"this translation repeats that of unit {right.ident}, whose source does not "
                           f"say '{', '.join(sorted(missing))}': it is left out here"), None
        target_words = _words(later.target)
        renders_earlier = any(_cognate(w, t) for w in only_earlier for t in target_words)
        renders_later = any(_cognate(w, t) for w in only_later for t in target_words)
        if renders_earlier != renders_later and (renders_earlier or earlier.unit is not None):
            wrong, right = (current, earlier) if renders_earlier else (earlier.unit, later)
            words = ", ".join(sorted(only_later if renders_earlier else only_earlier))
            return wrong, (f"this translation renders the source of unit {right.ident} ('{right.source[:120]}'),"
                           f" not this one's ('{words}' is not translated)"), None
        where = f" of unit {earlier.ident}" if earlier.ident else ""
        return current, (f"this translation repeats that{where}, whose source differs "
                         f"('{', '.join(sorted(only_earlier))}' there, '{', '.join(sorted(only_later))}' here):"
                         " one of the two is likely wrong"), None
