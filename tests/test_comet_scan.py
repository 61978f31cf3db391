"""The scoring pass's decision logic (with a fake scorer) and `mtqa scan --comet` / `mtqa score` end to end."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from mtqa.model import FileReport, Severity, Unit
from mtqa.scoring.results import ErrorSpan, ProgressFn, ScoreResult, Segment
from mtqa.scoring.scan import ScoringOptions, ScoringPass


class FakeScorer:
    """Scores by a table keyed on mt; one error span on the word 'bad'."""

    name = "fake-comet"
    needs_reference = False
    uses_reference = True

    def __init__(self, table: dict[str, float]) -> None:
        self.table = table
        self.seen: list[Segment] = []

    def score(self, segments: Sequence[Segment], *, progress: ProgressFn | None = None) -> ScoreResult:
        self.seen.extend(segments)
        scores = [self.table[str(s["mt"])] for s in segments]
        spans = []
        for s in segments:
            mt = str(s["mt"])
            at = mt.find("bad")
            spans.append([ErrorSpan(at, at + 3, "critical", 0.9, "bad")] if at >= 0 else [])
        return ScoreResult(scores, sum(scores) / len(scores), spans, self.name)


def units() -> list[Unit]:
    return [
        Unit(target="A good one.", source="Uno bueno.", reference="A good one.", id="1", line=1, column=12),
        Unit(target="A bad one here.", source="Uno malo.", reference="A poor one.", id="2", line=2, column=11),
        Unit(target="Fine.", source="Bien.", reference="Fine.", id="3", line=3, column=7),
    ]


def run_pass(threshold: float | None, **options: object) -> tuple[FileReport, FakeScorer]:
    scorer = FakeScorer({"A good one.": 0.9, "A bad one here.": 0.3, "Fine.": 0.55})
    scoring = ScoringPass(ScoringOptions(threshold=threshold, progress=False, **options),  # type: ignore[arg-type]
                          scorer_factory=lambda: scorer)
    report = FileReport("f.tsv", "es", "en")
    for _unit, findings in scoring.units((u, []) for u in units()):
        report.findings.extend(findings)
    scoring.finish(report)
    return report, scorer


def test_units_below_threshold_get_quality_findings() -> None:
    report, scorer = run_pass(0.6)
    quality = [f for f in report.findings if f.code == "QS001"]
    assert [f.unit for f in quality] == ["2", "3"]
    assert all(f.check == "quality-score" and f.category == "accuracy/quality" for f in quality)
    assert quality[0].severity is Severity.MAJOR and quality[0].text == "A bad one here."
    assert [s["ref"] for s in scorer.seen] == ["A good one.", "A poor one.", "Fine."]


def test_no_threshold_no_quality_findings_but_scores() -> None:
    report, _ = run_pass(None)
    assert not [f for f in report.findings if f.code == "QS001"]
    comet = report.scores["comet"]
    assert comet["model"] == "fake-comet"
    assert [u["comet"] for u in comet["units"]] == [0.9, 0.3, 0.55]
    assert comet["system"] == pytest.approx((0.9 + 0.3 + 0.55) / 3, abs=1e-6)


def test_error_spans_become_findings_with_their_severity() -> None:
    report, _ = run_pass(None)
    [span] = [f for f in report.findings if f.code == "QS002"]
    assert (span.start, span.end, span.text, span.unit) == (2, 5, "bad", "2")
    assert span.severity is Severity.CRITICAL and span.check == "model-error-span" and span.confidence == 0.9
    assert span.column == 11 + 2


def test_file_scores_hold_sacrebleu_and_mqm() -> None:
    report, _ = run_pass(0.6)
    assert {"bleu", "chrf++", "ter", "mqm", "comet"} <= set(report.scores)
    assert report.scores["bleu"]["signature"].startswith("nrefs:1")
    # 2 major quality findings (5 each) + 1 critical span (25) over 8 words.
    mqm = report.scores["mqm"]
    assert mqm["words"] == 8 and mqm["points"] == 35
    assert mqm["quality"] == pytest.approx(100 - 35 * 1000 / 8, abs=1e-3)


def test_mqm_without_a_model() -> None:
    scoring = ScoringPass(ScoringOptions(progress=False))
    report = FileReport("f.txt", None, "en")
    list(scoring.units((u, []) for u in units()))
    scoring.finish(report)
    assert report.scores["mqm"]["quality"] == 100.0 and "comet" not in report.scores


# ------------------------------------------------------------------ CLI



@pytest.fixture
def bitext(tmp_path: Path) -> Path:
    path = tmp_path / "pairs.tsv"
    path.write_text("Hola mundo.\tBonjour le monde.\tBonjour le monde.\n"
                    "El gato come.\tLe chat mange.\tLe chat mange du pain.\n", encoding="utf-8")
    return path


def test_score_command_prints_metrics(cli, bitext: Path) -> None:
    code, out, _ = cli("score", str(bitext), "--input-format", "bitext", "--format", "json")
    assert code == 0
    [file] = json.loads(out)["files"]
    assert file["units"] == 2 and {"bleu", "chrf++", "ter"} <= set(file)


def test_score_command_needs_references(cli, tmp_path: Path) -> None:
    path = tmp_path / "noref.tsv"
    path.write_text("Hola.\tBonjour.\n", encoding="utf-8")
    code, _, err = cli("score", str(path), "--input-format", "bitext")
    assert code == 2 and "reference" in err and len(err.strip().splitlines()) == 1


def test_min_quality_fails_the_build(cli, tmp_path: Path) -> None:
    path = tmp_path / "doubled.txt"
    path.write_text("Il a vu le le chat.\n", encoding="utf-8")
    base = ("scan", str(path), "-t", "fr", "--format", "json", "--fail-on", "critical")
    code, out, _ = cli(*base)
    quality = json.loads(out)["files"][0]["scores"]["mqm"]["quality"]
    assert code == 0 and quality < 100
    code, _, err = cli(*base, "--min-quality", str(quality + 1))
    assert code == 1 and "MQM quality" in err
    assert cli(*base, "--min-quality", str(quality - 1))[0] == 0


def test_missing_model_is_a_one_line_error(cli, bitext: Path,
                                           tmp_path: Path) -> None:
    code, _, err = cli("scan", str(bitext), "--input-format", "bitext", "-s", "es", "-t", "fr",
                       "--comet", str(tmp_path / "nope.ckpt"))
    assert code == 2 and err.startswith("mtqa: error:") and len(err.strip().splitlines()) == 1


def test_scan_with_tiny_comet(cli, bitext: Path, tmp_path: Path,
                              tmp_path_factory: pytest.TempPathFactory) -> None:
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    from comet_tiny import session_models

    models = session_models(tmp_path_factory)
    code, out, _ = cli("scan", str(bitext), "--input-format", "bitext", "-s", "es", "-t", "fr",
                       "--format", "json", "--comet", str(models["xcomet"]), "--comet-threshold", "100",
                       "--comet-batch-size", "1")
    assert code == 1  # every unit is below 100: major quality-score findings
    file = json.loads(out)["files"][0]
    assert len(file["scores"]["comet"]["units"]) == 2
    assert [f["unit"] for f in file["findings"] if f["code"] == "QS001"] == ["1", "2"]
    assert "comet:" in json.loads(out)["mtqa"]["signature"]
    # a reference-only model on bitext without references: a clear error, exit 2
    noref = tmp_path / "noref.tsv"
    noref.write_text("Hola.\tBonjour.\n", encoding="utf-8")
    code, _, err = cli("scan", str(noref), "--input-format", "bitext", "-s", "es", "-t", "fr",
                       "--comet", str(models["da"]))
    assert code == 2 and "reference" in err
