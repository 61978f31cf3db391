"""Precision/recall of the meaning-level checks on the labelled data in ../shared/data (read in place).

usage: python benchmarks/meaning_checks.py [--data ../shared/data] [--limit N]

Prints, per dataset and check, the flagged positives (errors) and negatives (correct translations),
precision, recall, then false alarms on clean monolingual sentences and throughput.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from _data import shared_data

from mtqa.config import Config
from mtqa.meaning.analysis import get_analyzer
from mtqa.model import Unit
from mtqa.run.pipeline import Checker

CHECKS = ["entity-translated", "entity-missing", "pronoun-gender", "missing-subject", "missing-auxiliary"]
DEMETR_LANG = {"chinese_simple": "zh", "german": "de", "hindi": "hi", "japanese": "ja", "polish": "pl",
               "russian": "ru", "czech": "cs", "french": "fr", "spanish": "es", "italian": "it"}
DEMETR = {
    "critical_id9_ne_replaced": ["entity-missing", "entity-translated"],
    "critical_id25_ne_removed": ["entity-missing"],
    "critical_id24_subj_removed": ["missing-subject"],
    "critical_id11_gender": ["pronoun-gender"],
}


def _checker(names: list[str]) -> Checker:
    return Checker(Config(select=names))


def _flags(checker: Checker, target: str, source: str | None, sl: str | None, tl: str) -> set[str]:
    report = checker.scan_units([Unit(target, source=source)], source_lang=sl, target_lang=tl)
    return {f.check for f in report.findings}


class Tally:
    def __init__(self) -> None:
        self.tp = self.fp = self.pos = self.neg = 0

    def add(self, positive: bool, flagged: bool) -> None:
        if positive:
            self.pos += 1
            self.tp += flagged
        else:
            self.neg += 1
            self.fp += flagged

    def line(self, label: str) -> str:
        flagged = self.tp + self.fp
        precision = f"{self.tp / flagged:.3f}" if flagged else "  n/a"
        recall = f"{self.tp / self.pos:.3f}" if self.pos else "  n/a"
        return (f"{label:52} pos {self.pos:4} neg {self.neg:4} TP {self.tp:3} FP {self.fp:3} "
                f"P {precision} R {recall}")


def _jsonl(path: Path, limit: int | None) -> Iterator[dict]:
    with path.open(encoding="utf-8") as handle:
        for n, line in enumerate(handle):
            if limit is not None and n >= limit:
                return
            yield json.loads(line)


def demetr(root: Path, limit: int | None) -> None:
    print("== demetr (target English; pert_sent = error, mt_sent = its clean pair)")
    for name, checks in DEMETR.items():
        for check in checks:
            checker = _checker([check])
            tally = Tally()
            for row in _jsonl(root / "demetr" / f"{name}.jsonl", limit):
                sl = DEMETR_LANG.get(row["lang_tag"])
                tally.add(True, check in _flags(checker, row["pert_sent"], row["src_sent"], sl, "en"))
                tally.add(False, check in _flags(checker, row["mt_sent"], row["src_sent"], sl, "en"))
            print("  " + tally.line(f"{name} / {check}"))
    for name in ("base_id35_reference", "minor_id28_final_punc_removed"):
        checker = _checker(CHECKS)
        counts = dict.fromkeys(CHECKS, 0)
        total = 0
        for row in _jsonl(root / "demetr" / f"{name}.jsonl", limit):
            total += 1
            for check in _flags(checker, row["pert_sent"], row["src_sent"], DEMETR_LANG.get(row["lang_tag"]), "en"):
                counts[check] += 1
        print(f"  false alarms on {name} ({total} correct sentences): {counts}")


def geneval(root: Path, limit: int | None) -> None:
    print("== mt-geneval (English source; wrong-gender human translations are errors)")
    checker = _checker(["pronoun-gender"])
    tallies: dict[str, Tally] = {}
    for row in _jsonl(root / "mt-geneval" / "sentences_counterfactual.jsonl", limit):
        tl = row["lang_pair"].split("-")[1]
        tally = tallies.setdefault(f"counterfactual {tl}", Tally())
        for src, tgt, positive in ((row["src_feminine"], row["tgt_feminine"], False),
                                   (row["src_masculine"], row["tgt_masculine"], False),
                                   (row["src_feminine"], row["tgt_masculine"], True),
                                   (row["src_masculine"], row["tgt_feminine"], True)):
            tally.add(positive, "pronoun-gender" in _flags(checker, tgt, src, "en", tl))
    for row in _jsonl(root / "mt-geneval" / "contextual.jsonl", limit):
        tl = row["lang_pair"].split("-")[1]
        tally = tallies.setdefault(f"contextual {tl}", Tally())
        src = row["src_context_and_sentence"].replace("<sep>", " ")
        tally.add(False, "pronoun-gender" in _flags(checker, row["tgt_original"], src, "en", tl))
        tally.add(True, "pronoun-gender" in _flags(checker, row["tgt_flipped"], src, "en", tl))
    for label, tally in sorted(tallies.items()):
        print("  " + tally.line(f"{label} / pronoun-gender"))


def _mqm_units(path: Path) -> Iterable[tuple[str, str, bool]]:
    annotations: dict[tuple[str, ...], list[dict[str, str]]] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            key = (row["system"], row["doc"], row.get("globalSegId") or row.get("seg_id", ""), row["rater"])
            annotations.setdefault(key, []).append(row)
    for rows in annotations.values():
        clean = lambda s: s.replace("<v>", "").replace("</v>", "")  # noqa: E731
        gender = any(r["category"] == "Accuracy/Gender Mismatch" for r in rows)
        no_error = all(r["category"] == "No-error" for r in rows)
        if gender or no_error:
            yield clean(rows[0]["source"]), clean(rows[0]["target"]), gender


def mqm(root: Path, limit: int | None) -> None:
    print("== wmt-mqm generalMT2023 (Accuracy/Gender Mismatch annotations vs No-error annotations)")
    checker = _checker(["pronoun-gender"])
    for pair, sl, tl in (("zhen", "zh", "en"), ("ende", "en", "de")):
        tally = Tally()
        for n, (src, tgt, positive) in enumerate(_mqm_units(root / "wmt-mqm" / f"mqm_generalMT2023_{pair}.sxs3.tsv")):
            if limit is not None and n >= limit * 4:
                break
            tally.add(positive, "pronoun-gender" in _flags(checker, tgt, src, sl, tl))
        note = ""
        print("  " + tally.line(f"{pair} / pronoun-gender") + note)


def clean_text(root: Path) -> None:
    print("== false alarms on clean monolingual sentences (documents of 20 sentences)")
    checker = _checker(CHECKS)
    for corpus in ("leipzig", "ud"):
        for lang in ("fr", "en", "es", "it", "pt", "de"):
            path = root / "lid" / corpus / "sentences" / f"{lang}.txt"
            if not path.is_file():
                continue
            lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
            counts: dict[str, int] = {}
            for i in range(0, len(lines), 20):
                text = "\n".join(lines[i : i + 20])
                report = checker.scan_units([Unit(text)], target_lang=lang)
                for f in report.findings:
                    counts[f.check] = counts.get(f.check, 0) + 1
                    print(f"    FA {corpus}/{lang} {f.check}: {f.text!r} in …{text[max(0, f.start - 60):f.end + 40]!r}",
                          file=sys.stderr)
            print(f"  {corpus}/{lang}: {len(lines)} sentences, findings {counts or 0}")
    by_lang: dict[str, list[str]] = {}
    for row in _jsonl(root / "mt-geneval" / "sentences_counterfactual.jsonl", None):
        by_lang.setdefault(row["lang_pair"].split("-")[1], []).extend([row["tgt_feminine"], row["tgt_masculine"]])
    for row in _jsonl(root / "mt-geneval" / "contextual.jsonl", None):
        by_lang.setdefault(row["lang_pair"].split("-")[1], []).append(row["tgt_original"])
    for lang, sentences in sorted(by_lang.items()):
        counts = {}
        for sentence in sentences:
            for f in checker.scan_units([Unit(sentence)], target_lang=lang).findings:
                counts[f.check] = counts.get(f.check, 0) + 1
        print(f"  mt-geneval correct targets, no source, {lang}: {len(sentences)} sentences, findings {counts or 0}")


def throughput(root: Path) -> None:
    print("== throughput (all five checks, documents of 20 sentences)")
    for lang in ("en", "fr"):
        lines = [x for x in (root / "lid" / "leipzig" / "sentences" / f"{lang}.txt").read_text().splitlines() if x]
        units = [Unit("\n".join(lines[i : i + 20])) for i in range(0, len(lines), 20)] * 5
        checker = _checker(CHECKS)
        checker.scan_units(units[:1], target_lang=lang)
        get_analyzer(checker.services).parse("Il a expliqué que tout allait bien.", lang)  # load the parser
        start = time.perf_counter()
        checker.scan_units(units, target_lang=lang)
        elapsed = time.perf_counter() - start
        print(f"  {lang}: {len(lines) * 5} sentences in {elapsed:.2f}s = {len(lines) * 5 / elapsed:,.0f} sentences/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None, help="the shared data folder (default: found upwards)")
    parser.add_argument("--limit", type=int, default=None, help="at most N records per file")
    parser.add_argument("--only", choices=("demetr", "geneval", "mqm", "clean", "speed"), default=None)
    args = parser.parse_args()
    root = Path(args.data) if args.data else shared_data()
    if not root.is_dir():
        sys.exit(f"no data folder at {root} (pass --data)")
    steps = {"demetr": demetr, "geneval": geneval, "mqm": mqm}
    for name, step in steps.items():
        if args.only in (None, name):
            step(root, args.limit)
    if args.only in (None, "clean"):
        clean_text(root)
    if args.only in (None, "speed"):
        throughput(root)


if __name__ == "__main__":
    main()
