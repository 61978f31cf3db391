"""A reproducibility signature for every report, in the spirit of sacrebleu's."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from pathlib import Path

from mtqa import __version__
from mtqa.datafiles import builtin_pack_dir
from mtqa.sentences import SEGMENTER_NAME


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


@functools.lru_cache(maxsize=8)
def lid_backend_version(backend: str) -> str:
    from importlib import metadata

    package = {"py3langid": "py3langid", "langdetect": "langdetect", "lingua": "lingua-language-detector"}
    try:
        return f"{backend}-{metadata.version(package.get(backend, backend))}"
    except metadata.PackageNotFoundError:
        return f"{backend}-missing"


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
