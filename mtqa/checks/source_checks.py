"""Checks that compare the target with its source: placeholders, tags, URLs, length, consistency across
a document, and a user's terminology (numbers are in `checks/numbers.py`)."""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import regex

from mtqa.checks.base import Check, DocumentState, Example, UnitContext, light_unit, whole_span
from mtqa.checks.consistency import Inconsistency
from mtqa.glossary import Entry, load_glossaries, term_pattern
from mtqa.model import Hit, Severity, Unit
from mtqa.text.lengths import DocumentLengths, Spread, form_length
from mtqa.text.markup import EMPHASIS, markup_names, tags, urls
from mtqa.text.placeholders import (
    CONFIRMED_BY_USE,
    Comparison,
    Token,
    compare,
    may_hold_placeholders,
    placeholders,
    syntax_for,
)
from mtqa.util import patterns
from mtqa.util.datafiles import builtin_data, check_keys


def _listing(items: list[str]) -> str:
    """'a, b ×2, c': the items in order, repeats counted."""
    counts = Counter(items)
    return ", ".join(f"{item} ×{counts[item]}" if counts[item] > 1 else item for item in dict.fromkeys(items))


class PlaceholderMismatch(Check):
    """A placeholder of the source that is missing, added, altered, corrupted or reordered in the translation.

    Flags: one finding per unit listing what differs. Placeholders are read with the grammar the message
    uses: always XLIFF/TMX inline codes, ICU arguments (`{n, plural, ...}`, `{0}`, `{name}`), i18next
    `{{name}}` and `$t(key)`, `${name}`, Python `%(name)s`, Ruby `%{name}` and `%<name>s`, numbered
    printf `%1$s`; and, when the gettext flags declare it or the source uses it, printf `%s %d %lu %@`
    (`%%` is an escape; a translation may number them, `%2$s … %1$d`), Qt `%1`, Symfony `%name%`,
    Drupal and Magento `%name`, strftime formats, Drupal `@name` and Laravel `:name` (these two once
    the unit or another unit of the file keeps one as the source writes it). ICU case bodies are text:
    the argument, its type and the case keys are compared (select keys exactly; plural keys against the
    target language's plural categories). Named placeholders may
    appear any number of times; unnamed printf ones must keep their count and order. A full-width `％1`
    or `％name％` is a corrupted placeholder, even where the source is a message key.
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
        Example("Afficher les entrées %start% à %end% sur %total%", False,
                source="Showing entries %start% to %end% of %total%", target_lang="fr", source_lang="en"),
        Example("Pedidos com número começando com \"%{order_number}s\"", True,
                source='Order number starts with "{order_number}"', target_lang="pt", source_lang="en",
                span="%{order_number}"),
        Example("％1または％2を使用してください。", True, source="You can also use %1 or %2.", target_lang="ja",
                source_lang="en", span="％1"),
        Example("Ez a webhely jelenleg karbantartás alatt áll.", True,
                source="@site is currently under maintenance.", target_lang="hu", source_lang="en",
                earlier=(("Welcome to @site", "Üdvözöljük a @site oldalon"), ("@count items", "@count elem"),
                         ("Back to @site", "Vissza: @site"))),
        Example("Címkézze a feladatot, például pénz.", False, source="Tag the task, for example @money.",
                target_lang="hu", source_lang="en"),
    )

    def applies_to(self, ctx: UnitContext) -> bool:
        # Also where a message key stands for the source: a corrupted ％1 shows in the target alone.
        return ctx.unit.source is not None and (self.languages is None or ctx.target_base in self.languages)

    def check(self, ctx: UnitContext) -> Iterator[Hit]:
        if ctx.source is None:  # a message key stands for the source: only the target can be read
            corrupt = [t for t in placeholders(ctx.text) if t.kind == "corrupt"]
            if corrupt:
                yield Hit(corrupt[0].start, corrupt[0].end, "placeholder(s) written with a full-width ％: "
                          f"{_listing([ctx.text[t.start:t.end] for t in corrupt])}; they will not be replaced",
                          suggestion=corrupt[0].key if len(corrupt) == 1 else None)
            return
        if not may_hold_placeholders(ctx.source) and not may_hold_placeholders(ctx.text):
            return  # nothing on either side to compare
        syntax = syntax_for(ctx.source, ctx.unit.flags, ctx.text)
        result = compare(ctx.source, ctx.text, syntax, ctx.target_lang)
        if any(c in ctx.source for c in "@:"):
            # `@site` dropped: whether `@site` is a placeholder depends on what the rest of the file does.
            state: _PlaceholderState = ctx.document.state_for(self.name, _PlaceholderState)
            loose = syntax_for(ctx.source, ctx.unit.flags, ctx.text, confirmed=CONFIRMED_BY_USE)
            state.uses.update(loose.intersection(CONFIRMED_BY_USE))
            state.kept.update(syntax.intersection(CONFIRMED_BY_USE))
            if loose != syntax and not result.differs:
                later = compare(ctx.source, ctx.text, loose, ctx.target_lang)
                if later.differs:
                    state.pending.append((light_unit(ctx.unit), self._difference(ctx, later), loose - syntax))
        if result.differs:
            yield self._difference(ctx, result)
        elif result.misordered is not None:
            token = result.misordered
            yield Hit(token.start, token.end, "unnumbered printf placeholders are in a different order than in "
                      "the source; use numbered ones (%1$s) to reorder", suggestion=None)

    def finish_document(self, document: DocumentState) -> Iterator[tuple[Unit, Hit]]:
        state = document.data.get(self.name)
        if state is None:
            return
        for unit, hit, grammars in state.pending:
            if all(state.confirms(grammar) for grammar in grammars):
                yield unit, hit

    @staticmethod
    def _difference(ctx: UnitContext, result: Comparison) -> Hit:
        parts = []
        if result.missing:
            parts.append(f"missing {_listing(result.missing)}")
        if result.extra:
            parts.append(f"not in the source: {_listing([ctx.text[t.start:t.end] for t in result.extra])}")
        if result.corrupt:
            parts.append(f"written with a full-width ％: {_listing([ctx.text[t.start:t.end] for t in result.corrupt])}")
        if result.unescaped:
            parts.append("a literal % must be written %% as in the source")
        parts.extend(result.icu)
        first = sorted([*result.extra, *result.corrupt], key=lambda t: t.start)
        if first:
            start, end = first[0].start, first[0].end
        elif result.unescaped:
            start, end = result.unescaped[0], result.unescaped[0] + 1
        else:
            start, end = whole_span(ctx.text)
        suggestion = None
        if len(result.missing) == 1 and len(result.extra) + len(result.corrupt) == 1 and not result.icu:
            suggestion = result.missing[0]
        elif result.unescaped and len(parts) == 1:
            suggestion = "%%"
        return Hit(start, end, "placeholders differ from the source: " + "; ".join(parts), suggestion=suggestion)


@dataclass
class _PlaceholderState:
    """Prose-like grammars (Drupal `@name`): units whose source has such tokens, units whose target kept
    them, and the units that lost them all, reported once the file shows it uses that grammar."""

    uses: Counter[str] = field(default_factory=Counter)
    kept: Counter[str] = field(default_factory=Counter)
    pending: list[tuple[Unit, Hit, frozenset[str]]] = field(default_factory=list)

    def confirms(self, grammar: str) -> bool:
        """Most units of the file keep them (a help text that translates its example `@tags` does not)."""
        return self.kept[grammar] >= 3 and self.kept[grammar] >= 0.75 * self.uses[grammar]


class TagMismatch(Check):
    """Markup of the source that is missing, added or broken in the translation.

    Flags: one finding per unit listing the tags that differ (by element name) or a target whose tags no
    longer open and close in order (`<1>Banni:<1>`). Markup is HTML and Pango elements, i18next numbered
    tags `<1>...</1>`, and any element written with attributes, self-closing or opened and closed; a
    lone `<file>` or `<EMPTY>` is text (a command-line metavariable), not markup. A translator adding
    emphasis (`<em>`, `<b>`...) around words is reported as minor; around a name kept from the source
    (`<em>Backup and Migrate</em>`), a house style, it is not reported.
    Why: a lost or extra tag breaks the layout or the page: bold runs to the end, a link disappears.
    Example: source "Press <b>OK</b>." with target "Appuyez sur OK</b>." flags the missing "<b>".
    Instead: "Appuyez sur <b>OK</b>."
    """

    code = "SO002"
    name = "tag-mismatch"
    category = "design/markup"
    severity = Severity.MAJOR
    needs_source = True
    examples = (
        Example("Appuyez sur <i>OK</i>.", True, source="Press <b>OK</b>.", target_lang="fr", source_lang="en",
                span="<i>"),
        Example("Appuyez sur <b>OK</b>.", False, source="Press <b>OK</b>.", target_lang="fr", source_lang="en"),
        Example("Appuyez sur OK.", True, source="Press <b>OK</b>.", target_lang="fr", source_lang="en"),
        Example("<1>Banni :<1> vous ne pouvez pas publier.", True, source="<1>Banned:</1> You cannot post.",
                target_lang="fr", source_lang="en", span="<1>"),
        Example("Verwendung: mtqa <datei>", False, source="Usage: mtqa <file>", target_lang="de", source_lang="en"),
    )

    def check(self, ctx: UnitContext) -> Iterator[Hit]:
        source = ctx.source or ""
        names = markup_names(source, ctx.text)
        if not names:
            return
        src, tgt = tags(source, names), tags(ctx.text, names)
        extra, missing = _unmatched(source, ctx.text, src, tgt)
        if not any(t.key.strip("</>") in EMPHASIS for t in missing):  # not <b>OK</b> rendered <i>OK</i>
            extra = _without_emphasised_names(source, ctx.text, extra)
        broken = None if extra or missing or not _balanced(src) else _first_unbalanced(tgt)
        if not extra and not missing and broken is None:
            return
        if broken is not None:
            yield Hit(broken.start, broken.end, f"the tags no longer open and close in order: "
                      f"{ctx.text[broken.start:broken.end]} is out of place")
            return
        parts = []
        if missing:
            shown = [source[t.start:t.end] if t.end - t.start < 40 else t.key for t in missing]
            parts.append(f"missing {_listing(shown)}")
        if extra:
            parts.append(f"not in the source: {_listing([ctx.text[t.start:t.end] for t in extra])}")
        start, end = (extra[0].start, extra[0].end) if extra else whole_span(ctx.text)
        if not missing and _added_emphasis(extra):
            added = _listing([ctx.text[t.start:t.end] for t in extra])
            yield Hit(start, end, f"the translation adds emphasis the source does not have: {added}",
                      severity=Severity.MINOR)
            return
        suggestion = None
        if len(missing) == 1 and len(extra) == 1:
            suggestion = source[missing[0].start:missing[0].end]
        yield Hit(start, end, "tags differ from the source: " + "; ".join(parts), suggestion=suggestion)


def _unmatched(source: str, target: str, src: list[Token], tgt: list[Token]) -> tuple[list[Token], list[Token]]:
    """Target tags with no counterpart in the source, and source tags missing from the target: tags written
    identically are paired first, then tags of the same element."""
    left = list(src)
    extra: list[Token] = []
    pending: list[Token] = []
    for token in tgt:
        same = next((s for s in left if source[s.start:s.end] == target[token.start:token.end]), None)
        if same is not None:
            left.remove(same)
        else:
            pending.append(token)
    for token in pending:
        same = next((s for s in left if s.key == token.key), None)
        if same is not None:
            left.remove(same)
        else:
            extra.append(token)
    return extra, left


def _stack_walk(tokens: list[Token]) -> Token | None:
    """The first tag that closes what is not open, or an opening tag never closed."""
    stack: list[Token] = []
    for token in tokens:
        if token.key.endswith("/>"):
            continue
        if token.key.startswith("</"):
            name = token.key[2:-1]
            if not any(t.key[1:-1] == name for t in stack):
                return token
            while stack and stack[-1].key[1:-1] != name:
                stack.pop()
            stack.pop()
        elif token.key[1:-1] not in VOID_ELEMENTS:
            stack.append(token)
    return stack[0] if stack else None


VOID_ELEMENTS = frozenset({"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "param",
                           "source", "track", "wbr"})


def _balanced(tokens: list[Token]) -> bool:
    return _stack_walk(tokens) is None


def _first_unbalanced(tokens: list[Token]) -> Token | None:
    return _stack_walk(tokens)


def _without_emphasised_names(source: str, target: str, extra: list[Token]) -> list[Token]:
    """The added tags less the emphasis a translator puts around words kept from the source (a module or
    product name, `<em>Backup and Migrate</em>`: a house style); emphasis around the whole translation or
    around words of its own is kept."""
    plain_source = _TAG_TEXT.sub(" ", source).casefold()
    dropped: set[int] = set()
    for i, opening in enumerate(extra):
        name = opening.key.strip("<>/")
        if opening.key.startswith("</") or opening.key.endswith("/>") or name not in EMPHASIS or i in dropped:
            continue
        close = next((j for j in range(i + 1, len(extra)) if extra[j].key == f"</{name}>" and j not in dropped), None)
        if close is None:
            continue
        inside = _TAG_TEXT.sub(" ", target[opening.end:extra[close].start]).strip()
        outside = _TAG_TEXT.sub(" ", target[:opening.start] + target[extra[close].end:]).strip()
        if inside and outside and regex.search(rf"(?<!\w){regex.escape(inside.casefold())}(?!\w)", plain_source):
            dropped |= {i, close}
    return [t for i, t in enumerate(extra) if i not in dropped]


_TAG_TEXT = patterns.compile(r"<[^<>]*>")


def _added_emphasis(extra: list[Token]) -> bool:
    """Only emphasis elements, each opened and closed."""
    names = Counter()
    for token in extra:
        name = token.key.strip("</>")
        if name not in EMPHASIS:
            return False
        names[name] += -1 if token.key.startswith("</") else 1
    return all(v == 0 for v in names.values())


class UrlMismatch(Check):
    """A URL or e-mail address of the source that is missing or changed in the translation.

    Flags: one finding per unit listing the links and addresses that differ between source and target;
    language segments that localised links change (`/en/` to `/pt-br/`, `?lang=fr`) are allowed.
    Why: a mistyped or dropped link sends readers nowhere, or somewhere else.
    The mailbox of an example address at a domain reserved for examples (`you@example.com`) may be
    localised.
    Example: source "Write to help@acme-tools.fr" with target "Écrivez à aide@acme-tools.fr" flags the address.
    Instead: keep the address: "Écrivez à help@acme-tools.fr".
    """

    code = "SO003"
    name = "url-mismatch"
    category = "accuracy/do-not-translate"
    severity = Severity.MAJOR
    needs_source = True
    examples = (
        Example("Écrivez à aide@acme-tools.fr", True, source="Write to help@acme-tools.fr", target_lang="fr",
                source_lang="en", span="aide@acme-tools.fr"),
        Example("Par ex. prenom.nom@example.com", False, source="E.g. jessie.smith@example.com", target_lang="fr",
                source_lang="en"),
        Example("Voir https://example.com/fr/aide.", False, source="See https://example.com/en/aide.",
                target_lang="fr", source_lang="en"),
        Example("Veja https://docs.example.com/pt-br/guia/", False, source="See https://docs.example.com/en/guia/",
                target_lang="pt", source_lang="en"),
        Example("Voir le site.", True, source="See https://example.com/help.", target_lang="fr", source_lang="en"),
    )

    def check(self, ctx: UnitContext) -> Iterator[Hit]:
        source = ctx.source or ""
        src, tgt = urls(source), urls(ctx.text)
        if not src and not tgt:
            return
        extra, missing = _unmatched(source, ctx.text, src, tgt)
        if not extra and not missing:
            return
        parts = []
        if missing:
            parts.append(f"missing {_listing([source[t.start:t.end] for t in missing])}")
        if extra:
            parts.append(f"not in the source: {_listing([ctx.text[t.start:t.end] for t in extra])}")
        start, end = (extra[0].start, extra[0].end) if extra else whole_span(ctx.text)
        suggestion = source[missing[0].start:missing[0].end] if len(missing) == 1 and len(extra) == 1 else None
        what = "links differ" if any(t.kind == "url" for t in (*missing, *extra)) else "addresses differ"
        yield Hit(start, end, f"{what} from the source: " + "; ".join(parts), suggestion=suggestion)


@functools.lru_cache(maxsize=1)
def _length_factors() -> dict[str, float]:
    data = builtin_data("length", "factors") or {}
    check_keys(data, allowed=("version", "factors", "spread", "example"), required=("factors",),
               path="packs/length/factors.toml")
    return {str(k): float(v) for k, v in data["factors"].items()}


def _length_examples() -> tuple[Example, ...]:
    data = builtin_data("length", "factors") or {}
    return tuple(Example(e["target"], bool(e["flagged"]), source=e["source"], target_lang=e["target_lang"],
                         source_lang=e["source_lang"]) for e in data.get("example", ()))


@functools.lru_cache(maxsize=1)
def _spread() -> Spread:
    data = builtin_data("length", "factors") or {}
    spread = data["spread"]
    return Spread(float(spread["relative"]), float(spread["counting"]))


class LengthRatio(Check):
    """A translation far shorter than its source, for the language pair and the file.

    Flags: units whose length ratio (a Chinese or Japanese character counts as three Latin ones, plural
    forms `a|b|c` are averaged) lies more than 4 standard deviations and 20 characters below what the
    file's other units show: the language pair's usual ratio is centred on the file's own median, and the
    tolerance widens for short strings (see `mtqa.text.lengths`; fitted on real localisation files by
    `benchmarks/length_spread.py`). Longer translations are not flagged: in real files they are glosses
    (an acronym spelled out), compounds or politeness, not errors of omission.
    Why: a much shorter translation usually dropped a clause or is a stale translation of an older text.
    Example: source "The meeting has been moved to Thursday afternoon." with target "Réunion." is flagged.
    Instead: translate the whole source.
    """

    code = "SO004"
    name = "length-ratio"
    category = "accuracy/omission"
    severity = Severity.MINOR
    needs_source = True
    shorter_sd, floor = 4.0, 20
    examples = _length_examples()

    def check(self, ctx: UnitContext) -> Iterator[Hit]:
        source = ctx.source or ""
        src_len, tgt_len = form_length(source), form_length(ctx.text)
        if src_len == 0 or tgt_len == 0:
            return iter(())
        factors = _length_factors()
        expected = factors.get(ctx.target_base or "", 1.0) / factors.get(ctx.source_base or "", 1.0)
        log_ratio = math.log(tgt_len / (expected * src_len))
        state = ctx.document.state_for(self.name, lambda: _LengthState(DocumentLengths(_spread())))
        state.lengths.add(log_ratio, (src_len + tgt_len / expected) / 2)
        if log_ratio <= -0.25 and expected * src_len - tgt_len >= self.floor / 2:
            state.candidates.append((light_unit(ctx.unit), src_len, tgt_len, expected))
        return iter(())

    def finish_document(self, document: DocumentState) -> Iterator[tuple[Unit, Hit]]:
        state = document.data.get(self.name)
        if state is None:
            return
        centre, scale = state.lengths.centre_and_scale()
        spread = state.lengths.spread
        for unit, src_len, tgt_len, expected in state.candidates:
            usual = expected * math.exp(centre) * src_len
            sds = math.log(tgt_len / usual) / (scale * spread.sd((src_len + tgt_len / expected) / 2))
            if sds < -self.shorter_sd and usual - tgt_len >= self.floor:
                start, end = whole_span(unit.target)
                yield unit, Hit(start, end, f"the translation is {tgt_len / usual:.1f}× the length usual in this "
                                f"file for such a source: much shorter than the source ({-sds:.0f} standard "
                                "deviations); a part may be missing", confidence=0.5)


@dataclass
class _LengthState:
    lengths: DocumentLengths
    candidates: list[tuple[Unit, float, float, float]] = field(default_factory=list)


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
            start, end = whole_span(ctx.text)
            found = next(term_pattern(s).search(source) for s in entry.source if term_pattern(s).search(source))
            yield Hit(start, end, f"the source term '{found.group() if found else entry.source[0]}' should be "
                      f"translated as '{' or '.join(entry.target)}'", suggestion=None)


CHECKS = (PlaceholderMismatch, TagMismatch, UrlMismatch, LengthRatio, Inconsistency, Terminology)
