"""Ending the `mtqa` process without freeing its memory object by object.

A scan leaves hundreds of thousands of small objects behind (word and answer memos, parsed units), and
the interpreter's own shutdown frees each of them before the process ends: ~45 ms after a scan of
100 kB of text, for memory the operating system takes back at once anyway. The command line ends the
process directly instead, once everything a normal exit does that anyone can observe is done: other
threads are finished, the `atexit` handlers have run (multiprocessing's, logging's, coverage's), and
the standard streams are flushed. Where that cannot be vouched for (another thread still running, Ray
connected, an interpreter without `atexit._run_exitfuncs`), it exits the ordinary way.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
import threading
from typing import NoReturn


def _status(code: object) -> int:
    """The process status `SystemExit(code)` would give (None: 0; an int: itself; else its text, and 1)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def _may_skip_shutdown() -> bool:
    others = [t for t in threading.enumerate() if t is not threading.main_thread() and t.is_alive()]
    return not others and "ray" not in sys.modules and hasattr(atexit, "_run_exitfuncs")


def exit_leaving_heap(code: object) -> NoReturn:
    """End the process with the status of `SystemExit(code)`, skipping the interpreter's teardown."""
    if not _may_skip_shutdown():
        raise SystemExit(code)
    status = _status(code)
    atexit._run_exitfuncs()  # what a normal exit runs first (after waiting for threads: none are left)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()
    os._exit(status)
