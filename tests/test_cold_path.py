"""Speed-ups of the cold path that must not change a single answer."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from mtqa.checks.entities import _all_literal_spans
from mtqa.meaning.entities import Entity, word_pattern


def _reference(phrase: str, ignore_case: bool, glued_end: bool) -> re.Pattern[str]:
    """word_pattern as first written: the lookbehind before the phrase."""
    body = r"\s+".join(re.escape(part) for part in phrase.split())
    end = "" if glued_end else r"(?![^\W_])"
    return re.compile(rf"(?<![^\W_]){body}{end}", re.IGNORECASE if ignore_case else 0)


_ALPHABET = "aAbBéÉ_1 \n-'.ßİ"


@settings(max_examples=300, deadline=None)
@given(phrase=st.text(_ALPHABET, min_size=1, max_size=6).filter(str.strip), text=st.text(_ALPHABET, max_size=40),
       ignore_case=st.booleans(), glued_end=st.booleans())
def test_word_pattern_finds_what_the_reference_finds(phrase: str, text: str, ignore_case: bool,
                                                     glued_end: bool) -> None:
    ours = [m.span() for m in word_pattern(phrase, ignore_case, glued_end).finditer(text)]
    theirs = [m.span() for m in _reference(phrase, ignore_case, glued_end).finditer(text)]
    assert ours == theirs


def test_capitalised_literal_after_spaces_and_sentence_ends() -> None:
    entity = Entity(id="t", name="Semafor", case="capitalised", literal={"fr": ("Feux de Circulation",)})
    text = "Selon Feux de Circulation, rien. \n  Feux de Circulation a dit. Et les feux de circulation."
    assert list(_all_literal_spans(text, entity, "fr")) == [(6, 25)]
