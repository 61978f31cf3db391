"""The lexical stage of the French bare-participle checks: which sentences are worth a parse."""

from __future__ import annotations

import pytest

from mtqa.checks import bare_participle
from mtqa.checks.bare_participle import candidate_sentences, is_participle
from mtqa.checks.base import UnitContext
from mtqa.config import Config
from mtqa.meaning import analysis
from mtqa.model import Unit
from mtqa.run.pipeline import Checker


def _candidates(text: str) -> list[str]:
    ctx = UnitContext(Unit(text), target_lang="fr", source_lang=None)
    return [seg.text for seg in candidate_sentences(ctx)]


@pytest.mark.parametrize("word", ["expliqué", "déclaré", "fini", "vendu", "venus", "ouvert", "peint", "remis",
                                  "compris", "conduit", "connu"])
def test_participles_are_known_by_their_infinitive(word: str) -> None:
    assert is_participle(word)


@pytest.mark.parametrize("word", ["sécurité", "ainsi", "aussi", "depuis", "croyait", "aboutit", "endroit", "quoi"])
def test_words_that_only_end_like_a_participle_are_not(word: str) -> None:
    assert not is_participle(word)


@pytest.mark.parametrize("text", [
    "Dans les médias, le propriétaire de Twitter expliqué qu'il y avait un conflit.",
    "Dans un podcast récent expliqué comment tout a commencé.",
    "Le ministre de la Santé annoncé que les écoles rouvriront lundi.",
])
def test_a_participle_that_could_be_the_main_verb_is_a_candidate(text: str) -> None:
    assert _candidates(text) == [text]


@pytest.mark.parametrize("text", [
    "Le ministre a expliqué que les écoles rouvriront lundi.",           # auxiliary right before
    "La Ligue n'a accepté que des sanctions partielles.",                # elided negation, then the auxiliary
    "Il a ensuite déclaré qu'il partirait.",                             # auxiliary, adverb, participle
    "La Cour déclara qu'étant donné que la fille était mineure, rien n'était possible.",  # étant donné que
    "Entre deux concerts, je rentrais, inspiré que j'étais par le lieu.",  # detached, after a comma
    "Il pense que le texte traduit que nous avons lu est bon.",           # subject pronoun earlier
    "Expliqué que la route était fermée.",                               # opens the sentence: headline style
    "Le texte d'aide affiché à l'utilisateur dans le formulaire",        # "à" opens no clause
    "Ronald Reagan croyait que Dieu avait épargné sa vie.",               # an imperfect, not a participle
    "Le document, ainsi que ses annexes, est disponible.",
])
def test_sentences_where_no_bare_participle_can_be_the_main_verb_are_not(text: str) -> None:
    assert _candidates(text) == []


def test_only_the_candidate_sentence_of_a_unit_is_kept() -> None:
    text = "Le chat dort. Le ministre de la Santé annoncé que les écoles rouvriront. Il pleut."
    assert _candidates(text) == ["Le ministre de la Santé annoncé que les écoles rouvriront."]


class _NoParse:
    """An analyzer that claims a French parser and fails the test if it is ever asked to parse."""

    def available(self, lang: str | None) -> bool:
        return True

    def parse(self, *args: object, **kwargs: object) -> list[analysis.ParsedSentence]:
        raise AssertionError("the parser was called on text with no candidate")


def test_clean_french_never_reaches_the_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bare_participle, "get_analyzer", lambda services: _NoParse())
    monkeypatch.setattr("mtqa.checks.grammar.get_analyzer", lambda services: _NoParse())
    monkeypatch.setattr("mtqa.run.pipeline.requirement_problem", lambda requirement, lang: None)
    units = [Unit(t) for t in (
        "Le chat dort sur le canapé depuis ce matin, ainsi que le chien.",
        "La ministre a expliqué que le budget serait présenté demain.",
        "Êtes-vous connecté à Internet ?",
        "Il n'est pas surprenant que les gouvernements aient qualifié ce patrimoine de prioritaire.",
    )]
    report = Checker(Config(target_lang="fr", select=["missing-subject", "missing-auxiliary"])).scan_units(units)
    assert report.findings == []
    assert "missing-auxiliary" not in report.skipped_checks
