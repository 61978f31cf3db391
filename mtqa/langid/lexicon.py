"""Word frequencies per language (wordfreq's lists), loaded once per process and shared by every check.

The lists are read straight from wordfreq's documented "cBpack" data files (gzipped msgpack: a header,
then one list of words per centibel of frequency), which keeps the heavy `import wordfreq` (langcodes,
ftfy) out of a scan; wordfreq's own reader is the fallback. Values are on the Zipf scale: 7 is 'the',
1 is once in a billion words.

A list holds ~300,000 words; as a dict of str -> float that is ~40 MB per language and process, and
~0.3 s to unpack. So each list is kept compact (`CompactLexicon`): the common words (Zipf >= 4, ~7,000)
in a dict, the long tail as 64-bit hashes in a hash-bucketed table, compiled once into a cache file
(`mtqa.util.cache.cache_dir()`/lexicon) that later runs map read-only: it loads in milliseconds and its
pages are shared by every process (--jobs workers) that maps it.
"""

from __future__ import annotations

import functools
import gzip
import importlib.util
import itertools
import math
import os
import pickle
import struct
import sys
import zlib
from array import array
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mtqa.errors import MissingDependencyError
from mtqa.util.cache import cache_dir, map_read_only, write_atomically

# Zipf value of a word missing from a list (rarer than anything listed).
ABSENT = 0.0
# Words at least this frequent stay in a plain dict (fast hits); rarer ones go to the hashed table. The
# dict is unpickled in every process that reads the language: ~7,000 words take 1.5 ms, the ~30,000 of
# Zipf >= 3 took 8-14 ms (each language a scan reads, start-up included), for look-ups ~1.5 us faster on
# the words between (some 2,000 distinct words of 100 kB of French prose, over three languages).
COMMON_ZIPF = 4.0

# The Zipf value of centibel bin `index` of a cBpack list, computed exactly as wordfreq's reader did
# (9 - index / 100), so a compact lookup returns the very same float as the dict it replaces.
_MAX_BINS = 1 << 16

_MAGIC = b"MTQALEX4"
# magic, byte order, tail entries, log2(buckets), log2(filter bits), pickle bytes, bins, source size, source mtime_ns
_HEADER = struct.Struct("<8s8sQQQQQQQ")


def _bin_zipf(index: int) -> float:
    return 9 - index / 100


def filter_hash(word: str) -> int:
    """A cheap 32-bit hash (CRC-32) for the tail's pre-filter; like `stable_hash`, the same in every run."""
    return zlib.crc32(word.encode("utf-8", "surrogatepass"))


def tail_key(data: bytes, crc: int) -> int:
    """The 64-bit key of a word of the tail, from its UTF-8 bytes and their CRC-32 (`filter_hash`): that
    CRC, then the CRC-32 of the bytes reversed, a second checksum independent of the first (two C calls:
    a cryptographic hash cost three times as much, and look-ups of new words are a large part of a scan)."""
    return crc << 32 | zlib.crc32(data[::-1])


def stable_hash(word: str) -> int:
    """A 64-bit hash of `word` that is the same in every process and run (unlike the salted `hash()`)."""
    data = word.encode("utf-8", "surrogatepass")
    return tail_key(data, zlib.crc32(data))


class CompactLexicon(Mapping[str, float]):
    """A read-only word -> Zipf mapping: common words in a dict, the tail as sorted 64-bit hashes.

    A bitmap indexed by a CRC-32 of the word (one bit per 16 bits of tail; no false negatives) turns
    most absent words away before the 64-bit hash is computed.

    `get(word, default)` returns the same values as the full dict. A word absent from the list could
    only be mistaken for a listed one if its 64-bit key (`tail_key`: two CRC-32s) equalled a listed
    word's (about one chance in 10^13 per lookup; none in 2.6 million words of eight other languages
    looked up in French); listed words whose keys collide are all kept in the dict. The words of the
    tail are not stored, so the mapping cannot list its keys: iterating yields the common words.
    """

    __slots__ = ("_common", "_keys", "_offsets", "_values", "_filter", "_filter_shift", "_zipf", "_shift",
                 "_size", "_buffer", "source")

    def __init__(self, common: dict[str, float], keys: Any, offsets: Any, values: Any, bucket_bits: int,
                 n_bins: int, bitmap: Any, filter_bits: int, buffer: Any = None, source: str = "built") -> None:
        self._common = common
        self._keys = keys  # sorted uint64 hashes
        self._offsets = offsets  # uint32: entries of bucket b are keys[offsets[b]:offsets[b + 1]]
        self._values = values  # uint16 centibel bin of each key
        self._filter = bitmap  # bit (crc32 >> _filter_shift) is set for every tail word
        self._filter_shift = 32 - filter_bits
        self._zipf = tuple(_bin_zipf(index) for index in range(n_bins))
        self._shift = 64 - bucket_bits
        self._size = len(common) + len(keys)
        self._buffer = buffer  # the mmap the views point into, kept alive with them
        self.source = source  # "cache" (mapped from the cache file) or "built" (compiled in memory)

    def get(self, word: str, default: Any = None) -> Any:  # type: ignore[override]
        value = self._common.get(word)
        if value is not None:
            return value
        data = word.encode("utf-8", "surrogatepass")
        crc = zlib.crc32(data)
        bit = crc >> self._filter_shift
        if not self._filter[bit >> 3] >> (bit & 7) & 1:
            return default  # (an empty tail sets no bit)
        key = tail_key(data, crc)
        bucket = key >> self._shift
        offsets, keys = self._offsets, self._keys
        for i in range(offsets[bucket], offsets[bucket + 1]):
            if keys[i] == key:
                return self._zipf[self._values[i]]
        return default

    def __getitem__(self, word: str) -> float:
        value = self.get(word)
        if value is None:
            raise KeyError(word)
        return value

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.get(word) is not None

    def __len__(self) -> int:
        return self._size

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._common)


def compile_bins(bins: list[list[str]], source_size: int = 0, source_mtime: int = 0) -> bytes:
    """The cache-file bytes of a cBpack word list (`bins[i]`: the words of centibel bin i)."""
    index_of = {word: index for index, words in enumerate(bins) for word in words}  # last one wins, as before
    common: dict[str, float] = {}
    words_of: dict[int, list[str]] = {}
    for word, index in index_of.items():
        if _bin_zipf(index) >= COMMON_ZIPF:
            common[word] = _bin_zipf(index)
        else:
            words_of.setdefault(stable_hash(word), []).append(word)
    tail: dict[int, int] = {}
    for key, words in words_of.items():
        if len(words) == 1:
            tail[key] = index_of[words[0]]
        else:  # listed words sharing a hash are all kept exactly, in the dict
            common.update((word, _bin_zipf(index_of[word])) for word in words)
    keys = array("Q", sorted(tail))
    values = array("H", (tail[k] for k in keys))
    bucket_bits = max(1, math.ceil(math.log2(max(len(keys), 2))))
    shift = 64 - bucket_bits
    counts = [0] * ((1 << bucket_bits) + 1)
    for key in keys:
        counts[(key >> shift) + 1] += 1
    offsets = array("I", itertools.accumulate(counts))
    filter_bits = min(32, bucket_bits + 4)
    bitmap = bytearray(1 << max(0, filter_bits - 3))
    for word in (words[0] for words in words_of.values() if len(words) == 1):
        bit = filter_hash(word) >> (32 - filter_bits)
        bitmap[bit >> 3] |= 1 << (bit & 7)
    blob = pickle.dumps(common, protocol=pickle.HIGHEST_PROTOCOL)
    blob += b"\0" * (-len(blob) % 8)
    header = _HEADER.pack(_MAGIC, sys.byteorder.encode().ljust(8, b"\0"), len(keys), bucket_bits, filter_bits,
                          len(blob), len(bins), source_size, source_mtime)
    return header + blob + keys.tobytes() + offsets.tobytes() + values.tobytes() + bytes(bitmap)


def open_compiled(data: Any, source_size: int | None = None, source_mtime: int | None = None,
                  source: str = "built") -> CompactLexicon | None:
    """The lexicon in compiled bytes (or an mmap of a cache file), or None when they are not a valid,
    current compilation (other format, byte order or source file)."""
    view = memoryview(data)
    if len(view) < _HEADER.size:
        return None
    magic, order, n_keys, bucket_bits, filter_bits, blob_len, n_bins, size, mtime = _HEADER.unpack_from(view)
    if (magic != _MAGIC or order.rstrip(b"\0") != sys.byteorder.encode() or n_bins > _MAX_BINS
            or bucket_bits > 28 or not 3 <= filter_bits <= 32):
        return None
    if (source_size is not None and size != source_size) or (source_mtime is not None and mtime != source_mtime):
        return None
    start = _HEADER.size
    keys_at = start + blob_len
    offsets_at = keys_at + 8 * n_keys
    values_at = offsets_at + 4 * ((1 << bucket_bits) + 1)
    filter_at = values_at + 2 * n_keys
    if len(view) != filter_at + (1 << (filter_bits - 3)):
        return None
    try:
        common = pickle.loads(view[start:keys_at])
    except Exception:  # a damaged cache file is rebuilt, never trusted
        return None
    if not isinstance(common, dict):
        return None
    keys = view[keys_at:offsets_at].cast("Q")
    offsets = view[offsets_at:values_at].cast("I")
    values = view[values_at:filter_at].cast("H")
    return CompactLexicon(common, keys, offsets, values, bucket_bits, n_bins, view[filter_at:], filter_bits,
                          buffer=data, source=source)


def _cbpack_path(lang: str) -> Path | None:
    spec = importlib.util.find_spec("wordfreq")  # locates the package without running its __init__
    if spec is None or not spec.submodule_search_locations:
        return None
    data = Path(next(iter(spec.submodule_search_locations))) / "data"
    for size in ("large", "small"):
        path = data / f"{size}_{lang}.msgpack.gz"
        if path.is_file():
            return path
    return None


@functools.lru_cache(maxsize=1)
def lexicon_languages() -> frozenset[str]:
    """The languages wordfreq has a word list for, from its data file names (no list is loaded)."""
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    data = Path(next(iter(spec.submodule_search_locations))) / "data"
    names = (path.name.split(".")[0] for path in data.glob("*.msgpack.gz"))
    return frozenset(name.split("_", 1)[1] for name in names if name.startswith(("large_", "small_")))


def _cbpack_bins(path: Path) -> list[list[str]] | None:
    try:
        import msgpack
    except ImportError:
        return None
    try:
        with gzip.open(path, "rb") as handle:
            packed = msgpack.load(handle, raw=False)
    except (OSError, ValueError):
        return None
    header, bins = packed[0], packed[1:]
    if not isinstance(header, dict) or header.get("format") != "cB" or header.get("version") != 1:
        return None
    if len(bins) > _MAX_BINS:
        return None
    return bins


def _read_cbpack(lang: str) -> dict[str, float] | None:
    """The whole list as a plain dict (the reference the compact form is tested against)."""
    path = _cbpack_path(lang)
    bins = _cbpack_bins(path) if path is not None else None
    if bins is None:
        return None
    return {word: 9 - index / 100 for index, words in enumerate(bins) for word in words}


def _wordfreq_zipf(lang: str) -> dict[str, float] | None:
    try:
        import wordfreq
    except ImportError:  # pragma: no cover - wordfreq is a core dependency
        raise MissingDependencyError("word frequency lists", "core", "wordfreq") from None
    if lang not in wordfreq.available_languages():
        return None
    return {word: math.log10(freq) + 9 for word, freq in wordfreq.get_frequency_dict(lang).items() if freq}


def _cache_file(folder: Path, lang: str, path: Path, stat: os.stat_result) -> Path:
    # The source file's name, size and mtime pick the file, so another wordfreq version (new data
    # files) compiles a new cache file instead of reading a stale one.
    return folder / f"{lang}-{path.name.split('.')[0]}-{stat.st_size}-{stat.st_mtime_ns}.{_MAGIC[-1:].decode()}.lex"


def _map(file: Path, stat: os.stat_result) -> CompactLexicon | None:
    mapped = map_read_only(file)
    return None if mapped is None else open_compiled(mapped, stat.st_size, stat.st_mtime_ns, source="cache")


def load_lexicon(lang: str, folder: Path | None = None) -> Mapping[str, float] | None:
    """The word list of `lang`: mapped from the cache in `folder` (default: the user cache), compiled
    and cached there first when missing or stale; compiled in memory when the folder is not writable."""
    path = _cbpack_path(lang)
    if path is None:
        return _wordfreq_zipf(lang)
    stat = path.stat()
    file = _cache_file((folder or cache_dir()) / "lexicon", lang, path, stat)
    if file.is_file():
        found = _map(file, stat)
        if found is not None:
            return found
    bins = _cbpack_bins(path)
    if bins is None:
        return _wordfreq_zipf(lang)
    data = compile_bins(bins, stat.st_size, stat.st_mtime_ns)
    if write_atomically(file, data):
        found = _map(file, stat)
        if found is not None:
            return found
    return open_compiled(data, source="built")


@functools.lru_cache(maxsize=32)
def zipf_table(lang: str) -> Mapping[str, float] | None:
    """Word -> Zipf frequency for `lang`, or None when wordfreq has no list for it."""
    return load_lexicon(lang)


def has_lexicon(lang: str) -> bool:
    return zipf_table(lang) is not None
