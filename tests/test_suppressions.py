"""Suppression directives: inline in plain text / Markdown, and in unit notes; unused ones reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ci_helpers import run, write

from mtqa.config import Config
from mtqa.model import Unit
from mtqa.readers import Document
from mtqa.run.pipeline import Checker
from mtqa.run.runner import scan_documents
from mtqa.suppression.directives import SuppressionFilter


def findings_of(capsys, path: Path, *extra: str) -> list[dict]:
    _, out, _ = run(capsys, "scan", str(path), "-t", "fr", "-f", "json", "--select", "FL001", *extra)
    return json.loads(out)["files"][0]["findings"]


def test_inline_directive_covers_the_next_paragraph_only(capsys, tmp_path: Path) -> None:
    path = write(tmp_path / "doc.md",
                 "Il a vu le le chat.\n\n"
                 "<!-- mtqa: ignore[repeated-word] a quote, kept as written -->\n"
                 "Elle a dit « non non » deux fois.\nSuite du même paragraphe très très longue.\n\n"
                 "Puis il a vu vu la maison.\n")
    found = [(f["check"], f["text"]) for f in findings_of(capsys, path)]
    assert found == [("repeated-word", "le le"), ("repeated-word", "vu vu")]


def test_codes_prefixes_and_bare_directives(capsys, tmp_path: Path) -> None:
    for directive in ("<!-- mtqa: ignore[FL001] -->", "<!-- mtqa: ignore[FL] -->",
                      "<!-- mtqa: ignore -->", "<!--mtqa:ignore[punctuation-spacing, repeated-word]-->"):
        path = write(tmp_path / "doc.txt", f"{directive}\nIl a vu le le chat.\n")
        assert findings_of(capsys, path) == [], directive


def test_ignore_file_and_directive_words_are_not_checked(capsys, tmp_path: Path) -> None:
    path = write(tmp_path / "doc.md", "Il a vu le le chat.\n\n<!-- mtqa: ignore-file[FL001] the the reason -->\n\n"
                                      "Encore encore.\n")
    assert findings_of(capsys, path) == []
    path = write(tmp_path / "doc2.md", "<!-- mtqa: ignore[FL001] the the reason -->\nIl a vu le le chat.\n")
    assert findings_of(capsys, path) == []  # "the the" inside the comment is not content


def test_unused_unknown_and_malformed_directives_are_findings(capsys, tmp_path: Path) -> None:
    path = write(tmp_path / "doc.md",
                 "<!-- mtqa: ignore[repeated-word] -->\nRien à signaler.\n\n"
                 "<!-- mtqa: ignore[no-such-check] -->\nIl a vu le le chat.\n\n"
                 "<!-- mtqa: ignroe[FL001] -->\nFin.\n")
    found = findings_of(capsys, path)
    unused = [f for f in found if f["check"] == "unused-suppression"]
    assert [f["line"] for f in unused] == [1, 4, 7]
    assert "no finding of repeated-word" in unused[0]["message"]
    assert "no-such-check" in unused[1]["message"]
    assert "not a directive" in unused[2]["message"]
    assert all(f["code"] == "SUP001" and f["severity"] == "minor" for f in unused)
    assert unused[0]["text"] == "<!-- mtqa: ignore[repeated-word] -->"
    assert [f["text"] for f in found if f["check"] == "repeated-word"] == ["le le"]


def test_directive_for_a_check_that_did_not_run_is_not_called_unused(capsys, tmp_path: Path) -> None:
    path = write(tmp_path / "doc.md", "<!-- mtqa: ignore[punctuation-spacing] -->\nTout va bien.\n")
    assert findings_of(capsys, path) == []  # only FL001 ran: the directive may still be needed
    _, out, _ = run(capsys, "scan", str(path), "-t", "fr", "-f", "json")
    assert [f["check"] for f in json.loads(out)["files"][0]["findings"]] == ["unused-suppression"]


def _scan_units(units: list[Unit]) -> list:
    checker = Checker(Config(select=["FL001"], target_lang="fr"))
    report = scan_documents([Document("mem.po", iter(units), target_lang="fr")], checker,
                            filters=[SuppressionFilter()])
    return report.findings


def test_unit_note_directives() -> None:
    units = [
        Unit(target="Il a vu le le chat.", id="a", notes=("mtqa: ignore[repeated-word] deliberate",)),
        Unit(target="Il a vu vu le chat.", id="b", notes=("Translator: keep short.",)),
        Unit(target="Rien.", id="c", notes=("mtqa: ignore[FL001] stale",)),
    ]
    found = [(f.unit, f.check) for f in _scan_units(units)]
    assert found == [("b", "repeated-word"), ("c", "unused-suppression")]


def test_ignore_file_in_a_note_covers_the_following_units() -> None:
    units = [
        Unit(target="En-tête.", id="header", notes=("mtqa: ignore-file[repeated-word] legacy file",)),
        Unit(target="Il a vu le le chat.", id="1"),
        Unit(target="Il a vu vu le chat.", id="2"),
    ]
    assert _scan_units(units) == []


def test_unused_suppression_is_documented(capsys) -> None:
    code, out, _ = run(capsys, "rule", "unused-suppression")
    assert code == 0 and out.startswith("SUP001 unused-suppression") and "Instead:" in out
    _, out, _ = run(capsys, "rules")
    assert "SUP001  unused-suppression" in out


def test_directives_in_po_comments_and_xliff_notes(capsys, tmp_path: Path) -> None:
    from mtqa.readers import READERS

    known = {ext for reader in READERS.values() for ext in reader.extensions}
    if not {".po", ".xlf"} <= known:
        pytest.skip("the PO and XLIFF readers are not there")
    po = write(tmp_path / "s.po", 'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\n'
                                  "# mtqa: ignore[repeated-word] the client wants the stammer\n"
                                  'msgid "He saw the cat."\nmsgstr "Il a vu le le chat."\n\n'
                                  '#. mtqa: ignore[FL001]\nmsgid "Fine."\nmsgstr "Très bien."\n')
    xlf = write(tmp_path / "s.xlf", '<?xml version="1.0" encoding="UTF-8"?>\n'
                                    '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
                                    '<file source-language="es" target-language="fr" datatype="plaintext" '
                                    'original="x"><body><trans-unit id="cat"><source>Vio el gato.</source>'
                                    "<target>Il a vu le le chat.</target><note>mtqa: ignore[repeated-word] as in "
                                    "the original</note></trans-unit></body></file></xliff>\n")
    _, out, _ = run(capsys, "scan", str(po), str(xlf), "-s", "en", "-f", "jsonl", "--select", "FL001")
    found = [(json.loads(line)["unit"], json.loads(line)["check"]) for line in out.splitlines()]
    assert found == [("Fine.", "unused-suppression")]
