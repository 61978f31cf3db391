"""mtqa: a machine-translation quality checker.

    >>> import mtqa
    >>> report = mtqa.scan_text("Il a vu le le chat.", target_lang="fr")
    >>> report.findings[0].check
    'repeated-word'

The package, from the bottom layer up (each subpackage's docstring says what it may import, and
`tests/test_architecture.py` holds it to that):

- `errors`, `model`, `version`: the typed exceptions, the finding model, the version.
- `util/`: atomic writes, caches, memos, lazy imports, TOML data files, hardened XML.
- `text/`: sentences and clauses, inline markup, numerals, Unicode scripts.
- `langid/`: language identification, word lists, masking, code-switching spans.
- `meaning/`: people, pronoun coreference, source gender, entities, the optional spaCy analysis.
- `readers/`: one module per input format, each yielding `Unit`s.
- `config`, `glossary`, `signature`: the run's configuration, glossaries, the reproducibility signature.
- `checks/`: the checks and the language packs they read (data in `packs/`).
- `scoring/`: COMET, sacrebleu metrics, MQM-style scores.
- `suppression/`: inline directives and baselines.
- `reporters/`: one module per output format.
- `run/`: the `Checker` pipeline, worker processes, the runner; `engines/`: Ray.
- `api`, `cli`: the public library functions and the command line.
"""

from mtqa.api import render, scan_file, scan_text
from mtqa.config import Config
from mtqa.errors import ConfigError, InputError, MtqaError, OutputError, PackError, UsageError
from mtqa.model import FileReport, Finding, Report, Severity, Unit
from mtqa.run.pipeline import Checker
from mtqa.version import __version__

__all__ = [
    "Checker",
    "Config",
    "ConfigError",
    "FileReport",
    "Finding",
    "InputError",
    "MtqaError",
    "OutputError",
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
