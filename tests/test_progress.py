"""The progress line: only on a terminal, only for long runs, only on stderr, and erased at the end."""

from __future__ import annotations

import io
import json
from pathlib import Path

from ci_helpers import run, write

from mtqa.config import Config
from mtqa.model import Unit
from mtqa.readers import Document
from mtqa.reporters.json_ import JsonReporter
from mtqa.run.pipeline import Checker
from mtqa.run.progress import ProgressReporter, progress_wanted
from mtqa.run.runner import scan_documents


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 0.3
        return self.now


def _scan(progress: ProgressReporter) -> None:
    units = [Unit(target=f"Phrase {i} avec le le mot.", id=str(i)) for i in range(20)]
    scan_documents([Document("mem.tsv", iter(units))], Checker(Config(target_lang="fr")), progress)


def test_progress_goes_to_stderr_and_never_into_the_report() -> None:
    out, err = io.StringIO(), Terminal()
    progress = ProgressReporter(JsonReporter(out), err, total_files=1, delay=1.0, interval=0.0, clock=Clock())
    _scan(progress)
    report = json.loads(out.getvalue())  # the report is pure JSON
    assert report["summary"]["units"] == 20
    drawn = err.getvalue()
    assert "mtqa: 0/1 files" in drawn and "units" in drawn
    assert drawn.endswith("\r\x1b[2K")  # erased before the report's final output


def test_short_runs_draw_nothing() -> None:
    err = Terminal()
    _scan(ProgressReporter(JsonReporter(io.StringIO()), err, delay=3600.0, clock=Clock()))
    assert err.getvalue() == ""


def test_progress_is_wanted_only_on_a_terminal(monkeypatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("MTQA_NO_PROGRESS", raising=False)
    assert progress_wanted(Terminal()) and not progress_wanted(io.StringIO())
    assert not progress_wanted(Terminal(), setting=False) and progress_wanted(io.StringIO(), setting=True)
    monkeypatch.setenv("CI", "true")
    assert not progress_wanted(Terminal())


def test_cli_output_has_no_progress_when_not_a_terminal(capsys, tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "Il a vu le le chat.\n")
    code, out, err = run(capsys, "scan", str(path), "-t", "fr", "-f", "sarif")
    assert json.loads(out)["version"] == "2.1.0" and err == ""
