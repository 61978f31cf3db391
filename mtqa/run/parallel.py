"""Checking a long document's units in worker processes, with output identical to a sequential run.

Unit-scope checks run in the workers on chunks of units; checks that need the whole document run in
the main process as the results come back, in input order. At most a few chunks per worker are in
flight, so memory stays flat however long the input is. Each worker unpickles the `Checker` once and
loads its models lazily, once.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from typing import Any, Protocol, TypeVar

from mtqa.checks.base import Check, DocumentState
from mtqa.model import Finding, Unit, merge_findings


class UnitChecker(Protocol):
    """What a worker needs of `mtqa.run.pipeline.Checker` (named here so this module need not import it)."""

    unit_checks: list[Check]
    document_checks: list[Check]

    def check_unit(self, unit: Unit, state: DocumentState,
                   checks: Iterable[Check] | None = None) -> list[Finding]: ...

# Below this much text a document is checked in-process: starting workers would cost more than it saves.
# Both limits count units and characters, so that memory stays bounded whatever the unit size.
MIN_PARALLEL_UNITS = 2000
MIN_PARALLEL_CHARS = 400_000
CHUNK_UNITS = 500
CHUNK_CHARS = 256_000
CHUNKS_IN_FLIGHT_PER_JOB = 3

_worker_checker: UnitChecker | None = None


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _quiet_signals() -> None:
    # The main process handles Ctrl-C, SIGTERM and SIGHUP and then stops the pool: a worker ignores
    # SIGINT (sent to the whole terminal process group) and dies quietly on the others, with no traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)


def _init_worker(blob: bytes) -> None:
    global _worker_checker
    _quiet_signals()
    _worker_checker = pickle.loads(blob)


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker immune to SIGHUP (it ignores SIGINT and SIGTERM itself): a
    hang-up sent to the whole process group would otherwise kill it, and the one started in its place
    prints tracebacks about semaphores it never knew. SIGHUP is blocked while it starts: the tracker keeps
    it blocked, and one that arrives meanwhile reaches this process when it is unblocked."""
    from multiprocessing import resource_tracker

    hangup = getattr(signal, "SIGHUP", None)
    if hangup is None or not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - not POSIX
        resource_tracker.ensure_running()
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {hangup})
    try:
        resource_tracker.ensure_running()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _check_chunk(
    units: list[Unit], path: str, target_lang: str | None, source_lang: str | None,
    foreign_langs: tuple[str, ...] | None = None, foreign_whole: bool = False, kept_names: tuple[str, ...] = (),
) -> tuple[list[list[Finding]], dict[str, str]]:
    """Findings of each unit, and the checks a worker had to skip (with why)."""
    checker = _worker_checker
    assert checker is not None, "worker not initialised"
    state = DocumentState(path, target_lang, source_lang, foreign_langs=foreign_langs, foreign_whole=foreign_whole,
                          kept_names=kept_names)
    return [checker.check_unit(unit, state, checker.unit_checks) for unit in units], state.skipped


def _chunks(units: Iterator[Unit], max_units: int, max_chars: int) -> Iterator[list[Unit]]:
    chunk: list[Unit] = []
    chars = 0
    for unit in units:
        chunk.append(unit)
        chars += len(unit.target) + len(unit.source or "")
        if len(chunk) >= max_units or chars >= max_chars:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


def check_units_parallel(
    checker: UnitChecker,
    units: Iterable[Unit],
    state: DocumentState,
    jobs: int,
    *,
    min_units: int | None = None,
    chunk_units: int | None = None,
) -> Iterator[tuple[Unit, list[Finding]]]:
    min_units = MIN_PARALLEL_UNITS if min_units is None else min_units
    chunk_units = CHUNK_UNITS if chunk_units is None else chunk_units
    stream = iter(units)
    head: list[Unit] = []
    head_chars = 0
    for unit in stream:
        head.append(unit)
        head_chars += len(unit.target)
        if len(head) >= min_units or head_chars >= MIN_PARALLEL_CHARS:
            break
    else:
        for unit in head:
            yield unit, checker.check_unit(unit, state)
        return

    def finish(
        chunk: list[Unit], result: tuple[list[list[Finding]], dict[str, str]]
    ) -> Iterator[tuple[Unit, list[Finding]]]:
        per_unit, skipped = result
        for name, why in skipped.items():
            state.skipped.setdefault(name, why)
        for unit, findings in zip(chunk, per_unit, strict=True):
            if checker.document_checks:
                findings = merge_findings(findings + checker.check_unit(unit, state, checker.document_checks))
            yield unit, findings

    import multiprocessing  # here, not at import: a scan that starts no workers does not pay for it

    jobs = min(jobs, default_jobs())  # more workers than cores only add memory and start-up time
    if jobs < 2:
        for unit in chain(head, stream):
            yield unit, checker.check_unit(unit, state)
        return

    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # A process pool that survives its workers being killed (by a signal to the process group, or the
    # system running out of memory): multiprocessing.Pool can hang for ever stopping such a pool.
    _start_resource_tracker()
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"), initializer=_init_worker,
                               initargs=(pickle.dumps(checker),))
    window: deque = deque()
    finished = False
    try:
        for chunk in _chunks(chain(head, stream), chunk_units, CHUNK_CHARS):
            args = (chunk, state.path, state.target_lang, state.source_lang, state.foreign_langs,
                    state.foreign_whole, state.kept_names)
            window.append((chunk, pool.submit(_check_chunk, *args)))
            if len(window) >= jobs * CHUNKS_IN_FLIGHT_PER_JOB:
                done_chunk, result = window.popleft()
                yield from finish(done_chunk, result.result())
        while window:
            done_chunk, result = window.popleft()
            yield from finish(done_chunk, result.result())
        finished = True
    except BrokenProcessPool:
        raise RuntimeError("a worker process died (killed by a signal, or out of memory)") from None
    finally:
        if not finished:  # interrupted, or an error: stop the workers now rather than after their chunks
            _kill_workers(pool)
        pool.shutdown(wait=True, cancel_futures=True)  # quick once the workers are gone: queues closed cleanly


def _kill_workers(pool: Any) -> None:
    for process in list(getattr(pool, "_processes", {}).values()):
        with contextlib.suppress(Exception):
            process.kill()


# --- whole files in worker processes -------------------------------------------------------------

# A file larger than this is checked in the main process (its units in parallel, as above): a worker sends
# a file's units and findings back in one piece, which should stay small.
MAX_FILE_BYTES_IN_WORKER = 4_000_000
# Workers start only when the files they may check hold at least this much: below it, the start-up a
# worker repeats for each language it meets costs more than the other cores save.
MIN_BYTES_FOR_WORKERS = 256_000
# Input that may be handed to workers ahead of the file being reported: the files of this window are
# handed out largest first (so that no large file is left to the end, one worker busy while the others
# wait), and their results wait, whole, for their turn in the report. Once half of the window has been
# reported, it is filled again.
WINDOW_BYTES = 8_000_000

_File = TypeVar("_File")
_Item = TypeVar("_Item")
_file_work: tuple[list[Any], Callable[[Any], Any]] | None = None


def _can_fork() -> bool:
    """Forked workers inherit the loaded modules and data, so they start at once; fork only a
    single-threaded process (a thread's lock could be copied held) and not on macOS, whose system
    libraries do not support it."""
    import multiprocessing
    import threading

    return ("fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"
            and threading.active_count() == 1)


def _worker_bytes(path: str) -> int | None:
    """The size of a file a worker may check, or None for one checked here (stdin, a large file)."""
    if path == "-":
        return None
    try:
        size = os.path.getsize(path)
    except OSError:
        return 0  # the worker meets the same error the main process would, and reports it the same way
    return size if size <= MAX_FILE_BYTES_IN_WORKER else None


def _check_file_in_worker(index: int) -> Any:
    assert _file_work is not None, "worker not initialised"
    items, work = _file_work
    try:
        return work(items[index])
    except Exception:  # noqa: BLE001 - rerun in the main process, which raises it as a sequential run would
        return None


def check_files_parallel(items: list[_Item], check: Callable[..., _File], jobs: int,
                         collect: Callable[[_File], _File]) -> Iterator[_File]:
    """`check(item)` of each `(path, ...)` item, in order. When the small files are enough work
    (MIN_BYTES_FOR_WORKERS), they go to forked worker processes, largest first (each result made whole by
    `collect` there and sent back), and the others are checked here at their turn. A worker's unexpected
    error is not sent back: the file is checked again here, so that it raises exactly as a sequential run
    would; so is every file left when a worker dies."""
    sizes = [_worker_bytes(item[0]) for item in items]  # type: ignore[index]
    remote = [i for i, size in enumerate(sizes) if size is not None]
    if len(remote) < 2 or sum(sizes[i] or 0 for i in remote) < MIN_BYTES_FOR_WORKERS or not _can_fork():
        for item in items:
            yield check(item)
        return
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    global _file_work
    _file_work = (items, lambda item: collect(check(item, 1)))
    pool = ProcessPoolExecutor(min(jobs, len(remote)), mp_context=multiprocessing.get_context("fork"),
                               initializer=_quiet_signals)
    finished = False
    try:
        window: dict[int, Future[Any]] = {}
        handed = 0  # the files before this index have been handed out (or are checked here)
        held = 0  # bytes of the files handed out and not yet reported
        broken = False
        for index, item in enumerate(items):
            if not broken and (index >= handed or held <= WINDOW_BYTES // 2):
                batch = []
                while handed < len(items) and (handed <= index or held + (sizes[handed] or 0) <= WINDOW_BYTES):
                    if sizes[handed] is not None:
                        batch.append(handed)
                        held += sizes[handed] or 0
                    handed += 1
                for following in sorted(batch, key=lambda i: -(sizes[i] or 0)):
                    window[following] = pool.submit(_check_file_in_worker, following)
            result = None
            if index in window:
                held -= sizes[index] or 0
                try:
                    result = window.pop(index).result()
                except BrokenProcessPool:
                    broken = True
            yield result if result is not None else check(item)
        finished = True
    finally:
        if not finished:
            _kill_workers(pool)
        pool.shutdown(wait=True, cancel_futures=True)
        _file_work = None
