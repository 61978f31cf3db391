"""Checks that compare the target with its source: placeholders, tags, URLs, length, consistency across
a document, and a user's terminology (numbers are in `checks/numbers.py`)."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterator

import regex

from mtqa.checks.base import Check, DocumentState, Example, UnitContext
from mtqa.glossary import Entry, load_glossaries, term_pattern
from mtqa.model import Hit, Severity, Unit
from mtqa.text.markup import Token, placeholders, tags, urls
from mtqa.util.datafiles import builtin_data, check_keys


def _whole(text: str) -> tuple[int, int]:
    """The target without surrounding whitespace: the span of a finding about the whole unit."""
    start = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    return (start, end) if end > start else (0, len(text))


def _compare(source_tokens: list[Token], target_tokens: list[Token]) -> tuple[list[Token], Counter[str]]:
    """Target tokens with no counterpart in the source, and source keys missing from the target."""
    remaining = Counter(t.key for t in source_tokens)
    extra = []
    for token in target_tokens:
        if remaining[token.key] > 0:
            remaining[token.key] -= 1
        else:
            extra.append(token)
    return extra, +remaining


class _TokenCheck(Check):
    """Shared logic: the same tokens must appear in source and target."""

    what = "token"

    def tokens(self, text: str) -> list[Token]:  # pragma: no cover - abstract
        raise NotImplementedError

    def check(self, ctx: UnitContext) -> Iterator[Hit]:
        source_tokens, target_tokens = self.tokens(ctx.source or ""), self.tokens(ctx.text)
        if not source_tokens and not target_tokens:
            return
        extra, missing = _compare(source_tokens, target_tokens)
        for token in extra:
            found = ctx.text[token.start:token.end]
            guess = next(iter(missing), None) if len(extra) == 1 and sum(missing.values()) == 1 else None
            yield Hit(token.start, token.end, f"{self.what} {found} is not in the source",
                      suggestion=self._surface(ctx.source or "", guess) if guess else None)
        if missing and not (len(extra) == 1 and sum(missing.values()) == 1):
            start, end = _whole(ctx.text)
            names = ", ".join(self._surface(ctx.source or "", k) for k in sorted(missing))
            yield Hit(start, end, f"{self.what} missing from the translation: {names}")
        if not extra and not missing:
            yield from self.order(ctx, source_tokens, target_tokens)

    def _surface(self, source: str, key: str) -> str:
        token = next((t for t in self.tokens(source) if t.key == key), None)
        return source[token.start:token.end] if token else key

    def order(self, ctx: UnitContext, source_tokens: list[Token], target_tokens: list[Token]) -> Iterator[Hit]:
        return iter(())


class PlaceholderMismatch(_TokenCheck):
    """A placeholder of the source that is missing, added, altered or reordered in the translation.

    Flags: printf (`%s`, `%d`, `%1$s`), Python (`%(name)s`, `{name}`), ICU (`{count, plural, ...}`),
    mustache (`{{name}}`), `${name}`, and XLIFF/TMX inline codes, compared between source and target;
    unnumbered printf placeholders (`%s ... %d`) must also keep their order.
    Why: software fills placeholders by name or position: a lost, renamed or swapped one crashes the
    program or shows the wrong value.
    Example: source "Delete %(name)s?" with target "¿Eliminar %(nombre)s?" flags "%(nombre)s".
    Instead: keep placeholders exactly as in the source: "¿Eliminar %(name)s?".
    """

    code = "SO001"
    name = "placeholder-mismatch"
    category = "accuracy/do-not-translate"
    severity = Severity.CRITICAL
    needs_source = True
    what = "placeholder"
    examples = (
        Example("¿Eliminar %(nombre)s?", True, source="Delete %(name)s?", target_lang="es", source_lang="en",
                span="%(nombre)s"),
        Example("¿Eliminar %(name)s?", False, source="Delete %(name)s?", target_lang="es", source_lang="en"),
        Example("%d fichiers dans %s", True, source="%s has %d files", target_lang="fr", source_lang="en"),
        Example("Bonjour {name}, vous avez {count} messages", False, source="Hello {name}, you have {count} messages",
                target_lang="fr", source_lang="en"),
        Example("{n, plural, one {# fichier} other {# fichiers}}", False,
                source="{n, plural, one {# file} other {# files}}", target_lang="fr", source_lang="en"),
        Example("Klicken Sie hier", True, source='Click <g id="1">here</g>', target_lang="de", source_lang="en"),
    )

    def tokens(self, text: str) -> list[Token]:
        return placeholders(text)

    def order(self, ctx: UnitContext, source_tokens: list[Token], target_tokens: list[Token]) -> Iterator[Hit]:
        def positional(tokens: list[Token]) -> list[Token]:
            return [t for t in tokens if t.kind == "printf" and "$" not in t.key and not t.key.startswith("%(")]

        src, tgt = positional(source_tokens), positional(target_tokens)
        if [t.key for t in src] != [t.key for t in tgt]:
            first = next(t for s, t in zip(src, tgt, strict=False) if s.key != t.key)
            yield Hit(first.start, first.end, "unnumbered printf placeholders are in a different order than in the "
                      "source; use numbered ones (%1$s) to reorder", suggestion=None)


class TagMismatch(_TokenCheck):
    """An HTML/XML tag of the source that is missing or added in the translation.

    Flags: tags written in the text (`<b>`, `</a>`, `<br/>`) whose names differ between source and target.
    Why: a lost or extra tag breaks the layout or the page: bold runs to the end, a link disappears.
    Example: source "Press <b>OK</b>." with target "Appuyez sur OK</b>." flags the missing "<b>".
    Instead: "Appuyez sur <b>OK</b>."
    """

    code = "SO002"
    name = "tag-mismatch"
    category = "design/markup"
    severity = Severity.MAJOR
    needs_source = True
    what = "tag"
    examples = (
        Example("Appuyez sur <i>OK</i>.", True, source="Press <b>OK</b>.", target_lang="fr", source_lang="en",
                span="<i>"),
        Example("Appuyez sur <b>OK</b>.", False, source="Press <b>OK</b>.", target_lang="fr", source_lang="en"),
        Example("Appuyez sur OK.", True, source="Press <b>OK</b>.", target_lang="fr", source_lang="en"),
    )

    def tokens(self, text: str) -> list[Token]:
        return tags(text)


class UrlMismatch(_TokenCheck):
    """A URL or e-mail address of the source that is missing or changed in the translation.

    Flags: links and addresses that differ between source and target; language segments that localised
    links change (`/en/` to `/fr/`, `?lang=fr`) are allowed.
    Why: a mistyped or dropped link sends readers nowhere, or somewhere else.
    Example: source "Write to help@example.com" with target "Écrivez à aide@example.com" flags the address.
    Instead: keep the address: "Écrivez à help@example.com".
    """

    code = "SO003"
    name = "url-mismatch"
    category = "accuracy/do-not-translate"
    severity = Severity.MAJOR
    needs_source = True
    what = "link"
    examples = (
        Example("Écrivez à aide@example.com", True, source="Write to help@example.com", target_lang="fr",
                source_lang="en", span="aide@example.com"),
        Example("Voir https://example.com/fr/aide.", False, source="See https://example.com/en/aide.",
                target_lang="fr", source_lang="en"),
        Example("Voir le site.", True, source="See https://example.com/help.", target_lang="fr", source_lang="en"),
    )

    def tokens(self, text: str) -> list[Token]:
        return urls(text)


@functools.lru_cache(maxsize=1)
def _length_factors() -> dict[str, float]:
    data = builtin_data("length", "factors") or {}
    check_keys(data, allowed=("version", "factors", "example"), required=("factors",), path="packs/length/factors.toml")
    return {str(k): float(v) for k, v in data["factors"].items()}


def _length_examples() -> tuple[Example, ...]:
    data = builtin_data("length", "factors") or {}
    return tuple(Example(e["target"], bool(e["flagged"]), source=e["source"], target_lang=e["target_lang"],
                         source_lang=e["source_lang"]) for e in data.get("example", ()))


_INVISIBLE = regex.compile(r"[\s\p{C}]+")
_WIDE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")
_HANGUL = regex.compile(r"\p{Hangul}")


def _visible_length(text: str) -> float:
    """Characters without spaces, a CJK character counting as three and a Hangul syllable as two, so that
    mixed text (Latin names inside Chinese) is measured by its content rather than by its language."""
    # isprintable() is False for every separator and "other" character except the plain space.
    plain = len(text) - text.count(" ") if text.isprintable() else len(_INVISIBLE.sub("", text))
    if text.isascii():
        return plain
    wide, hangul = len(_WIDE.findall(text)), len(_HANGUL.findall(text))
    return plain + 2 * wide + hangul


class LengthRatio(Check):
    """A translation far shorter or longer than its source, for the language pair.

    Flags: units whose length, corrected by the usual length ratio of the two languages (a Chinese or
    Japanese character counts as three Latin ones), is under a third or over three times the source's;
    short units (under 20 characters on both sides) are never flagged.
    Why: a much shorter translation usually dropped a clause; a much longer one added or repeated text.
    Example: source "The meeting has been moved to Thursday afternoon." with target "Réunion." is flagged.
    Instead: translate the whole source.
    """

    code = "SO004"
    name = "length-ratio"
    category = "accuracy/omission"
    severity = Severity.MINOR
    needs_source = True
    low, high, floor = 1 / 3, 3.0, 20
    examples = _length_examples()

    def check(self, ctx: UnitContext) -> Iterator[Hit]:
        factors = _length_factors()
        src_len, tgt_len = _visible_length(ctx.source or ""), _visible_length(ctx.text)
        if max(src_len, tgt_len) < self.floor or src_len == 0 or tgt_len == 0:
            return
        expected = factors.get(ctx.target_base or "", 1.0) / factors.get(ctx.source_base or "", 1.0)
        ratio = (tgt_len / src_len) / expected
        if self.low <= ratio <= self.high:
            return
        # Short absolute differences are not outliers even at extreme ratios.
        if abs(tgt_len - src_len * expected) < self.floor:
            return
        start, end = _whole(ctx.text)
        kind = "shorter" if ratio < 1 else "longer"
        yield Hit(start, end, f"the translation is {ratio:.1f}× the expected length for this language pair: "
                  f"much {kind} than the source", confidence=0.5)


_NORMALISE = regex.compile(r"[\p{P}\p{S}\s]+")


def _norm(text: str) -> str:
    return _NORMALISE.sub(" ", text.casefold()).strip()


class Inconsistency(Check):
    """One source translated two ways, or two different sources translated the same way, in one file.

    Flags: a unit whose source (ignoring case, spaces and punctuation) was translated differently
    earlier in the same file, and a unit whose translation repeats an earlier one made for a different
    source. Units of fewer than three words are left alone: short strings legitimately vary with context.
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
    )

    def check(self, ctx: UnitContext) -> Iterator[Hit]:
        source, target = _norm(ctx.source or ""), _norm(ctx.text)
        if len(source.split()) >= self.min_words and len(target.split()) >= self.min_words:
            # Keyed with the target language: a multilingual memory holds one source in several languages.
            lang = ctx.target_lang or ""
            ctx.document.state_for(self.name, _InconsistencyState).record(lang + "\x00" + source,
                                                                          lang + "\x00" + target, ctx.unit, ctx.text)
        return iter(())

    def finish_document(self, document: DocumentState) -> Iterator[tuple[Unit, Hit]]:
        state = document.data.get(self.name)
        if state is None:
            return
        for unit, message, suggestion in state.conflicts:
            start, end = _whole(unit.target)
            yield unit, Hit(start, end, message, suggestion=suggestion, confidence=0.6)


class _InconsistencyState:
    """Compact per-document memory: hashes of each source and target, with the first translation's text."""

    def __init__(self) -> None:
        self.by_source: dict[int, tuple[int, str, str | None]] = {}
        self.by_target: dict[int, tuple[int, str | None]] = {}
        self.conflicts: list[tuple[Unit, str, str]] = []

    def record(self, source: str, target: str, unit: Unit, text: str) -> None:
        s_hash, t_hash = hash(source), hash(target)
        first = self.by_source.setdefault(s_hash, (t_hash, text[:200], unit.id))
        where = f" in unit {first[2]}" if first[2] else ""
        if first[0] != t_hash:
            self.conflicts.append((_light(unit), f"the same source was translated differently{where}: "
                                                 f"'{first[1]}'", first[1]))
            return
        earlier = self.by_target.setdefault(t_hash, (s_hash, unit.id))
        if earlier[0] != s_hash:
            where = f" of unit {earlier[1]}" if earlier[1] else ""
            self.conflicts.append((_light(unit), f"this translation repeats that{where}, whose source differs", None))


def _light(unit: Unit) -> Unit:
    """The unit without what a late finding does not need (source, notes): less memory held per conflict."""
    return Unit(target=unit.target, id=unit.id, line=unit.line, column=unit.column, offset=unit.offset)


def glossary_entries(ctx: UnitContext) -> tuple[Entry, ...]:
    services = ctx.services
    if services is None:
        return ()
    config = services.config
    key = f"glossary:{ctx.source_lang}:{ctx.target_lang}"

    def build() -> tuple[Entry, ...]:
        entries = load_glossaries(config.glossary, ctx.source_lang, ctx.target_lang)
        inline = tuple(_inline_entry(t) for t in getattr(config, "terms", ()))
        return entries + inline

    return services.get(key, build)


def _inline_entry(spec: str) -> Entry:
    """'source = target|other' requires a target term; '!term' forbids a target term."""
    if spec.startswith("!"):
        return Entry((), (), tuple(t.strip() for t in spec[1:].split("|") if t.strip()))
    source, _, target = spec.partition("=")
    return Entry(tuple(s.strip() for s in source.split("|") if s.strip()),
                 tuple(t.strip() for t in target.split("|") if t.strip()))


class Terminology(Check):
    """A glossary term of the source not translated as the glossary requires, or a forbidden term used.

    Flags: with a glossary (config `glossary = ["terms.csv"]` or a TBX file, or inline
    `terms = ["pull request = demande de tirage", "!courriel"]`), units whose source holds a glossary
    term but whose target holds none of its approved translations, and forbidden terms in the target.
    Words may take a short inflectional ending ("fichier" matches "fichiers").
    Why: terminology is what clients review first; a product's terms must be the same everywhere.
    Example: with "file = fichier", source "Open the file" and target "Ouvrez le document" is flagged.
    Instead: "Ouvrez le fichier".
    """

    code = "SO006"
    name = "terminology"
    category = "terminology/wrong-term"
    severity = Severity.MAJOR
    needs_source = True
    examples = (
        Example("Ouvrez le document", True, source="Open the file", target_lang="fr", source_lang="en",
                config=(("terms", ["file = fichier"]),)),
        Example("Ouvrez les fichiers", False, source="Open the files", target_lang="fr", source_lang="en",
                config=(("terms", ["file = fichier"]),)),
        Example("Envoyez un courriel", True, source="Send an email", target_lang="fr", source_lang="en",
                config=(("terms", ["!courriel"]),), span="courriel"),
    )

    def applies_to(self, ctx: UnitContext) -> bool:
        return super().applies_to(ctx) and bool(glossary_entries(ctx))

    def check(self, ctx: UnitContext) -> Iterator[Hit]:
        source = ctx.source or ""
        for entry in glossary_entries(ctx):
            for term in entry.forbidden:
                for match in term_pattern(term).finditer(ctx.text):
                    yield Hit(match.start(), match.end(), f"'{match.group()}' is a forbidden term",
                              suggestion=entry.target[0] if entry.target else None)
            if not entry.target or not any(term_pattern(s).search(source) for s in entry.source):
                continue
            if any(term_pattern(t).search(ctx.text) for t in entry.target):
                continue
            start, end = _whole(ctx.text)
            found = next(term_pattern(s).search(source) for s in entry.source if term_pattern(s).search(source))
            yield Hit(start, end, f"the source term '{found.group() if found else entry.source[0]}' should be "
                      f"translated as '{' or '.join(entry.target)}'", suggestion=None)


CHECKS = (PlaceholderMismatch, TagMismatch, UrlMismatch, LengthRatio, Inconsistency, Terminology)
