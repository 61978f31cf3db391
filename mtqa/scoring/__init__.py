"""Scores: COMET (native torch inference or unbabel-comet), sacrebleu metrics, an MQM-style score.

Importing this package is cheap: torch and transformers load only when `load_scorer` is called.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mtqa.errors import MissingDependencyError
from mtqa.scoring.results import ErrorSpan, Scorer, ScoreResult, Segment

if TYPE_CHECKING:
    from mtqa.scoring.comet import NativeScorer, UnbabelScorer

__all__ = ["ErrorSpan", "ScoreResult", "Scorer", "Segment", "load_scorer"]


def load_scorer(
    model: str,
    *,
    engine: str = "native",
    device: str = "cpu",
    batch_size: int = 16,
    threads: int | None = None,
    bf16: bool = False,
    cache_dir: str | Path | None = None,
    offline: bool = True,
    hub_cache: str | Path | None = None,
    encoder_dir: str | Path | None = None,
) -> NativeScorer | UnbabelScorer:
    """Load a COMET model and return a scorer: ``scorer.score([{"src", "mt", "ref"?}, ...])``.

    `model` is a hub name (``Unbabel/wmt22-cometkiwi-da``, looked up in the local hub cache), a model
    folder or a ``.ckpt`` path. Loading is offline unless ``offline=False``. Loaded models are kept for
    the process. `cache_dir` turns on an on-disk score cache keyed by (model hash, src, mt, ref).
    """
    try:
        from mtqa.scoring import comet
    except ImportError as exc:
        missing = (exc.name or "torch").split(".")[0]
        raise MissingDependencyError("COMET scoring", "comet", missing) from None
    return comet.load_scorer(
        model,
        engine=engine,
        device=device,
        batch_size=batch_size,
        threads=threads,
        bf16=bf16,
        cache_dir=cache_dir,
        offline=offline,
        hub_cache=hub_cache,
        encoder_dir=encoder_dir,
    )
