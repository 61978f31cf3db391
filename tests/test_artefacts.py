"""glued-words, casing and fragment on real-looking text, and the example article's artefacts."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtqa.api import scan_file, scan_text
from mtqa.checks.artefacts import JoinedNames, _name_pairs
from mtqa.config import Config


def found(text: str, lang: str = "fr", check: str | None = None, source: str | None = None) -> list[tuple[str, str]]:
    config = Config(select=[check] if check else ["FL002", "FL003", "FL004"])
    report = scan_text(text, source=source, target_lang=lang, config=config)
    return [(f.check, f.text) for f in report.findings]


# --- glued-words -----------------------------------------------------------------------------------

def test_glued_words_are_found_with_the_split_as_suggestion() -> None:
    report = scan_text("Ensuite, ils comptent aux feux de circulationquelque chose est arrivé.", target_lang="fr",
                       config=Config(select=["glued-words"]))
    [finding] = report.findings
    assert (finding.text, finding.suggestion, finding.severity.value) == ("circulationquelque", "circulation quelque",
                                                                        "major")
    assert finding.category == "fluency/spelling"


@pytest.mark.parametrize("text", [
    "Altman dirigeait l'incubateur YCombinator.",     # a brand
    "Google réalisait des progrès avec DeepMind.",     # CamelCase
    "Voir https://exemple.fr/circulationquelque pour les détails.",  # a URL
    "Écrivez à circulationquelque@exemple.fr.",       # an address
    "Suivez #circulationquelque sur les réseaux.",    # a hashtag
    "Le cyberharcèlement inquiète les parents.",      # a known compound
    "Une réforme anticonstitutionnelle.",              # a known long word
])
def test_glued_words_leaves_names_urls_and_real_words_alone(text: str) -> None:
    assert found(text, check="glued-words") == []


def test_compounds_are_not_glued_words_in_compounding_languages() -> None:
    assert found("Die Donaudampfschifffahrtsgesellschaft fährt.", "de", "glued-words") == []
    assert found("Das Gerät ist wasserdicht und die zu installierenden Teile sind umweltfreundlich.", "de",
                 "glued-words") == []
    assert found("Het is een fietsenstallingbeheerder.", "nl", "glued-words") == []
    # An article glued to the next word never makes a compound.
    assert found("Die Regierung plant unddie Opposition protestiert.", "de", "glued-words") == [
        ("glued-words", "unddie")]


@pytest.mark.parametrize("text, lang, span", [
    ("Le rapport décrit desproblèmes de transport.", "fr", "desproblèmes"),  # a short function word
    ("The report was late andthe budget was cut.", "en", "andthe"),           # a listed typo
    ("Public trust shapes politicaldiscourse today.", "en", "politicaldiscourse"),
    ("Estas sonlas playas más bonitas.", "es", "sonlas"),                     # "las" after a finite verb
    ("La réforme introduiraitdes règles nouvelles.", "fr", "introduiraitdes"),  # a rare verb form, "des"
])
def test_glued_function_words_and_listed_typos(text: str, lang: str, span: str) -> None:
    assert found(text, lang, "glued-words") == [("glued-words", span)]


@pytest.mark.parametrize("text, lang, source", [
    ("Quiso cortarlos y se fue dándoselas.", "es", None),                       # enclitic pronouns
    ("The stagehands moved the couch.", "en", None),                           # a closed compound
    ("Ce champ doit être de type date ou datetime.", "fr", None),              # an English name from code
    ("seriesindex: %(seriesindex)s no es un número", "es", "Seriesindex: %(seriesindex)s is not a number"),
    ("Ms noticias relacionadas conempleo, educacin y becas.", "es", None),     # text with lost accents
    ("Lo ms visto de la semana: entrevistas conartistas locales.", "es", None), # "ms" is "más" damaged
])
def test_enclitics_compounds_code_names_and_damaged_text_are_not_glued(text: str, lang: str,
                                                                        source: str | None) -> None:
    assert found(text, lang, "glued-words", source=source) == []


def test_damage_is_told_by_a_listed_word_far_rarer_than_its_accented_form() -> None:
    assert found("Lo más visto de la semana: entrevistas conartistas locales.", "es", "glued-words") == [
        ("glued-words", "conartistas")]


def test_in_damaged_text_only_a_preposition_glued_to_the_next_word_is_the_page_s() -> None:
    # A link after "con" is joined by the page; other words glued in the same text are still slips.
    assert found("Lo ms visto de la semana: dosentrevistas con artistas.", "es", "glued-words") == [
        ("glued-words", "dosentrevistas")]
    assert found("Lo ms importante es hablarcon los vecinos.", "es", "glued-words") == [
        ("glued-words", "hablarcon")]


def test_two_long_rare_words_glued_are_found() -> None:
    # Both parts of 6+ letters: a rare word seldom splits so by chance, so a rarer pair is enough.
    assert found("Les barrageshydrauliques de la vallée ont cédé.", "fr", "glued-words") == [
        ("glued-words", "barrageshydrauliques")]


def test_a_word_one_letter_from_a_frequent_word_is_a_typo_not_a_glue() -> None:
    # "jemandé" splits as "je|mandé", but "demandé" with one letter changed explains it far better.
    assert found("Il a jemandé une augmentation à son patron.", "fr", "glued-words") == []


def test_a_very_long_word_is_not_split() -> None:
    from mtqa.checks.artefacts import MAX_GLUED, _shared_lexicon, best_split, glued_settings

    settings = glued_settings("fr")
    assert settings is not None
    lex = _shared_lexicon("fr")
    assert best_split("lesinstallations", lex, settings) == ("les", "installations")
    assert best_split("les" + "installations" * 4, lex, settings) is None  # over MAX_GLUED letters
    assert len("les" + "installations" * 4) > MAX_GLUED
    assert found("x " + "a" * 400_000 + " y", "fr", "glued-words") == []


def test_glued_words_in_spanish_and_english() -> None:
    assert found("El presidente del gobiernoanunció nuevas medidas.", "es", "glued-words") == [
        ("glued-words", "gobiernoanunció")]
    assert found("They approved the budgetyesterday.", "en", "glued-words") == [("glued-words", "budgetyesterday")]


def test_a_user_name_next_to_its_name_is_not_glued() -> None:
    assert found("Publicado por Paco Cardenal pacocardenal hace dos días.", "es", "glued-words") == []


@pytest.mark.parametrize("prefix", ["", "İ "])  # "İ" lengthens the text in lower case: every pair is read
def test_joined_names_answer_as_reading_every_word_pair(prefix: str) -> None:
    text = prefix + "Publié par Paco\u00a0 Cardenal, puis par marie Curie et par la cotisation. " * 3
    names = JoinedNames(text)
    asked = ["pacocardenal", "mariecurie", "lacotisation", "parpaco", "cardenalpuis", "puispar", "curieet",
             "coti", "paco", "pacocarden", "etpar", "publiépar", "parmarie", "cardenal"]
    assert [word for word in asked if word in names] == [
        word for word in asked if word in _name_pairs(text)] == ["pacocardenal", "mariecurie", "parpaco", "curieet",
                                                                 "publiépar"]


# --- casing ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, span", [
    ("Premier retrait L’accès d’OpenAI à la base de données.", "L’"),
    ("Plus tard Elle s’est plainte de sa recherche du profit.", "Elle"),
    ("Le bénéfice était limité – ce qui était notable – Mais Altman a pris une décision.", "Mais"),
])
def test_capitals_in_mid_sentence(text: str, span: str) -> None:
    assert found(text, check="casing") == [("casing", span)]


@pytest.mark.parametrize("text, lang", [
    ("Il habite à La Rochelle depuis 2010.", "fr"),                # a place name
    ("Elle a lu Le Petit Prince deux fois.", "fr"),                 # a title
    ("Elle a mis cinq ans à terminer L'énigme Vermeer.", "fr"),     # a title with an elided article
    ("Il a acheté un iPhone et vendu sur eBay.", "fr"),             # brand forms
    ("Können Sie mir sagen, wann Sie kommen?", "de"),              # polite capitals
    ("Vorrei chiederLe se Lei è d'accordo.", "it"),
    ("She writes for The Guardian and the BBC.", "en"),
    ("Il a dit : « Elle viendra demain. »", "fr"),                  # a quote
    ("Ma, dice lui, Come stai?", "it"),                             # after a comma, not flagged
])
def test_names_titles_brands_and_quotes_are_not_casing_errors(text: str, lang: str) -> None:
    assert found(text, lang, "casing") == []


def test_a_line_of_headlines_opens_its_segments_with_capitals() -> None:
    assert found("Una mostra apre in centro e presenta Una collezione privata.", "it", "casing") == [
        ("casing", "Una")]
    # A separator between words, a capital after it: the line runs headlines together.
    assert found("Le ultime notizie / Una mostra apre in centro e presenta Una collezione privata.", "it",
                 "casing") == []


def test_an_article_after_a_preposition_in_text_that_lost_its_accents_opens_a_title() -> None:
    assert found("Después ganó un premio con El jardín secreto.", "es", "casing") == [("casing", "El")]
    assert found("Despus gan un premio con El jardn secreto.", "es", "casing") == []


def test_a_capital_the_source_runs_in_too_is_the_source_s() -> None:
    target = "Une barre unique en granit Dans le grand restaurant, la barre est au centre."
    assert found(target, check="casing") == [("casing", "Dans")]
    run_in = "A unique bar in granite In the large restaurant, the bar is at the centre."
    report = scan_text(target, source=run_in, source_lang="en", target_lang="fr", config=Config(select=["casing"]))
    assert report.findings == []
    two_sentences = "A unique bar in granite. In the large restaurant, the bar is at the centre."
    report = scan_text(target, source=two_sentences, source_lang="en", target_lang="fr",
                       config=Config(select=["casing"]))
    assert [f.text for f in report.findings] == ["Dans"]


def test_a_paragraph_that_opens_in_lower_case() -> None:
    text = "Musk attaque OpenAI.\n\nla critique d’Elon Musk n’a pas grand-chose à voir avec cela."
    assert found(text, check="casing") == [("casing", "la")]


def test_lower_case_after_a_list_lead_in_or_within_a_paragraph_is_not_flagged() -> None:
    assert found("Ingrédients :\n- farine\n- sucre", check="casing") == []
    assert found("La boîte pèse 3 kg env. puis elle est expédiée.", check="casing") == []
    assert found("il pleut.\n\nil neige.", check="casing") == []  # a text that never capitalises


# --- fragment --------------------------------------------------------------------------------------

def test_a_stray_fragment_between_sentences() -> None:
    text = "OpenAI est l’une des entreprises les plus prometteuses. segment. Début 2023, tout a changé."
    assert found(text, check="fragment") == [("fragment", "segment.")]


@pytest.mark.parametrize("text", [
    "Microsoft entre en scène. Moins de six mois plus tard, tout change.",
    "Au revoir Elon, bonjour Altman. Cette rupture a poussé Musk à partir.",
    "Sommaire\n\nintroduction.\n\nLe texte commence ici.",       # a heading on its own line
    "En l'an 70 e. c. les Romains détruisent le temple.",         # abbreviations
])
def test_short_sentences_headings_and_abbreviations_are_not_fragments(text: str) -> None:
    assert found(text, check="fragment") == []


# --- the example article ---------------------------------------------------------------------------

def test_the_example_article(example_article: Path) -> None:
    report = scan_file(example_article, source_lang="es", target_lang="fr", config=Config())
    by_check = {(f.check, f.text) for f in report.findings}
    for expected in [
        ("glued-words", "circulationquelque"),
        ("casing", "L’"),
        ("casing", "Elle"),
        ("casing", "Mais"),
        ("number-calque", "1 000 millions"),
        ("number-calque", "30 000 millions"),
        ("fragment", "segment."),
        ("fragment", "erreur stratégique."),
    ]:
        assert expected in by_check, expected
    flagged = " ".join(f.text for f in report.findings if f.check in {"glued-words", "casing", "number-calque"})
    for clean in ("YCombinator", "DeepMind", "1 milliard", "100 millions"):
        assert clean not in flagged


def test_the_lexicon_reads_the_same_frequencies_as_wordfreq() -> None:
    from mtqa.langid.lexicon import _read_cbpack, _wordfreq_zipf

    direct, reference = _read_cbpack("fr"), _wordfreq_zipf("fr")
    assert direct is not None and reference is not None and direct.keys() == reference.keys()
    for word in ("circulation", "quelque", "de", "harcèlement"):
        assert abs(direct[word] - reference[word]) < 1e-9
    assert "circulationquelque" not in direct


def test_a_dash_opening_a_line_of_dialogue_is_not_mid_sentence() -> None:
    assert found("Il hésita, puis dit doucement\n– Mais non, voyons.", check="casing") == []


def test_lower_case_sentence_in_capitalised_prose() -> None:
    text = ("Les ventes ont chuté de trois pour cent en avril. puis la production a repris en juin. "
            "Le marché a suivi. Les prix sont stables.")
    assert found(text, check="casing") == [("casing", "puis")]
    # A listing that does not capitalise its sentences is left alone.
    assert found("Boîte de 40 cm. impression sur une face. fourni avec support.", check="casing") == []
