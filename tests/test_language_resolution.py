"""Where a scan's languages come from (options, configuration, file, detection) and what the report says
about it; foreign languages inferred when no source language is given."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtqa import scan_text
from mtqa.config import Config

FRENCH = (
    "Le conseil municipal a voté hier soir le budget de l'année prochaine. Les dépenses pour les écoles "
    "augmentent nettement, tandis que les travaux sur la route du port sont reportés. Plusieurs habitants "
    "ont demandé que la bibliothèque reste ouverte le dimanche, et le maire a promis d'étudier la question."
)
SPANISH = (
    "El ayuntamiento aprobó anoche el presupuesto del año que viene. Los gastos para las escuelas suben "
    "bastante, mientras que las obras de la carretera del puerto se aplazan. Varios vecinos pidieron que la "
    "biblioteca siga abierta los domingos, y el alcalde prometió estudiar la cuestión."
)
SPANISH_SENTENCE = "Los vecinos del barrio dijeron que las obras llevan demasiado tiempo paradas."
ENGLISH_SENTENCE = "The new opening hours will be announced on the council website next week."
GERMAN_SENTENCE = "Die Stadtverwaltung hat die neuen Öffnungszeiten noch nicht bekannt gegeben."


def _scan_json(cli, *args: str) -> tuple[int, dict, str]:
    code, out, err = cli("scan", *args, "-f", "json", "--exit-zero", "--isolated")
    return code, json.loads(out) if out else {}, err


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_no_options_detects_the_target_and_infers_the_foreign_language(cli, tmp_path: Path) -> None:
    path = _write(tmp_path, "article.txt", FRENCH + " " + SPANISH_SENTENCE + "\n")
    code, report, _ = _scan_json(cli, str(path))
    file = report["files"][0]
    assert code == 0
    assert file["target_lang"] == "fr" and file["target_lang_from"] == "detected"
    assert 0.9 <= file["target_lang_confidence"] <= 1.0
    assert file["source_lang"] is None and file["source_lang_from"] is None
    assert file["inferred_langs"] == ["es"]
    flagged = [f["text"] for f in file["findings"] if f["check"] == "wrong-language"]
    assert flagged == [SPANISH_SENTENCE.rstrip(".")]
    assert "|pair:xx-fr|" in report["mtqa"]["signature"]


def test_the_text_report_says_what_was_detected(cli, tmp_path: Path) -> None:
    path = _write(tmp_path, "article.txt", FRENCH + " " + SPANISH_SENTENCE + "\n")
    _code, out, _err = cli("scan", str(path), "--isolated", "--exit-zero")
    assert out.splitlines()[0] == f"{path} (target fr detected (confidence 1.00); foreign language inferred: es)"
    _code, out, _err = cli("scan", str(path), "--isolated", "--exit-zero", "-t", "fr", "-s", "es")
    assert "detected" not in out and "inferred" not in out


def test_several_foreign_languages_are_inferred_and_found(cli, tmp_path: Path) -> None:
    text = "\n\n".join([FRENCH, ENGLISH_SENTENCE + " " + FRENCH.split(". ")[1] + ".", GERMAN_SENTENCE])
    path = _write(tmp_path, "notes.md", text + "\n")
    _code, report, _ = _scan_json(cli, str(path), "-t", "fr")
    file = report["files"][0]
    assert file["target_lang_from"] == "option" and "target_lang_confidence" not in file
    assert sorted(file["inferred_langs"]) == ["de", "en"]
    flagged = {f["text"] for f in file["findings"] if f["check"] == "wrong-language"}
    assert flagged == {ENGLISH_SENTENCE.rstrip("."), GERMAN_SENTENCE.rstrip(".")}


def test_a_given_source_language_wins_over_inference(cli, tmp_path: Path) -> None:
    path = _write(tmp_path, "article.txt", FRENCH + " " + SPANISH_SENTENCE + "\n")
    _code, report, _ = _scan_json(cli, str(path), "-t", "fr", "-s", "en")
    file = report["files"][0]
    assert file["source_lang"] == "en" and file["source_lang_from"] == "option"
    assert "inferred_langs" not in file


def test_languages_from_the_configuration_say_so(cli, tmp_path: Path) -> None:
    path = _write(tmp_path, "article.txt", FRENCH + "\n")
    config = _write(tmp_path, "mtqa.toml", 'target_lang = "fr"\nsource_lang = "es"\n')
    code, out, _err = cli("scan", str(path), "--config", str(config), "-f", "json", "--exit-zero")
    file = json.loads(out)["files"][0]
    assert code == 0 and file["target_lang_from"] == "config" and file["source_lang_from"] == "config"
    _code, out, _err = cli("scan", str(path), "--config", str(config), "-f", "json", "--exit-zero", "-t", "fr-CA")
    file = json.loads(out)["files"][0]
    assert file["target_lang"] == "fr-CA" and file["target_lang_from"] == "option"


def test_languages_of_the_file_itself(cli, tmp_path: Path) -> None:
    xliff = _write(tmp_path, "doc.xlf", (
        '<?xml version="1.0"?><xliff version="1.2"><file source-language="en" target-language="fr" '
        'datatype="plaintext" original="x"><body><trans-unit id="1"><source>The cat sleeps.</source>'
        "<target>Le chat dort.</target></trans-unit></body></file></xliff>"))
    _code, report, _ = _scan_json(cli, str(xliff))
    file = report["files"][0]
    assert (file["source_lang"], file["source_lang_from"]) == ("en", "file")
    assert (file["target_lang"], file["target_lang_from"]) == ("fr", "file")


def test_a_bitext_source_language_is_detected_from_its_source_side(cli, tmp_path: Path) -> None:
    rows = [
        ("The council voted the budget for next year last night.", "Le conseil a voté hier soir le budget."),
        ("Spending on schools rises sharply this year.", "Les dépenses pour les écoles augmentent nettement."),
        ("Several residents asked for the library to stay open.", "Plusieurs habitants ont demandé l'ouverture."),
        ("The mayor promised to look into the question.", "Le maire a promis d'étudier la question."),
    ]
    path = _write(tmp_path, "pairs.tsv", "".join(f"{s}\t{t}\n" for s, t in rows))
    _code, report, _ = _scan_json(cli, str(path))
    file = report["files"][0]
    assert (file["target_lang"], file["target_lang_from"]) == ("fr", "detected")
    assert (file["source_lang"], file["source_lang_from"]) == ("en", "detected")
    assert file["source_lang_confidence"] > 0.9 and "inferred_langs" not in file


def test_a_po_catalogue_gets_its_source_language_from_the_msgids(cli, tmp_path: Path) -> None:
    entries = [
        ("Save the document before closing the window", "Guardar el documento antes de cerrar la ventana"),
        ("The file could not be opened", "No se pudo abrir el archivo"),
        ("Do you want to delete all selected items?", "¿Quiere eliminar todos los elementos seleccionados?"),
    ]
    body = "".join(f'msgid "{s}"\nmsgstr "{t}"\n\n' for s, t in entries)
    path = _write(tmp_path, "app.po", 'msgid ""\nmsgstr ""\n"Language: es\\n"\n\n' + body)
    _code, report, _ = _scan_json(cli, str(path))
    file = report["files"][0]
    assert (file["target_lang"], file["target_lang_from"]) == ("es", "file")
    assert (file["source_lang"], file["source_lang_from"]) == ("en", "detected")


def test_too_little_text_or_no_majority_is_a_usage_error(cli, tmp_path: Path) -> None:
    short = _write(tmp_path, "short.txt", "Bonjour Marie.\n")
    code, out, err = cli("scan", str(short), "--isolated")
    assert code == 2 and out == ""
    assert err.strip().splitlines()[0] == (
        f"mtqa: error: {short}: no target language, and it cannot be detected: too little text (2 words) to "
        "tell its language; pass --target-lang (or set target_lang in config)")
    mixed = _write(tmp_path, "mixed.txt", f"{FRENCH}\n\n{SPANISH}\n")
    code, _out, err = cli("scan", str(mixed), "--isolated")
    assert code == 2 and "no clear majority language" in err and "--target-lang" in err


def test_the_library_detects_the_language_too() -> None:
    report = scan_text(FRENCH + " " + SPANISH_SENTENCE, config=Config(select=["LG001"]))
    file = report.files[0]
    assert (file.target_lang, file.target_lang_from, file.inferred_langs) == ("fr", "detected", ("es",))
    assert [f.text for f in report.findings] == [SPANISH_SENTENCE.rstrip(".")]
    given = scan_text(FRENCH, target_lang="fr", source_lang="es")
    assert given.files[0].target_lang_from == "option" and given.files[0].source_lang_from == "option"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_workers_get_the_inferred_languages(cli, tmp_path: Path, jobs: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import mtqa.run.parallel as parallel

    monkeypatch.setattr(parallel, "MIN_PARALLEL_UNITS", 4)
    monkeypatch.setattr(parallel, "CHUNK_UNITS", 2)
    # Alone, the last line is too little to infer Spanish from; the document as a whole leans to it.
    phrase = "Le maire a répondu aux habitants todavía no sabemos nada sur les travaux du port."
    lines = [FRENCH] * 6 + [SPANISH_SENTENCE] + [FRENCH] * 2 + [phrase]
    path = _write(tmp_path, "lines.tsv", "".join(f"\t{line}\n" for line in lines))
    _code, report, _ = _scan_json(cli, str(path), "-t", "fr", "--select", "LG001", "--jobs", jobs)
    file = report["files"][0]
    assert file["inferred_langs"] == ["es"]
    assert [(f["unit"], f["text"]) for f in file["findings"]] == [
        ("7", SPANISH_SENTENCE.rstrip(".")), ("10", "todavía no sabemos nada")]


def test_a_rendered_report_keeps_the_language_note() -> None:
    from mtqa import render

    report = scan_text(FRENCH + " " + SPANISH_SENTENCE, config=Config(select=["LG001"]))
    assert render(report, "text").startswith("<text> (target fr detected (confidence 1.00); foreign language "
                                             "inferred: es)\n")


def test_units_beyond_the_inference_sample_infer_their_own_languages(
        cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import mtqa.run.languages as languages

    lines = [FRENCH] * 4 + [SPANISH_SENTENCE, FRENCH]
    path = _write(tmp_path, "lines.tsv", "".join(f"\t{line}\n" for line in lines))
    _code, whole, _ = _scan_json(cli, str(path), "-t", "fr", "--select", "LG001")
    monkeypatch.setattr(languages, "HEAD_UNITS", 3)  # the document's inference reads units 1-3 only
    _code, head, _ = _scan_json(cli, str(path), "-t", "fr", "--select", "LG001")
    assert whole["files"][0]["inferred_langs"] == ["es"] and head["files"][0]["inferred_langs"] == []
    for report in (whole, head):
        assert [(f["unit"], f["text"]) for f in report["files"][0]["findings"]] == [
            ("5", SPANISH_SENTENCE.rstrip("."))]


def test_a_text_the_document_inference_has_read_is_not_classified_again() -> None:
    from mtqa.checks.language import finder_for

    finder = finder_for(None)
    text = f"{FRENCH} {SPANISH_SENTENCE}"
    spans = finder.find(text, "fr", None, foreign=("es",), inferred=True)
    assert [text[s.start : s.end] for s in spans] == [SPANISH_SENTENCE.rstrip(".")]
    # The document's inference found no foreign language: nothing else is looked for but other scripts.
    assert finder.find(text, "fr", None, foreign=(), inferred=True) == []
    assert [s.lang for s in finder.find(text, "fr", None, foreign=(), inferred=False)] == ["es"]
    cyrillic = f"{FRENCH} Le rapport cite правительство приняло решение dans sa conclusion."
    assert [s.layer for s in finder.find(cyrillic, "fr", None, foreign=(), inferred=True)] == ["script"]
