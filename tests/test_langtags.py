import pytest

from mtqa.util.langtags import LanguageTagError, is_known_language, language_from_name, parse_tag


@pytest.mark.parametrize(("raw", "canonical"), [
    ("fr", "fr"), ("FR", "fr"), ("fr-ch", "fr-CH"), ("fr_CH", "fr-CH"), ("pt-br", "pt-BR"),
    ("zh-hans", "zh-Hans"), ("zh_Hans_CN", "zh-Hans-CN"), ("es-419", "es-419"), ("sr-Latn-RS", "sr-Latn-RS"),
    ("fil", "fil"), (" de-AT ", "de-AT"),
])
def test_common_spellings_are_canonicalised(raw, canonical):
    assert parse_tag(raw) == canonical


@pytest.mark.parametrize("raw", [
    "", "f", "french", "../../../../srv/x", "fr/../../x", "fr-" + "a" * 300, "fr\x1b[31m", "fr CH", "fr--CH", "1fr",
])
def test_anything_else_is_refused_with_a_short_message(raw):
    with pytest.raises(LanguageTagError) as caught:
        parse_tag(raw)
    assert len(str(caught.value)) < 120
    assert "\x1b" not in str(caught.value)


def test_non_strings_are_refused():
    with pytest.raises(LanguageTagError):
        parse_tag(5)  # type: ignore[arg-type]


@pytest.mark.parametrize(("name", "language"), [
    ("fr", "fr"), ("fr-ch", "fr-CH"), ("pt_BR", "pt-BR"), ("de-at", "de-AT"), ("es-cl", "es-CL"),
    ("zh-Hans", "zh-Hans"), ("kab", "kab"),
    ("tmp", None), ("src", None), ("app", None), ("doc", None), ("messages", None), ("i18n", None), ("xx", None),
])
def test_names_are_languages_only_when_the_code_is_real(name, language):
    assert language_from_name(name) == language


def test_known_languages():
    assert is_known_language("pt-BR") and is_known_language("yue") and not is_known_language("qqq")
