"""Shared helpers of the CI-output tests: running the CLI in-process, and small fixture files."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtqa.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(list(args))
    out, err = capsys.readouterr()
    return int(info.value.code or 0), out, err


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# Repeated words are the one check on main whose hits are certain; a config raises them to major.
MAJOR_REPEATS = 'severity = { repeated-word = "major" }\n'
