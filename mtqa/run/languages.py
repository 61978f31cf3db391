"""The one place where a scanned file's languages are decided, and where each came from.

Target language, first found wins (`FileReport.target_lang_from` says which):

- `option`: `--target-lang` (or a library call's `target_lang`);
- `config`: `target_lang` in the nearest mtqa.toml / pyproject.toml;
- `file`: what the file declares (XLIFF `target-language`/`trgLang`, PO `Language:`, TMX `xml:lang`,
  JSON `target_lang`, a CSV column named by its language);
- `name`: the file or folder name (`fr.json`, `messages.fr.xlf`, `app.de_AT.po`, `plugin-pt_BR.po`,
  `locales/pt-BR/x.json`, `fr/LC_MESSAGES/x.po`), read by `mtqa.util.langtags.language_in_path`, which
  accepts only real language codes (`tmp/` or `src/` is never a language);
- `detected`: a language identified from the text, by the functions in `TARGET_DETECTORS` (none yet).

When none gives a language, the file is refused with a message naming the option. The source
language: option, config, the file's declaration, the name of the file its source text came from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mtqa.config import Config
from mtqa.errors import InputError
from mtqa.readers import STDIN, Document
from mtqa.util.langtags import language_in_path

# Detection from the text, tried last: each takes the document (whose units it must not consume; see
# `Document.units`) and returns a canonical language tag or None.
TargetDetector = Callable[[Document], str | None]
TARGET_DETECTORS: list[TargetDetector] = []


@dataclass(frozen=True)
class Languages:
    source: str | None
    target: str
    target_from: str


def language_from_path(path: str | None) -> str | None:
    if path is None or path == STDIN:
        return None
    found = language_in_path(path)
    return found.tag if found else None


def _configured(config: Config, key: str) -> tuple[str | None, str | None]:
    value = getattr(config, key)
    if not value:
        return None, None
    return value, "option" if key in config.given else "config"


def resolve_languages(document: Document, config: Config) -> Languages:
    """The source and target languages of `document` under `config`, or an `InputError` naming the option."""
    target, origin = _configured(config, "target_lang")
    candidates: list[tuple[str, Callable[[], str | None]]] = [
        ("file", lambda: document.target_lang),
        ("name", lambda: language_from_path(document.path)),
        *(("detected", (lambda d=detect: d(document))) for detect in TARGET_DETECTORS),
    ]
    for name, find in candidates:
        if target:
            break
        target, origin = find(), name
    if not target or origin is None:
        why = f" ({'; '.join(document.language_problems)})" if document.language_problems else ""
        raise InputError(document.path, f"no target language{why}: pass --target-lang (or set target_lang in config)")
    source = (_configured(config, "source_lang")[0] or document.source_lang
              or language_from_path(document.source_path))
    return Languages(source, target, origin)
