"""Which recorded misses of a real-file corpus mtqa now finds.

usage: python benchmarks/realfiles_misses.py [dev|held|confirm|all] [MTQA_EXE] [--list]

Each corpus lists by hand, in missed.jsonl, real defects that mtqa did not report when it was judged
(file, unit, the check expected, the text). This runs each file of those entries as
../shared/tools/eval_realfiles.py does (its runs.tsv options, from inside the corpus folder) and counts
an entry as found when a finding of the expected check is in the same unit (same id) and overlaps the
recorded text, or, where the unit id changed, has the same text. Another check on the same text is
shown apart ("other check"). --list prints every entry with its outcome.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

from realfiles_eval import CORPORA, SHARED

TOOL = SHARED / "tools" / "eval_realfiles.py"


def _tool():
    spec = importlib.util.spec_from_file_location("eval_realfiles", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _overlaps(finding: dict, miss: dict) -> bool:
    text, found = miss.get("text") or "", finding.get("text") or ""
    return bool(text) and (text in found or found in text) and bool(found)


def outcome(miss: dict, findings: list[dict]) -> str:
    unit = str(miss.get("unit", ""))
    same_unit = [f for f in findings if str(f.get("unit", "")) == unit]
    expected = miss.get("check_expected") or miss.get("check")
    if any(f.get("check") == expected and (_overlaps(f, miss) or not miss.get("text")) for f in same_unit):
        return "found"
    if any(f.get("check") == expected and (f.get("text") or "") == miss.get("text") for f in findings):
        return "found"
    if any(_overlaps(f, miss) for f in same_unit):
        return "other check"
    return "missed"


def corpus_misses(name: str, mtqa: str, tool, show: bool) -> Counter[str]:
    folder = CORPORA[name][0]
    misses = [json.loads(line) for line in (folder / "missed.jsonl").read_text(encoding="utf-8").splitlines()
              if line.strip()]
    runs = {run["file"]: run for run in tool.read_runs(folder / "runs.tsv")}
    reports: dict[str, list[dict]] = {}
    tally: Counter[str] = Counter()
    for miss in misses:
        file = miss["file"]
        if file not in reports:
            run = runs.get(file) or {"file": file, "opts": [], "fallback": [], "role": "scan"}
            used = tool.run_one(mtqa, str(folder), run, 300)["used"]
            reports[file] = tool.findings_of(used["report"])[0] if used["report"] else []
        result = outcome(miss, reports[file])
        tally[result] += 1
        if show:
            print(f"  {result:11} {name}: {file} [{miss.get('check_expected') or miss.get('check')}] "
                  f"{miss.get('text', '')[:60]!r}")
    return tally


def main(argv: list[str]) -> int:
    show = "--list" in argv
    args = [a for a in argv if a != "--list"]
    which = args[0] if args else "all"
    names = list(CORPORA) if which == "all" else [which]
    if any(n not in CORPORA for n in names):
        sys.exit(f"unknown corpus {which!r}: choose dev, held, confirm or all")
    mtqa = args[1] if len(args) > 1 else str(Path(sys.executable).with_name("mtqa"))
    tool = _tool()
    for name in names:
        tally = corpus_misses(name, mtqa, tool, show)
        total = sum(tally.values())
        print(f"{name}: recorded misses now found {tally['found']}/{total}"
              f" (another check on the same text: {tally['other check']}; still missed: {tally['missed']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
