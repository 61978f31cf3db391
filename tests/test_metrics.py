"""sacrebleu metrics on inputs whose values are computed independently here."""

from __future__ import annotations

import math

import pytest

from mtqa.scoring.metrics import corpus_scores, sentence_scores

HYP = "the cat sat on the red mat"
REF = "the cat sat on the mat"


def test_bleu_matches_hand_computed_value() -> None:
    # n-gram precisions 6/7, 4/6, 3/5, 2/4; the hypothesis is longer, so no brevity penalty.
    expected = 100 * math.exp(sum(math.log(p) for p in (6 / 7, 4 / 6, 3 / 5, 2 / 4)) / 4)
    got = corpus_scores([HYP], [REF])["bleu"]
    assert got.score == pytest.approx(expected, abs=1e-6)
    assert got.signature.startswith("nrefs:1|case:mixed|eff:no|tok:13a")


def test_ter_is_one_deletion_over_six_reference_words() -> None:
    assert corpus_scores([HYP], [REF])["ter"].score == pytest.approx(100 / 6, abs=1e-6)


def test_identical_and_disjoint_extremes() -> None:
    same = corpus_scores([REF], [REF])
    assert same["bleu"].score == pytest.approx(100.0)
    assert same["chrf++"].score == pytest.approx(100.0)
    assert same["ter"].score == pytest.approx(0.0)
    assert sentence_scores("xyz", "abc")["chrf++"] == pytest.approx(0.0)


def test_chrf_plus_plus_signature_has_word_order_two() -> None:
    assert "nw:2" in corpus_scores([HYP], [REF])["chrf++"].signature


def test_sentence_scores_of_one_sentence_equal_corpus_scores() -> None:
    corpus = corpus_scores([HYP], [REF])
    sentence = sentence_scores(HYP, REF)
    for name in ("bleu", "chrf++", "ter"):
        assert sentence[name] == pytest.approx(corpus[name].score, abs=1e-6)


def test_length_mismatch_is_an_error() -> None:
    with pytest.raises(ValueError):
        corpus_scores(["a", "b"], ["a"])
