"""Language packs: rules kept as TOML data, loaded strictly, matched with a time limit.

A pack file has a `[pack]` table (which languages it is for) and `[[entry]]` tables. Entry types:

- `phrase`: flag what `pattern` matches in the target.
- `swap`: the same, with a `suggestion` (a template: `\\1`, `\\g<name>` refer to the match's groups).
- `pair`: `pattern` in the target only when `when_source` matches the source; needs a source text.
- `scale-words`: a number followed by the scale word `scale` that should be regrouped into the next
  scale word (`factor` of them make one `into`): "1 000 millions" -> "1 milliard".

Any entry may carry `when_source`: with a source text, the entry fires only when the guard matches
it; without one, only entries marked `precision = "high"` fire. Every entry carries `bad`/`good`
examples (a string, or a table with `text` and `source`), and one meta-test runs them all.

Built-in packs are the TOML files under `mtqa/packs/` that have a `[pack]` table; user packs come
from the `packs` configuration key.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import regex

from mtqa.errors import PackError
from mtqa.util import patterns
from mtqa.util.datafiles import base_language, builtin_pack_dir, check_keys, load_toml

ENTRY_TYPES = ("phrase", "swap", "pair", "scale-words")
ENTRY_CHECKS = ("calque", "false-friend", "number-calque")
SEVERITIES = ("neutral", "minor", "major", "critical")
# Seconds one pattern may spend on one text before it is abandoned for that text.
MATCH_TIMEOUT = 0.25

_PACK_KEYS = ("name", "source", "target", "description", "version")
_COMMON_KEYS = ("id", "type", "check", "message", "when_source", "precision", "severity", "confidence",
                "bad", "good", "note")
_TYPE_KEYS: dict[str, tuple[str, ...]] = {
    "phrase": ("pattern",),
    "swap": ("pattern", "suggestion"),
    "pair": ("pattern", "suggestion"),
    "scale-words": ("scale", "factor", "into", "into_plural", "plural_from", "decimal", "thousands", "step"),
}
_REQUIRED: dict[str, tuple[str, ...]] = {
    "phrase": ("pattern",),
    "swap": ("pattern", "suggestion"),
    "pair": ("pattern", "when_source"),
    "scale-words": ("scale", "factor", "into"),
}
_EXAMPLE_KEYS = ("text", "source")


@dataclass(frozen=True)
class PackExample:
    text: str
    source: str | None = None


@dataclass(frozen=True)
class PackMatch:
    start: int
    end: int
    message: str
    suggestion: str | None


OnTimeout = Callable[["Entry"], None]


@dataclass(frozen=True)
class Entry:
    """One rule of a pack. `find` yields its matches in a target text (and source, when given)."""

    id: str
    type: str
    check: str
    message: str
    pack: str
    path: str
    pattern: regex.Pattern[str] | None = None
    suggestion: str | None = None
    when_source: regex.Pattern[str] | None = None
    precision: str = "low"
    severity: str | None = None
    confidence: float | None = None
    bad: tuple[PackExample, ...] = ()
    good: tuple[PackExample, ...] = ()
    scale: dict[str, Any] = field(default_factory=dict)
    # User packs run under MATCH_TIMEOUT; built-in patterns are vetted by a test instead, because the
    # regex module's timeout makes every match several times slower.
    guarded: bool = True

    @property
    def qualified_id(self) -> str:
        return f"{self.pack}/{self.id}"

    def _timed_out(self, on_timeout: OnTimeout | None) -> Callable[[], None] | None:
        return None if on_timeout is None else (lambda: on_timeout(self))

    def fires(self, source: str | None, on_timeout: OnTimeout | None = None) -> bool:
        """Whether the entry may fire, given the source text (or its absence)."""
        if not source:
            return self.precision == "high" and self.type != "pair"
        if self.when_source is None:
            return True
        return _search(self.when_source, source, self.guarded, self._timed_out(on_timeout)) is not None

    def find(self, text: str, source: str | None = None, on_timeout: OnTimeout | None = None) -> Iterator[PackMatch]:
        """Matches in `text`; a user pattern that runs past MATCH_TIMEOUT is abandoned for this text and
        `on_timeout(entry)` is called, so that the scan can say so."""
        if not self.fires(source, on_timeout):
            return
        if self.type == "scale-words":
            yield from _scale_matches(self, text, self._timed_out(on_timeout))
            return
        assert self.pattern is not None
        for match in _finditer(self.pattern, text, self.guarded, self._timed_out(on_timeout)):
            if match.end() <= match.start():
                continue
            suggestion = match.expand(self.suggestion) if self.suggestion is not None else None
            yield PackMatch(match.start(), match.end(), _render(self.message, match), suggestion)


@dataclass(frozen=True)
class Pack:
    name: str
    path: str
    source: str | None
    target: str
    description: str
    entries: tuple[Entry, ...]

    def applies(self, source_lang: str | None, target_lang: str | None) -> bool:
        if base_language(target_lang) != self.target:
            return False
        return self.source is None or base_language(source_lang) == self.source


def _finditer(pattern: regex.Pattern[str], text: str, guarded: bool = True,
              on_timeout: Callable[[], None] | None = None) -> Iterator[regex.Match[str]]:
    """Matches of `pattern`; a guarded one abandons the text (not the scan) when it runs too long."""
    if not guarded:
        yield from pattern.finditer(text)
        return
    try:
        yield from pattern.finditer(text, timeout=MATCH_TIMEOUT)
    except TimeoutError:
        if on_timeout is not None:
            on_timeout()


def _search(pattern: regex.Pattern[str], text: str, guarded: bool = True,
            on_timeout: Callable[[], None] | None = None) -> regex.Match[str] | None:
    if not guarded:
        return pattern.search(text)
    try:
        return pattern.search(text, timeout=MATCH_TIMEOUT)
    except TimeoutError:
        if on_timeout is not None:
            on_timeout()
        return None


def _render(template: str, match: regex.Match[str]) -> str:
    return template.replace("{match}", match.group(0))


# --- scale words ---------------------------------------------------------------------------------

# A count of scale words longer than this is no amount a text states (and int() refuses 4,300 digits).
_MAX_SCALE_DIGITS = 30


def _number_pattern(thousands: Iterable[str], decimal: str) -> str:
    seps = "".join(regex.escape(s) for s in thousands)
    grouped = rf"\d{{1,3}}(?:[{seps}]\d{{3}})+" if seps else r"(?!)"
    return rf"(?<![\p{{L}}\p{{N}}{regex.escape(decimal)}])(?P<n>{grouped}|\d+)"


def _compile_scale(entry_id: str, raw: Mapping[str, Any], path: str) -> dict[str, Any]:
    thousands = raw.get("thousands", (" ", "\u00a0", "\u202f"))
    if not isinstance(thousands, (list, tuple)) or not all(isinstance(t, str) and t for t in thousands):
        raise PackError(path, "thousands must be a list of non-empty strings", entry_id)
    thousands = tuple(thousands)
    decimal = _text(raw.get("decimal", ","), path, entry_id, "decimal")
    for key in ("scale", "into", "into_plural"):
        if key in raw:
            _text(raw[key], path, entry_id, key)
    factor = raw["factor"]
    if not _whole(factor) or factor < 2:
        raise PackError(path, "factor must be an integer of at least 2", entry_id)
    step = raw.get("step", factor)
    if not _whole(step) or step < 1 or factor % step:
        raise PackError(path, "step must be a positive integer dividing factor", entry_id)
    plural_from = raw.get("plural_from", 2)
    if isinstance(plural_from, bool) or not isinstance(plural_from, (int, float)) or not math.isfinite(plural_from):
        raise PackError(path, "plural_from must be a number", entry_id)
    number = _number_pattern(thousands, decimal)
    pattern = _compile(rf"{number}(?P<space>[ \u00a0\u202f])(?P<scale>{raw['scale']})(?![\p{{L}}\p{{N}}])",
                       path, entry_id, "scale")
    return {
        "pattern": pattern,
        "factor": factor,
        "step": step,
        "into": str(raw["into"]),
        "into_plural": str(raw.get("into_plural", raw["into"])),
        "plural_from": plural_from,
        "decimal": decimal,
        "thousands": thousands,
    }


def _scale_matches(entry: Entry, text: str, on_timeout: Callable[[], None] | None = None) -> Iterator[PackMatch]:
    spec = entry.scale
    for match in _finditer(spec["pattern"], text, entry.guarded, on_timeout):
        digits = match.group("n")
        for sep in spec["thousands"]:
            digits = digits.replace(sep, "")
        if len(digits) > _MAX_SCALE_DIGITS:
            continue
        value = int(digits)
        if value < spec["factor"] or value % spec["step"]:
            continue
        scaled = Decimal(value) / Decimal(spec["factor"])
        number = format(scaled.normalize(), "f").replace(".", spec["decimal"])
        word = spec["into_plural"] if scaled >= spec["plural_from"] else spec["into"]
        suggestion = f"{number}{match.group('space')}{word}"
        message = entry.message.replace("{match}", match.group(0)).replace("{suggestion}", suggestion)
        yield PackMatch(match.start(), match.end(), message, suggestion)


# --- loading -------------------------------------------------------------------------------------

def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(value: Any, path: str, entry: str | None, key: str) -> str:
    if not isinstance(value, str) or not value:
        raise PackError(path, f"'{key}' must be a non-empty string", entry)
    return value


# A group reference in a suggestion template: \1 .. \99 or \g<name or number> (\0 is an octal escape).
_GROUP_REFERENCE = patterns.compile(r"\\(?:g<([^>]*)>|([1-9][0-9]?))|\\.", regex.DOTALL)


def _check_template(template: str, pattern: regex.Pattern[str], path: str, entry: str) -> None:
    """Every group the template refers to exists in the pattern (else expanding it fails at scan time)."""
    for match in _GROUP_REFERENCE.finditer(template):
        name, number = match.group(1), match.group(2)
        if name is None and number is None:
            continue  # another escape (\n, \\)
        ref = name if name is not None else number
        exists = (int(ref) <= pattern.groups) if ref.isdigit() else ref in pattern.groupindex
        if not exists:
            raise PackError(path, f"bad suggestion template: it refers to group {ref!r}, which the pattern lacks "
                                  f"(it has {pattern.groups})", entry)


def _compile(pattern: Any, path: str, entry: str, key: str, flags: int = 0) -> regex.Pattern[str]:
    if not isinstance(pattern, str) or not pattern:
        raise PackError(path, f"'{key}' must be a non-empty string", entry)
    try:
        compiled = patterns.compile(pattern, flags)
    except regex.error as exc:
        raise PackError(path, f"bad pattern in '{key}': {exc}", entry) from None
    if compiled.search(""):
        raise PackError(path, f"pattern in '{key}' matches the empty string", entry)
    return compiled


def _examples(raw: Any, path: str, entry: str, key: str) -> tuple[PackExample, ...]:
    if not isinstance(raw, list):
        raise PackError(path, f"'{key}' must be a list of examples", entry)
    out = []
    for item in raw:
        if isinstance(item, str):
            out.append(PackExample(item))
        elif isinstance(item, Mapping):
            check_keys(item, allowed=_EXAMPLE_KEYS, required=("text",), path=path, entry=entry)
            source = item.get("source")
            if not isinstance(item["text"], str) or not (source is None or isinstance(source, str)):
                raise PackError(path, f"each of '{key}' must have a string text (and source)", entry)
            out.append(PackExample(item["text"], source))
        else:
            raise PackError(path, f"each of '{key}' must be a string or a table with text and source", entry)
    return tuple(out)


def _lang(value: Any, path: str, what: str) -> str | None:
    if value is None:
        return None
    lang = base_language(value) if isinstance(value, str) and value.replace("-", "").isalpha() else None
    if lang is None:  # (letters that name no language, such as "AAAA", too)
        raise PackError(path, f"[pack] {what} must be a language code such as 'fr'")
    return lang


def _entry(raw: Any, pack: str, path: str, seen: set[str]) -> Entry:
    if not isinstance(raw, Mapping):
        raise PackError(path, "each [[entry]] must be a table")
    entry_id = raw.get("id", "?")
    if not isinstance(entry_id, str) or not entry_id.strip():
        raise PackError(path, f"each [[entry]] needs an id string, not {entry_id!r}"[:160])
    kind = raw.get("type")
    if kind not in ENTRY_TYPES:
        raise PackError(path, f"type must be one of: {', '.join(ENTRY_TYPES)}", entry_id)
    check_keys(raw, allowed=_COMMON_KEYS + _TYPE_KEYS[kind], required=("id", "check", "message", "bad", "good")
               + _REQUIRED[kind], path=path, entry=entry_id)
    if entry_id in seen:
        raise PackError(path, "duplicate id", entry_id)
    seen.add(entry_id)
    if raw["check"] not in ENTRY_CHECKS:
        raise PackError(path, f"check must be one of: {', '.join(ENTRY_CHECKS)}", entry_id)
    precision = raw.get("precision", "low")
    if precision not in ("high", "low"):
        raise PackError(path, "precision must be 'high' or 'low'", entry_id)
    severity = raw.get("severity")
    if severity is not None and severity not in SEVERITIES:
        raise PackError(path, f"severity must be one of: {', '.join(SEVERITIES)}", entry_id)
    confidence = raw.get("confidence")
    if confidence is not None and (isinstance(confidence, bool) or not isinstance(confidence, (int, float))
                                   or not 0 <= confidence <= 1):
        raise PackError(path, "confidence must be a number between 0 and 1", entry_id)
    message = _text(raw["message"], path, entry_id, "message")
    suggestion = _text(raw["suggestion"], path, entry_id, "suggestion") if "suggestion" in raw else None
    if "note" in raw and not isinstance(raw["note"], str):
        raise PackError(path, "'note' must be a string", entry_id)
    when_source = raw.get("when_source")
    bad = _examples(raw["bad"], path, entry_id, "bad")
    good = _examples(raw["good"], path, entry_id, "good")
    if not bad or not good:
        raise PackError(path, "every entry needs at least one bad and one good example", entry_id)
    entry = Entry(
        id=entry_id,
        type=kind,
        check=raw["check"],
        message=message,
        pack=pack,
        path=path,
        pattern=_compile(raw["pattern"], path, entry_id, "pattern") if "pattern" in raw else None,
        suggestion=suggestion,
        when_source=_compile(when_source, path, entry_id, "when_source", regex.IGNORECASE)
        if "when_source" in raw else None,
        precision=precision,
        severity=severity,
        confidence=float(confidence) if confidence is not None else None,
        bad=bad,
        good=good,
        scale=_compile_scale(entry_id, raw, path) if kind == "scale-words" else {},
    )
    if entry.pattern is not None and entry.suggestion is not None:
        _check_template(entry.suggestion, entry.pattern, path, entry_id)
    return entry


def load_pack(path: str | Path, name: str | None = None) -> Pack:
    """Read and validate one pack file; any problem is a `PackError` naming the file and entry."""
    path_s = str(path)
    if Path(path).is_dir():
        raise PackError(path_s, "a pack is a TOML file, not a folder")
    data = load_toml(path)
    check_keys(data, allowed=("pack", "entry"), required=("pack",), path=path_s)
    meta = data["pack"]
    if not isinstance(meta, Mapping):
        raise PackError(path_s, "[pack] must be a table")
    check_keys(meta, allowed=_PACK_KEYS, required=("target",), path=path_s)
    target = _lang(meta["target"], path_s, "target")
    assert target is not None
    source = _lang(meta.get("source"), path_s, "source")
    for key in ("name", "description", "version"):
        if key in meta and not isinstance(meta[key], str):
            raise PackError(path_s, f"[pack] {key} must be a string")
    pack_name = str(meta.get("name") or name or Path(path).stem)
    raw_entries = data.get("entry", [])
    if not isinstance(raw_entries, list):
        raise PackError(path_s, "entry must be an array of tables ([[entry]])")
    seen: set[str] = set()
    entries = tuple(_entry(raw, pack_name, path_s, seen) for raw in raw_entries)
    for entry in entries:
        _check_templates(entry)
    return Pack(pack_name, path_s, source, target, str(meta.get("description", "")), entries)


def _check_templates(entry: Entry) -> None:
    """Expand the suggestion on the first bad example, so a template naming a missing group fails at load."""
    if entry.pattern is None or entry.suggestion is None:
        return
    for example in entry.bad:
        match = _search(entry.pattern, example.text)
        if match is None:
            continue
        try:
            match.expand(entry.suggestion)
        except (regex.error, IndexError) as exc:
            raise PackError(entry.path, f"bad suggestion template: {exc}", entry.id) from None
        return


def _is_pack_file(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return b"[pack]" in head


@functools.lru_cache(maxsize=1)
def builtin_pack_files() -> tuple[tuple[Path, str], ...]:
    """(path, name) of every built-in pack: the TOML files under mtqa/packs/ with a [pack] table."""
    root = builtin_pack_dir()
    return tuple((path, f"{path.relative_to(root).parent.as_posix()}/{path.stem}")
                 for path in sorted(root.rglob("*.toml")) if _is_pack_file(path))


@functools.lru_cache(maxsize=64)
def _builtin_pack(path: Path, name: str) -> Pack:
    pack = load_pack(path, name=name)
    folder = path.parent.name
    expected = f"{pack.source}-{pack.target}" if pack.source else pack.target
    if folder != expected:
        raise PackError(str(path), f"a pack for {expected} belongs in packs/{expected}/, not packs/{folder}/")
    return dataclasses.replace(pack, entries=tuple(dataclasses.replace(e, guarded=False) for e in pack.entries))


def _folder_applies(path: Path, source_lang: str | None, target_lang: str | None) -> bool:
    """Built-in packs live in packs/<target>/ or packs/<source>-<target>/: pick them without parsing."""
    folder = path.parent.name
    source, _, target = folder.rpartition("-")
    if base_language(target_lang) != target:
        return False
    return not source or source == base_language(source_lang)


def builtin_packs() -> tuple[Pack, ...]:
    return tuple(_builtin_pack(path, name) for path, name in builtin_pack_files())


@functools.lru_cache(maxsize=16)
def load_packs(user_paths: tuple[str, ...] = ()) -> tuple[Pack, ...]:
    """Every built-in pack followed by the user's (for listing; scans load only what they need)."""
    return builtin_packs() + user_packs(user_paths)


@functools.lru_cache(maxsize=16)
def user_packs(user_paths: tuple[str, ...]) -> tuple[Pack, ...]:
    """The user's packs, loaded and validated once (a `PackError` names the file and entry)."""
    return tuple(load_pack(p) for p in user_paths)


@functools.lru_cache(maxsize=256)
def packs_for_pair(source_lang: str | None, target_lang: str | None,
                   user_paths: tuple[str, ...] = ()) -> tuple[Pack, ...]:
    """The packs that apply to one language pair; built-in packs of other pairs are never compiled."""
    builtin = tuple(_builtin_pack(path, name) for path, name in builtin_pack_files()
                    if _folder_applies(path, source_lang, target_lang))
    user = tuple(p for p in user_packs(user_paths) if p.applies(source_lang, target_lang))
    return builtin + user


def packs_for(services: Any, source_lang: str | None, target_lang: str | None) -> tuple[Pack, ...]:
    """The packs of a Checker's configuration for one language pair (built-in ones without a configuration)."""
    config = getattr(services, "config", None)
    return packs_for_pair(base_language(source_lang), base_language(target_lang),
                          tuple(getattr(config, "packs", None) or ()))


def entries_for(packs: Iterable[Pack], check: str, source_lang: str | None,
                target_lang: str | None) -> list[Entry]:
    return [e for p in packs if p.applies(source_lang, target_lang) for e in p.entries if e.check == check]


_INLINE_FLAGS = patterns.compile(r"\(\?[a-zA-Z0-9]*\)")
_COMBINABLE_FLAGS = regex.I | regex.U | regex.V0


@dataclass(frozen=True)
class EntryGroup:
    """Entries of one check and language pair, with one pattern that matches a text wherever any of the
    `screened` ones can match it: a text it does not match skips them all (most texts), without changing
    what the entries find. The others (scale words, user patterns, patterns with groups) always run."""

    entries: tuple[Entry, ...]
    screened: frozenset[int]  # indexes into `entries`
    screen: regex.Pattern[str] | None

    def applicable(self, text: str) -> Iterator[Entry]:
        """The entries that may match `text`, in order."""
        if self.screen is None or self.screen.search(text) is not None:
            yield from self.entries
        else:
            yield from (entry for i, entry in enumerate(self.entries) if i not in self.screened)


def group_entries(entries: Iterable[Entry]) -> EntryGroup:
    """`entries` with their screening pattern: the built-in patterns without groups, each in a group of
    its own flags, as alternatives of one pattern (leftmost-first search finds a match wherever one of
    them matches)."""
    entries = tuple(entries)
    screened: list[int] = []
    branches: list[str] = []
    for i, entry in enumerate(entries):
        pattern = entry.pattern
        if entry.type == "scale-words" or pattern is None or entry.guarded or pattern.groups:
            continue
        if pattern.flags & ~_COMBINABLE_FLAGS:
            continue
        body = pattern.pattern.removeprefix("(?i)")
        if _INLINE_FLAGS.search(body):
            continue
        screened.append(i)
        branches.append(f"(?i:{body})" if pattern.flags & regex.I else f"(?:{body})")
    if len(screened) < 2:
        return EntryGroup(entries, frozenset(), None)
    try:
        screen = patterns.compile("|".join(branches))
    except regex.error:  # pragma: no cover - every branch compiled on its own
        return EntryGroup(entries, frozenset(), None)
    return EntryGroup(entries, frozenset(screened), screen)


# --- descriptions for the command line -----------------------------------------------------------

def find_entries(key: str, packs: Iterable[Pack]) -> list[Entry]:
    """Entries whose qualified id ('es-fr/calques/hace-dias') or bare id ('hace-dias') is `key`."""
    return [e for p in packs for e in p.entries if key in (e.qualified_id, e.id)]


def describe_pack(pack: Pack) -> str:
    counts: dict[str, int] = {}
    for entry in pack.entries:
        counts[entry.check] = counts.get(entry.check, 0) + 1
    pair = f"{pack.source or '*'}->{pack.target}"
    by_check = ", ".join(f"{check} {n}" for check, n in sorted(counts.items()))
    return f"{pack.name:28} {pair:8} {len(pack.entries):4d} entries  ({by_check})"


def describe_entry(entry: Entry) -> list[str]:
    guard = f"  source guard: {entry.when_source.pattern}" if entry.when_source else ""
    lines = [f"{entry.qualified_id}  [{entry.type}, {entry.check}, precision {entry.precision}]{guard}"]
    for examples, mark in ((entry.bad, "flagged"), (entry.good, "clean  ")):
        for example in examples:
            source = f"   (source: {example.source})" if example.source else ""
            lines.append(f"    {mark} {example.text}{source}")
    return lines
