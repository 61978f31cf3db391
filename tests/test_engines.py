"""Engine selection that needs no engine installed: a missing Ray is a one-line error, exit 2."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest


def test_engine_ray_without_ray_installed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, cli) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` now raises ImportError
    path = tmp_path / "pairs.tsv"
    path.write_text("Hola.\tBonjour le le monde.\n", encoding="utf-8")
    code, _out, err = cli("scan", str(path), "-t", "fr", "--engine", "ray", "--isolated")
    assert code == 2
    assert err.count("\n") == 1 and "pip install 'mtqa[ray]'" in err


def test_unknown_engine_is_a_usage_error(tmp_path: Path, cli) -> None:
    path = tmp_path / "one.txt"
    path.write_text("Bonjour.\n", encoding="utf-8")
    code, _out, err = cli("scan", str(path), "-t", "fr", "--engine", "spark")
    assert code == 2
    assert "spark" in err


def test_rows_become_units_by_the_configured_columns() -> None:
    from mtqa.engines.ray_engine import Columns
    from mtqa.errors import UsageError
    from mtqa.model import Unit

    columns = Columns(target="mt", source="src", reference="ref", id="key")
    unit = columns.unit({"mt": "Bonjour.", "src": "Hola.", "key": 7})
    assert unit == Unit(target="Bonjour.", source="Hola.", reference=None, id="7")
    with pytest.raises(UsageError, match="'mt'"):
        columns.unit({"target": "Bonjour."})
