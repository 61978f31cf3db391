"""The gender a source gives the people it talks about, and where its translation says otherwise.

English he/she, Chinese 他/她 and Japanese 彼/彼女 name a person's sex; when a source uses pronouns of
one gender only and no neuter one ("it"), the translation's personal pronouns should have that gender.
Nouns that name a person of one sex ("mother", "duchess") must keep it in translation: "her mother"
is "sa mère", not "son père". Data: `packs/pronouns/natural_gender.toml`,
`packs/gender/person-nouns.toml` and the `[person_nouns]` of each language's `gender.toml`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from mtqa.errors import PackError
from mtqa.meaning.people import (
    FEM,
    MASC,
    GenderLexicon,
    Tok,
    copula_end,
    ending_gender,
    gender_lexicon,
    given_names,
    tokenize,
)
from mtqa.util.datafiles import base_language, builtin_data, check_keys


@dataclass(frozen=True)
class _SourcePronouns:
    masculine: tuple[str, ...]
    feminine: tuple[str, ...]
    neuter: tuple[str, ...]
    exclude: tuple[str, ...]
    plural: tuple[str, ...]
    spaced: bool  # words are separated by spaces (not Chinese or Japanese)


@functools.lru_cache(maxsize=1)
def _natural_gender() -> dict[str, _SourcePronouns]:
    data = builtin_data("pronouns", "natural_gender") or {}
    out = {}
    for lang, table in data.items():
        keys = ("masculine", "feminine", "neuter", "exclude", "plural")
        check_keys(table, allowed=keys, required=keys, path="packs/pronouns/natural_gender.toml", entry=lang)
        out[lang] = _SourcePronouns(*(tuple(table[k]) for k in keys), spaced=lang not in ("zh", "ja"))
    return out


def _count(text: str, words: tuple[str, ...], spaced: bool) -> int:
    if spaced:
        return sum(1 for t in tokenize(text) if t.key in words)
    return sum(text.count(w) for w in words)


def source_gender(source: str, lang: str | None) -> str | None:
    """'m' or 'f' when the source's personal pronouns are all of one gender and none is neuter."""
    pronouns = _natural_gender().get(base_language(lang) or "")
    if pronouns is None:
        return None
    if not pronouns.spaced:
        for word in pronouns.exclude:
            source = source.replace(word, "")
        # The feminine Japanese 彼女 contains the masculine 彼: count and remove the longer first.
        fem = _count(source, pronouns.feminine, False)
        for word in pronouns.feminine:
            source = source.replace(word, "")
        masc = _count(source, pronouns.masculine, False)
        neuter = _count(source, pronouns.neuter, False)
    else:
        fem = _count(source, pronouns.feminine, True)
        masc = _count(source, pronouns.masculine, True)
        neuter = _count(source, pronouns.neuter, True)
    if neuter or bool(fem) == bool(masc):
        return None
    return FEM if fem else MASC


def _source_has_plural(source: str, source_lang: str | None) -> bool:
    pronouns = _natural_gender().get(base_language(source_lang) or "")
    return pronouns is None or _count(source, pronouns.plural, pronouns.spaced) > 0


def target_pronouns(target: str, target_lang: str | None, source: str,
                    source_lang: str | None) -> list[tuple[int, int, str, str]]:
    """(start, end, text, gender) of the target's personal pronouns (impersonal "il" left out)."""
    lex = gender_lexicon(target_lang)
    if lex is None:
        return []
    plural_ok = not lex.plural_lookalikes or not _source_has_plural(source, source_lang)
    toks = tokenize(target)
    out = []
    for i, tok in enumerate(toks):
        gender = lex.pronouns.get(tok.key)
        if gender is None:
            continue
        nxt = toks[i + 1].key if i + 1 < len(toks) else ""
        if nxt in lex.impersonal_after or (tok.key in lex.plural_lookalikes and not plural_ok):
            continue
        if tok.key in lex.plural_lookalikes and tok.text[0].isupper() and not tok.initial:
            continue  # the polite "Sie"
        out.append((tok.start, tok.end, tok.text, gender))
    return out


def source_agrees(source: str | None, source_lang: str | None, gender: str) -> bool:
    """True when the source uses only pronouns of `gender`: the target then follows it."""
    if not source:
        return False
    lex = gender_lexicon(source_lang)
    if lex is None:
        return False
    found = {lex.pronouns[t.key] for t in tokenize(source) if t.key in lex.pronouns}
    return found == {gender}


@dataclass(frozen=True)
class _Concepts:
    pairs: tuple[tuple[str, str], ...]  # (feminine, masculine) concept names
    generic: frozenset[str]  # masculine concepts English also uses for everyone


@functools.lru_cache(maxsize=1)
def _concepts() -> _Concepts:
    path = "packs/gender/person-nouns.toml"
    data = builtin_data("gender", "person-nouns") or {}
    check_keys(data, allowed=("pairs", "generic_masculine"), required=("pairs",), path=path)
    pairs = []
    for pair in data["pairs"]:
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)):
            raise PackError(path, f"each pair must be [feminine, masculine], not {pair!r}")
        pairs.append((pair[0], pair[1]))
    return _Concepts(tuple(pairs), frozenset(data.get("generic_masculine", ())))


@functools.lru_cache(maxsize=16)
def person_nouns(lang: str | None) -> dict[str, tuple[tuple[int, str, str], ...]]:
    """Form (lower case) -> ((pair index, 'f' or 'm', concept), ...) for one language; forms that name
    both sexes ("portavoz", Italian "nipote") or mixed groups ("hijos") are left out."""
    base = base_language(lang)
    pack = builtin_data(base, "gender") or {} if base else {}
    data = pack.get("person_nouns")
    if not data:
        return {}
    generic_plurals = {w.lower() for w in pack.get("generic_plurals", ())}
    path = f"packs/{base}/gender.toml"
    concepts = _concepts()
    sexes: dict[str, set[str]] = {}
    out: dict[str, list[tuple[int, str, str]]] = {}
    for index, pair in enumerate(concepts.pairs):
        for sex, concept in zip((FEM, MASC), pair, strict=True):
            forms = data.get(concept, [])
            if not isinstance(forms, list) or not all(isinstance(f, str) for f in forms):
                raise PackError(path, f"person_nouns.{concept} must be a list of strings")
            for form in forms:
                key = form.lower()
                if key in generic_plurals:
                    continue
                sexes.setdefault(key, set()).add(sex)
                out.setdefault(key, []).append((index, sex, concept))
    unknown = set(data) - {c for pair in concepts.pairs for c in pair}
    if unknown:
        raise PackError(path, f"person_nouns: unknown concept(s) {', '.join(sorted(unknown))}")
    return {form: tuple(entries) for form, entries in out.items() if len(sexes[form]) == 1}


def noun_conflicts(source: str, source_lang: str | None, target: str,
                   target_lang: str | None) -> list[tuple[int, int, str, str, str]]:
    """(start, end, text, gender, source word) for each target noun whose concept the source names with
    the other sex only ("her mother" -> "su padre"), where the target has no form of the source's sex."""
    source_forms, target_forms = person_nouns(source_lang), person_nouns(target_lang)
    if not source_forms or not target_forms:
        return []
    generic = _concepts().generic
    said: dict[int, dict[str, str]] = {}  # pair -> sex -> a source word
    for tok in tokenize(source):
        for index, sex, concept in source_forms.get(tok.key, ()):
            if not (sex == MASC and concept in generic):
                said.setdefault(index, {}).setdefault(sex, tok.text)
    if not said:
        return []
    found: dict[int, list[tuple[str, int, int, str]]] = {}
    for tok in tokenize(target):
        for index, sex, _concept in target_forms.get(tok.key, ()):
            found.setdefault(index, []).append((sex, tok.start, tok.end, tok.text))
    out = []
    for index, sexes in said.items():
        if len(sexes) != 1 or index not in found:
            continue
        (sex, word), = sexes.items()
        there = found[index]
        if any(s == sex for s, *_ in there):
            continue
        _s, start, end, text = there[0]
        out.append((start, end, text, MASC if sex == FEM else FEM, word))
    return sorted(out)


def _person_subject(toks: list[Tok], j: int, lex: GenderLexicon) -> bool:
    """Whether a copula at token `j` has the person talked about as its subject: it opens the sentence or
    a subordinate clause (its subject dropped: "Fue nombrada", "cuando fue nombrada"), or follows a
    personal pronoun or a name. After "and" or a comma the dropped subject may be a thing."""
    if j == 0 or toks[j].initial:
        return True
    before = toks[j - 1]
    if before.key in lex.clause_openers or before.key in lex.pronouns:
        return True
    # A person's name: "Boyd fue nombrado", "Cynthia Boyd fue nombrada" (not "La France est devenue",
    # "TDK Mediactive a été rachetée", "Isso foi seguido").
    if not (before.capitalised and before.text.isalpha() and not before.text.isupper()):
        return False
    if before.key in lex.neuter_pronouns:
        return False
    return before.initial or j >= 2 and toks[j - 2].key in given_names()


def _group_gender(toks: list[Tok], lex: GenderLexicon) -> tuple[tuple[int, int, str, str], str] | None:
    """The first word after a partitive whose ending marks a gender ("delle dodici fondatrici")."""
    for tok in toks:
        if not tok.text.isalpha() or tok.capitalised:
            return None
        if tok.key in lex.epicene:
            return None
        gender = ending_gender(tok.key, lex)
        if gender is not None:
            return (tok.start, tok.end, tok.text, gender), gender
    return None


def agreement_conflicts(target: str, target_lang: str | None, expected: str) -> list[tuple[int, int, str, str]]:
    """(start, end, text, gender) of predicates that agree with a person of the other sex than `expected`:
    a participle or adjective after a copula whose subject is the person ("Fue nombrado" for a woman)."""
    lex = gender_lexicon(target_lang)
    if lex is None or not lex.copulas or not lex.endings:
        return []
    toks = tokenize(target)
    out = []
    for j in range(len(toks)):
        end = copula_end(toks, j, lex.copulas)
        if end is None or not _person_subject(toks, j, lex):
            continue
        while end < len(toks) and (toks[end].key in lex.adverbs or toks[end].key.endswith(("mente", "ment"))):
            end += 1
        if end >= len(toks):
            continue
        word = toks[end]
        if not word.text.isalpha() or word.capitalised or word.key in lex.epicene:
            continue
        article = lex.predicate_articles.get(word.key)
        if article is not None and end + 1 < len(toks) and toks[end + 1].key in lex.partitives:
            # "È una delle voci": the article agrees with the group; only a group of women can hold no
            # man ("una delle fondatrici"), while a group named in the masculine may be mixed.
            if expected == MASC:
                group = _group_gender(toks[end + 2 : end + 5], lex)
                if group is not None and group[1] == FEM:
                    out.append(group[0])
            continue
        if article is not None:
            # "È un fan sfegatato": the indefinite article agrees with the person, unless the noun has a
            # gender of its own ("è una persona", "fue un miembro").
            nouns = [t.key for t in toks[end + 1 : end + 3]]
            # A masculine agent noun after it ("fu un autore"), in a language that uses those for anyone,
            # as a masculine group is ("uno dei fondatori"); the feminine is never used so.
            generic = article == MASC and bool(nouns) and nouns[0].endswith(lex.generic_masculine_endings)
            if not any(n in lex.epicene for n in nouns) and article != expected and not generic:
                out.append((word.start, word.end, word.text, article))
            continue
        gender = ending_gender(word.key, lex)
        if gender is not None and gender != expected:
            out.append((word.start, word.end, word.text, gender))
    return out
