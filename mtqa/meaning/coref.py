"""Resolve gendered pronouns to the salient people around them and report gender conflicts.

Precision first: a pronoun is reported only when the person it most plausibly refers to has the other
gender and nothing else nearby could be its antecedent: no person of its gender or of unknown gender,
no other proper noun (an organisation or place may be feminine), and no noun of its gender or of
unknown gender ("l'entreprise") except abstractions ("la rupture") that seldom act as subjects.
The window is the pronoun's sentence and the sentence before it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import regex

from mtqa.meaning.people import (
    FEM,
    MASC,
    GenderLexicon,
    Mention,
    People,
    Tok,
    copula_end,
    ending_gender,
    find_mentions,
    given_names,
    tokenize,
)
from mtqa.text.sentences import Segment
from mtqa.util import patterns

_GENITIVE = frozenset({"de", "d'", "du", "des", "of", "di", "del", "della", "da", "do", "dos"})
_ACRONYM = patterns.compile(r"^[\p{Lu}\d&.-]{2,}$")


@dataclass(frozen=True)
class Candidate:
    index: int  # token index in its sentence
    gender: str | None
    kind: str  # "person", "proper" or "noun"
    key: str
    genitive: bool  # inside a "de X" / "of X" complement


@dataclass(frozen=True)
class Conflict:
    start: int
    end: int
    pronoun: str
    gender: str
    person: str  # the name as first written
    person_gender: str
    kind: str  # "pronoun" or "agreement"


def other(gender: str) -> str:
    return FEM if gender == MASC else MASC


def _is_abstract(word: str, lex: GenderLexicon) -> bool:
    return word not in lex.agentive_nouns and word.endswith(lex.abstract_suffixes)


def _candidates(toks: list[Tok], mentions: list[Mention], people: People, lex: GenderLexicon,
                lang: str) -> list[Candidate]:
    in_mention = {i for m in mentions for i in range(m.first, m.last + 1)}
    # Capitalised words right before a mention are its titles ("Prime Minister Markus Söder").
    for m in mentions:
        j = m.first - 1
        while j >= 0 and toks[j].capitalised and toks[j].text[0].isalpha():
            in_mention.add(j)
            j -= 1
    out: list[Candidate] = []
    for m in mentions:
        gen = m.first > 0 and toks[m.first - 1].key in _GENITIVE
        out.append(Candidate(m.first, people.gender.get(m.key), "person", m.key, gen))
    for i, tok in enumerate(toks):
        if i in in_mention or not tok.text[0].isalpha():
            continue
        gen = i > 0 and toks[i - 1].key in _GENITIVE
        key = tok.key
        if key in lex.determiners and i + 1 < len(toks):
            noun = toks[i + 1]
            if noun.text[0].isalpha() and not noun.capitalised and noun.key not in lex.determiners \
                    and noun.key not in lex.pronouns:
                gender = lex.determiners[key]
                if gender == MASC or not _is_abstract(noun.key, lex):
                    out.append(Candidate(i + 1, gender, "noun", noun.key, gen))
            continue
        if key in lex.pronouns or key in lex.titles:
            continue
        if tok.capitalised and not tok.initial and not key.endswith("'"):
            if lang == "en" and _ACRONYM.match(tok.text):
                continue  # English refers to organisations with "it"
            out.append(Candidate(i, None, "proper", key, gen))
            continue
        if key in lex.gendered_nouns:
            out.append(Candidate(i, lex.gendered_nouns[key], "noun", key, gen))
            continue
    return out


@dataclass
class _Sentence:
    toks: list[Tok]
    candidates: list[Candidate]


def _pronoun_gender(toks: list[Tok], i: int, lex: GenderLexicon) -> str | None:
    tok = toks[i]
    gender = lex.pronouns.get(tok.key)
    if gender is None or tok.key in lex.plural_lookalikes:
        return None
    if tok.text in lex.polite_forms and not tok.initial:
        return None
    if tok.text.isupper() and len(tok.text) > 1:
        return None  # headings in capitals
    nxt = toks[i + 1].key if i + 1 < len(toks) else ""
    if nxt in lex.impersonal_after:
        return None
    return gender


def _agreement(toks: list[Tok], m: Mention, lex: GenderLexicon) -> Tok | None:
    """The participle or adjective after "<person> <copula>" when its ending marks a gender."""
    j = copula_end(toks, m.last + 1, lex.copulas)
    if j is not None and j < len(toks) and toks[j].text[0].isalpha():
        return toks[j]
    return None


_CAPITALISED = patterns.compile(r"(?<![\p{L}])\p{Lu}[\p{L}\p{M}'’-]*\.?")


@functools.lru_cache(maxsize=16)
def _pronoun_regex(words: frozenset[str]) -> regex.Pattern[str]:
    alternatives = "|".join(sorted(map(regex.escape, words), key=patterns.longest_first))
    return patterns.compile(rf"(?<![\p{{L}}])(?:{alternatives})(?![\p{{L}}])", regex.IGNORECASE)


def _names_someone(text: str, seg: Segment, lex: GenderLexicon, people: People) -> bool:
    names = given_names()
    for match in _CAPITALISED.finditer(text, seg.start, seg.end):
        word = match.group().lower()
        if word in names or word in lex.titles or word.rstrip(".") in people.gender:
            return True
    return False


def find_conflicts(text: str, sentences: Sequence[Segment], lex: GenderLexicon, lang: str,
                   people: People) -> Iterator[Conflict]:
    previous: _Sentence | None = people.last_sentence
    pronoun = _pronoun_regex(frozenset(lex.pronouns))
    has_pronoun = [pronoun.search(text, seg.start, seg.end) is not None for seg in sentences]
    for k, seg in enumerate(sentences):
        # Cheap pre-filter: a sentence matters only when it or the next one has a gendered pronoun, or
        # it names someone (who must be registered for later sentences).
        needed = has_pronoun[k] or (k + 1 < len(sentences) and has_pronoun[k + 1]) or _names_someone(
            text, seg, lex, people)
        if not needed:
            previous = None
            continue
        toks = tokenize(text, seg.start, seg.end)
        mentions = find_mentions(toks, lex, people)
        current = _Sentence(toks, _candidates(toks, mentions, people, lex, lang))
        yield from _sentence_conflicts(current, previous, mentions, people, lex)
        previous = current
    people.last_sentence = previous


def _sentence_conflicts(current: _Sentence, previous: _Sentence | None, mentions: list[Mention],
                        people: People, lex: GenderLexicon) -> Iterator[Conflict]:
    toks = current.toks
    for m in mentions:
        gender = people.gender.get(m.key)
        word = _agreement(toks, m, lex) if gender and lex.copulas else None
        if word is not None and word.key not in lex.epicene and ending_gender(word.key, lex) == other(gender or MASC):
            yield Conflict(word.start, word.end, word.text, other(gender or MASC), people.names[m.key],
                           gender or MASC, "agreement")
    flagged: dict[str, int] = {}  # pronoun form -> index of the last flagged occurrence
    for i in range(len(toks)):
        gender = _pronoun_gender(toks, i, lex)
        if gender is None:
            continue
        window: list[tuple[Candidate, bool]] = [(c, False) for c in (previous.candidates if previous else [])]
        earlier = flagged.get(toks[i].key)
        for c in current.candidates:
            if c.index > i and c.kind != "person":
                continue  # only a person may come after its pronoun ("Bien qu'elle ..., Marie ...")
            if earlier is not None and earlier < c.index < i and c.genitive:
                continue  # "elle ... au développement d'OpenAI, elle": the chain continues
            window.append((c, True))
        if any(c.gender in (gender, None) for c, _ in window):
            continue
        if any(g in (gender, None) for g in people.gender.values()):
            continue  # someone of that gender was named earlier in the document and may still be meant
        people_there = [c for c, here in window if c.kind == "person" and c.gender == other(gender)
                        and not (here and c.index > i)]
        if not people_there:
            continue
        person = people_there[-1]
        flagged[toks[i].key] = i
        yield Conflict(toks[i].start, toks[i].end, toks[i].text, gender, people.names[person.key],
                       other(gender), "pronoun")
