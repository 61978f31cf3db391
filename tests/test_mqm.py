"""MQM-style score arithmetic."""

from __future__ import annotations

import pytest

from mtqa.model import Finding, Severity
from mtqa.scoring.mqm import category_weight, count_words, mqm_score


def finding(severity: str, category: str = "accuracy/mistranslation") -> Finding:
    return Finding("XX001", "x", category, Severity(severity), 0, 1, 1, 1, None, "x", "m")


def test_default_penalties_per_thousand_words() -> None:
    found = [finding("minor"), finding("minor"), finding("major"), finding("critical"), finding("neutral")]
    score = mqm_score(found, 500)
    assert score.points == 32  # 1 + 1 + 5 + 25 + 0
    assert score.penalty == pytest.approx(64.0)  # per 1,000 words
    assert score.quality == pytest.approx(36.0)


def test_custom_penalties_and_category_weights() -> None:
    found = [finding("major", "accuracy/untranslated"), finding("major", "fluency/punctuation")]
    score = mqm_score(found, 1000, penalties={"major": 10}, category_weights={"accuracy": 2, "fluency": 0.5})
    assert score.points == pytest.approx(25.0)  # 10 * 2 + 10 * 0.5
    assert score.quality == pytest.approx(75.0)


def test_longest_category_prefix_wins() -> None:
    weights = {"accuracy": 2.0, "accuracy/untranslated": 3.0}
    assert category_weight("accuracy/untranslated", weights) == 3.0
    assert category_weight("accuracy/mistranslation", weights) == 2.0
    assert category_weight("accuracyx", weights) == 1.0
    assert category_weight("style", weights) == 1.0


def test_no_words_no_penalty() -> None:
    assert mqm_score([], 0).quality == 100.0


def test_count_words() -> None:
    assert count_words("L'homme est arrivé, well-known 42 fois.") == 6
    assert count_words("日本語です") == 5
