"""Meta-test: every entry of every built-in pack fires on each of its `bad` examples and not on its `good` ones."""

from __future__ import annotations

import pytest

from mtqa.checks.packs import Entry, builtin_packs

ENTRIES = [entry for pack in builtin_packs() for entry in pack.entries]


def test_there_are_packs_for_several_pairs() -> None:
    pairs = {(p.source, p.target) for p in builtin_packs() if p.source}
    assert {("es", "fr"), ("en", "fr"), ("en", "es")} <= pairs


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.qualified_id for e in ENTRIES])
def test_entry_examples(entry: Entry) -> None:
    assert entry.bad and entry.good
    for example in entry.bad:
        hits = list(entry.find(example.text, example.source))
        assert hits, f"{entry.qualified_id} should fire on bad example {example.text!r}"
        for hit in hits:
            assert 0 <= hit.start < hit.end <= len(example.text)
    for example in entry.good:
        hits = list(entry.find(example.text, example.source))
        assert not hits, f"{entry.qualified_id} fired on good example {example.text!r}: {hits}"


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.when_source is not None], ids=lambda e: e.qualified_id)
def test_source_guard_blocks_unrelated_sources(entry: Entry) -> None:
    """A guarded entry does not fire when the source lacks the construction it guards against."""
    for example in entry.bad:
        if example.source is not None:
            assert not list(entry.find(example.text, "Zzz qqq.")), entry.qualified_id


@pytest.mark.parametrize("entry", [e for e in ENTRIES if e.precision != "high"], ids=lambda e: e.qualified_id)
def test_low_precision_entries_need_a_source(entry: Entry) -> None:
    for example in entry.bad:
        assert not list(entry.find(example.text, None)), entry.qualified_id


def test_the_screening_pattern_of_a_group_never_hides_a_match() -> None:
    """Every entry finds in a group what it finds alone: on the examples of every entry of its pack
    (bad and good), and on texts with the examples' words in another case or run together."""
    from mtqa.checks.packs import group_entries

    for pack in builtin_packs():
        by_check: dict[str, list[Entry]] = {}
        for entry in pack.entries:
            by_check.setdefault(entry.check, []).append(entry)
        texts = [e.text for entry in pack.entries for e in (*entry.bad, *entry.good)]
        texts += [t.upper() for t in texts] + [t.lower().replace(" ", "") for t in texts] + ["", "x"]
        for entries in by_check.values():
            group = group_entries(entries)
            for text in texts:
                alone = [(e.qualified_id, list(e.find(text, "source"))) for e in entries]
                grouped = {e.qualified_id for e in group.applicable(text)}
                for qualified_id, found in alone:
                    assert not found or qualified_id in grouped, (qualified_id, text)
    assert any(group_entries(pack.entries).screen is not None for pack in builtin_packs())
