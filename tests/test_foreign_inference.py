"""Foreign languages inferred from a text when no source language is given, and the guards that keep
genuinely foreign quotations, titles and term lists from being flagged."""

from __future__ import annotations

import pytest

from mtqa.checks.language import finder_for
from mtqa.langid.inference import ForeignEvidence, words_agree

FRENCH = "Le conseil municipal a voté hier soir le budget de l'année prochaine."


@pytest.fixture(scope="module")
def finder():
    return finder_for(None)


def _flagged(finder, text: str, target: str, source: str | None = None) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.lang) for s in finder.find(text, target, source)]


def test_a_spanish_clause_in_french_is_found_without_a_source(finder) -> None:
    text = f"{FRENCH} Les habitants ont demandé une réponse, pero nadie contestó a tiempo."
    assert finder.infer(text, "fr") == ("es",)
    assert _flagged(finder, text, "fr") == [("pero nadie contestó a tiempo", "es")]


def test_the_document_inference_reaches_phrases_the_open_set_cannot_see(finder) -> None:
    text = "Le maire a répondu aux habitants todavía no sabemos nada sur les travaux du port."
    assert finder.infer(text, "fr") == ()
    assert _flagged(finder, text, "fr") == []
    found = finder.find(text, "fr", None, foreign=("es",))
    assert [(text[s.start : s.end], s.lang) for s in found] == [("todavía no sabemos nada", "es")]


def test_clean_text_infers_nothing(finder) -> None:
    text = (f"{FRENCH} Les dépenses pour les écoles augmentent nettement, tandis que les travaux sur la route "
            "du port sont reportés. Le maire a promis d'étudier la question avant l'été.")
    assert finder.infer(text, "fr") == ()
    assert _flagged(finder, text, "fr") == []


def test_evidence_adds_up_over_a_document(finder) -> None:
    evidence = ForeignEvidence("de", finder.detector)
    for paragraph in ("Die Stadt hat gestern das Budget beschlossen.",
                      "The new opening hours will be announced next week.",
                      "Der Bürgermeister will die Frage prüfen, la decisión se tomará en enero."):
        assert finder.infer(paragraph, "de", evidence=evidence) == ()
    assert set(evidence.languages()) == {"en", "es"}


def test_words_must_agree_with_the_classifier() -> None:
    assert words_agree("pero nadie contestó a tiempo", "fr", "es")
    assert not words_agree("les habitants ont demandé une réponse", "fr", "es")
    # Latin: most of its words are in neither list, whatever language a limited classifier picks.
    assert not words_agree("hoc tibi et tuis privilegium in hoc moriens salvabitur", "cs", "fr")
    assert not words_agree("me sembli que m'ai encès un pauc", "ca", "oc")  # no word list to confirm


def test_a_list_of_terms_is_not_a_foreign_clause(finder) -> None:
    text = "Encuéntranos también en las redes: facebook, twitter, google maps, you tube."
    assert _flagged(finder, text, "es", "en") == []
    assert _flagged(finder, text.replace("google maps", "the best maps of the world"), "es", "en") != []


def test_a_title_followed_by_its_translation_is_not_flagged(finder) -> None:
    text = ("In 1928 publiceerde hij zijn bekendste boek: Introduzione alla fisica atomica "
            "(Inleiding tot de atoomfysica).")
    assert _flagged(finder, text, "nl") == []
    without_gloss = "In 1928 publiceerde hij zijn bekendste boek: Introduzione alla fisica atomica e molecolare."
    assert _flagged(finder, without_gloss, "nl") == [("Introduzione alla fisica atomica e molecolare", "it")]


def test_a_third_language_is_flagged_only_for_a_whole_text(finder) -> None:
    italian = "Il consiglio comunale ha approvato ieri sera il bilancio del prossimo anno."
    assert _flagged(finder, italian, "es", "en") == [(italian.rstrip("."), "it")]
    paragraph = ("El ayuntamiento aprobó anoche el presupuesto del año que viene. " + italian
                 + " Varios vecinos pidieron que la biblioteca siga abierta los domingos.")
    assert _flagged(finder, paragraph, "es", "en") == []


def test_pair_mode_finds_words_around_names_and_after_brackets(finder) -> None:
    text = "Die Stadt ist heute, even more than in Boston, ein Zentrum der Forschung."
    assert _flagged(finder, text, "de", "en") == [("even more than in Boston", "en")]
    # A capital after a bracket or an opening quote starts an aside, not a name.
    aside = "The committee will decide (Même si tard) before the summer ends."
    assert _flagged(finder, aside, "en", "fr") == [("Même si tard", "fr")]
    quoted = "He answered « Nunca más lo haré » and left the room."
    assert _flagged(finder, quoted, "en", "es") == [("Nunca más lo haré", "es")]


def test_a_phrase_of_words_that_each_lean_a_little_adds_up(finder) -> None:
    # wordfreq's German list knows "even", "more" and "than": each leans to English by only ~2.5.
    text = "Die Stadt wächst seit Jahren, even more than in New York, und zieht viele Familien an."
    assert _flagged(finder, text, "de", "en") == [("even more than", "en")]


def test_a_short_clause_whose_words_lean_to_the_neighbour_joins_it(finder) -> None:
    text = ("A empresa cresceu muito. Amazon se ha convertido en la cuarta empresa más grande del mundo, "
            "sobrepasando a ExxonMobil. Os analistas ficaram surpresos.")
    assert _flagged(finder, text, "pt", "es") == [
        ("Amazon se ha convertido en la cuarta empresa más grande del mundo, sobrepasando a ExxonMobil", "es")]


def test_a_long_clause_is_no_title_even_between_names(finder) -> None:
    text = ("Kesha y Pebe escribieron la canción juntos. Kesha e Pebe escreveram a canção juntos quando tinham "
            "16 anos, Kesha então, David Gamson, un productor de Los Ángeles, aceptó producirla.")
    assert _flagged(finder, text, "es", "pt")[0][0].startswith("Kesha e Pebe escreveram a canção juntos")
