"""Language tags: one parser for every language code that enters mtqa (options, config, file contents,
file and folder names), so that no untrusted text ever reaches a path or a lookup unchecked.

`parse_tag` accepts BCP 47 tags in their common spellings (`fr`, `fr-CH`, `fr_ch`, `pt-br`, `zh-Hans`,
`zh_Hans_CN`, `es-419`, `sr-Latn-RS`) and returns the canonical case (`fr-CH`, `pt-BR`, `zh-Hans-CN`).
`language_from_name` is stricter: a file or folder name is read as a language only when its primary
subtag is a real ISO 639 code, so `tmp/` or `src/` is never taken for a language.
"""

from __future__ import annotations

import functools
import re

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


# POSIX locale names, as PO headers and environment variables write them: fr_FR.UTF-8, sr_RS@latin.
_POSIX_SUFFIX = re.compile(r"(?:\.[A-Za-z0-9_-]{1,20})?(?:@[A-Za-z0-9]{1,20})?$")


def checked_tag(value: object) -> str | None:
    """A language code read from a file (untrusted), as written when it is a tag (or a POSIX locale name,
    whose `.codeset` and `@modifier` are dropped); None for anything else, which is then unknown.

    >>> checked_tag("pt_BR"), checked_tag("fr_FR.UTF-8"), checked_tag("../../x"), checked_tag("a" * 300)
    ('pt_BR', 'fr_FR', None, None)
    """
    if not isinstance(value, str) or len(value) > 64:
        return None
    text = value.strip()
    if is_tag(text):
        return text
    base = _POSIX_SUFFIX.sub("", text, count=1)
    return base if base != text and is_tag(base) else None


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
    """The language a file or folder name states (`fr`, `pt_BR`, `de-at`, `zh-Hans`), else None.

    >>> language_from_name("pt-br"), language_from_name("tmp"), language_from_name("messages")
    ('pt-BR', None, None)
    """
    try:
        tag = parse_tag(name)
    except LanguageTagError:
        return None
    return tag if is_known_language(tag) else None


def _shown(value: str, limit: int = 40) -> str:
    """A short, printable rendering of an untrusted value for an error message."""
    shown = value if len(value) <= limit else value[:limit] + "…"
    return repr(shown)
