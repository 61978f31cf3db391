"""What a unit holds, read from the shape of its source: a text to translate, a message key standing in
for the source, a metadata entry (translator credits), a keyword list, or a text behind a context prefix.

Source-aware checks compare a translation with its source; that only makes sense when the source is
text. Key-based catalogues (Symfony and Angular XLIFF, key-based PO) put identifiers such as
`help.teams` or `flash_lock_error` where the source text would be, and gettext's `translator-credits`
message is translated with the translators' names and e-mails by design. `classify` tells them apart
from the source (with the unit id and notes) alone, so the answer is the same in every process.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import regex

from mtqa.util import patterns

TEXT = "text"
KEY = "key"
CREDITS = "credits"
KEYWORDS = "keywords"
IDENTIFIERS = "identifiers"
HEADER = "header"

# gettext, GNOME, KDE and Qt conventions for the message that lists the translators.
# ("Translators" or "Translated by" alone are labels to translate.)
_CREDIT_MESSAGES = frozenset({
    "translator-credits", "translator_credits", "translator credits", "translation credits",
    "your names", "your emails", "name of translators", "email of translators",
})
_CREDIT_KEY = patterns.compile(r"(?:^|[._:-])(?:translator[-_ ]?credits|translation[-_ ]?credits)$", regex.I)

# Message keys: one token, no spaces, structured as an identifier.
_DOTTED = patterns.compile(r"[A-Za-z_][\w-]*(?:\.[\w-]*[A-Za-z_][\w-]*)+")  # confirm.delete, profile.error.fileTooLarge
_SNAKE = patterns.compile(r"[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+")  # flash_lock_error, BTN_OK
_KEBAB = patterns.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)+")  # unknown-error
_CAMEL = patterns.compile(r"[a-z]+(?:[A-Z][a-z0-9]+){2,}")  # fileTooLarge
# A dotted token that is a file name, a domain or an abbreviation rather than a key.
_NOT_A_KEY = patterns.compile(
    r"(?:\w\.){2,}|.*\.(?:com|org|net|io|js|py|json|html?|txt|md|xml|ya?ml|png|jpe?g|svg|pdf)", regex.I)
# Desktop-entry keyword lists and similar: words separated by ';' with no space, ending in ';'.
_KEYWORD_LIST = patterns.compile(r"[^\s;][^;]*(?:;[^\s;][^;]*)+;?")
# gettext context prefixes inside the msgid: Rails `s_("JobTemplate|Name")`, GLib `Q_("file|Open")`.
_CONTEXT_PREFIX = patterns.compile(r"([A-Za-z_][\w.:-]*)\|(?=\S)([^|]+)")
_WORDS = patterns.compile(r"\w+")
# Longer than this, a token is not a message key (real keys are a few dozen characters); the key patterns'
# repetitions would otherwise hold a backtracking entry per part of a megabyte-long "a-a-a-...".
MAX_KEY_CHARS = 256


@dataclass(frozen=True)
class UnitKind:
    """The kind of a unit and the source text that checks should compare with (None: no text to compare)."""

    kind: str
    source: str | None

    @property
    def is_metadata(self) -> bool:
        """Not a translation at all: no check applies."""
        return self.kind in (CREDITS, IDENTIFIERS, HEADER)


def is_message_key(source: str, target: str = "") -> bool:
    """Whether `source` is an identifier standing in for the source text (`help.teams`, `btn_create`)."""
    text = source.strip()
    if not 3 <= len(text) <= MAX_KEY_CHARS or any(c.isspace() for c in text):
        return False
    if _DOTTED.fullmatch(text):
        return not _NOT_A_KEY.fullmatch(text)
    if _SNAKE.fullmatch(text):
        # One underscore echoed in the translation is a menu mnemonic ("C_ancel" -> "A_nnuler").
        return not (text.count("_") == 1 and "_" in target)
    if _CAMEL.fullmatch(text):
        return True
    if _KEBAB.fullmatch(text):
        # Hyphenated English words ("e-mail", "sign-in") are text; a key names a whole message, so its
        # translation is a phrase longer than the key's parts, or the key has three parts or more.
        parts = text.count("-") + 1
        return parts >= 3 or len(_WORDS.findall(target)) > parts + 1
    return False


def is_credits(source: str, ident: str | None = None) -> bool:
    """The message whose translation lists the translators (gettext `translator-credits`, KDE `Your names`)."""
    for value in (source, ident or ""):
        text = value.strip().lower()
        if text in _CREDIT_MESSAGES or (_CREDIT_KEY.search(text) and " " not in text):
            return True
    return bool(ident) and ident.rsplit("::", 1)[0].strip().lower() in _CREDIT_MESSAGES


# WordPress plugin and theme headers extracted into the catalogue: names and addresses, kept or localised.
_HEADER_NOTE = patterns.compile(r"(?:Plugin Name|Theme Name|Author|Plugin URI|Theme URI|Author URI) of the "
                                r"(?:plugin|theme)")


def is_header_entry(notes: tuple[str, ...]) -> bool:
    """A catalogue entry that holds a plugin's or theme's name, author or address (WordPress headers)."""
    return any(_HEADER_NOTE.fullmatch(line.strip()) for note in notes for line in note.splitlines())


_CODE_LIKE = patterns.compile(r"[\w.+-]*[\d_+-][\w.+-]*")


def is_identifier_list(source: str, target: str, is_word: Callable[[str], bool] | None = None) -> bool:
    """A list of identifiers kept as they are ("db2, h2, mysql, postgis, spatialite."): four items or more,
    most of them one token that is code-like (digits, hyphens) or not a word of the language."""
    if target.strip() != source.strip() or "," not in source:
        return False
    items = [i.strip(" .;()") for i in source.strip().rstrip(".").split(",")]
    if len(items) < 4 or any(len(i.split()) > 3 or not i for i in items):
        return False
    code = sum(1 for i in items if " " not in i and (_CODE_LIKE.fullmatch(i) or (is_word and not is_word(i.lower()))))
    return code >= 0.6 * len(items)


@functools.lru_cache(maxsize=4096)
def classify(source: str | None, target: str, ident: str | None = None,
             is_word: Callable[[str], bool] | None = None, notes: tuple[str, ...] = ()) -> UnitKind:
    """The kind of a unit from its source, target, id and notes; `is_word` tells words of the source language."""
    if source is None:
        return UnitKind(TEXT, None)
    if is_credits(source, ident):
        return UnitKind(CREDITS, None)
    if notes and is_header_entry(notes):
        return UnitKind(HEADER, None)
    if is_message_key(source, target):
        return UnitKind(KEY, None)
    if is_identifier_list(source, target, is_word):
        return UnitKind(IDENTIFIERS, None)
    if ";" in source and _KEYWORD_LIST.fullmatch(source.strip()) and source.strip().endswith(";"):
        return UnitKind(KEYWORDS, source)
    prefix = _CONTEXT_PREFIX.fullmatch(source)
    if prefix and "|" not in target:
        return UnitKind(TEXT, prefix.group(2))
    return UnitKind(TEXT, source)


DESCRIPTIONS = {
    KEY: "have a message key as their source (e.g. {example}): source-aware checks skipped them",
    CREDITS: "are translator credits (e.g. {example}): not checked",
    IDENTIFIERS: "are lists of identifiers kept as they are (e.g. {example}): not checked",
    HEADER: "are plugin or theme header entries (names, authors, addresses; e.g. {example}): not checked",
}
