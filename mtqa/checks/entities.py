"""Names that must survive translation: translated literally as common nouns, or dropped."""

from __future__ import annotations

import dataclasses
import difflib
import pickle
import tempfile
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

from mtqa.checks.base import Check, DocumentState, Example, UnitContext, light_unit
from mtqa.langid.lexicon import has_lexicon, zipf_table
from mtqa.meaning.entities import (
    DoNotTranslate,
    Entity,
    builtin_entities,
    count_word,
    load_do_not_translate,
    word_pattern,
)
from mtqa.meaning.people import People, find_mentions, gender_lexicon, may_mention_people, tokenize
from mtqa.model import Hit, Severity, Unit
from mtqa.text.words import LETTER_RUN, letter_runs, lower_word_set
from mtqa.util import patterns


def _do_not_translate(ctx: UnitContext) -> DoNotTranslate:
    services = ctx.services
    if services is None or not getattr(services.config, "do_not_translate", None):
        return DoNotTranslate()
    return services.get("do_not_translate", lambda: load_do_not_translate(services.config.do_not_translate))


@dataclass(frozen=True)
class _EntityIndex:
    """The entities of one target language, indexed by the words of their names and literal translations:
    an entity can only match a unit whose words include all the words of one of those phrases, so each
    phrase is filed under its longest word and most units meet none after one set intersection."""

    entities: list[tuple[Entity, bool]]  # (entity, listed by the user)
    by_word: dict[str, list[tuple[int, frozenset[str]]]]  # key word -> (entity index, all the phrase's words)

    def candidates(self, text: str) -> list[tuple[Entity, bool]]:
        if not self.by_word:
            return []
        words = lower_word_set(text)
        hits = {i for key in words.intersection(self.by_word) for i, phrase in self.by_word[key] if phrase <= words}
        return [self.entities[i] for i in sorted(hits)]


def _build_index(ctx: UnitContext) -> _EntityIndex:
    dnt = _do_not_translate(ctx)
    found = [(e, e.name in dnt.terms) for e in builtin_entities() if e.literals(ctx.target_base)]
    found += [(e, True) for e in dnt.terms.values() if e.literals(ctx.target_base)]
    by_word: dict[str, list[tuple[int, frozenset[str]]]] = {}
    for i, (entity, _listed) in enumerate(found):
        for phrase in (entity.name, *entity.literals(ctx.target_base)):
            parts = letter_runs(phrase.lower())
            # The last word of a multi-word literal may come glued to the next word ("circulationquelque").
            words = frozenset(parts[:-1] if len(parts) > 1 else parts)
            if words:
                by_word.setdefault(max(sorted(words), key=len), []).append((i, words))
    return _EntityIndex(found, by_word)


def _entities(ctx: UnitContext) -> _EntityIndex:
    """The target language's entities that have literal translations, indexed by their words."""
    if ctx.services is None:
        return _build_index(ctx)
    return ctx.services.get(f"entity-index:{ctx.target_base}", lambda: _build_index(ctx))  # type: ignore[no-any-return]


def _literal_spans(text: str, entity: Entity, lang: str | None, lowered: str | None = None) -> list[tuple[int, int]]:
    """Non-overlapping spans of the entity's literal translations, the longest first. With `lowered`
    (`text` in lower case), a literal with a word that `lowered` does not contain is not searched for."""
    spans = sorted(set(_all_literal_spans(text, entity, lang, lowered)), key=lambda s: (s[0], -s[1]))
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if not out or start >= out[-1][1]:
            out.append((start, end))
    return out


# Characters that the standard engine, ignoring case, takes for an ASCII letter although their lower case
# is not one ("ſ" for "s"): in a text holding one, every literal is searched for.
_ASCII_LOOKALIKES = "\u0130\u0131\u017f\u212a"


def _all_literal_spans(text: str, entity: Entity, lang: str | None,
                       lowered: str | None = None) -> Iterator[tuple[int, int]]:
    if lowered is not None and any(c in text for c in _ASCII_LOOKALIKES):
        lowered = None
    for literal in entity.literals(lang):
        if lowered is not None and literal.isascii() and not all(word.lower() in lowered for word in literal.split()):
            # An ASCII literal, searched for by the standard engine ignoring case (~0.6 ms a long unit),
            # can only match where the lower-case text holds each of its words.
            continue
        for match in word_pattern(literal, True, glued_end=" " in literal).finditer(text):
            found = match.group()
            if entity.case == "capitalised":
                i = match.start()  # the character before the match and its spaces, found without slicing
                while i and text[i - 1].isspace():  # (a slice per match is quadratic in a long unit)
                    i -= 1
                sentence_start = not i or text[i - 1] in ".!?:«\"“\n"
                if not found[:1].isupper() or sentence_start:
                    continue
            yield match.start(), match.end()


@dataclass
class _Pending:
    """Findings that wait for the name to appear later in the document. Past SPILL_AFTER of them they
    move to a temporary file in batches, so a long document's memory stays flat; order is kept."""

    names_seen: set[str] = field(default_factory=set)
    waiting: list[tuple[Unit, Hit, str]] = field(default_factory=list)
    spill: IO[bytes] | None = None

    def add(self, unit: Unit, hit: Hit, name: str) -> None:
        self.waiting.append((unit, hit, name))
        if len(self.waiting) >= SPILL_AFTER:
            if self.spill is None:
                self.spill = tempfile.TemporaryFile()  # noqa: SIM115 - open for the document; closed in drain()
            pickle.dump(self.waiting, self.spill, protocol=pickle.HIGHEST_PROTOCOL)
            self.waiting = []

    def drain(self) -> Iterator[tuple[Unit, Hit, str]]:
        if self.spill is not None:
            self.spill.seek(0)
            while True:
                try:
                    batch = pickle.load(self.spill)
                except EOFError:
                    break
                yield from batch
            self.spill.close()
            self.spill = None
        yield from self.waiting
        self.waiting = []


SPILL_AFTER = 1000


class EntityTranslated(Check):
    """A name translated literally as a common noun ("Semafor" -> "feux de circulation").

    Flags: a literal translation of a brand or organisation name that is also a common word (built-in
    pack `packs/entities/`, or the literal translations in the user's do-not-translate CSV), when there
    is evidence the name is meant: the source names it, the same document names it elsewhere, or the
    user's do-not-translate list holds it. Without such evidence nothing fires, so a text about traffic
    lights stays clean.
    Why: MT translates names that look like words (Spanish "Semafor" read as "semáforo", Apple as
    "Pomme"); the reader loses who is being talked about.
    Example: "Ils racontent aux feux de circulation que ... Selon Semafor, ..." flags "feux de
    circulation".
    Instead: keep the name: "Ils racontent à Semafor que ...".
    """

    code = "EN001"
    name = "entity-translated"
    category = "accuracy/mistranslation"
    severity = Severity.MAJOR
    examples = (
        *(Example(text, True, target_lang=lang) for e in builtin_entities() for lang, text in e.bad),
        *(Example(text, False, target_lang=lang) for e in builtin_entities() for lang, text in e.good),
        Example("Ils racontent aux feux de circulation que quelque chose est arrivé.", True,
                source="Cuentan a Semafor que algo pasó.", source_lang="es", span="feux de circulation"),
        Example("Le feu de circulation est passé au rouge.", False, source="El semáforo se puso en rojo.",
                source_lang="es"),
    )

    def check(self, ctx: UnitContext) -> Iterator[Hit]:
        candidates = _entities(ctx).candidates(ctx.text)
        if not candidates:
            return
        pending: _Pending = ctx.document.state_for(self.name, _Pending)
        lowered = ctx.text.lower()
        for entity, listed in candidates:
            spans = _literal_spans(ctx.text, entity, ctx.target_base, lowered)
            in_target = count_word(ctx.text, entity.name)
            if in_target:
                pending.names_seen.add(entity.name)
            if not spans:
                continue
            if ctx.source is not None:
                in_source = count_word(ctx.source, entity.name)
                if in_source <= in_target:
                    continue
                evidence = True
            else:
                evidence = listed or entity.name in pending.names_seen
            for start, end in spans:
                hit = Hit(start, end, f"'{ctx.text[start:end]}' looks like a literal translation of the name "
                          f"'{entity.name}'", suggestion=entity.name, confidence=0.8 if evidence else 0.6)
                if evidence:
                    yield hit
                else:
                    pending.add(*_line_of(ctx.unit, hit), entity.name)

    def finish_document(self, document: DocumentState) -> Iterator[tuple[Unit, Hit]]:
        pending: _Pending = document.state_for(self.name, _Pending)
        for unit, hit, name in pending.drain():
            if name in pending.names_seen:
                yield unit, hit


# Names that are never translated: CamelCase words ("OpenAI", "iPhone", "McCoy") and Latin words with
# digits ("GPT-4", "COVID-19"). Shouting and typos ("THe", "WHy") do not match.
_BRANDLIKE = patterns.compile(
    r"\b(?<![\p{L}\p{N}])(?:\p{Ll}?\p{Lu}\p{Ll}+\p{Lu}[\p{Latin}]*|\p{Lu}+-?\p{N}+[\p{Latin}\p{N}]*)(?![\p{L}\p{N}])"
)
# Source languages whose personal names keep their form in translation (no case endings, Latin script).
_STABLE_NAME_LANGS = frozenset({"en", "fr", "es", "it", "pt", "ca", "nl", "de"})
# At most 16 parts (see mtqa.meaning.people.TOKEN).
_LATIN_WORD = patterns.compile(
    r"(?<![\p{Latin}\p{N}])\p{Latin}[\p{Latin}\p{N}]*(?:[-.&][\p{Latin}\p{N}]+){0,15}(?![\p{Latin}\p{N}])"
)
_NON_LATIN_LETTER = patterns.compile(r"[^\P{L}\p{Latin}]")


def _letters(text: str) -> int:
    return sum(map(str.isalpha, text))  # str.isalpha is exactly \p{L}


def _non_latin_letters(text: str) -> int:
    return 0 if text.isascii() else len(_NON_LATIN_LETTER.findall(text))


def _embedded_latin(source: str) -> set[str]:
    """Latin-script words inside a source in another script ("TogiNet", "BBC"): kept as they are."""
    letters = _letters(source)
    if not letters or _non_latin_letters(source) < letters / 2:
        return set()
    # Acronyms are left out: translators often spell them out ("VIN" -> "vehicle identification number").
    return {m.group() for m in _LATIN_WORD.finditer(source) if len(m.group()) >= 3 and not m.group().isupper()}


def _source_names(ctx: UnitContext) -> set[str]:
    source = ctx.source or ""
    names = {m.group() for m in _BRANDLIKE.finditer(source)
             if not m.group().isupper() and not _ordinary_compound(m.group(), ctx.source_base)}
    if names and names == {source.strip()}:
        names = set()  # the whole message is the word ("TagName", "DateTime"): a label to translate
    names |= _embedded_latin(source)
    dnt = _do_not_translate(ctx)
    names |= {term for term in dnt.terms if count_word(source, term)}
    lex = gender_lexicon(ctx.source_base) if ctx.source_base in _STABLE_NAME_LANGS else None
    if ctx.source_base in _STABLE_NAME_LANGS and may_mention_people(source, lex):
        people = People()
        for mention in find_mentions(tokenize(source), lex, people):
            surname = source[mention.start : mention.end].split()[-1].rstrip(".")
            phrase = _phrase_around(source, mention.start, mention.end)
            if len(surname) > 2 and not _title_case(phrase, ctx.source_base):
                names.add(surname)
    return names


_PHRASE_EDGE = patterns.compile(r'&quot;|[.!?:;()\[\]"“”«»\n]')


def _phrase_around(text: str, start: int, end: int) -> str:
    """The phrase holding text[start:end], between quotes, brackets or sentence punctuation."""
    before = [m.end() for m in _PHRASE_EDGE.finditer(text, 0, start)]
    after = _PHRASE_EDGE.search(text, end)
    return text[before[-1] if before else 0 : after.start() if after else len(text)]


def _latin_script(text: str) -> bool:
    """Written in Latin script, bar a few foreign characters (one CJK character stands for a word)."""
    letters = _letters(text)
    return letters > 0 and _non_latin_letters(text) < letters / 10


def _present(text: str, name: str) -> bool:
    """The name, a word it begins ("McCoyová"), or a word sharing all but its last two letters with it
    (German genitive "Merkels"), or without the English plural of a model name ("N810" for "N810s");
    accents aside ("PokéWalker" for "PokeWalker")."""
    text, name = _plain(text), _plain(name)
    if word_pattern(name, True, glued_end=True).search(text):
        return True
    if len(name) > 2 and name.endswith("s") and (name[-2].isdigit() or name[-2].isupper()):
        return _present(text, name[:-1])  # the English plural of a model or acronym: "N810s", "GPUs"
    stem = name[: max(4, len(name) - 2)]
    return len(name) > 5 and word_pattern(stem, True, glued_end=True).search(text) is not None


def _plain(text: str) -> str:
    """The text without combining accents (same length only matters for offsets, unused here)."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


# Words among the most frequent of their language ("to", "do", "up"): a CamelCase run of them ("ToDo")
# is an ordinary phrase written jointly, not a name.
_VERY_COMMON_ZIPF = 5.5
_CAMEL_PARTS = patterns.compile(r"\p{Lu}?\p{Ll}+|\p{Lu}+(?!\p{Ll})")


def _ordinary_compound(word: str, lang: str | None) -> bool:
    table = zipf_table(lang) if lang and has_lexicon(lang) else None
    if table is None:
        return False
    parts = _CAMEL_PARTS.findall(word)
    return len(parts) > 1 and all(table.get(p.lower(), 0.0) >= _VERY_COMMON_ZIPF for p in parts)


# Languages that capitalise every noun: capitals there are no sign of Title Case.
_NOUN_CAPITALS = frozenset({"de", "lb"})


def _title_case(text: str, lang: str | None) -> bool:
    """A Title Case label ("Mark Book as Read", "Mark As Done"), where capitals are no evidence of a name:
    a capitalised function word between capitalised words ("As"), or the longer words after the first
    all capitalised and most of them ordinary words of the language (not "Dmitri Kislov")."""
    table = zipf_table(lang) if lang and lang not in _NOUN_CAPITALS and has_lexicon(lang) else None
    if table is None:
        return False
    words = letter_runs(text)
    for before, word, after in zip(words, words[1:], words[2:], strict=False):
        # "Mark As Done"; not "a La Plata", where the article belongs to the name
        if len(word) <= 3 and word.istitle() and table.get(word.lower(), 0.0) >= _FUNCTION_ZIPF \
                and before[0].isupper() and after[0].isupper():
            return True
    longer = [w for w in words[1:] if len(w) >= 4]
    capitalised = [w for w in longer if w[0].isupper()]
    ordinary = [w for w in capitalised if table.get(w.lower(), 0.0) >= _ORDINARY_ZIPF]
    return bool(longer) and len(capitalised) >= 0.75 * len(longer) and len(ordinary) >= 0.5 * len(capitalised)


_FUNCTION_ZIPF = 6.0
_ORDINARY_ZIPF = 4.0
_WORD_ZIPF = 3.0


_TOGINET = "早年，该节目仅在运营已久的互联网广播网站TogiNet Radio上播出。"


class EntityMissing(Check):
    """A name of the source missing from the translation.

    Flags: a name of the source that the target lacks: a person's surname (after a known given name
    or a title, in sources whose names keep their form), a do-not-translate term, a brand-like name
    with inner capitals or digits ("OpenAI", "GPT-4"), or a Latin-script word inside a source in another
    script ("TogiNet" in Chinese). A CamelCase name made of words ("WishList", "PaymentToken") is the
    file's own term, translated by its meaning, when the file's sources also write its words apart
    ("wish list", "the payment token"). Needs the source.
    Why: names carry who and what a sentence is about; MT drops or replaces them, and a reader of the
    target cannot notice.
    Example: source "Elon Musk criticó a OpenAI." target "Il a critiqué l'entreprise." flags the unit.
    Instead: keep every name of the source: "Elon Musk a critiqué OpenAI."
    """

    code = "EN002"
    name = "entity-missing"
    category = "accuracy/omission"
    severity = Severity.MAJOR
    needs_source = True
    examples = (
        Example("Il a critiqué l'entreprise le mois dernier.", True,
                source="Elon Musk criticó a OpenAI el mes pasado.", source_lang="es"),
        Example("Elon Musk a critiqué OpenAI le mois dernier.", False,
                source="Elon Musk criticó a OpenAI el mes pasado.", source_lang="es"),
        Example("Moscou a répondu le lendemain.", False, source="Moskau antwortete am nächsten Tag.", source_lang="de"),
        Example("Early on, the show aired only on a long-running internet radio site.", True,
                source=_TOGINET, source_lang="zh", target_lang="en"),
        Example("Early on, the show aired only on TogiNet Radio, a long-running internet radio site.", False,
                source=_TOGINET, source_lang="zh", target_lang="en"),
    )

    def check(self, ctx: UnitContext) -> Iterator[Hit]:
        if not ctx.source:
            return
        state: _Phrases = ctx.document.state_for(self.name, _Phrases)
        state.add(ctx.source)
        if not _latin_script(ctx.text):
            return  # names are transliterated into other scripts
        text = ctx.text
        missing = sorted(n for n in _source_names(ctx) if not _present(text, n))
        if not missing or not text.strip():
            return
        if any(_camel_words(n, ctx.source_base) for n in missing):
            # "WishList": a name, or the file's "wish list" written jointly? The rest of the file tells.
            state.pending.append((light_unit(ctx.unit), missing, ctx.source_base))
            return
        yield _missing_hit(text, missing)

    def finish_document(self, document: DocumentState) -> Iterator[tuple[Unit, Hit]]:
        state: _Phrases | None = document.data.get(self.name)
        if state is None:
            return
        for unit, names, lang in state.pending:
            kept = [n for n in names if not (_camel_words(n, lang) and state.written_apart(n))
                    or _misspelt(unit.target, n)]
            if kept:
                yield unit, _missing_hit(unit.target, kept)


def _missing_hit(text: str, missing: list[str]) -> Hit:
    start, end = len(text) - len(text.lstrip()), len(text.rstrip())
    names = ", ".join(f"'{n}'" for n in missing)
    return Hit(start, end, f"the source names {names} but the translation does not", suggestion=None, confidence=0.7)


_LETTERS = LETTER_RUN


def _misspelt(text: str, name: str) -> bool:
    """The target keeps the name, misspelt ("AtributeOption"): it is meant as the name."""
    low = name.lower()
    return any(word.lower() != low and difflib.SequenceMatcher(None, word.lower(), low).ratio() >= 0.9
               for word in _LETTERS.findall(text) if abs(len(word) - len(name)) <= 2)


def _camel_words(name: str, lang: str | None) -> bool:
    """A CamelCase name made of words of the language ("WishList", "PaymentToken"; not "OpenAI", "GPT-4")."""
    table = zipf_table(lang) if lang and has_lexicon(lang) else None
    parts = _CAMEL_PARTS.findall(name)
    return (table is not None and len(parts) > 1 and "".join(parts) == name
            and all(len(p) > 1 and table.get(p.lower(), 0.0) >= _WORD_ZIPF for p in parts))


@dataclass
class _Phrases:
    """The runs of two and three words of the file's sources (hashed, joined: "wish lists" -> "wishlist"), to
    tell a CamelCase name from the same words written apart elsewhere; and the findings that wait for it.

    Sources are read into runs only when a finding waits for them, or when MAX_WAITING_CHARS of them wait:
    most files have no such finding."""

    seen: set[int] = field(default_factory=set)
    pending: list[tuple[Unit, list[str], str | None]] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)
    waiting_chars: int = 0

    def add(self, source: str) -> None:
        self.waiting.append(source)
        self.waiting_chars += len(source)
        if self.waiting_chars >= MAX_WAITING_CHARS:
            self._read()

    def _read(self) -> None:
        for source in self.waiting:
            self._add(source)
        self.waiting.clear()
        self.waiting_chars = 0

    def _add(self, source: str) -> None:
        if len(self.seen) >= MAX_PHRASES:
            return
        words = _LETTERS.findall(source.lower())
        if len(words) < 2:
            return
        pairs = [a + b for a, b in zip(words, words[1:], strict=False)]
        self.seen.update(hash(_singular(p)) for p in pairs)
        self.seen.update(hash(_singular(p + c)) for p, c in zip(pairs, words[2:], strict=False))

    def written_apart(self, name: str) -> bool:
        self._read()
        return hash(_singular(name.lower())) in self.seen


def _singular(joined: str) -> str:
    """The joined words without a plural -s: "wishlists" and "wishlist" alike."""
    return joined[:-1] if joined.endswith("s") else joined


# Enough for files of some 20,000 segments; past it, later sources add no evidence (their names are reported).
MAX_PHRASES = 200_000
MAX_WAITING_CHARS = 1_000_000


CHECKS = (EntityTranslated, EntityMissing)


def _line_of(unit: Unit, hit: Hit) -> tuple[Unit, Hit]:
    """The line of `unit` holding `hit`, as a unit of its own (same file offsets, line and column), and the
    hit rebased onto it: a pending finding then holds one line, not a whole (64,000-character) block."""
    text = unit.target
    start = text.rfind("\n", 0, hit.start) + 1
    end = text.find("\n", hit.end)
    end = len(text) if end == -1 else end
    line, column = unit.line_column(start)
    light = Unit(target=text[start:end], id=unit.id, line=line, column=column, offset=unit.offset + start,
                 source_lang=unit.source_lang, target_lang=unit.target_lang)
    return light, dataclasses.replace(hit, start=hit.start - start, end=hit.end - start)
