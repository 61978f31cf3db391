"""Typed exceptions. The CLI turns each into a one-line message and exit code 2."""

from __future__ import annotations


class MtqaError(Exception):
    """Base class of every error mtqa raises on purpose."""


class InputError(MtqaError):
    """A file or stream cannot be read as the format it should be."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class EmptyInputError(InputError):
    """A file or stream with nothing in it to check: counted as an empty file, not a failure of the run."""

    def __init__(self, path: str) -> None:
        super().__init__(path, "empty file: nothing to check")


class OutputError(MtqaError):
    """A report or baseline cannot be written where it was asked to go."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class ConfigError(MtqaError):
    """A configuration value or key is wrong."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")
        self.where = where
        self.problem = problem


class PackError(MtqaError):
    """A language pack (TOML data) is malformed."""

    def __init__(self, path: str, problem: str, entry: str | None = None) -> None:
        where = f"{path} [{entry}]" if entry else path
        super().__init__(f"{where}: {problem}")
        self.path = path
        self.entry = entry
        self.problem = problem


class MissingDependencyError(MtqaError):
    """An optional extra is needed for what was asked."""

    def __init__(self, feature: str, extra: str, module: str) -> None:
        super().__init__(
            f"{feature} needs the optional dependency '{module}': install it with pip install 'mtqa[{extra}]'"
        )
        self.feature = feature
        self.extra = extra
        self.module = module


class UsageError(MtqaError):
    """Options that do not fit together, or an unknown check name."""
