"""Spans of a text written in another language than the target (code-switching, leaked source).

Three layers, most certain first:

1. script: a run of letters in a script the target language does not use (Cyrillic or Han inside
   French) needs no statistics;
2. clauses: each clause (see `sentences.split_clauses`) is classified on its masked text, limited
   to {target, source} when the source language is known (an open set with stricter guards
   otherwise); adjacent flagged clauses merge into one span;
3. words: inside clauses that stay target-language overall, a run of 2+ words that are common in
   the source language and absent from the target's lexicon (wordfreq), confirmed by the detector.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import regex

from mtqa.language_id import Detection, Detector
from mtqa.masking import blank, mask
from mtqa.sentences import Segment, split_clauses, split_sentences


@dataclass(frozen=True)
class Guards:
    """When a clause may be judged: enough letters and enough lower-case (non-name) words."""

    min_confidence: float = 0.9
    min_letters: int = 15
    min_lower_words: int = 2


# Limited to {target, source}: the measured operating point (notes/lid.md, P 0.99 at 0.2 % FPR).
PAIR_GUARDS = Guards()
# Open set: short clauses drift to neighbours (nn, gl, af...), so demand much more.
OPEN_GUARDS = Guards(min_confidence=0.99, min_letters=30, min_lower_words=4)


@dataclass(frozen=True)
class ForeignSpan:
    start: int
    end: int
    lang: str
    confidence: float
    layer: str  # "script", "clause" or "words"
    script: str | None = None


_LOWER_WORD = regex.compile(r"(?<![\p{L}\p{N}])\p{Ll}[\p{L}\p{M}'’\-]*")
_LETTER = regex.compile(r"\p{L}")
_TRIM_END = regex.compile(r"[\s\p{P}\p{S}--[%)\]»”’\"']]+$", regex.V1)
_TRIM_START = regex.compile(r"^[\s\p{P}\p{S}--[(\[«“‘¿¡\"']]+", regex.V1)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    piece = text[start:end]
    lead = _TRIM_START.search(piece)
    if lead:
        start += lead.end()
        piece = text[start:end]
    tail = _TRIM_END.search(piece)
    if tail:
        end -= len(piece) - tail.start()
    # Quotes and brackets belong to the span only when balanced inside it.
    while end > start and text[start] in "\"'«“‘(¿¡[" and not _closes(text[start], text[start + 1 : end]):
        start += 1
    while end > start and text[end - 1] in "\"'»”’)]" and not _opens(text[end - 1], text[start : end - 1]):
        end -= 1
    return start, end


_PAIRS = {"(": ")", "[": "]", "«": "»", "“": "”", "‘": "’", '"': '"', "'": "'", "¿": "?", "¡": "!"}


def _closes(opener: str, rest: str) -> bool:
    return _PAIRS.get(opener, "") in rest


def _opens(closer: str, before: str) -> bool:
    return any(o in before for o, c in _PAIRS.items() if c == closer)


def clause_features(masked: str) -> tuple[int, int]:
    """Letters and lower-case words of a masked piece."""
    return len(_LETTER.findall(masked)), len(_LOWER_WORD.findall(masked))


class SpanFinder:
    """Finds foreign-language spans in target texts. Build once, reuse for every unit."""

    def __init__(
        self,
        detector: Detector,
        *,
        protected_terms: Iterable[str] = (),
        loanwords: dict[str, Sequence[str]] | None = None,
        word_evidence: bool = True,
    ) -> None:
        self.detector = detector
        self.protected_terms = tuple(protected_terms)
        self.loanwords = {k: tuple(v) for k, v in (loanwords or {}).items()}
        self.word_evidence = word_evidence

    def masked(self, text: str, target: str) -> str:
        spans = mask(text, target, protected_terms=self.protected_terms, loanwords=self.loanwords.get(target, ()))
        return blank(text, spans)

    def find(self, text: str, target: str, source: str | None = None,
             sentences: list[Segment] | None = None) -> list[ForeignSpan]:
        """Foreign spans of `text` (target language `target`), in text order."""
        masked = self.masked(text, target)
        if sentences is None:
            sentences = split_sentences(text, target)
        found = script_spans(text, masked, target, self.detector)
        taken = [(s.start, s.end) for s in found]
        found += [s for s in self._clauses(text, masked, target, source, sentences) if not _overlaps(s, taken)]
        return sorted(found, key=lambda s: (s.start, s.end))

    def _clauses(self, text: str, masked: str, target: str, source: str | None,
                 sentences: list[Segment]) -> list[ForeignSpan]:
        pair = source is not None and source != target
        guards = PAIR_GUARDS if pair else OPEN_GUARDS
        candidates = (target, source) if pair else None
        flagged: list[tuple[Segment, Detection | None]] = []
        for sentence in sentences:
            for clause in split_clauses(text, sentence):
                flagged.append((clause, self._judge(masked[clause.start : clause.end], target, candidates, guards)))
        spans: list[ForeignSpan] = []
        run: list[tuple[Segment, Detection]] = []

        def close_run() -> None:
            if run:
                start, end = _trim(text, run[0][0].start, run[-1][0].end)
                conf = min(d.confidence for _, d in run)
                if end > start:
                    spans.append(ForeignSpan(start, end, run[0][1].lang, conf, "clause"))
                run.clear()

        for clause, detection in flagged:
            if detection is None or run and run[-1][1].lang != detection.lang:
                close_run()
            if detection is not None:
                run.append((clause, detection))
        close_run()
        return spans

    def _judge(self, piece: str, target: str, candidates: tuple[str, ...] | None,
               guards: Guards) -> Detection | None:
        letters, lower = clause_features(piece)
        if letters < guards.min_letters or lower < guards.min_lower_words:
            return None
        detection = self.detector.detect(piece, candidates)
        if detection is None or detection.lang == target or detection.confidence < guards.min_confidence:
            return None
        if candidates is None:
            # Confirm an open-set answer as a two-way decision against the target.
            confirm = self.detector.detect(piece, (target, detection.lang))
            if confirm is None or confirm.lang == target or confirm.confidence < PAIR_GUARDS.min_confidence:
                return None
        return detection


def _overlaps(span: ForeignSpan, taken: list[tuple[int, int]]) -> bool:
    return any(span.start < end and start < span.end for start, end in taken)


# Scripts each language is written in; Common/Inherited characters (digits, punctuation) never count.
_SCRIPTS: dict[str, frozenset[str]] = {}
for _langs, _scripts in (
    ("ru uk bg sr mk be kk ky tg mn tt ba", {"Cyrillic"}),
    ("el", {"Greek"}),
    ("ar fa ur ps ug sd ckb", {"Arabic"}),
    ("he yi", {"Hebrew"}),
    ("ja", {"Han", "Hiragana", "Katakana"}),
    ("zh yue wuu", {"Han", "Bopomofo"}),
    ("ko", {"Hangul", "Han"}),
    ("hi mr ne sa", {"Devanagari"}),
    ("bn as", {"Bengali"}),
    ("th", {"Thai"}),
    ("ka", {"Georgian"}),
    ("hy", {"Armenian"}),
    ("ta", {"Tamil"}), ("te", {"Telugu"}), ("kn", {"Kannada"}), ("ml", {"Malayalam"}),
    ("gu", {"Gujarati"}), ("pa", {"Gurmukhi"}), ("si", {"Sinhala"}), ("km", {"Khmer"}),
    ("lo", {"Lao"}), ("my", {"Myanmar"}), ("am ti", {"Ethiopic"}),
):
    for _lang in _langs.split():
        _SCRIPTS[_lang] = frozenset(_scripts)

_SCRIPT_NAMES = (
    "Latin", "Cyrillic", "Greek", "Arabic", "Hebrew", "Han", "Hiragana", "Katakana", "Hangul", "Bopomofo",
    "Devanagari", "Bengali", "Thai", "Georgian", "Armenian", "Tamil", "Telugu", "Kannada", "Malayalam",
    "Gujarati", "Gurmukhi", "Sinhala", "Khmer", "Lao", "Myanmar", "Ethiopic",
)
_SCRIPT_RUN = regex.compile(
    "|".join(
        rf"(?P<{name}>\p{{Script={name}}}[\p{{Script={name}}}\p{{M}}'’\-]*"
        rf"(?:[[\s\p{{Common}}]--[\n]]+\p{{Script={name}}}[\p{{Script={name}}}\p{{M}}'’\-]*)*)"
        for name in _SCRIPT_NAMES
    ),
    regex.V1,
)
_CJK = frozenset({"Han", "Hiragana", "Katakana", "Hangul", "Bopomofo"})


def scripts_of(lang: str) -> frozenset[str]:
    return _SCRIPTS.get(lang, frozenset({"Latin"}))


def script_spans(text: str, masked: str, target: str, detector: Detector) -> list[ForeignSpan]:
    """Runs of another script than the target's; Latin runs in other scripts must look like prose."""
    own = scripts_of(target)
    spans: list[ForeignSpan] = []
    for match in _SCRIPT_RUN.finditer(text):
        script = match.lastgroup or ""
        if script in own or script == "Han" and own & {"Han"}:
            continue
        start, end = _trim(text, match.start(), match.end())
        piece = masked[start:end]
        letters = len(_LETTER.findall(piece))
        if script == "Latin":
            # Brand names and terms in Latin letters are normal in Cyrillic or CJK text: only prose counts.
            if letters < 25 or len(_LOWER_WORD.findall(piece)) < 4:
                continue
        elif letters < (2 if script in _CJK else 4) or _parenthesised_gloss(text, start, end):
            continue
        detection = detector.detect(piece)
        if script == "Latin" and (detection is None or detection.confidence < 0.9):
            continue
        lang = detection.lang if detection is not None else "und"
        conf = detection.confidence if detection is not None else 0.0
        spans.append(ForeignSpan(start, end, lang, conf, "script", script))
    return spans


def _parenthesised_gloss(text: str, start: int, end: int) -> bool:
    """An original-script name in brackets or quotes after its transcription ("Moscou (Москва)")."""
    before = text[:start].rstrip()
    after = text[end:].lstrip()
    wrapped = bool(before) and before[-1] in "(«“\"[" and bool(after) and after[0] in ")»”\"]"
    return wrapped and len(text[start:end].split()) <= 4
