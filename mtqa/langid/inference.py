"""The foreign languages a document leans to, when nobody said what it was translated from.

A French article translated from Spanish leans to Spanish throughout: a clause left in Spanish here, a
sentence there. Each piece of the document (a sentence or a clause, masked) that the classifier,
limited to the languages with a word list, gives to another language than the target is evidence for
that language, when the piece's words agree: on average at least ten times more frequent in that
language than in the target (Latin or a dialect that the limited classifier calls French is not).
The languages whose evidence adds up are the document's inferred foreign languages, strongest first;
the span finder then runs its accurate two-way detection (target against each) for them, and keeps
the strict open-set guards for every other language.
"""

from __future__ import annotations

from collections.abc import Iterable

from mtqa.langid.detector import Detector
from mtqa.langid.lexicon import lexicon_languages
from mtqa.langid.masking import clause_features
from mtqa.langid.word_evidence import ABSENT, has_lexicon, lean, zipf
from mtqa.text.scripts import FOREIGN_LETTER, scripts_of
from mtqa.util import patterns

# A piece counts when it has this many letters and lower-case words (the pair guards of code_switch).
MIN_LETTERS = 15
MIN_LOWER_WORDS = 2
# ... and the classifier gives it to the other language with at least this confidence,
MIN_CONFIDENCE = 0.5
# ... and its lower-case words lean this much to that language on average (1 = ten times as frequent;
# words both languages use, such as "la" or "de", dilute it), with at most this share of them unknown
# to both word lists.
MIN_MEAN_LEAN = 0.5
MAX_UNKNOWN_SHARE = 1 / 3
# One such piece is enough to infer a language (a Spanish clause in a French paragraph); at most
# MAX_LANGUAGES are kept, the ones with the most letters (weighted by confidence) first: several work
# (a catalogue translated from English with German leftovers).
MAX_LANGUAGES = 3

_WORD = patterns.compile(r"(?<![\p{L}\p{N}])\p{L}[\p{L}\p{M}'’\-]*+(?!\p{N})")


_CANDIDATES: dict[tuple[str, str], tuple[str, ...]] = {}


def _candidates(detector: Detector, target: str) -> tuple[str, ...]:
    """The target and every language with a word list that the detector knows (computed once)."""
    key = (detector.name, target)
    found = _CANDIDATES.get(key)
    if found is None:
        found = tuple(sorted(lang for lang in lexicon_languages() | {target} if detector.supports(lang)))
        _CANDIDATES[key] = found
    return found


def words_agree(piece: str, target: str, lang: str) -> bool:
    """Whether the lower-case words of `piece` confirm `lang` against `target`: `lang` has a word list,
    at most MAX_UNKNOWN_SHARE of the words are in neither list (Latin that the classifier calls French),
    and on average they lean to `lang` by MIN_MEAN_LEAN."""
    if not has_lexicon(lang):
        return False
    words = [w for w in _WORD.findall(piece) if w[0].islower()]
    if not words:
        return False
    unknown = sum(1 for w in words if zipf(w, lang) == ABSENT and zipf(w, target) == ABSENT)
    return (unknown <= MAX_UNKNOWN_SHARE * len(words)
            and sum(lean(w, target, lang) for w in words) >= MIN_MEAN_LEAN * len(words))


class ForeignEvidence:
    """Evidence for foreign languages in the pieces of one document (target language `target`)."""

    def __init__(self, target: str, detector: Detector) -> None:
        self.target = target
        self.detector = detector
        self.letters: dict[str, float] = {}
        self._known: tuple[str, ...] | None = None
        self._latin: tuple[str, ...] | None = None

    @property
    def _candidates(self) -> tuple[str, ...]:
        # Asked on the first piece worth classifying: knowing them loads the classifier's model, which a
        # document of plainly target-language sentences never needs.
        if self._known is None:
            self._known = _candidates(self.detector, self.target)
        return self._known

    def _candidates_for(self, piece: str) -> tuple[str, ...]:
        """The candidates, less the languages of other scripts when `piece` has Latin letters only: a
        byte n-gram model never gives such a piece to them (and each candidate costs a column of sums)."""
        if FOREIGN_LETTER.search(piece) is not None:
            return self._candidates
        if self._latin is None:
            self._latin = tuple(lang for lang in self._candidates if lang == self.target or "Latin" in scripts_of(lang))
        return self._latin

    def add(self, piece: str) -> None:
        """Weigh one masked piece (a sentence or a clause): the classifier's best other language whose
        words agree, among its first two answers (Spanish that reads a little Italian is still Spanish)."""
        letters, lower = clause_features(piece)
        if letters < MIN_LETTERS or lower < MIN_LOWER_WORDS or self.target not in self._candidates:
            return
        candidates = self._candidates_for(piece)
        for _ in range(2):
            found = self.detector.detect(piece, candidates)
            if found is None or found.lang == self.target or found.confidence < MIN_CONFIDENCE:
                return
            if words_agree(piece, self.target, found.lang):
                self.letters[found.lang] = self.letters.get(found.lang, 0.0) + letters * found.confidence
                return
            candidates = tuple(lang for lang in candidates if lang != found.lang)

    def add_all(self, pieces: Iterable[str]) -> ForeignEvidence:
        for piece in pieces:
            self.add(piece)
        return self

    def languages(self, limit: int | None = MAX_LANGUAGES) -> tuple[str, ...]:
        """The inferred languages, strongest evidence first, at most `limit` (None: all)."""
        ranked = sorted(self.letters.items(), key=lambda kv: (-kv[1], kv[0]))
        return tuple(lang for lang, _weight in ranked[:limit])
