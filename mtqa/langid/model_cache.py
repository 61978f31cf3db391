"""py3langid's model decompressed once into the user cache, then mapped read-only by every process.

py3langid ships its model xz-compressed: decompressing it costs ~0.7 s in every process (each --jobs
worker too). The arrays `NaiveBayesLangid` needs are written here as raw files under
`cache_dir()/langid/<model key>/` (written atomically; a folder that cannot be written just means the
slow load every time) and later mapped: loading takes milliseconds and the pages are shared by all
processes of the machine.
"""

from __future__ import annotations

import array
import importlib.util
import json
from pathlib import Path
from typing import Any

from mtqa.langid.naive_bayes import NaiveBayesLangid
from mtqa.util.cache import cache_dir, map_read_only, write_atomically

FORMAT = 3
# name -> memoryview format of the raw file (native byte order: the cache belongs to this machine; ptc
# holds little-endian float16 values, whatever the machine).
_ARRAYS = {"nextmove": "I", "rowbase": "q", "output": "i", "ptc": "B", "pc": "f"}


def _model_key(model_file: Path) -> str:
    stat = model_file.stat()
    return f"py3langid-v{FORMAT}-{stat.st_size}-{stat.st_mtime_ns}"


def _folder(model_file: Path, root: Path | None) -> Path:
    return (root or cache_dir()) / "langid" / _model_key(model_file)


def load_cached(folder: Path) -> NaiveBayesLangid | None:
    """The model from a cache folder, or None when it is missing or incomplete."""
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        mapped = {name: map_read_only(folder / f"{name}.bin") for name in _ARRAYS}
        if any(m is None for m in mapped.values()):
            return None
        views = {name: memoryview(m).cast(_ARRAYS[name]) for name, m in mapped.items()}  # type: ignore[arg-type]
    except (OSError, ValueError, TypeError):
        return None
    labels, rows = meta.get("labels"), meta.get("features")
    if meta.get("format") != FORMAT or not isinstance(labels, list) or not isinstance(rows, int):
        return None
    if len(views["ptc"]) != 2 * rows * len(labels) or len(views["pc"]) != len(labels):
        return None
    return NaiveBayesLangid(views["nextmove"], views["rowbase"], views["output"], labels, views["ptc"],
                            views["pc"].tolist())


def save(model: NaiveBayesLangid, folder: Path) -> bool:
    """Write `model`'s arrays into `folder`, each file atomically and meta.json last; False on failure."""
    arrays: dict[str, Any] = {
        "nextmove": model.nextmove, "rowbase": model.rowbase, "output": model.output,
        "ptc": model.ptc, "pc": array.array("f", model.pc),
    }
    for name, values in arrays.items():
        data = values.tobytes() if hasattr(values, "tobytes") else bytes(values)
        if not write_atomically(folder / f"{name}.bin", data):
            return False
    meta = {"format": FORMAT, "labels": model.all_labels, "features": model.features_count}
    return write_atomically(folder / "meta.json", json.dumps(meta).encode("utf-8"))


def model_file() -> Path | None:
    """py3langid's compressed model, found without importing py3langid (that import alone costs ~0.3 s)."""
    spec = importlib.util.find_spec("py3langid")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "model.npz.xz"
    return path if path.is_file() else None


def load_py3langid(root: Path | None = None) -> NaiveBayesLangid:
    """py3langid's model: mapped from the cache when it is there, else decompressed (and cached)."""
    found = model_file()
    folder = _folder(found, root) if found is not None else None
    cached = load_cached(folder) if folder is not None else None
    if cached is not None:
        return cached
    from py3langid import langid

    model = NaiveBayesLangid.from_identifier(langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE))
    if folder is None:
        return model
    if save(model, folder):
        mapped = load_cached(folder)
        if mapped is not None:
            return mapped  # the mapped copy: its pages are shared with other processes
    return model
