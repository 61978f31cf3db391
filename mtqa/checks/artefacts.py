"""Machine-translation artefacts in the target text: glued words, stray capitals, stray fragments.

These are left by MT systems that translate a text in pieces different from its sentences: a word
glued to the next piece, a capital carried over from a heading or a new source segment, a one-word
"sentence" left between two sentences. Language knowledge (function words, bound prefixes) lives in
`packs/<lang>/function-words.toml` and `packs/<lang>/glued-words.toml`; word frequencies come from
the `wordfreq` lexicon.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from mtqa.checks.base import Check, Example, UnitContext
from mtqa.langid.lexicon import zipf_table
from mtqa.model import Hit, Severity
from mtqa.text.sentences import Segment
from mtqa.text.words import WORD_CHAR, lower_word_set
from mtqa.util import patterns
from mtqa.util.datafiles import builtin_data, check_keys

# --- language data -------------------------------------------------------------------------------

@dataclass(frozen=True)
class FunctionWords:
    flaggable: frozenset[str]  # articles, prepositions, pronouns, conjunctions; elided forms end in "'"
    conjunctions: frozenset[str]  # flagged after a lower-case word whatever follows
    all: frozenset[str]  # every function word
    title_nouns: frozenset[str]  # "film", "roman": a capital after one starts a title
    capitalised_nouns: bool  # German: a lower-case word after a noun is its verb
    sentence_case_titles: bool  # titles capitalise their first word only: a capital further on marks one
    openers: frozenset[str]  # articles and prepositions: after a noun they may open a new sentence
    finite_verbs: frozenset[str]  # "is", "est": after a subject they make a new sentence
    coordinators: frozenset[str]  # "and", "but": a slip even after a comma
    reporting: frozenset[str]  # "that": a capital after one may open reported speech
    articles: frozenset[str] = frozenset()
    prepositions: frozenset[str] = frozenset()


_FUNCTION_WORD_KEYS = ("articles", "pronouns", "conjunctions", "prepositions", "allowed_capitalised",
                       "title_nouns", "capitalised_nouns", "sentence_case_titles", "coordinators", "reporting",
                       "finite_verbs", "example")


def _normalise(word: str) -> str:
    return word.lower().replace("’", "'")


def _listed(data: dict[str, object], key: str) -> frozenset[str]:
    return frozenset(_normalise(w) for w in data.get(key, ()))  # type: ignore[attr-defined]


@functools.lru_cache(maxsize=32)
def function_words(lang: str | None) -> FunctionWords | None:
    data = builtin_data(lang, "function-words") if lang else None
    if data is None:
        return None
    path = f"packs/{lang}/function-words.toml"
    check_keys(data, allowed=_FUNCTION_WORD_KEYS, required=_FUNCTION_WORD_KEYS[:4], path=path)
    allowed = frozenset(_normalise(w) for w in data.get("allowed_capitalised", ()))
    every = frozenset(_normalise(w) for key in _FUNCTION_WORD_KEYS[:4] for w in data[key])
    conjunctions = frozenset(_normalise(w) for w in data["conjunctions"]) - allowed
    titles = frozenset(w.lower() for w in data.get("title_nouns", ()))
    pronouns = frozenset(_normalise(w) for w in data["pronouns"])
    openers = frozenset(_normalise(w) for key in ("articles", "prepositions") for w in data[key]
                        if not w.endswith(("'", "’"))) - pronouns - conjunctions
    listed = functools.partial(_listed, data)
    return FunctionWords(
        flaggable=every - allowed, conjunctions=conjunctions, all=every, title_nouns=titles,
        capitalised_nouns=bool(data.get("capitalised_nouns", False)),
        sentence_case_titles=bool(data.get("sentence_case_titles", False)), openers=openers,
        finite_verbs=listed("finite_verbs"), coordinators=listed("coordinators"), reporting=listed("reporting"),
        articles=listed("articles"), prepositions=listed("prepositions"),
    )


@dataclass(frozen=True)
class GluedSettings:
    """How a language's glued words are told from its real words (see packs/<lang>/glued-words.toml)."""

    prefixes: frozenset[str]
    suffixes: frozenset[str]
    min_pair_zipf: float  # the two parts' Zipf values summed: how likely the two-word sequence is
    min_part_zipf: float  # each part of 4+ letters
    min_short_zipf: float  # each part of 2-3 letters (function words)
    known_margin: float  # a listed word: its parts' Zipf sum minus its own
    inflections: tuple[str, ...]  # endings that make an unlisted word an inflection of a listed one
    enclitics: frozenset[str]  # pronouns written onto a verb ("cortarlos")
    enclitic_hosts: tuple[str, ...]  # verb endings that take them (infinitive "-r", gerund "-ndo")
    function_zipf: float  # a part at least this frequent is a function word
    min_compound_length: int  # two content words shorter than this together may be a closed compound
    unbound: frozenset[str]  # compounding languages: words that never enter a compound
    accents: str = ""  # letters an encoding may lose ("educaci(ó)n"): a word that is listed with one is not glued
    function_words: frozenset[str] = frozenset()  # from packs/<lang>/function-words.toml
    prepositions: frozenset[str] = frozenset()  # from packs/<lang>/function-words.toml


_GLUED_KEYS = ("enabled", "prefixes", "suffixes", "min_pair_zipf", "min_part_zipf", "min_short_zipf",
               "known_margin", "inflections", "enclitics", "enclitic_hosts", "function_zipf",
               "min_compound_length", "unbound", "accents", "example")


@functools.lru_cache(maxsize=32)
def glued_settings(lang: str | None) -> GluedSettings | None:
    """None where the check is off (no data for the language)."""
    data = builtin_data(lang, "glued-words") if lang else None
    if data is None:
        return None
    check_keys(data, allowed=_GLUED_KEYS, required=_GLUED_KEYS[:5], path=f"packs/{lang}/glued-words.toml")
    if not data["enabled"]:
        return None
    return GluedSettings(
        prefixes=frozenset(data["prefixes"]),
        suffixes=frozenset(data["suffixes"]),
        min_pair_zipf=float(data["min_pair_zipf"]),
        min_part_zipf=float(data["min_part_zipf"]),
        min_short_zipf=float(data.get("min_short_zipf", 5.0)),
        known_margin=float(data.get("known_margin", 10.8)),
        inflections=tuple(data.get("inflections", ())),
        enclitics=frozenset(data.get("enclitics", ())),
        enclitic_hosts=tuple(data.get("enclitic_hosts", ())),
        function_zipf=float(data.get("function_zipf", 5.9)),
        min_compound_length=int(data.get("min_compound_length", 0)),
        unbound=frozenset(data.get("unbound", ())),
        accents=str(data.get("accents", "")),
        function_words=words.all if (words := function_words(lang)) else frozenset(),
        prepositions=words.prepositions if words else frozenset(),
    )


# The most answers a `Lexicon` remembers (then it starts again).
KNOWN_WORDS = 65_536


class Lexicon:
    """Word frequencies of one language on the Zipf scale (see `mtqa.langid.lexicon`)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._zipf: dict[str, float] = zipf_table(lang) or {}
        # Answers remembered: a long unit asks about each of its words, most of them many times, and a
        # word of the list's hashed part costs two hashes each time.
        self._known: dict[str, float | None] = {}

    def zipf(self, word: str) -> float | None:
        known = self._known
        if word in known:
            return known[word]
        found = self._zipf.get(word)
        if found is None and "ß" in word:
            found = self._zipf.get(word.replace("ß", "ss"))  # wordfreq's lists are case-folded
        if len(known) >= KNOWN_WORDS:
            known.clear()
        known[word] = found
        return found


@functools.lru_cache(maxsize=8)
def _shared_lexicon(lang: str) -> Lexicon:
    return Lexicon(lang)


class _NoWords(Lexicon):
    def __init__(self) -> None:
        self.lang, self._zipf, self._known = "", {}, {}


_NO_WORDS = _NoWords()


def lexicon(ctx: UnitContext) -> Lexicon:
    lang = ctx.target_base or "en"
    if ctx.services is None:
        return _shared_lexicon(lang)
    return ctx.services.get(f"lexicon:{lang}", lambda: _shared_lexicon(lang))


# --- glued words ---------------------------------------------------------------------------------

# An all-lower-case word of 6+ letters that is not part of a URL, an address, a handle or a
# hyphenated or elided compound. CamelCase and brands (YCombinator, DeepMind, iPhone) never match.
_LOWER_WORD = patterns.compile(
    r"\b(?<![\p{L}\p{N}\p{M}@#_/\\.\-'’&=+])\p{Ll}[\p{Ll}\p{M}]{5,}(?![\p{L}\p{N}\p{M}@_/\\\-'’&=+]|\.[\p{L}\p{N}])"
)
_URLISH = patterns.compile(r"://|www\.|\.(?:com|org|net|fr|es|de|io)\b|@")
_ENDS_LOWER = patterns.compile(r"\p{Ll}$")
# Two words glued are rarely longer than this; longer runs are not split at all, which keeps the work
# per word bounded (and the check linear in the length of the text).
MAX_GLUED = 40
_SHORT = 4  # parts shorter than this are function words or nothing
# Any rare word may end in a short word ("bole|ano"): a pair with a short part needs more evidence.
_SHORT_PAIR_EXTRA = 1.0
_FUNCTION_NEIGHBOUR = 0.8  # how much rarer a part may be next to a frequent function word
# A rare word rarely splits into two listed words of this length or more by chance (a real word that
# does is mostly a compound, which bound prefixes and `unbound` already keep): such a pair needs less.
_LONG = 6
_LONG_PAIR_DISCOUNT = 1.0
# Crawled text whose markup was stripped glues a date to the next word ("venerdì 8 gennaio 2010Dal"):
# its glued words are page layout, not translation.
_STRIPPED_MARKUP = patterns.compile(r"\d\p{Lu}[\p{Ll}'’]")


def _part_ok(part: str, zipf: float, other: str, other_zipf: float, settings: GluedSettings) -> bool:
    if len(part) < _SHORT:
        return zipf >= settings.min_short_zipf
    # Next to a function word of 3+ letters ("des|machinations", "introduirait|des") a rarer word is still a
    # likely sequence: rare inflected forms of common verbs and adjectives sit around 1.8-2.2.
    floor = settings.min_part_zipf - (_FUNCTION_NEIGHBOUR if other_zipf >= settings.function_zipf and len(other) > 2
                                      else 0.0)
    return zipf >= floor


def _inflected(word: str, lex: Lexicon, inflections: tuple[str, ...]) -> bool:
    """Whether `word` is a listed word plus one of the endings; "en+den" is the ending "den" after a
    listed word that ends in "en" (German "konfigurieren|den")."""
    for inflection in inflections:
        base_end, _, ending = inflection.rpartition("+")
        if word.endswith(ending) and len(word) > len(ending):
            base = word[: -len(ending)]
            if base.endswith(base_end) and (lex.zipf(base) or 0.0) >= 2.0:
                return True
    return False


def best_split(word: str, lex: Lexicon, settings: GluedSettings) -> tuple[str, str] | None:
    """The split of `word` into two words that is the likeliest two-word sequence, or None.

    A split needs both parts listed and frequent enough (function words of 2-3 letters very frequent),
    their Zipf values summed above `min_pair_zipf`, a right part of 3+ letters, no bound prefix or
    ending, no enclitic pronoun on a verb; two content words must be long enough together not to be a
    closed compound; in a compounding language one part must be a word that never enters a compound.
    A listed word is split only when its parts are far likelier than the word itself ("dansles").
    """
    if len(word) > MAX_GLUED:
        return None
    known = lex.zipf(word) or 0.0
    if not known and _inflected(word, lex, settings.inflections):
        return None  # "breakrooms" of "breakroom"
    best: tuple[float, str, str] | None = None
    for i in range(2, len(word) - 2):
        left, right = word[:i], word[i:]
        if left in settings.prefixes or right in settings.suffixes:
            continue
        if right in settings.enclitics and left.endswith(settings.enclitic_hosts):
            continue
        z_left, z_right = lex.zipf(left), lex.zipf(right)
        if z_left is None or z_right is None:
            continue
        if not (_part_ok(left, z_left, right, z_right, settings) and _part_ok(right, z_right, left, z_left, settings)):
            continue
        pair = z_left + z_right
        shortest = min(len(left), len(right))
        needed = settings.min_pair_zipf + (_SHORT_PAIR_EXTRA if shortest < _SHORT else 0.0)
        if shortest >= _LONG:
            needed -= _LONG_PAIR_DISCOUNT
        if pair < needed:
            continue
        if settings.unbound and left not in settings.unbound and right not in settings.unbound:
            continue
        if (len(word) < settings.min_compound_length and len(left) >= _SHORT and len(right) >= _SHORT
                and max(z_left, z_right) < settings.function_zipf
                and left not in settings.function_words and right not in settings.function_words):
            continue  # "stagehands", "mouthparts": closed compounds of two short content words
        if known and (pair - known < settings.known_margin or min(z_left, z_right) < settings.min_short_zipf):
            continue
        if best is None or pair > best[0]:
            best = (pair, left, right)
    return (best[1], best[2]) if best else None


_ACCENTED = "áàâäãåéèêëíìîïóòôöõúùûüçñ"


_NAME_PAIR = patterns.compile(r"(?<![\p{L}\p{M}])(\p{L}[\p{L}\p{M}]*)\s+(?=(\p{L}[\p{L}\p{M}]*))")


# Words looked for one by one in a text (`JoinedNames`); past these, all its word pairs are read once.
_SEARCHED_WORDS = 8


def _name_pairs(text: str) -> frozenset[str]:
    """Two neighbouring words, not both in lower case, joined and lower-cased."""
    return frozenset((first + second).lower() for first, second in _NAME_PAIR.findall(text)
                     if not (first.islower() and second.islower()))


class JoinedNames:
    """The words that two neighbouring words of a text, not both in lower case, make when joined and
    lower-cased: the user names their owner's name makes ("Paco Cardenal" -> "pacocardenal").

    A long text has tens of thousands of word pairs and few glued words get as far as asking, so the first
    few are looked for where the lower-case text holds them split by white space; past that (or where
    lower case changes the text's length, as "İ" does), every pair is read once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._answers: dict[str, bool] = {}
        self._lowered: str | None = None
        self._all: frozenset[str] | None = None

    def __contains__(self, word: str) -> bool:
        found = self._answers.get(word)
        if found is None:
            found = self._answers[word] = self._look_for(word)
        return found

    def _look_for(self, word: str) -> bool:
        text = self.text
        if self._lowered is None:
            self._lowered = text.lower()
        if self._all is None and (len(self._answers) >= _SEARCHED_WORDS or len(self._lowered) != len(text)):
            self._all = _name_pairs(text)
        if self._all is not None:
            return word in self._all
        cuts = [i for i in range(1, len(word)) if word[i].isalpha()]
        if not cuts:
            return False  # (the second word would start with a mark)
        splits = re.compile("|".join(re.escape(word[:i]) + r"\s+" + re.escape(word[i:]) for i in cuts))
        at = 0
        while (found := splits.search(self._lowered, at)) is not None:
            pair = _NAME_PAIR.match(text, found.start())
            if pair is not None:
                first, second = pair.groups()
                if (first + second).lower() == word and not (first.islower() and second.islower()):
                    return True
            at = found.start() + 1
        return False


# A listed word counts as damaged when the word with a letter put back is this much more frequent
# ("ms" 3.9, "más" 6.6; "tambin", listed from crawled text, 1.5 against "también" 6.2). Words more
# frequent than the ceiling are never damaged forms (they would need a restored form above 6.5).
_RESTORED_MARGIN = 2.0
_DAMAGED_CEILING = 4.5


def _lost_letter(word: str, lex: Lexicon, accents: str = _ACCENTED) -> bool:
    """'meterica' is 'meteórica' and 'ms' is 'más' with a letter lost in encoding: an unlisted word that
    is listed with a letter put back, or a rare one that is far more frequent with it."""
    if len(word) > MAX_GLUED or not accents:
        return False
    known = lex.zipf(word)
    if known is not None and known > _DAMAGED_CEILING:
        return False
    floor = None if known is None else known + _RESTORED_MARGIN
    for i in range(1, len(word) + 1):
        for ch in accents:
            restored = lex.zipf(word[:i] + ch + word[i:])
            if restored is not None and (floor is None or restored >= floor):
                return True
    return False


# A word one letter away from a listed word this much more frequent than the split's rarer part is that
# word mistyped ("disafi" for "disagi", "di|safi"), not two words glued together.
_TYPO_MARGIN = 1.0
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _mistyped(word: str, split: tuple[str, str], lex: Lexicon, accents: str) -> bool:
    rarer = min(lex.zipf(split[0]) or 0.0, lex.zipf(split[1]) or 0.0)
    letters = _LETTERS + accents
    for i, old in enumerate(word):
        for ch in letters:
            if ch != old and (lex.zipf(word[:i] + ch + word[i + 1:]) or 0.0) >= rarer + _TYPO_MARGIN:
                return True
    return False


_PLAIN_WORD = patterns.compile(r"(?<![\p{L}\p{M}])\p{L}\p{Ll}[\p{Ll}\p{M}]*(?![\p{L}\p{M}])")
_AROUND = 300  # characters on each side of a glued word that are searched for damage


class _Damage:
    """Whether the text around a glued word is damaged: crawled text whose markup was stripped ("venerdì
    8 gennaio 2010Dal"), or whose accented letters were lost in encoding ("educacin") when the glue
    starts with a preposition: a link's text after "relacionadas con" is joined by the page, not by the
    translation (other words glued there are still slips). Verdicts per word are kept, so a text that
    repeats its words costs each word once."""

    def __init__(self, text: str, lex: Lexicon, accents: str) -> None:
        self.text, self.lex, self.accents = text, lex, accents
        self._lost: dict[str, bool] = {}

    def lost_letter(self, word: str) -> bool:
        if word not in self._lost:
            self._lost[word] = _lost_letter(word, self.lex, self.accents)
        return self._lost[word]

    def around(self, start: int, end: int, lost_letters: bool) -> bool:
        """Stripped markup near text[start:end], or (if `lost_letters`) a word that lost a letter."""
        lo, hi = max(0, start - _AROUND), min(len(self.text), end + _AROUND)
        if _STRIPPED_MARKUP.search(self.text, lo, hi):
            return True
        return lost_letters and any(self.lost_letter(w.lower()) for w in _PLAIN_WORD.findall(self.text, lo, hi)
                                  if w != self.text[start:end])


class GluedWords(Check):
    """Two words written together with no space ("circulationquelque", "lesinstallations").

    Flags: an all-lower-case word that splits into two words far likelier together than the word is
    alone: a word the target language's frequency lexicon does not know, or one it knows only as a rare
    typo ("dansles"). Function words may be short parts ("des|problèmes", "and|the"). Left alone:
    brand names and CamelCase (YCombinator, DeepMind, iPhone), URLs, handles, English words in other
    languages ("datetime"), words the source has too, bound prefixes ("cyber", "anti"), enclitic
    pronouns ("cortarlos"), inflections of listed words, closed compounds of two short content words
    ("mouthparts"), a frequent word with one letter mistyped ("jemandé"), text with stripped markup, and
    a preposition glued to a link's text in text whose accents were lost ("relacionadas conredes"). In
    languages that write compounds as one word (German) one part must be a word
    that never enters a compound (an article, a pronoun, "und").
    Why: MT systems that translate in pieces sometimes drop the space where two pieces meet.
    Example: "aux feux de circulationquelque chose est arrivé" flags "circulationquelque".
    Instead: put the space back: "circulation quelque".
    """

    code = "FL002"
    name = "glued-words"
    category = "fluency/spelling"
    severity = Severity.MAJOR
    examples = (
        Example("Ensuite, aux feux de circulationquelque chose est arrivé.", True, span="circulationquelque"),
        Example("Altman dirigeait alors l'incubateur YCombinator.", False),
        Example("Le harcèlement en ligne inquiète les parents.", False),
        Example("Il faut favoriser lesinstallations solaires.", True, span="lesinstallations"),
        Example("El gobiernoanunció nuevas medidas.", True, target_lang="es", span="gobiernoanunció"),
        Example("No quise cortarlos tan pronto.", False, target_lang="es"),
        Example("The committee approved the budgetyesterday.", True, target_lang="en", span="budgetyesterday"),
        Example("The stagehands removed the couch.", False, target_lang="en"),
        Example("Die Bundesregierung plant eine umweltfreundliche Steuerreform.", False, target_lang="de"),
        Example("Die Regierung plant unddie Opposition protestiert.", True, target_lang="de", span="unddie"),
    )

    def applies_to(self, ctx: UnitContext) -> bool:
        return glued_settings(ctx.target_base) is not None

    def check(self, ctx: UnitContext) -> Iterator[Hit]:
        settings = glued_settings(ctx.target_base)
        assert settings is not None
        lex = lexicon(ctx)
        text = ctx.text
        names: JoinedNames | None = None
        damage = _Damage(text, lex, settings.accents)
        splits: dict[str, tuple[str, str] | None] = {}
        # An English word in other languages' text is a loanword or a name from code ("datetime").
        english = _shared_lexicon("en") if ctx.target_base != "en" else _NO_WORDS
        # A word the source has too was copied on purpose (an identifier, a name): not the translation's slip.
        source_words = lower_word_set(ctx.source) if ctx.source else None
        for match in _LOWER_WORD.finditer(text):
            word = match.group(0)
            # Listed words of some frequency are not glued.
            if (lex.zipf(word) or 0.0) > 3.0:
                continue
            chunk_start = text.rfind(" ", max(0, match.start() - 200), match.start()) + 1
            chunk_end = text.find(" ", match.end(), match.end() + 200)
            if _URLISH.search(text, chunk_start, chunk_end if chunk_end >= 0 else min(len(text), match.end() + 200)):
                continue
            if word not in splits:
                copied = source_words is not None and word in source_words
                split = None if copied or english.zipf(word) else best_split(word, lex, settings)
                splits[word] = None if split and _mistyped(word, split, lex, settings.accents) else split
            split = splits[word]
            if split is None or damage.lost_letter(word):
                continue
            if names is None:
                names = JoinedNames(text)
            if word in names:
                continue  # 'pacocardenal' next to the name 'Paco Cardenal' is a user name
            if damage.around(match.start(), match.end(), split[0] in settings.prepositions):
                continue
            yield Hit(match.start(), match.end(), f"'{word}' looks like two words glued together",
                      suggestion=" ".join(split), confidence=0.8)


# --- casing and fragments ------------------------------------------------------------------------

_TOKEN = patterns.compile(r"\S+")
_LEADING_WORD = patterns.compile(rf"(\p{{Lu}}[\p{{Ll}}\p{{M}}]*)(?:(['’])(?=\p{{L}})|(?![{WORD_CHAR}]))")
_DASHES = ("–", "—")
_TERMINAL = patterns.compile(r"[.!?][»”\"’')\]]*$")
_TRAILING_PUNCT = patterns.compile(rf"[^{WORD_CHAR}]+$")
_BULLETS = "-*•–—·▪►0123456789"
_PLAIN_LOWER_WORD = patterns.compile(r"\p{Ll}[\p{Ll}\p{M}]*(?:['’]\p{L}+)?")


def _tokens(text: str, seg: Segment) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text, seg.start, seg.end)]


def _same_line(text: str, start: int, end: int) -> bool:
    return "\n" not in text[start:end]


@functools.lru_cache(maxsize=32)
def _abbreviations(lang: str | None) -> frozenset[str]:
    """The language's abbreviations written with a period ("mind.", "env."), lower case, without it."""
    data = builtin_data(lang, "segmentation") if lang else None
    return frozenset(a.lower() for key in ("abbreviations", "titles") for a in (data or {}).get(key, ()))


def _is_fragment(text: str, sentences: list[Segment], k: int, lang: str | None = None) -> bool:
    """A one- or two-word lower-case 'sentence' that sits on one line with another sentence."""
    seg = sentences[k]
    if not _TERMINAL.search(seg.text) or not seg.text[0].islower():
        return False
    words = seg.text.rstrip(".!?»”\"’')] ").split()
    if not 1 <= len(words) <= 2 or not all(_PLAIN_LOWER_WORD.fullmatch(w) and len(w) >= 2 for w in words):
        return False
    if sum(len(w) for w in words) < 4 or words[-1] in _abbreviations(lang):
        return False  # an abbreviation ("e. c.", "p. ej.", German "mind."), not a stray word
    before = k > 0 and _same_line(text, sentences[k - 1].end, seg.start)
    after = k + 1 < len(sentences) and _same_line(text, seg.end, sentences[k + 1].start)
    if after and not sentences[k + 1].text[:1].isupper():
        return False  # the text goes on in lower case or with a number: the period closed an abbreviation
    return bool(before or after)


def _capitalised_function_word(sentence: str, flaggable: frozenset[str]) -> bool:
    """Whether a word after the first is a capitalised function word: the cheap test that lets most
    sentences skip the token-by-token pass."""
    for token in sentence.split()[1:]:
        if token[:1].isupper():
            match = _LEADING_WORD.match(token)
            if match and _normalise(match.group(1)) + ("'" if match.group(2) else "") in flaggable:
                return True
    return False


_LOWER_PREVIOUS = patterns.compile(r"\p{Ll}[\p{Ll}\p{M}\-'’]*,?")
_CLAUSE_END = patterns.compile(r"[.,;:!?)\]»”\"]$")
_OPENING_MARKS = ("«", "“", "\"", "„", "‘", "*", "_", "<i>", "<em>")
_LOOKAHEAD = 5  # words searched for a capital that makes the phrase a name or a title


_NEW_SENTENCE_WINDOW = 6
_HEADING_WORDS = 4


def _opens_sentence(tokens: list[tuple[int, int, str]], i: int, words: FunctionWords, key: str) -> bool:
    """Whether the word at `i`, after a noun or a verb, starts a sentence that a heading runs into rather
    than a capital slipped into a phrase: a subject that a finite verb follows ("Sobrepeso niños Los
    niños que son obesos", "Early life She was born"; an article may have a noun phrase before the
    verb, a pronoun must be right before it), or an article before the heading's own words ("un ongle
    incarné L'ongle incarné est")."""
    if key in words.conjunctions:
        return False
    following = {_normalise(t.strip(".,;:!?»”\")")).split("'")[-1] for _s, _e, t in tokens[i : i + 3]}
    before = {_normalise(t).split("'")[-1] for _s, _e, t in tokens[max(0, i - _HEADING_WORDS) : i]}
    if any(len(w) > 3 and w not in words.all for w in following & before):
        return True  # "un ongle incarné L'ongle incarné est": the heading is repeated
    window = _NEW_SENTENCE_WINDOW if key in words.openers else 1
    noun = False
    for _start, _end, token in tokens[i + 1 : i + 1 + window]:
        word = _normalise(token.rstrip(".,;:!?»”\")"))
        if word in words.finite_verbs:
            return True
        # German: a lower-case word other than a function word after the noun is the verb.
        if words.capitalised_nouns and noun and token[:1].islower() and word not in words.all:
            return True
        noun = token[:1].isupper()
        if _CLAUSE_END.search(token):
            return False
    return False


def _starts_title(tokens: list[tuple[int, int, str]], i: int, words: FunctionWords, look_ahead: bool) -> bool:
    """Whether the capitalised word at `i` opens a name or a title rather than going on with the sentence:
    in languages whose titles capitalise only their first word, a capital further on in its phrase (not
    for a conjunction, "– Mais Altman"): after at most one other word ("De la Cruz", "El actor Phil Seymour"), or
    anywhere in the clause when a function word precedes ("dans Les héritiers d'Hammerfell"); a noun that
    announces a work ("le film Le fabuleux destin"); an opening quote or italics just before."""
    if look_ahead and words.sentence_case_titles:
        after_function_word = _normalise(tokens[i - 1][2].rstrip(",")) in words.all
        content_words = 0
        for _start, _end, token in tokens[i + 1 : i + 1 + _LOOKAHEAD]:
            name = token.split("'")[-1].split("’")[-1]
            if token[:1].isupper() or after_function_word and name[:1].isupper():
                return True
            content_words += _normalise(token) not in words.all
            if _CLAUSE_END.search(token) or not after_function_word and content_words > 1:
                break
    before = tokens[max(0, i - 3) : i]
    if any(_normalise(t.strip("«“\"„*_,")) in words.title_nouns for _s, _e, t in before):
        return True
    return any(t.startswith(_OPENING_MARKS) for _s, _e, t in before)


_SEPARATORS = ("/", "|", "·", "•")


def _segment_list(tokens: list[tuple[int, int, str]]) -> bool:
    """Whether the sentence is a line of headlines or menu items: a separator between words that a
    capitalised word follows ("Ma sono tante le giudiziali / Un gruppo di professionisti")."""
    return any(token in _SEPARATORS and tokens[i + 1][2][:1].isupper()
               for i, (_start, _end, token) in enumerate(tokens[1:-1], start=1))


_RUN_ON = patterns.compile(r"[.!?:;»”\"()\[\]]$")


def _run_in_capitals(text: str, words: FunctionWords) -> int:
    """How many capitalised function words follow a word in mid-sentence and precede a lower-case
    word: the boundaries of segments run together ("... granite In the restaurant")."""
    tokens = [m.group(0) for m in _TOKEN.finditer(text)]
    count = 0
    for i in range(1, len(tokens) - 1):
        match = _LEADING_WORD.match(tokens[i])
        if (match and not match.group(2) and _normalise(match.group(1)) in words.flaggable
                and not _RUN_ON.search(tokens[i - 1]) and tokens[i + 1][:1].islower()):
            count += 1
    return count


_INVERTED = patterns.compile(r"(?<=\p{Ll}-(?:t-)?)(\p{Lu}\p{Ll}+)(?![\p{L}\p{M}'’-])")


def _inverted_pronouns(text: str, sentence: Segment, words: FunctionWords) -> Iterator[Hit]:
    """A pronoun joined to its verb by a hyphen, capitalised: "affirme-t-Il"."""
    for match in _INVERTED.finditer(text, sentence.start, sentence.end):
        if _normalise(match.group(1)) in words.flaggable:
            yield Hit(match.start(1), match.end(1), f"'{match.group(1)}' is capitalised in mid-sentence",
                      suggestion=match.group(1).lower(), confidence=0.8, severity=Severity.MAJOR)


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


class Casing(Check):
    """A capital letter where the sentence goes on, or a sentence that starts in lower case.

    Flags: a capitalised article, preposition, pronoun or conjunction right after a lower-case word in
    mid-sentence and before a lower-case one ("force de La gravité", "took him to The park",
    "Premier retrait L'accès", "Plus tard Elle s'est plainte"), a capitalised coordinating
    conjunction after a comma or a dash ("parcel, And on", "– Mais Altman"), and a paragraph or line
    that opens with a lower-case word after a finished sentence (or a sentence that does, in prose
    that otherwise capitalises its sentences).
    Not flagged: names and titles (a capital further on: "à La Rochelle", "De la Cruz", "dans Les
    héritiers d'Hammerfell"; a noun that announces a work: "le film Le fabuleux destin"; quotes and
    italics), reported speech after a comma or "that", a sentence that a heading runs into (an
    article or pronoun after a noun with its verb following: "Sobrepeso niños Los niños que son"),
    as many capitals as the source runs in itself ("granite In the restaurant"), lines of headlines
    joined by "/" or "|", an article after a preposition in crawled text that lost
    its accents (a title: "con El jardn de cemento"), brand forms (iPhone, eBay), abbreviations
    ("E.E.UU"), list items and polite capitals (German "Sie").
    Why: MT that translates headings or source segments separately leaves their capitals and lower
    cases where the target's sentences now run differently.
    Example: "Premier retrait L'accès d'OpenAI" flags "L'".
    Instead: "Il a d'abord retiré l'accès d'OpenAI", or at least a lower-case "l'accès".
    """

    code = "FL003"
    name = "casing"
    category = "fluency/grammar"
    severity = Severity.MINOR
    examples = (
        Example("Premier retrait L’accès d’OpenAI à la base de données.", True, span="L’"),
        Example("Plus tard Elle s’est plainte de sa recherche du profit.", True, span="Elle"),
        Example("Le bénéfice était limité – ce qui était notable – Mais Altman a refusé.", True, span="Mais"),
        Example("Il est né à La Rochelle et vit à Paris.", False),
        Example("Elle a acheté un iPhone. eBay a ouvert un bureau.", False),
        Example("Les ventes ont chuté.\n\npuis la production a repris en mai.", True, span="puis"),
        Example("Les ventes ont chuté de 3 % env. puis la production a repris.", False),
        Example("Können Sie mir helfen, wenn Sie Zeit haben?", False, target_lang="de"),
        Example("She writes for The Guardian and the BBC.", False, target_lang="en"),
        Example("La chute est due à la force de La gravité.", True, span="La"),
        Example("He took him to The park on Sunday.", True, target_lang="en", span="The"),
        Example("They signed the parcel, And on the basis of it agreed.", True, target_lang="en", span="And"),
        Example("Elle a joué dans le film Le fabuleux destin d'Amélie Poulain.", False),
        Example("Sobrepeso niños Los niños que son obesos lo tienen difícil.", False, target_lang="es"),
    )

    def applies_to(self, ctx: UnitContext) -> bool:
        return function_words(ctx.target_base) is not None

    def check(self, ctx: UnitContext) -> Iterator[Hit]:
        words = function_words(ctx.target_base)
        assert words is not None
        sentences = ctx.sentences
        damage: _Damage | None = None

        def damaged(start: int, end: int) -> bool:
            nonlocal damage
            if damage is None:
                settings = glued_settings(ctx.target_base)
                damage = _Damage(ctx.text, lexicon(ctx), settings.accents if settings else "")
            return damage.around(start, end, True)

        # A source that runs a segment into the next with a capital ("... granite In the restaurant")
        # has the same boundaries translated: as many capitals in mid-sentence are the source's.
        mirrored: int | None = None
        for k, sentence in enumerate(sentences):
            if _capitalised_function_word(sentence.text, words.flaggable):
                for hit in self._mid_sentence(ctx.text, sentence, words, damaged):
                    if mirrored is None:
                        source_words = function_words(ctx.source_base) if ctx.source else None
                        mirrored = _run_in_capitals(ctx.source or "", source_words) if source_words else 0
                    if mirrored:
                        mirrored -= 1
                        continue
                    yield hit
            if "-" in sentence.text:
                yield from _inverted_pronouns(ctx.text, sentence, words)
            hit = self._lower_start(ctx, sentences, k)
            if hit:
                yield hit

    def _mid_sentence(self, text: str, sentence: Segment, words: FunctionWords,
                      damaged: Callable[[int, int], bool]) -> Iterator[Hit]:
        tokens = _tokens(text, sentence)
        segments: bool | None = None
        for i in range(1, len(tokens)):
            start, _end, token = tokens[i]
            if not _same_line(text, tokens[i - 1][1], start):
                continue
            match = _LEADING_WORD.match(token)
            if not match:
                continue
            elided = bool(match.group(2))
            key = _normalise(match.group(1)) + ("'" if elided else "")
            if key not in words.flaggable:
                continue
            if not elided and token[match.end():] not in ("", ","):
                continue  # "E.E.UU", "A.1": an abbreviation or a label
            rest = token[match.end():] if elided else (tokens[i + 1][2] if i + 1 < len(tokens) else "")
            prev = tokens[i - 1][2]
            after_word = bool(_LOWER_PREVIOUS.fullmatch(prev)) and _normalise(prev) not in words.reporting
            if prev.endswith(",") and key not in words.coordinators:
                continue  # ", For the first time": a quotation may open here
            after_dash = (prev in _DASHES and i >= 2 and bool(_ENDS_LOWER.search(tokens[i - 2][2]))
                          and _same_line(text, tokens[i - 2][1], tokens[i - 1][0]))
            span_end = start + match.end() if elided else start + len(match.group(1))
            conjunction = key in words.conjunctions and len(key) > 1
            if not (after_word or after_dash and conjunction):
                continue
            if _normalise(prev.rstrip(",")) not in words.all and _opens_sentence(tokens, i, words, key):
                continue
            if not conjunction and not rest[:1].islower() or _starts_title(tokens, i, words, not conjunction):
                continue
            if key in words.openers:
                if segments is None:
                    segments = _segment_list(tokens)
                if segments:
                    continue  # "... giudiziali / Un gruppo ... ratificare Un divorzio": a line of headlines
                if (words.sentence_case_titles and key in words.articles
                        and _normalise(prev) in words.prepositions and damaged(start, span_end)):
                    continue  # "con El jardn de cemento": a title, in crawled text that lost its accents
            yield Hit(start, span_end, f"'{match.group(0)}' is capitalised in mid-sentence",
                      suggestion=match.group(0).lower(), confidence=0.8,
                      severity=Severity.MAJOR if after_word else Severity.MINOR)

    @staticmethod
    def _capitalising_prose(sentences: list[Segment], k: int) -> bool:
        """The sentence before has 4+ words and ends in a full stop; 2+ other sentences open with a capital."""
        previous = sentences[k - 1]
        if len(previous.words) < 4 or not previous.text.rstrip("»”\"’')]").endswith("."):
            return False
        others = [s for i, s in enumerate(sentences) if i != k and s.text[:1].isalpha()]
        return sum(s.text[0].isupper() for s in others) >= 2 and all(s.text[0].isupper() for s in others)

    def _lower_start(self, ctx: UnitContext, sentences: list[Segment], k: int) -> Hit | None:
        text = ctx.text
        sentence = sentences[k]
        first = _TOKEN.match(text, sentence.start)
        if first is None:
            return None
        word_match = _PLAIN_LOWER_WORD.match(first.group(0))
        # Whole lower-case words only: not iPhone, eBay, e.g., 3D, @handles or list bullets.
        if not word_match or word_match.end() != len(first.group(0).rstrip(",;:.!?…»”\"’')")):
            return None
        if text[_line_start(text, sentence.start)] in _BULLETS or _is_fragment(text, sentences, k, ctx.target_base):
            return None
        if k == 0:
            # A unit that starts in lower case is too often a heading, a list item or a fragment of a
            # sentence on purpose (software strings, crawled pages) to be flagged on its own.
            return None
        if _same_line(text, sentences[k - 1].end, sentence.start) and not self._capitalising_prose(sentences, k):
            # Mid-paragraph lower case after a full stop is mostly an unknown abbreviation or sloppy
            # web text; it is flagged only in prose that otherwise capitalises its sentences.
            return None
        previous = sentences[k - 1].text
        if previous[:1].islower():
            return None  # a text that does not capitalise its sentences (notes, listings)
        if not _TERMINAL.search(previous) or previous.rstrip("»”\"’')]").endswith(("...", "…")):
            return None
        last = _TRAILING_PUNCT.sub("", previous).split()[-1:]
        if not last or len(last[0]) < 4 or "." in last[0]:
            return None  # an abbreviation the segmenter does not know ends with a period too
        word = word_match.group(0)
        return Hit(sentence.start, sentence.start + len(word), f"the sentence starts in lower case ('{word}')",
                   suggestion=word[:1].upper() + word[1:], confidence=0.7)


class Fragment(Check):
    """A stray one- or two-word 'sentence' between sentences ("... technologie. segment. Début 2023").

    Flags: a sentence of one or two words that starts in lower case, ends with a full stop and sits
    on the same line as the sentence before or after it. Headings and list items stand on lines of
    their own and are not flagged.
    Why: MT leaves pieces of the source segmentation behind; readers see a meaningless word.
    Example: "la plus prometteuse de la technologie. segment. Début 2023" flags "segment.".
    Instead: delete the fragment, or join it to the sentence it belongs to.
    """

    code = "FL004"
    name = "fragment"
    category = "fluency/grammar"
    severity = Severity.MINOR
    examples = (
        Example("L'une des entreprises de la technologie. segment. Début 2023, tout a changé.", True,
                span="segment."),
        Example("erreur stratégique. La critique de Musk n'a rien à voir.", True, span="erreur stratégique."),
        Example("Microsoft entre en scène. Moins de six mois plus tard, tout change.", False),
        Example("Sommaire\n\nintroduction.\n\nLe texte commence ici.", False),
        Example("Das Passwort braucht\nmind. eine Ziffer", False, target_lang="de"),
        Example("Die PIN muss mind. 8 Zeichen lang sein.", False, target_lang="de"),
        Example("Prašome patvirtinti savo el. pašto adresą.", False, target_lang="lt"),
    )

    def check(self, ctx: UnitContext) -> Iterator[Hit]:
        sentences = ctx.sentences
        for k, sentence in enumerate(sentences):
            if _is_fragment(ctx.text, sentences, k, ctx.target_base):
                yield Hit(sentence.start, sentence.end, f"'{sentence.text}' is a stray fragment, not a sentence",
                          confidence=0.7)


CHECKS = (GluedWords, Casing, Fragment)
