"""Precision on real-looking localisation strings, as data in `tests/data/precision/`: markup and links
compared as what they are (HTML, Pango and i18next numbered tags are markup, a lone `<file>` is text; one
finding per unit lists what differs), punctuation kept out of syntax, names that are ordinary words,
and length ratios judged against the file's own units."""

from __future__ import annotations

import pytest
from case_helpers import assert_case, cases

from mtqa.config import Config
from mtqa.model import Unit
from mtqa.run.pipeline import Checker
from mtqa.text.markup import markup_names, protected_spans, tags

CASES = cases("markup")


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_markup_case(case: dict) -> None:
    checker = Checker(Config(select=[case["check"]], jobs=1))
    unit = Unit(target=case["target"], source=case["source"], id="u")
    found = checker.scan_units([unit], source_lang="en", target_lang=case.get("target_lang", "fr")).findings
    assert_case(found, case)


def test_markup_names_need_evidence() -> None:
    assert markup_names("help <command>") == frozenset()
    assert markup_names("<b>bold</b> and <file>") == {"b"}
    assert markup_names("<foo>x</foo>") == {"foo"}
    assert markup_names('<widget id="3">') == {"widget"}
    assert [t.key for t in tags("<1>Banned:</1>")] == ["<1>", "</1>"]


@pytest.mark.parametrize(
    "text,inside",
    [
        ("Enregistrer &raquo;", ";"),
        ("Utilisez [[:space:]] pour les espaces", ":"),
        ("Écrivez à mailto:aide@example.org", ":"),
        ('<span style="color:#ff0000;">rouge</span>', ";"),
        ("{VAR_SELECT, select, isObserving: {Voir} other {Recharger}}", ":"),
        ("Lancez `mtqa scan:all` maintenant", ":"),
    ],
)
def test_protected_spans_cover_code(text: str, inside: str) -> None:
    at = text.index(inside)
    assert any(s <= at < e for s, e in protected_spans(text))


PUNCTUATION = cases("punctuation")


@pytest.mark.parametrize("case", PUNCTUATION, ids=[c["name"] for c in PUNCTUATION])
def test_punctuation_stays_out_of_syntax(case: dict) -> None:
    checker = Checker(Config(select=["punctuation-spacing"], jobs=1))
    unit = Unit(target=case["target"], source=case.get("source"), id="u")
    found = checker.scan_units([unit], source_lang="en", target_lang=case["target_lang"]).findings
    assert len(found) == (0 if case.get("clean") else case["flagged"]), [(f.text, f.message) for f in found]


ENTITIES = cases("entities")


@pytest.mark.parametrize("case", ENTITIES, ids=[c["name"] for c in ENTITIES])
def test_entity_missing_on_ui_strings(case: dict) -> None:
    checker = Checker(Config(select=["entity-missing"], jobs=1))
    earlier = [Unit(target=target, source=source, id=f"earlier-{i}") for i, (source, target)
               in enumerate(case.get("earlier", ()))]
    later = [Unit(target=target, source=source, id=f"later-{i}") for i, (source, target)
             in enumerate(case.get("later", ()))]
    unit = Unit(target=case["target"], source=case["source"], id=case["source"])
    found = checker.scan_units([*earlier, unit, *later], source_lang="en", target_lang=case["target_lang"]).findings
    assert [f.unit for f in found] == ([] if case.get("clean") else [case["source"]]), [f.message for f in found]


def _lengths(pairs: list[tuple[str, str]], tgt: str) -> list[str]:
    checker = Checker(Config(select=["length-ratio"], jobs=1))
    units = [Unit(target=t, source=s, id=str(i)) for i, (s, t) in enumerate(pairs)]
    return [f.unit for f in checker.scan_units(units, source_lang="en", target_lang=tgt).findings]


UI_JA = [
    ("Settings", "設定"), ("Cancel", "キャンセル"), ("Delete this post?", "この投稿を削除しますか？"),
    ("Followers", "フォロワー"), ("No results found", "結果が見つかりませんでした"),
    ("Block account", "アカウントをブロック"), ("Mute conversation", "会話をミュート"),
    ("Copy link to post", "投稿へのリンクをコピー"), ("Open in browser", "ブラウザで開く"),
    ("Load more", "さらに読み込む"), ("Sign in", "サインイン"), ("Profile", "プロフィール"),
    ("Show replies", "返信を表示"), ("Hide replies", "返信を非表示"), ("Edit profile", "プロフィールを編集"),
    ("Notifications", "通知"), ("Bookmarks", "ブックマーク"), ("Favourites", "お気に入り"),
    ("Language", "言語"), ("Search", "検索"), ("Home", "ホーム"), ("Explore", "探索"),
    ("After", "次の時刻よりも後に開始"),  # a filter label spelled out: Japanese UI text grows
    ("Are you sure you want to block {0}? This will block all users on this domain and permanently remove "
     "follows and followers.", "{0}さんを本当にブロックしますか？"),  # the domain warning is gone
]


def test_length_is_judged_against_the_file() -> None:
    assert _lengths(UI_JA, "ja") == [str(len(UI_JA) - 1)]


def test_length_of_plural_forms_and_glosses() -> None:
    pairs = [("{0} votes|{0} vote|{0} votes", "{0} 票"), ("NSFW", "Pas sûr pour le travail (NSFW)"),
             ("SEO friendly.", "Compatible avec SEO (optimisation pour les moteurs de recherche).")]
    assert _lengths(pairs[:1], "ja") == []
    assert _lengths(pairs[1:], "fr") == []


CONSISTENCY = cases("inconsistency")


@pytest.mark.parametrize("case", CONSISTENCY, ids=[c["name"] for c in CONSISTENCY])
def test_inconsistency_across_units(case: dict) -> None:
    checker = Checker(Config(select=["inconsistency"], jobs=1))
    units = [Unit(target=target, source=source, id=ident) for ident, source, target in case["units"]]
    found = checker.scan_units(units, source_lang="en", target_lang=case["target_lang"]).findings
    assert [f.unit for f in found] == case["flagged"], [f.message for f in found]


UNTRANSLATED = cases("untranslated")


@pytest.mark.parametrize("case", UNTRANSLATED, ids=[c["name"] for c in UNTRANSLATED])
def test_untranslated_on_catalogue_entries(case: dict) -> None:
    checker = Checker(Config(select=["untranslated"], jobs=1))
    unit = Unit(target=case["target"], source=case["source"], id="u")
    found = checker.scan_units([unit], source_lang="en", target_lang=case["target_lang"]).findings
    assert_case(found, case)
