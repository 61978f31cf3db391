"""An optional on-disk cache of segment scores, keyed by (model hash, src, mt, ref)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from mtqa.scoring.results import ErrorSpan, Segment

_SCHEMA = "CREATE TABLE IF NOT EXISTS scores (key TEXT PRIMARY KEY, score REAL NOT NULL, spans TEXT)"


def segment_key(model_hash: str, segment: Segment) -> str:
    parts = [model_hash, segment.get("src"), segment.get("mt"), segment.get("ref")]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()


class ScoreCache:
    """SQLite file `<cache_dir>/comet-scores.sqlite`; safe to share between runs, one writer at a time."""

    def __init__(self, cache_dir: str | Path) -> None:
        path = Path(cache_dir)
        path.mkdir(parents=True, exist_ok=True)
        self.path = path / "comet-scores.sqlite"
        self._db = sqlite3.connect(self.path)
        self._db.execute(_SCHEMA)

    def get(self, keys: Sequence[str]) -> dict[str, tuple[float, list[ErrorSpan] | None]]:
        found: dict[str, tuple[float, list[ErrorSpan] | None]] = {}
        for start in range(0, len(keys), 500):
            chunk = list(keys[start : start + 500])
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(f"SELECT key, score, spans FROM scores WHERE key IN ({marks})", chunk)
            for key, score, spans in rows:
                decoded = None if spans is None else [ErrorSpan(**s) for s in json.loads(spans)]
                found[key] = (score, decoded)
        return found

    def put(self, items: Sequence[tuple[str, float, list[ErrorSpan] | None]]) -> None:
        rows = [
            (
                key,
                score,
                None if spans is None else json.dumps([asdict(s) for s in spans], ensure_ascii=False),
            )
            for key, score, spans in items
        ]
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO scores VALUES (?, ?, ?)", rows)

    def close(self) -> None:
        self._db.close()
