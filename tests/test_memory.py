"""Memory stays flat on long inputs: caches keyed by text hold few long texts."""

from __future__ import annotations


def test_markup_caches_hold_few_long_texts() -> None:
    # A cached result keeps its text alive: long plain-text blocks must not pile up in the caches.
    from mtqa import markup

    block = "Voir https://example.com/fr/page et %s ou {name}. " * 100
    for i in range(40):
        text = f"{i} {block}"
        assert [t.key for t in markup.placeholders(text)][:2] == ["%s", "{name}"]
        assert markup.urls(text)[0].key == "example.com/*/page"
        assert markup.tags(text + "<b>")[-1].key == "<b>"
    for func in (markup._placeholders, markup._tags, markup._urls):
        short, long = func.caches
        assert long.cache_info().currsize <= 8
        assert short.cache_info().maxsize == 4096
    assert markup.placeholders("Bonjour {name}")[0].key == "{name}"
    assert markup._placeholders.caches[0].cache_info().currsize >= 1
