"""The compact word-frequency lexicon: same values as wordfreq's lists, cached on disk, robust cache."""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest

from mtqa.langid import lexicon
from mtqa.langid.lexicon import ABSENT, CompactLexicon, compile_bins, load_lexicon, open_compiled
from mtqa.util.cache import CACHE_ENV, cache_dir

wordfreq = pytest.importorskip("wordfreq")


@pytest.fixture(scope="module")
def reference() -> dict[str, float]:
    table = lexicon._read_cbpack("fr")
    assert table is not None
    return table


@pytest.fixture(scope="module")
def compact(tmp_path_factory: pytest.TempPathFactory) -> CompactLexicon:
    table = load_lexicon("fr", tmp_path_factory.mktemp("cache"))
    assert isinstance(table, CompactLexicon)
    return table


def _absent_words(reference: dict[str, float], count: int) -> list[str]:
    rng = random.Random(7)
    words = list(reference)
    made = [rng.choice(words) + suffix for suffix in ("qz", "xw", "éé", "-kk") for _ in range(count // 4)]
    made += ["circulationquelque", "", "LE", "Le", "chat ", "zzzzzzzzzz", "🙂"]
    return [w for w in made if w not in reference]


def test_every_listed_word_has_exactly_the_value_of_the_plain_dict(compact, reference) -> None:
    assert len(compact) == len(reference)
    # Most words live in the hashed tail, so this exercises both parts.
    assert 0 < len(compact._common) < len(reference) // 5
    assert all(compact.get(word) == value for word, value in reference.items())


def test_absent_words_are_absent(compact, reference) -> None:
    absent = _absent_words(reference, 20000)
    assert len(absent) > 19000
    assert all(compact.get(word) is None for word in absent)
    assert all(compact.get(word, ABSENT) == ABSENT for word in absent[:100])
    assert "circulationquelque" not in compact and "circulation" in compact
    with pytest.raises(KeyError):
        compact["circulationquelque"]


def test_values_agree_with_wordfreq_itself(compact, reference) -> None:
    rng = random.Random(3)
    sample = rng.sample(sorted(reference), 3000) + ["de", "circulation", "quelque", "harcèlement"]
    frequencies = wordfreq.get_frequency_dict("fr")
    for word in sample:
        assert abs(compact[word] - (math.log10(frequencies[word]) + 9)) < 1e-9
        if word.isalpha():  # zipf_frequency tokenizes; a single alphabetic word is its own token
            assert compact[word] == pytest.approx(wordfreq.zipf_frequency(word, "fr"), abs=0.0051)
    checked = 0
    for word in _absent_words(reference, 400):
        if word.isalpha() and word.islower():
            assert wordfreq.zipf_frequency(word, "fr") == 0.0
            assert compact.get(word, ABSENT) == ABSENT
            checked += 1
    assert checked > 100


def test_the_word_evidence_helpers_keep_their_values(reference) -> None:
    from mtqa.langid.word_evidence import lean, zipf

    assert zipf("Circulation", "fr") == reference["circulation"]
    assert zipf("aujourd’hui", "fr") == reference["aujourd'hui"]
    assert zipf("circulationquelque", "fr") == ABSENT
    assert lean("motivos", "fr", "es") > 3


def test_the_cache_file_is_written_once_then_mapped(tmp_path: Path, reference) -> None:
    first = load_lexicon("fr", tmp_path)
    files = list((tmp_path / "lexicon").glob("fr-*.lex"))
    assert len(files) == 1 and not list((tmp_path / "lexicon").glob(".*.tmp"))
    stamp = files[0].stat().st_mtime_ns
    second = load_lexicon("fr", tmp_path)
    assert isinstance(first, CompactLexicon) and isinstance(second, CompactLexicon)
    assert first.source == second.source == "cache"
    assert files[0].stat().st_mtime_ns == stamp  # not rewritten
    assert second.get("harcèlement") == reference["harcèlement"]


def test_a_damaged_cache_file_is_rebuilt(tmp_path: Path, reference) -> None:
    load_lexicon("fr", tmp_path)
    (file,) = (tmp_path / "lexicon").glob("fr-*.lex")
    file.write_bytes(file.read_bytes()[:1000])
    table = load_lexicon("fr", tmp_path)
    assert table.get("circulation") == reference["circulation"]
    assert file.stat().st_size > 1_000_000


def test_a_cache_file_of_another_source_file_is_not_trusted(reference) -> None:
    data = compile_bins([["le"], ["chat"]], source_size=10, source_mtime=20)
    assert open_compiled(data, 10, 20) is not None
    assert open_compiled(data, 11, 20) is None
    assert open_compiled(data, 10, 21) is None
    assert open_compiled(b"MTQALEX0" + data[8:]) is None


def test_an_unwritable_cache_folder_still_works(tmp_path: Path, reference) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    table = load_lexicon("fr", blocker)
    assert isinstance(table, CompactLexicon) and table.source == "built"
    assert table.get("circulation") == reference["circulation"] and table.get("circulationquelque") is None


def test_listed_words_whose_hashes_collide_keep_their_exact_values(monkeypatch) -> None:
    # A deliberately bad hash (first letter only) makes most tail words collide.
    monkeypatch.setattr(lexicon, "tail_key", lambda data, crc: (data[0] * 0x9E3779B97F4A7C15) % (1 << 64))
    bins = [[] for _ in range(700)]
    bins[50] = ["le", "de"]  # Zipf 8.5: common
    bins[650] = ["abricot", "avion", "zèbre"]  # Zipf 2.5: tail, two share a hash
    bins[699] = ["banane", "avion"]  # a word listed twice: the last value wins, as in a dict
    table = open_compiled(compile_bins(bins))
    assert table is not None
    expected = {"le": 8.5, "de": 8.5, "abricot": 9 - 650 / 100, "zèbre": 9 - 650 / 100,
                "banane": 9 - 699 / 100, "avion": 9 - 699 / 100}
    assert {w: table.get(w) for w in expected} == expected
    # An absent word is told apart by its hashes alone: "arbre" hashes like the clashing pair, which left
    # the table; "cerise" like no listed word. (With this toy hash, "zoo" would read as "zèbre" whenever
    # its CRC-32 pre-filter bit happened to be set too.)
    assert table.get("arbre") is None and table.get("cerise") is None
    assert len(table) == len(expected)


def test_cache_folder_follows_the_environment(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "x"))
    assert cache_dir() == tmp_path / "x"
    monkeypatch.delenv(CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "mtqa"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # ignored, as the XDG spec says
    assert cache_dir() == Path.home() / ".cache" / "mtqa"


def test_the_pre_filter_spares_most_absent_words_the_64_bit_hash(compact, reference, monkeypatch) -> None:
    calls = []
    real = lexicon.tail_key
    monkeypatch.setattr(lexicon, "tail_key", lambda data, crc: calls.append(data) or real(data, crc))
    absent = _absent_words(reference, 4000)
    assert all(compact.get(word) is None for word in absent)
    assert len(calls) < len(absent) * 0.2  # one bit per 16 bits of tail: ~6% pass the filter
    tail = [w for w, v in reference.items() if v < lexicon.COMMON_ZIPF][:2000]
    calls.clear()
    assert all(compact.get(word) == reference[word] for word in tail)
    assert len(calls) == len(tail)  # no false negatives: every tail word reaches its hash
