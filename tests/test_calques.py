"""number-calque, calque and false-friend through the Checker: language pairs, source guards, suggestions."""

from __future__ import annotations

import pytest

from mtqa.api import scan_text
from mtqa.config import Config


def findings(text: str, target_lang: str, source_lang: str | None = None, source: str | None = None,
             check: str = "number-calque"):
    config = Config(select=[check])
    return scan_text(text, source=source, source_lang=source_lang, target_lang=target_lang, config=config).findings


@pytest.mark.parametrize("text, span, suggestion", [
    ("Microsoft investirait 1 000 millions de dollars.", "1 000 millions", "1 milliard"),
    ("une capitalisation de 30 000 millions", "30 000 millions", "30 milliards"),
    ("un budget de 2 500 millions d'euros", "2 500 millions", "2,5 milliards"),
    ("un budget de 1\u00a0500\u00a0millions d'euros", "1\u00a0500\u00a0millions", "1,5\u00a0milliard"),
])
def test_french_thousands_of_millions(text: str, span: str, suggestion: str) -> None:
    [finding] = findings(text, "fr", "es")
    assert (finding.text, finding.suggestion) == (span, suggestion)
    assert finding.category == "locale-convention/number-format" and finding.severity.value == "major"


@pytest.mark.parametrize("text", [
    "Il a promis d'investir 1 milliard de dollars.",
    "Elle avait déjà participé avec 100 millions de dollars.",
    "La ville compte 2 millions d'habitants en 2024.",
    "un prêt de 1 234 millions",
])
def test_correct_french_amounts_are_not_flagged(text: str) -> None:
    assert findings(text, "fr", "es") == []


def test_english_and_german_scales() -> None:
    [en] = findings("The firm raised 5,000 million dollars.", "en")
    assert (en.text, en.suggestion) == ("5,000 million", "5 billion")
    [de] = findings("Die Firma sammelte 2.000 Millionen Euro.", "de")
    assert (de.text, de.suggestion) == ("2.000 Millionen", "2 Milliarden")
    assert findings("Die Firma sammelte 200 Millionen Euro.", "de") == []


def test_billion_needs_the_source_to_be_called_wrong() -> None:
    target = "L'entreprise vaut 3 billions de dollars."
    [finding] = findings(target, "fr", "en", source="The company is worth 3 billion dollars.")
    assert finding.suggestion == "milliards"
    assert findings(target, "fr", "en") == []  # without a source, French 'billion' may be right
    assert findings(target, "fr", "en", source="The company is worth 3 trillion dollars.") == []


def test_calques_without_a_source_only_fire_for_high_precision_entries() -> None:
    text = "Il y a des jours a réitéré sa plainte. Il y a des jours, il a parlé."
    no_source = findings(text, "fr", "es", check="calque")
    assert [f.text for f in no_source] == ["Il y a des jours"]
    assert no_source[0].start == 0 and no_source[0].suggestion == "Il y a quelques jours,"
    with_source = findings(text, "fr", "es", source="Hace días reiteró su queja. Hace días, habló.", check="calque")
    assert [f.start for f in with_source] == [0, text.index("Il y a des jours,")]


def test_calques_apply_to_their_language_pair_only() -> None:
    text = "On parle Musk vise maintenant à créer une entreprise."
    [finding] = findings(text, "fr", "es", check="calque")
    assert finding.text == "On parle" and finding.suggestion == "On dit que"
    assert "es-fr/calques/se-habla-name-verb" in finding.message
    assert findings(text, "fr", "en", check="calque") == []
    assert findings(text, "fr", None, check="calque") == []


def test_false_friend_with_and_without_its_source() -> None:
    target = "Il a actuellement gagné le match."
    [finding] = findings(target, "fr", "en", source="He actually won the match.", check="false-friend")
    assert (finding.text, finding.suggestion, finding.category) == ("actuellement", "en fait",
                                                                   "accuracy/mistranslation")
    assert findings(target, "fr", "en", source="He is currently winning.", check="false-friend") == []
    assert findings(target, "fr", "en", check="false-friend") == []


def test_spanish_contar_rendered_as_compter() -> None:
    target = "Ils comptent que le projet a échoué."
    [finding] = findings(target, "fr", "es", source="Cuentan que el proyecto fracasó.", check="false-friend")
    assert finding.text == "comptent" and finding.suggestion == "racontent"
    assert findings("Ils comptent aller à Paris.", "fr", "es", source="Piensan ir a París.",
                    check="false-friend") == []
