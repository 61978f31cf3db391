"""French past participles left as a sentence's main verb ("le ministre expliqué que ..."), shared by
the missing-auxiliary and missing-subject checks.

Two stages, so that the parser is paid for only where it can find something:

1. The words around a candidate, no parse: a word ending like a past participle whose infinitive is a
   common French verb (the target word list), directly before a clause opener (que, comment, si...),
   after two words or more of its clause, not right after a comma, with neither an auxiliary nor a
   subject pronoun earlier in its clause (either would make some other verb the main one).
2. The spaCy parse confirms it: the participle is the root, with no auxiliary, and no finite verb is
   coordinated with it.

Loading spaCy's French pipeline costs ~3 s per process. Before this pre-filter, ~2% of clean French
sentences reached the parser, so nearly every French file paid that; now none of 6,010 clean real
sentences does (`benchmarks/parser_cost.py` measures both), while the seed article's bare participles
still do.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator

import regex

from mtqa.checks.base import UnitContext
from mtqa.checks.grammar_words import grammar_words
from mtqa.langid.lexicon import zipf_table
from mtqa.meaning.analysis import ParsedSentence, Token, get_analyzer, normalize_apostrophes
from mtqa.text.sentences import Segment
from mtqa.text.words import LETTER
from mtqa.util import patterns

FR_KEYS = ("time_nouns", "complement_openers", "finite_auxiliaries", "adverbial_openers", "not_participles",
           "auxiliary_forms", "subject_pronouns")

# Past-participle ending -> the infinitive endings it comes from (most specific first). A word is a
# participle candidate when one of its infinitives is a common word (Zipf >= MIN_INFINITIVE_ZIPF):
# "expliqué" -> "expliquer" is; "sécurité" -> "sécuriter", "ainsi" -> "ainsir", "croyait" -> "croyaire"
# are not.
_INFINITIVES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("mis", ("mettre",)), ("pris", ("prendre",)), ("quis", ("quérir",)),
    ("é", ("er",)), ("is", ("ir",)), ("it", ("ire",)), ("ert", ("rir",)), ("int", ("indre",)),
    ("us", ("re", "ir", "oir", "aître", "ure")), ("u", ("re", "ir", "oir", "aître", "ure")), ("i", ("ir",)),
)
MIN_INFINITIVE_ZIPF = 3.0
_ENDINGS = "|".join(sorted({end for end, _ in _INFINITIVES}, key=patterns.longest_first))
# Words, elided words ("qu'", "l'") on their own, and single punctuation marks.
_TOKEN = patterns.compile(rf"\p{{L}}[{LETTER}]*['’](?=\p{{L}})|\p{{L}}[{LETTER}]*|[^\s{LETTER}]")
_CLAUSE_MARKS = frozenset(",;:()[]{}«»\"“”—–")


def fr_data() -> dict[str, frozenset[str]]:
    """The French grammar knowledge of packs/fr/grammar.toml."""
    return grammar_words("fr", FR_KEYS)


@functools.lru_cache(maxsize=1)
def _opener_pattern() -> regex.Pattern[str]:
    """A clause opener after a word of four letters or more (searched first: openers are rarer)."""
    openers = fr_data()["complement_openers"]
    whole = "|".join(regex.escape(o) for o in sorted(openers, key=patterns.longest_first) if not o.endswith("'"))
    elided = "|".join(regex.escape(o[:-1]) for o in sorted(openers) if o.endswith("'"))
    after = rf"(?:{whole})(?![\p{{L}}'’-])" + (rf"|(?:{elided})['’]" if elided else "")
    return patterns.compile(rf"(?<=\p{{L}}{{4}}\s+)(?:{after})", regex.IGNORECASE)


# The word right before an opener (searched for in the few characters before it): a participle ending.
_WORD_BEFORE = patterns.compile(rf"(?<![\p{{L}}'’-])(\p{{L}}{{3,}}(?:{_ENDINGS}))\s+\Z", regex.IGNORECASE)
_LOOK_BACK = 80


@functools.lru_cache(maxsize=4096)
def is_participle(word: str) -> bool:
    """Whether `word` can be a past participle: one of its infinitives is a common French word."""
    word = word.lower()
    table = zipf_table("fr")
    for ending, infinitives in _INFINITIVES:
        if word.endswith(ending):
            if table is None:  # no word list: let the parser decide
                return True
            stem = word[: -len(ending)]
            return any(table.get(stem + inf, 0.0) >= MIN_INFINITIVE_ZIPF for inf in infinitives)
    return False


def _words(text: str) -> list[str]:
    return [normalize_apostrophes(t).lower() for t in _TOKEN.findall(text)]


def _could_be_main_verb(before: list[str]) -> bool:
    """Whether a participle after the tokens `before` (its sentence so far) could be the main verb."""
    if not before or before[-1] in _CLAUSE_MARKS:
        return False  # after a comma: detached ("..., inspiré que j'étais")
    clause = list(itertools.takewhile(lambda t: t not in _CLAUSE_MARKS, reversed(before)))
    if sum(1 for t in clause if t[0].isalpha()) < 2:
        return False  # a clause that opens on a participle is a caption or headline style
    data = fr_data()
    blockers = data["auxiliary_forms"] | data["subject_pronouns"]
    return not any(t in blockers for t in clause)


def candidate_sentences(ctx: UnitContext) -> list[Segment]:
    """Sentences of a French unit with a word that could be a bare participle before a clause opener."""
    openers = _opener_pattern()
    out = []
    for seg in ctx.sentences:
        text = seg.text
        for opener in openers.finditer(text):
            word = _WORD_BEFORE.search(text, max(0, opener.start() - _LOOK_BACK), opener.start())
            if word and is_participle(word.group(1)) and _could_be_main_verb(_words(text[: word.start(1)])):
                out.append(seg)
                break
    return out


def _parsed(ctx: UnitContext, candidates: list[Segment]) -> list[ParsedSentence]:
    """Parses of the candidate sentences, cached on the unit so both grammar checks share them."""
    cache = ctx.__dict__.setdefault("_meaning_parses", {})
    todo = [s for s in candidates if (s.start, s.end) not in cache]
    if todo:
        parsed = get_analyzer(ctx.services).parse(ctx.text, ctx.target_lang, [(s.start, s.end) for s in todo])
        for seg in todo:
            cache[(seg.start, seg.end)] = [p for p in parsed if seg.start <= p.start < seg.end]
    return [p for s in candidates for p in cache[(s.start, s.end)]]


_CLAUSE_OPENERS = frozenset({"que", "qu'", "comment", "pourquoi", "combien"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubj:pass", "expl:subj", "csubj", "expl", "expl:pass"})
_AUX_DEPS = frozenset({"aux", "aux:tense", "aux:pass", "cop", "aux:caus"})


def _confirmed(sent: ParsedSentence, openers: frozenset[str]) -> Iterator[tuple[Token, bool]]:
    """Root past participles with no auxiliary, opening a complement; yields (token, has_subject)."""
    for tok in sent.tokens:
        if tok.pos not in ("VERB", "AUX") or tok.feat("VerbForm") != "Part":
            continue
        nxt = sent.tokens[tok.i + 1] if tok.i + 1 < len(sent.tokens) else None
        opener = normalize_apostrophes(nxt.text).lower() if nxt is not None else ""
        # The parser sometimes hangs the bare participle under the reported clause ("expliqué comment
        # « X attaque »"); accept that only before a clause opener and not after a comma.
        misparsed = (tok.dep == "advcl" and opener in _CLAUSE_OPENERS
                     and sent.tokens[tok.i - 1].pos not in ("PUNCT", "SPACE"))
        if tok.dep != "ROOT" and not misparsed:
            continue
        if tok.feat("Tense") != "Past" or tok.i < 2:
            continue  # a sentence that opens on a participle is a caption or headline style
        children = sent.children(tok)
        if any(c.dep in _AUX_DEPS for c in children):
            continue
        if opener not in openers:
            continue
        # A finite verb coordinated with the participle means the participle is not the main verb.
        if any(t.feat("VerbForm") == "Fin" and t.dep in ("conj", "parataxis") for t in children):
            continue
        yield tok, any(c.dep in _SUBJECT_DEPS for c in children)


def bare_participles(ctx: UnitContext) -> list[tuple[Token, bool]]:
    """Bare past participles of a French unit, as (token, has_subject); parses only the candidates.

    Needs a parser (`get_analyzer(...).available`); without one it returns [].
    """
    cached = ctx.__dict__.get("_bare_participles")
    if cached is None:
        candidates = candidate_sentences(ctx)
        openers = fr_data()["complement_openers"]
        cached = [found for sent in (_parsed(ctx, candidates) if candidates else [])
                  for found in _confirmed(sent, openers)]
        ctx.__dict__["_bare_participles"] = cached
    return cached
