"""Markup and links compared as what they are (`tests/data/precision/markup.toml`): HTML, Pango and
i18next numbered tags are markup, a lone `<file>` is text; one finding per unit lists what differs."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtqa.config import Config
from mtqa.model import Unit
from mtqa.run.pipeline import Checker
from mtqa.text.markup import markup_names, protected_spans, tags
from mtqa.util.datafiles import load_toml

CASES = load_toml(Path(__file__).parent / "data" / "precision" / "markup.toml")["case"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_markup_case(case: dict) -> None:
    checker = Checker(Config(select=[case["check"]], jobs=1))
    unit = Unit(target=case["target"], source=case["source"], id="u")
    found = checker.scan_units([unit], source_lang="en", target_lang=case.get("target_lang", "fr")).findings
    if case.get("clean"):
        assert found == [], [f.message for f in found]
        return
    assert len(found) == 1, [f.message for f in found]
    assert found[0].text == case["flagged"]
    if "says" in case:
        assert case["says"] in found[0].message
    if "severity" in case:
        assert found[0].severity.value == case["severity"]


def test_markup_names_need_evidence() -> None:
    assert markup_names("help <command>") == frozenset()
    assert markup_names("<b>bold</b> and <file>") == {"b"}
    assert markup_names("<foo>x</foo>") == {"foo"}
    assert markup_names('<widget id="3">') == {"widget"}
    assert [t.key for t in tags("<1>Banned:</1>")] == ["<1>", "</1>"]


@pytest.mark.parametrize(
    "text,inside",
    [
        ("Enregistrer &raquo;", ";"),
        ("Utilisez [[:space:]] pour les espaces", ":"),
        ("Écrivez à mailto:aide@example.org", ":"),
        ('<span style="color:#ff0000;">rouge</span>', ";"),
        ("{VAR_SELECT, select, isObserving: {Voir} other {Recharger}}", ":"),
        ("Lancez `mtqa scan:all` maintenant", ":"),
    ],
)
def test_protected_spans_cover_code(text: str, inside: str) -> None:
    at = text.index(inside)
    assert any(s <= at < e for s, e in protected_spans(text))


PUNCTUATION = load_toml(Path(__file__).parent / "data" / "precision" / "punctuation.toml")["case"]


@pytest.mark.parametrize("case", PUNCTUATION, ids=[c["name"] for c in PUNCTUATION])
def test_punctuation_stays_out_of_syntax(case: dict) -> None:
    checker = Checker(Config(select=["punctuation-spacing"], jobs=1))
    unit = Unit(target=case["target"], source=case.get("source"), id="u")
    found = checker.scan_units([unit], source_lang="en", target_lang=case["target_lang"]).findings
    assert len(found) == (0 if case.get("clean") else case["flagged"]), [(f.text, f.message) for f in found]
