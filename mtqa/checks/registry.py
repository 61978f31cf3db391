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


# Findings that no check class makes, with their stable code and name: they can be ignored and given a
# severity like any check's. (The same strings as mtqa.suppression.directives and mtqa.scoring.scan,
# which cannot be imported here; tests/test_hostile_config.py keeps them in step.)
OTHER_FINDINGS: tuple[tuple[str, str], ...] = (
    ("SUP001", "unused-suppression"),
    ("QS001", "quality-score"),
    ("QS002", "model-error-span"),
)


def all_checks() -> tuple[type[Check], ...]:
    return CHECK_CLASSES


def token_matches(token: str, code: str, name: str) -> bool:
    """Whether a selection token (code, code prefix, name or 'all') names the finding `code`/`name`."""
    token_l = token.lower()
    return token_l == "all" or token_l == name.lower() or code.lower().startswith(token_l)


def _matches(token: str, cls: type[Check]) -> bool:
    return token_matches(token, cls.code, cls.name)


def known_token(token: str) -> bool:
    """Whether a token names at least one check or other finding."""
    return any(_matches(token, cls) for cls in CHECK_CLASSES) or \
        any(token_matches(token, code, name) for code, name in OTHER_FINDINGS)


def is_known_key(key: str) -> bool:
    """Whether `key` is exactly the code or name of a check or other finding (case-insensitive)."""
    key_l = key.strip().lower()
    return any(key_l in (cls.code.lower(), cls.name.lower()) for cls in CHECK_CLASSES) or \
        any(key_l in (code.lower(), name) for code, name in OTHER_FINDINGS)


def ignored(code: str, name: str, ignore: Iterable[str] | None) -> bool:
    """Whether `--ignore` tokens name a finding that no check class makes (see OTHER_FINDINGS)."""
    return any(token_matches(t, code, name) for t in ignore or () if t.strip())


def _validate(tokens: Iterable[str], what: str) -> list[str]:
    out = []
    for token in tokens:
        token = token.strip()
        if not token:
            continue
        if not known_token(token):
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
