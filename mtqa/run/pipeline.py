"""The `Checker`: built once from a configuration, then run over any number of units and documents."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from mtqa.checks.base import Check, DocumentState, UnitContext
from mtqa.checks.packs import user_packs
from mtqa.checks.registry import is_known_key, select_checks
from mtqa.config import Config
from mtqa.errors import ConfigError, PackError
from mtqa.meaning.analysis import requirement_problem
from mtqa.model import FileReport, Finding, Hit, Report, Unit, merge_findings
from mtqa.readers import Document
from mtqa.signature import make_signature
from mtqa.util.datafiles import base_language
from mtqa.version import __version__

# Findings one check may report in one unit. Real units hold a handful; a unit that holds thousands
# (a generated or hostile file) would otherwise cost time and memory in proportion, for no reader.
MAX_FINDINGS_PER_CHECK = 1000


class Services:
    """Heavy shared resources (models, lexicons), loaded lazily once per Checker and reused by every unit."""

    def __init__(self, config: Config, enabled: frozenset[str] | None = None) -> None:
        self.config = config
        # Names of the checks this run applies (None: not known), so a check can leave a span to another.
        self.enabled = enabled
        self._cache: dict[str, Any] = {}

    def get(self, name: str, factory: Any) -> Any:
        if name not in self._cache:
            self._cache[name] = factory()
        return self._cache[name]

    def __getstate__(self) -> dict[str, Any]:
        # Models are rebuilt in each worker process rather than pickled.
        return {"config": self.config, "enabled": self.enabled, "_cache": {}}


def _unmet_requirement(check: Check, lang: str | None) -> str | None:
    for requirement in check.requires:
        problem = requirement_problem(requirement, lang)
        if problem:
            return problem
    return None


class Checker:
    """Runs the selected checks. Build it once; it is cheap to reuse and safe to pickle."""

    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config()
        self.check_classes: list[type[Check]] = select_checks(
            self.config.select, self.config.ignore, self.config.extend_select
        )
        self.checks: list[Check] = [cls() for cls in self.check_classes]
        self.unit_checks = [c for c in self.checks if not c.needs_document()]
        self.document_checks = [c for c in self.checks if c.needs_document()]
        self.services = Services(self.config, frozenset(cls.name for cls in self.check_classes))
        self._plans: dict[tuple[Any, ...], list[tuple[Check, str | None]]] = {}
        overrides = self.config.severity
        for key in overrides:
            if not is_known_key(key):
                raise ConfigError(self.config.origin or "configuration",
                                  f"severity: unknown check '{key}' (a check code or name: see `mtqa rules`)")
        if self.config.packs:  # a broken user pack is an error now, before any output
            try:
                user_packs(tuple(self.config.packs))
            except PackError as exc:
                raise ConfigError(self.config.origin or "configuration", f"packs: {exc}") from None
        self._severity = {
            cls.name: overrides.get(cls.name, overrides.get(cls.code, cls.severity)) for cls in self.check_classes
        }

    def signature(self, source_lang: str | None, target_lang: str | None) -> str:
        return make_signature(
            source_lang=source_lang,
            target_lang=target_lang,
            check_codes=[cls.code for cls in self.check_classes],
            lid_backend=self.config.lid_backend,
            user_packs=self.config.packs,
            extra=[("comet", self.config.comet)] if self.config.comet else (),
        )

    def _finding(self, check: Check, unit: Unit, hit: Hit) -> Finding:
        text = unit.target
        if not 0 <= hit.start < hit.end <= len(text):
            raise ValueError(f"check {check.name} produced an invalid span {hit.start}:{hit.end}")
        line, column = unit.line_column(hit.start)
        return Finding(
            code=check.code,
            check=check.name,
            category=check.category,
            severity=hit.severity or self._severity[check.name],
            start=unit.offset + hit.start,
            end=unit.offset + hit.end,
            line=line,
            column=column,
            unit=unit.id,
            text=text[hit.start : hit.end],
            message=hit.message,
            suggestion=hit.suggestion,
            confidence=hit.confidence,
        )

    def check_unit(self, unit: Unit, document: DocumentState, checks: Iterable[Check] | None = None) -> list[Finding]:
        """Findings of one unit, sorted by position; `checks` limits the run to some of the checks."""
        ctx = UnitContext(
            unit,
            target_lang=unit.target_lang or document.target_lang,
            source_lang=unit.source_lang or document.source_lang,
            services=self.services,
            document=document,
        )
        if ctx.kind.is_metadata:
            return []  # translator credits and the like: not a translation (the report notes them)
        if not unit.target:
            return []  # no text to hold a finding's span (readers count empty targets as untranslated)
        found: list[Finding] = []
        for check, problem in self._plan(ctx, self.checks if checks is None else checks):
            if problem:
                document.skipped.setdefault(check.name, problem)
                continue
            for count, hit in enumerate(check.check(ctx), start=1):
                if count > MAX_FINDINGS_PER_CHECK:  # the check is stopped: its generator is not resumed
                    document.skipped.setdefault(
                        f"{check.name} (capped)", f"over {MAX_FINDINGS_PER_CHECK:,} findings in one unit: "
                                                  "the rest of that unit was not checked by it")
                    break
                found.append(self._finding(check, unit, hit))
        return merge_findings(found) if len(found) > 1 else found

    def _plan(self, ctx: UnitContext, checks: Iterable[Check]) -> list[tuple[Check, str | None]]:
        """The checks that apply to units like this one, each with the reason it cannot run (or None).

        `Check.applies_to` depends only on the languages, on whether there is a source (text, or a message
        key standing for it) and on the configuration, so the answer is computed once per combination."""
        subset = None if checks is self.checks else tuple(checks)
        key = (ctx.target_lang, ctx.source_lang, bool(ctx.source), ctx.unit.source is not None, subset)
        plan = self._plans.get(key)
        if plan is None:
            candidates = self.checks if subset is None else subset
            plan = [(c, _unmet_requirement(c, ctx.target_lang)) for c in candidates if c.applies_to(ctx)]
            self._plans[key] = plan
        return plan

    def new_state(self, document: Document, source_lang: str | None = None,
                  target_lang: str | None = None) -> DocumentState:
        state = DocumentState(document.path, target_lang or document.target_lang, source_lang or document.source_lang)
        # Known up front, so the report says it even when units are checked in worker processes.
        base = base_language(state.target_lang)
        for check in self.checks:
            if check.languages is None or base in check.languages:
                problem = _unmet_requirement(check, state.target_lang)
                if problem:
                    state.skipped[check.name] = problem
        return state

    def iter_document(self, document: Document, state: DocumentState,
                      jobs: int = 1) -> Iterator[tuple[Unit, list[Finding]]]:
        """Findings unit by unit, streaming and in input order; document-level findings come last.

        With `jobs` > 1, a long document's units are checked in worker processes (same output).
        """
        if jobs > 1:
            from mtqa.run.parallel import check_units_parallel

            pairs = check_units_parallel(self, document.units, state, jobs)
        else:
            pairs = ((unit, self.check_unit(unit, state)) for unit in document.units)
        for unit, findings in pairs:
            state.units += 1
            state.count_kind(unit)
            yield unit, findings
        for check in self.checks:
            late: dict[tuple[str, int, int], tuple[Unit, Finding]] = {}
            for unit, hit in check.finish_document(state):
                finding = self._finding(check, unit, hit)
                late.setdefault((finding.unit or "", finding.start, finding.end), (unit, finding))
            for unit, finding in late.values():
                yield unit, [finding]

    def scan_document(self, document: Document, source_lang: str | None = None,
                      target_lang: str | None = None) -> FileReport:
        source_lang = source_lang or document.source_lang
        target_lang = target_lang or document.target_lang
        report = FileReport(document.path, source_lang, target_lang)
        state = self.new_state(document, source_lang, target_lang)
        for _unit, findings in self.iter_document(document, state):
            report.add(findings)
        report.units = state.units
        report.skipped_checks.update(state.skipped)
        report.notes = document.notes + state.notes()
        return report

    def scan_units(self, units: Iterable[Unit], *, path: str = "<text>", source_lang: str | None = None,
                   target_lang: str | None = None) -> FileReport:
        return self.scan_document(Document(path, iter(units)), source_lang, target_lang)

    def report(self, files: list[FileReport]) -> Report:
        first = files[0] if files else None
        signature = self.signature(first.source_lang if first else self.config.source_lang,
                                   first.target_lang if first else self.config.target_lang)
        return Report(files=files, signature=signature, version=__version__, fail_on=self.config.fail_on)
