"""Issue 18, inputs: untrusted values validated where they enter, nothing read outside the named files,
terminal escapes and lone surrogates harmless in every output, folders walked safely."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from mtqa.readers import read_document
from mtqa.readers.base import content_language
from mtqa.run.inputs import expand_paths
from mtqa.util.datafiles import base_language, builtin_data

PO = ('msgid ""\nmsgstr ""\n"Language: LANG\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
      'msgid "Hello world"\nmsgstr "Bonjour le le monde"\n')
FORMATS = ("text", "json", "jsonl", "sarif", "junit", "github")


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def assert_valid(fmt: str, out: str) -> None:
    out.encode("utf-8")  # no lone surrogate left raw
    if fmt in ("json", "sarif"):
        json.loads(out)
    elif fmt == "jsonl":
        for line in out.splitlines():
            json.loads(line)
    elif fmt == "junit":
        ET.fromstring(out.encode("utf-8"))


# --- language codes ---------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["../../../../etc/x", "a" * 300, "fr/../../x", "*all*", "", "fr\x00", "..",
                                   "fr_FR/x"])
def test_a_language_code_that_is_no_tag_is_unknown_and_never_a_path(value: str) -> None:
    assert content_language(value) is None
    assert base_language(value) is None
    assert builtin_data(value, "segmentation") is None


def test_tags_and_posix_locales_from_files_are_kept() -> None:
    assert [content_language(v) for v in ("fr", "pt_BR", "zh-Hans", "fr_FR.UTF-8", "sr_RS@latin", " de ")] == \
        ["fr", "pt-BR", "zh-Hans", "fr-FR", "sr-RS", "de"]
    assert base_language("pt_BR") == "pt" and builtin_data("fr", "segmentation") is not None


@pytest.mark.parametrize("name, content", [
    ("x.json", '{"target_lang": "CODE", "a": "Il a vu le le chat."}'),
    ("x.xlf", '<xliff version="1.2"><file source-language="en" target-language="CODE"><body><trans-unit id="1">'
              "<source>a</source><target>Il a vu le le chat.</target></trans-unit></body></file></xliff>"),
    ("x.po", PO.replace("LANG", "CODE")),
])
def test_a_language_code_from_a_file_reads_nothing_outside(cli, here: Path, name: str, content: str) -> None:
    outside = here / "outside" / "x"
    outside.mkdir(parents=True)
    for data in ("segmentation", "glued-words", "numerals", "function-words", "repetition", "grammar"):
        (outside / f"{data}.toml").write_text("= not toml", encoding="utf-8")
    code_value = "../" * 40 + str(outside).lstrip("/")
    (here / name).write_text(content.replace("CODE", code_value), encoding="utf-8")
    code, out, err = cli("scan", name)
    assert code == 2 and "outside" not in err.replace(code_value[:40], "")  # named as the file's value only
    assert "is not a language code" in err and "pass --target-lang" in err and "Traceback" not in err
    code, out, err = cli("scan", name, "-t", "fr", "-f", "jsonl")
    assert code == 0 and "toml" not in err and '"repeated-word"' in out


def test_a_300_character_code_and_scan_text_arguments(cli, here: Path) -> None:
    (here / "x.json").write_text(json.dumps({"target_lang": "a" * 300, "a": "Il a vu le le chat."}), encoding="utf-8")
    code, _, err = cli("scan", "x.json")
    assert code == 2 and "Traceback" not in err and len(err) < 400
    import mtqa

    with pytest.raises(mtqa.ConfigError, match="not a language code"):
        mtqa.scan_text("le le", target_lang="../../x")


def test_po_content_is_never_read_as_a_path(cli, here: Path) -> None:
    secret = here / "secret.po"
    secret.write_text(PO.replace("LANG", "fr").replace("Hello world", "SECRET"), encoding="utf-8")
    (here / "x.po").write_text(str(secret), encoding="utf-8")
    code, out, err = cli("scan", "x.po", "-t", "fr")
    assert "SECRET" not in out + err and "Traceback" not in err


# --- terminal escapes, surrogates, file names -------------------------------------------------------

def test_text_output_escapes_terminal_controls_and_keeps_carets_aligned(cli, here: Path) -> None:
    name = "e\x1b[2J.txt"
    (here / name).write_text("Il \x1b]0;T\x07 a vu le le chat.\n", encoding="utf-8")
    code, out, err = cli("scan", name, "-t", "fr")
    assert not any(c in out + err for c in "\x1b\x07\x9b")
    assert "e\\x1b[2J.txt" in out
    lines = out.splitlines()
    excerpt = next(i for i, line in enumerate(lines) if "le le" in line and line.startswith("    "))
    assert lines[excerpt].index("le le") == lines[excerpt + 1].index("^")


def test_baseline_messages_escape_terminal_controls(cli, here: Path) -> None:
    name = "b\x1b[31m.txt"
    (here / name).write_text("Il a vu le le chat \x1b[5m.\n", encoding="utf-8")
    assert cli("baseline", name, "-t", "fr", "-o", "b.json")[0] == 0
    (here / name).write_text("Il a vu le chat.\n", encoding="utf-8")
    code, out, err = cli("scan", name, "-t", "fr", "--baseline", "b.json")
    assert "fixed" in err and "\x1b" not in out + err


@pytest.mark.parametrize("fmt", FORMATS)
def test_lone_surrogates_survive_every_format(cli, here: Path, fmt: str) -> None:
    (here / "s.json").write_text('{"target_lang": "fr", "a\\udcff": "Il a vu le le \\ud800 chat.", '
                                 '"b": "le le \\udfff"}', encoding="utf-8")
    code, out, err = cli("scan", "s.json", "-f", fmt)
    assert code == 0 and "Traceback" not in err
    assert_valid(fmt, out)
    if fmt == "json":
        findings = json.loads(out)["files"][0]["findings"]
        assert {f["unit"] for f in findings} == {"a\udcff", "b"}  # the escape reads back as the same text


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_file_name_that_is_not_utf8(cli, here: Path, fmt: str) -> None:
    name = os.fsdecode(b"ff\xff.po")
    (here / name).write_text(PO.replace("LANG", "fr"), encoding="utf-8")
    code, out, err = cli("scan", ".", "-f", fmt)
    assert code == 0 and "Traceback" not in err
    assert_valid(fmt, out)
    if fmt == "sarif":
        assert "ff%FF.po" in out


# --- structures that used to crash -------------------------------------------------------------------

def xliff(target: str) -> str:
    return ('<xliff version="1.2"><file source-language="en" target-language="fr"><body><trans-unit id="1">'
            f"<source>a 1</source><target>{target}</target></trans-unit></body></file></xliff>")


def test_deeply_nested_inline_tags_are_an_input_error(cli, here: Path) -> None:
    (here / "n.xlf").write_text(xliff('<g id="1">' * 3000 + "x" + "</g>" * 3000), encoding="utf-8")
    code, _, err = cli("scan", "n.xlf")
    assert code == 2 and "nested more than" in err and "Traceback" not in err
    (here / "ok.xlf").write_text(xliff('<g id="1">' * 50 + "le le" + "</g>" * 50), encoding="utf-8")
    code, _, err = cli("scan", "ok.xlf", "--exit-zero")
    assert code == 0 and not err


def test_code_points_out_of_range_are_skipped(here: Path) -> None:
    (here / "c.xlf").write_text(xliff('b <cp hex="FFFFFFFFFFFFFFFFFFFF"/><cp hex="-1"/><cp hex="zz"/> 1'),
                                encoding="utf-8")
    [unit] = list(read_document("c.xlf").units)
    assert unit.target == "b  1"


def test_a_long_text_element_is_read_in_linear_time(here: Path) -> None:
    lines = "\n".join(f"ligne {i}" for i in range(200_000))
    (here / "long.xlf").write_text(xliff(lines), encoding="utf-8")
    [unit] = list(read_document("long.xlf").units)
    assert unit.target == lines


@pytest.mark.parametrize("row", ["1" * 400 + " chats\t" + "1" * 400 + " chats",
                                 "1" * 5000 + " cats\t" + "2" * 5000 + " chats",
                                 "x\tIl y a " + "9" * 6000 + " 000 millions de dollars",
                                 "There are 1 000 millions\tIl y a " + "1 " * 3000 + "000 millions"])
def test_numbers_of_any_length(cli, here: Path, row: str) -> None:
    (here / "n.tsv").write_text(row + "\n", encoding="utf-8")
    for pair in (("en", "fr"), ("es", "fr")):
        code, _, err = cli("scan", "n.tsv", "-s", pair[0], "-t", pair[1])
        assert code in (0, 1) and "Traceback" not in err, err


def test_an_empty_target_is_checked_without_error() -> None:
    """A check that reports on the whole unit has no span in an empty target: the unit has no findings
    (found by tests/test_fuzz.py: placeholder-mismatch raised on an empty target with a tag in the source)."""
    import mtqa

    for source in ('<g id="1">', "Delete %(name)s?", "See https://example.org"):
        assert mtqa.scan_text("", source=source, source_lang="en", target_lang="fr").findings == []


@pytest.mark.parametrize("fmt", ["json", "csv", "bitext", "po", "plain", "xliff", "tmx"])
def test_an_endless_binary_stream_is_refused_at_once(cli, here: Path, fmt: str) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("needs /dev/zero")
    code, _, err = cli("scan", "/dev/zero", "--input-format", fmt, "-t", "fr")
    assert code == 2 and err.startswith("mtqa: error: /dev/zero:") and "Traceback" not in err


# --- folders ---------------------------------------------------------------------------------------

def test_walks_and_globs_follow_no_folder_link_and_skip_special_files(here: Path) -> None:
    (here / "t" / "a" / "b").mkdir(parents=True)
    (here / "t" / "a" / "x.po").write_text(PO, encoding="utf-8")
    os.symlink("..", here / "t" / "a" / "up")
    os.symlink("../..", here / "t" / "a" / "b" / "up2")
    os.mkfifo(here / "t" / "pipe.po")
    outside = here / "secret.po"
    outside.write_text(PO, encoding="utf-8")
    os.symlink(str(outside), here / "t" / "linked-out.po")
    os.symlink("a/x.po", here / "t" / "linked-in.po")
    for target in ("t", "t/**/*.po", "t/**", "t/*/*.po"):
        files = expand_paths([target])
        # no pipe, nothing outside, no loop; linked-in.po is x.po itself: one file, scanned once
        assert len(files) == 1 and os.path.samefile(files[0], here / "t" / "a" / "x.po"), (target, files)


def test_an_unreadable_subfolder_is_reported(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mtqa.errors import InputError

    (here / "u" / "sub").mkdir(parents=True)
    (here / "u" / "x.po").write_text(PO, encoding="utf-8")
    real = os.scandir

    def scandir(path: object = ".") -> object:
        if str(path).endswith("sub"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    with pytest.raises(InputError, match="sub: cannot read this folder: permission denied"):
        expand_paths(["u"])


def test_jobs_are_capped_at_the_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    import mtqa.run.parallel as parallel
    from mtqa.checks.base import DocumentState
    from mtqa.model import Unit

    monkeypatch.setattr(parallel, "default_jobs", lambda: 1)

    class Checker:
        unit_checks: list = []
        document_checks: list = []

        def check_unit(self, unit, state, checks=None):
            return []

    units = [Unit(target=f"u{i}") for i in range(30)]
    out = list(parallel.check_units_parallel(Checker(), units, DocumentState("p", "fr", None), 64, min_units=5))
    assert [u for u, _ in out] == units  # one core: checked in this process, no pool of 64


def test_aligned_reading_refuses_binary_and_endless_lines(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import mtqa.readers.aligned as aligned
    from mtqa.errors import InputError

    (here / "t.txt").write_bytes(b"un\x00deux\n")
    (here / "s.txt").write_text("one\ntwo\n", encoding="utf-8")
    with pytest.raises(InputError, match="binary"):
        list(read_document("t.txt", source="s.txt").units)
    monkeypatch.setattr(aligned, "MAX_LINE_CHARS", 1000)
    (here / "t.txt").write_text("a" * 200_000 + "\nb\n", encoding="utf-8")  # past one read of 64 KB
    with pytest.raises(InputError, match="line 1 is longer than 1,000 characters"):
        list(read_document("t.txt", source="s.txt").units)
    (here / "t.txt").write_text("Il a vu\r\n" + "x" * 900 + "\n", encoding="utf-8")
    assert [u.target for u in read_document("t.txt", source="s.txt").units] == ["Il a vu", "x" * 900]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_an_xliff_pipe_named_as_input_is_read_once(here: Path) -> None:
    """A pipe (or a device) can be read only once: the quick look for several <file> elements is skipped
    for it, instead of reading the pipe dry before the parse (which then waited for ever)."""
    import threading

    fifo = here / "p.xlf"
    os.mkfifo(fifo)
    content = ('<xliff version="1.2"><file source-language="en" target-language="fr"><body><trans-unit id="1">'
               "<source>Hello</source><target>Bonjour le le monde</target></trans-unit></body></file></xliff>")
    writer = threading.Thread(target=fifo.write_text, args=(content,), kwargs={"encoding": "utf-8"}, daemon=True)
    writer.start()
    targets: list[str] = []
    reader = threading.Thread(target=lambda: targets.extend(u.target for u in read_document(str(fifo)).units),
                              daemon=True)  # a reader waiting for a second writer must fail the test, not hang it
    reader.start()
    reader.join(timeout=30)
    assert targets == ["Bonjour le le monde"]
