"""Built-in data files parsed by one run are loaded by the next from the cache, while they are unchanged."""

from __future__ import annotations

import pytest

from mtqa.util import datafiles

_real_parse = datafiles._parse


@pytest.fixture
def packs(tmp_path, monkeypatch):
    """A fresh cache folder, an empty in-process store, and a pack folder of our own."""
    root = tmp_path / "packs"
    (root / "fr").mkdir(parents=True)
    monkeypatch.setenv("MTQA_CACHE_DIR", str(tmp_path / "cache"))
    store = datafiles._ParsedData()
    store._root = root  # type: ignore[misc]  # (a cached_property: set on the instance)
    monkeypatch.setattr(datafiles, "_parsed", store)
    return root


def test_a_parsed_file_is_read_back_from_the_cache_until_it_changes(packs, monkeypatch):
    file = packs / "fr" / "words.toml"
    file.write_text('version = 1\nwords = ["un", "deux"]\n[table]\nratio = 1.25\nok = true\n', encoding="utf-8")
    first = datafiles.load_toml(file)
    assert first == datafiles.tomllib.loads(file.read_text(encoding="utf-8"))
    datafiles._parsed.save()

    # Another run: the store starts empty and parsing is not needed.
    fresh = datafiles._ParsedData()
    fresh._root = packs  # type: ignore[misc]
    monkeypatch.setattr(datafiles, "_parsed", fresh)
    monkeypatch.setattr(datafiles, "_parse", lambda path: pytest.fail("parsed again"))
    again = datafiles.load_toml(file)
    assert again == first and again is not first
    again["words"].append("trois")  # a caller's copy: the next one is untouched
    assert datafiles.load_toml(file)["words"] == ["un", "deux"]

    # The file changes: it is parsed again.
    monkeypatch.setattr(datafiles, "_parse", _real_parse)
    file.write_text('version = 2\nwords = ["un"]\n', encoding="utf-8")
    assert datafiles.load_toml(file) == {"version": 2, "words": ["un"]}


def test_files_outside_the_packs_and_broken_caches_are_parsed(packs, tmp_path):
    outside = tmp_path / "mtqa.toml"
    outside.write_text("a = 1\n", encoding="utf-8")
    assert datafiles.load_toml(outside) == {"a": 1}
    assert not datafiles._parsed._entries  # a user's file is never kept
    bad = packs / "fr" / "bad.toml"
    bad.write_text("a = [\n", encoding="utf-8")
    with pytest.raises(datafiles.PackError, match="invalid TOML"):
        datafiles.load_toml(bad)
    cache = datafiles._parsed._file()
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(b"\x00garbage")
    good = packs / "fr" / "good.toml"
    good.write_text("b = 2\n", encoding="utf-8")
    fresh = datafiles._ParsedData()
    fresh._root = packs  # type: ignore[misc]
    assert fresh.load(good) is None  # a damaged cache is a miss, not an error
