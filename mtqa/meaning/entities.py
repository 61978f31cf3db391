"""Names that must survive translation: the built-in pack of names that are also common words
(`packs/entities/*.toml`) and the user's do-not-translate lists (plain text or CSV)."""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from mtqa.errors import ConfigError, PackError
from mtqa.util.datafiles import builtin_pack_dir, check_keys, load_toml

ENTRY_KEYS = ("id", "name", "case", "literal", "bad", "good")
CASES = ("any", "capitalised")


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    case: str
    literal: dict[str, tuple[str, ...]]  # target language -> literal translations
    bad: tuple[tuple[str, str], ...] = ()  # (lang, text)
    good: tuple[tuple[str, str], ...] = ()

    def literals(self, lang: str | None) -> tuple[str, ...]:
        return self.literal.get(lang or "", ()) + self.literal.get("*", ())


def _examples(value: object, path: str, entry: str) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, list):
        raise PackError(path, "examples must be a list of {lang, text} tables", entry)
    out = []
    for item in value:
        if not isinstance(item, dict):
            raise PackError(path, "examples must be a list of {lang, text} tables", entry)
        check_keys(item, allowed=("lang", "text"), required=("lang", "text"), path=path, entry=entry)
        out.append((str(item["lang"]), str(item["text"])))
    return tuple(out)


def load_entities(path: Path) -> list[Entity]:
    data = load_toml(path)
    check_keys(data, allowed=("entities",), path=str(path))
    out: list[Entity] = []
    seen: set[str] = set()
    for table in data.get("entities", []):
        entry = str(table.get("id", "?"))
        check_keys(table, allowed=ENTRY_KEYS, required=("id", "name", "literal", "bad", "good"), path=str(path),
                   entry=entry)
        if entry in seen:
            raise PackError(str(path), "duplicate id", entry)
        seen.add(entry)
        case = table.get("case", "any")
        if case not in CASES:
            raise PackError(str(path), f"case must be one of {', '.join(CASES)}", entry)
        literal = table["literal"]
        if not isinstance(literal, dict) or not all(
            isinstance(v, list) and all(isinstance(x, str) for x in v) for v in literal.values()
        ):
            raise PackError(str(path), "literal must map languages to lists of strings", entry)
        out.append(Entity(entry, str(table["name"]), case, {k: tuple(v) for k, v in literal.items()},
                          _examples(table["bad"], str(path), entry), _examples(table["good"], str(path), entry)))
    return out


@functools.lru_cache(maxsize=1)
def builtin_entities() -> tuple[Entity, ...]:
    folder = builtin_pack_dir() / "entities"
    return tuple(e for path in sorted(folder.glob("*.toml")) for e in load_entities(path))


@dataclass
class DoNotTranslate:
    """The user's do-not-translate terms, with literal translations they list for them."""

    terms: dict[str, Entity] = field(default_factory=dict)

    def add(self, term: str, literal: str | None, lang: str | None) -> None:
        entity = self.terms.get(term) or Entity(f"user:{term}", term, "any", {})
        if literal:
            key = lang or "*"
            entity.literal[key] = entity.literal.get(key, ()) + (literal,)
        self.terms[term] = entity


def load_do_not_translate(paths: Iterable[str]) -> DoNotTranslate:
    """Read do-not-translate lists.

    Plain text: one term per line, `#` starts a comment. CSV (`.csv`): `term[,literal translation
    [,target language]]` per row; a header row starting with `term` is skipped.
    """
    out = DoNotTranslate()
    for name in paths:
        path = Path(name)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(str(path), f"cannot read do-not-translate list: {exc}") from None
        if path.suffix.lower() == ".csv":
            for row in csv.reader(text.splitlines()):
                cells = [c.strip() for c in row]
                if not cells or not cells[0] or cells[0].startswith("#") or cells[0].lower() == "term":
                    continue
                out.add(cells[0], cells[1] if len(cells) > 1 and cells[1] else None,
                        cells[2] if len(cells) > 2 and cells[2] else None)
        else:
            for line in text.splitlines():
                term = line.split("#", 1)[0].strip()
                if term:
                    out.add(term, None, None)
    return out


@functools.lru_cache(maxsize=4096)
def word_pattern(phrase: str, ignore_case: bool, glued_end: bool = False) -> re.Pattern[str]:
    r"""`phrase` as whole words; `glued_end` also accepts a next word glued to its end (an MT slip).

    The standard library's engine: names are compiled on first sight, and it compiles ~3x faster than
    `regex`. [^\W_] is a letter or a digit."""
    flags = re.IGNORECASE if ignore_case else 0
    body = r"\s+".join(re.escape(part) for part in phrase.split())
    end = "" if glued_end else r"(?![^\W_])"
    first = phrase.lstrip()[:1]
    if first.isalnum() and re.escape(first) == first:
        # The same test, placed after the first character: a pattern that opens on a literal is
        # searched for several times faster than one that opens on a lookbehind (long units).
        return re.compile(rf"{first}(?<![^\W_].){body[1:]}{end}", flags)
    return re.compile(rf"(?<![^\W_]){body}{end}", flags)


def count_word(text: str, phrase: str, ignore_case: bool = False) -> int:
    return sum(1 for _ in word_pattern(phrase, ignore_case).finditer(text))
