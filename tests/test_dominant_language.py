"""The language of a whole document, detected when nobody says it (mtqa.langid.dominant)."""

from __future__ import annotations

import pytest

from mtqa.langid.detector import make_detector
from mtqa.langid.dominant import count_words, dominant_language, sample_paragraphs
from mtqa.langid.masking import blank, mask

FRENCH = (
    "Le conseil municipal a voté hier soir le budget de l'année prochaine. Les dépenses pour les écoles "
    "augmentent nettement, tandis que les travaux sur la route du port sont reportés. Plusieurs habitants "
    "ont demandé que la bibliothèque reste ouverte le dimanche."
)
SPANISH = (
    "El ayuntamiento aprobó anoche el presupuesto del año que viene. Los gastos para las escuelas suben "
    "bastante, mientras que las obras de la carretera del puerto se aplazan. Varios vecinos pidieron que la "
    "biblioteca siga abierta los domingos."
)


@pytest.fixture(scope="module")
def detector():
    return make_detector("py3langid")


def test_a_paragraph_gets_its_language_and_a_confidence(detector) -> None:
    found = dominant_language([FRENCH], detector)
    assert found.lang == "fr" and found.problem is None
    assert 0.9 <= found.confidence <= 1.0 and found.share == 1.0
    assert dominant_language([SPANISH], detector).lang == "es"


def test_a_foreign_sentence_does_not_change_the_answer(detector) -> None:
    text = FRENCH + " " + SPANISH.split(". ")[0] + "."
    assert dominant_language([text], detector).lang == "fr"


def test_units_of_a_document_are_judged_together(detector) -> None:
    units = ["Enregistrer", "Annuler", *FRENCH.split(". ")]
    assert dominant_language(units, detector).lang == "fr"


def test_too_little_text_says_so(detector) -> None:
    found = dominant_language(["Bonjour Marie", "OK"], detector)
    assert found.lang is None and "too little text" in (found.problem or "")


def test_a_text_of_names_is_judged_on_the_names_when_nothing_else_is_left(detector) -> None:
    results = ("Výsledky: Staré Křečany - Lipová 1:2, Lipová - St.Šachov 1:1, Rumburk - Lipová 1:0, "
               "Krásná Lípa - Jiříkov")
    found = dominant_language([results], detector)
    assert found.lang == "cs" and found.words >= 10


def test_no_clear_majority_is_refused(detector) -> None:
    halves = [FRENCH, SPANISH, FRENCH.replace("hier soir", "ce matin"), SPANISH.replace("anoche", "esta mañana")]
    found = dominant_language(["\n\n".join(halves)], detector)
    assert found.lang is None and "no clear majority" in (found.problem or "")
    assert "fr" in found.problem and "es" in found.problem


def test_traditional_chinese_is_chinese_not_a_dialect(detector) -> None:
    text = ("委員會昨天晚上通過了明年的預算。學校的開支大幅增加，港口道路的工程則被推遲。"
            "幾位居民要求圖書館星期天繼續開放。")
    assert dominant_language([text], detector).lang == "zh"


def test_chinese_letters_before_a_digit_are_not_masked_as_a_code() -> None:
    text = "共和黨在參議院取得了1952年以來的第一次勝利"
    assert blank(text, mask(text)).replace(" ", "") == text.replace("1952", "")


def test_words_count_ideographs_by_two() -> None:
    assert count_words("Le conseil a voté.") == 4
    assert count_words("委員會昨天晚上通過") == 4


def test_a_long_document_is_sampled_over_its_whole_length() -> None:
    paragraphs = [f"Paragraphe {i} " + "mot " * 50 for i in range(200)]
    sample = sample_paragraphs(["\n\n".join(paragraphs)], max_chars=5_000)
    assert sum(map(len, sample)) <= 5_000 + 300
    numbers = [int(p.split()[1]) for p in sample]
    assert numbers[0] == 0 and numbers[-1] > 180
