"""Recall of the artefact checks on injected errors, and their findings on the same clean sentences.

Reads the clean Leipzig and Universal Dependencies sentences of ../shared/data/lid in place (never
copied) and, into each sentence, injects one error of each kind at a position drawn from a seeded
random generator:

- glued: two neighbouring lower-case words written as one ("toushorizons"), caught by glued-words;
- capital: a function word (article, preposition, pronoun, conjunction) after a lower-case word (a
  comma may follow it) and before one, capitalised ("force de La gravité", "parcel, And on"), caught
  by casing;
- doubled: a word written twice ("le le"), caught by repeated-word.

An injection counts as found when a finding of its check overlaps the injected characters. The clean
rate is the number of findings of these checks (glued-words, casing, repeated-word, fragment) per
1,000 untouched sentences. The function words injected are this script's own lists (below), not
mtqa's packs, so a pack cannot be tuned to the injector by construction.

Sentences are split in two halves by a hash of their text: tune on `--half tune`, report `--half held`.

usage: python benchmarks/artefacts.py [--data ../shared/data] [--half tune|held|all] [--langs fr,es,...]
                                      [--show N] [--speed]

--speed times glued-words alone on one 400,000-letter word and on 400,000 characters of glued words
(the work per word is capped, so the time grows linearly with the text).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import regex
from _data import shared_data

from mtqa.config import Config
from mtqa.model import Unit
from mtqa.run.pipeline import Checker

LANGS = ("fr", "es", "en", "it", "pt", "de")
CHECKS = {"glued": "glued-words", "capital": "casing", "doubled": "repeated-word"}
CLEAN_CHECKS = ("glued-words", "casing", "repeated-word", "fragment")

# The injector's function words: articles, prepositions, pronouns and conjunctions of each language.
_INJECT_WORDS = {
    "fr": "le la les un une des du au aux de à en dans sur sous avec sans pour par chez vers entre contre "
          "depuis pendant selon avant après il elle ils elles on nous vous je tu se ce cela lui leur leurs son "
          "sa ses mon ma mes notre nos votre vos qui que dont et mais ou donc car ni puis quand si comme",
    "es": "el la los las un una unos unas lo al del de en con sin para por sobre entre hacia hasta desde contra "
          "según durante ante tras él ella ellos ellas yo tú nosotros se le les su sus mi mis que quien este esta "
          "ese esa y e pero o u ni sino aunque porque pues cuando si como mientras",
    "en": "the a an of in on at to for with from by about into over after before under between through during "
          "without against he she it we they you his her its our their them him us me my your who which that "
          "this these those and but or nor so yet because although while if when",
    "it": "il lo la i gli le un uno una del della dei degli delle al alla ai nel nella di a da in con su per tra "
          "fra verso senza contro durante lui lei noi voi io tu si ci vi suo sua suoi sue mio mia nostro che cui "
          "questo questa quello quella e ed ma o oppure né però perché quando se come mentre",
    "pt": "o a os as um uma uns umas do da dos das no na nos nas ao aos de em com sem para por sobre entre até "
          "desde contra durante ele ela eles elas eu tu nós se lhe lhes seu sua seus suas meu minha nosso nossa "
          "que quem este esta esse essa e mas ou nem porém porque pois quando como enquanto embora",
    "de": "der die das den dem des ein eine einer einem einen eines von mit bei nach aus zu zum zur für gegen "
          "ohne um durch über unter zwischen während wegen seit im vom beim er es wir ich sich sein seine "
          "seinen seinem seiner unser dieser diese dieses und aber oder denn sondern weil dass obwohl wenn als",
}
# French and Italian elided forms ("l'homme" -> "L'homme").
_ELIDED = {"fr": ("l'", "d'", "qu'", "s'", "c'", "j'", "n'", "lorsqu'"), "it": ("l'", "d'", "un'", "dell'", "all'",
                                                                           "nell'", "dall'", "sull'")}
_WORD = regex.compile(r"^\p{Ll}+$")
_LOWER_WORD = regex.compile(r"\p{Ll}[\p{Ll}\p{M}'’-]*,?")
_TOKEN = regex.compile(r"\S+")
_LEADING = regex.compile(r"^[«“\"'‘(¿¡]+")
_TRAILING = regex.compile(r"[»”\"'’),.;:!?…]+$")


@dataclass(frozen=True)
class Injected:
    kind: str
    lang: str
    text: str
    start: int
    end: int
    sentence: str


def half_of(sentence: str) -> str:
    return "tune" if hashlib.sha1(sentence.encode("utf-8")).digest()[0] % 2 == 0 else "held"


def sentences(data: Path, lang: str) -> list[str]:
    out = []
    for corpus in ("leipzig", "ud"):
        path = data / "lid" / corpus / "sentences" / f"{lang}.txt"
        if path.is_file():
            out += [line.strip() for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
    return out


def _tokens(sentence: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(sentence)]


def inject_glued(sentence: str, rng: random.Random, lang: str) -> Injected | None:
    toks = _tokens(sentence)
    spots = [i for i in range(len(toks) - 1)
             if toks[i][1] + 1 == toks[i + 1][0] and _WORD.match(toks[i][2]) and _WORD.match(toks[i + 1][2])
             and len(toks[i][2]) >= 3 and len(toks[i + 1][2]) >= 3]
    if not spots:
        return None
    i = rng.choice(spots)
    text = sentence[: toks[i][1]] + sentence[toks[i + 1][0]:]
    return Injected("glued", lang, text, toks[i][0], toks[i + 1][1] - 1, sentence)


def inject_capital(sentence: str, rng: random.Random, lang: str) -> Injected | None:
    words = set(_INJECT_WORDS[lang].split())
    elided = _ELIDED.get(lang, ())
    toks = _tokens(sentence)
    spots = []
    for i in range(1, len(toks) - 1):
        prev, tok, nxt = toks[i - 1][2], toks[i][2], toks[i + 1][2]
        if not _LOWER_WORD.fullmatch(prev):
            continue
        key = tok.replace("’", "'")
        if tok in words and nxt[:1].islower():
            spots.append((i, len(tok)))
        elif key.startswith(elided) and _WORD.match(key[key.index("'") + 1:] or "X"):
            spots.append((i, key.index("'") + 1))
    if lang == "fr":  # the pronoun of an inverted question: "affirme-t-il"
        for i, (_start, _end, tok) in enumerate(toks):
            m = regex.search(r"-(?:t-)?(il|elle|on|ils|elles)\b", tok)
            if m and i > 0:
                spots.append((i, -m.start(1)))
    if not spots:
        return None
    i, size = rng.choice(spots)
    start = toks[i][0]
    if size < 0:  # a hyphenated pronoun inside the token
        start -= size
        size = len(regex.match(r"\p{L}+", sentence[start:]).group())
    text = sentence[:start] + sentence[start].upper() + sentence[start + 1:]
    return Injected("capital", lang, text, start, start + size, sentence)


def inject_doubled(sentence: str, rng: random.Random, lang: str) -> Injected | None:
    toks = _tokens(sentence)
    spots = []
    for start, end, tok in toks:
        lead = _LEADING.match(tok)
        core_start = start + (lead.end() if lead else 0)
        trail = _TRAILING.search(sentence[core_start:end])
        core_end = core_start + trail.start() if trail else end
        word = sentence[core_start:core_end]
        if regex.fullmatch(r"\p{L}+(?:['’-]\p{L}+)*", word):
            spots.append((core_start, core_end))
    if not spots:
        return None
    start, end = rng.choice(spots)
    word = sentence[start:end]
    text = sentence[:end] + " " + word + sentence[end:]
    return Injected("doubled", lang, text, start, end + 1 + len(word), sentence)


INJECTORS = {"glued": inject_glued, "capital": inject_capital, "doubled": inject_doubled}


def injections(items: list[str], lang: str, seed: int) -> list[Injected]:
    out = []
    for sentence in items:
        for kind, inject in INJECTORS.items():
            digest = hashlib.sha1(f"{seed}:{kind}:{sentence}".encode()).digest()
            made = inject(sentence, random.Random(digest), lang)
            if made is not None:
                out.append(made)
    return out


def speed() -> None:
    checker = Checker(Config(select=["glued-words"]))
    checker.scan_units([Unit("Le rapport décrit desproblèmes.")], target_lang="fr")  # load the lexicon
    rng = random.Random(0)
    for size in (100_000, 400_000):
        cases = {"one word": "".join(rng.choice("abcdefghijklmnop") for _ in range(size)),
                 "glued words": " ".join(["lesinstallations"] * (size // 17))}
        for label, text in cases.items():
            started = time.perf_counter()
            checker.scan_units([Unit(text)], target_lang="fr")
            print(f"glued-words, {label:11} of {size:,} characters: {time.perf_counter() - started:.2f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None, help="the shared data folder (default: found upwards)")
    parser.add_argument("--half", choices=("tune", "held", "all"), default="tune")
    parser.add_argument("--langs", default=",".join(LANGS))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", type=int, default=0, help="print up to N misses per kind and language, "
                        "and every clean-text finding")
    parser.add_argument("--speed", action="store_true", help="time glued-words on very long text and stop")
    args = parser.parse_args()
    if args.speed:
        speed()
        return 0
    data = Path(args.data) if args.data else shared_data()
    if not (data / "lid").is_dir():
        print(f"no data at {data} (use --data)", file=sys.stderr)
        return 2
    checker = Checker(Config(select=list(CLEAN_CHECKS)))
    found: Counter[tuple[str, str]] = Counter()
    total: Counter[tuple[str, str]] = Counter()
    clean: dict[str, Counter[str]] = {}
    clean_n: Counter[str] = Counter()
    started = time.perf_counter()
    langs = [lang.strip() for lang in args.langs.split(",") if lang.strip()]
    for lang in langs:
        items = [s for s in sentences(data, lang) if args.half == "all" or half_of(s) == args.half]
        report = checker.scan_units([Unit(s, id=str(i)) for i, s in enumerate(items)], target_lang=lang)
        clean[lang] = Counter(f.check for f in report.findings)
        clean_n[lang] = len(items)
        if args.show:
            for f in report.findings:
                print(f"  CLEAN {lang} {f.check}: {f.text!r} in {items[int(f.unit)]!r}")
        made = injections(items, lang, args.seed)
        report = checker.scan_units([Unit(m.text, id=str(i)) for i, m in enumerate(made)], target_lang=lang)
        hits: dict[int, list[tuple[str, int, int]]] = {}
        for f in report.findings:
            hits.setdefault(int(f.unit), []).append((f.check, f.start, f.end))
        shown: Counter[str] = Counter()
        for i, m in enumerate(made):
            ok = any(check == CHECKS[m.kind] and start < m.end and m.start < end
                     for check, start, end in hits.get(i, []))
            total[(m.kind, lang)] += 1
            found[(m.kind, lang)] += ok
            if not ok and shown[m.kind] < args.show:
                shown[m.kind] += 1
                print(f"  MISS {lang} {m.kind}: {m.text[m.start:m.end]!r} in {m.text!r}")
    elapsed = time.perf_counter() - started
    print(f"half: {args.half}; seed {args.seed}; {sum(clean_n.values())} clean sentences; {elapsed:.1f} s")
    print(f"{'recall':10} " + " ".join(f"{lang:>15}" for lang in langs) + f" {'all':>15}")
    for kind in INJECTORS:
        pairs = [(found[(kind, lang)], total[(kind, lang)]) for lang in langs]
        pairs.append((sum(f for f, _ in pairs), sum(t for _, t in pairs)))
        print(f"{kind:10} " + " ".join(f"{f:>5d}/{t:<5d}{f / max(t, 1):.2f}" for f, t in pairs))
    print("clean findings per 1,000 sentences")
    for check in (*CLEAN_CHECKS, "all"):
        cells = []
        for lang in langs:
            n = sum(clean[lang].values()) if check == "all" else clean[lang][check]
            cells.append(f"{n:3d} ({1000 * n / max(clean_n[lang], 1):5.1f})")
        n = sum(sum(clean[lang].values()) if check == "all" else clean[lang][check] for lang in langs)
        cells.append(f"{n:3d} ({1000 * n / max(sum(clean_n.values()), 1):5.1f})")
        print(f"{check:14} " + " ".join(f"{c:>11}" for c in cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
