"""More mixed-language and monolingual paragraphs, built in memory from the LID development sentences.

The shared set has 98 mixed and 210 monolingual paragraphs: too few to tune on one part and confirm on
the rest. This builds more of the same kinds from `ud/sentences` (parallel PUD sentences, ids 700-799,
disjoint from the ones `mixed.jsonl` was built from) and `leipzig/sentences`, following the recipe of
`data/lid/README.md`: three consecutive host sentences with one foreign span put in:

- sentence: one sentence replaced by its translation;
- partial: a sentence that starts in the foreign language and goes on in the host language after a comma;
- clause: 4-12 consecutive words of another foreign sentence, after a comma, between em dashes or in
  parentheses;
- phrase: 2-4 such words.

Every item gets a `half` (0 or 1) from a stable hash of its id: tune on one half, confirm on the other.
Nothing here is written to disk.
"""

from __future__ import annotations

import random
import zlib
from pathlib import Path
from typing import Any

# The pairs of the shared mixed set first, then others (host+foreign).
SAME_PAIRS = (("fr", "es"), ("en", "fr"), ("de", "en"), ("pt", "es"), ("it", "es"))
OTHER_PAIRS = (("es", "en"), ("fr", "en"), ("it", "en"), ("pt", "en"), ("pl", "en"), ("cs", "en"), ("sv", "en"),
               ("fi", "en"), ("tr", "en"), ("de", "fr"), ("es", "pt"), ("en", "de"), ("en", "es"), ("it", "fr"),
               ("es", "fr"), ("fr", "de"), ("ru", "en"))
KINDS = ("sentence", "partial", "clause", "phrase")
_WRAPS = ((", ", ", "), (" —", "— "), (" (", ") "))


def half(item_id: str) -> int:
    return zlib.crc32(item_id.encode()) % 2


def _lines(path: Path) -> list[str]:
    if not path.is_file():
        return []
    return [line for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def _insert(host: str, words: list[str], rng: random.Random) -> tuple[str, int, int]:
    """`host` with `words` put in at a word boundary inside it; the offsets of the inserted words."""
    tokens = host.split(" ")
    at = rng.randint(1, max(1, len(tokens) - 2))
    opener, closer = rng.choice(_WRAPS)
    before = " ".join(tokens[:at]).rstrip(",")
    inner = " ".join(words)
    start = len(before) + len(opener)
    return before + opener + inner + closer + " ".join(tokens[at:]), start, start + len(inner)


def mixed_paragraphs(lid: Path, pairs: tuple[tuple[str, str], ...] = SAME_PAIRS + OTHER_PAIRS,
                     seed: int = 14) -> list[dict[str, Any]]:
    """Mixed paragraphs in the layout of `mixed.jsonl` (id, host, foreign, kind, text, spans), plus `half`."""
    rng = random.Random(seed)
    out: list[dict[str, Any]] = []
    for host_lang, foreign_lang in pairs:
        host = _lines(lid / "ud" / "sentences" / f"{host_lang}.txt")
        foreign = _lines(lid / "ud" / "sentences" / f"{foreign_lang}.txt")
        if len(host) != len(foreign) or len(host) < 6:
            continue  # not a parallel (PUD) pair
        for n, first in enumerate(range(0, len(host) - 2, 3)):
            kind = KINDS[n % len(KINDS)]
            sentences = host[first : first + 3]
            slot = rng.randrange(3)
            target = sentences[slot]
            if kind == "sentence":
                piece = foreign[first + slot]
                new, start, end = piece, 0, len(piece)
            elif kind == "partial":
                f_words, h_words = foreign[first + slot].split(), target.split()
                if len(f_words) < 6 or len(h_words) < 6:
                    continue
                cut_f = max(2, int(len(f_words) * rng.uniform(0.3, 0.6)))
                cut_h = max(2, int(len(h_words) * cut_f / len(f_words)))
                lead = " ".join(f_words[:cut_f]).rstrip(",;:")
                new, start, end = lead + ", " + " ".join(h_words[cut_h:]), 0, len(lead)
            else:
                other = foreign[(first + slot + 1 + rng.randrange(len(host) - 1)) % len(host)].rstrip(".!?")
                f_words = other.split()
                size = rng.randint(4, 12) if kind == "clause" else rng.randint(2, 4)
                if len(f_words) < size:
                    continue
                at = rng.randrange(len(f_words) - size + 1)
                words = [w.strip(",;:()\"«»“”") for w in f_words[at : at + size]]
                new, start, end = _insert(target, words, rng)
            before = " ".join(sentences[:slot])
            offset = len(before) + (1 if before else 0)
            text = " ".join([*sentences[:slot], new, *sentences[slot + 1 :]])
            item_id = f"synth-{host_lang}{foreign_lang}-{first:03d}"
            out.append({"id": item_id, "host": host_lang, "foreign": foreign_lang, "kind": kind, "text": text,
                        "spans": [[offset + start, offset + end, foreign_lang]], "half": half(item_id)})
    return out


def mono_paragraphs(lid: Path) -> list[dict[str, Any]]:
    """Three consecutive sentences of one language (Leipzig and UD), in the layout of `mono.jsonl`;
    `source` is en (fr for English hosts), as in the shared set."""
    out: list[dict[str, Any]] = []
    for corpus in ("leipzig", "ud"):
        for path in sorted((lid / corpus / "sentences").glob("*.txt")):
            lang = path.stem
            lines = _lines(path)
            for first in range(0, len(lines) - 2, 3):
                item_id = f"synth-mono-{corpus}-{lang}-{first:03d}"
                out.append({"id": item_id, "host": lang, "source": "fr" if lang == "en" else "en",
                            "text": " ".join(lines[first : first + 3]), "half": half(item_id)})
    return out


def monolingual_files(lid: Path, min_words: int = 21) -> list[tuple[str, str, str]]:
    """(language, corpus, text): consecutive sentences joined until the text has more than 20 words
    (Chinese and Japanese: two characters count as a word), for the target-language detection check."""
    out = []
    for corpus in ("leipzig", "ud"):
        for path in sorted((lid / corpus / "sentences").glob("*.txt")):
            buffer: list[str] = []
            for line in _lines(path):
                buffer.append(line)
                text = " ".join(buffer)
                if count_words(text) >= min_words:
                    out.append((path.stem, corpus, text))
                    buffer = []
    return out


def count_words(text: str) -> int:
    ideographs = sum(1 for ch in text if "\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff")
    return len(text.split()) if ideographs < 10 else ideographs // 2
