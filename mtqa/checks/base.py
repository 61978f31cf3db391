"""What a check is, and the per-unit context it reads from.

A check is a small class with class attributes (code, name, category, default severity, whether it
needs the source, which target languages it applies to) and a docstring with fixed sections:
"Flags:", "Why:", "Example:", "Instead:". Its `check(ctx)` yields `Hit`s; the pipeline stamps the
metadata, so a check cannot get its own code or category wrong.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from mtqa.langid.lexicon import has_lexicon, zipf_table
from mtqa.model import Hit, Severity, Unit
from mtqa.text.sentences import Segment, split_clauses, split_sentences
from mtqa.text.unit_kinds import DESCRIPTIONS, UnitKind, classify
from mtqa.util.datafiles import base_language

DOC_SECTIONS = ("Flags:", "Why:", "Example:", "Instead:")


@functools.lru_cache(maxsize=64)
def _is_word(lang: str) -> Callable[[str], bool] | None:
    if not has_lexicon(lang):
        return None
    table = zipf_table(lang)
    return None if table is None else lambda word: table.get(word, 0.0) >= 3.0


# The pipeline asks twice about each unit (its checks' context, then the document's count of kinds).
_classified = functools.lru_cache(maxsize=16)(classify)


def unit_kind(unit: Unit, source_lang: str | None) -> UnitKind:
    """What the unit holds (`mtqa.text.unit_kinds`), with the source language's words to tell identifiers."""
    is_word = _is_word(base_language(source_lang) or "") if unit.source and "," in unit.source else None
    return _classified(unit.source, unit.target, unit.id, is_word, unit.notes)


@dataclass
class DocumentState:
    """Scratch space shared by the units of one document (one file or stream).

    Checks that need evidence from elsewhere in the document (an entity named elsewhere, a source
    translated two ways) keep compact per-check summaries here; it is dropped when the document ends.
    """

    path: str
    target_lang: str | None
    source_lang: str | None
    data: dict[str, Any] = field(default_factory=dict)
    units: int = 0
    # Checks that could not run (check name -> why), e.g. an optional extra is missing.
    skipped: dict[str, str] = field(default_factory=dict)
    # Without a source language: the foreign languages the document leans to (None: not inferred for
    # the document, so each unit infers its own).
    foreign_langs: tuple[str, ...] | None = None
    # ... inferred from every unit of the document (else each unit adds the languages of its own text).
    foreign_whole: bool = False
    # Names the document keeps as they are (`mtqa.checks.language.kept_names`): never a wrong language.
    kept_names: tuple[str, ...] = ()
    # Units that are not plain translations (kind -> [count, first unit id or source]), said once per file.
    unit_kinds: dict[str, list[Any]] = field(default_factory=dict)
    # What checks say once about the whole file (added by `finish_document`), after the unit kinds.
    check_notes: list[str] = field(default_factory=list)

    def count_kind(self, unit: Unit) -> None:
        kind = unit_kind(unit, unit.source_lang or self.source_lang).kind
        if kind in DESCRIPTIONS:
            entry = self.unit_kinds.setdefault(kind, [0, unit.source or unit.id or ""])
            entry[0] += 1

    def notes(self) -> list[str]:
        """One line per kind of unit that checks treated differently, for the file's report."""
        kinds = [f"{count} unit(s) {DESCRIPTIONS[kind].format(example=repr(example[:60]))}"
                 for kind, (count, example) in sorted(self.unit_kinds.items())]
        return kinds + self.check_notes

    def state_for(self, check_name: str, factory: Any = dict) -> Any:
        if check_name not in self.data:
            self.data[check_name] = factory()
        return self.data[check_name]


class UnitContext:
    """Shared, lazily computed services for one unit: sentences, clauses, and whatever later layers add.

    Services are cached on first use, so several checks asking for the sentences pay for them once.
    """

    def __init__(
        self,
        unit: Unit,
        *,
        target_lang: str | None,
        source_lang: str | None,
        services: Any = None,
        document: DocumentState | None = None,
    ) -> None:
        self.unit = unit
        # A plain attribute rather than a property: checks read it hundreds of thousands of times a scan.
        self.text: str = unit.target
        self.target_lang = target_lang
        self.source_lang = source_lang
        self.target_base = base_language(target_lang)
        self.source_base = base_language(source_lang)
        self.services = services
        self.document = document or DocumentState("<text>", target_lang, source_lang)

    @functools.cached_property
    def kind(self) -> UnitKind:
        return unit_kind(self.unit, self.source_lang)

    @property
    def source(self) -> str | None:
        """The source text to compare with: None when there is none, or when the unit's source is a message
        key or the unit is metadata (`mtqa.text.unit_kinds`); without a gettext context prefix."""
        return self.kind.source

    @functools.cached_property
    def sentences(self) -> list[Segment]:
        return split_sentences(self.unit.target, self.target_lang)

    @functools.cached_property
    def clauses(self) -> list[Segment]:
        return [c for s in self.sentences for c in split_clauses(self.unit.target, s)]

    @functools.cached_property
    def source_sentences(self) -> list[Segment]:
        return split_sentences(self.unit.source or "", self.source_lang)


def whole_span(text: str) -> tuple[int, int]:
    """The text without surrounding whitespace: the span of a finding about the whole unit."""
    start = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    return (start, end) if end > start else (0, len(text))


def light_unit(unit: Unit) -> Unit:
    """The unit without what a late finding does not need (source, notes): less memory held per finding."""
    return Unit(target=unit.target, id=unit.id, line=unit.line, column=unit.column, offset=unit.offset)


@dataclass(frozen=True)
class Example:
    """A documented case a test runs: `bad` text must produce a hit from the check, `good` none."""

    text: str
    flagged: bool
    source: str | None = None
    target_lang: str = "fr"
    source_lang: str | None = None
    # For bad examples: the exact flagged characters, when the example pins them down.
    span: str | None = None
    # Configuration the example needs (e.g. a glossary), as (key, value) pairs for `Config.updated`.
    config: tuple[tuple[str, Any], ...] = ()
    # (source, target) units of the same document checked before this one (for document-level checks).
    earlier: tuple[tuple[str, str], ...] = ()


class Check:
    """Base class of all checks. Subclasses set the class attributes and implement `check`."""

    code: ClassVar[str]
    name: ClassVar[str]
    category: ClassVar[str]
    severity: ClassVar[Severity] = Severity.MINOR
    needs_source: ClassVar[bool] = False
    # Base language codes this check applies to; None means every target language.
    languages: ClassVar[frozenset[str] | None] = None
    # Checks that need an optional extra say so; the report lists them as skipped when it is missing.
    requires: ClassVar[tuple[str, ...]] = ()
    enabled_by_default: ClassVar[bool] = True
    # A check that reads or writes `ctx.document` needs every unit of a document in one process: it runs in the
    # main process when units are checked in parallel. Overriding `finish_document` implies it.
    document_scope: ClassVar[bool] = False
    # Documented cases; the meta-test fails for a check without at least one bad and one good example.
    examples: ClassVar[tuple[Example, ...]] = ()

    def applies_to(self, ctx: UnitContext) -> bool:
        """Whether the check runs on units like this one. It may look only at the languages, at whether
        there is a source (`ctx.source`: text to compare with; `ctx.unit.source`: any, a message key too)
        and at the configuration: the pipeline asks once per such combination."""
        if self.needs_source and not ctx.source:
            return False  # no source, or a message key standing in for it
        return self.languages is None or ctx.target_base in self.languages

    def check(self, ctx: UnitContext) -> Iterable[Hit]:  # pragma: no cover - abstract
        raise NotImplementedError

    def finish_document(self, document: DocumentState) -> Iterator[tuple[Unit, Hit]]:
        """Findings that need the whole document; most checks have none."""
        return iter(())

    @classmethod
    def needs_document(cls) -> bool:
        return cls.document_scope or cls.finish_document is not Check.finish_document

    @classmethod
    def doc(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        return cls.doc().splitlines()[0] if cls.__doc__ else ""
