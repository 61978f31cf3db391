"""Start-up time of `mtqa scan` on a one-line file, against `python -c pass` in the same run.

Each command runs --runs times in a fresh subprocess (after one untimed warm-up run that fills the OS
file cache); the table prints the median and the minimum wall time, and the median minus the bare
interpreter's median (what mtqa itself costs). `import mtqa.cli` is timed too, to separate import
cost from the scan.

usage: python benchmarks/startup.py [--runs 15] [--target-lang fr]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def wall_times(cmd: list[str], runs: int) -> list[float]:
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(cmd)} exited {done.returncode}: {done.stderr.decode().strip()}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs per command (default 15)")
    parser.add_argument("--target-lang", default="fr")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="mtqa-start-") as tmp:
        one_line = Path(tmp) / "one-line.txt"
        one_line.write_text("Le chat dort sur le canapé depuis ce matin.\n", encoding="utf-8")
        py = sys.executable
        commands = [
            ("python -c pass", [py, "-c", "pass"]),
            ("python -c 'import mtqa.cli'", [py, "-c", "import mtqa.cli"]),
            (f"mtqa scan one-line.txt -t {args.target_lang}",
             [py, "-m", "mtqa", "scan", str(one_line), "-t", args.target_lang, "--isolated"]),
            (f"mtqa scan one-line.txt -t {args.target_lang} -f json",
             [py, "-m", "mtqa", "scan", str(one_line), "-t", args.target_lang, "--isolated", "-f", "json"]),
        ]
        results = [(name, wall_times(cmd, args.runs)) for name, cmd in commands]

    base = statistics.median(results[0][1])
    print(f"{'command':42} {'median ms':>10} {'min ms':>8} {'minus python':>13}   ({args.runs} runs each)")
    for name, times in results:
        median = statistics.median(times)
        print(f"{name:42} {median * 1000:10.0f} {min(times) * 1000:8.0f} {(median - base) * 1000:13.0f}")


if __name__ == "__main__":
    main()
