"""Spans of a text written in another language than the target (code-switching, leaked source).

Layers, most certain first:

1. script: a run of letters in a script the target language does not use (Cyrillic or Han inside
   French) needs no statistics;
2. clauses: each clause (see `sentences.split_clauses`) is classified on its masked text, limited
   to {target, source}; adjacent flagged clauses merge into one span; a text whose every sentence
   has few common target words is also checked for a third language (a segment in the wrong file);
3. words: inside clauses that stay target-language overall, a 2-6 word aside between brackets or
   dashes, a run of 2+ words, or a single word that is common in the source language and rare in
   the target's lexicon (wordfreq), each confirmed by the detector.

A flagged clause or phrase takes in the names and numbers between it and its sentence's start (or the
edge clause that holds no word of the target language): nothing else is on their other side.

Without a source language, the same two-way detection runs against each foreign language the text
(or its document) leans to (`mtqa.langid.inference`), and the script layer covers every other
language: inference reads every clause an open-set pass could flag, so no clause is classified twice.

A fast pass first skips every sentence none of whose words prefers the source language.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import regex

from mtqa.langid.detector import Detection, Detector
from mtqa.langid.inference import MIN_LOWER_WORDS as INFER_MIN_LOWER_WORDS
from mtqa.langid.inference import ForeignEvidence, words_agree
from mtqa.langid.masking import LEADING_PUNCT, blank, clause_features, mask
from mtqa.langid.word_evidence import ABSENT, has_lexicon, lean, zipf
from mtqa.text.scripts import FOREIGN_LETTER, LATIN, SCRIPT_RUN, scripts_of
from mtqa.text.sentences import Segment, split_clauses, split_sentences
from mtqa.util import patterns
from mtqa.util.memo import BoundedMemo


@dataclass(frozen=True)
class Guards:
    """When a clause may be judged: enough letters and enough lower-case (non-name) words."""

    min_confidence: float = 0.9
    min_letters: int = 15
    min_lower_words: int = 2


# Limited to {target, source}: the measured operating point (notes/lid.md, P 0.99 at 0.2 % FPR).
PAIR_GUARDS = Guards()
# Open set (a whole text in a third language): short clauses drift to neighbours (nn, gl, af...), so
# demand much more.
OPEN_GUARDS = Guards(min_confidence=0.99, min_letters=30, min_lower_words=4)


@dataclass(frozen=True)
class ForeignSpan:
    start: int
    end: int
    lang: str
    confidence: float
    layer: str  # "script", "clause", "words" (a phrase) or "word" (a single word)
    script: str | None = None


# Word-level evidence (2-4 word phrases): a strong word is >= 10^2.5 times more frequent in the source.
STRONG_LEAN = 2.5
MIN_STRONG_WORDS = 2
# ... or, with one strong word, as much lean in all: "even more than" (2.5 + 2.1 + 2.5). A phrase starts
# and ends at a word leaning at least EDGE_LEAN (30 times as frequent).
EDGE_LEAN = 1.5
PHRASE_CONFIDENCE = 0.9
# ... or, with no strong word, a run of this many words that each lean at least EDGE_LEAN, all lower-case
# but a clause's first ("The issue might": English function words are common enough in other languages'
# lists that each leans only ~2): three such words in a row are rare by chance.
LEANING_RUN_WORDS = 3
# Asides between brackets or dashes: mean lean of their words, and the detector's confidence needed
# (lower when the words lean twice as much).
_ASIDE_OPEN = "(—–["
_ASIDE_CLOSE = ")—–]"
# Marks that end an aside or a quotation: a span does not grow across them.
_ASIDE_MARKS = "()[]—–\"«»“”"
ASIDE_MEAN_LEAN = 1.5
ASIDE_STRONG_CONFIDENCE = 0.75
# A single word: common in the source (Zipf >= 3.5, once per 300k words), rare or absent in the target.
SINGLE_LEAN = 3.0
SINGLE_MIN_LETTERS = 5
SINGLE_MAX_TARGET_ZIPF = 2.0
SINGLE_MIN_SOURCE_ZIPF = 3.5
# A sentence is checked for a third language only when under 70 % of its words are common target words.
COMMON_TARGET_ZIPF = 3.0
THIRD_MAX_TARGET_SHARE = 0.7
# Inference, per clause: a clause with no word missing from the target's list, at least this share of
# common target words and none leaning to English is not classified. Measured on the clean-sentence
# benchmark and the no-source recall of language_id.py --synth: 0.9 classifies half the clean clauses
# with the recall of 1.0 (every word common) on dev, synth-A and synth-B; 0.8 loses 0.012 on dev.
INFER_QUIET_COMMON_SHARE = 0.9
THIRD_CONFIDENCE = 0.95
# A clause none of whose words is this much more frequent in the source is not classified at all.
PREFILTER_LEAN = 1.0
# A short clause joins a foreign neighbour when the detector agrees at this confidence, or when its words
# lean to the neighbour's language by EXTEND_MEAN_LEAN on average and the detector is not sure of the target.
EXTEND_CONFIDENCE = 0.7
EXTEND_MEAN_LEAN = 1.0
EXTEND_WORDS = True
# An item of a list of titles or terms has at most this many words (a clause is longer).
TITLE_MAX_WORDS = 10
# A bracketed translation right after a flagged span (a quoted title) is at most this long.
GLOSS_MAX_WORDS = 12
GLOSS_MAX_CHARS = 160
# Comma-pieces at the edge of a flagged clause whose words lean this much to the target are dropped.
TRIM_LEAN = 1.0

_WORD_TOKEN = patterns.compile(r"(?<![\p{L}\p{N}])\p{L}[\p{L}\p{M}'’\-]*+(?!\p{N})")


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




# Texts whose spans are remembered per finder (a translation memory repeats many segments).
FIND_MEMO_SIZE = 10_000


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
        self._memo = BoundedMemo(FIND_MEMO_SIZE)

    def masked(self, text: str, target: str) -> str:
        last = self.__dict__.get("_last_masked")
        if last is not None and last[0] == text and last[1] == target:
            return last[2]  # type: ignore[no-any-return]
        spans = mask(text, target, protected_terms=self.protected_terms, loanwords=self.loanwords.get(target, ()))
        masked = blank(text, spans)
        self._last_masked = (text, target, masked)
        return masked

    def find(self, text: str, target: str, source: str | None = None,
             sentences: list[Segment] | None = None, foreign: Sequence[str] | None = None,
             inferred: bool = False) -> list[ForeignSpan]:
        """Foreign spans of `text` (target language `target`), in text order.

        With `source`, the two-way detection runs against it. Without, against each of the `foreign`
        languages (the document's inferred ones) and each language `text` itself leans to, unless
        `inferred` says that the document's inference has read `text` already. Other languages are
        found only as runs of another script: a clause that an open-set classifier could flag would
        have counted as evidence for its language (inference reads shorter pieces, with a weaker
        confidence, and confirms them by the same word lists), so it is never classified twice."""
        pair = source is not None and source != target
        langs = tuple(foreign or ())
        key = (text, target, source if pair else None, None if pair else (langs, inferred))
        found = self._memo.get(key)
        if found is None:
            if sentences is None:
                sentences = split_sentences(text, target)
            if pair:
                spans = self._find(text, target, source, sentences)
            else:
                if not inferred:
                    langs += tuple(lang for lang in self.infer(text, target, sentences) if lang not in langs)
                spans = self._find_without_source(text, target, sentences, langs)
            found = self._memo.remember(key, spans)
        return list(found)

    def infer(self, text: str, target: str, sentences: list[Segment] | None = None,
              evidence: ForeignEvidence | None = None) -> tuple[str, ...]:
        """The foreign languages `text` leans to (see `mtqa.langid.inference`); with `evidence`, its
        pieces are added to that document-wide evidence instead (call `evidence.languages()` at the end)."""
        if sentences is None:
            sentences = split_sentences(text, target)
        own = evidence or ForeignEvidence(target, self.detector)
        masked = ""
        quick = self.word_evidence and has_lexicon(target)
        for sentence in sentences:
            marks = _marks(sentence.text, target) if quick else None
            if marks is not None and not any(marks):
                continue  # every word a common target word: none of its clauses can be evidence
            clauses = split_clauses(text, sentence)
            if len(clauses) == 1:
                pieces = [] if marks is not None and _plain(marks) else [sentence]
            else:
                # A sentence of several clauses is judged clause by clause: the whole sentence adds
                # nothing that its clauses do not (measured: the same recall, 40 % fewer classifications).
                pieces = [c for c in clauses if not (quick and _plain(_marks(c.text, target)))]
            if pieces:
                masked = masked or self.masked(text, target)
                own.add_all(masked[p.start : p.end] for p in pieces)
        return own.languages(limit=None) if evidence is None else ()

    def _find_without_source(self, text: str, target: str, sentences: list[Segment],
                             foreign: Sequence[str]) -> list[ForeignSpan]:
        """Two-way detection against each inferred language, then runs of another script; a span found
        earlier (stronger evidence first) wins over an overlapping one."""
        found: list[ForeignSpan] = []
        for lang in foreign:
            if lang != target:
                taken = [(s.start, s.end) for s in found]
                found += [s for s in self._find(text, target, lang, sentences) if not _overlaps(s, taken)]
        if not _latin_only(text, target):
            taken = [(s.start, s.end) for s in found]
            more = script_spans(text, self.masked(text, target), target, self.detector)
            found += [s for s in more if not _overlaps(s, taken)]
        return sorted(found, key=lambda s: (s.start, s.end))

    def _find(self, text: str, target: str, source: str, sentences: list[Segment]) -> list[ForeignSpan]:
        """Two-way detection against `source`."""
        latin_only = _latin_only(text, target)
        quiet = self._quiet_sentences(text, target, source, sentences)
        if all(quiet):
            return []
        # Masked whole, not sentence by sentence: a style sheet, an ICU message or a quoted command can
        # span sentences, and only the whole text shows where it starts.
        masked = self.masked(text, target)
        found = [] if latin_only else script_spans(text, masked, target, self.detector)
        taken = [(s.start, s.end) for s in found]
        found += [s for s in self._clauses(text, masked, target, source, sentences, quiet) if not _overlaps(s, taken)]
        return sorted(found, key=lambda s: (s.start, s.end))

    def _quiet_sentences(self, text: str, target: str, source: str, sentences: list[Segment]) -> list[bool]:
        """A fast pass on the unmasked text: which sentences no layer could flag (most clean text).

        Every word, names included, must be at least as frequent in the target as a tenth of its
        frequency in the source, and the sentence must not look like a third language; a text with a
        letter of another script than the (Latin-script) target is never quiet. Masking only removes
        words, so the full pass could not find more in a quiet sentence."""
        if not self.word_evidence or scripts_of(target) != LATIN or _foreign_letter(text):
            return [False] * len(sentences)
        if not has_lexicon(target) or not has_lexicon(source):
            return [False] * len(sentences)
        quiet = []
        for sentence in sentences:
            marks = _pair_marks(_text_tokens(sentence.text), target, source)
            quiet.append(not _leaning(marks) and not _uncommon_marks(marks))
        return quiet

    def _clauses(self, text: str, masked: str, target: str, source: str, sentences: list[Segment],
                 quiet: list[bool]) -> list[ForeignSpan]:
        candidates = (target, source)
        lexicon = self.word_evidence and has_lexicon(target) and has_lexicon(source)
        verdicts: list[tuple[Segment, Detection | None]] = []
        spans: list[ForeignSpan] = []
        uncommon: list[Segment] = []  # sentences with few common target words: a third language?
        for sentence, is_quiet in zip(sentences, quiet, strict=True):
            if is_quiet:
                verdicts.append((sentence, None))  # (see `_quiet_sentences`)
                continue
            if lexicon:
                marks = _pair_marks(_tokens(masked[sentence.start : sentence.end]), target, source)
                if _uncommon_marks(marks):
                    uncommon.append(sentence)
                if not _leaning(marks):
                    # Not one word prefers the source: no clause, phrase or word of it can be flagged.
                    verdicts.append((sentence, None))
                    continue
            clauses = split_clauses(text, sentence)
            tokens = {c: _tokens(masked[c.start : c.end]) if lexicon else [] for c in clauses}
            values = {c: [lean(w, target, source) for w in tokens[c]] for c in clauses}
            judged = [
                (c, *self._judge(masked[c.start : c.end], target, candidates, values[c] if lexicon else None))
                for c in clauses
            ]
            judged = self._extend(masked, judged, target, candidates)
            for clause, detection, _sure in judged:
                if detection is not None and lexicon:
                    clause = self._trim_pieces(text, masked, clause, target, detection.lang)
                verdicts.append((clause, detection))
                if detection is None and lexicon:
                    phrases = self._bracketed(text, masked, clause, target, source)
                    phrases += [p for p in self._phrases(text, masked, clause, values[clause], target, source)
                                if not _overlaps(p, [(b.start, b.end) for b in phrases])]
                    spans.extend(phrases)
        run: list[tuple[Segment, Detection]] = []

        def close_run() -> None:
            if run:
                start, end = run[0][0].start, run[-1][0].end
                if lexicon and len(run) > 1:
                    edges = self._trim_pieces(text, masked, Segment(start, end, text[start:end]), target,
                                              run[0][1].lang)
                    start, end = edges.start, edges.end
                start, end = _trim(text, start, end)
                conf = min(d.confidence for _, d in run)
                if end > start and not title_list(text, start, end) and not self._glossed(masked, end, target):
                    spans.append(ForeignSpan(start, end, run[0][1].lang, conf, "clause"))
                run.clear()

        for clause, detection in verdicts:
            if detection is None or run and run[-1][1].lang != detection.lang:
                close_run()
            if detection is not None:
                run.append((clause, detection))
        close_run()
        if uncommon and len(uncommon) == len(sentences):
            # Only a whole text in a third language (a segment routed to the wrong file): a sentence of
            # a third language inside a text is a quotation or a title far more often than an error.
            taken = [(span.start, span.end) for span in spans]
            for sentence in uncommon:
                if not any(sentence.start < b and a < sentence.end for a, b in taken):
                    third = self._third_language(masked, sentence, target, source)
                    if third is not None:
                        spans.append(third)
        if lexicon:
            spans = self._from_sentence_start(text, masked, spans, sentences, target)
        return sorted(spans, key=lambda s: s.start)

    def _glossed(self, masked: str, end: int, target: str) -> bool:
        """Whether a span ending at `end` is followed by its translation in brackets: a title or a term
        quoted in its original language ("zijn boek Introduzione alla fisica atomica (Inleiding tot de
        atoomfysica)"), not a translation error."""
        after = masked[end : end + GLOSS_MAX_CHARS].lstrip(" \u00a0.,;:")
        close = after.find(")")
        if not after.startswith("(") or close < 0:
            return False
        inner = after[1:close]
        if not inner.strip() or len(inner.split()) > GLOSS_MAX_WORDS or "(" in inner:
            return False
        found = self.detector.detect(inner)
        return found is not None and found.lang == target

    def _third_language(self, masked: str, sentence: Segment, target: str, source: str) -> ForeignSpan | None:
        """A whole sentence in neither the target nor the source language (Spanish in an en->pt file).

        Only sentences with under 70 % common target-language words are classified, in the open set, then
        confirmed as a two-way decision against the target and by word frequencies."""
        piece = masked[sentence.start : sentence.end]
        letters, lower = clause_features(piece)
        if letters < OPEN_GUARDS.min_letters or lower < OPEN_GUARDS.min_lower_words:
            return None
        found = self.detector.detect(piece)
        if found is None or found.lang in (target, source) or found.confidence < THIRD_CONFIDENCE:
            return None
        confirm = self.detector.detect(piece, (target, found.lang))
        if confirm is None or confirm.lang != found.lang or confirm.confidence < OPEN_GUARDS.min_confidence:
            return None
        if not words_agree(piece, target, found.lang):
            return None
        start, end = _trim(masked, sentence.start, sentence.end)
        return ForeignSpan(start, end, found.lang, found.confidence, "clause")

    def _judge(self, piece: str, target: str, candidates: tuple[str, str], leans: list[float] | None = None
               ) -> tuple[Detection | None, bool]:
        """(foreign detection or None, whether the clause was long enough to be judged)."""
        guards = PAIR_GUARDS
        letters, lower = clause_features(piece)
        if letters < guards.min_letters or lower < guards.min_lower_words:
            return None, False
        if leans is not None and all(value < PREFILTER_LEAN for value in leans):
            return None, True  # not one word that prefers the source: no need to ask the detector
        detection = self.detector.detect(piece, candidates)
        if detection is None or detection.lang == target:
            return None, detection is not None and detection.confidence >= guards.min_confidence
        if detection.confidence < guards.min_confidence:
            return None, False
        if not scripts_of(target) & scripts_of(detection.lang) and not words_agree(piece, target, detection.lang):
            # Limited to {ja, en}, any Latin-script text reads as English: its words must say so too
            # ("Polski (Prace w toku)", a language's own name in a Japanese table, is not English).
            return None, False
        return detection, True

    def _extend(self, masked: str, judged: list[tuple[Segment, Detection | None, bool]], target: str,
                candidates: tuple[str, str]) -> list[tuple[Segment, Detection | None, bool]]:
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
                edge = self._sentence_edge(masked, out, i, target)
                if edge is not None:
                    out[i] = (clause, edge, True)
                    changed = True
                    continue
                piece = masked[clause.start : clause.end]
                letters, lower = clause_features(piece)
                if letters < 4 or lower < 1:
                    continue
                found = self.detector.detect(piece, candidates)
                lang = neighbours[0].lang if neighbours[0] is not None else None
                if found is None or lang is None:
                    continue
                if found.lang == lang and found.confidence >= EXTEND_CONFIDENCE:
                    out[i] = (clause, found, True)
                    changed = True
                elif EXTEND_WORDS and (found.lang == lang or found.confidence < PAIR_GUARDS.min_confidence) and \
                        _piece_lean(piece, target, lang) >= EXTEND_MEAN_LEAN:
                    # The classifier is unsure on so few letters, but the words belong to the neighbour.
                    out[i] = (clause, Detection(lang, min(d.confidence for d in neighbours if d)), True)
                    changed = True
        return out

    def _sentence_edge(self, masked: str, judged: list[tuple[Segment, Detection | None, bool]], i: int,
                       target: str) -> Detection | None:
        """The detection of the foreign neighbour that the first or last clause of a sentence joins when
        none of its lower-case words leans to the target ("Lord Halifax, Senhor Presidente do Conselho,
        visitou..."; a word leans when it is TRIM_LEAN more frequent there): only the sentence's edge is
        on its other side, so its names go with the rest. A
        bracket, dash or quote between them ends an aside instead ("— Monster Mash"). None: no join."""
        j = 1 if i == 0 else len(judged) - 2 if i == len(judged) - 1 else -1
        if not self.word_evidence or not 0 <= j < len(judged) or judged[j][1] is None:
            return None
        neighbour, detection = judged[j][0], judged[j][1]
        clause = judged[i][0]
        gap = masked[clause.end : neighbour.start] if i < j else masked[neighbour.end : clause.start]
        if any(mark in gap for mark in _ASIDE_MARKS):
            return None
        words = _tokens(masked[clause.start : clause.end])
        if any(lean(w, target, detection.lang) <= -TRIM_LEAN for w in words if w[0].islower()):
            return None
        return detection

    def _from_sentence_start(self, text: str, masked: str, spans: list[ForeignSpan], sentences: list[Segment],
                             target: str) -> list[ForeignSpan]:
        """Clause and phrase spans reach back to their sentence's start, or to the previous span of the
        same language in it, over text none of whose words leans to the target ("In 2011, Blunt was
        named"; "With 71 goals in 137 matches, he has"): the same reasoning as `_sentence_edge`."""
        out: list[ForeignSpan] = []
        for span in sorted(spans, key=lambda s: s.start):
            sentence = next((s for s in sentences if s.start <= span.start < s.end), None)
            if sentence is None or span.layer not in ("clause", "words"):
                out.append(span)
                continue
            previous = out[-1] if out and out[-1].end > sentence.start else None
            if previous is not None and (previous.layer not in ("clause", "words") or previous.lang != span.lang):
                out.append(span)
                continue
            left = previous.end if previous is not None else sentence.start
            gap = masked[left : span.start]
            if span.start <= left or any(mark in gap for mark in _ASIDE_MARKS) or \
                    any(lean(w, target, span.lang) <= -TRIM_LEAN for w in _tokens(gap)):
                out.append(span)
            elif previous is not None:
                layer = "clause" if "clause" in (previous.layer, span.layer) else "words"
                out[-1] = ForeignSpan(previous.start, span.end, span.lang, min(previous.confidence, span.confidence),
                                      layer)
            else:
                start, _end = _trim(text, sentence.start, span.end)
                out.append(ForeignSpan(start, span.end, span.lang, span.confidence, span.layer))
        return out

    def _trim_pieces(self, text: str, masked: str, clause: Segment, target: str, foreign: str) -> Segment:
        """Drop leading or trailing pieces (between commas, brackets, dashes) of a flagged span that read
        as the target ("sans —historia de..." starts in French; "Le porte-parole, Rona desarrolló...").
        Edge names stay: nothing says which side they belong to."""
        pieces = split_clauses(text, clause, min_words=0)
        while len(pieces) > 1 and self._edge_piece(masked, pieces[0], target, foreign):
            pieces.pop(0)
        while len(pieces) > 1 and self._edge_piece(masked, pieces[-1], target, foreign):
            pieces.pop()
        if pieces[0].start == clause.start and pieces[-1].end == clause.end:
            return clause
        return Segment(pieces[0].start, pieces[-1].end, text[pieces[0].start : pieces[-1].end])

    def _edge_piece(self, masked: str, piece: Segment, target: str, foreign: str) -> bool:
        """Whether an edge piece of a flagged span is no part of it (see `_trim_pieces`)."""
        value = _piece_lean(piece.text, target, foreign)
        if value <= -TRIM_LEAN:
            return True
        if value > 0:
            return False
        found = self.detector.detect(masked[piece.start : piece.end], (target, foreign))
        return found is not None and found.lang == target and found.confidence >= PAIR_GUARDS.min_confidence

    def _bracketed(self, text: str, masked: str, clause: Segment, target: str, source: str) -> list[ForeignSpan]:
        """A short aside between brackets or dashes ("—la cual es—") whose words lean to the source.

        Such a piece is under the clause minimum, so it was judged together with its neighbour."""
        out: list[ForeignSpan] = []
        for piece in split_clauses(text, clause, min_words=0):
            before = text[: piece.start].rstrip()[-1:]
            after = text[piece.end :].lstrip()[:1]
            if before not in _ASIDE_OPEN or after not in _ASIDE_CLOSE:
                continue
            words = _tokens(masked[piece.start : piece.end])
            if not 2 <= len(words) <= 6:
                continue
            values = [lean(w, target, source) for w in words]
            mean = sum(values) / len(values)
            if min(values) < -0.5 or max(values) < STRONG_LEAN or mean < ASIDE_MEAN_LEAN:
                continue
            found = self.detector.detect(masked[piece.start : piece.end], (target, source))
            needed = PHRASE_CONFIDENCE if mean < 2 * ASIDE_MEAN_LEAN else ASIDE_STRONG_CONFIDENCE
            if found is not None and found.lang == source and found.confidence >= needed:
                start, end = _trim(text, piece.start, piece.end)
                out.append(ForeignSpan(start, end, source, found.confidence, "words"))
        return out

    def _phrases(self, text: str, masked: str, clause: Segment, values: list[float], target: str,
                 source: str) -> list[ForeignSpan]:
        """Runs of 2+ words that lean to the source language, confirmed by the detector."""
        out: list[ForeignSpan] = []
        strong_words = sum(1 for value in values if value >= STRONG_LEAN)
        leaning = sum(value for value in values if value >= EDGE_LEAN)
        weak = strong_words < MIN_STRONG_WORDS and leaning < MIN_STRONG_WORDS * STRONG_LEAN
        runs_only = sum(1 for value in values if value >= EDGE_LEAN) >= LEANING_RUN_WORDS
        if (strong_words == 0 or weak and max(values) < SINGLE_LEAN) and not runs_only:
            return out
        leans = _word_leans(masked, clause, target, source)
        run: list[tuple[regex.Match[str], float]] = []

        def close() -> None:
            while run and run[0][1] < EDGE_LEAN:
                run.pop(0)
            while run and run[-1][1] < EDGE_LEAN:
                run.pop()
            strong = sum(1 for _, value in run if value >= STRONG_LEAN)
            total = sum(value for _, value in run)
            found = None
            if len(run) >= 2 and strong and (strong >= MIN_STRONG_WORDS or total >= MIN_STRONG_WORDS * STRONG_LEAN):
                found = self._phrase(masked, run[0][0].start(), run[-1][0].end(), target, source)
            if found is None:
                for first, last in _leaning_runs(masked, clause, run):
                    more = self._phrase(masked, first.start(), last.end(), target, source)
                    out.extend([more] if more is not None else [])
            else:
                out.append(found)
            run.clear()

        previous_end = -1
        for match, value in leans:
            if run and masked[previous_end : match.start()].strip():  # a name or a number does not end it
                close()
            if value < 0:
                close()
            else:
                run.append((match, value))
            previous_end = match.end()
        close()
        taken = [(span.start, span.end) for span in out]
        for match, value in leans:
            if value >= SINGLE_LEAN and not any(a <= match.start() < b for a, b in taken):
                found = self._single_word(match.group(), target, source)
                if found is not None:
                    out.append(ForeignSpan(match.start(), match.end(), source, found.confidence, "word"))
        return out

    def _phrase(self, masked: str, start: int, end: int, target: str, source: str) -> ForeignSpan | None:
        """A phrase span when the detector, limited to {target, source}, confirms it."""
        found = self.detector.detect(masked[start:end], (target, source))
        if found is None or found.lang != source or found.confidence < PHRASE_CONFIDENCE:
            return None
        return ForeignSpan(start, end, source, found.confidence, "words")

    def _single_word(self, word: str, target: str, source: str) -> Detection | None:
        """A lone word that is common in the source and practically absent from the target language."""
        if len(word) < SINGLE_MIN_LETTERS or not word[0].islower():
            return None
        if zipf(word, target) > SINGLE_MAX_TARGET_ZIPF or zipf(word, source) < SINGLE_MIN_SOURCE_ZIPF:
            return None
        found = self.detector.detect(word, (target, source))
        if found is None or found.lang != source or found.confidence < PHRASE_CONFIDENCE:
            return None
        return found


def _latin_only(text: str, target: str) -> bool:
    """A Latin-script target with no letter of another script: no foreign-script run to find."""
    return scripts_of(target) == LATIN and not _foreign_letter(text)


@functools.lru_cache(maxsize=2)
def _foreign_letter(text: str) -> bool:
    """Whether `text` holds a letter of another script than Latin (asked up to three times per text and
    foreign language: remembered for the last texts)."""
    return FOREIGN_LETTER.search(text) is not None


# How a word counts in inference's quick test (see `_plainly_target`).
_COMMON, _RARE, _TELLING = 0, 1, 2


@functools.lru_cache(maxsize=65536)
def _mark(word: str, target: str) -> int:
    """_TELLING: missing from the target's word list, or ten times more frequent in English (wordfreq's
    lists of other languages hold many common English words: "most", "did", "have" are common German
    words to it); else _COMMON or _RARE in the target (COMMON_TARGET_ZIPF)."""
    value = zipf(word, target)
    # (zipf(word, "en") - value is `lean(word, target, "en")`, without filling lean's memo with each word)
    if value == ABSENT or target != "en" and has_lexicon("en") and zipf(word, "en") - value >= 1.0:
        return _TELLING
    return _COMMON if value >= COMMON_TARGET_ZIPF else _RARE


def _marks(piece: str, target: str) -> list[int]:
    """The `_mark` of each lower-case word of `piece`."""
    return [_mark(w, target) for w in _text_tokens(piece) if w[0].islower()]


def _plain(marks: list[int]) -> bool:
    """The quick path of inference: a piece (a clause) whose words have these `_marks` cannot be
    evidence for another language: under two lower-case words, or none telling and at least
    INFER_QUIET_COMMON_SHARE of them common (measured on the development and built paragraphs: the same
    recall as with every word common, and half the clean clauses classified)."""
    if len(marks) < INFER_MIN_LOWER_WORDS:
        return True
    return _TELLING not in marks and marks.count(_COMMON) >= INFER_QUIET_COMMON_SHARE * len(marks)


# How a word counts in the quick passes of the two-way detection, as bits: lower case; lower case and
# common in the target (COMMON_TARGET_ZIPF); leaning PREFILTER_LEAN or more to the source.
_PAIR_LOWER, _PAIR_COMMON, _PAIR_LEANS = 1, 2, 4


@functools.lru_cache(maxsize=65536)
def _pair_mark(word: str, target: str, source: str) -> int:
    in_target = zipf(word, target)
    mark = _PAIR_LEANS if zipf(word, source) - in_target >= PREFILTER_LEAN else 0  # lean(word, target, source)
    if word[0].islower():
        mark |= _PAIR_LOWER | (_PAIR_COMMON if in_target >= COMMON_TARGET_ZIPF else 0)
    return mark


def _pair_marks(words: Sequence[str], target: str, source: str) -> list[int]:
    return [_pair_mark(word, target, source) for word in words]


def _leaning(marks: list[int]) -> bool:
    """Whether a word leans to the source (else no clause, phrase or word of the piece can be flagged)."""
    return any(mark & _PAIR_LEANS for mark in marks)


def _uncommon_marks(marks: list[int]) -> bool:
    """Whether under THIRD_MAX_TARGET_SHARE of the lower-case words are common target words (a third
    language?), from the words' marks; never for fewer than OPEN_GUARDS.min_lower_words of them."""
    lower = sum(1 for mark in marks if mark & _PAIR_LOWER)
    if lower < OPEN_GUARDS.min_lower_words:
        return False
    return sum(1 for mark in marks if mark & _PAIR_COMMON) < THIRD_MAX_TARGET_SHARE * lower


_STRIP = "\"'«»“”‘’()[]{}¿¡!?.,;:—–-…„‹›*/"


_DIGITS = frozenset("0123456789")


def _tokens(piece: str) -> list[str]:
    """The words of a masked piece, cheaply (no offsets); tokens with digits are left out."""
    words = [raw.strip(_STRIP) for raw in piece.split()]
    return [word for word in words if word and word[0].isalpha() and _DIGITS.isdisjoint(word)]


@functools.lru_cache(maxsize=4096)
def _text_tokens(text: str) -> tuple[str, ...]:
    """`_tokens` of a sentence or clause of the unmasked text, remembered: inference's quick pass and the
    two-way detection's read the same sentences."""
    return tuple(_tokens(text))


def _word_leans(masked: str, clause: Segment, target: str, source: str) -> list[tuple[regex.Match[str], float]]:
    """Each word of a masked clause with its lean to the source (digits and masked text excluded)."""
    return [(m, lean(m.group(), target, source)) for m in _WORD_TOKEN.finditer(masked, clause.start, clause.end)]


def _leaning_runs(masked: str, clause: Segment, run: list[tuple[regex.Match[str], float]]
                  ) -> list[tuple[regex.Match[str], regex.Match[str]]]:
    """(first, last) words of each stretch of LEANING_RUN_WORDS or more words of `run` that each lean at
    least EDGE_LEAN and are lower-case but for a clause's first word (a capital inside a clause is a
    name or a title: "Lord President of the Council")."""
    out: list[tuple[regex.Match[str], regex.Match[str]]] = []
    stretch: list[regex.Match[str]] = []
    ends: list[tuple[regex.Match[str] | None, float]] = [*run, (None, -1.0)]
    for match, value in ends:
        initial = match is not None and not masked[clause.start : match.start()].strip(LEADING_PUNCT + " ")
        if match is not None and value >= EDGE_LEAN and (match.group()[0].islower() or initial):
            stretch.append(match)
            continue
        if len(stretch) >= LEANING_RUN_WORDS:
            out.append((stretch[0], stretch[-1]))
        stretch = []
    return out


_BRACKETED = patterns.compile(r"\([^()]*\)?|\[[^\[\]]*\]?")


def title_list(text: str, start: int, end: int) -> bool:
    """A list of 3+ comma-separated short items (at most TITLE_MAX_WORDS words) that each start with a
    capital or are at most two words long: titles, names or terms kept in their original language
    ("What daddy says, From home to school, City ride"; "twitter, youtube, google maps"), not a sentence.
    A gloss in brackets belongs to its item ("xsd-core (xml simple types), fes, filter")."""
    listed = _BRACKETED.sub(" ", text[start:end])
    items = [item.strip().lstrip(LEADING_PUNCT) for item in regex.split(r"[,;]", listed)]
    return len(items) >= 3 and all(
        len(item.split()) <= TITLE_MAX_WORDS and (item[:1].isupper() or len(item.split()) <= 2) for item in items
    )


def _piece_lean(piece: str, target: str, foreign: str) -> float:
    words = _WORD_TOKEN.findall(piece)
    if not words or not has_lexicon(target) or not has_lexicon(foreign):
        return 0.0
    return sum(lean(w, target, foreign) for w in words) / len(words)


def _overlaps(span: ForeignSpan, taken: list[tuple[int, int]]) -> bool:
    return any(span.start < end and start < span.end for start, end in taken)


def script_spans(text: str, masked: str, target: str, detector: Detector) -> list[ForeignSpan]:
    """Runs of another script than the target's; Latin runs in other scripts must look like prose."""
    own = scripts_of(target)
    runs = [(match, match.lastgroup or "") for match in SCRIPT_RUN.finditer(text)]
    if any(script not in own for _, script in runs):
        # The script most of the text is written in is never foreign: the target may be written in
        # a script this table does not know (or both, as Serbian).
        sizes: dict[str, int] = {}
        for match, script in runs:
            sizes[script] = sizes.get(script, 0) + match.end() - match.start()
        dominant = max(sizes, key=lambda k: sizes[k])
        if sizes[dominant] * 2 > sum(sizes.values()):
            own = own | {dominant}
    spans: list[ForeignSpan] = []
    for match, script in runs:
        if script in own or script == "Han" and own & {"Han"}:
            continue
        start, end = _trim(text, match.start(), match.end())
        piece = masked[start:end]
        letters, lower = clause_features(piece)
        if script == "Latin":
            # Brand names and terms in Latin letters are normal in Cyrillic or CJK text: only prose counts.
            if letters < 25 or lower < 4:
                continue
        elif letters < (4 if script == "Greek" else 2) or _parenthesised_gloss(text, start, end):
            continue
        detection = detector.detect(piece)
        if script == "Latin" and (detection is None or detection.confidence < 0.9):
            continue
        lang = detection.lang if detection is not None else "und"
        conf = detection.confidence if detection is not None else 0.0
        spans.append(ForeignSpan(start, end, lang, conf, "script", script))
    return spans


def _parenthesised_gloss(text: str, start: int, end: int) -> bool:
    """An original-script word or name in brackets next to its transcription or translation:
    "Moscou (Москва)", "le charpentier (τέκτων, tektōn)". The brackets hold at most 6 words."""
    for opener, closer in (("(", ")"), ("[", "]"), ("«", "»"), ("“", "”")):
        left = text.rfind(opener, max(0, start - 80), start)
        right = text.find(closer, end, end + 80)
        if left < 0 or right < 0:
            continue
        inside = text[left + 1 : right]
        if opener not in inside and closer not in inside and len(inside.split()) <= 6:
            return True
    return False
