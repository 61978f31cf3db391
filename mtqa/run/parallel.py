"""Checking a long document's units in worker processes, with output identical to a sequential run.

Unit-scope checks run in the workers on chunks of units; checks that need the whole document run in
the main process as the results come back, in input order. At most a few chunks per worker are in
flight, so memory stays flat however long the input is. Each worker unpickles the `Checker` once and
loads its models lazily, once.
"""

from __future__ import annotations

import os
import pickle
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import Protocol

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

    context = multiprocessing.get_context("spawn")
    window: deque = deque()
    with context.Pool(jobs, initializer=_init_worker, initargs=(pickle.dumps(checker),)) as pool:
        for chunk in _chunks(chain(head, stream), chunk_units, CHUNK_CHARS):
            args = (chunk, state.path, state.target_lang, state.source_lang, state.foreign_langs,
                    state.foreign_whole, state.kept_names)
            window.append((chunk, pool.apply_async(_check_chunk, args)))
            if len(window) >= jobs * CHUNKS_IN_FLIGHT_PER_JOB:
                done_chunk, result = window.popleft()
                yield from finish(done_chunk, result.get())
        while window:
            done_chunk, result = window.popleft()
            yield from finish(done_chunk, result.get())
