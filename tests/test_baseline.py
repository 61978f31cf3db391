"""Baselines: a finding recorded once is not reported again, whatever changes elsewhere in the file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ci_helpers import MAJOR_REPEATS, run, write

ORIGINAL = ("Premier paragraphe sans faute.\n\n"
            "Il a vu le le chat dans le jardin.\n\n"
            "Dernier paragraphe, lui aussi correct.\n")


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "mtqa.toml", MAJOR_REPEATS + 'target_lang = "fr"\nselect = ["FL001"]\n')
    write(tmp_path / "docs" / "a.txt", ORIGINAL)
    return tmp_path


def test_only_the_new_error_is_reported(capsys, project: Path) -> None:
    code, _, err = run(capsys, "baseline", "docs", "-o", ".mtqa-baseline.json")
    assert code == 0 and "recorded 1 finding" in err
    baseline = json.loads((project / ".mtqa-baseline.json").read_text(encoding="utf-8"))
    assert [(e["path"], e["text"]) for e in baseline["findings"]] == [("docs/a.txt", "le le")]

    assert run(capsys, "scan", "docs", "--baseline", ".mtqa-baseline.json")[0] == 0

    edited = ("Un nouveau paragraphe ajouté en tête.\n\n" + ORIGINAL.replace("sans faute", "toujours sans faute")
              + "\nEt ici une nouvelle erreur erreur.\n")
    write(project / "docs" / "a.txt", edited)
    code, out, err = run(capsys, "scan", "docs", "--baseline", ".mtqa-baseline.json", "-f", "json")
    assert code == 1
    findings = json.loads(out)["files"][0]["findings"]
    assert [(f["text"], f["line"]) for f in findings] == [("erreur erreur", 9)]
    assert "1 new finding(s), 1 known" in err and "0 fixed" in err

    write(project / "docs" / "a.txt", edited.replace("le le", "le"))
    code, out, err = run(capsys, "scan", "docs", "--baseline", ".mtqa-baseline.json")
    assert code == 1 and "1 fixed" in err and "fixed: docs/a.txt:3 FL001 repeated-word 'le le'" in err


def test_a_repeat_of_a_known_finding_is_new(capsys, project: Path) -> None:
    run(capsys, "baseline", "docs")
    write(project / "docs" / "a.txt", ORIGINAL + "\nIl a vu le le chat dans le jardin.\n")
    code, out, _ = run(capsys, "scan", "docs", "--baseline", ".mtqa-baseline.json", "-f", "jsonl")
    assert code == 1
    assert [json.loads(line)["line"] for line in out.splitlines()] == [7]


def test_bad_baseline_files_are_usage_errors(capsys, project: Path) -> None:
    code, _, err = run(capsys, "scan", "docs", "--baseline", "missing.json")
    assert code == 2 and "missing.json" in err and "not found" in err
    write(project / "bad.json", '{"something": "else"}')
    code, _, err = run(capsys, "scan", "docs", "--baseline", "bad.json")
    assert code == 2 and "not an mtqa baseline" in err
