"""Consistency within a file: one source translated two ways, or two different sources translated alike."""

from __future__ import annotations

import functools
import os
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from mtqa.checks.base import Check, DocumentState, Example, UnitContext, light_unit, whole_span
from mtqa.langid.lexicon import has_lexicon, zipf_table
from mtqa.model import Hit, Severity, Unit
from mtqa.text.placeholders import is_date_pattern, placeholders
from mtqa.text.words import LETTER, WORD_CHAR
from mtqa.util import patterns
from mtqa.util.datafiles import builtin_data, check_keys

_NORMALISE = patterns.compile(r"[\p{P}\p{S}\s]+")
_WORD = patterns.compile(rf"[{WORD_CHAR}]+(?:-[{WORD_CHAR}]+){{0,15}}")  # bounded: see meaning.people.TOKEN
_PLURAL_FORM = patterns.compile(r"\[\d+\]$")
# Words at least this frequent in their language are function words ("the", "not", "could", "first"):
# two sources that differ only by them, or by an exclamation ("Oops!"), say the same thing.
_FUNCTION_ZIPF = 6.0
_EXCLAMATION = patterns.compile(rf"(?:^|(?<=[.!?]\s))[{LETTER}\s]{{1,20}}!\s*")


# A word this rare in its language is no word of it, and one a thousand times rarer than a word one letter
# away is a typo of it ("fremer" for "fermer", "lte" for "te").
_TYPO_ZIPF = 2.0
_TYPO_GAP = 3.0
_MARK = patterns.compile(r"[\p{P}\p{S}]")


def _marks_off(source: str, target: str) -> int:
    """How far the target's punctuation and symbols (placeholders aside) are from the source's; a placeholder
    glued to letters that the source keeps apart counts too."""
    def marks(text: str) -> Counter[str]:
        for token in reversed(placeholders(text)):
            text = text[: token.start] + " " + text[token.end :]
        return Counter(_MARK.findall(text))

    a, b = marks(source), marks(target)
    return sum(((a - b) + (b - a)).values()) + _glued(target) - _glued(source)


def _glued(text: str) -> int:
    return sum(1 for t in placeholders(text)
               if (t.start and text[t.start - 1].isalpha()) or (t.end < len(text) and text[t.end].isalpha()))


def _norm(text: str) -> str:
    return _NORMALISE.sub(" ", text.casefold()).strip()


def _plain(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word.casefold()) if not unicodedata.combining(c))


def _words(text: str) -> list[str]:
    for token in reversed(placeholders(text)):
        text = text[: token.start] + " " + text[token.end :]
    return [w.casefold().replace("-", "") for w in _WORD.findall(text)]


def _content(source: str, lang: str | None) -> set[str]:
    """The content words of a source: without exclamations ("Oops!"), placeholders and function words
    (negations aside: "not" changes what a message says)."""
    table = zipf_table(lang) if lang and has_lexicon(lang) else None
    negations = _contrasts(lang)[0]
    words = _words(_EXCLAMATION.sub(" ", source))
    # Every negation counts as the same word: "No order found" and "Order not found" say the same.
    return {_NEGATION if w in negations else w for w in words
            if table is None or table.get(w, 0.0) < _FUNCTION_ZIPF or w in negations}


_NEGATION = "(a negation)"


@functools.lru_cache(maxsize=16)
def _contrasts(lang: str | None) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    """The language's negations and pairs of opposite function words (`packs/<lang>/contrasts.toml`)."""
    data = (builtin_data(lang, "contrasts") if lang else None) or {}
    check_keys(data, allowed=("negations", "opposites"), path=f"packs/{lang}/contrasts.toml")
    pairs = {(str(a), str(b)) for a, b in data.get("opposites", ())}
    return frozenset(map(str, data.get("negations", ()))), frozenset(pairs | {(b, a) for a, b in pairs})


def _opposed(a: str, b: str, lang: str | None) -> tuple[set[str], set[str]]:
    """Function words of two sources that oppose them ("up" in one, "down" in the other)."""
    words_a, words_b = set(_words(a)), set(_words(b))
    pairs = [(x, y) for x, y in _contrasts(lang)[1] if x in words_a - words_b and y in words_b - words_a]
    return {x for x, _ in pairs}, {y for _, y in pairs}


def _one_edit(a: str, b: str) -> bool:
    """One letter inserted, deleted, replaced or two swapped ("leido"/"lte" are not compared here)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
                                  and a[diff[1]] == b[diff[0]])
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def _spelling_variant(a: str, b: str) -> bool:
    """Two spellings of one word ("canceled"/"cancelled", "posible"/"possible", "were"/"where"): one letter
    more or less inside the word, or, in long words, one replaced or swapped. Not an ending ("tab"/"tabs",
    "move"/"moved"), not a short word ("date"/"data"), whose one letter makes another word."""
    a, b = _plain(a), _plain(b)
    if not _one_edit(a, b):
        return False
    if len(a) != len(b):
        short, long = (a, b) if len(a) < len(b) else (b, a)
        return len(short) >= 4 and not long.startswith(short)
    return len(a) >= 6


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
    # Sources translated two ways with no sign of a slip in either: counted for the file's note.
    wordings: int = 0
    wording_example: tuple[str, str, str] | None = None


class Inconsistency(Check):
    """One source translated two ways with a slip in one, or two different sources translated the same way.

    Flags: a unit whose source (ignoring case, spaces and punctuation) was translated elsewhere in the same
    file (in the same gettext context, plural forms of one message aside) with the same words but one
    spelt differently (an accent, a typo: the rarer spelling is the slip) or with punctuation that departs
    from the source's; and a unit whose translation repeats one made for a source that says something
    else. Two wordings of one message, neither showing a slip, are defensible (a menu item and a title, a
    module's copy of a message): the file's report counts them in one note instead. Sources that differ
    only by function words, word order, hyphens, an exclamation ("Oops!") or the spelling of a word
    ("canceled"/"cancelled", a typo) say the same thing and may share a translation. Where the file tells
    which unit of a pair is wrong (the shared translation renders a word of one source only, "catégorie"
    for "category"), that unit is flagged; otherwise the later one, naming the pair. Units of fewer than
    three words are left alone: short strings legitimately vary with context.
    Why: a slip in one of two translations of a message, or one translation reused for a message that
    says something else, is a defect the reader meets in one place only.
    Example: "Save the file before closing" translated "Enregistrez le fichier avant de fermer" in one
    unit and "Enregistrez le fichier avant de fremer" in another flags the second.
    Instead: translate the same source the same way throughout, and different sources differently.
    """

    code = "SO005"
    name = "inconsistency"
    category = "terminology/inconsistent"
    severity = Severity.MINOR
    needs_source = True
    min_words = 3
    examples = (
        Example("Enregistrez le fichier avant de fremer", True, source="Save the file before closing",
                target_lang="fr", source_lang="en",
                earlier=(("Save the file before closing", "Enregistrez le fichier avant de fermer"),)),
        Example("Sauvegardez le fichier avant la fermeture", False, source="Save the file before closing",
                target_lang="fr", source_lang="en",
                earlier=(("Save the file before closing", "Enregistrez le fichier avant de fermer"),)),
        Example("Enregistrez le fichier avant de fermer", True, source="Save the document before closing",
                target_lang="fr", source_lang="en",
                earlier=(("Save the file before closing", "Enregistrez le fichier avant de fermer"),)),
        Example("Ha ocurrido un error desconocido. Por favor, inténtelo más tarde.", False,
                source="An unknown error occurred. Please try again later.", target_lang="es", source_lang="en",
                earlier=(("Oops! An unknown error occurred. Please try again later.",
                          "Ha ocurrido un error desconocido. Por favor, inténtelo más tarde."),)),
        Example("Pago cancelado, por favor inténtalo de nuevo.", False,
                source="Payment cancelled, please try again.", target_lang="es", source_lang="en",
                earlier=(("Payment canceled, please try again.", "Pago cancelado, por favor inténtalo de nuevo."),)),
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
                conflict = self._retranslated(first, seen, current, ctx.target_base)
                if conflict is not None:
                    state.conflicts.append(conflict)
                else:
                    state.wordings += 1
                    state.wording_example = state.wording_example or (first.source, first.target, seen.target)
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
        if state.wordings and state.wording_example is not None:
            source, one, other = (text[:60] for text in state.wording_example)
            document.check_notes.append(
                f"{state.wordings} unit(s) translate a source that an earlier unit translated with other words, "
                f"neither showing a slip (e.g. {source!r}: {one!r} and {other!r}); two wordings of one message "
                "are not reported one by one (a glossary, `terms`, enforces the words to use)")

    @staticmethod
    def _retranslated(first: _Seen, later: _Seen, current: Unit,
                      lang: str | None) -> tuple[Unit, str, str | None] | None:
        """The same source translated twice: the translation that shows a slip (a rarer spelling or a typo of
        a word the other has, punctuation that departs from the source's), or None when neither does."""
        words_first, words_later = _words(first.target), _words(later.target)
        a, b = set(words_first), set(words_later)
        only_first, only_later = sorted(a - b), sorted(b - a)
        table = zipf_table(lang) if lang and has_lexicon(lang) else None
        if table and len(only_first) == 1 and len(only_later) == 1:
            x, y = only_first[0], only_later[0]
            zx, zy = table.get(x, 0.0), table.get(y, 0.0)
            accents = _plain(x) == _plain(y)
            typo = _one_edit(_plain(x), _plain(y)) and (min(zx, zy) < _TYPO_ZIPF <= max(zx, zy)
                                                        or abs(zx - zy) >= _TYPO_GAP)
            if accents or typo:
                what = "a rarer spelling than" if accents else "likely a typo for"
                if zx < zy and first.unit is not None:
                    return first.unit, (f"'{x}' here is {what} '{y}' in unit {later.ident}, a translation of the "
                                        "same source"), later.target[:200]
                if zx >= zy:
                    return current, (f"'{y}' here is {what} '{x}' in unit {first.ident}, a translation of the same "
                                     "source"), first.target[:200]
        if words_first == words_later:
            off_first, off_later = _marks_off(first.source, first.target), _marks_off(first.source, later.target)
            if off_first > off_later and first.unit is not None:
                return first.unit, (f"unit {later.ident} translates the same source with the same words; this one's "
                                    "punctuation or spacing departs from the source's"), later.target[:200]
            if off_later > off_first:
                return current, (f"unit {first.ident} translates the same source with the same words; this one's "
                                 "punctuation or spacing departs from the source's"), first.target[:200]
        return None

    @staticmethod
    def _shared(earlier: _Seen, later: _Seen, current: Unit, lang: str | None) -> tuple[Unit, str, str | None] | None:
        """Two sources, one translation: None when the sources say the same thing; else the unit whose
        source the translation does not render, or the later one naming the pair."""
        a, b = _content(earlier.source, lang), _content(later.source, lang)
        opposed_a, opposed_b = _opposed(earlier.source, later.source, lang)
        a, b = a | opposed_a, b | opposed_b
        only_earlier, only_later = a - b, b - a
        variants = {(x, y) for x in only_earlier for y in only_later if _spelling_variant(x, y)}
        only_earlier -= {x for x, _ in variants}
        only_later -= {y for _, y in variants}
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
