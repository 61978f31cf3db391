"""Fast inference over py3langid's model (byte n-gram naive Bayes): same answers, a fraction of the cost.

py3langid keeps its class table in float16, and numpy's fancy indexing and arithmetic on float16 are
slow: there every call spends most of its time there. Here only the rows a text uses are taken (then
converted), a candidate set gets its own float32 column slice, features are counted with a Counter, and
the DFA walk over the UTF-8 bytes is memoised per word. The walk and the length-tempered softmax are
py3langid's own method, so labels and confidences equal `LanguageIdentifier.classify` (tests compare).
"""

from __future__ import annotations

import array
import math
import threading
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from mtqa.util.memo import BoundedMemo

# Words whose walk is remembered (~450 bytes each, ~13 MB when full; then it starts again).
WORD_MEMO_SIZE = 30_000
_LOG1P = np.log1p(np.arange(256, dtype=np.float32))


@dataclass
class _Table:
    """Class scores for one candidate set: columns of the full table, their labels and priors."""

    labels: list[str]
    ptc: np.ndarray  # features x classes, C-contiguous: float16 for the whole set, float32 for a subset
    pc: np.ndarray  # classes, float32
    aliases: list[tuple[int, int]]  # (first, duplicate) columns of a label listed twice (srl -> sr)
    # A large subset keeps the full float16 table and these columns, taken from the rows a text uses:
    # copying 40 of 142 columns of all 100,000 rows to float32 costs ~40 ms in every process.
    cols: np.ndarray | None = None


# Subsets up to this many labels get their own float32 table (pairs: the common case, read most often).
MAX_COPIED_COLUMNS = 8


def _aliases(labels: Sequence[str]) -> list[tuple[int, int]]:
    first: dict[str, int] = {}
    pairs = []
    for i, label in enumerate(labels):
        if label in first:
            pairs.append((first[label], i))
        else:
            first[label] = i
    return pairs


class NaiveBayesLangid:
    """py3langid's model with float32 tables, one per candidate set (built on first use)."""

    def __init__(self, nextmove: Sequence[int], rowbase: Sequence[int], output: Sequence[int], labels: list[str],
                 ptc: np.ndarray, pc: np.ndarray) -> None:
        """`nextmove`, `rowbase` (row offsets, already times 256) and `output` are indexable int
        sequences (arrays, or memoryviews of a mapped cache file); `ptc` is features x classes, float16 as
        py3langid ships it (half the memory of float32; only the rows a text uses are converted)."""
        self._next = nextmove
        self._rowbase = rowbase
        self._output = output
        self._memo = BoundedMemo(WORD_MEMO_SIZE)  # (state, word, space follows) -> (state after, features)
        self._full = _Table(labels, ptc, pc, _aliases(labels))
        self.labels = list(dict.fromkeys(labels))
        self._tables: dict[tuple[str, ...], _Table] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_identifier(cls, identifier: Any) -> NaiveBayesLangid:
        """From a loaded `py3langid.langid.LanguageIdentifier`."""
        # Contiguous arrays rather than lists of int objects: fewer cache misses per byte.
        return cls(
            identifier.tk_nextmove,
            array.array("q", [r << 8 for r in identifier.tk_row]),
            array.array("i", identifier.tk_output),
            list(identifier.nb_classes),
            np.ascontiguousarray(identifier.nb_ptc, dtype=np.float16),
            np.asarray(identifier.nb_pc, dtype=np.float32),
        )

    @property
    def nextmove(self) -> Sequence[int]:
        return self._next

    @property
    def rowbase(self) -> Sequence[int]:
        return self._rowbase

    @property
    def output(self) -> Sequence[int]:
        return self._output

    def full_table(self) -> _Table:
        return self._full

    def _table(self, candidates: tuple[str, ...] | None) -> _Table:
        if candidates is None:
            return self._full
        table = self._tables.get(candidates)
        if table is None:
            with self._lock:
                wanted = set(candidates)
                cols = [i for i, label in enumerate(self._full.labels) if label in wanted]
                labels = [self._full.labels[i] for i in cols]
                if len(cols) <= MAX_COPIED_COLUMNS:
                    table = _Table(labels, np.ascontiguousarray(self._full.ptc[:, cols], dtype=np.float32),
                                   self._full.pc[cols].copy(), _aliases(labels))
                else:
                    table = _Table(labels, self._full.ptc, self._full.pc[cols].copy(), _aliases(labels),
                                   np.asarray(cols, dtype=np.intp))
                self._tables[candidates] = table
        return table

    def features(self, text: str) -> tuple[Counter[int], int]:
        """Feature counts of `text` and its length in bytes, as py3langid encodes it.

        The DFA walk is memoised per word: (state before the word, the word's bytes) gives the state
        after the word and its following space, and the features met on the way. The table is tens of
        megabytes, so a byte-by-byte walk is bound by memory latency; most words repeat."""
        if text.isupper():
            text = text.lower()
        data = unicodedata.normalize("NFC", text).encode("utf8", errors="surrogatepass")
        words = data.split(b" ")
        last = len(words) - 1
        memo = self._memo
        found: list[int] = []
        state = 0
        for i, word in enumerate(words):
            key = (state, word, i < last)
            step = memo.get(key)
            if step is None:
                step = memo.remember(key, self._walk(state, word + b" " if i < last else word))
            state = step[0]
            found.extend(step[1])
        return Counter(found), len(data)

    def _walk(self, state: int, data: bytes) -> tuple[int, array.array[int]]:
        nextmove, rowbase, output = self._next, self._rowbase, self._output
        found = array.array("i")  # compact: a memo entry costs ~200 bytes, not one int object per feature
        for byte in data:
            state = nextmove[rowbase[state] + byte]
            feature = output[state]
            if feature >= 0:
                found.append(feature)
        return state, found

    def classify(self, text: str, candidates: tuple[str, ...] | None = None) -> tuple[str, float] | None:
        """(label, probability) among `candidates` (model labels; None = all), or None without features."""
        counts, size = self.features(text)
        if not counts:
            return None
        table = self._table(candidates)
        ids = np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))
        repeats = np.fromiter(counts.values(), dtype=np.intp, count=len(counts))
        weights = _LOG1P.take(repeats) if repeats.max() < len(_LOG1P) else np.log1p(repeats.astype(np.float32))
        # take() then convert: numpy's fancy indexing of float16 rows is several times slower.
        rows = table.ptc.take(ids, axis=0)
        if table.cols is not None:
            rows = rows.take(table.cols, axis=1)
        scores = weights @ (rows if rows.dtype == np.float32 else rows.astype(np.float32)) + table.pc
        scores *= 1.0 / math.sqrt(size or 1)
        np.exp(scores - scores.max(), out=scores)
        scores /= scores.sum()
        for first, duplicate in table.aliases:
            scores[first] += scores[duplicate]
            scores[duplicate] = 0.0
        best = int(scores.argmax())
        return table.labels[best], float(scores[best])
