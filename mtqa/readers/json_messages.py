"""Which strings of a JSON resource file are messages, and which are notes or metadata about them.

Most resource files map keys to messages (i18next, vue-i18n, ngx-translate). Several formats put a
note for translators beside each message, which users never see and which is not a translation:

- Chrome and WebExtension `_locales/xx/messages.json`: `{"key": {"message": "...", "description": "...",
  "placeholders": {"name": {"content": "$1", "example": "..."}}}}`;
- FormatJS extracted messages: `{"id": {"defaultMessage": "...", "description": "..."}}`;
- Transifex structured JSON: `{"key": {"string": "...", "context": "...", "developer_comment": "...",
  "character_limit": 40}}`;
- Flutter ARB: `"key": "..."` with `"@key": {"description": "...", "placeholders": {...}}` beside it, and
  `"@@locale": "fr"`;
- Angular `ng extract-i18n --format=json`: `{"locale": "fr", "translations": {"id": "..."}}`.

An object is one message when all its members belong to such a format (one message member, the rest
notes and metadata) and most of the members beside it are messages too, so that an ordinary
`{"message": "...", "description": "..."}` pair of UI strings among other keys stays two strings. The
message's key is the object's key; its notes become the unit's notes; placeholder examples are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

# The member holding the message text, and the format flag its placeholders follow (Chrome's `$NAME$`).
_TEXT_MEMBERS = {"message": ("chrome-format",), "defaultMessage": (), "string": ()}
_NOTE_MEMBERS = ("description", "context", "comment", "developer_comment", "meaning", "note", "notes")
_OTHER_MEMBERS = frozenset({"placeholders", "character_limit", "id"})
_MESSAGE_VOCABULARY = frozenset(_TEXT_MEMBERS) | frozenset(_NOTE_MEMBERS) | _OTHER_MEMBERS
_DROP = "\x00drop"


@dataclass(frozen=True)
class Message:
    key: str
    text: str
    offset: int
    notes: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()


@dataclass
class Messages:
    messages: list[Message]
    # A language the file's contents declare (`@@locale`, Angular's `locale`), and where.
    language: str | None = None
    language_where: str = ""


def child(parent: str, name: str) -> str:
    """The key path of member `name` of the object or array at `parent` (as `string_leaves` writes it)."""
    if name.startswith("["):
        return parent + name
    return f"{parent}.{name}" if parent else name


def _message_objects(leaves: dict[str, tuple[str, int]], members: dict[str, list[str]]) -> dict[str, str]:
    """Key path of each message object -> the member that holds its text."""
    candidates: dict[str, str] = {}
    for path, names in members.items():
        if not path or not set(names) <= _MESSAGE_VOCABULARY:
            continue
        text_members = [n for n in names if n in _TEXT_MEMBERS]
        if len(text_members) == 1 and child(path, text_members[0]) in leaves:
            candidates[path] = text_members[0]
    parent_of = {child(parent, name): parent for parent, names in members.items() for name in names}
    found: dict[str, str] = {}
    for path, text_member in candidates.items():
        parent = parent_of.get(path)
        siblings = [child(parent, name) for name in members[parent]] if parent is not None else [path]
        if 2 * sum(s in candidates for s in siblings) > len(siblings):
            found[path] = text_member
    return found


def messages(leaves: list[tuple[str, str, int]], members: dict[str, list[str]], *, arb: bool = False) -> Messages:
    """The messages of a parsed JSON file (`string_leaves` with its `members`), with their notes.

    `arb`: the file is Flutter ARB, where every `@key` is metadata (elsewhere only an `@key` beside a
    `key` is)."""
    by_key = {key: (string, offset) for key, string, offset in leaves}
    objects = _message_objects(by_key, members)
    result = Messages([])
    dropped: set[str] = set()
    notes: dict[str, list[str]] = {}
    root = members.get("", [])
    if set(root) == {"locale", "translations"} and "locale" in by_key:
        result.language, result.language_where = by_key["locale"][0], "the JSON key 'locale'"
        dropped.add("locale")
    for path, names in members.items():
        if path in objects:
            continue
        for name in names:
            if not name.startswith("@") or name.startswith("@:"):
                continue
            meta = child(path, name)
            if name.startswith("@@"):
                dropped.add(meta)
                if name == "@@locale" and not path and meta in by_key:
                    result.language, result.language_where = by_key[meta][0], "the ARB key '@@locale'"
            elif arb or name[1:] in names:
                dropped.add(meta)
                owner = child(path, name[1:])
                notes[owner] = [by_key[child(meta, n)][0] for n in _NOTE_MEMBERS if child(meta, n) in by_key]
    owner_of: dict[str, str] = {}

    def walk(path: str, owner: str | None) -> None:
        for name in members.get(path, ()):
            key = child(path, name)
            mine = owner or (_DROP if key in dropped else key if key in objects else None)
            if key in members:
                walk(key, mine)
            elif mine is not None:
                owner_of[key] = mine

    walk("", None)
    for key, string, offset in leaves:
        owner = owner_of.get(key)
        if owner is None:
            result.messages.append(Message(key, string, offset, _clean(notes.get(key, ()))))
        elif owner != _DROP and key == child(owner, objects[owner]):
            own_notes = [by_key[child(owner, n)][0] for n in _NOTE_MEMBERS if child(owner, n) in by_key]
            result.messages.append(Message(owner, string, offset, _clean(own_notes), _TEXT_MEMBERS[objects[owner]]))
    return result


def _clean(notes: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    return tuple(note for note in notes if note.strip())
