"""Folders and glob patterns as inputs, --include/--exclude, configuration per folder, one summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ci_helpers import MAJOR_REPEATS, run, write

from mtqa.errors import UsageError
from mtqa.run.inputs import expand_paths, matches


@pytest.fixture
def tree(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "site" / "index.fr.md", "Il a vu le le chat.\n")
    write(tmp_path / "site" / "guide" / "intro.fr.txt", "Bonjour à tous.\n")
    write(tmp_path / "site" / "guide" / "intro.es.txt", "Hola a todos.\n")
    write(tmp_path / "site" / "drafts" / "wip.fr.txt", "Brouillon brouillon.\n")
    write(tmp_path / "site" / ".hidden" / "x.txt", "Caché.\n")
    write(tmp_path / "site" / "logo.svg", "<svg/>")
    return tmp_path


def test_folders_are_walked_for_known_extensions(tree: Path) -> None:
    assert expand_paths(["site"]) == ["site/index.fr.md", "site/drafts/wip.fr.txt", "site/guide/intro.es.txt",
                                      "site/guide/intro.fr.txt"]


def test_include_exclude_and_globs(tree: Path) -> None:
    assert expand_paths(["site"], include=["*.fr.*"], exclude=["drafts"]) == [
        "site/index.fr.md", "site/guide/intro.fr.txt"]
    assert expand_paths(["site"], exclude=["guide/*.es.txt", "*.md"]) == [
        "site/drafts/wip.fr.txt", "site/guide/intro.fr.txt"]
    assert expand_paths(["site/**/*.fr.txt"]) == ["site/drafts/wip.fr.txt", "site/guide/intro.fr.txt"]
    assert expand_paths(["site/**/*.fr.txt"], exclude=["site/drafts"]) == ["site/guide/intro.fr.txt"]
    # an explicit file is always scanned, and named once
    assert expand_paths(["site/logo.svg", "site/logo.svg"]) == ["site/logo.svg"]
    assert matches("drafts", "a/drafts/b.txt") and not matches("draft", "a/drafts/b.txt")


def test_empty_selections_are_usage_errors(capsys, tree: Path) -> None:
    with pytest.raises(UsageError, match="no files match"):
        expand_paths(["site/**/*.po"])
    code, _, err = run(capsys, "scan", "site", "-t", "fr", "--include", "*.xlf")
    assert code == 2 and "no files to check" in err


def test_one_summary_and_config_per_folder(capsys, tree: Path) -> None:
    write(tree / "site" / "guide" / "mtqa.toml", MAJOR_REPEATS)
    write(tree / "site" / "guide" / "dup.fr.txt", "Il a vu vu la maison.\n")
    code, out, _ = run(capsys, "scan", "site", "-t", "fr", "--include", "*.fr.*", "-f", "json")
    report = json.loads(out)
    severity = {f["path"]: [x["severity"] for x in f["findings"] if x["check"] == "repeated-word"]
                for f in report["files"]}
    assert severity["site/index.fr.md"] == ["minor"]          # no config: the default severity
    assert severity["site/guide/dup.fr.txt"] == ["major"]     # the guide's own mtqa.toml
    assert report["summary"]["files"] == 4 and report["summary"]["failing"] == 1
    assert code == 1
    _, out, _ = run(capsys, "scan", "site", "-t", "fr", "--include", "*.fr.*", "-f", "json", "--isolated")
    assert json.loads(out)["summary"]["failing"] == 0
