"""What must survive translation unchanged besides placeholders: markup tags, URLs and e-mail addresses,
and the spans of code-like text (entities, code, regex classes) that prose rules must not read.

Markup is recognised as markup: HTML and Pango elements (`<b>`, `</a>`, `<br/>`), i18next's numbered
tags (`<1>...</1>`), and any element written as one (with attributes, self-closing, or opened and
closed; attributes are `name="value"` pairs). A lone `<file>`, `<EMPTY>` or `<original entry>` is a
metavariable or a literal, and is text.
Each extractor returns `Token`s (span, the kind, and a normalised key to compare source and target by).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from mtqa.text.inline import INLINE_CODE
from mtqa.text.placeholders import (
    DEFAULT_SYNTAX,
    Syntax,
    Token,
    icu_blocks,
    may_hold_placeholders,
    per_text_cache,
    placeholders,
)
from mtqa.text.placeholders import (
    _cached as _placeholders,  # noqa: F401 - the cache, for tests that bound its memory
)
from mtqa.util import patterns
from mtqa.util.langtags import is_known_language
from mtqa.util.linescan import line_matches

_TAG = patterns.compile(r"</?(?:([A-Za-z][\w:.-]*)|(\d+))(\s+[^<>]*?)?\s*(/?)>")
_URL = patterns.compile(r"(?:(?:https?|ftp)://|www\.)[^\s<>\"'«»“”‘’]+", regex.IGNORECASE)
_EMAIL = patterns.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL_PREFIX = patterns.compile(r"^(?:https?://|ftp://)?(?:www\.)?")
_URL_TRAIL = ".,;:!?)]}'\""
# Hosts of example links, which translators localise ("http://yourdomain/" -> "http://ihredomain/"): a
# name without a dot (not localhost), or a domain reserved for examples (RFC 2606).
_ILLUSTRATIVE_HOST = patterns.compile(
    r"^(?:(?!localhost\b)[\p{L}\d-]+|(?:[\w-]+\.)*example\.(?:com|org|net)|(?:[\w-]+\.)+(?:example|test|invalid))"
    r"(?=[:/?#]|$)")
# Path and query segments that name a language (/en/, /pt-br/, ?lang=zh-Hans): localised links change them.
_LANG_SEGMENT = patterns.compile(
    r"(?<=[/._=-])[a-z]{2,3}(?:[-_][a-z]{4})?(?:[-_](?:[a-z]{2}|\d{3}))?(?=[/._&#-]|$)")

# HTML (current and obsolete) and Pango/Qt rich-text elements.
_HTML_TEXT = """
a abbr acronym address area article aside audio b base bdi bdo big blink blockquote body br button canvas caption
center cite code col colgroup data datalist dd del details dfn dialog dir div dl dt em embed fieldset figcaption
figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input ins kbd
label legend li link main map mark marquee menu meta meter nav nobr noscript object ol optgroup option output p
param picture pre progress q rp rt ruby s samp script section select slot small source span strike strong style
sub summary sup svg table tbody td template textarea tfoot th thead time title tr track tt u ul var video wbr
"""
HTML_ELEMENTS = frozenset(_HTML_TEXT.split())
# Elements that only emphasise: a translator adding them changes no structure.
EMPHASIS = frozenset({"b", "i", "em", "strong", "u", "mark", "cite", "q", "big", "small", "tt", "code", "kbd"})


@dataclass(frozen=True)
class _RawTag:
    start: int
    end: int
    name: str
    closing: bool
    selfclosing: bool
    attributes: bool


def _raw_tags(text: str) -> list[_RawTag]:
    if "<" not in text:
        return []
    out = []
    for match in _TAG.finditer(text):
        if INLINE_CODE.fullmatch(match.group()):
            continue
        name = (match.group(1) or match.group(2)).lower()
        out.append(_RawTag(match.start(), match.end(), name, match.group().startswith("</"),
                           match.group(4) == "/", "=" in (match.group(3) or "")))
    return out


def markup_names(*texts: str) -> frozenset[str]:
    """The tag names that are markup in these texts (read together, e.g. a source and its target)."""
    raw = [t for text in texts for t in _raw_tags(text)]
    names = {t.name for t in raw if t.name in HTML_ELEMENTS or t.name.isdigit() or t.closing or t.selfclosing
             or t.attributes}
    return frozenset(names)


def tags(text: str, names: frozenset[str] | None = None) -> list[Token]:
    """The markup tags of `text` (not XLIFF/TMX inline codes): those whose name is markup by `markup_names`
    of this text, or of `names` when given (the names read from the source and the target together)."""
    return list(_tags(text, names))


@per_text_cache
def _tags(text: str, names: frozenset[str] | None = None) -> tuple[Token, ...]:
    raw = _raw_tags(text)
    if not raw:
        return ()
    names = markup_names(text) if names is None else names
    out = []
    for tag in raw:
        if tag.name not in names:
            continue
        key = f"</{tag.name}>" if tag.closing else f"<{tag.name}/>" if tag.selfclosing else f"<{tag.name}>"
        out.append(Token(tag.start, tag.end, "tag", key))
    return tuple(out)


def urls(text: str) -> list[Token]:
    """URLs and e-mail addresses; the key drops language segments (/en/, ?lang=fr) that localised links change,
    the host of an example link (`http://yourdomain/`, `example.com`) and the mailbox of an example address
    at a domain reserved for examples (`jessie.smith@example.com` becomes a local name), which translators
    localise."""
    return list(_urls(text))


def _language_segment(match: regex.Match[str]) -> str:
    return "*" if is_known_language(match.group()) else match.group()


@per_text_cache
def _urls(text: str) -> tuple[Token, ...]:
    if "@" not in text and "://" not in text and "www." not in text.lower():
        return ()
    out = []
    for match in _URL.finditer(text):
        url = match.group().rstrip(_URL_TRAIL)
        end = match.start() + len(url)
        key = _URL_PREFIX.sub("", url.lower()).rstrip("/")
        if not key:
            continue  # "use https://": the scheme named, no link
        key = _ILLUSTRATIVE_HOST.sub("(example host)", key, count=1)
        out.append(Token(match.start(), end, "url", _LANG_SEGMENT.sub(_language_segment, key)))
    for match in _EMAIL.finditer(text):
        if not any(t.start <= match.start() < t.end for t in out):
            key = match.group().lower()
            mailbox, _, domain = key.rpartition("@")
            if _ILLUSTRATIVE_HOST.fullmatch(domain) and "." in domain:
                key = "(example mailbox)@" + domain  # "jessie.smith@example.com" -> "ime.prezime@example.com"
            out.append(Token(match.start(), match.end(), "email", key))
    out.sort(key=lambda t: t.start)
    return tuple(out)


# Code-like text that is neither placeholder, tag nor URL: HTML entities, `code`, POSIX and regex
# classes, CSS declarations.
_CODE = patterns.compile(
    r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#\d{1,7}|#[xX][0-9A-Fa-f]{1,6});"  # &amp; &raquo; &#160;
    r"|`[^`\n]+`"  # inline code
    r"|\[\[:[a-z]+:\]\]|\[:[a-z]+:\]"  # [[:space:]]
    r"|\b(?:mailto|tel|file|data|javascript):[^\s<>\"']+"  # mailto:someone@example.org
    r"|\b[a-z-]+:\s?#?[\w.%-]+;"  # color:#fff; font-weight: bold;
)


# Every match of _CODE holds one of these on the line where it starts; only a CSS declaration whose
# colon ends a line ("color:" + line break + "#fff;") runs past its line, into the next one.
_CODE_TRIGGER = re.compile(r"[&`\[:]")


def code_spans(text: str) -> Iterator[tuple[int, int]]:
    for match in line_matches(_CODE, text, _CODE_TRIGGER, lambda line: line.endswith(":"), reach=1):
        yield match.span()


def protected_spans(text: str, syntax: Syntax = DEFAULT_SYNTAX) -> Iterator[tuple[int, int]]:
    """Spans other checks should not read as words, numbers or punctuation: placeholders (read under
    `syntax`), ICU syntax, tags, URLs, e-mails and code-like text."""
    if not may_hold_placeholders(text) and "&" not in text and "`" not in text and "www." not in text.lower():
        return  # none of them can be there (most texts): each needs one of these characters
    for token in (*placeholders(text, syntax), *tags(text), *urls(text)):
        yield token.start, token.end
    for block in icu_blocks(text):
        pos = block.start
        for body_start, body_end in block.bodies:
            yield pos, body_start
            pos = body_end
        yield pos, block.end
    if "&" in text or "`" in text or ":" in text:
        yield from code_spans(text)
