"""Precision and recall of pronoun-gender on MT-GenEval (English into es, fr, it, pt, de), read in place.

Counterfactual set: every item has a feminine and a masculine English sentence and their professional
translations. The matching pairs (feminine source, feminine translation; masculine, masculine) are
correct; the crossed pairs (feminine source, masculine translation and the reverse) are the gender
errors. Contextual set: an English context and sentence whose gender only the context fixes, with the
correct and the gender-swapped translation.

Items are split in two halves by a hash of their feminine English sentence: tune on `--half tune`,
report `--half held`.

usage: python benchmarks/gender.py [--data ../shared/data] [--half tune|held|all] [--show N]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from pathlib import Path

from _data import shared_data

from mtqa.config import Config
from mtqa.model import Unit
from mtqa.run.pipeline import Checker

CHECK = "pronoun-gender"


def half_of(text: str) -> str:
    return "tune" if hashlib.sha1(text.encode("utf-8")).digest()[0] % 2 == 0 else "held"


def _jsonl(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def pairs(data: Path, half: str) -> list[tuple[str, str, str, str, bool]]:
    """(set, language, source, target, is_error) for the chosen half."""
    out = []
    for row in _jsonl(data / "mt-geneval" / "sentences_counterfactual.jsonl"):
        if half != "all" and half_of(row["src_feminine"]) != half:
            continue
        lang = row["lang_pair"].split("-")[1]
        out += [("counterfactual", lang, row["src_feminine"], row["tgt_feminine"], False),
                ("counterfactual", lang, row["src_masculine"], row["tgt_masculine"], False),
                ("counterfactual", lang, row["src_feminine"], row["tgt_masculine"], True),
                ("counterfactual", lang, row["src_masculine"], row["tgt_feminine"], True)]
    for row in _jsonl(data / "mt-geneval" / "contextual.jsonl"):
        source = row["src_context_and_sentence"].replace("<sep>", " ")
        if half != "all" and half_of(source) != half:
            continue
        lang = row["lang_pair"].split("-")[1]
        out += [("contextual", lang, source, row["tgt_original"], False),
                ("contextual", lang, source, row["tgt_flipped"], True)]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None, help="the shared data folder (default: found upwards)")
    parser.add_argument("--half", choices=("tune", "held", "all"), default="tune")
    parser.add_argument("--show", type=int, default=0, help="print up to N false alarms and misses per language")
    args = parser.parse_args()
    data = Path(args.data) if args.data else shared_data()
    if not (data / "mt-geneval").is_dir():
        print(f"no MT-GenEval data at {data} (use --data)", file=sys.stderr)
        return 2
    checker = Checker(Config(select=[CHECK]))
    tally: Counter[tuple[str, str, str]] = Counter()
    shown: Counter[tuple[str, str, str]] = Counter()
    started = time.perf_counter()
    for kind, lang, source, target, error in pairs(data, args.half):
        report = checker.scan_units([Unit(target, source=source)], source_lang="en", target_lang=lang)
        found = [f for f in report.findings if f.check == CHECK]
        outcome = ("tp" if found else "fn") if error else ("fp" if found else "tn")
        tally[(kind, lang, outcome)] += 1
        if outcome in ("fp", "fn") and shown[(kind, lang, outcome)] < args.show:
            shown[(kind, lang, outcome)] += 1
            flagged = "; ".join(f"{f.text!r}: {f.message}" for f in found)
            print(f"  {outcome.upper()} {kind} {lang}: {target}\n      source: {source}\n      {flagged}")
    print(f"half: {args.half}; {time.perf_counter() - started:.1f} s")
    print(f"{'set':15} {'lang':4} {'errors':>6} {'correct':>7} {'TP':>4} {'FP':>4} {'precision':>9} {'recall':>6}")
    for kind in ("counterfactual", "contextual"):
        langs = sorted({lang for k, lang, _ in tally if k == kind})
        for lang in [*langs, "all"]:
            chosen = langs if lang == "all" else [lang]
            tp, fn, fp, tn = (sum(tally[(kind, x, o)] for x in chosen) for o in ("tp", "fn", "fp", "tn"))
            precision = f"{tp / (tp + fp):.3f}" if tp + fp else "n/a"
            recall = f"{tp / (tp + fn):.3f}" if tp + fn else "n/a"
            print(f"{kind:15} {lang:4} {tp + fn:6d} {fp + tn:7d} {tp:4d} {fp:4d} {precision:>9} {recall:>6}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
