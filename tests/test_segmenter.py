from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtqa.text.sentences import paragraphs, split_clauses, split_sentences

LANGS = ["fr", "es", "en", "de", "it", "pt"]


def texts(text: str, lang: str) -> list[str]:
    return [s.text for s in split_sentences(text, lang)]


@pytest.mark.parametrize(
    "lang,text,expected",
    [
        ("fr", "M. Dupont est arrivé. Mme Durand aussi.", ["M. Dupont est arrivé.", "Mme Durand aussi."]),
        ("fr", "Le Dr. Martin vit à Paris. Il a 3,5 enfants.", ["Le Dr. Martin vit à Paris.", "Il a 3,5 enfants."]),
        ("en", "Mr. Smith met Dr. Jones at 3.5 p.m. today. They talked.",
         ["Mr. Smith met Dr. Jones at 3.5 p.m. today.", "They talked."]),
        ("en", "J. K. Rowling wrote it. It sold well.", ["J. K. Rowling wrote it.", "It sold well."]),
        ("en", "Wait... what? Yes! Fine.", ["Wait... what?", "Yes!", "Fine."]),
        ("en", "He paused... Then he left.", ["He paused...", "Then he left."]),
        ("fr", "Il a dit « Oui. » Puis il est parti.", ["Il a dit « Oui. »", "Puis il est parti."]),
        ("en", 'She said "Stop." He stopped.', ['She said "Stop."', "He stopped."]),
        ("es", "La empresa Acme S.A. creció. El Sr. Pérez lo dijo.", ["La empresa Acme S.A. creció.",
                                                                   "El Sr. Pérez lo dijo."]),
        ("es", "¿Vienes? ¡Claro que sí! Vale.", ["¿Vienes?", "¡Claro que sí!", "Vale."]),
        ("de", "Am 3. Oktober kam er. Dann ging er z.B. nach Hause.",
         ["Am 3. Oktober kam er.", "Dann ging er z.B. nach Hause."]),
        ("it", "Il Sig. Rossi è qui. La Dott.ssa Bianchi no.", ["Il Sig. Rossi è qui.", "La Dott.ssa Bianchi no."]),
        ("pt", "O Sr. Silva chegou. A Sra. Costa também.", ["O Sr. Silva chegou.", "A Sra. Costa também."]),
        ("fr", "Titre de l'article\n\nPremier paragraphe. Second.", ["Titre de l'article", "Premier paragraphe.",
                                                                     "Second."]),
        ("fr", "Il est — comme toujours — en retard. Voilà.", ["Il est — comme toujours — en retard.", "Voilà."]),
        ("fr", "de la technologie. segment. Début 2023, tout change.",
         ["de la technologie.", "segment.", "Début 2023, tout change."]),
        ("en", "Prices rose 3.5% in 2023 etc. and fell.", ["Prices rose 3.5% in 2023 etc. and fell."]),
        # Languages without a list: a short lower-case word with a period, then lower case or a number.
        ("lt", "Patvirtinkite savo el. pašto adresą. Ačiū.", ["Patvirtinkite savo el. pašto adresą.", "Ačiū."]),
        ("da", "Kan ikke slettes pga. eksisterende ordrer. Prøv igen kl. 10.",
         ["Kan ikke slettes pga. eksisterende ordrer.", "Prøv igen kl. 10."]),
        ("de", "Die PIN braucht ca. 8 Zeichen. Danke.", ["Die PIN braucht ca. 8 Zeichen.", "Danke."]),
        ("da", "Vi lukker i dag. I morgen åbner vi.", ["Vi lukker i dag.", "I morgen åbner vi."]),
    ],
)
def test_sentence_boundaries(lang: str, text: str, expected: list[str]) -> None:
    assert texts(text, lang) == expected


def test_wrapped_lines_stay_one_sentence() -> None:
    text = "This sentence is wrapped\nacross two lines. Next one."
    assert texts(text, "en") == ["This sentence is wrapped\nacross two lines.", "Next one."]


def test_paragraphs_split_on_blank_lines() -> None:
    text = "One.\n\n  Two.\n \nThree."
    assert [p.text for p in paragraphs(text)] == ["One.", "Two.", "Three."]


def test_clauses_merge_short_pieces_and_keep_offsets() -> None:
    text = "Los motivos expuestos en esa carta —analizar bien los riesgos— son razonables, pero no: gagner du temps."
    sentence = split_sentences(text, "fr")[0]
    clauses = split_clauses(text, sentence)
    assert [c.text for c in clauses] == [
        "Los motivos expuestos en esa carta",
        "analizar bien los riesgos",
        "son razonables, pero no",
        "gagner du temps.",
    ]
    for clause in clauses:
        assert text[clause.start : clause.end] == clause.text


_PIECES = list("abc ABC.!?…,;:«»“”\"'()—–-\n\t 0123456789éÉ") + ["M.", "Dr.", "etc.", "S.A.", "3,5", "\u00a0"]
_alphabet = st.sampled_from(_PIECES)


@settings(max_examples=300, deadline=None)
@given(st.lists(_alphabet, max_size=80).map("".join), st.sampled_from(LANGS))
def test_offsets_map_back_and_cover_the_text(text: str, lang: str) -> None:
    sentences = split_sentences(text, lang)
    covered = [False] * len(text)
    previous_end = 0
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip() and sentence.text
        assert sentence.start >= previous_end
        previous_end = sentence.end
        for i in range(sentence.start, sentence.end):
            covered[i] = True
        for clause in split_clauses(text, sentence):
            assert text[clause.start : clause.end] == clause.text
            assert sentence.start <= clause.start < clause.end <= sentence.end
    for i, char in enumerate(text):
        if not char.isspace():
            assert covered[i], f"character {char!r} at {i} is in no sentence"
