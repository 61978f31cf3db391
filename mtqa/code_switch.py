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
from mtqa.word_evidence import has_lexicon, lean


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


# Word-level evidence (2-4 word phrases): a strong word is >= 10^2.5 times more frequent in the source.
STRONG_LEAN = 2.5
MIN_STRONG_WORDS = 2
PHRASE_CONFIDENCE = 0.9
# A clause none of whose words is this much more frequent in the source is not classified at all.
PREFILTER_LEAN = 1.0
# A short clause joins a foreign neighbour when the detector agrees at this confidence.
EXTEND_CONFIDENCE = 0.7
# Comma-pieces at the edge of a flagged clause whose words lean this much to the target are dropped.
TRIM_LEAN = 1.0

_WORD_TOKEN = regex.compile(r"(?<![\p{L}\p{N}])\p{L}[\p{L}\p{M}'’\-]*+(?!\p{N})")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span to start and end at a word, keeping balanced quotes and brackets."""
    while start < end and not text[start].isalnum() and text[start] not in _OPENERS:
        start += 1
    while end > start and not text[end - 1].isalnum() and text[end - 1] not in _CLOSERS:
        end -= 1
    # Quotes and brackets belong to the span only when balanced inside it.
    while end > start and text[start] in _OPENERS and not _closes(text[start], text[start + 1 : end]):
        start += 1
        while start < end and not text[start].isalnum() and text[start] not in _OPENERS:
            start += 1
    while end > start and text[end - 1] in _CLOSERS and not _opens(text[end - 1], text[start : end - 1]):
        end -= 1
        while end > start and not text[end - 1].isalnum() and text[end - 1] not in _CLOSERS:
            end -= 1
    return start, end


_OPENERS = "\"'«“‘(¿¡["
_CLOSERS = "\"'»”’)]"
_PAIRS = {"(": ")", "[": "]", "«": "»", "“": "”", "‘": "’", '"': '"', "'": "'", "¿": "?", "¡": "!"}


def _closes(opener: str, rest: str) -> bool:
    return _PAIRS.get(opener, "") in rest


def _opens(closer: str, before: str) -> bool:
    return any(o in before for o, c in _PAIRS.items() if c == closer)


def clause_features(masked: str) -> tuple[int, int]:
    """Letters and lower-case words of a masked piece."""
    letters = sum(map(str.isalpha, masked))
    lower = sum(1 for word in masked.split() if word.lstrip(_LEADING_PUNCT)[:1].islower())
    return letters, lower


_LEADING_PUNCT = "\"'«“‘([¿¡—–-„‹"


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
        lexicon = pair and self.word_evidence and has_lexicon(target) and has_lexicon(source or "")
        verdicts: list[tuple[Segment, Detection | None]] = []
        spans: list[ForeignSpan] = []
        for sentence in sentences:
            clauses = split_clauses(text, sentence)
            words = {c: _word_leans(masked, c, target, source or "") if lexicon else [] for c in clauses}
            judged = [
                (c, *self._judge(masked[c.start : c.end], target, candidates, guards, words[c] if lexicon else None))
                for c in clauses
            ]
            if pair:
                judged = self._extend(masked, judged, target, candidates)
            for clause, detection, _sure in judged:
                if detection is not None and lexicon:
                    clause = self._trim_pieces(text, clause, target, detection.lang)
                verdicts.append((clause, detection))
                if detection is None and lexicon:
                    spans.extend(self._phrases(text, masked, words[clause], target, source or ""))
        run: list[tuple[Segment, Detection]] = []

        def close_run() -> None:
            if run:
                start, end = _trim(text, run[0][0].start, run[-1][0].end)
                conf = min(d.confidence for _, d in run)
                if end > start:
                    spans.append(ForeignSpan(start, end, run[0][1].lang, conf, "clause"))
                run.clear()

        for clause, detection in verdicts:
            if detection is None or run and run[-1][1].lang != detection.lang:
                close_run()
            if detection is not None:
                run.append((clause, detection))
        close_run()
        return sorted(spans, key=lambda s: s.start)

    def _judge(self, piece: str, target: str, candidates: tuple[str, ...] | None,
               guards: Guards, leans: list[tuple[regex.Match[str], float]] | None = None
               ) -> tuple[Detection | None, bool]:
        """(foreign detection or None, whether the clause was long enough to be judged)."""
        letters, lower = clause_features(piece)
        if letters < guards.min_letters or lower < guards.min_lower_words:
            return None, False
        if leans is not None and all(value < PREFILTER_LEAN for _, value in leans):
            return None, True  # not one word that prefers the source: no need to ask the detector
        detection = self.detector.detect(piece, candidates)
        if detection is None or detection.lang == target:
            return None, detection is not None and detection.confidence >= guards.min_confidence
        if detection.confidence < guards.min_confidence:
            return None, False
        if candidates is None:
            # Confirm an open-set answer as a two-way decision against the target.
            confirm = self.detector.detect(piece, (target, detection.lang))
            if confirm is None or confirm.lang == target or confirm.confidence < PAIR_GUARDS.min_confidence:
                return None, False
        return detection, True

    def _extend(self, masked: str, judged: list[tuple[Segment, Detection | None, bool]], target: str,
                candidates: tuple[str, ...] | None) -> list[tuple[Segment, Detection | None, bool]]:
        """Clauses too short to judge alone join a neighbouring foreign clause of the same sentence
        when the detector, on the short clause itself, agrees with the neighbour."""
        out = list(judged)
        changed = True
        while changed:
            changed = False
            for i, (clause, detection, sure) in enumerate(out):
                if detection is not None or sure:
                    continue
                neighbours = [out[j][1] for j in (i - 1, i + 1) if 0 <= j < len(out) and out[j][1] is not None]
                if not neighbours:
                    continue
                piece = masked[clause.start : clause.end]
                letters, lower = clause_features(piece)
                if letters < 4 or lower < 1:
                    continue
                found = self.detector.detect(piece, candidates)
                lang = neighbours[0].lang if neighbours[0] is not None else None
                if found is not None and found.lang == lang and found.confidence >= EXTEND_CONFIDENCE:
                    out[i] = (clause, found, True)
                    changed = True
        return out

    def _trim_pieces(self, text: str, clause: Segment, target: str, foreign: str) -> Segment:
        """Drop leading or trailing comma-pieces of a merged clause whose words lean to the target
        ("sans —historia de..." starts in French)."""
        pieces = split_clauses(text, clause, min_words=0)
        while len(pieces) > 1 and _piece_lean(pieces[0].text, target, foreign) <= -TRIM_LEAN:
            pieces.pop(0)
        while len(pieces) > 1 and _piece_lean(pieces[-1].text, target, foreign) <= -TRIM_LEAN:
            pieces.pop()
        if pieces[0].start == clause.start and pieces[-1].end == clause.end:
            return clause
        return Segment(pieces[0].start, pieces[-1].end, text[pieces[0].start : pieces[-1].end])

    def _phrases(self, text: str, masked: str, leans: list[tuple[regex.Match[str], float]], target: str,
                 source: str) -> list[ForeignSpan]:
        """Runs of 2+ words that lean to the source language, confirmed by the detector."""
        out: list[ForeignSpan] = []
        if sum(1 for _, value in leans if value >= STRONG_LEAN) < MIN_STRONG_WORDS:
            return out
        run: list[tuple[regex.Match[str], float]] = []

        def close() -> None:
            while run and run[0][1] < STRONG_LEAN:
                run.pop(0)
            while run and run[-1][1] < STRONG_LEAN:
                run.pop()
            strong = sum(1 for _, value in run if value >= STRONG_LEAN)
            if len(run) >= 2 and strong >= MIN_STRONG_WORDS:
                start, end = run[0][0].start(), run[-1][0].end()
                found = self.detector.detect(masked[start:end], (target, source))
                if found is not None and found.lang == source and found.confidence >= PHRASE_CONFIDENCE:
                    out.append(ForeignSpan(start, end, source, found.confidence, "words"))
            run.clear()

        previous_end = -1
        for match, value in leans:
            if run and text[previous_end : match.start()].strip():
                close()
            if value < 0:
                close()
            else:
                run.append((match, value))
            previous_end = match.end()
        close()
        return out


def _word_leans(masked: str, clause: Segment, target: str, source: str) -> list[tuple[regex.Match[str], float]]:
    """Each word of a masked clause with its lean to the source (digits and masked text excluded)."""
    return [(m, lean(m.group(), target, source)) for m in _WORD_TOKEN.finditer(masked, clause.start, clause.end)]


def _piece_lean(piece: str, target: str, foreign: str) -> float:
    words = _WORD_TOKEN.findall(piece)
    if not words or not has_lexicon(target) or not has_lexicon(foreign):
        return 0.0
    return sum(lean(w, target, foreign) for w in words) / len(words)


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
        letters, lower = clause_features(piece)
        if script == "Latin":
            # Brand names and terms in Latin letters are normal in Cyrillic or CJK text: only prose counts.
            if letters < 25 or lower < 4:
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
