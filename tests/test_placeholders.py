"""Placeholder grammars per ecosystem, as data (`tests/data/precision/placeholders.toml`), and the
full-width ％ that corrupts a placeholder even where the source is a message key."""

from __future__ import annotations

import pytest
from case_helpers import assert_case, cases

from mtqa.config import Config
from mtqa.model import Unit
from mtqa.run.pipeline import Checker
from mtqa.text.placeholders import PRINTF, QT, STRFTIME, SYMFONY, is_date_format, syntax_for

CASES = cases("placeholders")


def findings(source: str, target: str, lang: str = "fr", flags: tuple[str, ...] = ()) -> list:
    checker = Checker(Config(select=["placeholder-mismatch"], jobs=1))
    unit = Unit(target=target, source=source, id="u", flags=flags)
    return checker.scan_units([unit], source_lang="en", target_lang=lang).findings


@pytest.mark.parametrize("case", CASES, ids=[f"{i}-{c['grammar']}" for i, c in enumerate(CASES)])
def test_placeholder_case(case: dict) -> None:
    found = findings(case["source"], case["target"], case.get("target_lang", "fr"), tuple(case.get("flags", ())))
    assert_case(found, case)


def test_every_case_is_one_or_the_other() -> None:
    assert all(("clean" in c) != ("flagged" in c) for c in CASES)


@pytest.mark.parametrize(
    "source,flags,expected",
    [
        ("Delete %s?", (), {PRINTF}),
        ("100% sure", (), set()),
        ("Welcome", ("c-format",), {PRINTF}),
        ("%1 of %2", (), {QT}),
        ("Page %page% of %pages%", (), {SYMFONY}),
        ("%d-%m-%Y", ("python-format",), {STRFTIME}),
        ("%lu items", (), {PRINTF}),
        ("%s files", ("no-c-format",), set()),
    ],
)
def test_syntax_from_flags_and_source(source: str, flags: tuple[str, ...], expected: set[str]) -> None:
    assert set(syntax_for(source, flags)) == expected


def test_date_formats_are_told_from_printf() -> None:
    assert is_date_format("%d-%m-%Y %H:%M:%S")
    assert not is_date_format("%lu of %d")
    assert not is_date_format("%1$s %Y")


def test_full_width_placeholders_in_a_key_sourced_unit() -> None:
    target = ("別のユーザーがアイテム \"％name％\" を変更しました。 "
              "％link_start％ここをクリック％link_end％ して再読み込み。")
    found = findings("flash_lock_error", target, "ja")
    assert [f.text for f in found] == ["％name％"]
    assert "％link_start％" in found[0].message


def test_percent_signs_in_cjk_prose_are_not_placeholders() -> None:
    assert findings("flash_batch_empty", "進捗は５０％です。", "ja") == []
