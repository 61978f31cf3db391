"""Peak memory of `mtqa scan` against input size: is it flat?

Plain-text inputs of the given sizes are generated in a temporary folder by repeating real French
paragraphs (Leipzig and UD sentences from ../shared/data, read in place). Each size is scanned by
`python -m mtqa scan FILE -t fr -f jsonl --exit-zero` in a subprocess, stdout to /dev/null, and the
table prints, per size: wall time, MB/s, the peak RSS of the largest process (ru_maxrss from
os.wait4 on that child) and the peak RSS of the whole process tree (mtqa and any --jobs workers,
summed, sampled from /proc every 50 ms). A scan that runs past --timeout is stopped and its row
shows the peak so far.

usage: python benchmarks/memory.py [--sizes 10M,100M,1G] [--format jsonl] [--timeout 900] [-- EXTRA SCAN ARGS]
       (default sizes 10M,100M; add 1G for the issue's figure: it takes minutes)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from _data import paragraph_text

UNITS = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}


def parse_size(text: str) -> int:
    text = text.strip().upper().removesuffix("B")
    if text and text[-1] in UNITS:
        return int(float(text[:-1]) * UNITS[text[-1]])
    return int(text)


def human(size: int) -> str:
    for suffix in ("G", "M", "K"):
        if size >= UNITS[suffix]:
            return f"{size / UNITS[suffix]:g} {suffix}B"
    return f"{size} B"


def generate(path: Path, size: int, chunk: str) -> int:
    """Write `chunk` repeatedly until the file holds at least `size` bytes; returns the byte count."""
    data = chunk.encode("utf-8")
    written = 0
    with path.open("wb") as handle:
        while written < size:
            handle.write(data)
            written += len(data)
    return written


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            text = (task / "children").read_text()
            out.extend(int(c) for c in text.split())
    except OSError:
        pass
    return out


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class TreeSampler(threading.Thread):
    """Samples the summed RSS of a process and its descendants until stopped."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.peak_kib = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            pids, todo = [], [self.pid]
            while todo:
                pid = todo.pop()
                pids.append(pid)
                todo.extend(_children(pid))
            self.peak_kib = max(self.peak_kib, sum(_rss_kib(pid) for pid in pids))
            self._done.wait(self.interval)

    def stop(self) -> None:
        self._done.set()


def measure(path: Path, fmt: str, extra: list[str], timeout: float) -> tuple[float, int, int, bool, int]:
    """(seconds, largest-process peak KiB, tree peak KiB, finished, exit code) of one scan."""
    cmd = [sys.executable, "-m", "mtqa", "scan", str(path), "-t", "fr", "-f", fmt, "--exit-zero", *extra]
    start = time.perf_counter()
    with open(os.devnull, "wb") as null, tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen(cmd, stdout=null, stderr=errors)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        finished = True
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                finished = False
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
        seconds = time.perf_counter() - start
        sampler.stop()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        err = errors.read().decode("utf-8", "replace").strip()
    if finished and proc.returncode not in (0, 1):
        print(f"  mtqa exited {proc.returncode}: {err.splitlines()[-1] if err else ''}", file=sys.stderr)
    return seconds, usage.ru_maxrss, sampler.peak_kib, finished, proc.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10M,100M", help="comma-separated sizes (default 10M,100M)")
    parser.add_argument("--format", default="jsonl", help="output format of the scan (default jsonl)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per scan before it is stopped")
    parser.add_argument("--tmp", help="folder for the generated files (default: the system temp folder)")
    parser.add_argument("extra", nargs=argparse.REMAINDER, help="after --: more `mtqa scan` options")
    args = parser.parse_args()
    extra = [a for a in args.extra if a != "--"]
    sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]

    chunk = paragraph_text({"fr"})
    print(f"input: real French paragraphs ({len(chunk.encode()):,} bytes) repeated to each size")
    print(f"scan: mtqa scan FILE -t fr -f {args.format} --exit-zero {' '.join(extra)}".rstrip())
    print(f"load average {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    print(f"\n{'input':>8} {'seconds':>9} {'MB/s':>7} {'peak RSS (largest)':>19} {'peak RSS (tree)':>16}  note")
    with tempfile.TemporaryDirectory(prefix="mtqa-mem-", dir=args.tmp) as tmp:
        for size in sizes:
            path = Path(tmp) / f"input-{size}.txt"
            actual = generate(path, size, chunk)
            seconds, largest, tree, finished, code = measure(path, args.format, extra, args.timeout)
            note = "" if finished else f"stopped after {args.timeout:g} s: peak so far"
            if finished and code not in (0, 1):
                note = f"FAILED (exit {code})"
            mbps = actual / (1 << 20) / seconds
            print(f"{human(size):>8} {seconds:9.1f} {mbps:7.2f} {largest / 1024:16.0f} MB "
                  f"{tree / 1024:13.0f} MB  {note}", flush=True)
            path.unlink()


if __name__ == "__main__":
    main()
