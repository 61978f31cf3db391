"""Language tags: one parser for every language code that enters mtqa (options, config, file contents,
file and folder names), so that no untrusted text ever reaches a path or a lookup unchecked.

`parse_tag` accepts BCP 47 tags in their common spellings (`fr`, `fr-CH`, `fr_ch`, `pt-br`, `zh-Hans`,
`zh_Hans_CN`, `es-419`, `sr-Latn-RS`) and returns the canonical case (`fr-CH`, `pt-BR`, `zh-Hans-CN`).
`language_from_name` is stricter: a file or folder name is read as a language only when it is a plain
language[-script][-region] tag whose primary subtag is a real ISO 639 code (and whose script is one
that locales use), so `tmp/`, `src/` or `en-backup` is never taken for a language. `language_in_path`
finds the language that a path states in the spellings localisation projects use (`fr.json`,
`messages.fr.xlf`, `app.de_AT.po`, `plugin-pt_BR.po`, `locales/pt-BR/x.json`, `fr/LC_MESSAGES/x.po`,
`fr.lproj/`) and says where, so that a sibling in another language can be found by substitution.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import PurePath

MAX_TAG_LENGTH = 35  # RFC 5646 advises at least 35 characters of buffer for a well-formed tag

_SUBTAGS = re.compile(
    r"(?P<language>[A-Za-z]{2,3})"
    r"(?:[-_](?P<script>[A-Za-z]{4}))?"
    r"(?:[-_](?P<region>[A-Za-z]{2}|[0-9]{3}))?"
    r"(?P<rest>(?:[-_][A-Za-z0-9]{1,8})*)",
)

# ISO 639-1: every two-letter language code.
_ISO_639_1_TEXT = """
aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz
ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik
io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml
mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd
se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi
vo wa wo xh yi yo za zh zu
"""

# ISO 639-2/3 codes that localisation projects use as locale names (gettext, CLDR, Weblate, Crowdin).
_ISO_639_3_TEXT = """
ace ach ast bal bem ber byn ceb chr ckb crh csb dsb fil fur gsw haw hil hsb ilo jbo kab kmr kok lij lld
ltg mai mni mus nah nap nds nqo nso oss pam pap pms prs quc sah sat scn sco shn sma smj son szl tet tlh
tok tzm udm vec war wae yue zgh zza
"""
ISO_639_1 = frozenset(_ISO_639_1_TEXT.split())
ISO_639_3_IN_USE = frozenset(_ISO_639_3_TEXT.split())

# ISO 15924 scripts that locale names carry (CLDR locales, gettext @modifiers).
_SCRIPTS_TEXT = """
Adlm Arab Armn Beng Cher Cyrl Deva Ethi Geor Grek Gujr Guru Hans Hant Hebr Jpan Khmr Knda Kore Laoo Latn
Mlym Mong Mtei Mymr Nkoo Olck Orya Rohg Sinh Syrc Taml Telu Tfng Thaa Thai Tibt Vaii Yiii
"""
SCRIPTS = frozenset(_SCRIPTS_TEXT.split())
# gettext locale modifiers that name a script (`sr@latin`, `uz@cyrillic`); other modifiers are dropped.
_MODIFIER_SCRIPTS = {"latin": "Latn", "cyrillic": "Cyrl", "devanagari": "Deva", "arabic": "Arab"}


class LanguageTagError(ValueError):
    """A value that is not a language tag; the message says what was expected."""


@functools.lru_cache(maxsize=4096)
def parse_tag(value: str) -> str:
    """The canonical spelling of a BCP 47 language tag, or `LanguageTagError`.

    >>> parse_tag("pt_br"), parse_tag("zh-hans"), parse_tag("FR-ch")
    ('pt-BR', 'zh-Hans', 'fr-CH')
    """
    if not isinstance(value, str):
        raise LanguageTagError("expected a language code such as 'fr' or 'pt-BR'")
    text = value.strip()
    match = _SUBTAGS.fullmatch(text) if len(text) <= MAX_TAG_LENGTH else None
    if match is None:
        raise LanguageTagError(f"{_shown(value)} is not a language code such as 'fr' or 'pt-BR'")
    parts = [match["language"].lower()]
    if match["script"]:
        parts.append(match["script"].title())
    if match["region"]:
        parts.append(match["region"].upper())
    parts.extend(piece.lower() for piece in re.split(r"[-_]", match["rest"])[1:])
    return "-".join(parts)


def is_tag(value: object) -> bool:
    try:
        parse_tag(value)  # type: ignore[arg-type]
    except LanguageTagError:
        return False
    return True


def is_known_language(tag: str) -> bool:
    """Whether the tag's primary subtag is an ISO 639-1 code or a 639-3 code in common locale use."""
    primary = tag.replace("_", "-").split("-", 1)[0].lower()
    return primary in ISO_639_1 or primary in ISO_639_3_IN_USE


@functools.lru_cache(maxsize=4096)
def language_from_name(name: str) -> str | None:
    """The language a file or folder name states (`fr`, `pt_BR`, `de-at`, `zh-Hans`, `sr@latin`), else None.

    >>> language_from_name("pt-br"), language_from_name("tmp"), language_from_name("en-backup")
    ('pt-BR', None, None)
    """
    base, at, modifier = name.partition("@")
    if at and _SIMPLE_NAME.fullmatch(base) and modifier.isalpha():
        script = _MODIFIER_SCRIPTS.get(modifier.lower())
        name = f"{base}-{script}" if script and "-" not in base and "_" not in base else base
    try:
        tag = parse_tag(name)
    except LanguageTagError:
        return None
    return tag if _is_plain_locale(tag) else None


def _is_plain_locale(tag: str) -> bool:
    """language[-Script][-REGION] with a real language and a script that locales use; nothing more."""
    language, *rest = tag.split("-")
    if len(rest) > 2 or not is_known_language(language):
        return False
    if rest and len(rest[0]) == 4:
        if rest[0] not in SCRIPTS:
            return False
        rest = rest[1:]
    return len(rest) <= 1 and all(len(r) == 2 or (len(r) == 3 and r.isdigit()) for r in rest)


_SIMPLE_NAME = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,4}){0,2}")
# A locale at the end of a name after `-` or `_`, in its canonical case with a script or a region
# (`plugin-pt_BR`, `calibre-zh_Hans_CN`, `app-es-419`): a bare `-to` or `_id` is not read as one.
_LOCALE_SUFFIX = re.compile(r"(?<=[-_])[a-z]{2,3}(?:[-_][A-Z][a-z]{3})?[-_](?:[A-Z][a-z]{3}|[A-Z]{2}|[0-9]{3})$")
# Folders that sit between a locale folder and the file (gettext's `fr/LC_MESSAGES/x.po`).
_LOCALE_SUBFOLDERS = frozenset({"lc_messages"})


@dataclass(frozen=True)
class PathLanguage:
    """A language stated by a path: `tag`, found in `path.parts[part]` at `[start, end)`."""

    tag: str
    part: int
    start: int
    end: int

    def sibling(self, path: str, spelling: str) -> str:
        """`path` with the language written as `spelling` (`locales/fr/x.json` -> `locales/en/x.json`)."""
        parts = list(PurePath(path).parts)
        name = parts[self.part]
        parts[self.part] = name[: self.start] + spelling + name[self.end :]
        return str(PurePath(*parts))


def language_in_name(name: str, *, strip_extension: bool) -> tuple[str, int, int] | None:
    """The language one file or folder name states, with its span: a dot-separated component
    (`fr.json`, `messages.fr.xlf`, `app.de_AT.po`, `fr.lproj`), else a locale suffix (`plugin-pt_BR.po`)."""
    stem = name.rsplit(".", 1)[0] if strip_extension and "." in name.lstrip(".") else name
    components = stem.split(".")
    ends = []
    position = 0
    for component in components:
        ends.append((position, position + len(component)))
        position += len(component) + 1
    for component, (start, end) in reversed(list(zip(components, ends, strict=True))):
        tag = language_from_name(component) if component else None
        if tag:
            return tag, start, end
    last, (start, _end) = components[-1], ends[-1]
    match = _LOCALE_SUFFIX.search(last)
    if match:
        tag = language_from_name(match.group())
        if tag:
            return tag, start + match.start(), start + match.end()
    return None


@functools.lru_cache(maxsize=4096)
def language_in_path(path: str) -> PathLanguage | None:
    """The language a path states, in its file name first, else in its folder (skipping `LC_MESSAGES`).

    >>> language_in_path("locales/pt-br/common.json").tag, language_in_path("src/tmp/x.json")
    ('pt-BR', None)
    """
    parts = PurePath(path).parts
    if not parts:
        return None
    found = language_in_name(parts[-1], strip_extension=True)
    if found:
        return PathLanguage(found[0], len(parts) - 1, found[1], found[2])
    index = len(parts) - 2
    if index >= 0 and parts[index].lower() in _LOCALE_SUBFOLDERS:
        index -= 1
    if index >= 0:
        found = language_in_name(parts[index], strip_extension=False)
        if found:
            return PathLanguage(found[0], index, found[1], found[2])
    return None


def _shown(value: str, limit: int = 40) -> str:
    """A short, printable rendering of an untrusted value for an error message."""
    shown = value if len(value) <= limit else value[:limit] + "…"
    return repr(shown)
