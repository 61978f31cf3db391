"""Walking folders and expanding glob patterns without ever leaving what the user named.

A scanned repository may hold anything a contributor committed: links to folders above it (a loop that
`glob('**')` follows for ever), links to files elsewhere on the machine (`notes.txt -> ~/.ssh/id_rsa`,
whose text would end up in a CI log as excerpts), FIFOs that block the first read, device files. So:
folder links are never followed; a linked file is read only when it resolves inside the folder being
walked; only plain files are returned; and a subfolder that cannot be listed is an `InputError` rather
than a silent gap. Files named one by one on the command line are not walked, and always read.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterator

from mtqa.errors import InputError
from mtqa.util.io import problem

_GLOB_CHARS = frozenset("*?[")


def _inside(path: str, real_root: str) -> bool:
    real = os.path.realpath(path)
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def plain_file(path: str, real_root: str) -> bool:
    """A plain file, or a link to a plain file inside `real_root` (not a FIFO, device or socket)."""
    try:
        st = os.lstat(path)
        if stat.S_ISLNK(st.st_mode):
            return stat.S_ISREG(os.stat(path).st_mode) and _inside(path, real_root)
    except (OSError, ValueError):
        return False
    return stat.S_ISREG(st.st_mode)


def _unreadable(exc: OSError) -> None:
    where = os.fsdecode(exc.filename) if exc.filename is not None else "folder"
    raise InputError(where, f"cannot read this folder: {problem(exc)}")


def walk(root: str, skip_dir: Callable[[str, str], bool], *, max_depth: int | None = None,
         folders: bool = False) -> Iterator[tuple[str, str]]:
    """(path, path relative to `root` with forward slashes) of the plain files under `root`, sorted by
    folder; with `folders`, the subfolders too. `skip_dir(name, relative path)` prunes folders; links
    to folders are never entered, and the walk stops `max_depth` levels down."""
    real_root = os.path.realpath(root)
    for folder, dirs, files in os.walk(root, onerror=_unreadable):
        rel = os.path.relpath(folder, root).replace(os.sep, "/")
        prefix = "" if rel == "." else rel + "/"
        depth = 0 if rel == "." else rel.count("/") + 1
        kept = sorted(d for d in dirs
                      if not os.path.islink(os.path.join(folder, d)) and not skip_dir(d, prefix + d))
        dirs[:] = kept if max_depth is None or depth + 1 < max_depth else []
        if folders:
            for name in kept:
                yield os.path.join(folder, name), prefix + name
        for name in sorted(files):
            path = os.path.join(folder, name)
            if plain_file(path, real_root):
                yield path, prefix + name


def is_glob(path: str) -> bool:
    return any(char in _GLOB_CHARS for char in path)


def _component(pattern: str) -> str:
    """One path component of a shell pattern as a regular expression (a leading dot is never implied)."""
    out = [] if pattern.startswith(".") else [r"(?!\.)"]
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            end = pattern.find("]", i + 2 if pattern[i + 1 : i + 2] in ("!", "]") else i + 1)
            if end == -1:
                out.append(r"\[")
            else:
                body = re.sub(r"([\\\[&~|^])", r"\\\1", pattern[i + 1 : end])
                out.append(f"[^{body[1:]}]" if body.startswith("!") else f"[{body}]")
                i = end
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out)


def glob(pattern: str) -> list[str]:
    """What `glob.glob(pattern, recursive=True)` returns (files and folders, `**` for any depth, hidden
    names only when the pattern spells the dot), found by a `walk` that follows no folder link."""
    parts = pattern.replace(os.sep, "/").split("/")
    fixed = 0
    while fixed < len(parts) - 1 and not is_glob(parts[fixed]):
        fixed += 1
    base = "/".join(parts[:fixed]) if fixed else ""
    if pattern.startswith("/") and not base:
        base = "/"
    rest = [p for p in parts[fixed:] if p]
    if not rest:
        return [pattern] if os.path.exists(pattern) else []
    pieces = []
    for index, part in enumerate(rest):
        last = index == len(rest) - 1
        if part == "**":
            pieces.append(r"(?:(?!\.)[^/]+(?:/(?!\.)[^/]+)*)?" if last else r"(?:(?!\.)[^/]+/)*")
        else:
            pieces.append(_component(part) + ("" if last else "/"))
    regex = re.compile("".join(pieces), re.DOTALL)
    root = base or "."
    if not os.path.isdir(root):
        return []
    depth = None if "**" in rest else len(rest)
    spelled_hidden = any(p.startswith(".") for p in rest)
    found = []
    for path, rel in walk(root, lambda name, _rel: name.startswith(".") and not spelled_hidden,
                          max_depth=depth, folders=True):
        if regex.fullmatch(rel):
            found.append(path if base else rel)
    return sorted(found)
