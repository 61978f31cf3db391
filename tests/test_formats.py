"""Readers of localisation formats, on small files in tests/data/formats (including malformed ones)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from mtqa.cli import main
from mtqa.config import Config
from mtqa.errors import InputError, UsageError
from mtqa.readers import read_document, reader_for
from mtqa.run.languages import resolve_languages

DATA = Path(__file__).parent / "data" / "formats"


def units(name: str, source: str | None = None):
    document = read_document(str(DATA / name), source=str(DATA / source) if source else None)
    return document, list(document.units)


def scan(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict | None, str]:
    with pytest.raises(SystemExit) as info:
        main(["scan", "--isolated", *args])
    out, err = capsys.readouterr()
    code = int(info.value.code or 0)
    return code, (json.loads(out) if code != 2 and "--format" in args else None), err


def test_xliff_12_units_languages_codes_and_notes() -> None:
    document, got = units("v12.xlf")
    assert (document.source_lang, document.target_lang) == ("en", "fr")
    # translate="no", state="new" and the unit without a target are skipped.
    assert [u.id for u in got] == ["greet", "save", "price"]
    greet = got[0]
    assert greet.target == 'Bonjour <g id="1">%s</g>, vous avez %d messages.'
    assert greet.source == 'Hello <g id="1">%s</g>, you have %d messages.'
    assert [greet.target[s:e] for s, e, _ in greet.placeholders] == ['<g id="1">', "</g>"]
    assert [code for _, _, code in greet.placeholders] == ["g:1", "/g:1"]
    assert greet.notes == ("Shown on the home page.",)
    assert (greet.line, greet.column) == (7, 17)
    assert got[1].source == 'Save<x id="2"/> the file'


def test_xliff_2_segments_state_and_notes() -> None:
    document, got = units("v2.xlf")
    assert (document.source_lang, document.target_lang) == ("en", "de")
    assert [u.id for u in got] == ["u1", "u2"]  # state="initial" skipped
    assert got[0].notes == ("mtqa: ignore[SO004] short label",)
    assert got[0].target == 'Klicken Sie <pc id="1">hier</pc>, um {name} zu öffnen.'
    assert got[1].source == 'Line<ph id="1"/>break'


def test_po_plurals_context_fuzzy_and_comments() -> None:
    document, got = units("sample.po")
    assert document.target_lang == "es"
    ids = [u.id for u in got]
    assert ids == ["Delete %(name)s", "menu::Open", "One file[0]", "One file[1]"]  # fuzzy, empty skipped
    assert got[0].notes == ("Button label",) and got[1].notes == ("Translator: keep short",)
    assert got[3].source == "%d files" and got[3].target == "%d archivos"
    assert (got[0].line, got[0].column) == (12, 9)  # where the msgstr text starts
    assert (got[3].line, got[3].column) == (26, 12)


def test_tmx_languages_codes_and_source_side() -> None:
    document, got = units("sample.tmx")
    assert (document.source_lang, document.target_lang) == ("en-US", "it-IT")
    assert [u.id for u in got] == ["1", "2"]
    assert got[0].target == 'Premi <bpt id="1"/>OK<ept id="1"/> per vedere 52 risultati.'
    assert got[0].notes == ("From the manual.",)
    # The source variant is found by srclang even when it comes second.
    assert got[1].source == "Visit https://example.com/en/help"


def test_csv_with_header_and_multiline_cells() -> None:
    document, got = units("sample.csv")
    assert [(u.id, u.line) for u in got] == [("k1", 2), ("k2", 3)]
    assert got[1].source == "Two lines\nhere" and got[1].notes == ("check",)


def test_csv_language_columns(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("key,en,pt-BR\nhello,Hello,Olá\n", encoding="utf-8")
    document = read_document(str(path))
    assert (document.source_lang, document.target_lang) == ("en", "pt-BR")
    assert [(u.id, u.source, u.target) for u in document.units] == [("hello", "Hello", "Olá")]


def test_csv_without_header_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("Hello,Bonjour\n", encoding="utf-8")
    with pytest.raises(InputError, match="header.*--columns source,target"):
        read_document(str(path))


def test_csv_without_header_read_with_columns(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("k1,Hello,Bonjour\nk2,Bye,\n", encoding="utf-8")
    document = read_document(str(path), columns=["id", "source", "target"])
    assert [(u.id, u.source, u.target, u.line) for u in document.units] == [("k1", "Hello", "Bonjour", 1)]
    assert document.skipped == {"untranslated": 1}
    with pytest.raises(InputError, match="unknown column role 'lang'"):
        read_document(str(path), columns=["source", "lang"])


def test_magento_csv_named_by_its_locale_needs_no_header(tmp_path: Path) -> None:
    path = tmp_path / "i18n" / "fr_FR.csv"
    path.parent.mkdir()
    path.write_text('"Add to Cart","Ajouter au panier"\n"%1 items","%1 articles",module,Magento_Catalog\n',
                    encoding="utf-8")
    document = read_document(str(path))
    assert [(u.source, u.target, u.line) for u in document.units] == [
        ("Add to Cart", "Ajouter au panier", 1), ("%1 items", "%1 articles", 2)]
    assert resolve_languages(document, Config()).target == "fr-FR"


def test_tsv_with_header() -> None:
    _, got = units("header.tsv")
    assert [(u.source, u.target, u.line) for u in got] == [("The cat", "Le chat", 2)]


def test_json_pairs_by_key_path() -> None:
    document, got = units("fr.json", source="en.json")
    languages = resolve_languages(document, Config())
    assert (languages.source, languages.target, languages.target_from) == ("en", "fr", "name")
    assert document.source_path == str(DATA / "en.json")
    assert [(u.id, u.source, u.target, u.line) for u in got] == [
        ("menu.open", "Open %s", "Ouvrir %d", 3),
        ("menu.items[0]", "One", "Un", 4),
        ("menu.items[1]", "Two", "Deux", 4),
        ("count", "{count, plural, one {# file} other {# files}}",
         "{count, plural, one {# fichier} other {# fichiers}}", 6),
    ]
    assert got[0].column == 14


def test_aligned_files() -> None:
    document, got = units("target.fr.txt", source="source.en.txt")
    assert [(u.id, u.source) for u in got] == [("1", "The meeting is at 10:30."), ("2", "We sold 1,000 units."),
                                              ("4", "Thanks.")]


def test_aligned_files_of_different_lengths(tmp_path: Path) -> None:
    (tmp_path / "s.txt").write_text("a\nb\n", encoding="utf-8")
    (tmp_path / "t.txt").write_text("a\nb\nc\n", encoding="utf-8")
    with pytest.raises(InputError, match="only 2 line"):
        list(read_document(str(tmp_path / "t.txt"), source=str(tmp_path / "s.txt")).units)


def test_source_option_refused_for_formats_with_their_own_source() -> None:
    with pytest.raises(UsageError, match="--source"):
        read_document(str(DATA / "v12.xlf"), source=str(DATA / "source.en.txt"))


def test_readers_chosen_by_extension() -> None:
    names = {ext: reader_for(f"x{ext}").name for ext in (".xlf", ".xliff", ".po", ".pot", ".tmx", ".csv", ".tsv",
                                                        ".json", ".txt")}
    assert names == {".xlf": "xliff", ".xliff": "xliff", ".po": "po", ".pot": "po", ".tmx": "tmx", ".csv": "csv",
                     ".tsv": "bitext", ".json": "json", ".txt": "plain"}


@pytest.mark.parametrize(
    "name,problem",
    [
        ("unclosed.xlf", "malformed XML at line 3"),
        ("wrong_encoding.tmx", "malformed XML at line 2"),
        ("wrong_encoding.po", "not valid UTF-8"),
        ("empty.xlf", "empty file"),
        ("unclosed.po", "line 2: unterminated"),
        ("unclosed.json", "malformed JSON at line 2"),
    ],
)
def test_malformed_files(name: str, problem: str) -> None:
    with pytest.raises(InputError) as info:
        list(read_document(str(DATA / name)).units)
    assert problem in str(info.value) and name in str(info.value)


def test_wrong_root_element(tmp_path: Path) -> None:
    path = tmp_path / "x.xlf"
    path.write_text('<?xml version="1.0"?><html><body/></html>', encoding="utf-8")
    with pytest.raises(InputError, match="root element <html>"):
        list(read_document(str(path)).units)


def test_declared_encoding_is_honoured(tmp_path: Path) -> None:
    path = tmp_path / "latin1.tmx"
    path.write_bytes('<?xml version="1.0" encoding="ISO-8859-1"?><tmx version="1.4"><header srclang="en"/><body>'
                     '<tu><tuv xml:lang="en"><seg>coffee</seg></tuv><tuv xml:lang="fr"><seg>café</seg></tuv></tu>'
                     "</body></tmx>".encode("latin-1"))
    [unit] = list(read_document(str(path)).units)
    assert unit.target == "café"


@pytest.mark.parametrize("name", ["xxe.xlf", "billion_laughs.tmx"])
def test_entity_attacks_exit_2_without_expanding(capsys, name: str) -> None:
    code, _, err = scan(capsys, str(DATA / name), "-t", "fr")
    assert code == 2
    assert "unsafe XML refused" in err and "Traceback" not in err
    assert "root:" not in err and "lol" not in err


def test_external_entity_without_internal_subset_is_refused(tmp_path: Path, capsys) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    path = tmp_path / "ext.xlf"
    path.write_text(f'<?xml version="1.0"?><!DOCTYPE xliff SYSTEM "file://{secret}"><xliff version="1.2">'
                    '<file source-language="en" target-language="fr"><body><trans-unit id="1"><source>a</source>'
                    "<target>&ext;</target></trans-unit></body></file></xliff>", encoding="utf-8")
    code, _, err = scan(capsys, str(path), "--format", "json")
    assert code == 2 and "TOP-SECRET" not in err
    assert "undeclared entity" in err


@pytest.mark.parametrize("name", ["v12.xlf", "v2.xlf", "sample.po", "sample.tmx"])
def test_scan_reads_languages_from_the_file(capsys, name: str) -> None:
    code, report, _ = scan(capsys, str(DATA / name), "--format", "json", "--exit-zero")
    assert code == 0 and report is not None
    [file] = report["files"]
    assert file["target_lang"] and file["source_lang"] or name.endswith(".po")


def test_findings_carry_unit_id_line_and_target_offsets(capsys) -> None:
    code, report, _ = scan(capsys, str(DATA / "v12.xlf"), "--format", "json")
    assert code == 1 and report is not None
    by_check = {f["check"]: f for f in report["files"][0]["findings"]}
    number = by_check["number-mismatch"]
    assert (number["unit"], number["text"], number["line"]) == ("price", "4,5", 27)
    assert number["start"] == "Cela coûte ".__len__()


def test_scan_po_flags_a_renamed_placeholder(capsys) -> None:
    code, report, _ = scan(capsys, str(DATA / "sample.po"), "--format", "json", "-s", "en")
    assert code == 1 and report is not None
    [finding] = [f for f in report["files"][0]["findings"] if f["check"] == "placeholder-mismatch"]
    assert (finding["text"], finding["unit"], finding["severity"]) == ("%(nombre)s", "Delete %(name)s", "critical")


def test_scan_json_with_source(capsys) -> None:
    code, report, _ = scan(capsys, str(DATA / "fr.json"), "--source", str(DATA / "en.json"), "--format", "json")
    assert code == 1 and report is not None
    [finding] = [f for f in report["files"][0]["findings"] if f["check"] == "placeholder-mismatch"]
    assert (finding["unit"], finding["text"], finding["line"]) == ("menu.open", "%d", 3)


def test_scan_aligned_with_source(capsys) -> None:
    code, report, _ = scan(capsys, str(DATA / "target.fr.txt"), "--source", str(DATA / "source.en.txt"), "-s", "en",
                           "-t", "fr", "--format", "json")
    assert report is not None
    numbers = [f for f in report["files"][0]["findings"] if f["check"] == "number-mismatch"]
    assert [(f["unit"], f["text"]) for f in numbers] == [("2", "1 500")]
    assert code == 1


def test_source_with_several_paths_is_a_usage_error(capsys, tmp_path: Path) -> None:
    shutil.copy(DATA / "target.fr.txt", tmp_path / "b.txt")
    code, _, err = scan(capsys, str(DATA / "target.fr.txt"), str(tmp_path / "b.txt"), "--source",
                        str(DATA / "source.en.txt"), "-t", "fr")
    assert code == 2 and "exactly one PATH" in err


def test_bilingual_json_objects_with_languages() -> None:
    document, got = units("bilingual.json")
    assert (document.source_lang, document.target_lang) == ("en", "es")
    assert [(u.id, u.source, u.target, u.line, u.notes) for u in got] == [
        ("welcome", "Welcome, %s!", "¡Bienvenido, %s!", 5, ("home page",)),
        ("count", "You have 3 new messages", "Tienes 5 mensajes nuevos", 6, ()),
    ]


def test_scan_bilingual_json(capsys) -> None:
    code, report, _ = scan(capsys, str(DATA / "bilingual.json"), "--format", "json")
    assert code == 1 and report is not None
    [finding] = [f for f in report["files"][0]["findings"] if f["check"] == "number-mismatch"]
    assert (finding["unit"], finding["text"], finding["line"]) == ("count", "5", 6)
