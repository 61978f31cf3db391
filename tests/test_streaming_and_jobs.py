"""Long inputs: plain text read in blocks, and units checked in worker processes, give the same report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtqa.checks.base import Check, DocumentState, UnitContext
from mtqa.cli import main
from mtqa.config import Config
from mtqa.errors import InputError
from mtqa.model import Finding, Hit, Unit
from mtqa.readers import Document, plain, read_document
from mtqa.run import parallel
from mtqa.run.pipeline import Checker

PARAGRAPH = "Il a vu le le chat. Pourquoi? Parce que.\nUne ligne de plus sans faute.\n\n"


def scan_json(capsys, path: Path, *args: str) -> dict:
    with pytest.raises(SystemExit):
        main(["scan", str(path), "-t", "fr", "-f", "json", "--exit-zero", *args])
    return json.loads(capsys.readouterr().out)


def test_blocked_plain_text_gives_the_same_findings(tmp_path: Path, capsys, monkeypatch) -> None:
    path = tmp_path / "long.txt"
    path.write_text(PARAGRAPH * 200 + "Fin sans saut de ligne le le", encoding="utf-8")
    whole = scan_json(capsys, path, "--jobs", "1")
    monkeypatch.setattr(plain, "SINGLE_UNIT_CHARS", 500)
    monkeypatch.setattr(plain, "BLOCK_CHARS", 300)
    monkeypatch.setattr(plain, "READ_BYTES", 97)
    units = list(read_document(str(path)).units)
    assert len(units) > 20
    text = path.read_text(encoding="utf-8")
    assert "".join(u.target for u in units) == text
    for unit in units:
        assert text[unit.offset : unit.offset + len(unit.target)] == unit.target
        assert unit.line == text.count("\n", 0, unit.offset) + 1
    blocked = scan_json(capsys, path, "--jobs", "1")
    assert blocked["files"][0]["findings"] == whole["files"][0]["findings"]
    assert len(whole["files"][0]["findings"]) == 401
    for finding in blocked["files"][0]["findings"]:
        assert text[finding["start"] : finding["end"]] == finding["text"]


def test_invalid_utf8_late_in_a_long_file(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(plain, "READ_BYTES", 64)
    path = tmp_path / "late.txt"
    good = ("é" * 100).encode()
    path.write_bytes(good + b"\xff" + b"rest")
    with pytest.raises(InputError, match=f"bad byte at offset {len(good)}"):
        list(read_document(str(path)).units)


class _CountUnits(Check):
    """Test-only document check: flags the first character of every tenth unit it sees.

    Flags: x. Why: x. Example: x. Instead: x.
    """

    code = "ZZ001"
    name = "count-units"
    category = "test/test"
    document_scope = True

    def check(self, ctx: UnitContext):
        state = ctx.document.state_for(self.name, lambda: [0])
        state[0] += 1
        if state[0] % 10 == 0:
            yield Hit(0, 1, f"unit number {state[0]}")


def _scan(jobs: int) -> list[Finding]:
    checker = Checker(Config(target_lang="fr"))
    extra = _CountUnits()
    checker.checks.append(extra)
    checker.document_checks.append(extra)
    checker._severity[extra.name] = extra.severity
    units = [Unit(target=f"Phrase {i} le le mot? Oui.", source="x", id=str(i)) for i in range(120)]
    document = Document("<t>", iter(units))
    state = checker.new_state(document, "x", "fr")
    return [f for _unit, found in checker.iter_document(document, state, jobs=jobs) for f in found]


def test_jobs_give_identical_findings_in_the_same_order(monkeypatch) -> None:
    monkeypatch.setattr(parallel, "MIN_PARALLEL_UNITS", 20)
    monkeypatch.setattr(parallel, "CHUNK_UNITS", 7)
    sequential = _scan(1)
    spawned = []
    real_chunks = parallel._chunks
    monkeypatch.setattr(parallel, "_chunks", lambda *a: spawned.append(1) or real_chunks(*a))
    parallel_run = _scan(2)
    assert spawned, "the worker path was taken"
    assert parallel_run == sequential
    assert sum(f.check == "count-units" for f in sequential) == 12
    assert sum(f.check == "repeated-word" for f in sequential) == 120


class _PartlySkipped(Check):
    """Test-only unit check that records, from inside a worker, that it skipped part of its work.

    Flags: nothing. Why: x. Example: x. Instead: x.
    """

    code = "ZZ002"
    name = "partly-skipped"
    category = "test/test"

    def check(self, ctx: UnitContext):
        ctx.document.skipped.setdefault(self.name, "partly: no parser for this sentence")
        return iter(())


def test_skipped_checks_recorded_in_workers_reach_the_report(monkeypatch) -> None:
    monkeypatch.setattr(parallel, "MIN_PARALLEL_UNITS", 20)
    monkeypatch.setattr(parallel, "CHUNK_UNITS", 7)
    checker = Checker(Config(target_lang="fr"))
    extra = _PartlySkipped()
    checker.checks.append(extra)
    checker.unit_checks.append(extra)
    units = [Unit(target=f"Phrase {i}.", id=str(i)) for i in range(60)]
    document = Document("<t>", iter(units))
    state = checker.new_state(document, None, "fr")
    assert len(list(checker.iter_document(document, state, jobs=2))) == 60
    assert state.skipped == {"partly-skipped": "partly: no parser for this sentence"}


def test_workers_hold_a_bounded_window_of_units_however_long_the_input(monkeypatch) -> None:
    # The parent reads ahead of what it has yielded by at most the first batch (checked before
    # deciding to start workers) plus the chunks in flight: memory stays flat on any input size.
    monkeypatch.setattr(parallel, "MIN_PARALLEL_UNITS", 20)
    jobs, chunk_units, total = 2, 5, 400
    checker = Checker(Config(target_lang="fr", select=["repeated-word"]))
    read = 0

    def units():
        nonlocal read
        for i in range(total):
            read += 1
            yield Unit(target=f"Il a vu le le chat numéro {i}.", id=str(i))

    state = DocumentState("<t>", "fr", None)
    ahead = []
    done = 0
    for unit, findings in parallel.check_units_parallel(checker, units(), state, jobs, chunk_units=chunk_units):
        assert unit.id == str(done) and [f.check for f in findings] == ["repeated-word"]
        done += 1
        ahead.append(read - done)
    assert done == total
    bound = 20 + jobs * parallel.CHUNKS_IN_FLIGHT_PER_JOB * chunk_units
    assert max(ahead) <= bound
    assert max(ahead[total // 2 :]) <= bound  # not growing as the input goes on


def test_streamed_json_is_the_report_object_with_every_file_in_its_turn(tmp_path: Path, cli, monkeypatch) -> None:
    """The JSON reporter writes as it goes; what it writes is `report.to_dict()` key for key, in order,
    with a file that cannot be opened and an empty one before the first scanned file, a detected language
    and a paired source among them."""
    from mtqa.run.runner import scan_paths
    from mtqa.suppression.directives import SuppressionFilter

    monkeypatch.chdir(tmp_path)
    (tmp_path / "locales").mkdir()
    (tmp_path / "locales" / "en.json").write_text('{"a": "Save the file", "b": "Open it"}', encoding="utf-8")
    (tmp_path / "locales" / "fr.json").write_text('{"a": "Enregistrer le le fichier", "b": "Ouvrez-le"}',
                                                  encoding="utf-8")
    (tmp_path / "0bad.xlf").write_text("<xliff><broken", encoding="utf-8")
    (tmp_path / "1empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "2a.txt").write_text("Il a vu le le chat. Elle est partie hier soir avec son frère.\n",
                                     encoding="utf-8")
    code, out, err = cli("scan", ".", "--isolated", "-f", "json", "--exit-zero")
    assert code == 2 and err.count("mtqa: error: ") == 1
    streamed = json.loads(out, object_pairs_hook=list)

    files = ["0bad.xlf", "1empty.txt", "2a.txt", "locales/fr.json"]
    report = scan_paths([f"./{f}" for f in files], Checker(Config()), filters=[SuppressionFilter()],
                        sources={"./locales/fr.json": "locales/en.json"}, on_error=lambda exc: None)
    whole = json.loads(json.dumps(report.to_dict()), object_pairs_hook=list)
    assert streamed == whole  # the header's signature too: files that were not scanned do not sign it
    assert [dict(f)["path"] for f in dict(streamed)["files"]] == [f"./{f}" for f in files]
