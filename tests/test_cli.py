from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture
def doubled(tmp_path: Path) -> Path:
    path = tmp_path / "doubled.txt"
    path.write_text("Il a vu le le chat.\nImage: rien.\n", encoding="utf-8")
    return path


def test_json_report_of_the_example_article(cli, example_article: Path) -> None:
    code, out, _ = cli("scan", str(example_article), "--source-lang", "es", "--target-lang", "fr",
                       "--format", "json", "--exit-zero")
    assert code == 0
    report = json.loads(out)
    assert list(report) == ["mtqa", "files", "summary"]
    assert set(report["mtqa"]) == {"version", "signature"} and "pair:es-fr" in report["mtqa"]["signature"]
    [file] = report["files"]
    assert file["path"] == str(example_article) and file["source_lang"] == "es" and file["target_lang"] == "fr"
    assert "scores" in file
    text = example_article.read_text(encoding="utf-8")
    assert file["findings"], "the example article has at least one finding"
    for finding in file["findings"]:
        assert finding["text"] == text[finding["start"] : finding["end"]]
        line_start = text.rfind("\n", 0, finding["start"]) + 1
        assert finding["line"] == text.count("\n", 0, finding["start"]) + 1
        assert finding["column"] == finding["start"] - line_start + 1


def test_exit_codes_follow_fail_on(cli, doubled: Path) -> None:
    assert cli("scan", str(doubled), "-t", "fr")[0] == 0  # minor findings only
    assert cli("scan", str(doubled), "-t", "fr", "--fail-on", "minor")[0] == 1
    assert cli("scan", str(doubled), "-t", "fr", "--fail-on", "minor", "--exit-zero")[0] == 0


def test_select_and_ignore(cli, doubled: Path) -> None:
    _, out, _ = cli("scan", str(doubled), "-t", "fr", "-f", "jsonl", "--select", "FL")
    assert {json.loads(line)["check"] for line in out.splitlines()} == {"repeated-word"}
    _, out, _ = cli("scan", str(doubled), "-t", "fr", "-f", "jsonl", "--ignore", "repeated-word")
    assert {json.loads(line)["check"] for line in out.splitlines()} == {"punctuation-spacing"}


def test_jsonl_lines_carry_the_path(cli, doubled: Path) -> None:
    _, out, _ = cli("scan", str(doubled), "-t", "fr", "-f", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 2 and all(row["path"] == str(doubled) for row in rows)
    assert rows[0]["text"] == "le le" and rows[0]["line"] == 1 and rows[1]["line"] == 2


def test_text_format(cli, doubled: Path) -> None:
    _, out, _ = cli("scan", str(doubled), "-t", "fr")
    lines = out.splitlines()
    assert lines[0] == str(doubled)
    assert lines[1] == f"{doubled}:1:9 FL001 repeated-word minor 'le' is repeated"
    assert lines[2] == "    Il a vu le le chat."
    assert lines[3] == "            ^^^^^"
    assert "\x1b[" not in out  # no colour when not on a terminal
    assert lines[-1] == "2 finding(s) in 1 file(s) (2 minor); 0 at or above major"


def test_output_file_is_written_and_replaced_atomically(cli, doubled: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old")
    code, out, _ = cli("scan", str(doubled), "-t", "fr", "-f", "json", "-o", str(target))
    assert code == 0 and out == ""
    assert json.loads(target.read_text())["summary"]["findings"] == 2
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".report")] == []


def test_failed_run_keeps_the_old_output(cli, tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old")
    code, _, err = cli("scan", str(tmp_path / "missing.txt"), "-t", "fr", "-f", "json", "-o", str(target))
    assert code == 2 and target.read_text() == "old"
    assert err.strip() == f"mtqa: error: {tmp_path / 'missing.txt'}: no such file"


@pytest.mark.parametrize(
    "args,expected",
    [
        (["scan", "--bogus", "x.txt"], "No such option"),
        (["scan", "{missing}", "-t", "fr"], "no such file"),
        (["scan", "{binary}", "-t", "fr"], "binary"),
        (["scan", "{latin1}", "-t", "fr"], "not valid UTF-8"),
        (["scan", "{good}", "-t", "fr", "--select", "XX999"], "unknown check or code 'XX999'"),
        (["scan", "{good}"], "no target language, and it cannot be detected: too little text (1 word)"),
        (["scan", "{good}", "-t", "fr", "--config", "{badconfig}"], "unknown key 'colour'"),
        (["rule", "nothing-like-this"], "unknown check"),
    ],
)
def test_errors_are_one_line_and_exit_2(tmp_path: Path, args: list[str], expected: str) -> None:
    files = {
        "missing": tmp_path / "missing.txt",
        "binary": tmp_path / "bin.txt",
        "latin1": tmp_path / "latin1.txt",
        "empty": tmp_path / "empty.txt",
        "good": tmp_path / "good.txt",
        "badconfig": tmp_path / "cfg" / "bad.toml",
    }
    files["badconfig"].parent.mkdir()
    files["binary"].write_bytes(b"\x00\x01\x02binary\x00")
    files["latin1"].write_bytes("café".encode("latin-1"))
    files["empty"].write_bytes(b"")
    files["good"].write_text("Bonjour.", encoding="utf-8")
    files["badconfig"].write_text('colour = "red"\n')
    argv = [a.format(**files) for a in args]
    proc = subprocess.run([sys.executable, "-m", "mtqa", *argv], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("mtqa: error: ") and expected in lines[0], proc.stderr


def test_stdin_dash(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "mtqa", "scan", "-", "-t", "fr", "-f", "jsonl"],
                          input="Il a vu le le chat.", capture_output=True, text=True)
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["text"] == "le le"


def test_config_file_applies_and_cli_overrides(cli, tmp_path: Path) -> None:
    (tmp_path / "mtqa.toml").write_text('target_lang = "fr"\nfail_on = "minor"\n')
    path = tmp_path / "t.txt"
    path.write_text("Il a vu le le chat.", encoding="utf-8")
    assert cli("scan", str(path))[0] == 1
    assert cli("scan", str(path), "--fail-on", "major")[0] == 0
    assert cli("scan", str(path), "--isolated", "-t", "fr")[0] == 0


def test_rules_and_rule(cli) -> None:
    code, out, _ = cli("rules")
    assert code == 0 and "FL001  repeated-word" in out and "PU001  punctuation-spacing" in out
    code, out, _ = cli("rule", "PU001")
    assert code == 0 and "Flags:" in out and "examples:" in out and "Image: Tech Crunch" in out


def test_version(cli) -> None:
    code, out, _ = cli("--version")
    assert code == 0 and "mtqa" in out
