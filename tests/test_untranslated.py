"""The untranslated check's word layer: words of a translation left in the source language."""

from __future__ import annotations

import pytest

from mtqa import Checker, Config
from mtqa.checks.source_words import find_source_words
from mtqa.model import Severity, Unit


def words(target: str, source: str | None, source_lang: str, target_lang: str = "en", **kwargs) -> list[str]:
    return [target[r.start : r.end] for r in find_source_words(target, source, target_lang, source_lang, **kwargs)]


def findings(target: str, source: str | None, source_lang: str, target_lang: str = "en",
             config: Config | None = None) -> list[tuple[str, Severity]]:
    checker = Checker(config or Config(select=["untranslated"]))
    report = checker.scan_units([Unit(target=target, source=source)], source_lang=source_lang,
                                target_lang=target_lang)
    return [(f.text, f.severity) for f in report.findings]


@pytest.mark.parametrize("target,source,lang,expected", [
    # a lower-case word that is common in the source language and rare in English
    ("We met in the biblioteca after class.", "Nos vimos en la biblioteca después de clase.", "es", ["biblioteca"]),
    # a German noun keeps its capital
    ("The wedding took place in the old Kirche of the village.",
     "Die Hochzeit fand in der alten Kirche des Dorfes statt.", "de", ["Kirche"]),
    # a common source word opening the sentence
    ("Trotzdem, the weather stayed cold.", "Trotzdem blieb das Wetter kalt.", "de", ["Trotzdem"]),
    # a short function word
    ("The meeting was cancelled, aber nobody told us.",
     "Die Sitzung wurde abgesagt, aber niemand hat es uns gesagt.", "de", ["aber"]),
    # an elided article does not hide the word
    ("They sold the house to d'autres buyers.", "Ils ont vendu la maison à d'autres acheteurs.", "fr",
     ["d'autres"]),
    # the source's script
    ("He 说 it will rain tomorrow.", "他说明天会下雨。", "zh", ["说"]),
])
def test_words_left_in_the_source_language(target: str, source: str, lang: str, expected: list[str]) -> None:
    assert words(target, source, lang) == expected


@pytest.mark.parametrize("target,source,lang", [
    # names: capitalised inside the sentence, with particles, or a name opening the sentence
    ("Ursula von der Leyen met María González in Madrid.",
     "Ursula von der Leyen se reunió con María González en Madrid.", "es"),
    ("Guillermo del Toro won the prize.", "Guillermo del Toro ganó el premio.", "es"),
    ("Havlíček said the plant would open in May.", "Havlíček řekl, že elektrárna otevře v květnu.", "cs"),
    # an acronym that is also a word of the source ("ano" is Czech for yes)
    ("The ANO party won the election.", "Hnutí ANO vyhrálo volby.", "cs"),
    # cognates and shared words
    ("The hotel has a radio in every room.", "El hotel tiene una radio en cada habitación.", "es"),
    # a word the source does not contain is not a copy
    ("We met in the biblioteca after class.", "Nos vimos en la sala después de clase.", "es"),
    # identifiers, quoted keywords, hyphenated names of tools
    ("Add the @pendiente tag to the task.", "Añade la etiqueta @pendiente a la tarea.", "es"),
    ('Filter with "biblioteca" to see them.', 'Filtra con "biblioteca" para verlos.', "es"),
    ("Use filtro:activo in the search box.", "Usa filtro:activo en la búsqueda.", "es"),
    ("Run biblioteca-sync before closing.", "Ejecuta biblioteca-sync antes de cerrar.", "es"),
    # inner capitals: a code or a brand
    ("Export it as iCalendario now.", "Expórtalo como iCalendario ahora.", "es"),
])
def test_names_codes_and_shared_words_are_not_flagged(target: str, source: str, lang: str) -> None:
    assert words(target, source, lang) == []


def test_kept_terms_and_loanwords_are_not_flagged() -> None:
    target, source = "We met in the biblioteca after class.", "Nos vimos en la biblioteca después de clase."
    assert words(target, source, "es", kept=["biblioteca"]) == []
    assert words(target, source, "es", loanwords=["biblioteca"]) == []


def test_protected_term_in_the_configuration_is_kept() -> None:
    target, source = "We met in the biblioteca after class.", "Nos vimos en la biblioteca después de clase."
    assert findings(target, source, "es") == [("biblioteca", Severity.MINOR)]
    assert findings(target, source, "es", config=Config(select=["untranslated"], protected_terms=["biblioteca"])) == []


def test_one_word_is_minor_and_a_run_is_major() -> None:
    source = "Domenica abbiamo visitato il museo della città."
    assert findings("We visited the museo della città on Sunday.", source, "it") == [
        ("museo della città", Severity.MAJOR)]
    assert findings("On Sunday we visited the museum of the città.", source, "it") == [("città", Severity.MINOR)]


def test_words_from_english_need_much_stronger_evidence() -> None:
    # Technical English kept in a French text is common and often right ("le handle", "un plugin").
    assert words("Le fichier pour le handle est introuvable.", "The file for the handle was not found.", "en",
                 target_lang="fr") == []
    assert words("Le train est unfortunately parti sans nous.", "The train has unfortunately left without us.",
                 "en", target_lang="fr") == ["unfortunately"]


def test_a_small_word_list_does_not_make_words_rare() -> None:
    # Catalan's list misses many verb forms shared with Spanish ("identifico" is Catalan too).
    assert words("Puc dir-li que m'hi identifico.", "Puedo decirle que me identifico.", "es", target_lang="ca") == []


def test_without_the_source_text_only_strong_evidence_counts() -> None:
    # With the source, a moderately rare word is enough; without it the word lists must be clear-cut.
    target = "We met in the biblioteca after class."
    assert words(target, None, "es") == []
    assert words("Todavía, nobody knows the results.", None, "es") == ["Todavía"]


def test_a_copied_label_in_capitals_is_a_copy_of_the_source() -> None:
    assert findings("SPAWN BLOCKED", "SPAWN BLOCKED", "en", target_lang="de") == [("SPAWN BLOCKED", Severity.MAJOR)]
    assert findings("SPAWN BLOCKIERT", "SPAWN BLOCKED", "en", target_lang="de") == []


def test_words_in_a_clause_of_the_wrong_language_are_left_to_that_check() -> None:
    target = "The results were published, pero nadie sabe todavía qué significan para la ciudad."
    source = "Los resultados se publicaron, pero todavía nadie sabe qué significan para la ciudad."
    both = Checker(Config(select=["untranslated", "wrong-language"]))
    report = both.scan_units([Unit(target=target, source=source)], source_lang="es", target_lang="en")
    assert "wrong-language" in {f.check for f in report.findings}
    assert not [f for f in report.findings if "left untranslated" in f.message]
    # Run alone, the check reports the words itself.
    assert findings(target, source, "es") and all(f[1] == Severity.MAJOR for f in findings(target, source, "es"))
