"""Throughput of the default checks on real sentences, per stage and per check, on one core.

Real clean sentences (Leipzig and UD one-sentence-per-line files in 22 languages, DEMETR English MT
targets with their sources) are read in place from ../shared/data and repeated to reach --segments
units, one sentence each, every unit with its own target language. Printed, in segments per second:

- reading: the bitext reader over a generated source<TAB>target file of the same units;
- segmentation: sentence splitting;
- language ID: mtqa's default language-id backend, once per sentence;
- checks: each default check in pipeline order (a per-unit service such as the sentence split is
  charged to the first check that asks for it);
- reporting: the jsonl and text reporters writing to a null sink;
- end to end: `Checker.scan_units` over all units (the headline figure), and the reader + checker +
  jsonl reporter through `scan_paths` on the generated files, one file per target language;
- the per-sentence langdetect baseline (seeded DetectorFactory) on a sample, in the same run, and the
  ratio of the headline to it.

usage: python benchmarks/throughput.py [--segments 100000] [--baseline-sample 2000] [--profile FILE]
       (--segments 10000 runs in well under a minute)
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _data import Sentence, real_sentences, repeated

from mtqa.checks.base import DocumentState, UnitContext
from mtqa.config import Config
from mtqa.model import Unit
from mtqa.pipeline import Checker
from mtqa.readers import read_document
from mtqa.reporters import reporter_class
from mtqa.runner import scan_paths
from mtqa.sentences import split_sentences


class NullSink(io.TextIOBase):
    """Counts what a reporter writes and throws it away."""

    def __init__(self) -> None:
        self.chars = 0

    def write(self, text: str) -> int:
        self.chars += len(text)
        return len(text)

    def isatty(self) -> bool:
        return False


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:12,.0f}" if seconds > 0 else f"{'inf':>12}"


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def build_units(sentences: list[Sentence], count: int) -> list[Unit]:
    return [
        Unit(target=s.target, source=s.source, id=str(i), line=i, target_lang=s.lang,
             source_lang=None)
        for i, s in enumerate(repeated(sentences, count), start=1)
    ]


def write_bitext(units: list[Unit], folder: Path) -> dict[str, Path]:
    """One source<TAB>target file per target language (the CLI takes one target language per run)."""
    handles: dict[str, Any] = {}
    paths: dict[str, Path] = {}
    try:
        for unit in units:
            lang = unit.target_lang or "en"
            if lang not in handles:
                paths[lang] = folder / f"corpus.{lang}.tsv"
                handles[lang] = paths[lang].open("w", encoding="utf-8")
            source = (unit.source or "").replace("\t", " ").replace("\n", " ")
            handles[lang].write(f"{source}\t{unit.target.replace(chr(9), ' ')}\n")
    finally:
        for handle in handles.values():
            handle.close()
    return paths


def language_id_fn() -> tuple[str, Callable[[str], Any]]:
    """mtqa's default language-id backend, or py3langid itself before mtqa.language_id exists."""
    try:
        from mtqa.language_id import make_detector

        detector = make_detector(Config().lid_backend)
        return f"mtqa.language_id ({Config().lid_backend})", detector.detect
    except ImportError:
        import py3langid

        return "py3langid.classify", py3langid.classify


def per_check(checker: Checker, units: list[Unit]) -> tuple[dict[str, float], int]:
    """Seconds spent in each check (in pipeline order) and the number of hits."""
    spent: dict[str, float] = defaultdict(float)
    hits = 0
    clock = time.perf_counter
    state = DocumentState("<bench>", None, None)
    for unit in units:
        ctx = UnitContext(unit, target_lang=unit.target_lang, source_lang=unit.source_lang,
                          services=checker.services, document=state)
        for check in checker.checks:
            start = clock()
            if check.applies_to(ctx):
                hits += sum(1 for _ in check.check(ctx))
            spent[check.name] += clock() - start
    for check in checker.checks:
        start = clock()
        hits += sum(1 for _ in check.finish_document(state))
        spent[check.name] += clock() - start
    return spent, hits


def langdetect_baseline(sentences: list[Sentence], sample: int) -> tuple[int, float]:
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    texts = [s.target for s in repeated(sentences, sample)]
    detect("warm-up sentence: the language profiles load on first use")

    def run() -> None:
        for text in texts:
            try:
                detect(text)
            except LangDetectException:  # no features in the text: it still cost a call
                continue

    _, seconds = timed(run)
    return len(texts), seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=100_000, help="units to check (default 100000)")
    parser.add_argument("--baseline-sample", type=int, default=2000,
                        help="sentences for the langdetect baseline (default 2000)")
    parser.add_argument("--profile", metavar="FILE", help="also cProfile the headline scan; stats to FILE")
    parser.add_argument("--top", type=int, default=25, help="rows of the profile to print (default 25)")
    args = parser.parse_args()

    sentences = real_sentences()
    units = build_units(sentences, args.segments)
    n = len(units)
    checker = Checker(Config())
    langs = sorted({s.lang for s in sentences})
    print(f"corpus: {len(sentences):,} real sentences in {len(langs)} languages, repeated to {n:,} units")
    print(f"default checks ({len(checker.checks)}): {', '.join(c.name for c in checker.checks)}")
    print(f"python {sys.version.split()[0]}, pid {os.getpid()}, one process (figures are per core)\n")

    # Warm-up: packs, lexicons and models load once per checker; not part of the steady-state rate.
    _, warm = timed(lambda: checker.scan_units(units[:2000]))

    rows: list[tuple[str, int, float]] = []
    with tempfile.TemporaryDirectory(prefix="mtqa-bench-") as tmp:
        paths = write_bitext(units, Path(tmp))
        _, seconds = timed(lambda: sum(sum(1 for _ in read_document(str(p)).units) for p in paths.values()))
        rows.append(("reading (bitext reader)", n, seconds))

        sentence_texts: list[str] = []

        def segment() -> None:
            for unit in units:
                sentence_texts.extend(s.text for s in split_sentences(unit.target, unit.target_lang))

        _, seconds = timed(segment)
        rows.append(("segmentation", n, seconds))

        lid_name, lid = language_id_fn()
        lid("warm-up: the model loads on first use")
        _, seconds = timed(lambda: [lid(text) for text in sentence_texts])
        rows.append((f"language ID per sentence: {lid_name}", len(sentence_texts), seconds))

        spent, _ = per_check(checker, units)
        check_rows = [(f"  check {name}", n, secs) for name, secs in spent.items()]
        rows.append(("checks, all (sum of the rows below)", n, sum(spent.values())))
        rows.extend(check_rows)

        report, seconds = timed(lambda: checker.scan_units(units, path="<bench>"))
        findings_by_unit: dict[str | None, list[Any]] = defaultdict(list)
        for finding in report.findings:
            findings_by_unit[finding.unit].append(finding)
        headline = (n, seconds)

        for fmt in ("jsonl", "text"):
            def render(fmt: str = fmt) -> None:
                reporter = reporter_class(fmt)(NullSink())
                reporter.start_file("<bench>", None, None)
                for unit in units:
                    reporter.unit("<bench>", unit, findings_by_unit.get(unit.id, []))

            _, seconds = timed(render)
            rows.append((f"reporting: {fmt}", n, seconds))

        def end_to_end() -> None:
            for lang, path in paths.items():
                config = Config(target_lang=lang)
                scan_paths([str(path)], Checker(config), reporter_class("jsonl")(NullSink()))

        _, seconds = timed(end_to_end)
        e2e = (n, seconds)

    base_n, base_seconds = langdetect_baseline(sentences, args.baseline_sample)

    print(f"{'stage':58} {'items':>10} {'seconds':>9} {'items/s':>12}")
    for name, count, seconds in rows:
        print(f"{name:58} {count:10,} {seconds:9.2f} {rate(count, seconds)}")
    print(f"{'END TO END: Checker.scan_units, default checks':58} {headline[0]:10,} {headline[1]:9.2f} "
          f"{rate(*headline)}")
    print(f"{'end to end: bitext files -> checks -> jsonl':58} {e2e[0]:10,} {e2e[1]:9.2f} {rate(*e2e)}")
    print(f"{'baseline: langdetect.detect per sentence (seed 0)':58} {base_n:10,} {base_seconds:9.2f} "
          f"{rate(base_n, base_seconds)}")
    ours = headline[0] / headline[1]
    theirs = base_n / base_seconds
    print(f"\nfindings: {len(report.findings):,} on {n:,} units; checker warm-up {warm:.2f} s (2,000 units)")
    print(f"default checks: {ours:,.0f} segments/s on one core (target >= 5,000: "
          f"{'met' if ours >= 5000 else 'NOT met'})")
    print(f"ratio to the per-sentence langdetect baseline: {ours / theirs:.1f}x (target >= 20x: "
          f"{'met' if ours / theirs >= 20 else 'NOT met'})")

    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        checker.scan_units(units, path="<bench>")
        profiler.disable()
        profiler.dump_stats(args.profile)
        print(f"\nprofile of Checker.scan_units written to {args.profile}; top {args.top} by own time:")
        stats = pstats.Stats(profiler, stream=sys.stdout)
        stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
