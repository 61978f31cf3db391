"""Issue 18, configuration and data: every config key, pack field and baseline field checked, with a
one-line error naming the file (and key); suppressions that cannot silence everything by accident."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtqa.checks.packs import load_pack
from mtqa.checks.registry import OTHER_FINDINGS
from mtqa.config import Config, load_config_file
from mtqa.errors import ConfigError, PackError
from mtqa.run.pipeline import Checker

PO = ('msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
      'msgid "Hello world"\nmsgstr "Bonjour le le monde"\n')


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.po").write_text(PO, encoding="utf-8")
    return tmp_path


def error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("mtqa: error: ") and "Traceback" not in err, err
    return lines[0]


@pytest.mark.parametrize("text, says", [
    ("tool = 5\n", "unknown key 'tool'"),
    ('[tool]\nmtqa = "x"\n', "'tool.mtqa' must be a table"),
    ("min_quality = nan\n", "finite"),
    ("min_quality = -inf\n", "finite"),
    ("comet_threshold = nan\n", "finite"),
    ("mqm_penalties = {minor = nan}\n", "finite"),
    ("mqm_penalties = {bogus = 1}\n", "unknown severity"),
    ("mqm_penalties = {minor = -1}\n", ">= 0"),
    ("mqm_weights = {accuracy = inf}\n", "finite"),
    ('severity = {"NOPE" = "major"}\n', "unknown check 'NOPE'"),
    ('severity = {"FL001" = "huge"}\n', "unknown severity"),
    ("select = 5\n", "list of strings"),
    ('source_lang = "../x"\n', "not a language code"),
])
def test_bad_config_values_name_the_file_and_key(cli, here: Path, text: str, says: str) -> None:
    (here / "mtqa.toml").write_text(text, encoding="utf-8")
    code, _, err = cli("scan", "x.po")
    line = error_line(err)
    assert code == 2 and "mtqa.toml" in line and says in line, line


@pytest.mark.parametrize("text", ["tool = 5\n", '[tool]\nmtqa = "x"\n', "[tool.mtqa]\nmin_quality = nan\n"])
def test_bad_pyproject_shapes(cli, here: Path, text: str) -> None:
    (here / "pyproject.toml").write_text(text, encoding="utf-8")
    code, _, err = cli("scan", "x.po")
    assert code == 2 and "pyproject.toml" in error_line(err)


def test_a_pyproject_without_mtqa_is_not_a_config(here: Path) -> None:
    (here / "pyproject.toml").write_text('[tool.black]\nline-length = 100\n', encoding="utf-8")
    assert load_config_file(here / "pyproject.toml") == Config(origin=str(here / "pyproject.toml"))


def test_nan_from_the_command_line_is_refused(cli, here: Path) -> None:
    code, _, err = cli("scan", "x.po", "--min-quality", "nan")
    assert code == 2 and "finite" in error_line(err)


def test_empty_list_entries_select_nothing_rather_than_everything() -> None:
    config = Config().updated({"select": [""], "ignore": ["", " "]})
    assert config.select == [] and config.ignore == []
    assert len(Checker(config).checks) == len(Checker(Config()).checks)


def test_findings_without_a_check_class_can_be_ignored_and_given_a_severity(cli, here: Path) -> None:
    from mtqa.scoring.scan import QUALITY_CHECK, QUALITY_CODE, SPAN_CHECK, SPAN_CODE
    from mtqa.suppression.directives import UNUSED_CODE, UNUSED_NAME

    assert set(OTHER_FINDINGS) == {(UNUSED_CODE, UNUSED_NAME), (QUALITY_CODE, QUALITY_CHECK), (SPAN_CODE, SPAN_CHECK)}
    Checker(Config(severity={"QS001": Config().fail_on, "unused-suppression": Config().fail_on}))
    (here / "b.txt").write_text("<!-- mtqa: ignore[FL001] -->\nIl a vu un chat.\n", encoding="utf-8")
    _, out, _ = cli("scan", "b.txt", "-t", "fr", "-f", "jsonl")
    assert '"SUP001"' in out
    code, out, err = cli("scan", "b.txt", "-t", "fr", "-f", "jsonl", "--ignore", "SUP001")
    assert code == 0 and not err and '"SUP001"' not in out


def test_an_empty_ignore_list_suppresses_nothing_and_is_reported(cli, here: Path) -> None:
    (here / "a.txt").write_text("<!-- mtqa: ignore[] -->\nIl a vu le le chat.\n\n<!-- mtqa: ignore[ , ] -->\n"
                                "Encore le le chat.\n", encoding="utf-8")
    _, out, _ = cli("scan", "a.txt", "-t", "fr", "-f", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert sum(r["code"] == "FL001" for r in rows) == 2
    assert sum(r["code"] == "SUP001" and "names no check" in r["message"] for r in rows) == 2


def test_many_suppressions_cost_little_and_still_work(cli, here: Path) -> None:
    comments = "<!-- mtqa: ignore[FL001] -->\n" * 3000
    (here / "m.txt").write_text(comments + "\n".join(["Il a vu le le chat."] * 500) + "\n\n" + "Encore le le.\n",
                                encoding="utf-8")
    _, out, _ = cli("scan", "m.txt", "-t", "fr", "-f", "jsonl", "--select", "FL001,SUP001")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["text"] for r in rows if r["code"] == "FL001"] == ["le le"]  # only the unsuppressed paragraph
    assert sum(r["code"] == "SUP001" and "more than 100" in r["message"] for r in rows) == 2900


# --- packs -----------------------------------------------------------------------------------------

HEAD = '[pack]\ntarget = "fr"\n[[entry]]\nid = "a"\ncheck = "calque"\nmessage = "m"\nbad = ["le le monde"]\n' \
       'good = ["x"]\n'
SCALE = '[pack]\ntarget = "fr"\n[[entry]]\nid = "a"\ncheck = "number-calque"\nmessage = "m"\n' \
        'bad = ["1 000 millions"]\ngood = ["x"]\ntype = "scale-words"\nfactor = 1000\n'


@pytest.mark.parametrize("body, says", [
    (HEAD + 'type = "swap"\npattern = "le"\nsuggestion = 5\n', "'suggestion' must be a non-empty string"),
    (HEAD.replace('["le le monde"]', '["zz"]') + 'type = "swap"\npattern = "le"\nsuggestion = "\\\\3"\n',
     "refers to group '3'"),
    (HEAD + 'type = "swap"\npattern = "(?P<w>le)"\nsuggestion = "\\\\g<x>"\n', "refers to group 'x'"),
    (HEAD.replace('message = "m"', "message = 5") + 'type = "phrase"\npattern = "le"\n', "'message'"),
    (HEAD.replace('bad = ["le le monde"]', "bad = [{text = 5}]") + 'type = "phrase"\npattern = "le"\n',
     "string text"),
    (HEAD + 'type = "phrase"\npattern = "le"\nwhen_source = 5\n', "'when_source'"),
    (HEAD + 'type = "phrase"\npattern = "le"\nwhen_source = ""\n', "'when_source'"),
    (HEAD + 'type = "phrase"\npattern = "le"\nconfidence = true\n', "confidence"),
    (HEAD + 'type = "phrase"\npattern = "le"\nnote = 5\n', "'note'"),
    (HEAD.replace('id = "a"', "id = 5") + 'type = "phrase"\npattern = "le"\n', "id string"),
    ('[pack]\ntarget = "fr"\nname = 5\n', "[pack] name"),
    (SCALE + 'scale = "millions"\ninto = 5\n', "'into'"),
    (SCALE + "scale = 5\ninto = \"m\"\n", "'scale'"),
    (SCALE + 'scale = "millions"\ninto = "m"\nthousands = 5\n', "thousands"),
    (SCALE + 'scale = "millions"\ninto = "m"\nplural_from = "x"\n', "plural_from"),
    (SCALE.replace("factor = 1000", "factor = true") + 'scale = "millions"\ninto = "m"\n', "factor"),
])
def test_bad_pack_fields(tmp_path: Path, body: str, says: str) -> None:
    (tmp_path / "p.toml").write_text(body, encoding="utf-8")
    with pytest.raises(PackError) as info:
        load_pack(tmp_path / "p.toml")
    assert says in str(info.value) and "p.toml" in str(info.value)


def test_a_bad_or_missing_user_pack_is_a_config_error_naming_both_files(cli, here: Path) -> None:
    (here / "mtqa.toml").write_text('packs = ["p.toml"]\n', encoding="utf-8")
    code, _, err = cli("scan", "x.po")
    line = error_line(err)
    assert code == 2 and "mtqa.toml" in line and "p.toml" in line and "not found" in line
    (here / "mtqa.toml").write_text('packs = "."\n', encoding="utf-8")
    assert "not a folder" in error_line(cli("scan", "x.po")[2])


def test_a_user_pattern_that_times_out_is_reported_once(cli, here: Path) -> None:
    (here / "p.toml").write_text('[pack]\nname = "mine"\ntarget = "fr"\n[[entry]]\nid = "slow"\ncheck = "calque"\n'
                                 'message = "m"\ntype = "phrase"\npattern = "(a|aa)+$"\nprecision = "high"\n'
                                 'bad = ["a"]\ngood = ["b"]\n', encoding="utf-8")
    (here / "mtqa.toml").write_text('packs = ["p.toml"]\n', encoding="utf-8")
    (here / "x.tsv").write_text("".join(f"x\t{'a' * 40}b {i}\n" for i in range(3)), encoding="utf-8")
    _, out, err = cli("scan", "x.tsv", "-t", "fr", "-s", "en", "-f", "json")
    [file] = json.loads(out)["files"]
    assert [k for k in file["skipped_checks"] if "mine/slow" in k] == ["calque mine/slow"]
    assert "abandoned" in file["skipped_checks"]["calque mine/slow"]


# --- baselines -------------------------------------------------------------------------------------

ENTRY = {"fingerprint": "a", "path": "x.po", "check": "c", "code": "c", "unit": None, "text": "t", "line": 1,
         "message": "m"}


@pytest.mark.parametrize("data", [
    {"mtqa_baseline": 1, "findings": 5}, {"mtqa_baseline": 1}, {"mtqa_baseline": 1, "findings": [5]},
    {"mtqa_baseline": 1, "findings": [{**ENTRY, "path": [], "fingerprint": 5}]},
    {"mtqa_baseline": 1, "findings": [{**ENTRY, "line": "x"}]},
    {"mtqa_baseline": 1, "findings": [{**ENTRY, "line": True}]},
    {"mtqa_baseline": 1, "findings": [{**ENTRY, "extra": 1}]},
    {"mtqa_baseline": 1, "findings": [{k: v for k, v in ENTRY.items() if k != "text"}]},
    {"mtqa_baseline": True, "findings": []}, [1], "NaN",
])
def test_malformed_baselines(cli, here: Path, data: object) -> None:
    (here / "b.json").write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    code, _, err = cli("scan", "x.po", "--baseline", "b.json")
    assert code == 2 and "b.json" in error_line(err)


def test_a_baseline_that_is_no_text(cli, here: Path) -> None:
    (here / "b.json").write_bytes(b"\xff\xfe{\x00")
    assert "not UTF-8" in error_line(cli("scan", "x.po", "--baseline", "b.json")[2])


def test_a_valid_baseline_still_loads(cli, here: Path) -> None:
    (here / "b.json").write_text(json.dumps({"mtqa_baseline": 1, "findings": [ENTRY]}), encoding="utf-8")
    code, _, err = cli("scan", "x.po", "--baseline", "b.json")
    assert code == 0 and "1 fixed" in err


def test_a_glossary_cell_over_128k(cli, here: Path) -> None:
    (here / "g.csv").write_text("source,target\nhello," + "x" * 140_000 + "\n", encoding="utf-8")
    code, _, err = cli("scan", "x.po", "-s", "en", "--glossary", "g.csv")
    assert code == 2 and "g.csv" in error_line(err) and "128 KB" in err


def test_config_errors_are_typed_for_library_callers(tmp_path: Path) -> None:
    (tmp_path / "mtqa.toml").write_text("min_quality = nan\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="min_quality"):
        load_config_file(tmp_path / "mtqa.toml")
