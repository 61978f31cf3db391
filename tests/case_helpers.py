"""Shared by the tests that read cases as data (`tests/data/precision/*.toml`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mtqa.model import Finding
from mtqa.util.datafiles import load_toml

CASES_DIR = Path(__file__).parent / "data" / "precision"


def cases(name: str) -> list[dict[str, Any]]:
    """The [[case]] tables of tests/data/precision/NAME.toml."""
    return load_toml(CASES_DIR / f"{name}.toml")["case"]


def assert_case(found: list[Finding], case: dict[str, Any]) -> None:
    """A case is clean (no finding) or flagged once, on `flagged`, saying `says`, with `severity`."""
    if case.get("clean"):
        assert found == [], [f.message for f in found]
        return
    assert len(found) == 1, [f.message for f in found]
    assert found[0].text == case["flagged"]
    if "says" in case:
        assert case["says"] in found[0].message
    if "severity" in case:
        assert found[0].severity.value == case["severity"]
