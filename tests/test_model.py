from __future__ import annotations

import json

import pytest

from mtqa.model import FINDING_KEYS, FileReport, Finding, Report, Severity


def finding(severity: Severity = Severity.MINOR, check: str = "repeated-word") -> Finding:
    return Finding("FL001", check, "fluency/grammar", severity, 3, 8, 1, 4, None, "le le", "msg", "le", 0.5)


def test_severity_order() -> None:
    assert Severity.NEUTRAL < Severity.MINOR < Severity.MAJOR < Severity.CRITICAL
    assert max([Severity.MAJOR, Severity.CRITICAL, Severity.MINOR]) is Severity.CRITICAL
    assert Severity.parse("MAJOR") is Severity.MAJOR
    with pytest.raises(ValueError, match="unknown severity"):
        Severity.parse("huge")


def test_finding_dict_has_contract_keys_in_order_and_round_trips() -> None:
    data = finding().to_dict()
    assert tuple(data) == FINDING_KEYS
    assert data["severity"] == "minor"
    assert Finding.from_dict(json.loads(json.dumps(data))) == finding()


def test_report_failed_and_summary() -> None:
    files = [FileReport("a.txt", "es", "fr", [finding(Severity.MINOR), finding(Severity.MAJOR, "casing")], units=1)]
    report = Report(files, signature="sig", version="0")
    assert report.failed
    summary = report.summary
    assert summary["by_severity"] == {"neutral": 0, "minor": 1, "major": 1, "critical": 0}
    assert summary["by_check"] == {"casing": 1, "repeated-word": 1} and summary["failing"] == 1
    report.fail_on = Severity.CRITICAL
    assert not report.failed
    assert list(report.to_dict()) == ["mtqa", "files", "summary"]
