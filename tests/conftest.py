from __future__ import annotations

from pathlib import Path

import pytest

from mtqa.cli import main

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "article_es-fr.txt"
SHARED = REPO.parent / "shared"


@pytest.fixture
def example_article() -> Path:
    return EXAMPLE


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):
    """Run `mtqa ARGS...` in-process: returns (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        with pytest.raises(SystemExit) as info:
            main(list(args))
        out, err = capsys.readouterr()
        return int(info.value.code or 0), out, err

    return run
