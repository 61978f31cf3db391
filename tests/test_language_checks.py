"""The wrong-language (LG001) and untranslated (LG002) checks, end to end."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

import mtqa
from mtqa import Checker, Config
from mtqa.checks.language import load_loanwords, read_loanword_file
from mtqa.errors import PackError
from mtqa.langid.code_switch import SpanFinder
from mtqa.langid.detector import make_detector
from mtqa.model import Unit
from mtqa.util.datafiles import builtin_pack_dir

WRONG = "wrong-language"


def wrong_language(text: str, target: str, source: str | None, **config) -> list[tuple[str, str]]:
    cfg = Config(select=["LG001"], **config)
    report = mtqa.scan_text(text, target_lang=target, source_lang=source, config=cfg)
    return [(f.text, f.message) for f in report.findings]


# --- the example article -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def article_findings(example_article_path: Path):
    report = mtqa.scan_file(example_article_path, source_lang="es", target_lang="fr", config=Config())
    return example_article_path.read_text(encoding="utf-8"), report.findings


@pytest.fixture(scope="module")
def example_article_path() -> Path:
    return Path(__file__).resolve().parents[1] / "examples" / "article_es-fr.txt"


def test_article_spanish_clause_is_one_span_covering_it(article_findings) -> None:
    text, findings = article_findings
    start = text.index("Los motivos expuestos")
    end = text.index("con esa carta", start) + len("con esa carta")
    spans = [f for f in findings if f.check == WRONG]
    assert len(spans) == 1
    [finding] = spans
    assert finding.start <= start and finding.end >= end
    # it does not run into the French that follows
    assert "gagner" not in finding.text and finding.end <= text.index("gagner du temps")
    assert "Spanish" in finding.message and finding.confidence is not None and finding.confidence >= 0.9
    assert finding.code == "LG001" and finding.category == "accuracy/untranslated"
    assert finding.severity.value == "major"


@pytest.mark.parametrize("quote", [
    "Open Source", "Image: Tech Crunch, Steve Juvertson", "gagner du temps", "selon Semafor",
    "Soit tu me donnes le contrôle, soit je m’en vais.", "ni l’une ni l’autre", "Au revoir Elon, bonjour Altman.",
])
def test_article_must_not_flag(article_findings, quote: str) -> None:
    text, findings = article_findings
    start = text.index(quote)
    end = start + len(quote)
    assert not [f for f in findings if f.check == WRONG and f.start < end and start < f.end]


def test_article_findings_are_deterministic(article_findings, example_article_path: Path) -> None:
    _text, findings = article_findings
    checker = pickle.loads(pickle.dumps(Checker(Config(source_lang="es", target_lang="fr"))))
    again = mtqa.scan_file(example_article_path, source_lang="es", target_lang="fr").findings
    from mtqa.readers import read_document

    pickled = checker.scan_document(read_document(str(example_article_path)), "es", "fr").findings
    assert findings == again == pickled


# --- small hand-written cases per language pair ----------------------------------------------------

FLAGGED = [
    ("fr", "es", "Le gouvernement a présenté son plan hier, pero los sindicatos rechazaron la propuesta de inmediato.",
     "pero los sindicatos rechazaron la propuesta de inmediato"),
    ("de", "en", "Der Vertrag wurde am Montag unterzeichnet, but the details remain secret until next month.",
     "but the details remain secret until next month"),
    ("it", "pt", "Il sindaco ha annunciato nuove misure, mas os moradores continuam preocupados com a segurança.",
     "mas os moradores continuam preocupados com a segurança"),
    ("pt", "es", "O ministro falou com os jornalistas, pero no quiso responder a ninguna de sus preguntas.",
     "pero no quiso responder a ninguna de sus preguntas"),
    ("en", "fr", "The committee approved the budget, mais les députés de l'opposition ont voté contre.",
     "mais les députés de l'opposition ont voté contre"),
    ("es", "en", "El equipo ganó el partido, although the coach was not happy with the result.",
     "although the coach was not happy with the result"),
]

CLEAN = [
    ("fr", "es", "Le gouvernement a présenté son plan hier, mais les syndicats ont rejeté la proposition."),
    ("de", "en", "Das Startup hat gestern ein Update für seine Software veröffentlicht."),
    ("it", "pt", "Il sindaco ha annunciato nuove misure per la sicurezza del quartiere."),
    ("pt", "es", "O ministro falou com os jornalistas, mas não quis responder a nenhuma das perguntas."),
    ("en", "fr", "The committee approved the budget, and the opposition voted against it."),
    ("es", "en", "El equipo ganó el partido, aunque el entrenador no quedó contento con el resultado."),
    ("fr", "es", "La ministre a reçu Alejandra González Anaya et Juan Carlos Pérez à Madrid."),
    ("fr", "en", "Elle a lancé un podcast sur l'open source et le machine learning pour sa startup."),
    ("en", "fr", "Their raison d'être was never a fait accompli, he said with some joie de vivre."),
]


@pytest.mark.parametrize("target,source,text,span", FLAGGED, ids=[f"{t}<-{s}" for t, s, *_ in FLAGGED])
def test_foreign_clause_is_flagged_with_its_span(target: str, source: str, text: str, span: str) -> None:
    found = wrong_language(text, target, source)
    assert [t for t, _ in found] == [span]


@pytest.mark.parametrize("target,source,text", CLEAN, ids=[f"{t}<-{s}:{x[:20]}" for t, s, x in CLEAN])
def test_clean_text_is_not_flagged(target: str, source: str, text: str) -> None:
    assert wrong_language(text, target, source) == []


def test_two_word_phrase_is_flagged_with_lower_severity() -> None:
    text = "Les résultats du trimestre, según los datos, montrent une nette hausse des ventes."
    report = mtqa.scan_text(text, target_lang="fr", source_lang="es", config=Config(select=["LG001"]))
    assert [(f.text, f.severity.value) for f in report.findings] == [("según los datos", "minor")]


def test_short_aside_between_dashes_is_flagged() -> None:
    text = "Il a été souligné que nous ne —la cual es— pouvons pas continuer ainsi."
    report = mtqa.scan_text(text, target_lang="fr", source_lang="es", config=Config(select=["LG001"]))
    assert [f.text for f in report.findings] == ["la cual es"]
    clean = "Il a été souligné que nous ne —hélas— pouvons pas continuer ainsi (selon lui)."
    assert wrong_language(clean, "fr", "es") == []


def test_names_at_the_edge_of_a_sentence_go_with_its_foreign_rest() -> None:
    # Nothing but the sentence's start is on the names' other side, and no word there reads as Spanish.
    text = ("El viernes llegó la comitiva al puerto. Dom Pedro, Rei de Portugal, visitou a cidade em segredo e "
            "encontrou-se com os ministros.")
    assert [f[0] for f in wrong_language(text, "es", "pt")] == [text.split(". ", 1)[1].rstrip(".")]
    phrase = "Durante la gira hubo varios conciertos. In 2011, Madonna was named, según la prensa local, la mejor."
    assert [f[0] for f in wrong_language(phrase, "es", "en")] == ["In 2011, Madonna was named"]
    # A dash ends an aside: the host's words after it stay out.
    aside = "Le maire a inauguré la salle —the council has finally approved the budget— Jean Dupont, Paul Martin."
    assert [f[0] for f in wrong_language(aside, "fr", "en")] == ["the council has finally approved the budget"]


def test_three_leaning_words_in_a_row_are_a_phrase_but_not_inside_a_title() -> None:
    # English function words are common in the Finnish word list too: none leans 300 times, all 30 times.
    text = "Kokous päättyi myöhään. The issue might, sanoi ministeri, olla ratkaistu pian."
    assert [f[0] for f in wrong_language(text, "fi", "en")] == ["The issue might"]
    assert wrong_language("Sie traf den Chancellor of the Exchequer am Montag in London zu einem kurzen Gespräch.",
                          "de", "en") == []


def test_latin_text_in_another_script_must_have_the_source_languages_words() -> None:
    # Limited to {ja, en}, any Latin text reads as English; a language's own name in a table is not English.
    assert wrong_language("Polski (Prace w toku)", "ja", "en") == []
    found = wrong_language("設定: bad field in the super-block of the disk", "ja", "en")
    assert [text for text, _message in found] == ["bad field in the super-block of the disk"]


def test_a_name_the_document_keeps_as_is_is_never_a_wrong_language(tmp_path: Path) -> None:
    catalogue = tmp_path / "hu.po"
    catalogue.write_text(
        'msgid ""\nmsgstr "Language: hu\\n"\n\n'
        'msgid "Backup and Migrate"\nmsgstr "Backup and Migrate"\n\n'
        'msgid "administer backup and migrate"\nmsgstr "backup and migrate adminisztrációja"\n\n'
        'msgid "Please choose the backup file you want to restore"\n'
        'msgstr "Please choose the backup file you want to restore"\n', encoding="utf-8")
    report = mtqa.scan_file(catalogue, source_lang="en", config=Config(select=["LG001"]))
    assert [f.text for f in report.findings] == ["Please choose the backup file you want to restore"]


def test_single_word_left_in_the_source_language() -> None:
    text = "You can également seek advice from governments other than your own."
    report = mtqa.scan_text(text, target_lang="en", source_lang="fr", config=Config(select=["LG001"]))
    assert [(f.text, f.severity.value) for f in report.findings] == [("également", "minor")]
    assert wrong_language("They served pasta al dente and a fiesta followed.", "en", "es") == []


def test_open_set_mode_without_source_language() -> None:
    text = ("Le conseil municipal a voté le budget. However, the opposition party announced that it would "
            "appeal the decision in court next week.")
    found = wrong_language(text, "fr", None)
    assert len(found) == 1 and "the opposition party announced" in found[0][0] and "English" in found[0][1]
    assert wrong_language("Le conseil municipal a voté le budget de la ville pour l'année prochaine.", "fr", None) == []


def test_list_of_titles_kept_in_the_original_is_not_flagged() -> None:
    text = "Os livros da coleção: Skyscraper of the city, The three musketeers of the sea, Bomb in the coffee shop."
    assert wrong_language(text, "pt", "en") == []
    assert untranslated([("Books: Skyscraper of the city, The three musketeers of the sea, Bomb in the coffee shop.",
                          text)], target="pt", source="en") == []


def test_an_item_of_a_list_keeps_its_bracketed_gloss() -> None:
    from mtqa.langid.code_switch import title_list

    listed = "xsd-core (xml simple types), fes, filter, gml2, gml3, kml, ows."
    assert title_list(listed, 0, len(listed))
    sentence = "the council (which met yesterday), said the mayor, has approved the budget for next year"
    assert not title_list(sentence, 0, len(sentence))


def test_protected_terms_are_never_flagged() -> None:
    text = "Le service s'appelle désormais, pour tout le monde, mi cuenta de la nube personal y segura."
    assert wrong_language(text, "fr", "es") != []
    assert wrong_language(text, "fr", "es", protected_terms=["mi cuenta de la nube personal y segura"]) == []


def test_each_backend_finds_the_clause() -> None:
    text = FLAGGED[0][2]
    for backend in ("py3langid", "langdetect"):
        assert [t for t, _ in wrong_language(text, "fr", "es", lid_backend=backend)] == [FLAGGED[0][3]]


# --- the script check ------------------------------------------------------------------------------


@pytest.mark.parametrize("target,text,span", [
    ("fr", "Le rapport cite la phrase правительство приняло решение dans sa conclusion.",
     "правительство приняло решение"),
    ("en", "The sign at the entrance read 立入禁止 in large red letters.", "立入禁止"),
    ("de", "Auf dem Plakat stand مرحبا بكم في المدينة in großen Buchstaben.", "مرحبا بكم في المدينة"),
])
def test_other_script_is_flagged_without_statistics(target: str, text: str, span: str) -> None:
    found = wrong_language(text, target, None)
    assert [t for t, _ in found] == [span]
    assert "script" in found[0][1]


@pytest.mark.parametrize("target,text", [
    ("fr", "Moscou (Москва) est la capitale de la Russie."),
    ("fr", "La particule α est émise par le noyau, avec une énergie de 5 MeV."),
    ("de", "Ist das nicht der Tischler (τέκτων, tektōn)?"),
    ("ja", "東京で新しいiPhoneが発売されました。"),
    ("ru", "Компания Apple представила новый iPhone в Москве."),
    ("sr", "Влада је донела одлуку, a Beograd je reagovao istog dana."),
    ("dv", "ދިވެހިރާއްޖެ ގެ ރައީސް މިއަދު ވަނީ ބަޔާނެއް ނެރުއްވާފައި"),  # a script the table does not list
])
def test_scripts_that_belong_are_not_flagged(target: str, text: str) -> None:
    assert wrong_language(text, target, "en") == []


# --- untranslated (bitext) -------------------------------------------------------------------------


def untranslated(units: list[tuple[str, str]], target: str = "fr", source: str = "en") -> list[tuple[str, str]]:
    checker = Checker(Config(select=["LG002"]))
    report = checker.scan_units([Unit(target=t, source=s, id=str(i)) for i, (s, t) in enumerate(units)],
                                source_lang=source, target_lang=target)
    return [(f.unit or "", f.text) for f in report.findings]


def test_untranslated_copy_of_the_source() -> None:
    units = [
        ("Click here to download the latest version.", "Click here to download the latest version."),
        ("Click here to download the latest version.", "Cliquez ici pour télécharger la dernière version."),
        ("Microsoft Teams", "Microsoft Teams"),
        ("https://example.com/docs", "https://example.com/docs"),
        ("Version 2.4.1 (build 1234)", "Version 2.4.1 (build 1234)"),
        ("{count} files", "{count} files"),
        ("Open Source", "Open Source"),
    ]
    assert untranslated(units) == [("0", "Click here to download the latest version.")]


def test_untranslated_copied_span() -> None:
    source = "See the note: the system will restart automatically after the update."
    target = "Voir la note : the system will restart automatically after the update."
    assert untranslated([(source, target)]) == [("0", "the system will restart automatically after the update")]


def test_shared_words_between_close_languages_are_not_a_copy() -> None:
    # Spanish and Portuguese share many written forms; a real translation is not a copy.
    source = "La casa de la cultura abre el sábado a las diez."
    target = "A casa da cultura abre no sábado às dez."
    assert untranslated([(source, target)], target="pt", source="es") == []


def test_untranslated_via_bitext_file(tmp_path: Path) -> None:
    path = tmp_path / "pairs.tsv"
    path.write_text("source\ttarget\nThe invoice has been sent to your account.\tThe invoice has been sent to "
                    "your account.\nGood morning\tBonjour\n", encoding="utf-8")
    report = mtqa.scan_file(path, source_lang="en", target_lang="fr", config=Config(select=["LG002"]))
    assert [(f.check, f.unit, f.line) for f in report.findings] == [("untranslated", "2", 2)]


# --- loanword packs -------------------------------------------------------------------------------


def test_loanword_packs_exist_and_every_good_example_stays_clean() -> None:
    packs = load_loanwords()
    assert {"fr", "es", "it", "pt", "de", "en"} <= set(packs)
    finder = SpanFinder(make_detector("py3langid"), loanwords=packs)
    for path in sorted(builtin_pack_dir().glob("*/loanwords.toml")):
        lang = path.parent.name
        entries = read_loanword_file(str(path))
        assert len(entries) >= 30, lang
        source = "fr" if lang == "en" else "en"
        for entry in entries:
            good = str(entry["good"])
            masked = finder.masked(good, lang)
            assert any(term.lower() not in masked.lower() for term in entry["terms"]), entry["id"]  # type: ignore[union-attr]
            assert finder.find(good, lang, source) == [], (lang, entry["id"])


def test_loanword_pack_errors_name_the_file_and_entry(tmp_path: Path) -> None:
    path = tmp_path / "loanwords.toml"
    path.write_text('[[loanword]]\nid = "x"\nterms = ["startup"]\ngood = "Une startup."\nbad = "?"\n',
                    encoding="utf-8")
    with pytest.raises(PackError, match=r"loanwords.toml \[x\].*unknown key"):
        read_loanword_file(str(path))
    path.write_text('[[loanword]]\nid = "x"\nterms = ["startup"]\ngood = "Une startup."\n' * 2, encoding="utf-8")
    with pytest.raises(PackError, match="duplicate id"):
        read_loanword_file(str(path))
    path.write_text('[[loanword]]\nid = "x"\nterms = ["startup"]\ngood = "Une entreprise."\n', encoding="utf-8")
    with pytest.raises(PackError, match="uses none of the terms"):
        read_loanword_file(str(path))
