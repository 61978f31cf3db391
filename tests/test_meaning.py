"""Meaning-level checks: names translated or dropped, pronoun gender, missing subjects and auxiliaries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtqa.checks import grammar
from mtqa.config import Config
from mtqa.errors import PackError
from mtqa.meaning import analysis
from mtqa.meaning.entities import builtin_entities, load_do_not_translate, load_entities
from mtqa.meaning.people import People, find_mentions, gender_lexicon, given_names, tokenize
from mtqa.model import Severity, Unit
from mtqa.run.pipeline import Checker

MEANING = ["entity-translated", "entity-missing", "pronoun-gender", "missing-subject", "missing-auxiliary"]


def _scan(units: list[Unit], target_lang: str = "fr", source_lang: str | None = None, **config):
    checker = Checker(Config(select=MEANING, **config))
    return checker.scan_units(units, target_lang=target_lang, source_lang=source_lang)


def _texts(report, check: str) -> list[str]:
    return [f.text for f in report.findings if f.check == check]


def test_apostrophes_are_normalised_in_place() -> None:
    text = "l’entreprise qu’elle dirige ‘ok’"
    clean = analysis.normalize_apostrophes(text)
    assert len(clean) == len(text)
    assert "’" not in clean and clean.startswith("l'entreprise qu'elle")


def test_given_names_and_titles_give_gender() -> None:
    people = People()
    toks = tokenize("Elon Musk a rencontré Mme Dupont et Marie Curie.")
    mentions = find_mentions(toks, gender_lexicon("fr"), people)
    assert [m.key for m in mentions] == ["musk", "dupont", "curie"]
    assert people.gender == {"musk": "m", "dupont": "f", "curie": "f"}
    assert given_names()["elon"] == "m"


def test_surname_shared_by_both_genders_has_no_gender() -> None:
    people = People()
    find_mentions(tokenize("Pierre Martin et Marie Martin sont venus."), gender_lexicon("fr"), people)
    assert people.gender["martin"] is None


def test_seed_article(example_article: Path) -> None:
    text = example_article.read_text(encoding="utf-8")
    report = _scan([Unit(text)], source_lang="es")
    pronouns = [f for f in report.findings if f.check == "pronoun-gender"]
    assert {f.text for f in pronouns} == {"elle"}
    assert any(text[f.start - 9 : f.end] == "Alors qu’elle" for f in pronouns)
    assert any(text[f.start : f.start + 14] == "elle a annulé " for f in pronouns)
    for quote in ("ni l’une ni l’autre", "Soit tu me donnes le contrôle, soit je m’en vais.", "selon Semafor"):
        start = text.index(quote)
        assert not [f for f in report.findings if f.start < start + len(quote) and start < f.end], quote
    assert _texts(report, "entity-translated") == ["feux de circulation"]
    subject = [f for f in report.findings if f.check == "missing-subject"]
    assert any(f.text == "a réitéré" and f.severity is Severity.MAJOR for f in subject)


def test_entity_needs_document_evidence_across_units() -> None:
    literal = Unit("Ils racontent aux feux de circulation que le projet a échoué.", id="1")
    plain = Unit("Le carrefour a de nouveaux feux de circulation.", id="2")
    named = Unit("Selon Semafor, le projet a échoué.", id="3")
    assert _texts(_scan([literal, plain]), "entity-translated") == []
    found = _scan([literal, named]).findings
    assert [(f.unit, f.text) for f in found if f.check == "entity-translated"] == [("1", "feux de circulation")]


def test_entity_literal_glued_to_the_next_word_and_name_in_another_unit() -> None:
    glued = Unit("Ils racontent aux feux de circulationquelque chose est arrivé.", id="1")
    named = Unit("Selon Semafor (le média), le projet a échoué.", id="2")
    found = _scan([glued, named]).findings
    assert [(f.unit, f.text) for f in found if f.check == "entity-translated"] == [("1", "feux de circulation")]
    unrelated = Unit("Le carrefour a de nouveaux feux, et Semafor en parle.", id="3")
    assert _texts(_scan([unrelated]), "entity-translated") == []


def test_entity_with_source() -> None:
    source = "Cuentan a Semafor que algo pasó."
    report = _scan([Unit("Ils racontent aux feux de circulation que quelque chose est arrivé.", source=source)],
                   source_lang="es")
    assert [(f.text, f.suggestion) for f in report.findings if f.check == "entity-translated"] == [
        ("feux de circulation", "Semafor")]
    kept = _scan([Unit("Ils racontent à Semafor que quelque chose est arrivé.", source=source)], source_lang="es")
    assert kept.findings == []


def test_user_do_not_translate_csv(tmp_path: Path) -> None:
    dnt = tmp_path / "dnt.csv"
    dnt.write_text("term,literal,lang\nBlue Origin,Origine Bleue,fr\n", encoding="utf-8")
    plain = tmp_path / "dnt.txt"
    plain.write_text("# names\nAcme Corp\n\n", encoding="utf-8")
    loaded = load_do_not_translate([str(dnt), str(plain)])
    assert set(loaded.terms) == {"Blue Origin", "Acme Corp"}
    report = _scan([Unit("Le lanceur d'Origine Bleue a décollé.")], do_not_translate=[str(dnt)])
    assert [(f.text, f.suggestion) for f in report.findings] == [("Origine Bleue", "Blue Origin")]


def test_entity_missing_needs_the_name_in_the_target() -> None:
    source = "Elon Musk criticó a OpenAI el mes pasado."
    missing = _scan([Unit("Il a critiqué l'entreprise le mois dernier.", source=source)], source_lang="es")
    assert [f.check for f in missing.findings] == ["entity-missing"]
    assert "Musk" in missing.findings[0].message and "OpenAI" in missing.findings[0].message


def test_entity_pack_is_strict(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('[[entities]]\nid = "x"\nname = "X"\nliteral = {}\nbad = []\ngood = []\ncolour = 1\n',
                    encoding="utf-8")
    with pytest.raises(PackError, match="colour"):
        load_entities(path)
    path.write_text('[[entities]]\nid = "x"\nname = "X"\nliteral = {}\nbad = []\ngood = []\n' * 2, encoding="utf-8")
    with pytest.raises(PackError, match="duplicate"):
        load_entities(path)


def test_every_entity_entry_has_examples() -> None:
    for entity in builtin_entities():
        assert entity.bad and entity.good, entity.id
        assert all(lang in entity.literal for lang, _ in entity.bad), entity.id


@pytest.mark.parametrize("text", [
    "Elon Musk a fondé l'entreprise. Elle a ensuite levé des fonds.",
    "Pedro Martín dirige la société. Elle emploie 300 personnes.",
    "Jean-Pierre a appelé Marie. Elle a répondu tout de suite.",
    "Paul Durand a écrit une lettre au ministre. Elle demande la fin du projet.",
    "Le président Emmanuel Macron a reçu Mme Merkel. Elle a salué son hôte.",
    "Nicolas Sarkozy est arrivé avec son épouse. Plus tard, elle a chanté.",
    "Marie Dupont a appelé son frère. Il a répondu tout de suite.",
    "Michel Barnier a négocié avec Bruxelles pendant des mois. Elle a fini par accepter.",
    "Anne Hidalgo a rencontré Emmanuel Macron. Elle lui a présenté son projet.",
    "Mme Claire Dubois est député de la Somme depuis 2017.",
])
def test_pronoun_gender_keeps_quiet_with_a_feminine_antecedent(text: str) -> None:
    assert _scan([Unit(text)]).findings == []


def test_italian_polite_lei_is_not_a_third_person() -> None:
    text = "Marco Rossi ci ha scritto ieri sera. Signore, Lei ha ragione."
    assert _scan([Unit(text)], target_lang="it").findings == []
    assert _texts(_scan([Unit("Marco Rossi ci ha scritto ieri sera. Poi lei ha chiamato.")], target_lang="it"),
                  "pronoun-gender") == ["lei"]


@pytest.mark.parametrize("text", [
    "John Smith called his doctor. She told him to rest.",
    "Tim Cook met the chancellor. She said the deal was done.",
    "Mary Jones hired a lawyer. He filed the complaint on Monday.",
])
def test_pronoun_gender_english_keeps_quiet_with_another_antecedent(text: str) -> None:
    assert _scan([Unit(text)], target_lang="en").findings == []


@pytest.mark.parametrize("lang,source,target,flagged", [
    ("fr", "She served as treasurer for many years.", "Il a été trésorier pendant des années.", "Il"),
    ("fr", "She served as treasurer for many years.", "Elle a été trésorière pendant des années.", None),
    ("de", "She dedicated much of her time to new mothers.", "Er verwendete viel seiner Zeit für Mütter.", "Er"),
    ("de", "He met them and spoke to their leader.", "Er traf sie und sprach mit ihrem Anführer.", None),
    ("de", "He said he was too tired.", "Sie sagte, sie sei zu müde.", "Sie"),
    ("de", "He said it was too late.", "Sie sagte, es sei zu spät.", None),
    ("en", "她说她很累。", "He said he was tired.", "He"),
    ("en", "他们说他很累。", "They said she was tired.", "she"),
    ("fr", "He bought a car and it broke down.", "Il a acheté une voiture et elle est tombée en panne.", None),
])
def test_pronoun_gender_against_the_source(lang: str, source: str, target: str, flagged: str | None) -> None:
    sl = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in source) else "en"
    report = _scan([Unit(target, source=source)], target_lang=lang, source_lang=sl)
    assert [f.text for f in report.findings if f.check == "pronoun-gender"] == ([flagged] if flagged else [])


def test_pronoun_gender_uses_people_from_earlier_units() -> None:
    units = [Unit("Elon Musk a quitté le conseil en 2018.", id="a"),
             Unit("Plus tard, elle a critiqué ce choix.", id="b")]
    found = _scan(units).findings
    assert [(f.unit, f.text, f.suggestion) for f in found] == [("b", "elle", "il")]


def test_source_pronoun_confirms_the_target() -> None:
    unit = Unit("John Smith said that she would resign.", source="John Smith dijo que ella dimitiría.")
    assert _scan([unit], target_lang="en", source_lang="es").findings == []


def test_english_missing_subject_and_pro_drop_severity() -> None:
    report = _scan([Unit("Would also take over custody of the fighters, the statement said.")], target_lang="en",
                   source_lang="zh")
    assert [(f.text, f.severity) for f in report.findings] == [("Would", Severity.MAJOR)]
    minor = _scan([Unit("Would also take over custody of the fighters, the statement said.")], target_lang="en",
                  source_lang="de")
    assert [f.severity for f in minor.findings] == [Severity.MINOR]


def test_checks_needing_a_parser_are_reported_as_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(requirement: str, lang: str | None) -> str:
        return "spaCy is not installed (pip install 'mtqa[nlp]')"

    monkeypatch.setattr("mtqa.run.pipeline.requirement_problem", missing)
    monkeypatch.setattr(grammar.get_analyzer(None), "available", lambda lang: False)
    monkeypatch.setattr(grammar, "unavailable_reason", lambda lang: "spaCy is not installed")
    report = _scan([Unit("Dans un podcast récent expliqué comment tout a commencé.")])
    assert report.findings == []
    assert "spaCy" in report.skipped_checks["missing-auxiliary"]
    assert "missing-subject" in report.skipped_checks
    assert "skipped_checks" in json.dumps(report.to_dict())


def test_no_parser_for_german_is_a_reason() -> None:
    reason = analysis.unavailable_reason("de")
    assert reason is not None and ("de" in reason or "spaCy" in reason)


@pytest.mark.skipif(analysis.unavailable_reason("fr") is not None, reason="needs the nlp extra")
def test_bare_participle_with_parser() -> None:
    report = _scan([Unit("Dans les médias, le propriétaire de Twitter expliqué qu'il y avait un conflit d'intérêts.")])
    assert _texts(report, "missing-auxiliary") == ["expliqué"]
    clean = _scan([Unit("Dans les médias, le propriétaire de Twitter a expliqué qu'il y avait un conflit.")])
    assert clean.findings == []


def test_parser_switched_off_by_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MTQA_NLP", "off")
    analysis.unavailable_reason.cache_clear()
    try:
        assert "MTQA_NLP=off" in (analysis.unavailable_reason("fr") or "")
        report = _scan([Unit("Dans les médias, le propriétaire de Twitter expliqué qu'il y avait un conflit.")])
        assert _texts(report, "missing-auxiliary") == []
        assert "MTQA_NLP=off" in report.skipped_checks["missing-auxiliary"]
    finally:
        monkeypatch.delenv("MTQA_NLP")
        analysis.unavailable_reason.cache_clear()


def test_pending_entity_finding_keeps_its_place_in_a_multi_line_unit() -> None:
    from mtqa.checks.entities import _Pending
    from mtqa.readers import Document

    text = "Titre\nIls racontent aux feux de circulation que le projet a échoué.\nFin."
    block = Unit(text, id="1", line=10, offset=500)
    named = Unit("Selon Semafor, le projet a échoué.", id="2", line=14, offset=900)
    checker = Checker(Config(select=["entity-translated"]))
    state = checker.new_state(Document("<t>", iter([])), None, "fr")
    found = [f for _, fs in checker.iter_document(Document("<t>", iter([block, named])), state) for f in fs]
    assert [(f.text, f.unit, f.line, f.column, f.start) for f in found] == [
        ("feux de circulation", "1", 11, text.index("feux") - text.index("\n"), 500 + text.index("feux"))]
    # While it waits for the name, the finding holds its line, not the whole (possibly huge) unit.
    fresh = checker.new_state(Document("<t>", iter([])), None, "fr")
    assert checker.check_unit(block, fresh) == []
    waiting = fresh.state_for("entity-translated", _Pending).waiting
    assert [unit.target for unit, _hit, _name in waiting] == [text.split("\n")[1]]


def test_many_pending_entity_findings_spill_to_disk_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    from mtqa.checks import entities

    units = [Unit(f"Ils racontent aux feux de circulation que le projet {i} a échoué.", id=str(i)) for i in range(7)]
    units.append(Unit("Selon Semafor, tout va bien.", id="named"))
    expected = [(f.unit, f.start) for f in _scan(units).findings if f.check == "entity-translated"]
    assert len(expected) == 7
    monkeypatch.setattr(entities, "SPILL_AFTER", 3)
    spilled = [(f.unit, f.start) for f in _scan(units).findings if f.check == "entity-translated"]
    assert spilled == expected


# --- the source's person nouns and agreement ---------------------------------------------------------

def test_a_person_noun_of_the_other_sex_than_the_source_is_a_conflict() -> None:
    from mtqa.meaning.source_gender import noun_conflicts

    assert [(text, gender, word) for _s, _e, text, gender, word in
            noun_conflicts("She visited her mother.", "en", "Elle a rendu visite à son père.", "fr")] == [
        ("père", "m", "mother")]
    # Both sexes in the target, a generic plural ("figli" = children), an English generic masculine
    # ("she is an actor"), a form both sexes share (Italian "nipote"): no conflict.
    assert noun_conflicts("Her mother and father came.", "en", "Sa mère et son père sont venus.", "fr") == []
    assert noun_conflicts("The daughter of farmers raised three children.", "en", "Ha cresciuto tre figli.", "it") == []
    assert noun_conflicts("She is an actor.", "en", "Es actriz.", "es") == []
    assert noun_conflicts("His niece came.", "en", "È venuta sua nipote.", "it") == []


def test_a_predicate_agrees_with_the_person_only_when_the_person_is_its_subject() -> None:
    from mtqa.meaning.source_gender import agreement_conflicts

    assert [text for _s, _e, text, _g in agreement_conflicts("Fue nombrado tesorero.", "es", "f")] == ["nombrado"]
    assert agreement_conflicts("Fue nombrada tesorera.", "es", "f") == []
    # Another subject ("una secuela"), a thing after "pero", an ending both sexes share ("critique").
    assert agreement_conflicts("La secuela fue cancelada.", "es", "m") == []
    assert agreement_conflicts("Se planeó una secuela, pero fue cancelada.", "es", "m") == []
    assert agreement_conflicts("Il fut très critique envers le gouvernement.", "fr", "m") == []


def test_an_unknown_person_noun_concept_is_a_pack_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from mtqa.errors import PackError
    from mtqa.meaning import source_gender

    monkeypatch.setattr(source_gender, "builtin_data",
                        lambda folder, name: {"person_nouns": {"mothr": ["mère"]}} if name == "gender"
                        else {"pairs": [["mother", "father"]]})
    source_gender.person_nouns.cache_clear()
    source_gender._concepts.cache_clear()
    try:
        with pytest.raises(PackError, match="mothr"):
            source_gender.person_nouns("xx")
    finally:
        source_gender.person_nouns.cache_clear()
        source_gender._concepts.cache_clear()
