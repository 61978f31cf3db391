"""Checking a long document's units in worker processes, with output identical to a sequential run.

Unit-scope checks run in the workers on chunks of units; checks that need the whole document run in
the main process as the results come back, in input order. At most a few chunks per worker are in
flight, so memory stays flat however long the input is. Each worker unpickles the `Checker` once and
loads its models lazily, once.
"""

from __future__ import annotations

import os
import pickle
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


def _init_worker(blob: bytes) -> None:
    global _worker_checker
    _worker_checker = pickle.loads(blob)


def _check_chunk(
    units: list[Unit], path: str, target_lang: str | None, source_lang: str | None,
    foreign_langs: tuple[str, ...] | None = None,
) -> tuple[list[list[Finding]], dict[str, str]]:
    """Findings of each unit, and the checks a worker had to skip (with why)."""
    checker = _worker_checker
    assert checker is not None, "worker not initialised"
    state = DocumentState(path, target_lang, source_lang, foreign_langs=foreign_langs)
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

    context = multiprocessing.get_context("spawn")
    window: deque = deque()
    with context.Pool(jobs, initializer=_init_worker, initargs=(pickle.dumps(checker),)) as pool:
        for chunk in _chunks(chain(head, stream), chunk_units, CHUNK_CHARS):
            args = (chunk, state.path, state.target_lang, state.source_lang, state.foreign_langs)
            window.append((chunk, pool.apply_async(_check_chunk, args)))
            if len(window) >= jobs * CHUNKS_IN_FLIGHT_PER_JOB:
                done_chunk, result = window.popleft()
                yield from finish(done_chunk, result.get())
        while window:
            done_chunk, result = window.popleft()
            yield from finish(done_chunk, result.get())


# --- whole files in worker processes -------------------------------------------------------------

# A file larger than this is checked in the main process (its units in parallel, as above): a worker sends
# a file's units and findings back in one piece, which should stay small.
MAX_FILE_BYTES_IN_WORKER = 4_000_000
FILES_IN_FLIGHT_PER_JOB = 2

_File = TypeVar("_File")
_Item = TypeVar("_Item")
_file_work: tuple[list[Any], Callable[[Any], Any]] | None = None


def _can_fork() -> bool:
    """Forked workers inherit the loaded modules, so they start at once; fork only a single-threaded process
    (a thread's lock could be copied held) and not on macOS, where system libraries do not support it."""
    import multiprocessing
    import threading

    return ("fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"
            and threading.active_count() == 1)


def _in_worker(path: str) -> bool:
    if path == "-":
        return False
    try:
        return os.path.getsize(path) <= MAX_FILE_BYTES_IN_WORKER
    except OSError:
        return True  # the worker meets the same error the main process would, and reports it the same way


def _check_file_in_worker(index: int) -> Any:
    assert _file_work is not None, "worker not initialised"
    items, work = _file_work
    try:
        return work(items[index])
    except Exception:  # noqa: BLE001 - rerun in the main process, which raises it as a sequential run would
        return None


def check_files_parallel(items: list[_Item], check: Callable[..., _File], jobs: int,
                         collect: Callable[[_File], _File]) -> Iterator[_File]:
    """`check(item)` of each `(path, ...)` item, in order: small files in forked worker processes (each
    result made whole by `collect` there and sent back), the others here at their turn. Without fork, each
    file is checked here. A worker's unexpected error is not sent back: the file is checked again here, so
    that it raises exactly as a sequential run would; so is every file left when a worker dies."""
    remote = [_in_worker(path) for path, *_ in items] if _can_fork() else [False] * len(items)
    if sum(remote) < 2:
        for item in items:
            yield check(item)
        return
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    global _file_work
    _file_work = (items, lambda item: collect(check(item, 1)))
    pool = ProcessPoolExecutor(min(jobs, sum(remote)), mp_context=multiprocessing.get_context("fork"))
    try:
        window: dict[int, Future[Any]] = {}
        queue = iter([i for i, is_remote in enumerate(remote) if is_remote])
        limit = jobs * FILES_IN_FLIGHT_PER_JOB
        broken = False
        for index, item in enumerate(items):
            while not broken and len(window) < limit and (following := next(queue, None)) is not None:
                window[following] = pool.submit(_check_file_in_worker, following)
            result = None
            if index in window:
                try:
                    result = window.pop(index).result()
                except BrokenProcessPool:
                    broken = True
            yield result if result is not None else check(item)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _file_work = None
