"""Source-aware checks: numbers across locales, placeholders, tags, URLs, length, consistency, terminology."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtqa.config import Config
from mtqa.errors import ConfigError
from mtqa.model import Unit
from mtqa.run.pipeline import Checker
from mtqa.text.numerals import digit_readings, lexicon, source_values, target_numbers
from mtqa.util.datafiles import builtin_pack_dir


def flagged(check: str, source: str, target: str, src: str = "en", tgt: str = "fr", **config) -> list[str]:
    checker = Checker(Config(select=[check], jobs=1, **config))
    report = checker.scan_units([Unit(target=target, source=source, id="u")], source_lang=src, target_lang=tgt)
    return [f.text for f in report.findings]


NUMERAL_PACKS = sorted(p.parent.name for p in builtin_pack_dir().glob("*/numerals.toml"))


@pytest.mark.parametrize("lang", NUMERAL_PACKS)
def test_numeral_pack_examples(lang: str) -> None:
    lex = lexicon(lang)
    assert lex is not None and lex.examples, f"packs/{lang}/numerals.toml has no examples"
    for text, values in lex.examples:
        mentions = target_numbers(text, lang)
        assert [m.readings[0][0] for m in mentions] == list(values), text
        assert set(values) <= source_values(text, lang)


def test_digit_readings_across_locales() -> None:
    assert digit_readings("1 000") [0] == (1000.0,)
    assert (3.5,) in digit_readings("3,5") and (3.5,) in digit_readings("3.5")
    assert digit_readings("12,000", decimal=".") == [(12000.0,)]
    assert (12.0,) in digit_readings("12,000", decimal=",")
    assert (1234.5,) in digit_readings("1.234,5") and (1234.5,) in digit_readings("1,234.5")


@pytest.mark.parametrize(
    "source,target,src,tgt",
    [
        ("It costs 3,5 euros and weighs 1 000 kg.", "It costs 3.5 euros and weighs 1,000 kg.", "fr", "en"),
        ("Viven 1,5 millones de personas.", "1.5 million people live there.", "es", "en"),
        ("Viven 1,5 millones de personas.", "1,5 million de personnes y vivent.", "es", "fr"),
        ("自从4月24日以来，有9.1万人死亡。", "Since April 24, 91,000 people have died.", "zh", "en"),
        ("第十次超过100人。", "The tenth time over 100.", "zh", "en"),
        ("Am ersten November in Imola.", "On November 1st in Imola.", "de", "en"),
        ("Die Feuerwehr war um 23:35 fertig.", "The fire crews were done at 11:35 pm.", "de", "en"),
        ("im 20. Jahrhundert, in den 70er Jahren", "in the 20th century, in the 1970s", "de", "en"),
        ("au XIXe siècle", "in the 19th century", "fr", "en"),
        ("COVID-19 und Sars-CoV-2 im A380", "COVID-19 and Sars-CoV-2 on the A380", "de", "en"),
        ("Die zwei Fraktionen", "The two factions", "de", "en"),
        ("three days", "trois jours", "en", "fr"),
        ("drei Tage", "3 days", "de", "en"),
        ("См. https://example.com/2/page", "See https://example.com/2/page", "ru", "en"),
    ],
)
def test_number_mismatch_clean(source: str, target: str, src: str, tgt: str) -> None:
    assert flagged("number-mismatch", source, target, src, tgt) == []


@pytest.mark.parametrize(
    "source,target,src,tgt,span",
    [
        ("Bisher 28.000 Tote.", "So far 24,000 deaths.", "de", "en", "24,000"),
        ("7月24日15时50分", "At 14:50 on July 24", "zh", "en", "14"),
        ("Die zwei Fraktionen", "The three factions", "de", "en", "three"),
        ("Cuesta 3,5 euros.", "Il coûte 4,5 euros.", "es", "fr", "4,5"),
        ("трех проститутках", "two prostitutes", "ru", "en", "two"),
    ],
)
def test_number_mismatch_flags(source: str, target: str, src: str, tgt: str, span: str) -> None:
    assert span in flagged("number-mismatch", source, target, src, tgt)


def test_number_mismatch_is_careful_without_number_words_for_the_source() -> None:
    # No numerals pack for Korean: small numbers may be spelled out in the source, big ones may not.
    assert flagged("number-mismatch", "세 사람", "three people", "ko", "en") == []
    assert flagged("number-mismatch", "세 사람", "3 people", "ko", "en") == []
    assert flagged("number-mismatch", "1500 사람", "1600 people", "ko", "en") == ["1600"]


def test_number_suggestion_when_one_number_changed() -> None:
    checker = Checker(Config(select=["number-mismatch"], jobs=1))
    report = checker.scan_units([Unit(target="Er kam 1984.", source="He came in 2017.")], source_lang="en",
                                target_lang="de")
    [finding] = report.findings
    assert finding.suggestion == "2017" and "2017" in finding.message


@pytest.mark.parametrize(
    "source,target,expected",
    [
        ("Hello %s, you have %d messages", "Bonjour %s, vous avez %d messages", []),
        ("Hello %s, you have %d messages", "Vous avez %d messages, %s", ["%d"]),
        ("%1$s has %2$d files", "%2$d fichiers pour %1$s", []),
        ("Delete %(name)s?", "Supprimer %(nom)s ?", ["%(nom)s"]),
        ("Hi {user}", "Salut {utilisateur}", ["{utilisateur}"]),
        ("Hi {{ user }}", "Salut {{user}}", []),
        ("Hi {{user}}", "Salut", ["Salut"]),
        ("{n, select, male {He} female {She} other {They}} left",
         "{n, select, male {Il} female {Elle} other {Iel}} est parti", []),
        ("{n, plural, one {# file} other {# files}}", "{num, plural, one {# fichier} other {# fichiers}}", ["{num,"]),
        ("50% off, 50 % of them", "50 % de réduction, 50 % d'entre eux", []),
        ('Click <g id="1">here</g>', 'Cliquez <g id="2">ici</g>', ['<g id="2">']),
        ("Total: ${amount}", "Total : ${montant}", ["${montant}"]),
    ],
)
def test_placeholder_mismatch(source: str, target: str, expected: list[str]) -> None:
    assert flagged("placeholder-mismatch", source, target) == expected


def test_tag_and_url_mismatch() -> None:
    assert flagged("tag-mismatch", "Press <b>OK</b>", "Appuyez sur <b>OK</b>") == []
    assert flagged("tag-mismatch", "Press <b>OK</b><br/>", "Appuyez sur <b>OK</b>") == ["Appuyez sur <b>OK</b>"]
    assert flagged("tag-mismatch", 'See <a href="x">this</a>', 'Voir <a href="y">ceci</a>') == []
    assert flagged("url-mismatch", "Go to https://example.com/en/docs.", "Allez sur https://example.com/fr/docs.") == []
    assert flagged("url-mismatch", "Go to https://example.com/docs", "Allez sur https://exemple.com/docs") == [
        "https://exemple.com/docs"]
    assert flagged("url-mismatch", "Mail help@example.com", "Écrivez à help@example.com.") == []


def test_length_ratio_is_corrected_for_the_language_pair() -> None:
    source = "The heavy rain caused seventy-one small rivers in the region to swell."
    assert flagged("length-ratio", source, "暴雨致该地区71条小河流涨水。", "en", "zh") == []
    assert flagged("length-ratio", source, "Pluie.", "en", "fr") == ["Pluie."]
    assert flagged("length-ratio", "OK", "D'accord, c'est entendu", "en", "fr") == []


def test_inconsistency_both_directions_and_per_target_language() -> None:
    units = [
        Unit(source="Save the file before closing", target="Enregistrez le fichier avant de fermer", id="a",
             line=1),
        Unit(source="Save the file before closing.", target="Enregistrez le fichier avant de fremer", id="b",
             line=2),
        Unit(source="Save the document before closing", target="Enregistrez le fichier avant de fermer", id="c",
             line=3),
        Unit(source="Save the file before closing", target="Guarda el archivo antes de cerrar", id="d", line=4,
             target_lang="es"),
        Unit(source="Open", target="Ouvrir", id="e"),
        Unit(source="Open", target="Ouvert", id="f"),
    ]
    checker = Checker(Config(select=["inconsistency"], jobs=1))
    report = checker.scan_units(units, source_lang="en", target_lang="fr")
    assert sorted((f.unit, f.line) for f in report.findings) == [("b", 2), ("c", 3)]
    by_unit = {f.unit: f for f in report.findings}
    assert "unit a" in by_unit["b"].message and by_unit["b"].suggestion == "Enregistrez le fichier avant de fermer"


def test_two_wordings_of_one_message_are_counted_in_a_note() -> None:
    units = [Unit(source="Grand Total (Incl.Tax)", target="Gesamtpreis (inkl. MwSt.)", id="890"),
             Unit(source="Grand Total (Incl.Tax)", target="Gesamtsumme (inkl. Steuern)", id="891"),
             Unit(source="Grand Total (Incl.Tax)", target="Gesamtsumme (inkl. Steuern)", id="892")]
    report = Checker(Config(select=["inconsistency"], jobs=1)).scan_units(units, source_lang="en", target_lang="de")
    assert report.findings == []
    [note] = report.notes
    assert note.startswith("2 unit(s) translate a source") and "'Gesamtpreis (inkl. MwSt.)'" in note


def test_terminology_with_csv_and_tbx_glossaries(tmp_path: Path) -> None:
    csv = tmp_path / "terms.csv"
    csv.write_text("source,target,forbidden\nfile,fichier,\npull request,demande de tirage|demande d'intégration,\n"
                   ",,courriel\n", encoding="utf-8")
    tbx = tmp_path / "terms.tbx"
    tbx.write_text(
        '<?xml version="1.0"?><tbx><text><body><termEntry id="1">'
        '<langSet xml:lang="en"><tig><term>folder</term></tig></langSet>'
        '<langSet xml:lang="fr"><tig><term>dossier</term></tig>'
        '<tig><term>répertoire</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>'
        "</langSet></termEntry></body></text></tbx>", encoding="utf-8")
    config = {"glossary": [str(csv), str(tbx)]}
    assert flagged("terminology", "Open the files", "Ouvrez les fichiers", **config) == []
    assert flagged("terminology", "Open the file", "Ouvrez le document", **config) == ["Ouvrez le document"]
    assert flagged("terminology", "Merge the pull request", "Fusionnez la demande d'intégration", **config) == []
    assert flagged("terminology", "Send an email", "Envoyez un courriel", **config) == ["courriel"]
    assert flagged("terminology", "Open the folder", "Ouvrez le répertoire", **config) == [
        "Ouvrez le répertoire", "répertoire"]
    # The TBX entry is for English to French only.
    assert flagged("terminology", "Open the folder", "Öffnen Sie den Ordner", tgt="de", **config) == []


def test_missing_glossary_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="glossary file not found"):
        flagged("terminology", "a", "b", glossary=[str(tmp_path / "nope.csv")])


def _conversion_examples() -> list[tuple[str, str, bool]]:
    from mtqa.text.numerals import conversions

    return [(unit.id, text, flag) for unit in conversions() for flag, texts in ((True, unit.bad), (False, unit.good))
            for text in texts]


@pytest.mark.parametrize("unit,text,flag", _conversion_examples())
def test_unit_conversion_examples(unit: str, text: str, flag: bool) -> None:
    source, target = (part.strip() for part in text.split("->"))
    assert bool(flagged("number-mismatch", source, target, "en", "fr")) is flag, (unit, text)
