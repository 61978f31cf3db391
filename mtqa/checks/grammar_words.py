"""The word lists of `packs/<lang>/grammar.toml` that the grammar checks read, checked once and cached."""

from __future__ import annotations

import functools

from mtqa.errors import PackError
from mtqa.meaning.analysis import normalize_apostrophes
from mtqa.util.datafiles import builtin_data, check_keys


@functools.lru_cache(maxsize=16)
def grammar_words(lang: str, allowed: tuple[str, ...]) -> dict[str, frozenset[str]]:
    """Each key of `allowed` -> its words, lower-cased, typographic apostrophes made ASCII; a key the
    file lacks is an empty set, a key it has beyond `allowed` is a PackError."""
    data = builtin_data(lang, "grammar") or {}
    path = f"packs/{lang}/grammar.toml"
    check_keys(data, allowed=allowed, path=path)
    out: dict[str, frozenset[str]] = {}
    for key in allowed:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise PackError(path, f"'{key}' must be a list of strings")
        out[key] = frozenset(normalize_apostrophes(v).lower() for v in value)
    return out
