"""Start-up time of `mtqa scan` on a one-line file, against `python -c pass` in the same run.

Each command runs --runs times in a fresh subprocess (after one untimed warm-up run that fills the OS
file cache); the table prints the median and the minimum wall time, and the median minus the bare
interpreter's median (what mtqa itself costs). `import mtqa.cli` is timed too, to separate import
cost from the scan.

With --against DIR (another checkout of mtqa, e.g. `git worktree add /tmp/base main`), each mtqa
command also runs from that tree (its folder first on sys.path), interleaved run by run with this
tree's so that both see the same machine load, and the table adds the ratio this / that.

Python is run as the environment sets it up: with PYTHONDONTWRITEBYTECODE=1 and an editable install,
no bytecode is cached and every run compiles mtqa's source (the first line says which applies); a
regular install (`pip install .`, which byte-compiles) or `python -m compileall mtqa` avoids that.

usage: python benchmarks/startup.py [--runs 15] [--target-lang fr] [--against DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _run(cmd: list[str], tree: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds: user + system) of one run of `cmd` from `tree`."""
    env = dict(os.environ, PYTHONPATH=str(tree))
    start = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=errors, cwd=tree, env=env)
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            errors.seek(0)
            raise SystemExit(f"{' '.join(cmd)} in {tree} exited {code}: {errors.read().decode().strip()}")
    return seconds, usage.ru_utime + usage.ru_stime


def wall_times(cmd: list[str], runs: int, trees: list[Path]) -> list[list[tuple[float, float]]]:
    """(wall, CPU) times of `cmd` from each tree, interleaved, after one untimed warm-up run in each."""
    for tree in trees:
        _run(cmd, tree)
    times: list[list[tuple[float, float]]] = [[] for _ in trees]
    for _ in range(runs):
        for i, tree in enumerate(trees):
            times[i].append(_run(cmd, tree))
    return times


def bytecode_note(tree: Path) -> str:
    cached = any((tree / "mtqa" / "__pycache__").glob("*.pyc"))
    if sys.flags.dont_write_bytecode and not cached:
        return "bytecode: not cached (PYTHONDONTWRITEBYTECODE=1, no mtqa/__pycache__): each run compiles mtqa"
    return "bytecode: " + ("cached in mtqa/__pycache__" if cached else "written on first run")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs per command (default 15)")
    parser.add_argument("--target-lang", default="fr")
    parser.add_argument("--against", type=Path, help="another mtqa checkout to time in the same run")
    args = parser.parse_args()
    trees = [REPO] + ([args.against.resolve()] if args.against else [])

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
        results = [(name, wall_times(cmd, args.runs, trees if i else trees[:1])) for i, (name, cmd)
                   in enumerate(commands)]

    print(bytecode_note(REPO))
    print(f"load average {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    base = statistics.median(wall for wall, _cpu in results[0][1][0])
    header = f"{'command':42} {'median ms':>10} {'min ms':>8} {'minus python':>13} {'CPU ms':>7}"
    if args.against:
        header += f" {'--against median':>17} {'CPU ms':>7} {'ratio':>6} {'CPU ratio':>9}"
    print(f"{header}   ({args.runs} runs each; CPU: median user + system time)")
    for name, per_tree in results:
        walls = [wall for wall, _cpu in per_tree[0]]
        median, cpu = statistics.median(walls), statistics.median(c for _w, c in per_tree[0])
        line = (f"{name:42} {median * 1000:10.0f} {min(walls) * 1000:8.0f} {(median - base) * 1000:13.0f} "
                f"{cpu * 1000:7.0f}")
        if args.against and len(per_tree) > 1:
            other = statistics.median(w for w, _c in per_tree[1])
            other_cpu = statistics.median(c for _w, c in per_tree[1])
            line += f" {other * 1000:17.0f} {other_cpu * 1000:7.0f} {median / other:6.2f} {cpu / other_cpu:9.2f}"
        print(line)

if __name__ == "__main__":
    main()
