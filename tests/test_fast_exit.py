"""The `mtqa` command ends without the interpreter's teardown, and without losing anything a normal exit does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mtqa.util.fast_exit import exit_leaving_heap

# The command as `python -m mtqa` runs it, with an atexit handler and (optionally) a thread still running.
_COMMAND = """
import atexit, sys, threading, time
from mtqa.cli import console
atexit.register(lambda: print("atexit ran", flush=True))
class Freed:
    def __del__(self):
        print("freed at teardown", flush=True)
kept = Freed()
if sys.argv[1] == "thread":
    threading.Thread(target=time.sleep, args=(0.3,)).start()
sys.argv[1:2] = []
console()
"""


@pytest.mark.parametrize("threads", ["none", "thread"])
def test_the_command_keeps_its_output_status_and_exit_handlers(tmp_path: Path, threads: str) -> None:
    text = tmp_path / "fr.txt"
    text.write_text("Les raisons sont claires, pero todo lo sucedido entre ellos hace que uno piense otra cosa.\n",
                    encoding="utf-8")
    report = tmp_path / "report.json"
    proc = subprocess.run([sys.executable, "-c", _COMMAND, threads, "scan", str(text), "-s", "es", "-t", "fr",
                           "-f", "jsonl", "-o", str(report)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr  # findings
    lines = proc.stdout.strip().splitlines()
    assert "atexit ran" in lines
    # Without another thread the heap is left to the operating system; with one, the ordinary exit frees it.
    assert ("freed at teardown" in lines) == (threads == "thread")
    assert "wrong-language" in report.read_text(encoding="utf-8")


def test_bad_input_still_exits_2_with_one_line(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "mtqa", "scan", str(tmp_path / "missing.po")], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "missing.po" in proc.stderr


def test_another_thread_means_an_ordinary_exit() -> None:
    import threading

    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        with pytest.raises(SystemExit) as raised:
            exit_leaving_heap(3)  # would end pytest itself if it did not fall back
        assert raised.value.code == 3
    finally:
        stop.set()
        worker.join()
