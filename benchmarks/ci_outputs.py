"""Cost of the CI outputs and of the suppression / baseline stages, on real clean text read in place.

Builds a bitext TSV (source = es sentence, target = fr sentence, Leipzig samples cycled, not aligned:
only the cost is measured) and a plain-text file of the same French sentences, then times `mtqa scan` per output
format, `mtqa baseline`, and a scan against that baseline, and counts `unused-suppression` findings on
the clean text (must be 0). Prints one line per measurement.

    python benchmarks/ci_outputs.py [--units 20000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_REPO = Path(__file__).resolve().parents[1]
DATA = next((base / "shared" / "data" / "lid" / "leipzig" / "sentences" for base in (_REPO.parent, _REPO.parent.parent)
             if (base / "shared").is_dir()), _REPO.parent / "shared")
MTQA = [sys.executable, "-m", "mtqa"]


def timed(args: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess[bytes]]:
    start = time.perf_counter()
    result = subprocess.run(MTQA + args, cwd=cwd, capture_output=True)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=20000)
    parser.add_argument("--data", type=Path, default=DATA)
    options = parser.parse_args()
    fr = [line.strip() for line in (options.data / "fr.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
    es = [line.strip() for line in (options.data / "es.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
    n = options.units  # the samples are short: cycle through them (only the cost is measured)
    fr = [fr[i % len(fr)] for i in range(n)]
    es = [es[i % len(es)] for i in range(n)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "pairs.tsv").write_text("".join(f"{es[i]}\t{fr[i]}\n" for i in range(n)), encoding="utf-8")
        (folder / "text.txt").write_text("\n\n".join(fr[:n]) + "\n", encoding="utf-8")
        print(f"units: {n} (bitext pairs.tsv) and {n} sentences in paragraphs (text.txt)")
        for name in ("pairs.tsv", "text.txt"):
            for fmt in ("json", "jsonl", "sarif", "junit", "github", "html"):
                seconds, result = timed(["scan", name, "-s", "es", "-t", "fr", "-f", fmt, "-o", f"out.{fmt}",
                                         "--exit-zero", "-j", "1"], folder)
                size = (folder / f"out.{fmt}").stat().st_size
                print(f"{name:10} {fmt:6} {seconds:6.2f} s  {n / seconds:8.0f} units/s  {size / 1e6:6.2f} MB  "
                      f"rc={result.returncode}")
            seconds, _ = timed(["baseline", name, "-s", "es", "-t", "fr", "-o", "base.json", "-j", "1"], folder)
            recorded = len(json.loads((folder / "base.json").read_text(encoding="utf-8"))["findings"])
            print(f"{name:10} baseline {seconds:6.2f} s  {recorded} findings recorded")
            seconds, result = timed(["scan", name, "-s", "es", "-t", "fr", "-f", "jsonl", "--baseline", "base.json",
                                     "-j", "1"], folder)
            new = len(result.stdout.splitlines())
            print(f"{name:10} scan --baseline {seconds:6.2f} s  {new} new findings (expected 0)")
            _, result = timed(["scan", name, "-s", "es", "-t", "fr", "-f", "jsonl", "-j", "1"], folder)
            unused = sum(1 for line in result.stdout.splitlines() if json.loads(line)["check"] == "unused-suppression")
            print(f"{name:10} unused-suppression findings on clean text: {unused}")


if __name__ == "__main__":
    main()
