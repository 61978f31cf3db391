"""Cost of a word-frequency lookup: the compact lexicon (mtqa.langid.lexicon) against a plain dict, same run.

Loads one language's list both ways (the compact one from the user cache, compiled first if needed;
the plain dict as mtqa built it before), prints load time and the size each adds to the process, then
ns per `get(word, 0.0)` for common words (Zipf >= COMMON_ZIPF, served by the dict part), tail words (the hashed
part), absent words and a realistic mix (the words of real sentences from ../shared/data, in order),
with the ratio compact / dict. Also the cost through `mtqa.langid.word_evidence.zipf` (lru-cached) on the mix.

usage: python benchmarks/lexicon.py [--lang fr] [--lookups 200000]
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import re
import time
import tracemalloc

from _data import paragraph_text


def per_lookup_ns(get, words: list[str], repeat: int) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter_ns()
        for word in words:
            get(word, 0.0)
        best = min(best, (time.perf_counter_ns() - start) / len(words))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="fr")
    parser.add_argument("--lookups", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=5, help="timed passes; the best one is kept")
    args = parser.parse_args()

    from mtqa.langid import lexicon

    def load(reader):  # type: ignore[no-untyped-def]
        """(table, seconds to load, MB of Python objects it holds): timed first, then measured again
        under tracemalloc (which slows allocation down)."""
        start = time.perf_counter()
        table = reader()
        seconds = time.perf_counter() - start
        del table
        gc.collect()
        tracemalloc.start()
        table = reader()
        size = tracemalloc.get_traced_memory()[0] / 1e6
        tracemalloc.stop()
        return table, seconds, size

    compact, compact_s, compact_mb = load(lambda: lexicon.load_lexicon(args.lang))
    plain, plain_s, plain_mb = load(lambda: lexicon._read_cbpack(args.lang))
    assert compact is not None and plain is not None
    source = getattr(compact, "source", "dict")
    print(f"lexicon {args.lang}: {len(plain):,} words; load average "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    print(f"  compact ({source}): load {compact_s * 1000:7.1f} ms, {compact_mb:6.1f} MB of Python objects "
          "(+ the mapped cache file, shared between processes)")
    print(f"  plain dict:        load {plain_s * 1000:7.1f} ms, {plain_mb:6.1f} MB of Python objects")

    rng = random.Random(0)
    words = list(plain)
    common = [w for w in words if plain[w] >= lexicon.COMMON_ZIPF]
    tail = [w for w in words if plain[w] < lexicon.COMMON_ZIPF]
    absent = [w + "qx" for w in rng.sample(words, 5000)]
    absent = [w for w in absent if w not in plain]
    text_words = [w.casefold() for w in re.findall(r"\w+", paragraph_text({args.lang}))]

    def sample(pool: list[str]) -> list[str]:
        return [pool[rng.randrange(len(pool))] for _ in range(args.lookups)]

    rows = [(f"common words (Zipf >= {lexicon.COMMON_ZIPF:g})", sample(common)),
            (f"tail words (Zipf < {lexicon.COMMON_ZIPF:g})", sample(tail)),
            ("absent words", sample(absent)),
            ("words of real text, in order", (text_words * (args.lookups // max(1, len(text_words)) + 1))[
                : args.lookups])]
    print(f"\n{'lookup of':32} {'dict ns':>9} {'compact ns':>11} {'ratio':>7}   ({args.lookups:,} lookups, best of "
          f"{args.repeat})")
    for name, pool in rows:
        assert all(compact.get(w, 0.0) == plain.get(w, 0.0) for w in pool[:20000]), name
        d = per_lookup_ns(plain.get, pool, args.repeat)
        c = per_lookup_ns(compact.get, pool, args.repeat)
        print(f"{name:32} {d:9.0f} {c:11.0f} {c / d:6.2f}x")

    from mtqa.langid.word_evidence import zipf

    mix = rows[-1][1]
    cached = per_lookup_ns(lambda w, _d: zipf(w, args.lang), mix, args.repeat)
    print(f"{'word_evidence.zipf on real text':32} {'':9} {cached:11.0f}   (lru-cached, casefolds)")


if __name__ == "__main__":
    main()
