"""Built-in pack and punctuation patterns run without the regex timeout (it slows every match several
times), so each one is vetted here against inputs that make badly written patterns backtrack."""

from __future__ import annotations

import pytest

from mtqa.checks.packs import builtin_packs
from mtqa.checks.punctuation import spacing_rules


def _hostile_texts(seed_texts: list[str]) -> list[str]:
    base = ["a" * 4000, " " * 4000, "1 " * 2000, "1 000 " * 700, "é-" * 2000, "l'" * 2000, "« » " * 1000,
            "Word " * 1000, "x, " * 1500, ".!?;:" * 800]
    return base + [" ".join(seed_texts) * 40]


def _patterns():
    for pack in builtin_packs():
        for entry in pack.entries:
            assert not entry.guarded, entry.qualified_id
            examples = [e.text for e in entry.bad + entry.good]
            for pattern in (entry.pattern, entry.when_source, entry.scale.get("pattern")):
                if pattern is not None:
                    yield entry.qualified_id, pattern, examples
    for rule in spacing_rules():
        yield f"punctuation/{rule.id}", rule.pattern, list(rule.bad + rule.good)


PATTERNS = list(_patterns())


@pytest.mark.parametrize(("name", "pattern", "examples"), PATTERNS, ids=[p[0] for p in PATTERNS])
def test_builtin_pattern_never_backtracks_badly(name, pattern, examples) -> None:
    for text in _hostile_texts(examples):
        try:
            sum(1 for _ in pattern.finditer(text, timeout=2.0))
        except TimeoutError:
            pytest.fail(f"{name}: pattern {pattern.pattern!r} needs over 2 s on a {len(text)}-character text")


def test_user_pack_entries_stay_guarded(tmp_path) -> None:
    from mtqa.checks.packs import load_pack

    path = tmp_path / "mine.toml"
    path.write_text(
        '[pack]\ntarget = "fr"\n[[entry]]\nid = "x"\ntype = "phrase"\ncheck = "calque"\nmessage = "m"\n'
        'pattern = "(a+)+b"\nbad = ["aab"]\ngood = ["c"]\n',
        encoding="utf-8",
    )
    entry = load_pack(path).entries[0]
    assert entry.guarded
    assert list(entry.find("a" * 40 + "c")) == []  # abandoned after the timeout, not hung
