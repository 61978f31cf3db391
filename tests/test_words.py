"""Words keep their combining marks: Devanagari, Bengali and Tamil vowel signs and viramas, Thai vowels
and tone marks are inside words, in every place that cuts text into words."""

from __future__ import annotations

import pytest

from mtqa.checks.consistency import _words
from mtqa.config import Config
from mtqa.glossary import term_pattern
from mtqa.meaning.entities import word_pattern
from mtqa.model import Unit
from mtqa.run.pipeline import Checker
from mtqa.scoring.mqm import count_words
from mtqa.text.sentences import split_sentences
from mtqa.text.words import LETTER_RUN, has_marks

WORDS = [
    ("साइन इन करें", ["साइन", "इन", "करें"]),  # Hindi: vowel signs and anusvara
    ("লগ ইন করুন", ["লগ", "ইন", "করুন"]),  # Bengali
    ("உள்நுழைய வேண்டும்", ["உள்நுழைய", "வேண்டும்"]),  # Tamil: viramas
    ("ชื่อผู้ใช้หรือ อีเมล", ["ชื่อผู้ใช้หรือ", "อีเมล"]),  # Thai: no spaces between words, runs are phrases
    ("café naïve", ["café", "naïve"]),
]


@pytest.mark.parametrize("text,words", WORDS)
def test_every_tokeniser_keeps_marks_inside_words(text: str, words: list[str]) -> None:
    assert LETTER_RUN.findall(text) == words
    assert split_sentences(text)[0].words == words
    assert _words(text) == [w.casefold() for w in words]
    if not text.startswith("ช"):  # MQM counts the characters of scripts without word spaces
        assert count_words(text) == len(words)


def test_has_marks() -> None:
    assert has_marks("साइन") and has_marks("e\u0301") and not has_marks("café") and not has_marks("plain")


def test_a_name_is_not_found_inside_a_longer_word_of_its_script() -> None:
    assert word_pattern("राम", True).findall("रामायण में राम आए") == ["राम"]
    assert term_pattern("इन").findall("साइन इन") == ["इन"]


@pytest.mark.parametrize("text,lang,flagged", [
    ("लाइव स्ट्रीमिंग के लिए साइन इन करें", "hi", []),
    ("कृपया फिर से साइन इन इन करें", "hi", ["इन इन"]),
    ("ชื่อผู้ใช้หรือ อีเมล", "th", []),
    ("อีเมล อีเมล", "th", ["อีเมล อีเมล"]),
    ("আবার চেষ্টা করুন করুন", "bn", ["করুন করুন"]),
])
def test_repeated_word_compares_whole_words(text: str, lang: str, flagged: list[str]) -> None:
    checker = Checker(Config(select=["repeated-word"], jobs=1))
    found = checker.scan_units([Unit(target=text, id="u")], source_lang="en", target_lang=lang).findings
    assert [f.text for f in found] == flagged
