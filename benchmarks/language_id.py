"""Wrong-language span detection on the shared LID development data, per backend.

Reads ../shared/data/lid/ (relative to the repository) in place and prints, per backend:
precision / recall / F1 of foreign spans on mixed.jsonl (micro-averaged over letters and digits,
as in notes/lid.md), the share of gold spans hit (at least half their letters flagged) per kind,
the false-alarm rate on mono.jsonl (paragraphs with any flag), and clauses per second; plus a
per-sentence langdetect baseline timed in the same run. Optionally (--paracrawl) the segment-level
recall / false alarms on ParaCrawl target-side wrong-language pairs.

usage: python benchmarks/language_id.py [--backends py3langid,langdetect,lingua] [--paracrawl] [--errors]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from mtqa.checks.language import load_loanwords
from mtqa.code_switch import SpanFinder
from mtqa.language_id import BACKENDS, make_detector
from mtqa.sentences import split_clauses, split_sentences

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
LID = SHARED / "data" / "lid"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def alnum_positions(text: str, start: int, end: int) -> set[int]:
    return {i for i in range(start, end) if text[i].isalnum()}


def run_backend(name: str, mixed: list[dict[str, Any]], mono: list[dict[str, Any]], show_errors: bool) -> dict[str, Any]:
    finder = SpanFinder(make_detector(name), loanwords=load_loanwords())
    tp = fp = fn = 0
    hits: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    n_clauses = 0
    started = time.perf_counter()
    for item in mixed:
        text, host = item["text"], item["host"]
        sentences = split_sentences(text, host)
        n_clauses += sum(len(split_clauses(text, s)) for s in sentences)
        spans = finder.find(text, host, item["foreign"], sentences)
        predicted = set().union(*(alnum_positions(text, s.start, s.end) for s in spans)) if spans else set()
        gold: set[int] = set()
        for start, end, _lang in item["spans"]:
            letters = alnum_positions(text, start, end)
            gold |= letters
            hits[item["kind"]][1] += 1
            hits[item["kind"]][0] += len(letters & predicted) * 2 >= len(letters)
        tp += len(predicted & gold)
        fp += len(predicted - gold)
        fn += len(gold - predicted)
        if show_errors and (predicted - gold or gold - predicted):
            print(f"  [{name}] {item['id']} {item['kind']} gold={[text[s:e] for s, e, _ in item['spans']]}")
            print(f"      found={[(text[s.start:s.end], s.lang, round(s.confidence, 3), s.layer) for s in spans]}")
    flagged = 0
    for item in mono:
        text, host = item["text"], item["host"]
        sentences = split_sentences(text, host)
        n_clauses += sum(len(split_clauses(text, s)) for s in sentences)
        spans = finder.find(text, host, item["source"], sentences)
        if spans:
            flagged += 1
            if show_errors:
                print(f"  [{name}] FALSE ALARM {item['id']}: {[(text[s.start:s.end], s.lang) for s in spans]}")
    elapsed = time.perf_counter() - started
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "backend": name,
        "P": precision,
        "R": recall,
        "F1": f1,
        "hits": {kind: h[0] / h[1] for kind, h in sorted(hits.items())},
        "mono_fpr": flagged / len(mono),
        "mono_flagged": flagged,
        "clauses_per_s": n_clauses / elapsed,
        "elapsed": elapsed,
    }


def langdetect_baseline(mixed: list[dict[str, Any]], mono: list[dict[str, Any]]) -> float:
    """Sentences per second of plain per-sentence langdetect (seeded, all languages)."""
    from langdetect import DetectorFactory, detect_langs

    DetectorFactory.seed = 0
    sentences = [item["text"][s.start : s.end] for item in mixed + mono for s in split_sentences(item["text"], item["host"])]
    detect_langs(sentences[0])  # load the profiles outside the timing
    started = time.perf_counter()
    for sentence in sentences:
        try:
            detect_langs(sentence)
        except Exception:  # noqa: BLE001 - langdetect raises on text without features
            pass
    return len(sentences) / (time.perf_counter() - started)


def paracrawl(name: str) -> tuple[int, int, int, int]:
    """Target-side wrong-language pairs found, and valid pairs flagged, at segment level."""
    finder = SpanFinder(make_detector(name), loanwords=load_loanwords())
    found = positives = alarms = negatives = 0
    for row in read_jsonl(SHARED / "data" / "paracrawl-human-eval" / "paracrawl_human_eval.jsonl"):
        src_lang, tgt_lang = row["pair"].split("-")
        positive = row["label"] == "L" and "L_sentence_target" in row["comments"]
        if not positive and row["label"] != "V":
            continue
        flagged = bool(finder.find(row["trg"], tgt_lang, src_lang))
        if positive:
            positives += 1
            found += flagged
        else:
            negatives += 1
            alarms += flagged
    return found, positives, alarms, negatives


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="py3langid,langdetect,lingua")
    parser.add_argument("--paracrawl", action="store_true", help="also score ParaCrawl wrong-language pairs")
    parser.add_argument("--errors", action="store_true", help="print every missed or extra span")
    args = parser.parse_args()
    mixed = read_jsonl(LID / "mixed" / "mixed.jsonl")
    mono = read_jsonl(LID / "mixed" / "mono.jsonl")
    print(f"data: {LID} ({len(mixed)} mixed, {len(mono)} monolingual paragraphs)")
    baseline = langdetect_baseline(mixed, mono)
    rows = []
    for name in args.backends.split(","):
        if name not in BACKENDS:
            raise SystemExit(f"unknown backend {name}")
        try:
            rows.append(run_backend(name, mixed, mono, args.errors))
        except ImportError as exc:  # an optional extra that is not installed
            print(f"{name}: skipped ({exc})")
    kinds = sorted(rows[0]["hits"]) if rows else []
    print()
    print("| backend | P | R | F1 | " + " | ".join(f"hit {k}" for k in kinds)
          + " | mono false alarms | clauses/s | vs per-sentence langdetect |")
    print("|---|---|---|---|" + "---|" * len(kinds) + "---|---|---|")
    for row in rows:
        hit_cells = " | ".join(f"{row['hits'][k]:.2f}" for k in kinds)
        print(f"| {row['backend']} | {row['P']:.3f} | {row['R']:.3f} | {row['F1']:.3f} | {hit_cells} | "
              f"{row['mono_fpr']:.1%} ({row['mono_flagged']}/{len(mono)}) | {row['clauses_per_s']:,.0f} | "
              f"{row['clauses_per_s'] / baseline:.0f}x |")
    print(f"\nper-sentence langdetect baseline (seeded, all languages): {baseline:,.0f} sentences/s")
    if args.paracrawl:
        for name in args.backends.split(","):
            found, positives, alarms, negatives = paracrawl(name)
            print(f"paracrawl [{name}]: target-side wrong language found {found}/{positives} "
                  f"({found / positives:.2f}); valid pairs flagged {alarms}/{negatives} ({alarms / negatives:.2%})")


if __name__ == "__main__":
    main()
