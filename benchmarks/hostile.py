"""Time per MB of `mtqa scan` on hostile shapes, from 1 KB to 10 MB: does it stay flat (linear time)?

Shapes (generated in a temporary folder, nothing read from the data sets):
- long-word: one word of N letters in a French sentence (glued-words, masking, tokenizers);
- long-line: one line of N bytes of ordinary words and commas, no line break (readers, segmenters);
- dense: "le le. " repeated, a finding every 3.5 characters (checks, reporters);
- dash-pair: "a-a-a-..." as both source and target of one TSV unit (name masking, source checks).

Each size is scanned by `python -m mtqa scan FILE -t fr --exit-zero -f FORMAT` in a subprocess (output
to a pipe that is read and dropped); the table prints seconds, seconds per MB, peak RSS (ru_maxrss of
the largest process) and the seconds until the first byte of output. Start-up (~0.5 s) dominates the
small sizes; read the s/MB column from 1 MB up. A run past --timeout shows as such.

usage: python benchmarks/hostile.py [--sizes 1K,100K,1M,10M] [--shapes dense,long-line]
                                    [--format text] [--timeout 600] [--jobs N]
"""

from __future__ import annotations

import argparse
import os
import selectors
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
UNITS = {"K": 1 << 10, "M": 1 << 20}


def size_of(text: str) -> int:
    return int(float(text[:-1]) * UNITS[text[-1].upper()]) if text[-1].upper() in UNITS else int(text)


def long_word(size: int) -> tuple[str, str]:
    return "w.txt", "Il a vu " + "a" * max(1, size - 14) + " hier.\n"


def long_line(size: int) -> tuple[str, str]:
    phrase = "Bonjour à tous, "
    return "l.txt", phrase * max(1, size // len(phrase.encode())) + "\n"


def dense(size: int) -> tuple[str, str]:
    return "d.txt", "le le. " * max(1, size // 7)


def dash_pair(size: int) -> tuple[str, str]:
    half = "a-" * max(1, size // 4)
    return "p.tsv", f"{half}\t{half}\n"


SHAPES = {"long-word": long_word, "long-line": long_line, "dense": dense, "dash-pair": dash_pair}


def scan(path: Path, fmt: str, timeout: float, jobs: str | None) -> tuple[float | None, float, float | None]:
    """(seconds or None on timeout, peak MB, seconds to the first output byte)."""
    args = [sys.executable, "-m", "mtqa", "scan", str(path), "-t", "fr", "-s", "en", "--exit-zero", "-f", fmt]
    if jobs:
        args += ["--jobs", jobs]
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    start = time.monotonic()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
                            start_new_session=True)
    assert proc.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(proc.stdout, selectors.EVENT_READ)
    first = None
    timed_out = False
    while True:
        left = timeout - (time.monotonic() - start)
        if left <= 0:
            os.killpg(proc.pid, signal.SIGKILL)
            timed_out = True
            break
        if not selector.select(min(left, 1.0)):
            continue
        chunk = os.read(proc.stdout.fileno(), 1 << 16)
        if not chunk:
            break
        if first is None:
            first = time.monotonic() - start
    _, _, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - start
    return (None if timed_out else seconds), usage.ru_maxrss / 1024, first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1K,100K,1M,10M")
    parser.add_argument("--shapes", default=",".join(SHAPES))
    parser.add_argument("--format", default="text")
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--jobs", default=None, help="--jobs for mtqa (default: its own, one per core)")
    args = parser.parse_args()
    sizes = [size_of(s) for s in args.sizes.split(",")]
    print(f"{'shape':10} {'size':>8} {'seconds':>8} {'s/MB':>7} {'peak MB':>8} {'first byte':>10}")
    with tempfile.TemporaryDirectory(prefix="mtqa-hostile-bench-") as tmp:
        for shape in args.shapes.split(","):
            for size in sizes:
                name, content = SHAPES[shape](size)
                path = Path(tmp) / name
                path.write_text(content, encoding="utf-8")
                megabytes = path.stat().st_size / (1 << 20)
                seconds, peak, first = scan(path, args.format, args.timeout, args.jobs)
                shown = f"{seconds:8.2f} {seconds / megabytes:7.2f}" if seconds is not None else \
                    f"{'>' + str(int(args.timeout)):>8} {'-':>7}"
                first_shown = f"{first:10.2f}" if first is not None else f"{'-':>10}"
                print(f"{shape:10} {path.stat().st_size:8d} {shown} {peak:8.0f} {first_shown}", flush=True)


if __name__ == "__main__":
    main()
