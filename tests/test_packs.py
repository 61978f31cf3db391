"""The pack loader: strict validation, the time limit on patterns, user packs from the configuration."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from mtqa.api import scan_text
from mtqa.checks import packs as packs_module
from mtqa.checks.packs import builtin_packs, load_pack, load_packs
from mtqa.cli import main
from mtqa.config import Config, load_config_file
from mtqa.errors import PackError

HEADER = '[pack]\nsource = "es"\ntarget = "fr"\n'
ENTRY = '''
[[entry]]
id = "{id}"
type = "phrase"
check = "calque"
precision = "high"
pattern = '{pattern}'
message = "'{{match}}' is a test calque"
bad = ["Il fait un pataquès ici."]
good = ["Il fait beau ici."]
'''


def write_pack(tmp_path: Path, body: str, name: str = "user.toml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def entry(id: str = "pataques", pattern: str = r"\bpataquès\b", **extra: str) -> str:
    text = ENTRY.format(id=id, pattern=pattern)
    return text + "".join(f"{key} = {value}\n" for key, value in extra.items())


def test_a_valid_user_pack_loads(tmp_path: Path) -> None:
    pack = load_pack(write_pack(tmp_path, HEADER + entry()))
    assert (pack.source, pack.target, pack.name) == ("es", "fr", "user")
    [only] = pack.entries
    assert [m.start for m in only.find("Il fait un pataquès ici.")] == [11]


@pytest.mark.parametrize(
    "body, problem, entry_id",
    [
        (HEADER + entry() + entry(), "duplicate id", "pataques"),
        (HEADER + entry(colour='"red"'), "unknown key(s) colour", "pataques"),
        (HEADER + entry(pattern="(unclosed"), "bad pattern in 'pattern'", "pataques"),
        (HEADER + entry(pattern="x*"), "matches the empty string", "pataques"),
        (HEADER + entry().replace('"calque"', '"spelling"'), "check must be one of", "pataques"),
        (HEADER + entry().replace('"high"', '"medium"'), "precision must be", "pataques"),
        (HEADER + entry().replace('good = ["Il fait beau ici."]', "good = []"), "at least one bad and one good",
         "pataques"),
        (HEADER + entry().replace('type = "phrase"', 'type = "swap"'), "missing key(s) suggestion", "pataques"),
        (entry(), "missing key(s) pack", None),
        ('[pack]\ntarget = "fr"\nlanguage = "x"\n', "unknown key(s) language", None),
        (HEADER + "[[entry]]\nid = 'x'\ntype = 'ngram'\n", "type must be one of", "x"),
        ('[pack]\ntarget = "AAAA"\n', "target must be a language code", None),  # letters, but no language
        ('[pack]\ntarget = "fr"\nsource = "x-1"\n', "source must be a language code", None),
    ],
)
def test_bad_packs_are_pack_errors_naming_file_and_entry(tmp_path: Path, body: str, problem: str,
                                                         entry_id: str | None) -> None:
    path = write_pack(tmp_path, body)
    with pytest.raises(PackError) as info:
        load_pack(path)
    assert problem in info.value.problem
    assert info.value.path == str(path)
    assert info.value.entry == entry_id


def test_a_suggestion_naming_a_missing_group_is_rejected(tmp_path: Path) -> None:
    body = HEADER + entry().replace('type = "phrase"', 'type = "swap"') + "suggestion = '\\3'\n"
    with pytest.raises(PackError, match="bad suggestion template"):
        load_pack(write_pack(tmp_path, body))


def test_a_folder_or_missing_file_is_a_pack_error(tmp_path: Path) -> None:
    with pytest.raises(PackError, match="not a folder"):
        load_pack(tmp_path)
    with pytest.raises(PackError, match="file not found"):
        load_pack(tmp_path / "missing.toml")


def test_a_catastrophic_pattern_is_abandoned_not_hung(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(packs_module, "MATCH_TIMEOUT", 0.05)
    pack = load_pack(write_pack(tmp_path, HEADER + entry(pattern=r"(a|aa)+$")))
    [slow] = pack.entries
    started = time.perf_counter()
    assert list(slow.find("a" * 40 + "b")) == []
    assert time.perf_counter() - started < 5


def test_user_packs_from_the_configuration_fire(tmp_path: Path) -> None:
    (tmp_path / "packs").mkdir()
    write_pack(tmp_path / "packs", HEADER + entry(), "house.toml")
    config_path = tmp_path / "mtqa.toml"
    config_path.write_text('packs = ["packs/house.toml"]\n', encoding="utf-8")
    config = load_config_file(config_path)
    text = "Il fait un pataquès ici."
    findings = scan_text(text, source_lang="es", target_lang="fr", config=config).findings
    assert [(f.check, f.text) for f in findings] == [("calque", "pataquès")]
    assert "house/pataques" in findings[0].message
    assert not scan_text(text, source_lang="es", target_lang="fr", config=Config()).findings
    # Another language pair does not get the es-fr pack.
    assert not scan_text(text, source_lang="en", target_lang="fr", config=config).findings


def test_a_broken_user_pack_stops_the_scan_with_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = write_pack(tmp_path, HEADER + entry() + entry())
    (tmp_path / "mtqa.toml").write_text(f'packs = ["{pack.name}"]\n', encoding="utf-8")
    target = tmp_path / "t.txt"
    target.write_text("Il fait beau.\n", encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        main(["scan", str(target), "-s", "es", "-t", "fr"])
    err = capsys.readouterr().err
    assert info.value.code == 2
    assert err.startswith("mtqa: error:") and "duplicate id" in err and "[pataques]" in err
    assert len(err.strip().splitlines()) == 1


def test_packs_command_lists_packs_with_counts(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["packs", "--config", str(Path(__file__).parent / "nonexistent.toml")])
    assert "config file not found" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main(["packs"])
    out = capsys.readouterr().out
    assert info.value.code == 0
    for pack in builtin_packs():
        line = next(line for line in out.splitlines() if line.startswith(pack.name + " "))
        assert f"{len(pack.entries)} entries" in line


def test_rule_shows_pack_entries_and_single_entries(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["rule", "NU001"])
    out = capsys.readouterr().out
    assert "fr/scale-words/millions-to-milliards" in out and "flagged" in out and "clean" in out
    with pytest.raises(SystemExit):
        main(["rule", "es-fr/calques/hace-dias"])
    out = capsys.readouterr().out
    assert out.startswith("es-fr/calques/hace-dias") and "source: Hace días reiteró su queja." in out


def test_builtin_entry_ids_are_unique_per_pack() -> None:
    for pack in load_packs():
        ids = [e.id for e in pack.entries]
        assert len(ids) == len(set(ids)), pack.name


def test_a_scan_loads_only_the_packs_of_its_language_pair() -> None:
    names = {p.name for p in packs_module.packs_for_pair("es", "fr")}
    assert {"es-fr/calques", "es-fr/false-friends", "fr/scale-words"} <= names
    assert not any(name.startswith(("en-", "de-", "en/")) for name in names)
    assert {p.name for p in packs_module.packs_for_pair(None, "fr")} == {"fr/scale-words"}


def test_every_builtin_pack_sits_in_the_folder_of_its_languages() -> None:
    for pack in builtin_packs():
        folder = Path(pack.path).parent.name
        assert folder == (f"{pack.source}-{pack.target}" if pack.source else pack.target)
