"""The one place where a scanned file's languages are decided, and where each came from.

Target language, first found wins (`FileReport.target_lang_from` says which):

- `option`: `--target-lang` (or a library call's `target_lang`);
- `config`: `target_lang` in the nearest mtqa.toml / pyproject.toml;
- `file`: what the file declares (XLIFF `target-language`/`trgLang`, PO `Language:`, TMX `xml:lang`,
  JSON `target_lang`, a CSV column named by its language);
- `name`: the file or folder name (`fr.json`, `messages.fr.xlf`, `app.de_AT.po`, `plugin-pt_BR.po`,
  `locales/pt-BR/x.json`, `fr/LC_MESSAGES/x.po`), read by `mtqa.util.langtags.language_in_path`, which
  accepts only real language codes (`tmp/` or `src/` is never a language);
- `detected`: the dominant language of a sample of the document's units (`mtqa.langid.dominant`), with
  its confidence. Too little text, or no clear majority, refuses the file with a message naming the option.

The source language comes the same way: option, config, the file's declaration, the name of the file
its source text came from, else the dominant language of the units' source side (`detected`; PO has
no source-language field). A document without any (plain text, Markdown) gets its inferred foreign
languages instead (`mtqa.langid.inference`), which the wrong-language check runs its two-way detection
against.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from typing import Any

from mtqa.checks.language import finder_for, kept_names
from mtqa.config import Config
from mtqa.errors import EmptyInputError, InputError
from mtqa.langid.dominant import dominant_language, sample_paragraphs
from mtqa.langid.inference import ForeignEvidence
from mtqa.model import FileReport, Unit
from mtqa.readers import STDIN, Document
from mtqa.run.pipeline import Checker
from mtqa.util.datafiles import base_language
from mtqa.util.langtags import language_in_path

# The sample the detection and inference passes read: the first units of the document, up to these.
HEAD_UNITS = 2000
HEAD_CHARS = 200_000
# Inference reads at most this much of the sample (paragraphs spread over it), unless the sample is the
# whole document.
INFER_CHARS = 100_000


@dataclass(frozen=True)
class Languages:
    """A document's languages and how each was obtained (see `FileReport`)."""

    source: str | None
    target: str
    target_from: str
    source_from: str | None = None
    target_confidence: float | None = None
    source_confidence: float | None = None
    inferred: tuple[str, ...] | None = None
    # Whether the inference read the whole document (else each unit also infers from its own text).
    inferred_whole: bool = False
    # Names the document keeps as they are, read from its first units (see `mtqa.checks.language.kept_names`).
    kept_names: tuple[str, ...] = ()

    def file_report(self, path: str, **more: Any) -> FileReport:
        return FileReport(path, self.source, self.target, target_lang_from=self.target_from,
                          source_lang_from=self.source_from, target_lang_confidence=self.target_confidence,
                          source_lang_confidence=self.source_confidence, inferred_langs=self.inferred, **more)


def language_from_path(path: str | None) -> str | None:
    if path is None or path == STDIN:
        return None
    found = language_in_path(path)
    return found.tag if found else None


def _configured(config: Config, key: str) -> tuple[str | None, str | None]:
    value = getattr(config, key)
    if not value:
        return None, None
    return value, "option" if key in config.given else "config"


def _declared(document: Document) -> tuple[str | None, str | None, str | None, str | None]:
    """(target, how, source, how) from the file itself or its name, before any detection."""
    target, target_from = document.target_lang, "file"
    if not target:
        target, target_from = language_from_path(document.path), "name"
    source, source_from = document.source_lang, "file"
    if not source:
        source, source_from = language_from_path(document.source_path), "name"
    return target, target_from if target else None, source, source_from if source else None


def _head(document: Document, defer_errors: bool = False) -> tuple[list[Unit], bool]:
    """The first units of `document`, which stays whole: they are put back in front of the rest; and
    whether they are all its units. With `defer_errors`, a file that breaks among them keeps the units
    read before the break, and raises its error where the scan reaches it (as without this look-ahead)."""
    head: list[Unit] = []
    chars = 0
    rest: Iterator[Unit] = iter(document.units)
    whole = True
    try:
        for unit in rest:
            head.append(unit)
            chars += len(unit.target) + len(unit.source or "")
            if len(head) >= HEAD_UNITS or chars >= HEAD_CHARS:
                whole = False  # perhaps not: the next unit would tell, and it is not read here
                break
    except InputError as exc:
        if not defer_errors or isinstance(exc, EmptyInputError):
            raise
        document.units = chain(head, _raising(exc))
        return head, False
    document.units = chain(head, rest)
    return head, whole


def _raising(exc: InputError) -> Iterator[Unit]:
    raise exc
    yield  # a generator: the error comes when the scan reaches it


def resolve_languages(document: Document, run: Checker | Config) -> Languages:
    """The languages of `document` under the configuration of `run` (a checker, or just its configuration),
    or an `InputError` naming the option when the target language is neither given nor detectable."""
    config = run.config if isinstance(run, Checker) else run
    target, target_from = _configured(config, "target_lang")
    source, source_from = _configured(config, "source_lang")
    declared_target, declared_target_from, declared_source, declared_source_from = _declared(document)
    if not target:
        target, target_from = declared_target, declared_target_from
    if not source:
        source, source_from = declared_source, declared_source_from
    checker = run if isinstance(run, Checker) else Checker(config)
    wrong_language = any(check.name == "wrong-language" for check in checker.checks)
    if target and target_from and source and not wrong_language:
        return Languages(source, target, target_from, source_from)
    if target and target_from and source:
        head, _whole = _head(document, defer_errors=True)
        return Languages(source, target, target_from, source_from, kept_names=kept_names(head))
    head, whole = _head(document)
    kept = kept_names(head) if wrong_language else ()
    finder = finder_for(checker.services)
    target_conf = source_conf = None
    if not target or not target_from:
        found = dominant_language((u.target for u in head), finder.detector)
        if found.lang is None:
            why = f"; {'; '.join(document.language_problems)}" if document.language_problems else ""
            raise InputError(document.path, f"no target language, and it cannot be detected: {found.problem}{why}; "
                             "pass --target-lang (or set target_lang in config)")
        target, target_from, target_conf = found.lang, "detected", found.confidence
    if source is None:
        sources = [u.source for u in head if u.source]
        found = dominant_language(sources, finder.detector) if sources else None
        if found is not None and found.lang is not None and found.lang != base_language(target):
            source, source_from, source_conf = found.lang, "detected", found.confidence
    inferred = None
    if source is None and wrong_language:
        evidence = ForeignEvidence(base_language(target) or target, finder.detector)
        # The whole document in the head: each unit is read as the wrong-language check will read it,
        # once here instead of once per unit there (the finder keeps the last unit's masked text for the
        # check, so a one-unit document is masked once). Else paragraphs spread over the head.
        pieces = [u.target for u in head] if whole else sample_paragraphs((u.target for u in head), INFER_CHARS)
        for piece in pieces:
            finder.infer(piece, evidence.target, evidence=evidence)
        inferred = evidence.languages()
        # Every unit read and every language kept: the wrong-language check need not infer again
        # from each unit's text.
        whole = whole and len(inferred) == len(evidence.letters)
    return Languages(source, target, target_from, source_from, target_conf, source_conf, inferred,
                     inferred_whole=inferred is not None and whole, kept_names=kept)
