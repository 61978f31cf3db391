"""A reproducibility signature for every report, in the spirit of sacrebleu's."""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from collections.abc import Iterable
from pathlib import Path

from mtqa.text.sentences import SEGMENTER_NAME
from mtqa.util.datafiles import builtin_pack_dir
from mtqa.version import __version__


@functools.lru_cache(maxsize=1)
def builtin_packs_version() -> str:
    """A short content hash of every built-in data file: it changes whenever the language data does."""
    digest = hashlib.sha1()
    root = builtin_pack_dir()
    for path in sorted(root.rglob("*.toml")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:8]


def file_version(path: str) -> str:
    return hashlib.sha1(Path(path).read_bytes()).hexdigest()[:8]


def _installed_version(distribution: str) -> str | None:
    """The version of an installed distribution, read from its *.dist-info folder name on sys.path;
    `importlib.metadata` (whose import alone costs ~0.1 s) only when that finds nothing."""
    prefix = distribution.lower().replace("-", "_") + "-"
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info") and name.lower().startswith(prefix):
                return name[len(prefix) : -len(".dist-info")]
    from importlib import metadata

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


@functools.lru_cache(maxsize=8)
def lid_backend_version(backend: str) -> str:
    package = {"py3langid": "py3langid", "langdetect": "langdetect", "lingua": "lingua-language-detector"}
    version = _installed_version(package.get(backend, backend))
    return f"{backend}-{version}" if version else f"{backend}-missing"


def make_signature(
    *,
    source_lang: str | None,
    target_lang: str | None,
    check_codes: Iterable[str],
    lid_backend: str,
    user_packs: Iterable[str] = (),
    extra: Iterable[tuple[str, str]] = (),
) -> str:
    packs = [f"builtin@{builtin_packs_version()}"] + [f"{Path(p).name}@{file_version(p)}" for p in user_packs]
    fields = [
        ("mtqa", __version__),
        ("pair", f"{source_lang or 'xx'}-{target_lang or 'xx'}"),
        ("checks", "+".join(sorted(check_codes)) or "none"),
        ("packs", "+".join(packs)),
        ("lid", lid_backend_version(lid_backend)),
        ("seg", SEGMENTER_NAME),
        *extra,
    ]
    return "|".join(f"{key}:{value}" for key, value in fields)
