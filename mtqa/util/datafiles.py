"""Strict reading of the TOML data files that hold mtqa's language knowledge."""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from mtqa.errors import PackError
from mtqa.util.langtags import is_tag

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

PACKS_ROOT = "packs"


def load_toml(path: str | Path) -> dict[str, Any]:
    """Parse a TOML file, turning every failure into a `PackError` that names the file."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise PackError(str(path), "file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise PackError(str(path), f"invalid TOML: {exc}") from None
    except OSError as exc:
        raise PackError(str(path), f"cannot read: {exc.strerror or exc}") from None


def check_keys(
    table: Mapping[str, Any],
    *,
    allowed: Iterable[str],
    required: Iterable[str] = (),
    path: str,
    entry: str | None = None,
) -> None:
    """Reject unknown keys and missing required keys, naming the file and entry."""
    allowed_set = set(allowed)
    unknown = sorted(set(table) - allowed_set)
    if unknown:
        raise PackError(path, f"unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed_set))}", entry)
    missing = [key for key in required if key not in table]
    if missing:
        raise PackError(path, f"missing key(s) {', '.join(missing)}", entry)


def builtin_pack_dir() -> Path:
    return Path(str(resources.files("mtqa") / PACKS_ROOT))


# The folder and file names of built-in data: language codes and plain words, never a path.
_DATA_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,40}")


@functools.lru_cache(maxsize=512)
def builtin_data(folder: str, name: str) -> dict[str, Any] | None:
    """The parsed built-in data file `packs/<folder>/<name>.toml`, or None when there is none.

    `folder` is often a language code, which may come from a scanned file: anything that is not a plain
    lower-case name (a path, `..`, a 300-character string) has no data, and nothing is read for it."""
    if not (_DATA_NAME.fullmatch(folder) and _DATA_NAME.fullmatch(name)):
        return None
    path = builtin_pack_dir() / folder / f"{name}.toml"
    if not path.is_file():
        return None
    return load_toml(path)


@functools.lru_cache(maxsize=1024)
def base_language(lang: str | None) -> str | None:
    """'fr-CA' -> 'fr', 'pt_BR' -> 'pt'; None, and anything that is not a language tag, give None."""
    if not lang or not is_tag(lang):
        return None
    return lang.strip().replace("_", "-").split("-")[0].lower()
