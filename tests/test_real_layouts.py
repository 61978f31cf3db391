"""What real localisation projects hold: languages in file and folder names, source siblings in folder
scans, one unreadable file among many, empty files and skipped units, Xcode's repeated unit ids,
header-less Magento tables."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from ci_helpers import run, write

from mtqa.readers import read_document
from mtqa.run.inputs import pair_sources

XLIFF_NO_LANGUAGE = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="en" datatype="plaintext" original="ng2.template">
    <body>
      <trans-unit id="greet"><source>Good morning</source><target>{target}</target></trans-unit>
    </body>
  </file>
</xliff>
"""


def scan_json(capsys, *args: str) -> tuple[int, dict | None, str]:
    code, out, err = run(capsys, "scan", "--isolated", *args, "-f", "json", "--exit-zero")
    return code, (json.loads(out) if out.strip() else None), err


@pytest.mark.parametrize(("name", "target", "language"), [
    ("messages.fr.xlf", "Bonjour", "fr"),
    ("SonataAdminBundle.ja.xliff", "おはよう", "ja"),
    ("fr-ch.xlf", "Bonjour", "fr-CH"),
    ("app.de_AT.xlf", "Guten Morgen", "de-AT"),
    ("pt-br/messages.xlf", "Bom dia", "pt-BR"),
])
def test_the_language_of_a_file_without_one_comes_from_its_name(capsys, tmp_path: Path, name, target,
                                                                 language) -> None:
    path = write(tmp_path / name, XLIFF_NO_LANGUAGE.format(target=target))
    code, report, err = scan_json(capsys, str(path))
    assert code == 0, err
    [file] = report["files"]
    assert (file["target_lang"], file["target_lang_from"]) == (language, "name")


@pytest.mark.parametrize("folder", ["tmp", "src", "messages"])
def test_a_folder_that_is_not_a_language_is_never_taken_for_one(capsys, tmp_path: Path, folder) -> None:
    path = write(tmp_path / folder / "strings.json", '{"a": "Bonjour"}')
    code, out, err = run(capsys, "scan", "--isolated", str(path), "-f", "json")
    assert code == 2 and out == ""
    assert err.strip() == (f"mtqa: error: {path}: no target language, and it cannot be detected: too little text "
                           "(1 word) to tell its language; pass --target-lang (or set target_lang in config)")


def test_where_the_target_language_came_from(capsys, tmp_path: Path) -> None:
    path = write(tmp_path / "de" / "x.json", '{"a": "Guten Tag"}')
    assert scan_json(capsys, str(path))[1]["files"][0]["target_lang_from"] == "name"
    assert scan_json(capsys, str(path), "-t", "de-AT")[1]["files"][0]["target_lang_from"] == "option"
    write(tmp_path / "mtqa.toml", 'target_lang = "de_CH"\n')
    code, out, _ = run(capsys, "scan", str(path), "-f", "json")
    assert [(f["target_lang"], f["target_lang_from"]) for f in json.loads(out)["files"]] == [("de-CH", "config")]
    po = write(tmp_path / "po" / "x.po", 'msgid ""\nmsgstr ""\n"Language: pt_BR\\n"\n\nmsgid "Hi"\nmsgstr "Oi"\n')
    code, out, _ = run(capsys, "scan", "--isolated", str(po), "-f", "json")
    assert [(f["target_lang"], f["target_lang_from"]) for f in json.loads(out)["files"]] == [("pt-BR", "file")]


def test_a_declared_language_that_is_not_a_code_is_named_in_the_error(capsys, tmp_path: Path) -> None:
    po = write(tmp_path / "x.po", 'msgid ""\nmsgstr ""\n"Language: French\\n"\n\nmsgid "Hi"\nmsgstr "Salut"\n')
    code, _, err = run(capsys, "scan", "--isolated", str(po))
    assert code == 2
    assert "the Language header 'French' is not a language code" in err and "--target-lang" in err


def test_folder_scan_pairs_json_targets_with_their_source_and_skips_it(capsys, tmp_path: Path) -> None:
    write(tmp_path / "i18n" / "en.json", '{"greeting": "Hello {name}", "bye": "Goodbye"}')
    write(tmp_path / "i18n" / "fr-ch.json", '{"greeting": "Bonjour {nom}", "bye": ""}')
    code, report, err = scan_json(capsys, str(tmp_path / "i18n"))
    assert code == 0, err
    [file] = report["files"]
    assert file["path"].endswith("fr-ch.json") and file["source_file"].endswith("en.json")
    assert (file["target_lang"], file["source_lang"]) == ("fr-CH", "en")
    assert file["skipped_units"] == {"untranslated": 1}
    assert any(f["check"] == "placeholder-mismatch" for f in file["findings"])  # the source text was used


@pytest.mark.parametrize(("files", "targets", "sources"), [
    (["locales/en/common.json", "locales/fr/common.json", "locales/de/common.json"],
     ["locales/de/common.json", "locales/fr/common.json"],
     {"locales/de/common.json": "locales/en/common.json", "locales/fr/common.json": "locales/en/common.json"}),
    (["msgs/en-GB.json", "msgs/en-US.json", "msgs/fr-FR.json"],
     ["msgs/en-GB.json", "msgs/fr-FR.json"],
     {"msgs/en-GB.json": "msgs/en-US.json", "msgs/fr-FR.json": "msgs/en-US.json"}),
    (["msgs/en-GB.json", "msgs/fr.json"], ["msgs/en-GB.json", "msgs/fr.json"], {}),
    (["app/messages.xlf", "app/messages.fr.xlf"], ["app/messages.fr.xlf"], {}),
    (["tr/messages.en.xlf", "tr/messages.fr.xlf"], ["tr/messages.fr.xlf"],
     {"tr/messages.fr.xlf": "tr/messages.en.xlf"}),
    (["po/app.pot", "po/de.po", "po/en_GB.po"], ["po/de.po", "po/en_GB.po"], {}),
    (["locale/en/LC_MESSAGES/django.po", "locale/fr/LC_MESSAGES/django.po"], ["locale/fr/LC_MESSAGES/django.po"],
     {"locale/fr/LC_MESSAGES/django.po": "locale/en/LC_MESSAGES/django.po"}),
    (["only/en.json"], ["only/en.json"], {}),
])
def test_pairing_in_folder_layouts(tmp_path: Path, monkeypatch, files, targets, sources) -> None:
    monkeypatch.chdir(tmp_path)
    for name in files:
        write(tmp_path / name, "{}")
    pairing = pair_sources(sorted(files))
    assert pairing.targets == targets
    assert pairing.sources == sources


def test_a_single_target_named_on_the_command_line_finds_its_source_too(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "de.json", "{}")
    write(tmp_path / "es.json", "{}")
    assert pair_sources(["es.json"]).sources == {}  # no English sibling
    assert pair_sources(["es.json"], source_lang="de").sources == {"es.json": "de.json"}


def test_key_based_po_takes_its_source_text_from_the_english_catalogue(capsys, tmp_path: Path) -> None:
    header = 'msgid ""\nmsgstr ""\n"Language: {lang}\\n"\n\n'
    write(tmp_path / "po" / "en.po", header.format(lang="en")
          + 'msgid "nav.count"\nmsgstr "You have %d new messages"\n')
    write(tmp_path / "po" / "fr.po", header.format(lang="fr")
          + 'msgid "nav.count"\nmsgstr "Vous avez %s nouveaux messages"\n\nmsgid "nav.home"\nmsgstr ""\n')
    code, report, err = scan_json(capsys, str(tmp_path / "po"))
    assert code == 0, err
    [file] = report["files"]
    assert file["path"].endswith("fr.po") and file["source_file"].endswith("en.po")
    assert [f["check"] for f in file["findings"]] == ["placeholder-mismatch"]
    assert file["skipped_units"] == {"untranslated": 1}


def test_symfony_xliff_takes_its_source_text_from_the_english_file_by_resname(tmp_path: Path) -> None:
    unit = '<trans-unit id="{id}" resname="user.greeting"><source>user.greeting</source>{target}</trans-unit>'
    xliff = ('<?xml version="1.0"?><xliff version="1.2"><file source-language="en" target-language="{lang}" '
             'original="messages.en.xlf"><body>{unit}</body></file></xliff>')
    write(tmp_path / "messages.en.xlf", xliff.format(lang="en", unit=unit.format(
        id="a1", target="<target>Hello %name%</target>")))
    write(tmp_path / "messages.fr.xlf", xliff.format(lang="fr", unit=unit.format(
        id="zz", target="<target>Bonjour %name%</target>")))
    document = read_document(str(tmp_path / "messages.fr.xlf"), source=str(tmp_path / "messages.en.xlf"))
    assert [(u.id, u.source, u.target) for u in document.units] == [("zz", "Hello %name%", "Bonjour %name%")]


@pytest.mark.parametrize("output_format", ["json", "text", "sarif", "junit", "github", "jsonl"])
def test_one_unreadable_file_is_reported_and_the_others_still_are(capsys, tmp_path: Path, output_format) -> None:
    write(tmp_path / "site" / "a.fr.txt", "Il a vu le le chat.\n")
    (tmp_path / "site" / "b.fr.txt").write_bytes(b"caf\xe9\n")
    write(tmp_path / "site" / "c.fr.txt", "Elle a a dit non.\n")
    code, out, err = run(capsys, "scan", "--isolated", str(tmp_path / "site"), "-f", output_format)
    assert code == 2
    assert err.strip().splitlines() == [
        f"mtqa: error: {tmp_path / 'site' / 'b.fr.txt'}: not valid UTF-8 (bad byte at offset 3)"]
    assert "le le" in out and "a a" in out  # both readable files were scanned and reported
    if output_format == "json":
        report = json.loads(out)
        assert [f.get("error") for f in report["files"]] == [None, "not valid UTF-8 (bad byte at offset 3)", None]
        assert report["summary"]["errors"] == 1
    elif output_format == "text":
        assert out.strip().splitlines()[-1].endswith("; 1 file(s) could not be read")
    elif output_format == "sarif":
        [invocation] = json.loads(out)["runs"][0]["invocations"]
        assert invocation["executionSuccessful"] is False
        assert len(invocation["toolExecutionNotifications"]) == 1
    elif output_format == "junit":
        assert ET.fromstring(out).get("errors") == "1"


def test_a_file_broken_half_way_keeps_what_was_read(capsys, tmp_path: Path) -> None:
    units = "".join(f'<trans-unit id="u{i}"><source>a</source><target>le le {i}</target></trans-unit>'
                    for i in range(3)) + "<!-- padding -->" * 8000  # past the first chunk the parser reads
    path = write(tmp_path / "x.xlf", '<?xml version="1.0"?><xliff version="1.2"><file source-language="en" '
                 f'target-language="fr" original="x"><body>{units}<trans-unit id="bad"></body></file></xliff>')
    write(tmp_path / "ok.fr.txt", "Bonjour.\n")
    code, out, err = run(capsys, "scan", "--isolated", str(tmp_path), "-f", "json", "-j", "1")
    assert code == 2 and "malformed XML" in err
    files = {Path(f["path"]).name: f for f in json.loads(out)["files"]}
    assert files["x.xlf"]["error"].startswith("malformed XML") and files["x.xlf"]["units"] == 3
    assert files["ok.fr.txt"].get("error") is None and path.exists()


def test_empty_files_and_skipped_units_are_counted(capsys, tmp_path: Path) -> None:
    write(tmp_path / "empty.fr.txt", "")
    write(tmp_path / "header-only.po", 'msgid ""\nmsgstr ""\n"Language: fr\\n"\n')
    write(tmp_path / "fr.po", 'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\n#, fuzzy\nmsgid "Open"\nmsgstr "Ouvrir"\n\n'
          'msgid "Close"\nmsgstr ""\n\nmsgid "Save"\nmsgstr "Enregistrer"\n')
    write(tmp_path / "nl.tmx", '<?xml version="1.0"?><tmx version="1.4"><header srclang="de"/><body>'
          '<tu><tuv xml:lang="de"><seg>Haus</seg></tuv><tuv xml:lang="nl"><seg>Huis</seg></tuv></tu>'
          '<tu><tuv xml:lang="nl"><seg>Boom</seg></tuv></tu></body></tmx>')
    code, out, err = run(capsys, "scan", "--isolated", str(tmp_path), "-f", "json")
    assert code == 0, err
    report = json.loads(out)
    summary = report["summary"]
    assert summary["empty_files"] == 2 and summary["errors"] == 0
    assert summary["skipped_units"] == {"fuzzy": 1, "target-only": 1, "untranslated": 1}
    code, out, _ = run(capsys, "scan", "--isolated", str(tmp_path))
    assert "empty.fr.txt: empty: nothing to check" in out
    assert out.strip().splitlines()[-1].endswith(
        "; 2 empty file(s); 3 unit(s) skipped (1 fuzzy, 1 target-only, 1 untranslated)")


def test_xcode_units_are_located_by_file_and_id(tmp_path: Path) -> None:
    def file(original: str, target: str) -> str:
        return (f'<file original="{original}" source-language="en" target-language="fr" datatype="plaintext">'
                f'<body><trans-unit id="CFBundleName"><source>Cachly</source><target>{target}</target>'
                "</trans-unit></body></file>")

    path = write(tmp_path / "fr.xliff", '<?xml version="1.0"?><xliff version="1.2">'
                 + file("App/en.lproj/InfoPlist.strings", "Cachly") + file("Watch/en.lproj/InfoPlist.strings", "Montre")
                 + "</xliff>")
    assert [u.id for u in read_document(str(path)).units] == [
        "App/en.lproj/InfoPlist.strings::CFBundleName", "Watch/en.lproj/InfoPlist.strings::CFBundleName"]


def test_header_less_tables_with_columns_option_and_config(capsys, tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", "greet,Hello,Bonjour le le\n")
    code, _, err = run(capsys, "scan", "--isolated", str(path), "-t", "fr")
    assert code == 2 and "--columns source,target" in err
    code, out, _ = run(capsys, "scan", "--isolated", str(path), "-t", "fr", "--columns", "id,source,target",
                       "-f", "json", "--exit-zero")
    [finding] = [f for f in json.loads(out)["files"][0]["findings"] if f["check"] == "repeated-word"]
    assert finding["unit"] == "greet"
    write(tmp_path / "mtqa.toml", 'target_lang = "fr"\ncolumns = ["id", "source", "target"]\n')
    code, out, _ = run(capsys, "scan", str(path), "-f", "json", "--exit-zero")
    assert code == 0 and json.loads(out)["files"][0]["units"] == 1
    write(tmp_path / "mtqa.toml", 'columns = ["source", "language"]\n')
    code, _, err = run(capsys, "scan", str(path))
    assert code == 2 and "unknown column role 'language'" in err
