from __future__ import annotations

from pathlib import Path

import pytest

from mtqa.config import Config, discover_config, find_config_file, load_config_file
from mtqa.errors import ConfigError
from mtqa.model import Severity


def test_pyproject_table_is_found_from_a_subfolder(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.mtqa]\ntarget_lang = "fr"\nfail_on = "minor"\n')
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    config = discover_config(sub / "file.txt")
    assert config.target_lang == "fr" and config.fail_on is Severity.MINOR
    assert config.origin == str(tmp_path / "pyproject.toml")


def test_pyproject_without_table_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "mtqa.toml").write_text('ignore = ["PU001"]\n')
    inner = tmp_path / "proj"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find_config_file(inner) == tmp_path / "mtqa.toml"
    assert discover_config(inner).ignore == ["PU001"]


def test_nearest_config_wins(tmp_path: Path) -> None:
    (tmp_path / "mtqa.toml").write_text('target_lang = "de"\n')
    inner = tmp_path / "x"
    inner.mkdir()
    (inner / "mtqa.toml").write_text('target_lang = "it"\n')
    assert discover_config(inner / "f.txt").target_lang == "it"


def test_command_line_overrides_file(tmp_path: Path) -> None:
    (tmp_path / "mtqa.toml").write_text('target_lang = "de"\nfail_on = "critical"\n')
    config = load_config_file(tmp_path / "mtqa.toml").updated({"target_lang": "fr", "fail_on": None})
    assert config.target_lang == "fr" and config.fail_on is Severity.CRITICAL


@pytest.mark.parametrize(
    "content,message",
    [
        ('colour = "red"\n', "unknown key 'colour'"),
        ('fail_on = "sometimes"\n', "bad value for 'fail_on'"),
        ("select = 3\n", "bad value for 'select'"),
        ('lid_backend = "cld9"\n', "bad value for 'lid_backend'"),
        ("target_lang = \n", "invalid TOML"),
    ],
)
def test_bad_config_names_file_and_key(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "mtqa.toml"
    path.write_text(content)
    with pytest.raises(ConfigError) as info:
        load_config_file(path)
    assert message in str(info.value) and str(path) in str(info.value)


def test_relative_pack_paths_resolve_against_the_config_folder(tmp_path: Path) -> None:
    (tmp_path / "mtqa.toml").write_text('packs = ["my/pack.toml"]\n')
    assert load_config_file(tmp_path / "mtqa.toml").packs == [str(tmp_path / "my" / "pack.toml")]


def test_defaults() -> None:
    config = Config()
    assert config.fail_on is Severity.MAJOR and config.lid_backend == "py3langid" and config.select is None
