"""Word frequencies per language (wordfreq's lists), loaded once per process and shared by every check.

The lists are read straight from wordfreq's documented "cBpack" data files (gzipped msgpack: a header,
then one list of words per centibel of frequency), which keeps the heavy `import wordfreq` (langcodes,
ftfy) out of a scan; wordfreq's own reader is the fallback. Values are on the Zipf scale: 7 is 'the',
1 is once in a billion words.
"""

from __future__ import annotations

import functools
import gzip
import importlib.util
import math
from pathlib import Path

from mtqa.errors import MissingDependencyError

# Zipf value of a word missing from a list (rarer than anything listed).
ABSENT = 0.0


def _read_cbpack(lang: str) -> dict[str, float] | None:
    try:
        import msgpack
    except ImportError:
        return None
    spec = importlib.util.find_spec("wordfreq")  # locates the package without running its __init__
    if spec is None or not spec.submodule_search_locations:
        return None
    data = Path(next(iter(spec.submodule_search_locations))) / "data"
    for size in ("large", "small"):
        path = data / f"{size}_{lang}.msgpack.gz"
        if not path.is_file():
            continue
        try:
            with gzip.open(path, "rb") as handle:
                packed = msgpack.load(handle, raw=False)
        except (OSError, ValueError):
            return None
        header, bins = packed[0], packed[1:]
        if not isinstance(header, dict) or header.get("format") != "cB" or header.get("version") != 1:
            return None
        return {word: 9 - index / 100 for index, words in enumerate(bins) for word in words}
    return None


def _wordfreq_zipf(lang: str) -> dict[str, float] | None:
    try:
        import wordfreq
    except ImportError:  # pragma: no cover - wordfreq is a core dependency
        raise MissingDependencyError("word frequency lists", "core", "wordfreq") from None
    if lang not in wordfreq.available_languages():
        return None
    return {word: math.log10(freq) + 9 for word, freq in wordfreq.get_frequency_dict(lang).items() if freq}


@functools.lru_cache(maxsize=32)
def zipf_table(lang: str) -> dict[str, float] | None:
    """Word -> Zipf frequency for `lang`, or None when wordfreq has no list for it."""
    table = _read_cbpack(lang)
    return table if table is not None else _wordfreq_zipf(lang)


def has_lexicon(lang: str) -> bool:
    return zipf_table(lang) is not None
