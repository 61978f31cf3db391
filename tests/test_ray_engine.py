"""The Ray engine gives the findings of a single-process scan of the same rows, in the same order.

Runs on a local Ray instance (2 CPUs, no dashboard); skipped when the `ray` extra is not installed.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ray = pytest.importorskip("ray", reason="the Ray engine needs the optional extra: pip install -e '.[ray]'")
pytest.importorskip("ray.data", reason="the Ray engine needs ray[data]: pip install -e '.[ray]'")

from mtqa.checks import registry  # noqa: E402
from mtqa.checks.base import Check, DocumentState, Example, UnitContext  # noqa: E402
from mtqa.cli import main  # noqa: E402
from mtqa.config import Config  # noqa: E402
from mtqa.engines.ray_engine import Columns, CometOptions, is_document_level, plan, scan_dataset  # noqa: E402
from mtqa.model import Finding, Hit, Severity, Unit  # noqa: E402
from mtqa.run.pipeline import Checker  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def local_ray() -> Iterator[Any]:
    started = not ray.is_initialized()
    if started:
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    if started:
        ray.shutdown()


def _rows() -> list[dict[str, Any]]:
    """Real French lines of the example article, plus lines that the default checks flag."""
    lines = [line for line in (REPO / "examples" / "article_es-fr.txt").read_text(encoding="utf-8").split("\n")
             if line.strip()]
    lines += ["Il a vu le le chat.", "Pourquoi? Parce que.", "Le prix est de 10 euros ; il pleut.",
              "Une phrase sans faute.", "Elle dit: « non ».", "Nous nous sommes vus vus hier."]
    rows = [{"segment": f"s{i}", "src": f"fuente {i}", "mt": text} for i, text in enumerate(lines)]
    # One source translated twice, with a typo: the inconsistency check, which needs the whole document, fires.
    for i, text in enumerate(("Enregistrez le fichier avant de fermer", "Enregistrez le fichier avant de fremer")):
        rows.insert(3 + 5 * i, {"segment": f"d{i}", "src": "Guarde el archivo antes de cerrar", "mt": text})
    return rows


COLUMNS = Columns(target="mt", source="src", id="segment")


def _expected(rows: list[dict[str, Any]], config: Config) -> list[dict[str, Any]]:
    units = [COLUMNS.unit(row) for row in rows]
    return [f.to_dict() for f in Checker(config).scan_units(units, target_lang=config.target_lang).findings]


def _got(ds: Any, keep: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    return [{k: v for k, v in row.items() if k not in keep} for row in ds.take_all()]


def test_same_findings_and_order_as_a_single_process_scan(local_ray: Any) -> None:
    rows = _rows()
    config = Config(target_lang="fr")
    expected = _expected(rows, config)
    assert {f["check"] for f in expected} >= {"repeated-word", "punctuation-spacing", "inconsistency"}
    assert plan(config).document_checks  # the driver pass runs
    ds = local_ray.data.from_items(rows, override_num_blocks=4)
    got = _got(scan_dataset(ds, config, columns=COLUMNS, batch_size=3, workers=2))
    assert got == expected


def test_jsonl_input_with_kept_columns(local_ray: Any, tmp_path: Path) -> None:
    rows = _rows()
    path = tmp_path / "rows.jsonl"
    path.write_text("".join(json.dumps({**row, "doc": "d1"}) + "\n" for row in rows), encoding="utf-8")
    config = Config(target_lang="fr", select=["repeated-word"])
    ds = local_ray.data.read_json(str(path))
    got = scan_dataset(ds, config, columns=COLUMNS, keep=("doc", "segment")).take_all()
    assert got and all(row["doc"] == "d1" and row["segment"] == row["unit"] for row in got)
    assert [{k: v for k, v in r.items() if k not in ("doc", "segment")} for r in got] == _expected(rows, config)


class EchoDocument(Check):
    """Flags the first word of every unit once the whole document is seen (a test double).

    Flags: nothing real.
    Why: it makes the engine run a document-level check.
    Example: any text.
    Instead: nothing.
    """

    code = "ZZ999"
    name = "echo-document"
    category = "test/document"
    severity = Severity.MINOR
    examples = (Example("Un mot.", True), Example("", False))

    def check(self, ctx: UnitContext) -> Iterator[Hit]:
        seen = ctx.document.state_for(self.name, list)
        if ctx.text[:1].isalpha():
            seen.append((ctx.unit, len(ctx.text.split(" ", 1)[0])))
        return iter(())

    def finish_document(self, document: DocumentState) -> Iterator[tuple[Unit, Hit]]:
        for unit, length in document.state_for(self.name, list):
            yield unit, Hit(0, length, "first word")


def test_document_level_checks_run_on_the_driver(local_ray: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # Only the driver knows the extra check; the workers run the row-local checks they have.
    monkeypatch.setattr(registry, "CHECK_CLASSES", (*registry.CHECK_CLASSES, EchoDocument))
    config = Config(target_lang="fr")
    assert is_document_level(EchoDocument()) and "echo-document" in plan(config).document_checks
    rows = _rows()
    expected = _expected(rows, config)
    assert any(f["check"] == "echo-document" for f in expected)
    ds = local_ray.data.from_items(rows, override_num_blocks=3)
    assert _got(scan_dataset(ds, config, columns=COLUMNS, batch_size=4)) == expected
    skipped = _got(scan_dataset(ds, config, columns=COLUMNS, document_checks="skip"))
    document_level = plan(config).document_checks
    assert skipped == [f for f in expected if f["check"] not in document_level]
    assert plan(config, "skip").skipped == document_level


@dataclass
class _Result:
    scores: list[float]
    spans: None = None


class FakeScorer:
    """Scores a segment by its length, so a threshold splits short from long targets."""

    name = "fake-comet"
    uses_reference = False

    def score(self, segments: list[dict[str, Any]]) -> _Result:
        return _Result([min(1.0, len(seg["mt"]) / 100) for seg in segments])


def test_comet_pass_in_actors(local_ray: Any) -> None:
    pytest.importorskip("mtqa.scoring.scan", reason="the COMET scoring layer (mtqa.scoring) is not merged yet")
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])
    rows = _rows()
    config = Config(target_lang="fr", select=["repeated-word"])
    comet = CometOptions(model="fake-comet", threshold=0.3, num_gpus=0, scorer_factory=FakeScorer, batch_size=5)
    got = _got(scan_dataset(local_ray.data.from_items(rows), config, columns=COLUMNS, comet=comet))
    low = {row["segment"] for row in rows if len(row["mt"]) / 100 < 0.3}
    assert {f["unit"] for f in got if f["check"] == "quality-score"} == low
    rule = [f for f in got if f["check"] != "quality-score"]
    assert rule == _expected(rows, config)


def test_cli_engine_ray_prints_the_same_report(local_ray: Any, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "pairs.tsv"
    path.write_text("".join(f"{row['src']}\t{row['mt']}\n" for row in _rows()), encoding="utf-8")
    article = REPO / "examples" / "article_es-fr.txt"
    reports = []
    for extra in (["--jobs", "1"], ["--engine", "ray"]):
        with pytest.raises(SystemExit) as exit_info:
            main(["scan", str(path), str(article), "-t", "fr", "-f", "json", "--exit-zero", "--isolated", *extra])
        assert exit_info.value.code == 0
        reports.append(json.loads(capsys.readouterr().out))
    assert reports[0]["files"][0]["findings"] and reports[0]["files"][1]["findings"]
    assert reports[1] == reports[0]
    findings = [Finding.from_dict(f) for f in reports[1]["files"][0]["findings"]]
    assert all(f.unit is not None for f in findings)


def test_ray_address_needs_the_ray_engine(cli, tmp_path: Path) -> None:
    path = tmp_path / "one.txt"
    path.write_text("Bonjour.\n", encoding="utf-8")
    code, _out, err = cli("scan", str(path), "-t", "fr", "--ray-address", "auto")
    assert code == 2
    assert "--ray-address needs --engine ray" in err
