"""Placeholders of the localisation ecosystems, read with the grammar the message actually uses.

Some syntaxes cannot be mistaken for prose and are always read: XLIFF/TMX inline codes, ICU
`{n, plural, ...}` and `{0}`/`{name}` arguments, i18next `{{name}}` and `$t(key)`, `${name}`, Python
`%(name)s`, Ruby `%{name}` and `%<name>s`, numbered printf `%1$s`. Others look like ordinary text in
another ecosystem and are read only on evidence (`Syntax`): a gettext flag (`c-format`,
`python-format`, `qt-format`...) or the same kind of placeholder in the unit's source. They are printf
(`%s %d %lu %@`, with `%%` as an escape), Qt `%1`, Symfony `%name%`, Drupal and Magento `%name`,
strftime (`%d-%m-%Y`), Drupal `@name` and Laravel `:name`. So `%page%` in a Symfony message is one
parameter, not `%p` followed by "age%", and "100 %d'entre eux" in French prose holds no placeholder.

ICU select/plural case bodies are text: the argument, its type and the case keys are compared, and
placeholders inside bodies are compared as a set. A full-width `％` where a placeholder belongs
(`％1`, `％name％`) is reported as a corrupted placeholder.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import regex

from mtqa.text.inline import INLINE_CODE
from mtqa.util import patterns
from mtqa.util.datafiles import base_language, builtin_data

PRINTF = "printf"
QT = "qt"
SYMFONY = "symfony"
STRFTIME = "strftime"
DRUPAL = "drupal"
LARAVEL = "laravel"
PERCENT_NAME = "percent-name"
CHROME = "chrome"
GATED = (SYMFONY, STRFTIME, QT, PRINTF, DRUPAL, LARAVEL, PERCENT_NAME, CHROME)
# Grammars of prose-like tokens that need the target (or the rest of the file) to confirm them.
CONFIRMED_BY_USE = (DRUPAL, LARAVEL)

Syntax = frozenset[str]
# Without evidence either way (a target read on its own): the gated grammars that rarely read prose wrongly.
DEFAULT_SYNTAX: Syntax = frozenset({PRINTF, QT, SYMFONY})

# gettext format flags (xgettext's list) -> the grammar they declare.
_FLAG_GRAMMARS = {
    "c-format": PRINTF, "objc-format": PRINTF, "python-format": PRINTF, "php-format": PRINTF,
    "perl-format": PRINTF, "sh-format": PRINTF, "awk-format": PRINTF, "lua-format": PRINTF,
    "javascript-format": PRINTF, "gcc-internal-format": PRINTF, "gfc-internal-format": PRINTF,
    "object-pascal-format": PRINTF, "java-printf-format": PRINTF,
    "qt-format": QT, "qt-plural-format": QT, "kde-format": QT, "kde-kuit-format": QT,
    # Not a gettext flag: the JSON reader gives it to the messages of Chrome/WebExtension messages.json.
    "chrome-format": CHROME,
}


@dataclass(frozen=True)
class Token:
    """A placeholder (or tag, URL...) at `start:end`: its kind, the key that source and target are compared
    by, and whether it sits inside an ICU case body (compared as a set there)."""

    start: int
    end: int
    kind: str
    key: str
    nested: bool = False


# Kinds compared by presence (a named argument may be used any number of times), not by count.
NAMED_KINDS = frozenset({"python", "ruby", "positional", "brace", "mustache", "template", "nesting", SYMFONY, QT,
                         DRUPAL, LARAVEL, PERCENT_NAME, CHROME, "icu"})

_ESCAPE = patterns.compile(r"%%")
_PYTHON = patterns.compile(r"%\((\w+)\)[-+#0 ]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
_RUBY = patterns.compile(r"%\{(\w+)\}|%<(\w+)>[-+#0 ]*\d*(?:\.\d+)?[diouxXeEfFgGcsaAp](?![A-Za-z])")
_POSITIONAL = patterns.compile(r"%(\d+)\$[-+#0]*(?:\d+)?(?:\.\d+)?(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGcsaAp@]")
_MUSTACHE = patterns.compile(r"\{\{\{?\s*[-#/^&>!]?\s*([\w.\-]+)[^{}]*\}?\}\}")
_TEMPLATE = patterns.compile(r"\$\{\s*([\w.]+)\s*\}")
_NESTING = patterns.compile(r"\$t\(\s*([\w.:-]+)[^()]*\)")
# {0} {name} {name!r} {name:>10} {user.name} {0,number,integer} {}
_BRACE = patterns.compile(r"(?<!\{)\{\s*([\w.]*)\s*(?:![rsa])?(?:[:,][^{}]*)?\}(?!\})")
# The closing % is not the start of a printf conversion: "%sContinue%s" is two %s around a word.
_SYMFONY = patterns.compile(r"%([A-Za-z_]\w+(?:[.-]\w+)*)(?::[^%\n]*)?%(?!%|[sdiuf@](?!\w))")
# Symfony plural intervals at the start of a form: "{0} No result|{1} One result|]1,Inf[ %count% results".
_INTERVAL = patterns.compile(r"(?:^|(?<=\|))\s*(?:\{\s*-?\d+(?:\s*,\s*-?\d+)*\s*\}|[\[\]]\s*-?(?:Inf|\d+)\s*,"
                             r"\s*\+?(?:Inf|\d+)\s*[\[\]])")
_QT = patterns.compile(r"%L?(\d{1,2})(?![\d$])")
_PRINTF = patterns.compile(r"%[-+#0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|q|j|z|t)?([diouxXeEfFgGcsaAp@])")
_STRFTIME = patterns.compile(r"%[-_0^#]?[a-zA-Z+]")
# Directives only strftime has (printf shares d, a, c, p...): evidence that a message is a date format.
# (A directive glued to a word is not one: "%key" is a named placeholder, not the hour %k and "ey".)
_STRFTIME_ONLY = patterns.compile(r"%[-_0^#]?[YmHMSbByjZzIklVUWCDRThP](?!\p{L}{2})")
_PRINTF_ONLY = patterns.compile(r"%(?:[\d.*]|[lhqjzt][diouxXsfeg@]|@|\()")
# Drupal and Magento named placeholders: %name, %store_name (not Symfony's %name%, not %(name)s).
_PERCENT_NAME = patterns.compile(r"(?<![%\w])%([\p{L}_][\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*|[\p{L}_][\p{L}_])(?![%(\w])")
_DRUPAL = patterns.compile(r"(?<![\w.@])@([a-z_][\w]*)(?![\w@]|\.\w)")
# Chrome/WebExtension messages: `$name$` (named in the message's "placeholders", any case) and `$1`..`$9`.
_CHROME = patterns.compile(r"(?<!\$)\$(?:([A-Za-z0-9_@]+)\$|([1-9])(?!\d))")
_LARAVEL = patterns.compile(r"(?<![\w:/])(?<=^|[\s(\"'«])\:([a-z_][a-z0-9_]+)\b")
_ICU_HEAD = patterns.compile(r"\{\s*(\w+)\s*,\s*(plural|select|selectordinal)\s*,")
_ICU_KEY = patterns.compile(r"\s*(?:offset:\s*\d+\s*)?([^\s{}]+)\s*\{")
# A full-width percent sign where a placeholder belongs: ％1 ％name％ ％s ％(name)s ％1$s.
_FULLWIDTH = patterns.compile(
    r"％(?:L?\d{1,2}(?:\$[a-z@]+)?|\(\w+\)[a-z]|[A-Za-z_][\w.-]*％|l{0,2}[sdiu@](?![A-Za-z]))")

PLURAL_CATEGORIES = frozenset({"zero", "one", "two", "few", "many", "other"})


def syntax_for(source: str | None, flags: Iterable[str] = (), target: str | None = None, *,
               confirmed: Iterable[str] = ()) -> Syntax:
    """The gated grammars in force for a unit: those its gettext flags declare, and those its source uses.

    `@name` and `:name` are also words of prose ("tag it @errands"): they count as placeholders with the
    `php-format` flag, when the target keeps at least one of them as the source writes it, or when the
    caller knows the file uses them (`confirmed`: other units of the file kept theirs)."""
    on: set[str] = set()
    off: set[str] = set()
    flags = tuple(flags)
    for flag in flags:
        if flag.startswith("no-") and flag[3:] in _FLAG_GRAMMARS:
            off.add(_FLAG_GRAMMARS[flag[3:]])
        elif flag in _FLAG_GRAMMARS:
            on.add(_FLAG_GRAMMARS[flag])
    if source and any(c in source for c in "%@:"):
        on |= _evidence(source)
        if "%" in source and any(_named_percent(m, target) for m in _PERCENT_NAME.finditer(source)):
            on.add(PERCENT_NAME)
        if "php-format" not in flags:
            for grammar, pattern in ((DRUPAL, _DRUPAL), (LARAVEL, _LARAVEL)):
                if grammar in on and grammar not in confirmed and not any(
                        m.group() in (target or "") for m in pattern.finditer(source)):
                    on.discard(grammar)
    if STRFTIME in on:
        on.discard(PRINTF)
    return frozenset(on - off)


def _named_percent(match: regex.Match[str], target: str | None) -> bool:
    """Whether `%word` in a source is a named placeholder (Drupal `%name`, Magento `%store_name`) rather than
    a printf conversion glued to a word (`%sthe docs%s`, `%dpx`): it cannot be read as printf, it holds an
    underscore or an inner capital after its second letter, or the target keeps its name as a word."""
    name = match.group(1)
    printf = _PRINTF.match(match.string, match.start())
    if printf is None or "_" in name or any(c.isupper() for c in name[2:]):
        return True
    return bool(target) and regex.search(rf"(?<![\w]){regex.escape(name)}(?!\w)", target) is not None


@functools.lru_cache(maxsize=4096)
def _evidence(source: str) -> frozenset[str]:
    found = {t.kind for t in _extract(source, frozenset(GATED) - {STRFTIME, PERCENT_NAME})} & set(GATED)
    if is_date_format(source):
        found.discard(PRINTF)
        found.add(STRFTIME)
    return frozenset(found)


# CLDR / Qt / Java date and time patterns: "d MMM, yyyy", "HH:mm", "dddd".
_DATE_PATTERN = patterns.compile(r"(?:d{1,4}|M{1,5}|L{1,5}|y{1,4}|Y{1,4}|E{1,6}|[Hhk]{1,2}|K{1,2}|m{1,2}|s{1,2}|S{1,4}"
                                 r"|a{1,5}|A|AP|ap|z{1,4}|Z{1,5}|G{1,5}|Q{1,5}|w{1,2}|t)")


_ASCII_WORD = patterns.compile(r"[A-Za-z]+")


def is_date_pattern(text: str) -> bool:
    """Whether the text is a date/time pattern of CLDR, Qt or Java ("d MMM, yyyy", "HH:mm:ss")."""
    words = _ASCII_WORD.findall(text)
    return bool(words) and all(_DATE_PATTERN.fullmatch(w) for w in words) and any(len(w) > 1 for w in words)


def is_date_format(text: str) -> bool:
    """Whether the text's % directives are a strftime date format ("%d-%m-%Y %H:%M"), not printf ones."""
    return bool(_STRFTIME_ONLY.search(text)) and not _PRINTF_ONLY.search(text)


def placeholders(text: str, syntax: Syntax = DEFAULT_SYNTAX) -> list[Token]:
    """The placeholders of `text` under `syntax` (always-read grammars plus the gated ones it names)."""
    return list(_cached(text, syntax))


# Several checks ask for the same unit's tokens, so results are cached per text. A cache entry keeps its
# text alive, though: 4,096 cached plain-text blocks of 64,000 characters would hold hundreds of MB. So
# segment-sized texts get a large cache and long texts a small one (enough for the checks of one unit).
CACHE_LONG_CHARS = 2_000


def per_text_cache(func: Callable[..., tuple[Token, ...]]) -> Callable[..., tuple[Token, ...]]:
    short = functools.lru_cache(maxsize=4096)(func)
    long = functools.lru_cache(maxsize=8)(func)

    @functools.wraps(func)
    def cached(text: str, *args: object) -> tuple[Token, ...]:
        return short(text, *args) if len(text) <= CACHE_LONG_CHARS else long(text, *args)

    cached.caches = (short, long)  # type: ignore[attr-defined]
    return cached


@per_text_cache
def _cached(text: str, syntax: Syntax = DEFAULT_SYNTAX) -> tuple[Token, ...]:
    return tuple(t for t in _extract(text, syntax) if t.kind != "escape")


class _Claims:
    """Tokens found so far and the characters they hold: a later, weaker grammar cannot read inside them."""

    def __init__(self, length: int) -> None:
        self.tokens: list[Token] = []
        self.mask = bytearray(length)

    def free(self, start: int, end: int) -> bool:
        return not any(self.mask[start:end])

    def take(self, start: int, end: int) -> None:
        if end > start:
            self.mask[start:end] = b"\x01" * (end - start)

    def add(self, token: Token) -> None:
        self.tokens.append(token)
        self.take(token.start, token.end)


# Every token of every grammar holds one of these characters.
_TOKEN_CHARS = "%{<$@:％"


def may_hold_placeholders(text: str) -> bool:
    """False when `text` cannot hold a placeholder, an inline code or an ICU message (most texts)."""
    return any(c in text for c in _TOKEN_CHARS)


def _extract(text: str, syntax: Syntax) -> list[Token]:
    if not may_hold_placeholders(text):
        return []
    claims = _Claims(len(text))
    for match in INLINE_CODE.finditer(text):
        claims.add(Token(match.start(), match.end(), "code", match.group()))
    if "%" in text:
        for match in _ESCAPE.finditer(text):
            if claims.free(*match.span()):
                claims.add(Token(match.start(), match.end(), "escape", "%%"))
    bodies = _icu(text, claims)
    if SYMFONY in syntax and "|" in text:
        for match in _INTERVAL.finditer(text):
            if claims.free(*match.span()):
                claims.add(Token(match.start(), match.end(), "escape", "interval"))
    _scan(text, syntax, claims)
    tokens = [Token(t.start, t.end, t.kind, t.key, True) if any(s <= t.start < e for s, e in bodies) else t
              for t in claims.tokens]
    for match in _FULLWIDTH.finditer(text):
        tokens.append(Token(match.start(), match.end(), "corrupt", match.group().replace("％", "%")))
    tokens.sort(key=lambda t: (t.start, t.end))
    return tokens


def _key_group1(template: str) -> Callable[[regex.Match[str]], str]:
    return lambda m: template.format(m.group(1))


def _whole_match(m: regex.Match[str]) -> str:
    return m.group()


# The grammars in order of strength: (the grammar's name or None when always read, the character every
# token of it holds, pattern, kind, key).
_GRAMMARS: tuple[tuple[str | None, str, regex.Pattern[str], str, Callable[[regex.Match[str]], str]], ...] = (
    (None, "$", _NESTING, "nesting", _key_group1("$t({})")),
    (None, "{", _MUSTACHE, "mustache", _key_group1("{{{{{}}}}}")),
    (None, "$", _TEMPLATE, "template", _key_group1("${{{}}}")),
    (None, "%", _PYTHON, "python", _key_group1("%({})")),
    (None, "%", _RUBY, "ruby", lambda m: f"%{{{m.group(1)}}}" if m.group(1) else f"%<{m.group(2)}>"),
    (None, "%", _POSITIONAL, "positional", _whole_match),
    (SYMFONY, "%", _SYMFONY, SYMFONY, lambda m: m.group().split(":", 1)[0].rstrip("%") + "%"),
    (PERCENT_NAME, "%", _PERCENT_NAME, PERCENT_NAME, _whole_match),
    (None, "{", _BRACE, "brace", _key_group1("{{{}}}")),
    (STRFTIME, "%", _STRFTIME, STRFTIME, _whole_match),
    (QT, "%", _QT, QT, _key_group1("%{}")),
    (PRINTF, "%", _PRINTF, PRINTF, _whole_match),
    (DRUPAL, "@", _DRUPAL, DRUPAL, _whole_match),
    (LARAVEL, ":", _LARAVEL, LARAVEL, _whole_match),
    (CHROME, "$", _CHROME, CHROME, lambda m: f"${(m.group(1) or m.group(2)).lower()}$"),
)


def _scan(text: str, syntax: Syntax, claims: _Claims) -> None:
    """The non-ICU grammars, strongest first."""
    for grammar, char, pattern, kind, key in _GRAMMARS:
        if grammar is not None and (grammar not in syntax or grammar == PRINTF and STRFTIME in syntax):
            continue
        if char not in text:
            continue
        for match in pattern.finditer(text):
            if claims.free(*match.span()):
                claims.add(Token(match.start(), match.end(), kind, key(match)))


@dataclass(frozen=True)
class IcuBlock:
    """An ICU plural/select/selectordinal argument: `{name, type, key {body} ...}`, with its case bodies."""

    start: int
    end: int
    name: str
    type: str
    keys: tuple[str, ...]
    bodies: tuple[tuple[int, int], ...]


def icu_blocks(text: str) -> list[IcuBlock]:
    """The ICU plural/select blocks of `text`, nested ones included, outermost first."""
    return list(_icu_cached(text))


@functools.lru_cache(maxsize=4096)
def _icu_cached(text: str) -> tuple[IcuBlock, ...]:
    if "{" not in text or "," not in text:
        return ()
    out: list[IcuBlock] = []
    _parse_icu(text, 0, len(text), out)
    return tuple(out)


def _close(text: str, open_at: int, end: int) -> int:
    """The index of the brace closing the one at `open_at` (or `end` when it is not closed)."""
    depth = 0
    for index in range(open_at, end):
        char = text[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index
    return end


def _parse_icu(text: str, start: int, end: int, out: list[IcuBlock]) -> None:
    pos = start
    while True:
        head = _ICU_HEAD.search(text, pos, end)
        if not head:
            return
        close = _close(text, head.start(), end)
        keys: list[str] = []
        bodies: list[tuple[int, int]] = []
        cursor = head.end()
        while cursor < close:
            case = _ICU_KEY.match(text, cursor, close)
            if not case:
                break
            body_close = _close(text, case.end() - 1, close)
            keys.append(case.group(1).rstrip(":"))
            bodies.append((case.end(), body_close))
            cursor = body_close + 1
        out.append(IcuBlock(head.start(), min(close + 1, len(text)), head.group(1), head.group(2), tuple(keys),
                            tuple(bodies)))
        for body_start, body_end in bodies:
            _parse_icu(text, body_start, body_end, out)
        pos = close + 1


def _icu(text: str, claims: _Claims) -> list[tuple[int, int]]:
    """Claims each ICU block's syntax (head, case keys, braces) and returns the spans of its case bodies."""
    bodies: list[tuple[int, int]] = []
    for block in icu_blocks(text):
        head_end = text.index(",", block.start) + 1
        claims.add(Token(block.start, head_end, "icu", "{" + block.name + ", " + block.type + "}"))
        pos = head_end
        for body_start, body_end in block.bodies:
            claims.take(pos, body_start)
            pos = body_end
        claims.take(pos, block.end)
        bodies.extend(block.bodies)
    return bodies


@functools.lru_cache(maxsize=1)
def plural_categories() -> dict[str, frozenset[str]]:
    data = builtin_data("plurals", "cardinal") or {}
    return {lang: frozenset(values) for lang, values in data.get("categories", {}).items()}


def icu_problems(source: str, target: str, target_lang: str | None) -> list[str]:
    """What differs in the ICU plural/select structure: types, select cases, plural case keys."""
    src = {(b.name, b.type): b for b in icu_blocks(source)}
    tgt = {(b.name, b.type): b for b in icu_blocks(target)}
    problems: list[str] = []
    allowed = plural_categories().get(base_language(target_lang) or "")
    for key, block in tgt.items():
        if block.type == "select" and key in src:
            missing = sorted(set(src[key].keys) - set(block.keys))
            added = sorted(set(block.keys) - set(src[key].keys))
            if missing:
                problems.append(f"select {{{block.name}}} lost case(s) {', '.join(missing)}")
            if added:
                problems.append(f"select {{{block.name}}} has case(s) {', '.join(added)} the source does not")
        elif block.type in ("plural", "selectordinal"):
            bad = [k for k in block.keys if not k.startswith("=") and (
                k not in PLURAL_CATEGORIES or (block.type == "plural" and allowed is not None and k not in allowed))]
            if bad:
                problems.append(f"{block.type} {{{block.name}}} has case key(s) {', '.join(bad)} that are not "
                                f"plural categories of this language")
            if block.keys and "other" not in block.keys:
                problems.append(f"{block.type} {{{block.name}}} has no 'other' case")
    return problems


def unescaped_percent(source: str, target: str, syntax: Syntax) -> list[int]:
    """Offsets of lone '%' signs in a target whose source escapes them as '%%' (a format string)."""
    if "%%" not in source:
        return []
    percent_kinds = {PRINTF, STRFTIME, "python", "ruby", "positional"}
    if not syntax & percent_kinds and not any(t.kind in percent_kinds for t in _extract(source, syntax)):
        return []
    covered = {i for t in _extract(target, syntax) for i in range(t.start, t.end)}
    return [i for i, c in enumerate(target) if c == "%" and i not in covered]


@dataclass
class Comparison:
    """How a target's placeholders differ from its source's."""

    missing: list[str]  # surfaces, as the source writes them
    extra: list[Token]  # target tokens with no counterpart in the source
    corrupt: list[Token]  # full-width ％ placeholders of the target
    icu: list[str]  # problems of the ICU plural/select structure
    unescaped: list[int]  # lone % in a target whose source writes %%
    misordered: Token | None = None  # first unnumbered printf placeholder out of the source's order

    @property
    def differs(self) -> bool:
        return bool(self.missing or self.extra or self.corrupt or self.icu or self.unescaped)


def _ascii_key(token: Token, syntax: Syntax) -> str:
    found = placeholders(token.key, syntax | DEFAULT_SYNTAX)
    return found[0].key if found else token.key


def compare(source: str, target: str, syntax: Syntax, target_lang: str | None = None) -> Comparison:
    """Compare the placeholders of `target` with those of `source`, both read under `syntax`.

    Named and numbered placeholders (and any inside ICU case bodies) are compared by presence; unnamed
    ones (`%s`, `%d`, inline codes) by count, and unnamed printf ones by order. A strftime format may be
    localised (reordered, other directives): only a target that lost every directive differs."""
    src_all, tgt_all = placeholders(source, syntax), placeholders(target, syntax)
    corrupt = [t for t in tgt_all if t.kind == "corrupt"]
    src = [t for t in src_all if t.kind not in ("corrupt", STRFTIME)]
    tgt = [t for t in tgt_all if t.kind not in ("corrupt", STRFTIME)]
    if _mixes_numbering(src, tgt):
        src, tgt = _by_argument(src), _by_argument(tgt)
    missing: dict[str, str] = {}
    if any(t.kind == STRFTIME for t in src_all) and not any(t.kind == STRFTIME for t in tgt_all):
        for t in src_all:
            if t.kind == STRFTIME:
                missing.setdefault(t.key, source[t.start:t.end])
    nested_keys = {t.key for t in (*src, *tgt) if t.nested}

    def by_presence(t: Token) -> bool:
        return t.kind in NAMED_KINDS or t.key in nested_keys

    src_named = {t.key for t in src if by_presence(t)}
    tgt_named = {t.key for t in tgt if by_presence(t)}
    extra: list[Token] = []
    seen: set[str] = set()
    for t in tgt:
        if by_presence(t) and t.key not in src_named and t.key not in seen:
            extra.append(t)
            seen.add(t.key)
    for t in src:
        if by_presence(t) and t.key not in tgt_named:
            missing.setdefault(t.key, t.key[:-1] + ", …}" if t.kind == "icu" else source[t.start:t.end])
    remaining: dict[str, list[Token]] = {}
    for t in src:
        if not by_presence(t):
            remaining.setdefault(t.key, []).append(t)
    for t in tgt:
        if by_presence(t):
            continue
        if remaining.get(t.key):
            remaining[t.key].pop(0)
        else:
            extra.append(t)
    for key, left in remaining.items():
        for t in left:
            missing.setdefault(f"{key}#{t.start}", source[t.start:t.end])
    for token in corrupt:
        ascii_key = _ascii_key(token, syntax)
        for key in [k for k, surface in missing.items() if k == ascii_key or surface == token.key]:
            del missing[key]
    extra.sort(key=lambda t: t.start)
    result = Comparison(list(missing.values()), extra, corrupt, icu_problems(source, target, target_lang),
                        unescaped_percent(source, target, syntax))
    if not result.differs:
        result.misordered = _misordered(src, tgt)
    return result


_ARGUMENT = patterns.compile(r"%(?:(\d+)\$)?[-+#0 ]*(?:\d+|\*)?(?:\.(?:\d+|\*))?((?:hh|h|ll|l|L|q|j|z|t)?[a-zA-Z@])")


def _mixes_numbering(src: list[Token], tgt: list[Token]) -> bool:
    """One side numbers its printf arguments (`%2$s`) and the other does not (`%s`): gettext lets a
    translation reorder an unnumbered format with numbered arguments."""
    def kinds(tokens: list[Token]) -> set[str]:
        return {t.kind for t in tokens if t.kind in (PRINTF, "positional") and not t.nested}

    a, b = kinds(src), kinds(tgt)
    return bool(a and b) and a != b and ("positional" in a | b) and (PRINTF in a | b)


def _by_argument(tokens: list[Token]) -> list[Token]:
    """printf tokens keyed by the argument they print: the n-th unnumbered one is argument n, `%2$s` is 2;
    flags and width aside (`%1$5d` and `%d` both print argument 1 as an int)."""
    out: list[Token] = []
    index = 0
    for token in tokens:
        match = _ARGUMENT.fullmatch(token.key) if token.kind in (PRINTF, "positional") else None
        if match is None:
            out.append(token)
            continue
        if match.group(1) is None:
            index += 1
        number = match.group(1) or str(index)
        out.append(Token(token.start, token.end, "positional", f"%{number}${match.group(2)}", token.nested))
    return out


def _misordered(src: list[Token], tgt: list[Token]) -> Token | None:
    def unnumbered(tokens: list[Token]) -> list[Token]:
        return [t for t in tokens if t.kind == PRINTF and not t.nested]

    s, t = unnumbered(src), unnumbered(tgt)
    return next((b for a, b in zip(s, t, strict=False) if a.key != b.key), None)
