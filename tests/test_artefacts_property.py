"""Any text: the artefact and pack checks never crash and always point inside the text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mtqa.config import Config
from mtqa.model import Unit
from mtqa.run.pipeline import Checker

CHECKER = Checker(Config(select=["FL002", "FL003", "FL004", "NU001", "CA001", "CA002"]))
PIECES = st.sampled_from([
    "Il y a des jours a réitéré", "circulationquelque", " L’accès", " Elle", " – Mais", ". ", ".\n\n", "\n",
    "1 000 millions", " segment.", "on parle Musk vise", "billions", " ", "é", "YCombinator", "«", "»", "l'",
])
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=25).map("".join)


@settings(max_examples=60, deadline=None)
@given(target=TEXTS, source=st.one_of(st.none(), TEXTS), lang=st.sampled_from(["fr", "en", "es", "de", "it"]))
def test_findings_point_inside_the_text(target: str, source: str | None, lang: str) -> None:
    report = CHECKER.scan_units([Unit(target=target, source=source)], source_lang="es", target_lang=lang)
    for finding in report.findings:
        assert 0 <= finding.start < finding.end <= len(target)
        assert finding.text == target[finding.start : finding.end]
