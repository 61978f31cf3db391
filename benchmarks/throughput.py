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
- end to end: `Checker.scan_units` over all units (the headline figure: default checks with the
  spaCy parser switched off, MTQA_NLP=off, as the issue asks), the same over each unique sentence
  once (a check that caches by text gains nothing there), both again with the parser on (nlp extra)
  when it is installed, and `scan_paths` (reader,
  checker, jsonl reporter) on a generated bitext of DEMETR source / English MT pairs of --segments
  lines, once per --jobs value, with the speed-up over the first;
- the per-sentence langdetect baseline (seeded DetectorFactory) on a sample, in the same run, and the
  ratio of both end-to-end figures to it.

usage: python benchmarks/throughput.py [--segments 100000] [--baseline-sample 2000] [--jobs 1,2]
                                       [--extend-select CODES] [--profile FILE]
       (--segments 10000 runs in well under a minute)
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
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
from mtqa.meaning.analysis import NLP_SWITCH, unavailable_reason
from mtqa.model import Unit
from mtqa.readers import read_document
from mtqa.reporters import reporter_class
from mtqa.run.pipeline import Checker
from mtqa.run.runner import scan_paths
from mtqa.text.sentences import split_sentences


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


def write_bitext(units: list[Unit], path: Path) -> Path:
    """The units as a source<TAB>target file."""
    with path.open("w", encoding="utf-8") as handle:
        for unit in units:
            source = (unit.source or "").replace("\t", " ").replace("\n", " ")
            handle.write(f"{source}\t{unit.target.replace(chr(9), ' ')}\n")
    return path


def language_id_fn() -> tuple[str, Callable[[str], Any]]:
    """mtqa's default language-id backend, or py3langid itself before mtqa.langid.detector exists."""
    try:
        from mtqa.langid.detector import make_detector

        detector = make_detector(Config().lid_backend)
        return f"mtqa.langid.detector ({Config().lid_backend})", detector.detect
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
    parser.add_argument("--extend-select", default="",
                        help="also run these checks (codes or names, comma-separated), e.g. the spaCy-based ones")
    parser.add_argument("--jobs", default="1,2", help="--jobs values for the end-to-end runs (default 1,2)")
    parser.add_argument("--profile", metavar="FILE",
                        help="cProfile a scan of sentences seen once (half the unique set); stats to FILE")
    parser.add_argument("--top", type=int, default=25, help="rows of the profile to print (default 25)")
    args = parser.parse_args()

    # The headline is the default checks without spaCy (issue #9): MTQA_NLP=off skips the parser-based
    # parts; the same scan with the parser on is timed at the end.
    os.environ[NLP_SWITCH] = "off"
    unavailable_reason.cache_clear()
    job_counts = [int(j) for j in args.jobs.split(",") if j.strip()]
    sentences = real_sentences()
    units = build_units(sentences, args.segments)
    n = len(units)
    extend = [c.strip() for c in args.extend_select.split(",") if c.strip()]
    base_config = Config(extend_select=extend)
    which = "default checks, no spaCy" + (f" + {', '.join(extend)}" if extend else "")
    checker = Checker(base_config)
    langs = sorted({s.lang for s in sentences})
    print(f"corpus: {len(sentences):,} real sentences in {len(langs)} languages, repeated to {n:,} units")
    print(f"checks ({len(checker.checks)}): {', '.join(c.name for c in checker.checks)}")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"python {sys.version.split()[0]}, one process (figures are per core); load average {load} "
          f"on {os.cpu_count()} cores\n")

    # Every unique sentence once, split in two interleaved halves: one timed on first sight (caches
    # keyed by text cannot help, unlike in the repeated corpus), one profiled on first sight.
    unique = build_units(sentences, len(sentences))
    cold_units, profile_units = unique[0::2], unique[1::2]
    # Warm-up: the first 15 units of every language, so that per-language packs and lexicons are
    # loaded before anything is timed (the "seen once" figure then measures text, not loading).
    per_lang: dict[str | None, int] = defaultdict(int)
    warm_units, rest = [], []
    for unit in profile_units:
        per_lang[unit.target_lang] += 1
        (warm_units if per_lang[unit.target_lang] <= 15 else rest).append(unit)
    profile_units = rest
    _, warm = timed(lambda: checker.scan_units(warm_units))
    profiler = cProfile.Profile() if args.profile else None
    if profiler is not None:
        profiler.enable()
        checker.scan_units(profile_units)
        profiler.disable()
    _, cold_seconds = timed(lambda: checker.scan_units(cold_units))
    cold = (len(cold_units), cold_seconds)

    rows: list[tuple[str, int, float]] = []
    with tempfile.TemporaryDirectory(prefix="mtqa-bench-") as tmp:
        # One real bitext for the reader and the end-to-end runs: DEMETR source / English MT pairs.
        pairs = [s for s in sentences if s.source is not None]
        bitext = write_bitext(build_units(pairs, n), Path(tmp) / "pairs.tsv")
        _, seconds = timed(lambda: sum(1 for _ in read_document(str(bitext)).units))
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

        e2e: list[tuple[int, float]] = []
        for jobs in job_counts:
            def end_to_end(jobs: int = jobs) -> None:
                config = dataclasses.replace(base_config, target_lang="en")
                if hasattr(config, "jobs"):  # a checkout without --jobs runs one process
                    config.jobs = jobs
                scan_paths([str(bitext)], Checker(config), reporter_class("jsonl")(NullSink()))

            _, seconds = timed(end_to_end)
            e2e.append((jobs, seconds))

    base_n, base_seconds = langdetect_baseline(sentences, args.baseline_sample)

    # The same checks with the spaCy parser on (nlp extra), when it is installed.
    del os.environ[NLP_SWITCH]
    unavailable_reason.cache_clear()
    with_nlp: list[tuple[str, int, float]] = []
    if unavailable_reason("fr") is None:
        nlp_checker = Checker(base_config)
        nlp_checker.scan_units(warm_units)
        _, seconds = timed(lambda: nlp_checker.scan_units(units))
        with_nlp.append(("with the spaCy parser (nlp extra), repeated corpus", n, seconds))
        _, seconds = timed(lambda: nlp_checker.scan_units(cold_units))
        with_nlp.append(("  the same, each sentence seen once", len(cold_units), seconds))

    print(f"{'stage':58} {'items':>10} {'seconds':>9} {'items/s':>12}")
    for name, count, seconds in rows:
        print(f"{name:58} {count:10,} {seconds:9.2f} {rate(count, seconds)}")
    print(f"{'END TO END: Checker.scan_units, ' + which:58} {headline[0]:10,} {headline[1]:9.2f} "
          f"{rate(*headline)}")
    print(f"{'  the same, each sentence seen once (cold caches)':58} {cold[0]:10,} {cold[1]:9.2f} {rate(*cold)}")
    for jobs, seconds in e2e:
        speedup = e2e[0][1] / seconds
        name = f"end to end, --jobs {jobs}: en bitext -> checks -> jsonl"
        print(f"{name:58} {n:10,} {seconds:9.2f} {rate(n, seconds)}  ({speedup:.2f}x --jobs {e2e[0][0]})")
    for name, count, seconds in with_nlp:
        print(f"{name:58} {count:10,} {seconds:9.2f} {rate(count, seconds)}")
    print(f"{'baseline: langdetect.detect per sentence (seed 0)':58} {base_n:10,} {base_seconds:9.2f} "
          f"{rate(base_n, base_seconds)}")
    theirs = base_n / base_seconds
    print(f"\nfindings: {len(report.findings):,} on {n:,} units; checker warm-up {warm:.2f} s "
          f"({len(warm_units):,} units)")
    for label, (count, seconds) in (("repeated corpus", headline), ("each sentence once", cold)):
        ours = count / seconds
        print(f"{which}, {label}: {ours:,.0f} segments/s on one core "
              f"(>= 5,000: {'met' if ours >= 5000 else 'NOT met'}); {ours / theirs:.1f}x the per-sentence "
              f"langdetect baseline (>= 20x: {'met' if ours / theirs >= 20 else 'NOT met'})")

    if profiler is not None:
        profiler.dump_stats(args.profile)
        print(f"\nprofile of Checker.scan_units on {len(profile_units):,} sentences seen once, written to "
              f"{args.profile}; top {args.top} by own time:")
        stats = pstats.Stats(profiler, stream=sys.stdout)
        stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
