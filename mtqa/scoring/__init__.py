"""Scores: COMET (native torch inference or unbabel-comet), sacrebleu metrics, an MQM-style score.

Importing this package is cheap: torch and transformers load only when `load_scorer` is called.

May import: errors, model
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mtqa.errors import MissingDependencyError
from mtqa.scoring.results import ErrorSpan, Scorer, ScoreResult, Segment

if TYPE_CHECKING:
    from mtqa.scoring.comet import NativeScorer, UnbabelScorer

__all__ = ["ErrorSpan", "ScoreResult", "Scorer", "Segment", "load_scorer"]


def load_scorer(model: str, **options: Any) -> NativeScorer | UnbabelScorer:
    """Load a COMET model and return a scorer: ``scorer.score([{"src", "mt", "ref"?}, ...])``.

    `model` is a hub name (``Unbabel/wmt22-cometkiwi-da``, looked up in the local hub cache), a model
    folder or a ``.ckpt`` path. Loading is offline unless ``offline=False``. Loaded models are kept for
    the process. Options (engine, device, batch_size, threads, bf16, cache_dir, offline, hub_cache,
    encoder_dir) are those of `mtqa.scoring.comet.load_scorer`; this wrapper only defers the torch import
    and turns a missing extra into a clear error.
    """
    try:
        from mtqa.scoring import comet
    except ImportError as exc:
        missing = (exc.name or "torch").split(".")[0]
        raise MissingDependencyError("COMET scoring", "comet", missing) from None
    return comet.load_scorer(model, **options)
