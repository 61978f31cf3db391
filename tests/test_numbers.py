"""number-mismatch across scripts and forms: digits of any script, centuries and decades, clock times,
halves and quarters, inflected number words, abbreviated scales, counters and eras."""

from __future__ import annotations

import pytest

from mtqa import Checker, Config
from mtqa.model import Unit
from mtqa.text.numeral_packs import lexicon
from mtqa.text.numerals import normalise_digits, source_values, target_numbers
from mtqa.util.datafiles import builtin_pack_dir

NUMERAL_PACKS = sorted(p.parent.name for p in builtin_pack_dir().glob("*/numerals.toml"))


def flagged(source: str, target: str, src: str, tgt: str = "en") -> list[str]:
    checker = Checker(Config(select=["number-mismatch"]))
    report = checker.scan_units([Unit(target=target, source=source)], source_lang=src, target_lang=tgt)
    return [f.text for f in report.findings]


@pytest.mark.parametrize("lang", NUMERAL_PACKS)
def test_pack_examples_of_implied_values(lang: str) -> None:
    lex = lexicon(lang)
    assert lex is not None
    for text, values in lex.source_examples:
        assert set(values) <= source_values(text, lang), (lang, text)


def test_digits_of_every_script_read_as_ascii() -> None:
    assert normalise_digits("２４－０、१९४७, ٢٠٢٠ ١٬٥٠٠") == "24-0、1947, 2020 1,500"
    assert len(normalise_digits("１，０００")) == len("１，０００")
    assert [m.readings[0][0] for m in target_numbers("１，０００人", "ja")] == [1000.0]


@pytest.mark.parametrize("source,target,src", [
    # digits of other scripts
    ("यह घटना २०२० में हुई।", "This happened in 2020.", "hi"),
    ("参加者は１，０００人を超えた。", "There were more than 1,000 participants.", "ja"),
    # centuries and decades
    ("这座教堂建于19世纪。", "The church was built in the 1800s.", "zh"),
    ("这种风格流行于19世纪50年代。", "This style was popular in the 1850s.", "zh"),
    ("Das Haus wurde in den 50ern des 19. Jahrhunderts gebaut.", "The house was built in the 1850s.", "de"),
    ("La ville a beaucoup grandi au XIXe siècle.", "The city grew a lot in the 1800s.", "fr"),
    ("Это произошло в XX веке.", "This happened in the 1900s.", "ru"),
    # clock times in words
    ("他每天早上9点半上班。", "He goes to work at 9:30 every morning.", "zh"),
    ("会議は午後3時半に始まる。", "The meeting starts at 3:30 p.m.", "ja"),
    ("Er kam um halb zehn nach Hause.", "He came home at 9:30.", "de"),
    ("Přišel v půl desáté.", "He arrived at 9:30.", "cs"),
    ("Il est arrivé à neuf heures et demie.", "He arrived at 9:30.", "fr"),
    ("Der Zug fährt um 15 Uhr ab.", "The train leaves at 3 p.m.", "de"),
    ("会议下午3点开始。", "The meeting starts at 15:00.", "zh"),
    # halves and quarters
    ("他在那里住了半年。", "He lived there for six months.", "zh"),
    ("Die Hälfte der Befragten stimmte zu.", "50% of respondents agreed.", "de"),
    ("इसमें ढाई घंटे लगे।", "It took two and a half hours.", "hi"),
    ("इसमें साढ़े तीन घंटे लगे।", "It took 3.5 hours.", "hi"),
    # inflected number words
    ("वह तीसरे स्थान पर रहा।", "He finished in third place.", "hi"),
    ("उसने पाँचवीं बार जीत हासिल की।", "He won for the fifth time.", "hi"),
    ("Vyhrál ve třetím kole.", "He won in the third round.", "cs"),
    ("Zwyciężył w piątej rundzie.", "He won in the fifth round.", "pl"),
    ("Он победил в пятом туре.", "He won in the fifth round.", "ru"),
    ("他们俩都来了。", "The two of them came.", "zh"),
    # abbreviated scales
    ("Demonstrace se zúčastnilo 100 tis. lidí.", "100,000 people took part in the demonstration.", "cs"),
    ("W protestach wzięło udział 20 tys. osób.", "20,000 people took part in the protests.", "pl"),
    ("В акции участвовали 15 тыс. человек.", "15,000 people took part in the action.", "ru"),
    # counters and eras
    ("支持率は3割に落ちた。", "The approval rating fell to 30%.", "ja"),
    ("令和2年に完成した。", "It was completed in 2020.", "ja"),
    ("这座桥建于二〇一〇年。", "The bridge was built in 2010.", "zh"),
    ("チームは3連勝した。", "The team won three games in a row.", "ja"),
])
def test_correct_translations_are_not_flagged(source: str, target: str, src: str) -> None:
    assert flagged(source, target, src) == []


@pytest.mark.parametrize("source,target,src,tgt", [
    ("Run Puppet Once", "Puppet を 1 回実行", "en", "ja"),
    ("Agenda below the Calendar (Single Column)", "カレンダーの下に予定を配置（1列）", "en", "ja"),
    ("Hide Title Colon:", "Masquer les deux-points du titre :", "en", "fr"),
    ("Active users in the last day", "Utilisateurs actifs au cours des dernières 24 heures", "en", "fr"),
    ("0 weeks ago|last week|{n} weeks ago", "il y a 0 semaines|il y a 1 semaine|il y a {n} semaines", "en", "fr"),
])
def test_number_words_of_everyday_language(source: str, target: str, src: str, tgt: str) -> None:
    assert flagged(source, target, src, tgt) == []


@pytest.mark.parametrize("source,target,src,span", [
    ("他每天早上9点半上班。", "He goes to work at 8:30 every morning.", "zh", "8"),
    ("这座教堂建于19世纪。", "The church was built in the 1700s.", "zh", "1700"),
    ("Demonstrace se zúčastnilo 100 tis. lidí.", "200,000 people took part in the demonstration.", "cs", "200,000"),
    ("令和2年に完成した。", "It was completed in 2021.", "ja", "2021"),
    ("यह घटना २०२० में हुई।", "This happened in 2021.", "hi", "2021"),
    ("Он победил в пятом туре.", "He won in the sixth round.", "ru", "sixth"),
    ("Er kam um halb zehn nach Hause.", "He came home at 8:30.", "de", "8"),
])
def test_changed_numbers_are_still_found(source: str, target: str, src: str, span: str) -> None:
    assert span in flagged(source, target, src)


def test_a_month_name_confirms_only_a_numeric_date() -> None:
    assert flagged("le 2 octobre 2020", "2/10/2020", "fr") == []
    assert flagged("le 2 octobre 2020", "on 10 October 2020", "fr") == ["10"]


def test_one_period_counts_its_parts_only_when_it_is_one() -> None:
    assert flagged("Active users in the last day", "Utilisateurs actifs ces dernières 24 heures", "en", "fr") == []
    assert flagged("All Day", "1日", "en", "ja") == ["1"]  # all day is no count of one day
