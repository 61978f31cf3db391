"""What a check is, and the per-unit context it reads from.

A check is a small class with class attributes (code, name, category, default severity, whether it
needs the source, which target languages it applies to) and a docstring with fixed sections:
"Flags:", "Why:", "Example:", "Instead:". Its `check(ctx)` yields `Hit`s; the pipeline stamps the
metadata, so a check cannot get its own code or category wrong.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from mtqa.model import Hit, Severity, Unit
from mtqa.text.sentences import Segment, split_clauses, split_sentences
from mtqa.util.datafiles import base_language

DOC_SECTIONS = ("Flags:", "Why:", "Example:", "Instead:")


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
        # Plain attributes rather than properties: checks read them hundreds of thousands of times a scan.
        self.text: str = unit.target
        self.source: str | None = unit.source
        self.target_lang = target_lang
        self.source_lang = source_lang
        self.target_base = base_language(target_lang)
        self.source_base = base_language(source_lang)
        self.services = services
        self.document = document or DocumentState("<text>", target_lang, source_lang)

    @functools.cached_property
    def sentences(self) -> list[Segment]:
        return split_sentences(self.unit.target, self.target_lang)

    @functools.cached_property
    def clauses(self) -> list[Segment]:
        return [c for s in self.sentences for c in split_clauses(self.unit.target, s)]

    @functools.cached_property
    def source_sentences(self) -> list[Segment]:
        return split_sentences(self.unit.source or "", self.source_lang)


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
        there is a source and at the configuration: the pipeline asks once per such combination."""
        if self.needs_source and not ctx.source:
            return False
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
