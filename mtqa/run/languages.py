"""Where a run gets each document's languages: the options, the configuration, the file (its content or
its name), or, when none of them says, the text itself.

`resolve_languages` is the one place that decides. The order is: options, then the configuration, then
the file. With no target language, the document's dominant language is detected from a sample of its
units (too little text, or no clear majority, is a usage error that says which option to pass). With no
source language, a bitext's source side gives it; a document without one (plain text, Markdown) gets
its inferred foreign languages instead, for the wrong-language check.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain

from mtqa.checks.language import span_finder
from mtqa.config import Config
from mtqa.errors import UsageError
from mtqa.langid.dominant import dominant_language, sample_paragraphs
from mtqa.langid.inference import ForeignEvidence
from mtqa.model import FileReport, Unit
from mtqa.readers import Document
from mtqa.run.pipeline import Checker
from mtqa.util.datafiles import base_language

# The sample the detection and inference passes read: the first units of the document, up to these.
HEAD_UNITS = 2000
HEAD_CHARS = 200_000
# Inference reads at most this much of the sample (paragraphs spread over it).
INFER_CHARS = 100_000


@dataclass(frozen=True)
class Languages:
    """A document's languages and how each was obtained (see `FileReport`)."""

    source: str | None
    target: str
    source_from: str | None = None
    target_from: str | None = None
    source_confidence: float | None = None
    target_confidence: float | None = None
    inferred: tuple[str, ...] | None = None

    def file_report(self, path: str) -> FileReport:
        return FileReport(path, self.source, self.target, source_lang_from=self.source_from,
                          target_lang_from=self.target_from, source_lang_confidence=self.source_confidence,
                          target_lang_confidence=self.target_confidence, inferred_langs=self.inferred)


def _given(config: Config, document: Document, side: str) -> tuple[str | None, str | None]:
    key = f"{side}_lang"
    if getattr(config, key):
        return getattr(config, key), config.given_by.get(key, "config")
    if getattr(document, key):
        return getattr(document, key), getattr(document, f"{key}_from", "file")
    return None, None


def _head(document: Document) -> list[Unit]:
    """The first units of `document`, which stays whole: they are put back in front of the rest."""
    head: list[Unit] = []
    chars = 0
    rest: Iterator[Unit] = iter(document.units)
    for unit in rest:
        head.append(unit)
        chars += len(unit.target) + len(unit.source or "")
        if len(head) >= HEAD_UNITS or chars >= HEAD_CHARS:
            break
    document.units = chain(head, rest)
    return head


def resolve_languages(document: Document, checker: Checker) -> Languages:
    """The languages of `document` for `checker`'s configuration; raises `UsageError` when the target
    language is not given and cannot be detected."""
    config = checker.config
    target, target_from = _given(config, document, "target")
    source, source_from = _given(config, document, "source")
    if target and source:
        return Languages(source, target, source_from, target_from)
    source_conf = target_conf = None
    head = _head(document)
    finder = span_finder(checker.services)
    if not target:
        found = dominant_language((u.target for u in head), finder.detector)
        if found.lang is None:
            raise UsageError(f"{document.path}: cannot tell the target language: {found.problem}; "
                             "pass --target-lang (or set target_lang in the configuration)")
        target, target_from, target_conf = found.lang, "detected", found.confidence
    if source is None:
        sources = [u.source for u in head if u.source]
        if sources:
            found = dominant_language(sources, finder.detector)
            if found.lang is not None and found.lang != base_language(target):
                source, source_from, source_conf = found.lang, "detected", found.confidence
    inferred = None
    if source is None and any(check.name == "wrong-language" for check in checker.checks):
        evidence = ForeignEvidence(base_language(target) or target, finder.detector)
        for paragraph in sample_paragraphs((u.target for u in head), INFER_CHARS):
            finder.infer(paragraph, evidence.target, evidence=evidence)
        inferred = evidence.languages()
    return Languages(source, target, source_from, target_from, source_conf, target_conf, inferred)
