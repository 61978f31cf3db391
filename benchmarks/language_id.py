"""Wrong-language span detection and language detection on the shared LID development data.

Reads ../shared/data/lid/ (relative to the repository) in place and prints one table with a row per
backend, mode and data set:

- modes: `pair` (target and source language given), `no-source` (target given: the foreign languages
  are inferred from each paragraph) and `no-options` (nothing given: the target is detected first);
- sets: `dev` (mixed.jsonl and mono.jsonl), and with --synth the two halves of more paragraphs built
  from the dev sentences (benchmarks/lid_synth.py: tune on one half, confirm on the other);
- columns: precision / recall / F1 of foreign spans (micro-averaged over letters and digits, as in
  notes/lid.md), the share of gold spans hit (at least half their letters flagged) per kind, the
  false-alarm rate on monolingual paragraphs (paragraphs with any flag), target detection errors
  (no-options), and clauses per second.

--files checks target detection on monolingual files of more than 20 words built from the dev sentences
(every language). --speed times the clean-sentence quick path against a baseline revision (each tree in
its own process, interleaved), and the cost of the new passes in sentences per second. Optionally
(--paracrawl) the segment-level recall / false alarms on ParaCrawl target-side wrong-language pairs.

usage: python benchmarks/language_id.py [--backends py3langid,langdetect,lingua] [--modes pair,no-source,no-options]
       [--synth] [--files] [--speed [--baseline-rev fdbe147]] [--clean] [--demetr] [--codeswitch] [--paracrawl]
       [--errors]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mtqa.checks.language import load_loanwords
from mtqa.langid.code_switch import ForeignSpan, SpanFinder
from mtqa.langid.detector import BACKENDS, make_detector
from mtqa.text.sentences import split_clauses, split_sentences

REPO = Path(__file__).resolve().parents[1]
# ../shared next to the repository; a git worktree one level deeper (wt/NAME) finds it further up.
SHARED = next((p / "shared" for p in REPO.parents if (p / "shared" / "data" / "lid").is_dir()), REPO.parent / "shared")
LID = SHARED / "data" / "lid"
MODES = ("pair", "no-source", "no-options")
REPEATS = 3


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def alnum_positions(text: str, start: int, end: int) -> set[int]:
    return {i for i in range(start, end) if text[i].isalnum()}


def count_clauses(text: str, lang: str) -> int:
    return sum(len(split_clauses(text, s)) for s in split_sentences(text, lang))


def new_finder(name: str) -> SpanFinder:
    return SpanFinder(make_detector(name), loanwords=load_loanwords())


def find(finder: SpanFinder, mode: str, item: dict[str, Any]) -> tuple[list[ForeignSpan], str | None]:
    """The spans `mode` finds in one paragraph, and the target language it used (None: not detected)."""
    text, host = item["text"], item["host"]
    if mode == "pair":
        return finder.find(text, host, item.get("foreign") or item.get("source")), host
    if mode == "no-source":
        return finder.find(text, host, None), host
    from mtqa.langid.dominant import dominant_language

    found = dominant_language([text], finder.detector)
    return (finder.find(text, found.lang, None) if found.lang else []), found.lang


def evaluate(name: str, mode: str, mixed: list[dict[str, Any]], mono: list[dict[str, Any]],
             show_errors: bool) -> dict[str, Any]:
    finder = new_finder(name)
    for item in mixed + mono:  # load models and word lists outside the timing
        find(finder, mode, item)
    tp = fp = fn = 0
    hits: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    wrong_target = 0
    for item in mixed:
        text = item["text"]
        spans, target = find(finder, mode, item)
        wrong_target += target != item["host"]
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
            print(f"  [{name} {mode}] {item['id']} {item['kind']} gold={[text[s:e] for s, e, _ in item['spans']]}")
            print(f"      found={[(text[s.start:s.end], s.lang, round(s.confidence, 3), s.layer) for s in spans]}")
    flagged = 0
    for item in mono:
        spans, target = find(finder, mode, item)
        wrong_target += target != item["host"]
        if spans:
            flagged += 1
            if show_errors:
                found = [(item["text"][s.start : s.end], s.lang, s.layer) for s in spans]
                print(f"  [{name} {mode}] FALSE ALARM {item['id']}: {found}")
    elapsed = best_time(lambda: _run_all(name, mode, mixed + mono))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    n_clauses = sum(count_clauses(item["text"], item["host"]) for item in mixed + mono)
    return {
        "backend": name, "mode": mode, "P": precision, "R": recall, "F1": f1,
        "hits": {kind: h[0] / h[1] for kind, h in sorted(hits.items())},
        "mono_fpr": flagged / len(mono), "mono_flagged": flagged, "mono": len(mono),
        "wrong_target": wrong_target if mode == "no-options" else None,
        "clauses_per_s": n_clauses / elapsed, "elapsed": elapsed,
    }


def _run_all(name: str, mode: str, items: list[dict[str, Any]]) -> None:
    # A new finder each run: its memo of seen texts and its detector's answers start empty, so the
    # repeats measure classification, not the memo (the loaded model is shared and stays).
    finder = new_finder(name)
    for item in items:
        find(finder, mode, item)


def best_time(work: Callable[[], None], repeats: int = REPEATS) -> float:
    """The best of `repeats` runs: the machine is shared, and the minimum is the least noisy figure."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def data_sets(synth: bool) -> list[tuple[str, list[dict[str, Any]], list[dict[str, Any]]]]:
    sets = [("dev", read_jsonl(LID / "mixed" / "mixed.jsonl"), read_jsonl(LID / "mixed" / "mono.jsonl"))]
    if synth:
        import lid_synth

        mixed, mono = lid_synth.mixed_paragraphs(LID), lid_synth.mono_paragraphs(LID)
        for half in (0, 1):
            sets.append((f"synth-{'AB'[half]}", [m for m in mixed if m["half"] == half],
                         [m for m in mono if m["half"] == half]))
    return sets


def print_table(rows: list[dict[str, Any]]) -> None:
    kinds = sorted({kind for row in rows for kind in row["hits"]})
    print("| backend | mode | set | P | R | F1 | " + " | ".join(f"hit {k}" for k in kinds)
          + " | mono false alarms | target wrong/undetected | clauses/s |")
    print("|---|---|---|---|---|---|" + "---|" * len(kinds) + "---|---|---|")
    for row in rows:
        hit_cells = " | ".join(f"{row['hits'].get(k, 0):.2f}" for k in kinds)
        wrong = "" if row["wrong_target"] is None else str(row["wrong_target"])
        print(f"| {row['backend']} | {row['mode']} | {row['set']} | {row['P']:.3f} | {row['R']:.3f} | "
              f"{row['F1']:.3f} | {hit_cells} | {row['mono_fpr']:.2%} ({row['mono_flagged']}/{row['mono']}) | "
              f"{wrong} | {row['clauses_per_s']:,.0f} |")


def monolingual_files(name: str, show_errors: bool) -> None:
    """Target detection on every monolingual file of more than 20 words built from the dev sentences."""
    import lid_synth

    from mtqa.langid.dominant import dominant_language

    detector = make_detector(name)
    files = lid_synth.monolingual_files(LID)
    per_lang: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for lang, corpus, text in files:
        found = dominant_language([text], detector)
        per_lang[lang][1] += 1
        if found.lang == lang:
            per_lang[lang][0] += 1
        elif show_errors:
            print(f"  [{name}] {lang} ({corpus}) detected {found.lang} ({found.problem or found.confidence}): "
                  f"{text[:90]}")
    right = sum(r for r, _ in per_lang.values())
    wrong = ", ".join(f"{lang} {n - r}/{n}" for lang, (r, n) in sorted(per_lang.items()) if r < n)
    print(f"target detection [{name}]: {right}/{len(files)} files of more than 20 words right in "
          f"{len(per_lang)} languages" + (f"; wrong: {wrong}" if wrong else ""))


def paracrawl(name: str) -> tuple[int, int, int, int]:
    """Target-side wrong-language pairs found, and valid pairs flagged, at segment level."""
    finder = new_finder(name)
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


CLEAN_PAIRS = (("fr", "es"), ("en", "fr"), ("de", "en"), ("pt", "es"), ("it", "es"), ("es", "en"), ("fr", "en"))


def clean_jobs() -> list[tuple[str, str, str]]:
    """(sentence, host, source) for the clean Leipzig + UD sentences: the pairs of the mixed set, then
    every host with en (fr for English)."""
    hosts = sorted(p.stem for p in (LID / "leipzig" / "sentences").glob("*.txt"))
    pairs = list(CLEAN_PAIRS) + [(h, "fr" if h == "en" else "en") for h in hosts if h not in ("en",)]
    jobs = []
    for host, source in dict.fromkeys(pairs):
        for corpus in ("leipzig", "ud"):
            path = LID / corpus / "sentences" / f"{host}.txt"
            if path.is_file():
                jobs += [(line, host, source) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
    return jobs


def clean_sentences(name: str, show_errors: bool, source_given: bool = True) -> None:
    """Flagged share of clean Leipzig + UD sentences, with the source language given or not."""
    finder = new_finder(name)
    total = flagged = 0
    per_pair: Counter[str] = Counter()
    for line, host, source in clean_jobs():
        spans = finder.find(line, host, source if source_given else None)
        total += 1
        if spans:
            flagged += 1
            per_pair[f"{host}<-{source if source_given else '?'}"] += 1
            if show_errors:
                found = [(line[s.start : s.end], s.lang, s.layer) for s in spans]
                print(f"  [{name}] clean {host}<-{source if source_given else '?'}: {found}")
    mode = "pair" if source_given else "no-source"
    print(f"clean sentences [{name} {mode}]: {flagged}/{total} flagged ({flagged / total:.2%}); "
          + ", ".join(f"{pair} {n}" for pair, n in sorted(per_pair.items())))


def speed_worker() -> None:
    """Run in a subprocess with PYTHONPATH set to one tree: for each mode read from stdin ("pair" or
    "no-source"), one timed pass over the clean sentences with a fresh finder, its seconds on stdout.
    Uses only what every revision has."""
    jobs = clean_jobs()

    def one_pass(mode: str) -> float:
        finder = new_finder("py3langid")
        started = time.perf_counter()
        for line, host, source in jobs:
            finder.find(line, host, source if mode == "pair" else None)
        return time.perf_counter() - started

    for mode in ("pair", "no-source"):
        one_pass(mode)  # models, word lists and caches loaded
    print("ready", flush=True)
    for line in sys.stdin:
        print(one_pass(line.strip()), flush=True)


def _tree_of(revision: str, folder: Path) -> Path:
    """The mtqa package of a git revision, extracted into `folder`."""
    archive = subprocess.run(["git", "-C", str(REPO), "archive", revision, "mtqa"], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def _start_worker(tree: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    worker = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--speed-worker"], env=env,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert worker.stdout is not None and worker.stdout.readline().strip() == "ready"
    return worker


def _ask(worker: subprocess.Popen[str], mode: str) -> float:
    assert worker.stdin is not None and worker.stdout is not None
    worker.stdin.write(mode + "\n")
    worker.stdin.flush()
    return float(worker.stdout.readline())


def speed(baseline: str, rounds: int = 10) -> None:
    """The clean-sentence paths of this tree against `baseline`: one warm process per tree, passes
    alternating between them (the machine is shared: the best of each is compared); then the cost of
    the passes this tree adds, in sentences per second."""
    from mtqa.langid.dominant import dominant_language

    jobs = clean_jobs()
    times: dict[tuple[str, str], list[float]] = defaultdict(list)
    with tempfile.TemporaryDirectory() as folder:
        workers = {baseline: _start_worker(_tree_of(baseline, Path(folder))), "this tree": _start_worker(REPO)}
        try:
            for _ in range(rounds):
                for mode in ("pair", "no-source"):
                    for name, worker in workers.items():
                        times[name, mode].append(_ask(worker, mode))
        finally:
            for worker in workers.values():
                if worker.stdin is not None:
                    worker.stdin.close()
                worker.wait()
    print(f"speed on {len(jobs)} clean sentences (best of {rounds} passes per tree, alternating):")
    for mode in ("pair", "no-source"):
        before, after = min(times[baseline, mode]), min(times["this tree", mode])
        print(f"  {mode:9}: {baseline} {len(jobs) / before:,.0f} sentences/s, this tree {len(jobs) / after:,.0f} "
              f"sentences/s ({after / before - 1:+.1%} time)")
    finder = new_finder("py3langid")
    for line, host, _source in jobs:
        finder.infer(line, host)
    infer_time = best_time(lambda: [new_finder("py3langid").infer(line, host) for line, host, _ in jobs])
    documents = _documents(jobs)
    dominant_language(documents[0], finder.detector)
    detect_time = best_time(lambda: [dominant_language(doc, make_detector("py3langid")) for doc in documents])
    n_detected = sum(len(doc) for doc in documents)
    print(f"  new passes: inference of foreign languages {len(jobs) / infer_time:,.0f} sentences/s; "
          f"target detection {n_detected / detect_time:,.0f} sentences/s (documents of 10 sentences)")


def _documents(jobs: list[tuple[str, str, str]], size: int = 10) -> list[list[str]]:
    """The clean sentences of each host in documents of `size` sentences (each host's sentences once)."""
    by_host: dict[str, list[str]] = defaultdict(list)
    for line, host, _source in jobs:
        if line not in by_host[host]:
            by_host[host].append(line)
    return [lines[i : i + size] for lines in by_host.values() for i in range(0, len(lines), size)]


DEMETR_LANGS = {"chinese_simple": "zh", "czech": "cs", "french": "fr", "german": "de", "hindi": "hi",
                "italian": "it", "japanese": "ja", "polish": "pl", "russian": "ru", "spanish": "es"}


def demetr(name: str, show_errors: bool) -> None:
    """DEMETR code-mix into English: perturbed MT flagged (recall) vs its clean MT flagged (false alarms)."""
    finder = new_finder(name)
    found = alarms = total = 0
    per_lang: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in read_jsonl(SHARED / "data" / "demetr" / "critical_id4_codemix.jsonl"):
        source = DEMETR_LANGS.get(row["lang_tag"])
        total += 1
        hit = bool(finder.find(row["pert_sent"], "en", source))
        found += hit
        per_lang[row["lang_tag"]][0] += hit
        per_lang[row["lang_tag"]][1] += 1
        clean = finder.find(row["mt_sent"], "en", source)
        alarms += bool(clean)
        if show_errors and clean:
            print(f"  [{name}] demetr clean flagged: {[row['mt_sent'][s.start:s.end] for s in clean]}")
    langs = ", ".join(f"{lang} {h}/{n}" for lang, (h, n) in sorted(per_lang.items()))
    print(f"demetr code-mix [{name}]: found {found}/{total} ({found / total:.2f}) [{langs}]; "
          f"clean MT flagged {alarms}/{total} ({alarms / total:.2%})")


def paracrawl_untranslated() -> None:
    """The untranslated check (LG002, bitext) on the same ParaCrawl pairs, by label."""
    from mtqa import Checker, Config
    from mtqa.model import Unit

    checker = Checker(Config(select=["LG002"]))
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in read_jsonl(SHARED / "data" / "paracrawl-human-eval" / "paracrawl_human_eval.jsonl"):
        src_lang, tgt_lang = row["pair"].split("-")
        report = checker.scan_units([Unit(target=row["trg"], source=row["src"])], source_lang=src_lang,
                                    target_lang=tgt_lang)
        counts[row["label"]][0] += bool(report.findings)
        counts[row["label"]][1] += 1
    labels = ", ".join(f"{label} {hit}/{total}" for label, (hit, total) in sorted(counts.items()))
    print(f"paracrawl untranslated (LG002) flagged by label (L wrong language, V valid, E error): {labels}")


def codeswitch(name: str) -> None:
    """Spanish tweets with English code-switches (token labels): token-level precision and recall of
    ENG/OTH tokens, and the share of borrowings (BOR), names (ENT) and Spanish tokens flagged."""
    finder = new_finder(name)
    raw = (SHARED / "data" / "es-en-codeswitching" / "dev.conll").read_text(encoding="utf-8")
    counts: Counter[str] = Counter()
    flagged: Counter[str] = Counter()
    for block in raw.replace("\r\n", "\n").split("\n\n"):
        rows = [line.split("\t")[:2] for line in block.split("\n") if "\t" in line]
        if not rows:
            continue
        text, offsets = "", []
        for token, _label in rows:
            offsets.append((len(text), len(text) + len(token)))
            text += token + " "
        spans = finder.find(text, "es", "en")
        for (start, end), (_token, label) in zip(offsets, rows, strict=True):
            counts[label] += 1
            flagged[label] += any(s.start < end and start < s.end for s in spans)
    positive = flagged["ENG"] + flagged["OTH"]
    total_flagged = sum(flagged[label] for label in ("ENG", "OTH", "BOR", "ENT", "SPA"))
    precision = positive / total_flagged if total_flagged else 1.0
    recall = positive / (counts["ENG"] + counts["OTH"])
    rates = ", ".join(f"{label} {flagged[label]}/{counts[label]}" for label in ("BOR", "ENT", "SPA"))
    print(f"es-en code-switching tweets [{name}]: token P {precision:.2f} R {recall:.2f}; flagged {rates}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="py3langid,langdetect,lingua")
    parser.add_argument("--modes", default=",".join(MODES), help="pair, no-source, no-options")
    parser.add_argument("--synth", action="store_true", help="also score the two halves of the built paragraphs")
    parser.add_argument("--files", action="store_true", help="target detection on monolingual files (>20 words)")
    parser.add_argument("--speed", action="store_true", help="clean-sentence speed against --baseline-rev")
    parser.add_argument("--baseline-rev", default="fdbe147", help="git revision timed against (default fdbe147)")
    parser.add_argument("--speed-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--paracrawl", action="store_true", help="also score ParaCrawl wrong-language pairs")
    parser.add_argument("--clean", action="store_true", help="also count flags on clean Leipzig/UD sentences")
    parser.add_argument("--codeswitch", action="store_true", help="also score Spanish-English code-switched tweets")
    parser.add_argument("--demetr", action="store_true", help="also score DEMETR code-mix (into English)")
    parser.add_argument("--errors", action="store_true", help="print every missed or extra span")
    args = parser.parse_args()
    if args.speed_worker:
        speed_worker()
        return
    backends = [name for name in args.backends.split(",") if name]
    for name in backends:
        if name not in BACKENDS:
            raise SystemExit(f"unknown backend {name}")
    modes = [mode for mode in args.modes.split(",") if mode]
    for mode in modes:
        if mode not in MODES:
            raise SystemExit(f"unknown mode {mode} (known: {', '.join(MODES)})")
    sets = data_sets(args.synth)
    for set_name, mixed, mono in sets:
        print(f"data: {set_name}: {len(mixed)} mixed, {len(mono)} monolingual paragraphs")
    rows = []
    for name in backends:
        for mode in modes:
            for set_name, mixed, mono in sets:
                try:
                    rows.append({**evaluate(name, mode, mixed, mono, args.errors), "set": set_name})
                except ImportError as exc:  # an optional extra that is not installed
                    print(f"{name}: skipped ({exc})")
                    break
    print()
    print_table(rows)
    print()
    if args.files:
        for name in backends:
            monolingual_files(name, args.errors)
    if args.speed:
        speed(args.baseline_rev)
    if args.clean:
        for name in backends:
            clean_sentences(name, args.errors)
            clean_sentences(name, args.errors, source_given=False)
    if args.codeswitch:
        for name in backends:
            codeswitch(name)
    if args.demetr:
        for name in backends:
            demetr(name, args.errors)
    if args.paracrawl:
        paracrawl_untranslated()
        for name in backends:
            found, positives, alarms, negatives = paracrawl(name)
            print(f"paracrawl [{name}]: target-side wrong language found {found}/{positives} "
                  f"({found / positives:.2f}); valid pairs flagged {alarms}/{negatives} ({alarms / negatives:.2%})")


if __name__ == "__main__":
    main()
