"""What must survive translation unchanged: placeholders, markup tags, URLs and e-mail addresses.

Each extractor returns `Token`s (span, the kind, and a normalised key to compare source and target by).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import regex

from mtqa.text.inline import INLINE_CODE


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    kind: str
    key: str


# printf: %s %d %1$s %-5.2f %lu %@; no space flag, so "50 % of" or "50% off" are not placeholders.
_PRINTF = regex.compile(r"%(?:(\d+)\$)?[-+#0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|q|j|z|t)?"
                        r"([diouxXeEfFgGcsaAp@])"
                        r"|%\((\w+)\)[-+#0 ]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
_MUSTACHE = regex.compile(r"\{\{\{?\s*[#/^&>!]?\s*[\w.\-]+\s*\}?\}\}")
_DOLLAR_BRACE = regex.compile(r"\$\{\s*[\w.]+\s*\}")
# Python str.format / ICU simple argument: {0} {name} {name!r} {name:>10} {user.name}
_BRACE = regex.compile(r"(?<!\{)\{\s*([\w.]*)(?:![rsa])?(?::[^{}]*)?\s*\}(?!\})")
_ICU_HEAD = regex.compile(r"\{\s*(\w+)\s*,\s*(plural|select|selectordinal|number|date|time|spellout|ordinal)\b")
_TAG = regex.compile(r"</?([A-Za-z][\w:.-]*)(?:\s+[^<>]*?)?\s*/?>")
_URL = regex.compile(r"(?:(?:https?|ftp)://|www\.)[^\s<>\"'«»“”‘’]+", regex.IGNORECASE)
_EMAIL = regex.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL_TRAIL = ".,;:!?)]}'\""
_LANG_SEGMENT = regex.compile(r"(?<=[/._=-])[a-z]{2}(?:[-_][A-Za-z]{2})?(?=[/._&#-]|$)")


def _icu_spans(text: str) -> list[tuple[int, int, str]]:
    """Whole ICU plural/select blocks: (start, end, 'name,type'), by balanced braces."""
    out = []
    pos = 0
    while True:
        match = _ICU_HEAD.search(text, pos)
        if not match:
            return out
        depth, index = 0, match.start()
        while index < len(text):
            if text[index] == "{":
                depth += 1
            elif text[index] == "}":
                depth -= 1
                if depth == 0:
                    break
            index += 1
        end = min(index + 1, len(text))
        out.append((match.start(), end, f"{match.group(1)},{match.group(2)}"))
        pos = end


# Several checks ask for the same unit's tokens, so results are cached per text. A cache entry keeps its
# text alive, though: 4,096 cached plain-text blocks of 64,000 characters would hold hundreds of MB. So
# segment-sized texts get a large cache and long texts a small one (enough for the checks of one unit).
CACHE_LONG_CHARS = 2_000


def _per_text_cache(func: Callable[[str], tuple[Token, ...]]) -> Callable[[str], tuple[Token, ...]]:
    short = functools.lru_cache(maxsize=4096)(func)
    long = functools.lru_cache(maxsize=8)(func)

    @functools.wraps(func)
    def cached(text: str) -> tuple[Token, ...]:
        return short(text) if len(text) <= CACHE_LONG_CHARS else long(text)

    cached.caches = (short, long)  # type: ignore[attr-defined]
    return cached


@_per_text_cache
def _placeholders(text: str) -> tuple[Token, ...]:
    return tuple(_find_placeholders(text))


def placeholders(text: str) -> list[Token]:
    """printf, Python, brace, ICU, mustache and ${} placeholders, and XLIFF/TMX inline codes."""
    return list(_placeholders(text))


def _find_placeholders(text: str) -> list[Token]:
    if not any(c in text for c in "%{<$"):
        return []
    tokens: list[Token] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in taken)

    def add(start: int, end: int, kind: str, key: str) -> None:
        tokens.append(Token(start, end, kind, key))
        taken.append((start, end))

    for match in INLINE_CODE.finditer(text):
        add(match.start(), match.end(), "code", match.group())
    for start, end, key in _icu_spans(text):
        if free(start, end):
            # The head names the argument; the sub-messages are translated text, but arguments inside
            # them ({name}) must survive: compare those too.
            add(start, start + text[start:end].find(",") + 1, "icu", "{" + key + "}")
            for inner in _BRACE.finditer(text, start + 1, end - 1):
                if inner.group(1) and _inner_argument(text, inner):
                    add(inner.start(), inner.end(), "brace", "{" + inner.group(1) + "}")
            taken.append((start, end))
    for pattern, kind in ((_MUSTACHE, "mustache"), (_DOLLAR_BRACE, "template")):
        for match in pattern.finditer(text):
            if free(*match.span()):
                add(match.start(), match.end(), kind, regex.sub(r"\s+", "", match.group()))
    for match in _BRACE.finditer(text):
        if free(*match.span()):
            add(match.start(), match.end(), "brace", "{" + match.group(1) + "}")
    for match in _PRINTF.finditer(text):
        if free(*match.span()):
            key = match.group() if match.group(3) is None else f"%({match.group(3)})"
            add(match.start(), match.end(), "printf", key)
    tokens.sort(key=lambda t: t.start)
    return tokens


def _inner_argument(text: str, match: regex.Match[str]) -> bool:
    """Inside an ICU block, '{name}' is an argument unless it is a sub-message body ('one {file}')."""
    return not regex.search(r"[{},]\s*(?:=\d+|[\w-]+)\s*$", text[: match.start()])


@_per_text_cache
def _tags(text: str) -> tuple[Token, ...]:
    if "<" not in text:
        return ()
    out = []
    for match in _TAG.finditer(text):
        if INLINE_CODE.fullmatch(match.group()):
            continue
        closing = match.group().startswith("</")
        selfclosing = match.group().endswith("/>")
        name = match.group(1).lower()
        key = f"</{name}>" if closing else f"<{name}/>" if selfclosing else f"<{name}>"
        out.append(Token(match.start(), match.end(), "tag", key))
    return tuple(out)


def tags(text: str) -> list[Token]:
    """HTML/XML tags written in the text (not the canonical inline codes of XLIFF/TMX)."""
    return list(_tags(text))


def urls(text: str) -> list[Token]:
    """URLs and e-mail addresses; the key drops language segments (/en/, ?lang=fr) that localised links change."""
    return list(_urls(text))


@_per_text_cache
def _urls(text: str) -> tuple[Token, ...]:
    if "@" not in text and "://" not in text and "www." not in text.lower():
        return ()
    out = []
    for match in _URL.finditer(text):
        url = match.group().rstrip(_URL_TRAIL)
        end = match.start() + len(url)
        key = regex.sub(r"^(?:https?://|ftp://)?(?:www\.)?", "", url.lower()).rstrip("/")
        out.append(Token(match.start(), end, "url", _LANG_SEGMENT.sub("*", key)))
    for match in _EMAIL.finditer(text):
        if not any(t.start <= match.start() < t.end for t in out):
            out.append(Token(match.start(), match.end(), "email", match.group().lower()))
    out.sort(key=lambda t: t.start)
    return tuple(out)


def protected_spans(text: str) -> Iterator[tuple[int, int]]:
    """Spans other checks should not read as words or numbers: placeholders, tags, URLs, e-mails."""
    for token in (*placeholders(text), *tags(text), *urls(text)):
        yield token.start, token.end
