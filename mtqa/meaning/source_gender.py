"""The gender a source gives the people it talks about, from pronouns that follow a person's sex.

English he/she, Chinese 他/她 and Japanese 彼/彼女 name a person's sex; when a source uses pronouns of
one gender only and no neuter one ("it"), the translation's personal pronouns should have that gender.
Data: `packs/pronouns/natural_gender.toml`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from mtqa.meaning.people import FEM, MASC, gender_lexicon, tokenize
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
