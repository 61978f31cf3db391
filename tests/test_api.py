from __future__ import annotations

import json
import pickle
import re
from pathlib import Path

import mtqa
from mtqa import Checker, Config, Severity
from mtqa.model import Unit

README = Path(__file__).resolve().parents[1] / "README.md"


def test_scan_text_returns_a_report() -> None:
    report = mtqa.scan_text("Il a vu le le chat.", target_lang="fr")
    [finding] = report.findings
    assert (finding.check, finding.text, finding.start, finding.end) == ("repeated-word", "le le", 8, 13)
    assert finding.severity is Severity.MINOR and finding.suggestion == "le"
    assert not report.failed


def test_scan_file_and_render(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Pourquoi? Parce que.", encoding="utf-8")
    report = mtqa.scan_file(path, target_lang="fr")
    assert [f.text for f in report.findings] == ["?"]
    assert json.loads(mtqa.render(report, "json"))["files"][0]["findings"][0]["code"] == "PU001"
    assert "PU001 punctuation-spacing" in mtqa.render(report, "text")


def test_severity_override_from_config() -> None:
    config = Config(severity={"repeated-word": Severity.CRITICAL})
    report = mtqa.scan_text("Il a vu le le chat.", target_lang="fr", config=config)
    assert report.findings[0].severity is Severity.CRITICAL and report.failed


def test_checker_is_reusable_and_picklable() -> None:
    checker = Checker(Config(target_lang="fr"))
    clone = pickle.loads(pickle.dumps(checker))
    for c in (checker, clone):
        report = c.scan_units([Unit("le le"), Unit("Bonjour!")], target_lang="fr")
        assert [f.check for f in report.findings] == ["repeated-word", "punctuation-spacing"]
        assert report.units == 2


def test_readme_python_example_runs() -> None:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    assert blocks, "README has a python example"
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})


def test_library_scans_honour_suppressions(tmp_path: Path) -> None:
    """`scan_file` and `scan_text` apply suppression directives as the command line does."""
    po = tmp_path / "fr.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: fr\\n"\n\n# mtqa: ignore[repeated-word] quoted as written\n'
                  'msgid "He said: the cat."\nmsgstr "Il a dit : le le chat."\n\n'
                  'msgid "Again"\nmsgstr "Encore encore"\n',
                  encoding="utf-8")
    assert [f.unit for f in mtqa.scan_file(po, source_lang="en").findings] == ["Again"]
    text = "<!-- mtqa: ignore[FL001] a quotation -->\nIl a vu le le chat.\n\nIl a vu le le chien."
    assert [f.text for f in mtqa.scan_text(text, target_lang="fr").findings] == ["le le"]
    assert mtqa.scan_text(text, target_lang="fr").findings[0].line == 4
