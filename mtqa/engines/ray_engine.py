"""mtqa on Ray Data: rule checks in CPU actors, COMET in GPU actors, findings back as a dataset.

    import ray
    import mtqa
    from mtqa.engines.ray_engine import Columns, scan_dataset

    ray.init()                                   # or ray.init(address="ray://head:10001")
    rows = ray.data.read_parquet("s3://bucket/corpus/")   # or read_json("corpus.jsonl"), ...
    findings = scan_dataset(rows, mtqa.Config(source_lang="es", target_lang="fr"),
                            columns=Columns(source="src", target="mt", id="segment_id"))
    findings.write_parquet("s3://bucket/findings/")

Each row becomes a `Unit(target, source, reference, id)` (column names in `Columns`; a missing
source or reference column reads as None). The result has one row per finding, with the keys of the
JSON finding (`code`, `check`, `category`, `severity`, `start`, `end`, `line`, `column`, `unit`,
`text`, `message`, `suggestion`, `confidence`) plus any input columns named in `keep`.

How the work is split:

- Row-local checks (every check whose `Check.needs_document()` is false) run in an actor pool of
  CPU workers (`map_batches` with a callable class: the `Checker`, its packs and models are built
  once per worker, never per batch). Row order is preserved, so their findings come in the order
  `Checker.scan_units` gives for the same rows.
- Document-level checks (`needs_document()`: consistency across the corpus, names met earlier in
  the document, ...) need all rows as one document. The workers then send back each row's unit and
  findings, in order; the driver streams them, runs the document-level checks over them (keeping
  only their compact per-check summaries), merges each row's findings and appends the
  end-of-document ones, writing the result into the object store a table at a time. So the
  findings are those of `Checker.scan_units` on the same rows, in the same order, and the driver
  is in the loop. `document_checks="skip"` leaves those checks out for a fully distributed, lazy
  run (the skipped names are in `plan(config, "skip").skipped`).
- With `comet=CometOptions(model=...)`, a COMET pass runs first in an actor pool that reserves
  `num_gpus` per actor; `mtqa.scoring.load_scorer` loads the model once per actor. Scores below
  `threshold` become `quality-score` findings and XCOMET error spans `model-error-span` findings,
  merged into each row's findings in offset order. `comet_scores` returns the scores alone.
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any, Literal

from mtqa.checks.base import Check, DocumentState
from mtqa.config import Config
from mtqa.errors import MissingDependencyError, UsageError
from mtqa.model import FINDING_KEYS, Finding, Unit, merge_findings
from mtqa.run.pipeline import Checker

if TYPE_CHECKING:
    import pyarrow as pa
    import ray.data

COMET_SCORE = "_mtqa_comet"
COMET_SPANS = "_mtqa_comet_spans"
UNIT = "_mtqa_unit"
FINDINGS = "_mtqa_findings"
SKIPPED = "_mtqa_skipped"


def _ray() -> Any:
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise MissingDependencyError("the Ray engine", "ray", "ray") from None
    return ray


def _pyarrow() -> Any:
    try:
        import pyarrow
    except ImportError:
        raise MissingDependencyError("the Ray engine", "ray", "pyarrow") from None
    return pyarrow


@dataclass(frozen=True)
class Columns:
    """Which input columns hold what. Only `target` is required.

    `line`, `column` and `offset` locate a unit in its file (as the readers set them), `source_lang`
    and `target_lang` override the configured languages per row; leave them None for plain rows.
    """

    target: str = "target"
    source: str | None = "source"
    reference: str | None = None
    id: str | None = None
    line: str | None = None
    column: str | None = None
    offset: str | None = None
    source_lang: str | None = None
    target_lang: str | None = None
    # A column of pickled `Unit`s (what `mtqa scan --engine ray` sends, every field kept); when set,
    # the other columns are not read.
    pickled: str | None = None

    def unit(self, row: Mapping[str, Any]) -> Unit:
        if self.pickled:
            unit = pickle.loads(row[self.pickled])
            if not isinstance(unit, Unit):
                raise UsageError(f"column '{self.pickled}' does not hold pickled mtqa units")
            return unit

        def get(name: str | None) -> Any:
            return row.get(name) if name else None

        target = get(self.target)
        if not isinstance(target, str):
            raise UsageError(f"row without a text target column '{self.target}': {dict(row)!r:.200}")
        unit_id = get(self.id)
        return Unit(
            target=target,
            source=get(self.source),
            reference=get(self.reference),
            id=None if unit_id is None else str(unit_id),
            line=int(get(self.line) or 1),
            column=int(get(self.column) or 1),
            offset=int(get(self.offset) or 0),
            source_lang=get(self.source_lang),
            target_lang=get(self.target_lang),
        )


@dataclass(frozen=True)
class CometOptions:
    """The COMET pass: model name or path, and how to run it on the cluster.

    `threshold`: segments scoring below it get a `quality-score` finding (None: scores only, plus
    error spans for XCOMET models). `scorer_factory` replaces `mtqa.scoring.load_scorer` (a custom
    or fake scorer; it must be picklable).
    """

    model: str
    threshold: float | None = None
    batch_size: int = 64
    num_gpus: float = 1.0
    actors: int = 1
    bf16: bool = True
    severity: str = "major"
    scorer_factory: Callable[[], Any] | None = None


def is_document_level(check: Check) -> bool:
    """A check that needs every unit of the document in one process (`Check.needs_document`)."""
    return check.needs_document()


@dataclass
class ScanPlan:
    """Which selected checks run in the workers, which on the driver, and which are skipped."""

    row_checks: list[str]
    document_checks: list[str]
    skipped: list[str] = field(default_factory=list)


def plan(config: Config, document_checks: Literal["driver", "skip"] = "driver") -> ScanPlan:
    checks = Checker(config).checks
    row = [c.name for c in checks if not is_document_level(c)]
    document = [c.name for c in checks if is_document_level(c)]
    if document_checks == "skip":
        return ScanPlan(row, [], document)
    return ScanPlan(row, document)


def finding_schema(keep_types: Sequence[tuple[str, Any]] = ()) -> pa.Schema:
    pa = _pyarrow()
    types = {
        "code": pa.string(), "check": pa.string(), "category": pa.string(), "severity": pa.string(),
        "start": pa.int64(), "end": pa.int64(), "line": pa.int64(), "column": pa.int64(),
        "unit": pa.string(), "text": pa.string(), "message": pa.string(), "suggestion": pa.string(),
        "confidence": pa.float64(),
    }
    return pa.schema([(key, types[key]) for key in FINDING_KEYS] + list(keep_types))


def per_row_schema(keep_types: Sequence[tuple[str, Any]] = ()) -> pa.Schema:
    """One row per input row: the pickled unit and its pickled findings (for the driver's merge)."""
    pa = _pyarrow()
    return pa.schema([(UNIT, pa.binary()), (FINDINGS, pa.binary()), (SKIPPED, pa.binary()), *keep_types])


def finding_row(finding: Finding, row: Mapping[str, Any], keep: Sequence[str]) -> dict[str, Any]:
    out = finding.to_dict()
    for name in keep:
        out[name] = row.get(name)
    return out


def _model_findings(unit: Unit, row: Mapping[str, Any], options: CometOptions | None, model: str) -> list[Finding]:
    if options is None or row.get(COMET_SCORE) is None:
        return []
    from mtqa.model import Severity
    from mtqa.scoring.results import ErrorSpan
    from mtqa.scoring.scan import quality_finding, span_finding

    out: list[Finding] = []
    score = float(row[COMET_SCORE])
    if options.threshold is not None and score < options.threshold:
        out.append(quality_finding(unit, score, options.threshold, model, Severity.parse(options.severity)))
    for span in json.loads(row.get(COMET_SPANS) or "[]"):
        found = span_finding(unit, ErrorSpan(**span), model)
        if found is not None:
            out.append(found)
    return out


class RowChecks:
    """The CPU stage: a `Checker` built once per worker, run over each batch of rows."""

    def __init__(self, config: Config, check_names: Sequence[str], columns: Columns, keep: Sequence[str],
                 keep_types: Sequence[tuple[str, Any]], comet: CometOptions | None, per_row: bool = False) -> None:
        self.per_row = per_row
        self.checker = Checker(config)
        self.checks = [c for c in self.checker.checks if c.name in set(check_names)]
        self.columns = columns
        self.keep = tuple(keep)
        self.schema = per_row_schema(keep_types) if per_row else finding_schema(keep_types)
        self.comet = comet
        self.model = comet.model if comet else ""
        self.state = DocumentState("<ray>", config.target_lang, config.source_lang)

    def __call__(self, batch: pa.Table) -> pa.Table:
        pa = _pyarrow()
        out: list[dict[str, Any]] = []
        for row in batch.to_pylist():
            unit = self.columns.unit(row)
            findings = self.checker.check_unit(unit, self.state, self.checks)
            extra = _model_findings(unit, row, self.comet, self.model)
            if extra:
                findings = merge_findings(findings + extra)
            if self.per_row:
                # Checks skipped at this row (a missing extra): the driver reports them as a local scan does.
                skipped = pickle.dumps(dict(self.state.skipped)) if self.state.skipped else None
                self.state.skipped.clear()
                out.append({UNIT: pickle.dumps(unit), FINDINGS: pickle.dumps(findings), SKIPPED: skipped,
                            **{k: row.get(k) for k in self.keep}})
            else:
                out.extend(finding_row(f, row, self.keep) for f in findings)
        self.state.data.clear()  # row-local checks keep nothing between rows
        return pa.Table.from_pylist(out, schema=self.schema)


class CometScores:
    """The GPU stage: a COMET scorer loaded once per actor; adds the score (and spans) to each row."""

    def __init__(self, options: CometOptions, columns: Columns) -> None:
        self.columns = columns
        if options.scorer_factory is not None:
            self.scorer = options.scorer_factory()
        else:
            try:
                from mtqa.scoring import load_scorer
            except ImportError:
                # The scoring layer ships with the COMET extra (mtqa.scoring); without it there is no pass.
                raise MissingDependencyError("COMET scoring on Ray", "comet", "mtqa.scoring") from None
            device = "cuda" if options.num_gpus > 0 else "cpu"
            self.scorer = load_scorer(options.model, device=device, batch_size=options.batch_size,
                                      bf16=options.bf16 and device == "cuda")

    def __call__(self, batch: pa.Table) -> pa.Table:
        pa = _pyarrow()
        rows = batch.to_pylist()
        uses_reference = getattr(self.scorer, "uses_reference", True)
        segments = []
        for row in rows:
            unit = self.columns.unit(row)
            segments.append({"src": unit.source, "mt": unit.target,
                             "ref": unit.reference if uses_reference else None})
        result = self.scorer.score(segments) if segments else None
        scores = list(result.scores) if result else []
        spans = (
            [json.dumps([s.to_dict() for s in row_spans]) for row_spans in result.spans]
            if result and result.spans is not None
            else [None] * len(rows)
        )
        batch = batch.append_column(COMET_SCORE, pa.array(scores, pa.float64()))
        return batch.append_column(COMET_SPANS, pa.array(spans, pa.string()))


def comet_scores(ds: ray.data.Dataset, options: CometOptions, columns: Columns = Columns()) -> ray.data.Dataset:
    """`ds` with the COMET score of each row in column `_mtqa_comet` (error spans as JSON in
    `_mtqa_comet_spans`), computed in `options.actors` actors of `options.num_gpus` GPUs each."""
    ray = _ray()
    return ds.map_batches(
        CometScores,
        fn_constructor_kwargs={"options": options, "columns": columns},
        batch_size=options.batch_size,
        batch_format="pyarrow",
        num_gpus=options.num_gpus or None,
        compute=ray.data.ActorPoolStrategy(size=max(1, options.actors)),
    )


def _keep_types(ds: ray.data.Dataset, keep: Sequence[str]) -> list[tuple[str, Any]]:
    if not keep:
        return []
    schema = ds.schema()
    names = list(schema.names) if schema is not None else []
    types = dict(zip(names, schema.types, strict=True)) if schema is not None else {}
    missing = [k for k in keep if k not in types]
    if missing:
        raise UsageError(f"keep: no column {', '.join(missing)} in the dataset (columns: {', '.join(names)})")
    return [(k, types[k]) for k in keep]


def row_findings(
    ds: ray.data.Dataset,
    config: Config,
    check_names: Sequence[str],
    *,
    columns: Columns = Columns(),
    keep: Sequence[str] = (),
    comet: CometOptions | None = None,
    batch_size: int = 512,
    workers: int | None = None,
    per_row: bool = False,
) -> ray.data.Dataset:
    """The distributed part alone: findings of the named row-local checks (and COMET), in row order.

    With `per_row`, one output row per input row instead: the pickled unit and its pickled findings.
    """
    ray = _ray()
    keep_types = _keep_types(ds, keep)
    if comet is not None:
        ds = comet_scores(ds, comet, columns)
    compute = ray.data.ActorPoolStrategy(min_size=1, max_size=workers) if workers else None
    out = ds.map_batches(
        RowChecks,
        fn_constructor_kwargs={"config": config, "check_names": list(check_names), "columns": columns,
                               "keep": list(keep), "keep_types": keep_types, "comet": comet,
                               "per_row": per_row},
        batch_size=batch_size,
        batch_format="pyarrow",
        num_cpus=1,
        compute=compute,
    )
    out.context.execution_options.preserve_order = True
    return out


@dataclass
class _Doc:
    """The one attribute of `Document` that `Checker.iter_document` reads."""

    _units: Iterable[Unit]

    @property
    def units(self) -> Iterator[Unit]:
        return iter(self._units)


def scan_dataset(
    ds: ray.data.Dataset,
    config: Config | None = None,
    *,
    columns: Columns = Columns(),
    keep: Sequence[str] = (),
    comet: CometOptions | None = None,
    document_checks: Literal["driver", "skip"] = "driver",
    batch_size: int = 512,
    workers: int | None = None,
) -> ray.data.Dataset:
    """Run mtqa over a Ray dataset of rows; returns a dataset of findings (see the module docstring).

    `config` selects checks and languages as for `mtqa scan`; `keep` copies input columns onto each
    finding of their row (a document or file id, say) — findings of document-level checks carry
    them too. `workers` caps the CPU actor pool (default: autoscale to the cluster).
    """
    ray = _ray()
    config = config or Config()
    scan_plan = plan(config, document_checks)
    if not scan_plan.document_checks:
        return row_findings(ds, config, scan_plan.row_checks, columns=columns, keep=keep, comet=comet,
                            batch_size=batch_size, workers=workers)
    # Document-level checks: the workers send back each row's unit and findings, in order; the driver
    # adds the document-level findings of the row, then the end-of-document ones, and puts the result
    # into the object store a table at a time.
    keep_types = _keep_types(ds, keep)
    per_row = row_findings(ds, config, scan_plan.row_checks, columns=columns, keep=keep, comet=comet,
                           batch_size=batch_size, workers=workers, per_row=True)
    checker = Checker(config)
    checks = [c for c in checker.checks if c.name in set(scan_plan.document_checks)]
    state = DocumentState("<ray>", config.target_lang, config.source_lang)
    schema = finding_schema(keep_types)
    kept: dict[str | None, dict[str, Any]] = {}  # kept columns of a late finding: its row's, by unit id
    refs: list[Any] = []
    pending: list[dict[str, Any]] = []

    def flush() -> None:
        if pending:
            refs.append(ray.put(_pyarrow().Table.from_pylist(pending, schema=schema)))
            pending.clear()

    for batch in per_row.iter_batches(batch_size=4096, batch_format="pyarrow"):
        for row in batch.to_pylist():
            unit: Unit = pickle.loads(row[UNIT])
            values = {k: row.get(k) for k in keep}
            if keep and columns.id:
                kept.setdefault(unit.id, values)
            state.units += 1
            findings = merge_findings(pickle.loads(row[FINDINGS]) + checker.check_unit(unit, state, checks))
            pending.extend(finding_row(f, values, keep) for f in findings)
        if len(pending) >= 10_000:
            flush()
    for _unit, late in checker.iter_document(_Doc(()), state):  # no units left: the end-of-document pass
        pending.extend(finding_row(f, kept.get(f.unit, {}), keep) for f in late)
    flush()
    if not refs:
        refs.append(ray.put(_pyarrow().Table.from_pylist([], schema=schema)))
    out = ray.data.from_arrow_refs(refs)
    out.context.execution_options.preserve_order = True
    return out


def _quiet(ray: Any) -> None:
    import logging

    ray.data.DataContext.get_current().enable_progress_bars = False
    for name in ("ray", "ray.data"):
        logging.getLogger(name).setLevel(logging.ERROR)


def connect(address: str | None = None, **init_args: Any) -> Any:
    """Join the cluster at `address` (``ray://host:10001``, ``host:6379`` or ``auto``), or start a local
    Ray instance without a dashboard when `address` is None; reuses a connection already made."""
    ray = _ray()
    if not ray.is_initialized():
        import logging

        init_args.setdefault("logging_level", logging.WARNING)
        init_args.setdefault("log_to_driver", False)
        if address:
            ray.init(address=address, **init_args)
        else:
            init_args.setdefault("include_dashboard", False)
            ray.init(**init_args)
    _quiet(ray)
    return ray


class RayChecker(Checker):
    """A `Checker` whose row-local checks run on a Ray cluster; what `mtqa scan --engine ray` uses.

    Units stream from the reader in chunks of `chunk_size`; each chunk goes to the cluster as a
    dataset of pickled units, and its findings come back in order. Document-level checks run here,
    on the driver, over the same stream, so the report is the one `Checker` gives for the same input.
    """

    def __init__(self, config: Config | None = None, *, address: str | None = None, chunk_size: int = 50_000,
                 batch_size: int = 512, workers: int | None = None) -> None:
        _ray()  # a missing extra fails here, before any output
        super().__init__(config)
        self.address = address
        self.chunk_size = max(1, chunk_size)
        self.batch_size = max(1, batch_size)
        self.workers = workers

    def __getstate__(self) -> dict[str, Any]:
        return self.__dict__.copy()

    def _remote(self, units: list[Unit], config: Config,
                names: list[str]) -> Iterator[tuple[list[Finding], dict[str, str]]]:
        """Each unit's findings and the checks skipped there, in order, computed on the cluster."""
        ray = connect(self.address)
        rows = [{UNIT: pickle.dumps(unit)} for unit in units]
        blocks = max(1, min(len(rows) // self.batch_size, 64))
        ds = ray.data.from_items(rows, override_num_blocks=blocks)
        found = row_findings(ds, config, names, columns=Columns(pickled=UNIT), batch_size=self.batch_size,
                             workers=self.workers, per_row=True)
        for batch in found.iter_batches(batch_size=4096, batch_format="pyarrow"):
            for row in batch.to_pylist():
                yield pickle.loads(row[FINDINGS]), pickle.loads(row[SKIPPED]) if row[SKIPPED] else {}

    def iter_document(self, document: Any, state: DocumentState,
                      jobs: int = 1) -> Iterator[tuple[Unit, list[Finding]]]:
        """As `Checker.iter_document`; `jobs` is ignored: the cluster decides how many workers run."""
        import dataclasses

        config = dataclasses.replace(self.config, source_lang=state.source_lang, target_lang=state.target_lang)
        row_names = [c.name for c in self.unit_checks]
        units = iter(document.units)
        while chunk := list(islice(units, self.chunk_size)):
            per_row = self._remote(chunk, config, row_names) if row_names else (([], {}) for _ in chunk)
            for unit, (findings, skipped) in zip(chunk, per_row, strict=True):
                for name, why in skipped.items():
                    state.skipped.setdefault(name, why)
                state.units += 1
                state.count_kind(unit)
                if self.document_checks:
                    findings = merge_findings(findings + self.check_unit(unit, state, self.document_checks))
                yield unit, findings
        # With no units left, the plain iteration runs only the end-of-document pass.
        yield from super().iter_document(_Doc(()), state)
