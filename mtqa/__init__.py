"""mtqa: a machine-translation quality checker.

    >>> import mtqa
    >>> report = mtqa.scan_text("Il a vu le le chat.", target_lang="fr")
    >>> report.findings[0].check
    'repeated-word'
"""

__version__ = "0.1.0"

from mtqa.api import render, scan_file, scan_text  # noqa: E402
from mtqa.config import Config  # noqa: E402
from mtqa.errors import ConfigError, InputError, MtqaError, PackError, UsageError  # noqa: E402
from mtqa.model import FileReport, Finding, Report, Severity, Unit  # noqa: E402
from mtqa.pipeline import Checker  # noqa: E402

__all__ = [
    "Checker",
    "Config",
    "ConfigError",
    "FileReport",
    "Finding",
    "InputError",
    "MtqaError",
    "PackError",
    "Report",
    "Severity",
    "Unit",
    "UsageError",
    "__version__",
    "render",
    "scan_file",
    "scan_text",
]
