"""Issue 18, time and memory: long units are cut at sensible places with file offsets kept, findings are
placed in a long unit without rescanning it, and a check stops after MAX_FINDINGS_PER_CHECK in one unit.
(Figures live in benchmarks/hostile.py; these tests check behaviour, not speed.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtqa.config import Config
from mtqa.model import Unit
from mtqa.readers.plain import BLOCK_CHARS, WORD_CUT_CHARS, PlainTextReader
from mtqa.run.pipeline import MAX_FINDINGS_PER_CHECK, Checker
from mtqa.util.xmlsafe import escape_attribute_lt


def units_of(path: Path) -> list[Unit]:
    return list(PlainTextReader().read(str(path)).units)


@pytest.mark.parametrize("text", [
    "le le. " * 200_000,                       # one long line of short sentences
    "Bonjour à tous, " * 90_000,                # one long line, commas and spaces only
    "a" * 1_100_000,                            # one endless word
    "e\u0301" * 600_000,                        # an endless word of base letters with combining accents
    ("Une ligne de texte.\n" * 3 + "\n") * 20_000,  # ordinary paragraphs
    "文字。" * 400_000,                           # CJK sentences, no spaces
    "Il a vu " + "a" * 200_000 + " ici.\n",       # a short file holding one endless word
    ("Un mot " + "b" * 5000 + " puis la suite. ") * 30,  # long runs between ordinary words
])
def test_long_plain_files_are_cut_with_file_offsets_and_lines_kept(tmp_path: Path, text: str) -> None:
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    units = units_of(path)
    assert "".join(u.target for u in units if u.target) == text.rstrip("\n") or \
        "".join(u.target for u in units) in (text, text.rstrip())
    for unit in units:
        assert text[unit.offset : unit.offset + len(unit.target)] == unit.target
        assert unit.line == text.count("\n", 0, unit.offset) + 1
        assert len(unit.target) <= BLOCK_CHARS
        assert not (unit.offset and text[unit.offset] in "\u0301")  # never a mark cut from its letter
    if "。" not in text:
        assert max(len(run) for u in units for run in u.target.split()) <= WORD_CUT_CHARS
    else:  # CJK: cut at sentence ends, not every WORD_CUT_CHARS
        assert all(u.target.endswith("。") for u in units)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="ab\n é", min_size=0, max_size=5000), st.integers(min_value=1, max_value=4))
def test_line_column_of_long_units_matches_a_plain_count(text: str, line: int) -> None:
    unit = Unit(target=text * (1 + 3000 // (len(text) + 1)), line=line, column=3)
    for offset in {0, len(unit.target) // 3, len(unit.target) // 2, len(unit.target)}:
        newlines = unit.target.count("\n", 0, offset)
        last = unit.target.rfind("\n", 0, offset)
        expected = (line, 3 + offset) if newlines == 0 else (line + newlines, offset - last)
        assert unit.line_column(offset) == expected
        start = unit.target.rfind("\n", 0, offset) + 1
        end = unit.target.find("\n", offset)
        assert unit.line_bounds(offset) == (start, len(unit.target) if end == -1 else end)


def test_a_check_stops_after_the_cap_and_the_report_says_so(cli, tmp_path: Path) -> None:
    (tmp_path / "d.txt").write_text("le le. " * (MAX_FINDINGS_PER_CHECK + 500), encoding="utf-8")
    code, out, _ = cli("scan", str(tmp_path / "d.txt"), "-t", "fr", "-f", "json", "--select", "FL001")
    [file] = json.loads(out)["files"]
    assert len(file["findings"]) == MAX_FINDINGS_PER_CHECK
    assert "over 1,000 findings in one unit" in file["skipped_checks"]["repeated-word (capped)"]
    report = Checker(Config(target_lang="fr", select=["FL001"])).scan_units([Unit("le le. " * 10)])
    assert len(report.findings) == 10 and not report.skipped_checks


@pytest.mark.parametrize("shape", ["<!--", "<?", "<![CDATA[", ' c="1"', '<a b="', ' c="<"'])
def test_the_xliff_repair_passes_over_unclosed_markup_in_one_pass(shape: str) -> None:
    """Escaping raw '<' in attribute values (the re-read of a malformed XLIFF) on markup that never closes:
    nothing to escape, the data unchanged. Such a run was matched again from every later '<' before
    (200 KB of '<!--' took 9 s, twice as much four times as long; figures in benchmarks/hostile_battery.py)."""
    data = ("<xliff><body><a" + shape * 50_000).encode()
    assert escape_attribute_lt(data) == (data, 0)


def test_the_xliff_repair_escapes_attribute_values_only() -> None:
    data = (b'<x a="<br />" b=\'<\'><!-- <y a="<"> --><![CDATA[<z a="<">]]><?pi <q a="<">?>'
            b'<t>1 &lt; 2</t><!-- <w a="<"> never closed')
    assert escape_attribute_lt(data) == (data.replace(b'"<br', b'"&lt;br').replace(b"'<'", b"'&lt;'"), 2)


@pytest.mark.parametrize("joiner", ["-", "."])
def test_a_megabyte_long_chain_of_joined_letters_takes_memory_per_unit_not_per_letter(joiner: str) -> None:
    # "a-a-a-..." was one word to the word patterns, whose unbounded repetition kept a backtracking entry
    # per part: ~75 bytes of memory per character in each of several checks (a 10 MB pair took 548 MB).
    import tracemalloc

    chain = f"a{joiner}" * 500_000
    checker = Checker(Config(select=["repeated-word", "pronoun-gender", "inconsistency", "entity-missing"]))
    checker.scan_units([Unit("x", source="y")], source_lang="en", target_lang="fr")  # data loaded outside the count
    tracemalloc.start()
    try:
        checker.scan_units([Unit(chain, source=chain)], source_lang="en", target_lang="fr")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 60 * len(chain), f"{peak / 1e6:.0f} MB for {len(chain) / 1e6:.0f}M characters"
