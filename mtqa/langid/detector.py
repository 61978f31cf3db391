"""Language identification behind one small interface, with interchangeable backends.

`Detector.detect(text, candidates)` answers the most likely language of `text` and a confidence in
0..1. With `candidates` the answer is limited to those languages (mtqa passes {target, source}: a
two-way decision is far more reliable on short clauses than an open-set one); with None the
backend's whole language set is used. Language codes are ISO 639-1 base codes ("fr", "nb", "zh").

Backends: py3langid (default, fast, deterministic), langdetect (seeded so the same text always gets
the same answer) and lingua (optional extra; models loaded lazily for the requested languages only).
Every backend is deterministic and picklable (caches are rebuilt after unpickling).
"""

from __future__ import annotations

import importlib
import importlib.util
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mtqa.errors import MissingDependencyError, UsageError
from mtqa.util.memo import BoundedMemo

if TYPE_CHECKING:  # numpy loads with the model, not at start-up
    from mtqa.langid.naive_bayes import NaiveBayesLangid


@dataclass(frozen=True)
class Detection:
    lang: str
    confidence: float


Candidates = tuple[str, ...] | None


def _key(candidates: Iterable[str] | None) -> Candidates:
    return None if candidates is None else tuple(sorted(set(candidates)))


# Answers kept per detector (text, candidates): repeated segments and clauses are classified once.
ANSWER_CACHE_SIZE = 10_000

# Loaded models, shared by every detector of the process: a Checker built per call (scan_text) must not
# reload them. Keyed by (backend, candidate set).
_MODELS: dict[tuple[str, Candidates], Any] = {}
_MODELS_LOCK = threading.Lock()


class Detector:
    """Base class: subclasses implement `_detect` for a normalised candidate tuple."""

    name = "base"

    def supports(self, lang: str) -> bool:
        raise NotImplementedError

    def detect(self, text: str, candidates: Iterable[str] | None = None) -> Detection | None:
        """The best language for `text` among `candidates` (all when None); None when unknown."""
        key = self._supported_key(candidates)
        if key is not None and len(key) < 2:
            return None
        # Set here rather than in __init__: a detector unpickled in a worker has no memo yet.
        answers = self.__dict__.setdefault("_answers", BoundedMemo(ANSWER_CACHE_SIZE))
        try:
            return answers[text, key]  # type: ignore[no-any-return]
        except KeyError:
            pass
        found = self._detect(text, key) if text.strip() else None
        # Rounded: lingua's sums differ in the last bit between instances, and reports must not.
        answer = None if found is None else Detection(found.lang, round(found.confidence, 6))
        return answers.remember((text, key), answer)  # type: ignore[no-any-return]

    def _supported_key(self, candidates: Iterable[str] | None) -> Candidates:
        if candidates is None:
            return None
        keys = self.__dict__.setdefault("_keys", {})
        lookup = candidates if isinstance(candidates, tuple) else tuple(candidates)
        key = keys.get(lookup)
        if key is None:
            normalised = _key(lookup)
            key = tuple(lang for lang in normalised or () if self.supports(lang))
            keys[lookup] = key
        return key  # type: ignore[no-any-return]

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k not in ("_answers", "_keys")}

    def _model(self, key: Candidates, build: Any) -> Any:
        model = _MODELS.get((self.name, key))
        if model is None:
            with _MODELS_LOCK:
                model = _MODELS.get((self.name, key))
                if model is None:
                    model = build(key)
                    _MODELS[(self.name, key)] = model
        return model

    def _detect(self, text: str, candidates: Candidates) -> Detection | None:  # pragma: no cover
        raise NotImplementedError


def _import(module: str, extra: str, feature: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingDependencyError(feature, extra, module) from None


# py3langid folds Bokmål into "no".
_PY3LANGID_CODES = {"nb": "no"}
_PY3LANGID_BACK = {v: k for k, v in _PY3LANGID_CODES.items()}


class Py3LangidDetector(Detector):
    name = "py3langid"

    def __init__(self) -> None:
        self._labels: frozenset[str] | None = None

    def _base(self) -> NaiveBayesLangid:
        def build(_key: Candidates) -> NaiveBayesLangid:
            if importlib.util.find_spec("py3langid") is None:
                raise MissingDependencyError("language identification", "py3langid", "py3langid")
            from mtqa.langid.model_cache import load_py3langid

            return load_py3langid()

        return self._model(None, build)  # type: ignore[no-any-return]

    def supports(self, lang: str) -> bool:
        if self._labels is None:
            self._labels = frozenset(self._base().labels)
        return _PY3LANGID_CODES.get(lang, lang) in self._labels

    def _detect(self, text: str, candidates: Candidates) -> Detection | None:
        model = self._base()
        labels = None if candidates is None else tuple(_PY3LANGID_CODES.get(c, c) for c in candidates)
        found = model.classify(text, labels)
        if found is None:
            return None  # no features at all
        lang, conf = found
        if lang == "zxx" or conf <= 1.0 / len(model.labels if labels is None else labels) + 1e-6:
            return None  # a uniform answer
        return Detection(_PY3LANGID_BACK.get(lang, lang), conf)


# langdetect's profile names that differ from base codes.
_LANGDETECT_CODES = {"zh": "zh-cn", "nb": "no"}
_LANGDETECT_BACK = {"zh-cn": "zh", "zh-tw": "zh", "no": "nb"}


class LangdetectDetector(Detector):
    """langdetect with a fixed seed and a factory per candidate set, so answers never vary."""

    name = "langdetect"
    seed = 0

    def __init__(self) -> None:
        self._profiles: dict[str, str] | None = None

    def _profile_texts(self) -> dict[str, str]:
        if self._profiles is None:
            from importlib import resources

            _import("langdetect", "langdetect", "language identification (langdetect)")
            root = resources.files("langdetect") / "profiles"
            self._profiles = {p.name: p.read_text(encoding="utf-8") for p in root.iterdir() if p.is_file()}
        return self._profiles

    def supports(self, lang: str) -> bool:
        return _LANGDETECT_CODES.get(lang, lang) in self._profile_texts()

    def _detect(self, text: str, candidates: Candidates) -> Detection | None:
        detector_factory = _import("langdetect.detector_factory", "langdetect", "language identification")
        lang_exception = _import("langdetect.lang_detect_exception", "langdetect", "language identification")
        profiles = self._profile_texts()

        def build(key: Candidates) -> Any:
            names = sorted(profiles) if key is None else [_LANGDETECT_CODES.get(c, c) for c in key]
            factory = detector_factory.DetectorFactory()
            factory.load_json_profile([profiles[name] for name in names])
            factory.seed = self.seed
            return factory

        factory = self._model(candidates, build)
        detector = factory.create()
        detector.append(text)
        try:
            ranked = detector.get_probabilities()
        except lang_exception.LangDetectException:
            return None
        if not ranked:
            return None
        best = ranked[0]
        return Detection(_LANGDETECT_BACK.get(best.lang, best.lang), float(best.prob))


# Open-set mode for lingua: loading all 75 models costs 1.3 GB, so "open" means these common languages.
_LINGUA_OPEN_SET = (
    "ar", "bg", "ca", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "he", "hr", "hu", "id", "it",
    "ja", "ko", "lt", "lv", "nb", "nl", "pl", "pt", "ro", "ru", "sk", "sl", "sr", "sv", "tr", "uk", "vi", "zh",
)


class LinguaDetector(Detector):
    name = "lingua"

    def _lingua(self) -> Any:
        return _import("lingua", "lingua", "language identification (lingua)")

    def supports(self, lang: str) -> bool:
        lingua = self._lingua()
        return hasattr(lingua.IsoCode639_1, lang.upper())

    def _detect(self, text: str, candidates: Candidates) -> Detection | None:
        lingua = self._lingua()

        def build(key: Candidates) -> Any:
            codes = _LINGUA_OPEN_SET if key is None else key
            isos = [getattr(lingua.IsoCode639_1, c.upper()) for c in codes if self.supports(c)]
            return lingua.LanguageDetectorBuilder.from_iso_codes_639_1(*isos).build()

        detector = self._model(candidates, build)
        values = detector.compute_language_confidence_values(text)
        if not values or values[0].value <= 0:
            return None
        best = values[0]
        return Detection(best.language.iso_code_639_1.name.lower(), float(best.value))


BACKENDS: dict[str, type[Detector]] = {
    "py3langid": Py3LangidDetector,
    "langdetect": LangdetectDetector,
    "lingua": LinguaDetector,
}


def make_detector(name: str) -> Detector:
    """A detector for backend `name`; the first use fails with MissingDependencyError if it is absent."""
    try:
        return BACKENDS[name]()
    except KeyError:
        raise UsageError(f"unknown language-identification backend '{name}' (known: {', '.join(BACKENDS)})") from None
