"""The compiled-pattern cache: what one process compiles, the next loads instead of parsing again."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
import regex

from mtqa.util import patterns

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """An empty cache folder and a module state as at the start of a process."""
    monkeypatch.setenv("MTQA_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(patterns, "_known", None)
    monkeypatch.setattr(patterns, "_added", {})
    monkeypatch.setattr(patterns, "_used", set())
    return tmp_path


def test_a_pattern_saved_by_one_process_is_loaded_by_the_next_and_matches_the_same(fresh):
    compiled = patterns.compile(r"(?<!\p{L})\p{Lu}\p{Ll}+", regex.IGNORECASE)
    assert compiled is patterns.compile(r"(?<!\p{L})\p{Lu}\p{Ll}+", regex.IGNORECASE)
    patterns.save()
    assert patterns.cache_file().is_file()

    patterns._known = None
    loaded = patterns.compile(r"(?<!\p{L})\p{Lu}\p{Ll}+", regex.IGNORECASE)
    assert loaded is not compiled and not patterns._added  # it came from the file, nothing to write again
    assert loaded.flags == compiled.flags
    text = "élan Vital, ÉTÉ and x-Ray"
    assert [m.span() for m in loaded.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    # The same text with other flags is another pattern.
    assert patterns.compile(r"(?<!\p{L})\p{Lu}\p{Ll}+").flags & regex.IGNORECASE == 0


def test_a_cache_file_that_is_not_patterns_is_ignored(fresh):
    file = patterns.cache_file()
    file.parent.mkdir(parents=True)
    file.write_bytes(b"not a pickle")
    assert patterns.compile("a+b").match("aab")

    # A pickle that would call anything but the regex compiler is refused, not run.
    marker = fresh / "ran"
    file.write_bytes(pickle.dumps({("x", 0): _Evil(str(marker))}))
    patterns._known = None
    assert patterns.compile("x").match("x")
    assert not marker.exists()

    # A compiled pattern stored under another pattern's key is dropped.
    file.write_bytes(pickle.dumps({("b", 0): regex.compile("a")}))
    patterns._known = None
    assert patterns.compile("b").match("b")


class _Evil:
    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (open, (self.path, "w"))


def test_new_patterns_are_written_when_the_process_exits_and_merged_with_the_file(fresh):
    script = "from mtqa.util import patterns; patterns.compile(r'{}')"
    env = dict(os.environ, MTQA_CACHE_DIR=str(fresh), PYTHONPATH=str(REPO))
    for pattern in ("first+", "second+"):
        subprocess.run([sys.executable, "-c", script.format(pattern)], check=True, env=env)
    with patterns.cache_file().open("rb") as handle:
        stored = pickle.load(handle)
    assert {("first+", 0), ("second+", 0)} <= set(stored)


def test_a_full_cache_still_makes_room_for_the_patterns_of_this_process(fresh, monkeypatch):
    monkeypatch.setattr(patterns, "MAX_ENTRIES", 3)
    for pattern in ("old1", "old2", "old3"):
        patterns.compile(pattern)
    patterns.save()
    patterns._known = None
    patterns._used.clear()
    patterns.compile("old2")
    patterns.compile("new")
    patterns.save()
    with patterns.cache_file().open("rb") as handle:
        stored = set(pickle.load(handle))
    assert len(stored) == 3 and {("old2", 0), ("new", 0)} <= stored


def test_only_the_patterns_asked_for_are_unpickled_and_each_must_be_its_key(fresh, monkeypatch):
    for pattern in ("one+", "two+", "three+"):
        patterns.compile(pattern)
    patterns.save()
    patterns._known = None
    loaded = []
    real = patterns._unpickled
    monkeypatch.setattr(patterns, "_unpickled", lambda key, data: loaded.append(key) or real(key, data))
    assert patterns.compile("two+").match("twoo")
    assert loaded == [("two+", 0)] and not patterns._added

    # The pickle of another pattern under a key is not trusted: the pattern is compiled again.
    file = patterns.cache_file()
    file.write_bytes(pickle.dumps({("b+", 0): pickle.dumps(regex.compile("a+"))}))
    patterns._known = None
    assert patterns.compile("b+").match("bb") and ("b+", 0) in patterns._added
