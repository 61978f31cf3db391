"""Configuration: `[tool.mtqa]` in pyproject.toml or an mtqa.toml, found from the scanned path upwards.

Precedence: built-in defaults < the config file < command-line options. Unknown keys and bad values
are errors that name the file and the key.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from mtqa.errors import ConfigError, PackError
from mtqa.model import Severity
from mtqa.util.datafiles import load_toml
from mtqa.util.langtags import LanguageTagError, parse_tag

T = TypeVar("T")
CONFIG_FILES = ("mtqa.toml", ".mtqa.toml", "pyproject.toml")
LID_BACKENDS = ("py3langid", "langdetect", "lingua")


def _str_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v for v in value if v.strip()]  # an empty entry names nothing (and selects nothing)
    raise ValueError("expected a list of strings")


def _str_list_keep(value: Any) -> list[str]:
    """A list of strings kept whole (they may hold commas)."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise ValueError("expected a list of strings")


def _optional_str(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value or None
    raise ValueError("expected a string")


def _lang(value: Any) -> str | None:
    value = _optional_str(value)
    if value is None:
        return None
    try:
        return parse_tag(value)
    except LanguageTagError as exc:
        raise ValueError(str(exc)) from None


def _columns(value: Any) -> list[str]:
    from mtqa.readers.table import columns_from_roles  # the reader knows the roles it accepts

    roles = _str_list(value)
    columns_from_roles(roles)
    return roles


def _severity(value: Any) -> Severity:
    if not isinstance(value, (str, Severity)):
        raise ValueError("expected a severity name")
    return Severity.parse(value)


def _fail_on(value: Any) -> Severity:
    severity = _severity(value)
    if severity is Severity.NEUTRAL:
        raise ValueError("expected minor, major or critical")
    return severity


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError("expected true or false")


def _choice(*choices: str) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        if value not in choices:
            raise ValueError(f"expected one of: {', '.join(choices)}")
        return str(value)

    return parse


def _severity_map(value: Any) -> dict[str, Severity]:
    """Check (code or name) = severity; whether each check exists is checked where the checks are known
    (`mtqa.run.pipeline.Checker`)."""
    return _table(value, _severity, "check = severity")


def _jobs(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("expected a whole number >= 0 (0 = one per CPU core)")
    return value


def _paths(value: Any) -> list[str]:
    return _str_list(value)


def _positive_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError("expected a positive whole number")
    return value


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError("expected a number")
    if not math.isfinite(value):  # nan would disable a gate (every comparison false), inf make it absurd
        raise ValueError(f"expected a finite number, not {value}")
    return float(value)


def _number_map(value: Any) -> dict[str, float]:
    return _table(value, _number, "name = number")


def _table(value: Any, parse: Callable[[Any], T], shape: str) -> dict[str, T]:
    """A TOML table whose values `parse` checks; an error names the key."""
    if not isinstance(value, Mapping):
        raise ValueError(f"expected a table of {shape}")
    out = {}
    for key, item in value.items():
        try:
            out[str(key)] = parse(item)
        except ValueError as exc:
            raise ValueError(f"{key}: {exc}") from None
    return out


def _penalties(value: Any) -> dict[str, float]:
    out = _number_map(value)
    for key, number in out.items():
        try:
            Severity.parse(key)
        except ValueError as exc:
            raise ValueError(str(exc)) from None
        if number < 0:
            raise ValueError(f"{key}: expected a number >= 0")
    return out


def _path(value: Any) -> list[str]:
    # One path, held as a one-item list so that it is resolved against the config file's folder.
    single = _optional_str(value)
    return [single] if single else []


# Every accepted key, its parser, and whether it holds paths (resolved against the config file's folder).
# Adding an option is one entry here plus one field on `Config`.
KEYS: dict[str, tuple[Callable[[Any], Any], bool]] = {
    "select": (_str_list, False),
    "extend_select": (_str_list, False),
    "ignore": (_str_list, False),
    "fail_on": (_fail_on, False),
    "source_lang": (_lang, False),
    "target_lang": (_lang, False),
    "lid_backend": (_choice(*LID_BACKENDS), False),
    "severity": (_severity_map, False),
    "packs": (_paths, True),
    "protected_terms": (_str_list, False),
    "do_not_translate": (_paths, True),
    "exit_zero": (_bool, False),
    "glossary": (_paths, True),
    "terms": (_str_list_keep, False),
    "jobs": (_jobs, False),
    # Header-less CSV/TSV tables: the role of each column in order (`source,target,-,id`).
    "columns": (_columns, False),
    # Scoring (mtqa.scoring): COMET, sacrebleu metrics, the MQM-style score.
    "comet": (_optional_str, False),
    "comet_engine": (_choice("native", "unbabel"), False),
    "comet_batch_size": (_positive_int, False),
    "comet_threads": (_positive_int, False),
    "comet_threshold": (_number, False),
    "comet_cache": (_path, True),
    "comet_download": (_bool, False),
    "device": (_choice("cpu", "cuda"), False),
    "bf16": (_bool, False),
    "min_quality": (_number, False),
    "mqm_penalties": (_penalties, False),
    "mqm_weights": (_number_map, False),
}


@dataclass
class Config:
    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fail_on: Severity = Severity.MAJOR
    source_lang: str | None = None
    target_lang: str | None = None
    lid_backend: str = "py3langid"
    severity: dict[str, Severity] = field(default_factory=dict)
    packs: list[str] = field(default_factory=list)
    protected_terms: list[str] = field(default_factory=list)
    do_not_translate: list[str] = field(default_factory=list)
    exit_zero: bool = False
    glossary: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    jobs: int = 0  # worker processes for long inputs; 0 = one per CPU core
    columns: list[str] | None = None
    comet: str | None = None
    comet_engine: str = "native"
    comet_batch_size: int = 16
    comet_threads: int | None = None
    comet_threshold: float | None = None
    comet_cache: list[str] = field(default_factory=list)
    comet_download: bool = False
    device: str = "cpu"
    bf16: bool = False
    min_quality: float | None = None
    mqm_penalties: dict[str, float] = field(default_factory=dict)
    mqm_weights: dict[str, float] = field(default_factory=dict)
    # Where the values came from, for error messages and `mtqa config`.
    origin: str | None = None
    # The keys set on the command line (or by a library call's arguments), as opposed to a config file.
    given: frozenset[str] = frozenset()

    def updated(self, values: Mapping[str, Any], where: str = "command line", base_dir: Path | None = None) -> Config:
        """A copy with `values` parsed and applied; None values are left alone."""
        changes = parse_values(values, where, base_dir)
        given = self.given | frozenset(changes) if where == "command line" else self.given
        return dataclasses.replace(self, **changes, given=given)


def parse_values(values: Mapping[str, Any], where: str, base_dir: Path | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for raw_key, value in values.items():
        key = raw_key.replace("-", "_")
        if key not in KEYS:
            raise ConfigError(where, f"unknown key '{raw_key}' (known: {', '.join(sorted(KEYS))})")
        if value is None:
            continue
        parser, holds_paths = KEYS[key]
        try:
            parsed = parser(value)
        except ValueError as exc:
            raise ConfigError(where, f"bad value for '{raw_key}': {exc}") from None
        if holds_paths and base_dir is not None:
            parsed = [str((base_dir / p).resolve()) if not Path(p).is_absolute() else p for p in parsed]
        out[key] = parsed
    return out


def find_config_file(start: str | Path) -> Path | None:
    """The nearest mtqa.toml, .mtqa.toml or pyproject.toml with [tool.mtqa], from `start` upwards."""
    path = Path(start).resolve()
    folder = path if path.is_dir() else path.parent
    for candidate_dir in (folder, *folder.parents):
        for name in CONFIG_FILES:
            candidate = candidate_dir / name
            if not candidate.is_file():
                continue
            if name != "pyproject.toml" or _tool_table(candidate, _read(candidate)) is not None:
                return candidate
    return None


def _tool_table(path: Path, data: dict[str, Any]) -> Mapping[str, Any] | None:
    """The [tool.mtqa] table of a parsed file, None when it has none; a wrong shape is a ConfigError."""
    if "tool" not in data:
        return None
    tool = data["tool"]
    if not isinstance(tool, Mapping):
        if path.name == "pyproject.toml":
            raise ConfigError(str(path), f"'tool' must be a table ([tool.mtqa]), not {type(tool).__name__}")
        return None  # in mtqa.toml, a plain key 'tool': reported as an unknown key
    if "mtqa" not in tool:
        return None
    if not isinstance(tool["mtqa"], Mapping):
        raise ConfigError(str(path), f"'tool.mtqa' must be a table of settings ([tool.mtqa]), "
                                     f"not {type(tool['mtqa']).__name__}")
    return tool["mtqa"]


def _read(path: Path) -> dict[str, Any]:
    try:
        return load_toml(path)
    except PackError as exc:
        raise ConfigError(str(path), exc.problem) from None


def load_config_file(path: str | Path) -> Config:
    path = Path(path)
    if not path.is_file():
        raise ConfigError(str(path), "config file not found")
    data = _read(path)
    table = _tool_table(path, data)
    if table is not None:
        data = dict(table)
    elif path.name == "pyproject.toml":
        data = {}
    config = Config().updated(data, where=str(path), base_dir=path.parent)
    config.origin = str(path)
    return config


def discover_config(start: str | Path) -> Config:
    found = find_config_file(start)
    return load_config_file(found) if found else Config()
