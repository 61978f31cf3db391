"""Shared helpers of the benchmarks: find ../shared/data and read real sentences from it, in place.

Nothing here is copied into the repository: the data sets keep their own licences. A git worktree
(wt/NAME) sits one level deeper than the main checkout, so the folder is searched for upwards.
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def shared_data() -> Path:
    """The shared data folder: $MTQA_SHARED_DATA, else the nearest ../shared/data above the repository."""
    env = os.environ.get("MTQA_SHARED_DATA")
    if env:
        path = Path(env)
    else:
        found = (p / "shared" / "data" for p in REPO.parents if (p / "shared" / "data").is_dir())
        path = next(found, REPO.parent / "shared" / "data")
    if not path.is_dir():
        raise SystemExit(f"benchmarks: shared data not found at {path} (set MTQA_SHARED_DATA)")
    return path


@dataclass(frozen=True)
class Sentence:
    target: str
    lang: str
    source: str | None = None


def _lines(path: Path) -> list[str]:
    # Split on "\n" only: a few Leipzig lines hold U+0085, which str.splitlines() would break at.
    return [line.strip() for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def real_sentences(languages: set[str] | None = None) -> list[Sentence]:
    """Clean real sentences: Leipzig and UD one-sentence-per-line files, and DEMETR's English MT
    targets with their sources. `languages` keeps only those target languages."""
    data = shared_data()
    out: list[Sentence] = []
    for folder in (data / "lid" / "leipzig" / "sentences", data / "lid" / "ud" / "sentences"):
        for path in sorted(folder.glob("*.txt")):
            if languages is None or path.stem in languages:
                out.extend(Sentence(line, path.stem) for line in _lines(path))
    demetr = data / "demetr" / "base_id35_reference.jsonl"
    if demetr.is_file() and (languages is None or "en" in languages):
        for line in demetr.read_text(encoding="utf-8").split("\n"):
            if line.strip():
                record = json.loads(line)
                out.append(Sentence(record["mt_sent"], "en", record["src_sent"]))
    if not out:
        raise SystemExit(f"benchmarks: no sentences found under {data}")
    return out


def repeated(sentences: list[Sentence], count: int) -> Iterator[Sentence]:
    """`count` sentences, cycling through the list (real text, repeated to reach a corpus size)."""
    return itertools.islice(itertools.cycle(sentences), count)


def paragraph_text(languages: set[str], sentences_per_paragraph: int = 5) -> str:
    """Real sentences of `languages` joined into paragraphs separated by blank lines."""
    lines = [s.target for s in real_sentences(languages)]
    blocks = [" ".join(lines[i : i + sentences_per_paragraph]) for i in range(0, len(lines), sentences_per_paragraph)]
    return "\n\n".join(blocks) + "\n\n"
