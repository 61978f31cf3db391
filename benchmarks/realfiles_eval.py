"""Replay the hand judgements of a real-file corpus, with this repository's extra labels added.

usage: python benchmarks/realfiles_eval.py [dev|held|confirm] [MTQA_EXE] [-- eval_realfiles options]

`dev` is ../shared/data/realfiles-dev (read-only: the labels of findings first seen after it was
judged live in benchmarks/realfiles-dev-extra-labels.jsonl); `held` is benchmarks/realfiles with
benchmarks/realfiles-extra-labels.jsonl; `confirm` is benchmarks/realfiles-confirm, the confirmation set
(judged once on main 8318ddc), with benchmarks/realfiles-confirm-extra-labels.jsonl. The corpus is linked,
not copied, into a temporary folder whose labels.jsonl is the corpus's labels followed by the extra ones,
and ../shared/tools/eval_realfiles.py is run on it. MTQA_EXE defaults to the `mtqa` beside this Python.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from _data import shared_data

REPO = Path(__file__).resolve().parent.parent
SHARED = shared_data().parent  # ../shared beside the main checkout, or two levels up from a worktree
CORPORA = {
    "dev": (SHARED / "data" / "realfiles-dev", REPO / "benchmarks" / "realfiles-dev-extra-labels.jsonl"),
    "held": (REPO / "benchmarks" / "realfiles", REPO / "benchmarks" / "realfiles-extra-labels.jsonl"),
    "confirm": (REPO / "benchmarks" / "realfiles-confirm",
                REPO / "benchmarks" / "realfiles-confirm-extra-labels.jsonl"),
}


def main(argv: list[str]) -> int:
    passthrough = argv[argv.index("--") + 1:] if "--" in argv else []
    args = argv[:argv.index("--")] if "--" in argv else argv
    corpus = args[0] if args else "dev"
    if corpus not in CORPORA:
        sys.exit(f"unknown corpus {corpus!r}: choose dev, held or confirm")
    mtqa = args[1] if len(args) > 1 else str(Path(sys.executable).with_name("mtqa"))
    folder, extra = CORPORA[corpus]
    with tempfile.TemporaryDirectory(prefix="mtqa-realfiles-") as tmp:
        for entry in folder.iterdir():
            if entry.name != "labels.jsonl":
                os.symlink(entry, Path(tmp) / entry.name)
        labels = (folder / "labels.jsonl").read_text(encoding="utf-8")
        if extra.is_file():
            labels = labels.rstrip("\n") + "\n" + extra.read_text(encoding="utf-8")
        (Path(tmp) / "labels.jsonl").write_text(labels, encoding="utf-8")
        tool = SHARED / "tools" / "eval_realfiles.py"
        return subprocess.call([sys.executable, str(tool), tmp, mtqa, *passthrough])


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
