"""The explicit list of checks, and selection by code, code prefix or name."""

from __future__ import annotations

from collections.abc import Iterable

from mtqa.checks import (
    artefacts,
    calques,
    entities,
    gender,
    grammar,
    language,
    numbers,
    punctuation,
    repetition,
    source_checks,
    untranslated,
)
from mtqa.checks.base import Check
from mtqa.errors import UsageError

# Each family module exports CHECKS; adding a family is one line here.
CHECK_CLASSES: tuple[type[Check], ...] = (
    *repetition.CHECKS,
    *punctuation.CHECKS,
    *language.CHECKS,
    *untranslated.CHECKS,
    *numbers.CHECKS,
    *source_checks.CHECKS,
    *artefacts.CHECKS,
    *calques.CHECKS,
    *gender.CHECKS,
    *grammar.CHECKS,
    *entities.CHECKS,
)


def all_checks() -> tuple[type[Check], ...]:
    return CHECK_CLASSES


def _matches(token: str, cls: type[Check]) -> bool:
    token_l = token.lower()
    return token_l == "all" or token_l == cls.name.lower() or cls.code.lower().startswith(token_l)


def _validate(tokens: Iterable[str], what: str) -> list[str]:
    out = []
    for token in tokens:
        token = token.strip()
        if not token:
            continue
        if not any(_matches(token, cls) for cls in CHECK_CLASSES):
            raise UsageError(f"{what}: unknown check or code '{token}' (see `mtqa rules`)")
        out.append(token)
    return out


def select_checks(
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    extend_select: Iterable[str] | None = None,
) -> list[type[Check]]:
    """Checks enabled by default (or those `select` names), plus `extend_select`, minus `ignore`."""
    chosen: list[type[Check]]
    if select:
        tokens = _validate(select, "select")
        chosen = [cls for cls in CHECK_CLASSES if any(_matches(t, cls) for t in tokens)]
    else:
        chosen = [cls for cls in CHECK_CLASSES if cls.enabled_by_default]
    if extend_select:
        tokens = _validate(extend_select, "extend-select")
        chosen += [cls for cls in CHECK_CLASSES if cls not in chosen and any(_matches(t, cls) for t in tokens)]
    if ignore:
        tokens = _validate(ignore, "ignore")
        chosen = [cls for cls in chosen if not any(_matches(t, cls) for t in tokens)]
    return chosen


def find_check(key: str) -> type[Check]:
    """The check whose code or name is `key` (exactly, case-insensitive)."""
    key_l = key.lower()
    for cls in CHECK_CLASSES:
        if key_l in (cls.code.lower(), cls.name.lower()):
            return cls
    raise UsageError(f"unknown check '{key}' (see `mtqa rules`)")
