"""One file checked: opened, its languages resolved, its units checked, here or in a worker process.

`check_file` does it in this process and hands the (unit, findings) pairs over as they come, so memory
stays flat on any input; `CheckedFile.collect` runs them to the end, so that a worker process can send the
whole file back in one piece (`mtqa.run.parallel.check_files_parallel`). The runner reports both the same
way: a collected file replays its pairs, and then the error that stopped its reading, if one did.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from mtqa.errors import EmptyInputError, InputError
from mtqa.model import Finding, Unit
from mtqa.readers import Document
from mtqa.run.languages import Languages, resolve_languages
from mtqa.run.pipeline import Checker

Pairs = Iterator[tuple[Unit, list[Finding]]]


def _rebuilt(error: tuple[bool, str, str] | None) -> InputError | None:
    if error is None:
        return None
    empty, path, problem = error
    return EmptyInputError(path) if empty else InputError(path, problem)


def _portable(error: InputError) -> tuple[bool, str, str]:
    # An InputError does not survive pickling (its constructor takes other arguments than its message).
    return isinstance(error, EmptyInputError), error.path, error.problem


@dataclass
class CheckedFile:
    """What the runner reports of one file. `failure`: it could not be opened (nothing else is set);
    `languages`: it was opened; `pairs`: its units and findings in order, ending with the `InputError`
    (`EmptyInputError` too) that stopped its reading, if one did; the rest is known once they are consumed."""

    path: str
    _failure: tuple[bool, str, str] | None = None
    languages: Languages | None = None
    document_path: str = ""
    source_path: str | None = None
    _pairs: Pairs | list[tuple[Unit, list[Finding]]] = field(default_factory=list)
    _stopped_by: tuple[bool, str, str] | None = None
    # Filled in when the pairs have been consumed.
    units: int = 0
    skipped_units: Counter[str] = field(default_factory=Counter)
    skipped_checks: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def failure(self) -> InputError | None:
        return _rebuilt(self._failure)

    def pairs(self) -> Pairs:
        """The (unit, findings) pairs; raises the reader's `InputError` where the reading failed."""
        yield from self._pairs
        stopped_by = _rebuilt(self._stopped_by)
        if stopped_by is not None:
            raise stopped_by

    def collect(self) -> CheckedFile:
        """Run the pairs to the end (in a worker process), keeping them and the error that stopped them."""
        kept: list[tuple[Unit, list[Finding]]] = []
        try:
            for pair in self._pairs:
                kept.append(pair)
        except InputError as exc:
            self._stopped_by = _portable(exc)
        self._pairs = kept
        return self


def check_file(path: str, open_document: Callable[[], Document], checker: Checker, jobs: int) -> CheckedFile:
    """Open the file and check it with `checker`; the pairs are produced as they are consumed."""
    checked = CheckedFile(path)
    try:
        document = open_document()
        checked.languages = resolve_languages(document, checker)
    except InputError as exc:
        checked._failure = _portable(exc)
        return checked
    checked.document_path, checked.source_path = document.path, document.source_path
    checked._pairs = _checked_pairs(checked, document, checker, jobs)
    return checked


def _checked_pairs(checked: CheckedFile, document: Document, checker: Checker, jobs: int) -> Pairs:
    assert checked.languages is not None
    state = checker.new_state(document, checked.languages.source, checked.languages.target)
    state.foreign_langs, state.foreign_whole = checked.languages.inferred, checked.languages.inferred_whole
    state.kept_names = checked.languages.kept_names
    try:
        yield from checker.iter_document(document, state, jobs=jobs)
    finally:
        checked.units = state.units
        checked.skipped_units = document.skipped
        checked.skipped_checks = state.skipped
        checked.notes = document.notes + state.notes()
