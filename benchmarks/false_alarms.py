"""False alarms on clean, real text: findings per 1,000 sentences, by check.

All data is read in place from ../shared/data, never copied. Two groups are reported:

- issue set: the Leipzig and Universal Dependencies sentences of lid/ for fr, es, en, de, it, pt, and
  the human reference translations (into English, with their sources) of
  demetr/base_id35_reference.jsonl;
- extra: professional translations with their English sources (mt-geneval, correct-gender pairs),
  crawled pairs judged valid (paracrawl-human-eval, web text), the checked machine translations of
  every demetr file (mt_sent, with sources), and the WMT MQM translations no rater marked an error in.

Every sentence is checked alone as one unit, and (except crawled and TED-talk segments) inside a plain-text
document where it runs on from the sentences around it (five to a paragraph), so checks that look
across sentence boundaries are exercised too. The packs of every other language pair into the same
target also run over each corpus without a source text (the es->fr packs over French sentences and
over the en->fr translations), so their high-precision entries are measured on clean text.

usage: python benchmarks/false_alarms.py [--data ../shared/data] [--show] [--by-corpus] [--select CODES]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter
from pathlib import Path

from mtqa.checks.packs import load_packs
from mtqa.checks.registry import all_checks
from mtqa.config import Config
from mtqa.model import Finding, Unit
from mtqa.run.pipeline import Checker

LANGS = ("fr", "es", "en", "de", "it", "pt")
DEMETR_LANGS = {"spanish": "es", "french": "fr", "german": "de", "italian": "it", "czech": "cs", "polish": "pl",
                "russian": "ru", "chinese_simple": "zh", "japanese": "ja", "hindi": "hi"}
PARAGRAPH = 5
EXTRA = ("geneval-", "paracrawl-", "demetrmt-", "wmtmqm-")
PACK_CHECKS = ("number-calque", "calque", "false-friend")


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def corpora(data: Path) -> list[tuple[str, str | None, str, list[tuple[str, str | None]]]]:
    """(name, source_lang, target_lang, [(target, source)]) for every clean corpus."""
    out = []
    for lang in LANGS:
        for corpus in ("leipzig", "ud"):
            path = data / "lid" / corpus / "sentences" / f"{lang}.txt"
            if path.is_file():
                out.append((f"{corpus}-{lang}", None, lang, [(s, None) for s in _lines(path)]))
    demetr = data / "demetr" / "base_id35_reference.jsonl"
    if demetr.is_file():
        by_source: dict[str, list[tuple[str, str | None]]] = {}
        for line in demetr.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            source_lang = DEMETR_LANGS.get(record["lang_tag"], record["lang_tag"])
            by_source.setdefault(source_lang, []).append((record["pert_sent"], record["src_sent"]))
        for source_lang, items in sorted(by_source.items()):
            out.append((f"demetr-{source_lang}-en", source_lang, "en", items))
    clean_mt: dict[tuple[str, int], tuple[str, str]] = {}
    for path in sorted((data / "demetr").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            source_lang = DEMETR_LANGS.get(record["lang_tag"], record["lang_tag"])
            clean_mt.setdefault((source_lang, record["id"]), (record["mt_sent"], record["src_sent"]))
    by_lang: dict[str, list[tuple[str, str | None]]] = {}
    for (source_lang, _id), item in sorted(clean_mt.items()):
        by_lang.setdefault(source_lang, []).append(item)
    for source_lang, items in sorted(by_lang.items()):
        out.append((f"demetrmt-{source_lang}-en", source_lang, "en", items))
    geneval = data / "mt-geneval"
    if geneval.is_dir():
        by_pair: dict[str, list[tuple[str, str | None]]] = {}
        for line in (geneval / "sentences_counterfactual.jsonl").read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            by_pair.setdefault(record["lang_pair"], []).append((record["tgt_masculine"], record["src_masculine"]))
        for line in (geneval / "contextual.jsonl").read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            source = record["src_context_and_sentence"].replace("<sep>", " ")
            by_pair.setdefault(record["lang_pair"], []).append((record["tgt_original"], source))
        for pair, items in sorted(by_pair.items()):
            source_lang, target_lang = pair.split("-")
            out.append((f"geneval-{pair}", source_lang, target_lang, items))
    for tsv in sorted((data / "wmt-mqm").glob("*.tsv")):
        out.extend(_mqm_clean(tsv))
    paracrawl = data / "paracrawl-human-eval" / "paracrawl_human_eval.jsonl"
    if paracrawl.is_file():
        valid: dict[str, list[tuple[str, str | None]]] = {}
        for line in paracrawl.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record["label"] == "V" and record["pair"].split("-")[1] in LANGS:
                valid.setdefault(record["pair"], []).append((record["trg"], record["src"]))
        for pair, items in sorted(valid.items()):
            source_lang, target_lang = pair.split("-")
            out.append((f"paracrawl-{pair}", source_lang, target_lang, items))
    return out


def _mqm_clean(path: Path) -> list[tuple[str, str | None, str, list[tuple[str, str | None]]]]:
    """WMT MQM translations in which no rater marked any error (text without the <v> tags)."""
    pair = path.stem.split("_")[-1].split(".")[0]  # "ende", "zhen"
    source_lang, target_lang = pair[:2], pair[2:]
    errors: dict[tuple[str, str], bool] = {}
    texts: dict[tuple[str, str], tuple[str, str]] = {}
    with path.open(encoding="utf-8") as handle:
        rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(rows)
        for row in rows:
            key = (row[0], row[3])
            errors[key] = errors.get(key, False) or row[7] != "No-error"
            texts[key] = (row[6].replace("<v>", "").replace("</v>", ""), row[5].replace("<v>", "").replace("</v>", ""))
    items = sorted({texts[key] for key, bad in errors.items() if not bad})
    return [(f"wmtmqm-{path.stem.split('_')[1]}-{source_lang}-{target_lang}", source_lang, target_lang, list(items))]


def _join(sentences: list[str]) -> str:
    """Sentences as running text; one without final punctuation (a title, a caption) ends its line."""
    out = sentences[0]
    for sentence in sentences[1:]:
        out += (" " if out.rstrip("»”\"’')]").endswith((".", "!", "?", "…")) else "\n") + sentence
    return out


def run(checker: Checker, source_lang: str | None, target_lang: str, items: list[tuple[str, str | None]],
        running: bool = True) -> tuple[list[Finding], list[Finding]]:
    """Findings with each sentence as its own unit, and with the sentences as running text."""
    units = [Unit(target=t, source=s, id=str(i)) for i, (t, s) in enumerate(items)]
    single = checker.scan_units(units, source_lang=source_lang, target_lang=target_lang).findings
    if not running:
        return single, []
    # The same sentences as running text: paragraphs of PARAGRAPH sentences, separated by blank lines.
    paragraphs = [_join([t for t, _ in items[i : i + PARAGRAPH]]) for i in range(0, len(items), PARAGRAPH)]
    document = Unit(target="\n\n".join(paragraphs), id="document")
    running = checker.scan_units([document], source_lang=source_lang, target_lang=target_lang).findings
    return single, running


def _default_data() -> Path:
    """../shared/data beside the repository (or beside the folder of worktrees)."""
    repo = Path(__file__).resolve().parents[1]
    candidates = [repo.parent / "shared" / "data", repo.parent.parent / "shared" / "data"]
    return next((c for c in candidates if c.is_dir()), candidates[0])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(_default_data()))
    parser.add_argument("--show", action="store_true", help="print every finding")
    parser.add_argument("--by-corpus", action="store_true", help="also print counts per corpus")
    parser.add_argument("--select", default="FL002,FL003,FL004,NU001,CA001,CA002",
                        help="checks to run (default: this family; 'all' for every check)")
    args = parser.parse_args()
    data = Path(args.data)
    if not (data / "lid").is_dir():
        print(f"no data at {data} (use --data)", file=sys.stderr)
        return 2
    checker = Checker(Config(select=[s for s in args.select.split(",") if s]))
    names = [cls.name for cls in all_checks() if cls in checker.check_classes]
    pack_names = [n for n in names if n in PACK_CHECKS]
    pack_checker = Checker(Config(select=pack_names)) if pack_names else None
    # (group, mode) -> counts; group "issue" is the set the issue names (lid + demetr), "extra" the rest.
    counts: dict[tuple[str, str], Counter[str]] = {}
    sentences: Counter[str] = Counter()
    by_corpus: dict[str, Counter[str]] = {}
    started = time.perf_counter()
    for name, source_lang, target_lang, items in corpora(data):
        group = "extra" if name.startswith(EXTRA) else "issue"
        segments = name.startswith(("paracrawl", "wmtmqm-ted"))  # crawled or talk segments, not sentences
        single, document = run(checker, source_lang, target_lang, items, running=not segments)
        if pack_checker is not None:
            # The packs of every other pair into this target, without a source text: their
            # high-precision entries must stay quiet on clean text whatever it was translated from.
            others = {p.source for p in load_packs() if p.target == target_lang and p.source} - {source_lang}
            for assumed in sorted(others):
                bare = [(target, None) for target, _source in items]
                more_single, more_document = run(pack_checker, assumed, target_lang, bare)
                single += more_single
                document += more_document
        counts.setdefault((group, "alone"), Counter()).update(f.check for f in single)
        counts.setdefault((group, "running"), Counter()).update(f.check for f in document)
        by_corpus[name] = Counter(f.check for f in single + document)
        sentences[group] += len(items)
        if args.show:
            for f in single + document:
                print(f"  {name} unit={f.unit} {f.check}: {f.text!r} -- {f.message}")
    elapsed = time.perf_counter() - started
    if args.by_corpus:
        print(f"{'corpus':22} " + " ".join(f"{n[:13]:>13}" for n in names))
        for name, found in by_corpus.items():
            print(f"{name:22} " + " ".join(f"{found.get(c, 0):13d}" for c in names))
        print()
    print(f"issue set: {sentences['issue']} clean sentences (lid fr es en de it pt, demetr references); "
          f"extra: {sentences['extra']} (mt-geneval, paracrawl, demetr clean MT, error-free WMT MQM); "
          f"{elapsed:.1f} s")
    print("findings (per 1,000 sentences): each sentence alone, and the same sentences as running text")
    print(f"{'check':16} {'issue alone':>18} {'issue running':>18} {'extra alone':>18} {'extra running':>18}")
    for check in names:
        cells = []
        for group, mode in (("issue", "alone"), ("issue", "running"), ("extra", "alone"), ("extra", "running")):
            n = counts.get((group, mode), Counter()).get(check, 0)
            cells.append(f"{n:5d} ({1000 * n / max(sentences[group], 1):5.2f})")
        print(f"{check:16} " + " ".join(f"{c:>18}" for c in cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
