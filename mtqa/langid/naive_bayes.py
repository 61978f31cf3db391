"""Fast inference over py3langid's model (byte n-gram naive Bayes): same answers, a fraction of the cost.

py3langid keeps its class table in float16, and numpy's fancy indexing and arithmetic on float16 are
slow: there every call spends most of its time there. Here only the rows a text uses are read (then
converted), a candidate set gets its own column slice, features are counted with a Counter, and the DFA
walk over the UTF-8 bytes is memoised per word. The walk and the length-tempered softmax are
py3langid's own method, so labels equal `LanguageIdentifier.classify`'s and confidences agree to 1e-5
(tests compare).

Scores are summed in float64, one feature after the other, in pure Python for a process's first
classifications and with numpy after that: numpy's import (~0.1 s) would be most of a short scan's
start-up. Both paths add the same float64 products in the same order, so they answer bit for bit the
same (a test compares them); the softmax is computed in Python either way.
"""

from __future__ import annotations

import array
import functools
import math
import struct
import threading
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mtqa.util.memo import BoundedMemo

# Words whose walk is remembered (~450 bytes each, ~13 MB when full; then it starts again).
WORD_MEMO_SIZE = 30_000
_LOG1P = tuple(math.log1p(count) for count in range(256))
# Feature x class products the pure-Python path computes before numpy takes over: ~40 ns each, so these
# cost about what numpy's import does (~0.1 s). A short scan never imports numpy.
PYTHON_PRODUCTS = 2_000_000


@dataclass
class _Table:
    """Class scores for one candidate set: its columns of the full table, their labels and priors."""

    labels: list[str]
    cols: list[int]
    pc: list[float]
    aliases: list[tuple[int, int]]  # (first, duplicate) columns of a label listed twice (srl -> sr)
    # numpy's copy of the columns (features x classes, float64), made once numpy runs the sums: a small
    # set gets its own; a large one reads the full float16 table (copying 40 of 142 columns of all
    # 100,000 rows costs ~40 ms in every process).
    ptc: Any = None
    np_cols: Any = None
    np_ready: bool = False


# Subsets up to this many labels get their own float64 table (pairs: the common case, read most often).
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


@functools.cache
def _columns_reader(cols: tuple[int, ...]) -> struct.Struct:
    """Reads the float16 values of columns `cols` (ascending) of a row, skipping the others as padding."""
    parts, last = [], -1
    for col in cols:
        parts.append(f"{2 * (col - last - 1)}xe" if col > last + 1 else "e")
        last = col
    return struct.Struct("<" + "".join(parts))


@functools.cache
def _summer(classes: int) -> Any:
    """A function that adds weight x value, feature after feature, into one running total per class, each a
    local variable (twice as fast as a list of totals): `sums(read, table, row_length, ids, weights)`."""
    totals = [f"t{i}" for i in range(classes)]
    values = [f"v{i}" for i in range(classes)]
    lines = [
        "def sums(read, table, row_length, ids, weights):",
        f"    {' = '.join(totals)} = 0.0",
        "    for feature, weight in zip(ids, weights):",
        f"        {', '.join(values)}, = read(table, 2 * feature * row_length)",
        *(f"        {total} += weight * {value}" for total, value in zip(totals, values, strict=True)),
        f"    return [{', '.join(totals)}]",
    ]
    namespace: dict[str, Any] = {}
    exec("\n".join(lines), namespace)  # noqa: S102 - code made of the names above, nothing from outside
    return namespace["sums"]


class NaiveBayesLangid:
    """py3langid's model, one column table per candidate set (built on first use)."""

    def __init__(self, nextmove: Sequence[int], rowbase: Sequence[int], output: Sequence[int], labels: list[str],
                 ptc: Any, pc: Sequence[float]) -> None:
        """`nextmove`, `rowbase` (row offsets, already times 256) and `output` are indexable int
        sequences (arrays, or memoryviews of a mapped cache file); `ptc` is the features x classes table
        as little-endian float16 bytes, as py3langid ships it (half the memory of float32; only the rows
        a text uses are converted); `pc` the class priors."""
        self._next = nextmove
        self._rowbase = rowbase
        self._output = output
        self._memo = BoundedMemo(WORD_MEMO_SIZE)  # (state, word, space follows) -> (state after, features)
        self._ptc = memoryview(ptc).cast("B")
        self._classes = len(labels)
        self._pc = [float(p) for p in pc]
        self._full = _Table(list(labels), list(range(len(labels))), self._pc, _aliases(labels))
        self.labels = list(dict.fromkeys(labels))
        self._tables: dict[tuple[str, ...], _Table] = {}
        self._lock = threading.Lock()
        self._products = 0  # computed in pure Python so far
        self._np: Any = None  # numpy, once it runs the sums
        self._np_ptc: Any = None

    @classmethod
    def from_identifier(cls, identifier: Any) -> NaiveBayesLangid:
        """From a loaded `py3langid.langid.LanguageIdentifier`."""
        import numpy as np

        # Contiguous arrays rather than lists of int objects: fewer cache misses per byte.
        return cls(
            identifier.tk_nextmove,
            array.array("q", [r << 8 for r in identifier.tk_row]),
            array.array("i", identifier.tk_output),
            list(identifier.nb_classes),
            np.ascontiguousarray(identifier.nb_ptc, dtype="<f2").tobytes(),
            [float(p) for p in identifier.nb_pc],
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

    @property
    def ptc(self) -> memoryview:
        """The features x classes table: little-endian float16 bytes."""
        return self._ptc

    @property
    def pc(self) -> list[float]:
        return self._pc

    @property
    def all_labels(self) -> list[str]:
        """The label of each column of the table (a label may be listed twice)."""
        return self._full.labels

    @property
    def features_count(self) -> int:
        return len(self._ptc) // (2 * self._classes)

    def _table(self, candidates: tuple[str, ...] | None) -> _Table:
        if candidates is None:
            return self._full
        table = self._tables.get(candidates)
        if table is None:
            with self._lock:
                wanted = set(candidates)
                cols = [i for i, label in enumerate(self._full.labels) if label in wanted]
                labels = [self._full.labels[i] for i in cols]
                table = _Table(labels, cols, [self._pc[i] for i in cols], _aliases(labels))
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
        log1p = _LOG1P
        weights = [log1p[n] if n < 256 else math.log1p(n) for n in counts.values()]
        products = len(weights) * len(table.cols)
        if self._np is None and self._products + products <= PYTHON_PRODUCTS:
            self._products += products
            sums = self._python_sums(list(counts), weights, table)
        else:
            sums = self._numpy_sums(list(counts), weights, table)
        scale = 1.0 / math.sqrt(size or 1)
        scores = [(total + prior) * scale for total, prior in zip(sums, table.pc, strict=True)]
        top = max(scores)
        exps = [math.exp(score - top) for score in scores]
        total = sum(exps)
        probs = [value / total for value in exps]
        for first, duplicate in table.aliases:
            probs[first] += probs[duplicate]
            probs[duplicate] = 0.0
        best = max(range(len(probs)), key=probs.__getitem__)  # the first of equals, as numpy's argmax
        return table.labels[best], probs[best]

    def _python_sums(self, ids: list[int], weights: list[float], table: _Table) -> list[float]:
        """Sum over the features of weight x table value, per class, in feature order (float64)."""
        read = _columns_reader(tuple(table.cols)).unpack_from
        return _summer(len(table.cols))(read, self._ptc, self._classes, ids, weights)  # type: ignore[no-any-return]

    def _numpy_sums(self, ids: list[int], weights: list[float], table: _Table) -> list[float]:
        """The same sums with numpy: float64 products added row after row (an add.reduce over the first
        axis adds each row to the running total in order, exactly as `_python_sums` does)."""
        np = self._np
        if np is None:
            import numpy

            with self._lock:
                self._np = np = numpy
                self._np_ptc = np.frombuffer(self._ptc, dtype="<f2").reshape(-1, self._classes)
        if not table.np_ready:
            with self._lock:
                if len(table.cols) <= MAX_COPIED_COLUMNS:
                    table.ptc = np.ascontiguousarray(self._np_ptc[:, table.cols], dtype=np.float64)
                elif len(table.cols) < self._classes:
                    table.np_cols = np.asarray(table.cols, dtype=np.intp)
                table.np_ready = True
        index = np.asarray(ids, dtype=np.intp)
        if table.ptc is not None:
            rows = table.ptc.take(index, axis=0)
        else:
            rows = self._np_ptc.take(index, axis=0)
            if table.np_cols is not None:
                rows = rows.take(table.np_cols, axis=1)
            rows = rows.astype(np.float64)
        column = np.asarray(weights, dtype=np.float64)[:, None]
        return np.add.reduce(column * rows, axis=0).tolist()  # type: ignore[no-any-return]
