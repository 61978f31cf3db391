"""Find a COMET checkpoint and its encoder files on disk, offline by default (no heavy imports).

A model is named by a local folder (holding ``hparams.yaml`` and ``checkpoints/model.ckpt``), by a path
to a ``.ckpt`` file, or by a Hugging Face hub name (``Unbabel/wmt22-comet-da``) looked up in the local hub
cache. Nothing here touches the network unless ``offline=False`` is passed and the cache misses.
"""

from __future__ import annotations

import hashlib
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mtqa.errors import MtqaError

CHECKPOINT = Path("checkpoints") / "model.ckpt"
ENCODER_FILES = (
    "config.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "sentencepiece.bpe.model",
)
NONCOMMERCIAL = ("cometkiwi", "xcomet")


class ModelNotFoundError(MtqaError):
    """A COMET model (or its encoder files) cannot be found locally."""


@dataclass(frozen=True)
class ModelFiles:
    """Where a COMET model's files are: the checkpoint, its hparams and the encoder folder."""

    name: str
    checkpoint: Path
    hparams: dict[str, Any] = field(hash=False)
    encoder_dir: Path

    @property
    def class_identifier(self) -> str:
        return str(self.hparams.get("class_identifier", ""))

    @property
    def noncommercial(self) -> bool:
        lowered = f"{self.name} {self.checkpoint}".lower()
        return self.class_identifier == "xcomet_metric" or any(t in lowered for t in NONCOMMERCIAL)


def hub_cache_dir(cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """The Hugging Face hub cache: `cache_dir`, else HF_HUB_CACHE, else HF_HOME/hub, else ~/.cache."""
    if cache_dir:
        return Path(cache_dir)
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"])
    home = os.environ.get("HF_HOME") or Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / (
        "huggingface"
    )
    return Path(home) / "hub"


def _cached_snapshot(repo_id: str, cache: Path, needed: str) -> Path | None:
    """The snapshot folder of `repo_id` in the hub cache that holds `needed`, or None."""
    repo = cache / ("models--" + repo_id.replace("/", "--"))
    snapshots = repo / "snapshots"
    if not snapshots.is_dir():
        return None
    candidates: list[Path] = []
    ref = repo / "refs" / "main"
    if ref.is_file():
        candidates.append(snapshots / ref.read_text().strip())
    candidates += sorted(
        (p for p in snapshots.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True
    )
    for snap in candidates:
        if (snap / needed).exists():
            return snap
    return None


def _download(repo_id: str, cache: Path, patterns: list[str] | None) -> Path:
    try:
        from huggingface_hub import snapshot_download
    except ImportError:  # pragma: no cover - huggingface_hub comes with transformers
        from mtqa.errors import MissingDependencyError

        raise MissingDependencyError("downloading a COMET model", "comet", "huggingface_hub") from None
    try:
        return Path(snapshot_download(repo_id=repo_id, cache_dir=str(cache), allow_patterns=patterns))
    except Exception as exc:  # noqa: BLE001 - the hub raises many types; one message is enough
        raise ModelNotFoundError(f"cannot download COMET model '{repo_id}': {exc}") from None


def _offline_miss(what: str, repo_id: str, cache: Path) -> ModelNotFoundError:
    return ModelNotFoundError(
        f"{what} '{repo_id}' is not in the local Hugging Face cache ({cache}) and mtqa loads models "
        "offline: download it once (huggingface-cli download " + repo_id + "), pass a local folder, "
        "or allow downloads (--comet-download)"
    )


def _hub_id(spec: str) -> str:
    return spec if "/" in spec else f"Unbabel/{spec}"


def _looks_like_path(spec: str) -> bool:
    return spec.startswith((".", "/", "~")) or spec.endswith(".ckpt") or spec.count("/") > 1


def read_hparams(model_dir: Path) -> dict[str, Any]:
    import yaml

    path = model_dir / "hparams.yaml"
    if not path.is_file():
        raise ModelNotFoundError(
            f"{model_dir}: no hparams.yaml beside checkpoints/ (not a COMET model folder)"
        )
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    if not isinstance(data, dict):
        raise ModelNotFoundError(f"{path}: not a mapping")
    return data


def locate_checkpoint(
    spec: str, *, offline: bool = True, cache_dir: str | os.PathLike[str] | None = None
) -> tuple[str, Path]:
    """(display name, checkpoint path) for a folder, a .ckpt path or a hub name."""
    path = Path(spec).expanduser()
    if path.is_file():
        return spec, path.resolve()
    if path.is_dir():
        ckpt = path / CHECKPOINT
        if not ckpt.is_file():
            raise ModelNotFoundError(f"{spec}: no {CHECKPOINT} in this folder (not a COMET model folder)")
        return spec, ckpt.resolve()
    if _looks_like_path(spec):
        raise ModelNotFoundError(f"{spec}: no such COMET model file or folder")
    repo_id = _hub_id(spec)
    cache = hub_cache_dir(cache_dir)
    snap = _cached_snapshot(repo_id, cache, str(CHECKPOINT))
    if snap is None:
        if offline:
            raise _offline_miss("COMET model", repo_id, cache)
        snap = _download(repo_id, cache, None)
    return repo_id, snap / CHECKPOINT


def locate_encoder(
    pretrained: str, model_dir: Path, *, offline: bool = True, cache_dir: str | os.PathLike[str] | None = None
) -> Path:
    """The folder with the encoder's config.json and tokenizer (COMET's `pretrained_model`)."""
    for candidate in (Path(pretrained).expanduser(), model_dir / pretrained):
        if (candidate / "config.json").is_file():
            return candidate.resolve()
    cache = hub_cache_dir(cache_dir)
    snap = _cached_snapshot(pretrained, cache, "config.json")
    if snap is None:
        if offline:
            raise _offline_miss("COMET encoder (config and tokenizer)", pretrained, cache)
        snap = _download(pretrained, cache, list(ENCODER_FILES))
    return snap


def resolve_model(
    spec: str,
    *,
    offline: bool = True,
    cache_dir: str | os.PathLike[str] | None = None,
    encoder_dir: str | os.PathLike[str] | None = None,
) -> ModelFiles:
    """Find everything needed to load `spec` without touching the network (unless offline=False)."""
    name, ckpt = locate_checkpoint(spec, offline=offline, cache_dir=cache_dir)
    model_dir = ckpt.parent.parent
    hparams = read_hparams(model_dir)
    if encoder_dir is not None:
        enc = Path(encoder_dir)
        if not (enc / "config.json").is_file():
            raise ModelNotFoundError(f"{enc}: no config.json (not an encoder folder)")
    else:
        pretrained = str(hparams.get("pretrained_model") or "")
        if not pretrained:
            raise ModelNotFoundError(f"{model_dir / 'hparams.yaml'}: no pretrained_model")
        enc = locate_encoder(pretrained, model_dir, offline=offline, cache_dir=cache_dir)
    return ModelFiles(name=name, checkpoint=ckpt, hparams=hparams, encoder_dir=enc)


_HASHES: dict[tuple[str, int, int], str] = {}


def file_hash(path: Path) -> str:
    """sha256 of a file, remembered per (path, size, mtime) for the process."""
    st = path.stat()
    key = (str(path), st.st_size, st.st_mtime_ns)
    if key not in _HASHES:
        digest = hashlib.sha256()
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        _HASHES[key] = digest.hexdigest()
    return _HASHES[key]


_NOTICED: set[str] = set()


def licence_notice(files: ModelFiles) -> None:
    """Print the non-commercial licence notice of CometKiwi/XCOMET once per model and process."""
    if not files.noncommercial or files.name in _NOTICED:
        return
    _NOTICED.add(files.name)
    print(
        f"mtqa: note: COMET model '{files.name}' is licensed CC BY-NC-SA 4.0: non-commercial use only "
        "(see its model card)",
        file=sys.stderr,
    )
