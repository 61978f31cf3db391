"""The language a document is written in, when neither the options, the configuration nor the file say.

A sample of the document's paragraphs (spread over the whole text) is masked (names, code, URLs and
numbers say nothing about the language) and classified as a whole, which is far more reliable than
any one sentence. Two mechanisms keep the answer on the languages people write documents in:

- the open-set answer is taken when it is certain; otherwise the answer among `WRITTEN_LANGUAGES`
  (py3langid's 140 labels include regional languages and dialects, such as nn, oc, wuu or tk, that it
  gives to unusual text of a big neighbour: Bokmål with a few dialect words, Chinese in Traditional
  script, Turkish mojibake);
- between two close languages (nb/da, es/ca, cs/sk...) that the classifier cannot separate with
  confidence, the words decide: which language's word list knows them better.

Each sentence then votes; the answer is the language most sentences are in, and it must hold a clear
majority of them (a document that is half French, half Spanish has no target language to guess).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from mtqa.langid.detector import Detection, Detector
from mtqa.langid.masking import blank, mask
from mtqa.langid.word_evidence import ABSENT, has_lexicon, zipf
from mtqa.text.sentences import paragraphs, split_sentences
from mtqa.util import patterns

# The languages of most written text on the web (CLDR's modern-coverage locales, roughly).
_WRITTEN = """
af am ar az be bg bn bs ca cs cy da de el en es et eu fa fi fr ga gl gu he hi hr hu hy id is it ja ka kk km kn ko
ky lo lt lv mk ml mn mr ms my nb ne nl pa pl ps pt ro ru si sk sl so sq sr sv sw ta te th tr uk ur uz vi zh zu
"""
WRITTEN_LANGUAGES = tuple(_WRITTEN.split())
# An open-set answer outside WRITTEN_LANGUAGES is taken only at this confidence.
CERTAIN = 0.99
# Below this confidence the best and the second-best language are compared word by word.
CLOSE_CALL = 0.9
# Too little text: fewer words than this after masking.
MIN_WORDS = 8
# The detected language must hold more than this share of the sentences that vote, when at least
# MIN_VOTERS sentences vote (with fewer, one odd sentence would decide: the whole sample does).
MIN_SHARE = 0.5
MIN_VOTERS = 4
# A sentence votes when it has this many letters after masking.
VOTE_LETTERS = 20
# Sample: at most this many characters of paragraphs, spread evenly over the document.
SAMPLE_CHARS = 40_000
# Word evidence in a close call (see `_words_prefer`): the classifier's probability for its answer
# against the runner-up is below UNDECIDED, and MIN_OWN_WORDS words are known only to the runner-up's
# word list; or, when only the runner-up has a list, KNOWN_SHARE of the words are in it.
UNDECIDED = 0.6
MIN_OWN_WORDS = 2
KNOWN_SHARE = 0.9

_CJK = patterns.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")
_WORD = patterns.compile(r"\p{L}[\p{L}\p{M}'’\-]*")


@dataclass(frozen=True)
class DominantLanguage:
    """The answer: `lang` (None when there is none, with `problem` saying why) and its confidence."""

    lang: str | None
    confidence: float
    words: int
    share: float = 0.0
    problem: str | None = None


def count_words(text: str) -> int:
    """Words of `text`; in Chinese and Japanese, which do not space words, two characters count as one."""
    ideographs = len(_CJK.findall(text))
    return len(_WORD.findall(_CJK.sub(" ", text))) + ideographs // 2


def sample_paragraphs(texts: Iterable[str], max_chars: int = SAMPLE_CHARS) -> list[str]:
    """Paragraphs of `texts`, evenly spread over them when they hold more than `max_chars` characters."""
    found = [p.text for text in texts for p in paragraphs(text)]
    total = sum(map(len, found))
    if total <= max_chars:
        return found
    step = total / max_chars
    picked, seen, budget = [], 0, 0.0
    for paragraph in found:
        if seen >= budget:
            picked.append(paragraph[:max_chars])
            budget += len(paragraph) * step
        seen += len(paragraph)
    return picked


def dominant_language(texts: Iterable[str], detector: Detector) -> DominantLanguage:
    """The language most of `texts` is written in (see the module docstring)."""
    sample = sample_paragraphs(texts)
    masked = [blank(p, mask(p)) for p in sample]
    whole = "\n".join(masked)
    words = count_words(whole)
    if words < MIN_WORDS:
        # Mostly names and numbers (a results table, a reference list): they are all there is to go by.
        masked, whole = sample, "\n".join(sample)
        words = count_words(whole)
    if words < MIN_WORDS:
        counted = f"{words} word" + ("" if words == 1 else "s")
        return DominantLanguage(None, 0.0, words, problem=f"too little text ({counted}) to tell its language")
    best = _classify(whole, detector)
    if best is None:
        return DominantLanguage(None, 0.0, words, problem="no text in a language mtqa knows")
    sentences = [s.text for text in masked for s in split_sentences(text)]
    votes = _votes(best.lang, sentences, detector)
    voters = sum(count for count, _letters in votes.values())
    if not voters:
        return DominantLanguage(best.lang, round(best.confidence, 4), words, 1.0)
    ranked = sorted(votes, key=lambda lang: (-votes[lang][0], -votes[lang][1], lang != best.lang))
    leader = ranked[0]
    share = votes[leader][0] / voters
    if voters >= MIN_VOTERS and share <= MIN_SHARE:
        parts = ", ".join(f"{lang} {votes[lang][0] / voters:.0%}" for lang in ranked[:3])
        return DominantLanguage(None, 0.0, words, share, problem=f"no clear majority language ({parts})")
    if leader != best.lang:
        # Most sentences are in another language than the sample as a whole reads (a long foreign
        # sentence, or two close languages mixed into a third one): the sentences decide.
        mine = "\n".join(s for s in sentences if _vote(best.lang, s, detector) == leader)
        found = detector.detect(mine, (leader, best.lang))
        best = Detection(leader, found.confidence if found is not None and found.lang == leader else 0.5)
    return DominantLanguage(best.lang, round(best.confidence, 4), words, share)


def _classify(text: str, detector: Detector) -> Detection | None:
    opened = detector.detect(text)
    written = detector.detect(text, WRITTEN_LANGUAGES)
    if opened is not None and (written is None or opened.lang == written.lang or opened.confidence >= CERTAIN):
        best = opened
    else:
        best = written
    if best is None or best.confidence >= CLOSE_CALL or best.lang not in WRITTEN_LANGUAGES:
        return best
    second = detector.detect(text, tuple(lang for lang in WRITTEN_LANGUAGES if lang != best.lang))
    pair = detector.detect(text, (best.lang, second.lang)) if second is not None else None
    if second is None or pair is None:
        return best
    best_conf = pair.confidence if pair.lang == best.lang else 1.0 - pair.confidence
    if _words_prefer(text, second.lang, best.lang, best_conf):
        return Detection(second.lang, round(1.0 - best_conf, 6))
    return Detection(best.lang, best_conf)


def _words_prefer(text: str, second: str, best: str, best_conf: float) -> bool:
    """Whether the words of `text` belong to `second` rather than `best`, in a close call.

    The classifier must be nearly undecided, and the words that only one of the two word lists knows
    must all be `second`'s, at least MIN_OWN_WORDS of them. (One such word is no evidence: Danish text
    often has a word that only wordfreq's larger Bokmål list holds.) When `best` has no word list,
    nearly all the words must be in `second`'s."""
    if best_conf >= UNDECIDED or not has_lexicon(second):
        return False
    words = [w for w in _WORD.findall(text) if w[0].islower()]
    if not words:
        return False
    if not has_lexicon(best):
        return sum(1 for w in words if zipf(w, second) > ABSENT) >= KNOWN_SHARE * len(words)
    own = [zipf(w, second) > ABSENT for w in words if (zipf(w, second) > ABSENT) != (zipf(w, best) > ABSENT)]
    return len(own) >= MIN_OWN_WORDS and all(own)


def _votes(lang: str, sentences: list[str], detector: Detector) -> dict[str, tuple[int, int]]:
    """Language -> (sentences, letters) of the sentences long enough to vote (VOTE_LETTERS)."""
    votes: dict[str, tuple[int, int]] = {}
    for sentence in sentences:
        voted = _vote(lang, sentence, detector)
        if voted is not None:
            count, letters = votes.get(voted, (0, 0))
            votes[voted] = (count + 1, letters + sum(map(str.isalpha, sentence)))
    return votes


def _vote(lang: str, sentence: str, detector: Detector) -> str | None:
    """The language a sentence votes for (None: too short to vote). It votes against `lang`, the
    sample's answer, only when, compared with `lang` alone, it is still surely another language: a
    short French sentence that the open set calls Occitan still votes French."""
    if sum(map(str.isalpha, sentence)) < VOTE_LETTERS:
        return None
    found = detector.detect(sentence, WRITTEN_LANGUAGES)
    if found is not None and found.lang != lang and found.confidence >= CLOSE_CALL:
        pair = detector.detect(sentence, (lang, found.lang))
        if pair is not None and pair.lang == found.lang and pair.confidence >= CLOSE_CALL:
            return found.lang
    return lang
