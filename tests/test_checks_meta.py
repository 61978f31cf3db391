"""Every check documents itself and carries examples; this runs them all."""

from __future__ import annotations

import pytest

from mtqa.checks.base import DOC_SECTIONS, Check, DocumentState, UnitContext
from mtqa.checks.registry import all_checks
from mtqa.config import Config
from mtqa.meaning.analysis import requirement_problem
from mtqa.model import Unit
from mtqa.run.pipeline import Services

CHECKS = all_checks()


def _hits(cls: type[Check], text: str, source: str | None, target_lang: str, source_lang: str | None,
          config: tuple = (), earlier: tuple = ()):
    services = Services(Config().updated(dict(config)))
    document = DocumentState("<example>", target_lang, source_lang)
    check = cls()
    for number, (earlier_source, earlier_target) in enumerate(earlier, start=1):
        before = UnitContext(Unit(target=earlier_target, source=earlier_source, id=f"earlier-{number}"),
                             target_lang=target_lang, source_lang=source_lang, services=services, document=document)
        if check.applies_to(before):
            assert not list(check.check(before)), f"{cls.name}: an earlier unit of an example was flagged"
    unit = Unit(target=text, source=source)
    ctx = UnitContext(unit, target_lang=target_lang, source_lang=source_lang, services=services, document=document)
    if not check.applies_to(ctx):
        return []
    hits = list(check.check(ctx))
    hits += [hit for _unit, hit in check.finish_document(ctx.document)]
    return hits


def test_codes_and_names_are_unique() -> None:
    codes = [cls.code for cls in CHECKS]
    names = [cls.name for cls in CHECKS]
    assert len(set(codes)) == len(codes)
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("cls", CHECKS, ids=lambda c: c.name)
def test_check_is_documented(cls: type[Check]) -> None:
    doc = cls.doc()
    for section in DOC_SECTIONS:
        assert section in doc, f"{cls.name} docstring lacks {section!r}"
    assert "/" in cls.category
    assert cls.name == cls.name.lower() and " " not in cls.name


@pytest.mark.parametrize("cls", CHECKS, ids=lambda c: c.name)
def test_check_has_bad_and_good_examples(cls: type[Check]) -> None:
    assert any(e.flagged for e in cls.examples), f"{cls.name} has no flagged example"
    assert any(not e.flagged for e in cls.examples), f"{cls.name} has no clean example"


EXAMPLES = [(cls, ex) for cls in CHECKS for ex in cls.examples]


@pytest.mark.parametrize("cls,example", EXAMPLES, ids=[f"{c.name}:{e.text[:30]}" for c, e in EXAMPLES])
def test_check_examples(cls: type[Check], example) -> None:
    unmet = [p for r in cls.requires if (p := requirement_problem(r, example.target_lang))]
    if unmet:
        pytest.skip(f"{cls.name}: {unmet[0]}")
    hits = _hits(cls, example.text, example.source, example.target_lang, example.source_lang, example.config,
                 example.earlier)
    if example.flagged:
        assert hits, f"{cls.name} should flag {example.text!r}"
        if example.span is not None:
            assert example.span in [example.text[h.start : h.end] for h in hits]
    else:
        assert not hits, f"{cls.name} should not flag {example.text!r}: {[example.text[h.start:h.end] for h in hits]}"
