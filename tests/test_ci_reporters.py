"""SARIF (against the official schema), JUnit XML, and GitHub workflow-command output."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from ci_helpers import run, write

from mtqa.checks.registry import all_checks
from mtqa.reporters.github import escape_data, escape_property

jsonschema = pytest.importorskip("jsonschema")

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def validate_sarif(log: dict) -> None:
    jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(log)


@pytest.fixture
def bitext(tmp_path: Path) -> Path:
    return write(tmp_path / "pairs.tsv", "source\ttarget\n"
                                         "Hola a todos.\tBonjour à tous.\n"
                                         "Vio el gato.\tIl a vu le le chat.\n"
                                         "Dijo: sí.\tIl a dit: oui.\n")


def test_sarif_of_the_example_article_validates_and_points_at_the_text(capsys, example_article: Path) -> None:
    code, out, _ = run(capsys, "scan", str(example_article), "-s", "es", "-t", "fr", "-f", "sarif", "--exit-zero")
    assert code == 0
    log = json.loads(out)
    validate_sarif(log)
    [sarif_run] = log["runs"]
    rules = sarif_run["tool"]["driver"]["rules"]
    for cls in all_checks():
        [rule] = [r for r in rules if r["id"] == cls.code]
        assert rule["name"] == cls.name
        assert rule["shortDescription"]["text"] == cls.summary()
        assert rule["fullDescription"]["text"] == cls.doc()
    lines = example_article.read_text(encoding="utf-8").split("\n")
    assert sarif_run["results"], "the example article has findings"
    for result in sarif_run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] == region["endLine"]
        line = lines[region["startLine"] - 1]
        assert line[region["startColumn"] - 1 : region["endColumn"] - 1] == region["snippet"]["text"]
        assert result["partialFingerprints"]["mtqaFingerprint/v1"]


def test_sarif_has_unit_ids_as_logical_locations(capsys, bitext: Path) -> None:
    _, out, _ = run(capsys, "scan", str(bitext), "-s", "es", "-t", "fr", "-f", "sarif")
    log = json.loads(out)
    validate_sarif(log)
    results = log["runs"][0]["results"]
    repeated = [r for r in results if r["properties"]["check"] == "repeated-word"]
    assert len(repeated) == 1
    location = repeated[0]["locations"][0]
    assert location["logicalLocations"][0]["name"] == "3"  # the unit id: its line in the TSV
    region = location["physicalLocation"]["region"]
    line = bitext.read_text(encoding="utf-8").split("\n")[2]
    assert line[region["startColumn"] - 1 : region["endColumn"] - 1] == "le le"
    assert repeated[0]["level"] == "warning"


def test_sarif_schema_catches_a_broken_log() -> None:
    with pytest.raises(jsonschema.ValidationError):
        validate_sarif({"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]})  # driver needs a name


def test_junit_has_a_case_per_unit_and_fails_at_the_threshold(capsys, bitext: Path, tmp_path: Path) -> None:
    _, out, _ = run(capsys, "scan", str(bitext), "-s", "es", "-t", "fr", "-f", "junit")
    root = ET.fromstring(out)
    [suite] = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["unit 2", "unit 3", "unit 4"]
    assert suite.get("tests") == "3" and suite.get("failures") == "0"  # minor findings < major
    assert cases[1].find("system-out") is not None and "le le" in cases[1].find("system-out").text

    _, out, _ = run(capsys, "scan", str(bitext), "-s", "es", "-t", "fr", "-f", "junit", "--fail-on", "minor")
    root = ET.fromstring(out)
    failing = [c.get("name") for c in root.iter("testcase") if c.find("failure") is not None]
    assert "unit 3" in failing and "unit 2" not in failing
    assert root.get("failures") == str(len(failing))

    junitparser = pytest.importorskip("junitparser")
    xml = junitparser.JUnitXml.fromstring(out.encode("utf-8"))
    parsed = [case for suite in xml for case in suite]
    assert len(parsed) == 3
    assert {c.name for c in parsed if not c.is_passed} == set(failing)


def test_junit_is_one_case_per_plain_text_file(capsys, tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "Il a vu le le chat.\n")
    write(tmp_path / "b.txt", "Tout va bien.\n")
    _, out, _ = run(capsys, "scan", str(tmp_path), "-t", "fr", "-f", "junit", "--fail-on", "minor")
    root = ET.fromstring(out)
    assert [s.get("tests") for s in root.findall("testsuite")] == ["1", "1"]
    assert [s.get("failures") for s in root.findall("testsuite")] == ["1", "0"]


WORKFLOW_COMMAND = re.compile(
    r"^::(error|warning|notice) "
    r"file=(?P<file>[^,:]+),line=(?P<line>\d+),col=(?P<col>\d+),endLine=(?P<endLine>\d+),"
    r"endColumn=(?P<endColumn>\d+),title=(?P<title>[^,:]+)::(?P<message>[^\r\n]*)$"
)


def test_github_lines_follow_the_workflow_command_grammar(capsys, example_article: Path) -> None:
    _, out, _ = run(capsys, "scan", str(example_article), "-s", "es", "-t", "fr", "-f", "github")
    lines = out.splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert commands and lines[-1].startswith("mtqa: ") and len(commands) == len(lines) - 1
    text_lines = example_article.read_text(encoding="utf-8").split("\n")
    for command in commands:
        match = WORKFLOW_COMMAND.match(command)
        assert match, command
        assert int(match["line"]) <= len(text_lines)
        assert int(match["col"]) < int(match["endColumn"])


def test_github_escapes_data_and_properties(capsys, tmp_path: Path, monkeypatch) -> None:
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    folder = tmp_path / "odd, dir: here"
    write(folder / "t.txt", "Il a vu le le chat à 100%.\n")
    monkeypatch.chdir(tmp_path)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    _, out, _ = run(capsys, "scan", "odd, dir: here/t.txt", "-t", "fr", "-f", "github")
    command = out.splitlines()[0]
    assert WORKFLOW_COMMAND.match(command), command
    assert "file=odd%2C dir%3A here/t.txt," in command
    assert "%0Aflagged: 'le le'" in command
    assert "| `repeated-word` |" in summary.read_text(encoding="utf-8")


FORMATS = sorted((Path(__file__).parent / "data" / "ci").glob("demo.*"))


@pytest.mark.parametrize("fixture", FORMATS, ids=lambda p: p.suffix)
def test_unit_formats_in_every_ci_output(capsys, fixture: Path) -> None:
    from mtqa.readers import READERS

    if not any(fixture.suffix in reader.extensions for reader in READERS.values()):
        pytest.skip(f"no reader for {fixture.suffix} files yet")
    _, out, _ = run(capsys, "scan", str(fixture), "-t", "fr", "-f", "sarif", "--select", "FL001")
    log = json.loads(out)
    validate_sarif(log)
    [result] = log["runs"][0]["results"]
    location = result["locations"][0]
    assert location["physicalLocation"]["region"]["snippet"]["text"] == "le le"
    assert location["logicalLocations"][0]["name"]  # the unit id
    _, out, _ = run(capsys, "scan", str(fixture), "-t", "fr", "-f", "junit", "--select", "FL001",
                    "--fail-on", "minor")
    root = ET.fromstring(out)
    assert len(list(root.iter("testcase"))) >= 2 and root.get("failures") == "1"
    _, out, _ = run(capsys, "scan", str(fixture), "-t", "fr", "-f", "github", "--select", "FL001")
    assert WORKFLOW_COMMAND.match(out.splitlines()[0])
