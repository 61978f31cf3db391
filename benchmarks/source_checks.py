"""Source-aware checks on real labelled data, read in place from ../shared/data/ (never copied).

Prints, for number-mismatch on DEMETR `critical_id10_numbers_replaced` (perturbed MT = positive, clean
MT = its negative, both with the source): recall, false-alarm rate and precision; for every
source-aware check, findings per 1,000 units on clean sets: ParaCrawl pairs labelled valid (V), DEMETR
human references and clean MT, mt-geneval human translations, WMT21 critical-error pairs labelled
NOT and WMT MQM segments without errors; and entity-missing on `critical_id25_ne_removed` when
`mtqa/checks/entities.py` exists.

    python benchmarks/source_checks.py [--data ../shared/data] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from mtqa.checks.registry import all_checks
from mtqa.config import Config
from mtqa.model import FileReport, Unit
from mtqa.run.pipeline import Checker

DEMETR_LANGS = {"chinese_simple": "zh", "czech": "cs", "french": "fr", "german": "de", "hindi": "hi",
                "italian": "it", "japanese": "ja", "polish": "pl", "russian": "ru", "spanish": "es"}
MULTI_SYSTEM = {"wmt-mqm segments without errors"}
SOURCE_CHECKS = [cls.name for cls in all_checks() if cls.needs_source]


def _jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _flagged(checker: Checker, source: str, target: str, src: str, tgt: str, check: str) -> list:
    report = checker.scan_units([Unit(target=target, source=source, id="1")], source_lang=src, target_lang=tgt)
    return [f for f in report.findings if f.check == check]


def perturbation(data: Path, file: str, check: str, verbose: bool) -> None:
    path = data / "demetr" / file
    if not path.is_file():
        print(f"{file}: missing")
        return
    checker = Checker(Config(select=[check], jobs=1))
    tp = fp = 0
    rows = _jsonl(path)
    for row in rows:
        lang = DEMETR_LANGS[row["lang_tag"]]
        pos = _flagged(checker, row["src_sent"], row["pert_sent"], lang, "en", check)
        neg = _flagged(checker, row["src_sent"], row["mt_sent"], lang, "en", check)
        tp += bool(pos)
        fp += bool(neg)
        if verbose and (neg or not pos):
            kind = "FALSE ALARM" if neg else "MISSED"
            print(f"  {kind} [{lang}] {row['src_sent'][:100]}\n     mt: {row['mt_sent'][:100]}\n"
                  f"   pert: {row['pert_sent'][:100]}  {[f.text for f in neg or pos]}")
    n = len(rows)
    precision = tp / (tp + fp) if tp + fp else 0.0
    print(f"{check} on demetr/{file}: n={n} recall={tp / n:.3f} false-alarm rate={fp / n:.3f} "
          f"precision={precision:.3f} (pert flagged {tp}, clean mt flagged {fp})")


def _mqm_clean(folder: Path) -> list[tuple[str, str, str, str]]:
    """WMT MQM segments that every rater marked No-error, once each."""
    verdicts: dict[tuple[str, str, str, str], set[str]] = {}
    for file in sorted(folder.glob("*.tsv")):
        pair = "en-de" if "ende" in file.name else "zh-en"
        with file.open(encoding="utf-8") as handle:
            header = handle.readline().rstrip("\n").split("\t")
            col = {name: i for i, name in enumerate(header)}
            for line in handle:
                cells = line.rstrip("\n").split("\t")
                if len(cells) < len(header):
                    continue
                target = cells[col["target"]].replace("<v>", "").replace("</v>", "")
                key = (cells[col["source"]], target, *pair.split("-"))
                verdicts.setdefault(key, set()).add(cells[col["category"]])
    return [key for key, categories in verdicts.items() if categories == {"No-error"}]


def per_thousand(data: Path, verbose: bool) -> None:
    checker = Checker(Config(select=SOURCE_CHECKS, jobs=1))
    sets: dict[str, list[tuple[str, str, str, str]]] = {"paracrawl V": [], "demetr reference": []}
    para = data / "paracrawl-human-eval" / "paracrawl_human_eval.jsonl"
    if para.is_file():
        for row in _jsonl(para):
            if row["label"] == "V":
                src, tgt = row["pair"].split("-")
                sets["paracrawl V"].append((row["src"], row["trg"], src, tgt))
    seen: set[int] = set()
    sets["demetr clean MT (all files)"] = []
    for file in sorted((data / "demetr").glob("*.jsonl")):
        for row in _jsonl(file):
            if row["id"] not in seen:
                seen.add(row["id"])
                sets["demetr clean MT (all files)"].append(
                    (row["src_sent"], row["mt_sent"], DEMETR_LANGS[row["lang_tag"]], "en"))
    geneval = data / "mt-geneval" / "sentences_counterfactual.jsonl"
    if geneval.is_file():
        sets["mt-geneval human translations"] = [
            (row["src_feminine"], row["tgt_feminine"], *row["lang_pair"].split("-")) for row in _jsonl(geneval)]
    sets["wmt21 critical-errors NOT"] = []
    for file in sorted((data / "wmt21-critical-errors").glob("*_dev.tsv")):
        tgt = file.name[2:4]
        with file.open(encoding="utf-8") as handle:
            for line in handle:
                cells = line.rstrip("\n").split("\t")
                if len(cells) >= 5 and cells[4] == "NOT":
                    sets["wmt21 critical-errors NOT"].append((cells[1], cells[2], "en", tgt))
    sets["wmt-mqm segments without errors"] = _mqm_clean(data / "wmt-mqm")
    ref = data / "demetr" / "base_id35_reference.jsonl"
    if ref.is_file():
        for row in _jsonl(ref):
            sets["demetr reference"].append((row["src_sent"], row["pert_sent"], DEMETR_LANGS[row["lang_tag"]], "en"))
    for name, pairs in sets.items():
        # One document per set, so that the document-level inconsistency check sees every unit; except
        # where the set holds several systems' translations of the same sources (not one translation job).
        units = [Unit(target=target, source=source, id=str(i), source_lang=src, target_lang=tgt)
                 for i, (source, target, src, tgt) in enumerate(pairs, start=1)]
        by_id = {u.id: u for u in units}
        started = time.perf_counter()
        if name in MULTI_SYSTEM:
            findings = [f for u in units for f in checker.scan_units([u], path=name).findings]
        else:
            findings = checker.scan_units(units, path=name).findings
        seconds = time.perf_counter() - started
        report = FileReport(name, None, None, findings)
        counts: Counter[str] = Counter(f.check for f in report.findings)
        if verbose:
            for finding in report.findings:
                unit = by_id[finding.unit or ""]
                print(f"  [{name} {unit.source_lang}-{unit.target_lang}] {finding.check}: {finding.text[:60]!r} | "
                      f"{(unit.source or '')[:80]!r}")
        n = len(pairs) or 1
        detail = ", ".join(f"{c}={counts[c] * 1000 / n:.1f}" for c in SOURCE_CHECKS)
        print(f"{name}: {len(pairs)} units, findings per 1,000 units: {detail} "
              f"({len(pairs) / seconds:.0f} units/s)")


def throughput(units: int = 20000) -> None:
    """Reading and checking a synthetic XLIFF file (made here, nothing from the shared data)."""
    import tempfile

    from mtqa.readers import read_document

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "synthetic.xlf"
        with path.open("w", encoding="utf-8") as out:
            out.write('<?xml version="1.0"?><xliff version="1.2"><file source-language="en" target-language="fr">'
                      "<body>\n")
            for i in range(units):
                out.write(f'<trans-unit id="u{i}"><source>Hello <g id="1">%s</g>, you have {i} new messages.'
                          f'</source><target>Bonjour <g id="1">%s</g>, vous avez {i} nouveaux messages.</target>'
                          "</trans-unit>\n")
            out.write("</body></file></xliff>\n")
        started = time.perf_counter()
        count = sum(1 for _ in read_document(str(path)).units)
        read_s = time.perf_counter() - started
        checker = Checker(Config(select=SOURCE_CHECKS, jobs=1))
        started = time.perf_counter()
        checker.scan_document(read_document(str(path)), "en", "fr")
        scan_s = time.perf_counter() - started
    print(f"synthetic XLIFF, {count} units: read {count / read_s:.0f} units/s; read + source checks "
          f"{count / scan_s:.0f} units/s (one process)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None, help="the shared data folder (default: ../shared/data next to "
                        "the repository or one level up)")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    repo = Path(__file__).resolve().parents[1]
    candidates = [Path(args.data)] if args.data else [repo.parent / "shared" / "data",
                                                      repo.parent.parent / "shared" / "data",
                                                      Path("../shared/data")]
    data = next((c for c in candidates if (c / "demetr").is_dir()), None)
    if data is None:
        raise SystemExit(f"no shared data folder found (tried {', '.join(map(str, candidates))}); pass --data")
    perturbation(data, "critical_id10_numbers_replaced.jsonl", "number-mismatch", args.verbose)
    if (Path(__file__).resolve().parents[1] / "mtqa" / "checks" / "entities.py").is_file():
        perturbation(data, "critical_id25_ne_removed.jsonl", "entity-missing", args.verbose)
    per_thousand(data, args.verbose)
    throughput()


if __name__ == "__main__":
    main()
