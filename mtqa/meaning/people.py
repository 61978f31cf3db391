"""The people a document talks about: names, titles and the gender their mentions establish.

A mention is a run of capitalised words starting with a known given name ("Elon Musk") or following a
title ("Mme Dupont", "Mr. Smith"). Its last word then stands for the same person later in the
document ("Musk"). Gender comes from the given-name gazetteer (`packs/names/given_names.toml`,
names of one gender only) or the title; a surname shared by people of both genders has no gender.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from mtqa.errors import PackError
from mtqa.util import patterns
from mtqa.util.datafiles import base_language, builtin_data, check_keys

MASC = "m"
FEM = "f"

# Words, elided articles kept with their apostrophe ("l’", "qu’"), or single punctuation marks.
# At most 16 parts joined by '-' or '.' make one token: an unbounded repetition keeps a backtracking entry per
# part (megabytes of "a-a-a-..." took 80 bytes of memory per character).
TOKEN = patterns.compile(r"[\p{L}\p{M}]+(?:[-.][\p{L}\p{M}]+){0,15}['’]?|\p{N}+|[^\s\p{L}\p{N}]")
_OPENING = set("«“\"'‘([¿¡—–-:")

GENDER_KEYS = (
    "pronouns_masculine", "pronouns_feminine", "impersonal_after", "titles_masculine", "titles_feminine",
    "determiners_masculine", "determiners_feminine", "determiners_ambiguous", "abstract_suffixes",
    "agentive_nouns", "copulas", "feminine_endings", "masculine_endings", "nouns_masculine", "nouns_feminine",
    "plural_lookalikes", "epicene", "polite_forms", "generic_plurals", "person_nouns", "example",
    "adverbs", "clause_openers", "neutral_endings", "predicate_articles_masculine", "predicate_articles_feminine",
    "partitives", "neuter_pronouns", "generic_masculine_endings",
)


class Tok(NamedTuple):
    """A token. A named tuple with its lookups precomputed: the gender checks make one for every word of
    every sentence with a pronoun, and read `key` and `capitalised` many times each."""

    start: int
    end: int
    text: str
    # First word of a sentence or after an opening quote/colon: capitals there say nothing.
    initial: bool
    key: str  # lower case, apostrophes normalised
    capitalised: bool


@dataclass(frozen=True)
class GenderLexicon:
    pronouns: dict[str, str]
    impersonal_after: frozenset[str]
    titles: dict[str, str]
    determiners: dict[str, str | None]
    abstract_suffixes: tuple[str, ...]
    agentive_nouns: frozenset[str]
    copulas: tuple[tuple[str, ...], ...]
    endings: dict[str, str | None]  # longest first; None: an ending that marks no gender ("-ique")
    gendered_nouns: dict[str, str]
    counterpart: dict[str, str]  # pronoun -> the same pronoun of the other gender
    plural_lookalikes: frozenset[str] = frozenset()  # feminine forms that also mean "they" (German "sie")
    epicene: frozenset[str] = frozenset()  # participle-like nouns used for both genders
    polite_forms: frozenset[str] = frozenset()  # capitalised forms of address ("Lei"), case kept
    adverbs: frozenset[str] = frozenset()  # may stand between a copula and its predicate ("era muy conocida")
    clause_openers: frozenset[str] = frozenset()  # after these a copula's dropped subject is the one talked about
    predicate_articles: dict[str, str] = field(default_factory=dict)  # "una" -> f after a copula ("è una fan")
    partitives: frozenset[str] = frozenset()  # after a predicate article: "one of" a group ("è una delle voci")
    neuter_pronouns: frozenset[str] = frozenset()  # subjects that name a thing, never a person ("isso")
    generic_masculine_endings: tuple[str, ...] = ()  # agent nouns said of anyone in the masculine ("autore")


def _words(values: list[str]) -> dict[str, None]:
    return {v.lower().replace("’", "'"): None for v in values}


@functools.lru_cache(maxsize=16)
def gender_lexicon(lang: str | None) -> GenderLexicon | None:
    """The gender pack of a target language, or None when mtqa has none for it."""
    base = base_language(lang)
    data = builtin_data(base or "", "gender") if base else None
    if data is None:
        return None
    path = f"packs/{base}/gender.toml"
    check_keys(data, allowed=GENDER_KEYS, required=GENDER_KEYS[:10], path=path)
    for key, value in data.items():
        if key in ("person_nouns", "example"):
            continue  # read by mtqa.meaning.source_gender and the tests
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise PackError(path, f"'{key}' must be a list of strings")

    def tagged(masc: str, fem: str) -> dict[str, str]:
        out = {w: MASC for w in _words(data.get(masc, []))}
        out.update({w: FEM for w in _words(data.get(fem, []))})
        return out

    determiners: dict[str, str | None] = dict(tagged("determiners_masculine", "determiners_feminine"))
    determiners.update({w: None for w in _words(data["determiners_ambiguous"])})
    endings: dict[str, str | None] = {e: MASC for e in data.get("masculine_endings", [])}
    endings.update({e: FEM for e in data.get("feminine_endings", [])})
    endings.update({e: None for e in data.get("neutral_endings", [])})
    return GenderLexicon(
        pronouns=tagged("pronouns_masculine", "pronouns_feminine"),
        impersonal_after=frozenset(_words(data["impersonal_after"])),
        titles={t.lower(): g for t, g in tagged("titles_masculine", "titles_feminine").items()},
        determiners=determiners,
        abstract_suffixes=tuple(data["abstract_suffixes"]),
        agentive_nouns=frozenset(_words(data["agentive_nouns"])),
        copulas=tuple(tuple(c.replace("’", "'").split()) for c in data.get("copulas", [])),
        endings=dict(sorted(endings.items(), key=lambda kv: -len(kv[0]))),
        gendered_nouns=tagged("nouns_masculine", "nouns_feminine"),
        plural_lookalikes=frozenset(_words(data.get("plural_lookalikes", []))),
        epicene=frozenset(_words(data.get("epicene", []))),
        polite_forms=frozenset(data.get("polite_forms", [])),
        adverbs=frozenset(_words(data.get("adverbs", []))),
        clause_openers=frozenset(_words(data.get("clause_openers", []))),
        predicate_articles=tagged("predicate_articles_masculine", "predicate_articles_feminine"),
        partitives=frozenset(_words(data.get("partitives", []))),
        neuter_pronouns=frozenset(_words(data.get("neuter_pronouns", []))),
        generic_masculine_endings=tuple(data.get("generic_masculine_endings", [])),
        counterpart={
            **dict(zip(data["pronouns_masculine"], data["pronouns_feminine"], strict=False)),
            **dict(zip(data["pronouns_feminine"], data["pronouns_masculine"], strict=False)),
        },
    )


def copula_end(toks: list[Tok], j: int, copulas: tuple[tuple[str, ...], ...]) -> int | None:
    """The index after the copula that starts at token `j` ("est", "a été", "s'est"), or None."""
    for copula in copulas:
        words: list[str] = []
        k = j
        while k < len(toks) and len(words) < len(copula):
            key = toks[k].key
            if key.endswith("'") and copula[len(words)].startswith(key):
                # elided pronoun glued to the copula: "s'" + "est" == "s'est"
                words.append(key + toks[k + 1].key if k + 1 < len(toks) else key)
                k += 2
                continue
            words.append(key)
            k += 1
        if tuple(words) == copula:
            return k
    return None


def ending_gender(word: str, lex: GenderLexicon) -> str | None:
    """The gender a word's ending marks ("nommée" -> feminine), if any."""
    for ending, gender in lex.endings.items():
        if word.endswith(ending) and len(word) >= len(ending) + 2:
            return gender
    return None


@functools.lru_cache(maxsize=1)
def given_names() -> dict[str, str]:
    """Given name (lower case) -> 'm' or 'f'."""
    data = builtin_data("names", "given_names") or {}
    check_keys(data, allowed=("male", "female"), required=("male", "female"), path="packs/names/given_names.toml")
    out = {name.lower(): MASC for name in data["male"]}
    for name in data["female"]:
        if name.lower() in out:
            raise PackError("packs/names/given_names.toml", f"'{name}' is listed as both male and female")
        out[name.lower()] = FEM
    return out


@functools.lru_cache(maxsize=64)
def word_keys(text: str) -> tuple[tuple[str, str], ...]:
    """(text, key) of every token of `text`, as `tokenize` gives them (`Tok.key`), without the rest of a
    `Tok`: what counting pronouns or person nouns in a source needs. Cached: several checks read the same
    source."""
    return tuple((word, word.lower().replace("’", "'")) for word in TOKEN.findall(text))


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Tok]:
    """Word and punctuation tokens of text[start:end], offsets into `text`."""
    end = len(text) if end is None else end
    out: list[Tok] = []
    append = out.append
    initial = True
    for match in TOKEN.finditer(text, start, end):
        word = match.group()
        key = word.lower()
        if "’" in key:
            key = key.replace("’", "'")
        # (the Tok built here, with no helper call: this runs for every word of every sentence with a pronoun)
        if word[0].isalnum():
            append(Tok(match.start(), match.end(), word, initial, key, word[0].isupper()))
            initial = False
        else:
            append(Tok(match.start(), match.end(), word, False, key, word[0].isupper()))
            if word in ",;":
                initial = False  # a text that opens with a comma has lost its start: ", was released"
            elif word in _OPENING or word in ".!?…":
                initial = True
    return out


@dataclass
class People:
    """Person keys (surname, lower case) -> gender or None when the document's evidence conflicts."""

    gender: dict[str, str | None] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # key -> full name as first written
    # The last sentence's antecedent candidates, so that the next unit's first sentence sees them.
    last_sentence: Any = None

    def add(self, key: str, gender: str | None, name: str) -> None:
        if key in self.gender and self.gender[key] != gender:
            self.gender[key] = None
        else:
            self.gender.setdefault(key, gender)
        self.names.setdefault(key, name)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    key: str
    first: int  # index of the mention's first token
    last: int   # index of its last token


def _name_word(tok: Tok) -> bool:
    return tok.capitalised and tok.text[0].isalpha() and not tok.text.endswith(("'", "’"))


def may_mention_people(text: str, lex: GenderLexicon | None) -> bool:
    """False when `find_mentions` cannot find a mention in `text` for a document that knows nobody yet:
    every mention starts at a capitalised word that is a title or a known given name."""
    names = given_names()
    titles = lex.titles if lex else {}
    for word, _key in word_keys(text):
        if word[:1].isupper():
            lower = word.lower()
            if lower in names or lower in titles or lower + "." in titles:
                return True
    return False


def find_mentions(toks: list[Tok], lex: GenderLexicon | None, people: People) -> list[Mention]:
    """Person mentions among `toks`, registering new people (and their gender) in `people`."""
    names = given_names()
    titles = lex.titles if lex else {}
    out: list[Mention] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        title_gender = titles.get(tok.text.lower()) if tok.capitalised else None
        first = i + 1
        if tok.capitalised and not title_gender and i + 1 < len(toks) and toks[i + 1].text == ".":
            title_gender = titles.get(tok.text.lower() + ".")  # "M. Dupont", "Sra. López"
            first = i + 2
        if title_gender and first < len(toks) and _name_word(toks[first]):
            j = first
            while j + 1 < len(toks) and _name_word(toks[j + 1]):
                j += 1
            key = toks[j].text.lower()
            people.add(key, title_gender, " ".join(t.text for t in toks[first : j + 1]))
            out.append(Mention(toks[i].start, toks[j].end, key, i, j))
            i = j + 1
            continue
        given = names.get(tok.text.lower()) if _name_word(tok) else None
        if given and i + 1 < len(toks) and _name_word(toks[i + 1]) and toks[i + 1].text.lower() not in titles:
            j = i + 1
            while j + 1 < len(toks) and _name_word(toks[j + 1]) and not toks[j + 1].initial:
                j += 1
            key = toks[j].text.lower()
            people.add(key, given, " ".join(t.text for t in toks[i : j + 1]))
            out.append(Mention(tok.start, toks[j].end, key, i, j))
            i = j + 1
            continue
        if _name_word(tok) and tok.text.lower() in people.gender:
            out.append(Mention(tok.start, tok.end, tok.text.lower(), i, i))
        elif given and _name_word(tok):
            # A known given name alone ("Elon nous attaque") stands for the person of that name, if one.
            owner = next((k for k, n in people.names.items() if n.split()[0].lower() == tok.text.lower()), None)
            if owner:
                out.append(Mention(tok.start, tok.end, owner, i, i))
        i += 1
    return out
