import pytest

from mtqa.util.langtags import LanguageTagError, is_known_language, language_from_name, language_in_path, parse_tag


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


@pytest.mark.parametrize("name", ["en-backup", "to-old-x", "fr-Abcd", "de-DE-1996", "sr@latin@x"])
def test_names_are_plain_locales_only(name):
    assert language_from_name(name) is None


def test_gettext_modifiers_name_a_script_or_are_dropped():
    assert language_from_name("sr@latin") == "sr-Latn"
    assert language_from_name("ca@valencia") == "ca"


@pytest.mark.parametrize(("path", "language", "english"), [
    ("fr.json", "fr", "en.json"),
    ("fr-CH.json", "fr-CH", "en.json"),
    ("fr_CH.json", "fr-CH", "en.json"),
    ("fr-ch.json", "fr-CH", "en.json"),
    ("pt-br.json", "pt-BR", "en.json"),
    ("zh-Hans.json", "zh-Hans", "en.json"),
    ("messages.fr.xlf", "fr", "messages.en.xlf"),
    ("app.de_AT.po", "de-AT", "app.en.po"),
    ("SonataAdminBundle.ja.xliff", "ja", "SonataAdminBundle.en.xliff"),
    ("locales/pt-BR/x.json", "pt-BR", "locales/en/x.json"),
    ("locale/fr/LC_MESSAGES/django.po", "fr", "locale/en/LC_MESSAGES/django.po"),
    ("fr.lproj/Localizable.strings", "fr", "en.lproj/Localizable.strings"),
    ("languages/plugin-slug-de_DE.po", "de-DE", "languages/plugin-slug-en.po"),
    ("translations/calibre-zh_Hans_CN.po", "zh-Hans-CN", "translations/calibre-en.po"),
    ("i18n/fr_FR.csv", "fr-FR", "i18n/en.csv"),
    ("po/sr@latin.po", "sr-Latn", "po/en.po"),
])
def test_language_in_path_and_its_sibling(path, language, english):
    found = language_in_path(path)
    assert found is not None and found.tag == language
    assert found.sibling(path, "en") == english


@pytest.mark.parametrize("path", [
    "tmp/x.json", "src/app/strings.json", "docs/how-to.json", "data/user_id.json", "en-backup.json",
    "plugin-fr.po", "README.md", "po/LC_MESSAGES/x.po",
])
def test_paths_without_a_language(path):
    assert language_in_path(path) is None
