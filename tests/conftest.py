from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "article_es-fr.txt"
SHARED = REPO.parent / "shared"


@pytest.fixture
def example_article() -> Path:
    return EXAMPLE
