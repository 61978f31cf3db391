"""Fuzzing (issue 18): random and structured hostile inputs for every reader, the config, pack and baseline
loaders, the suppression parser and every reporter. Property: nothing raises but mtqa's own typed
errors, and every output is valid UTF-8 (and valid JSON / XML where the format says so; no terminal
control or lone surrogate in the text, GitHub, JUnit and HTML output).

Kept fast for the default run (few examples each, no deadline); raise MTQA_FUZZ_EXAMPLES to search longer.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtqa.checks.packs import load_pack
from mtqa.config import KEYS, Config, load_config_file
from mtqa.errors import MtqaError
from mtqa.model import FileReport, Finding, Report, Severity, Unit
from mtqa.readers import READERS, read_document
from mtqa.reporters import reporter_class
from mtqa.suppression.baseline import load_entries
from mtqa.suppression.directives import SuppressionFilter

EXAMPLES = int(os.environ.get("MTQA_FUZZ_EXAMPLES", "25"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# Text with what breaks naive code: controls, escapes, lone surrogates, bidi overrides, combining marks,
# markup, placeholders, digits, directives.
HOSTILE_PIECES = ["\x1b[2J", "\x1b]0;x\x07", "\x9b", "\ud800", "\udcff", "\u202e", "\u0301", "\x00", "\r\n",
                  "<g id=\"1\">", "</g>", "{0}", "%s", "<!-- mtqa: ignore[] -->", "<!-- mtqa: ignore[FL001] -->",
                  "<!-- mtqa:", "-->", "9" * 50, "1 000 millions", "le le", "a-" * 20, "..", "/", "\\", '"', "'",
                  "mtqa: ignore-file", "&amp;", "]]>", "\t", "\n\n", " "]
hostile_text = st.lists(st.one_of(st.sampled_from(HOSTILE_PIECES), st.text(max_size=8)), max_size=25).map("".join)


def encodable(text: str) -> str:
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


# --- readers ---------------------------------------------------------------------------------------

def structured(fmt: str, pieces: list[str]) -> str:
    a, b, c = (pieces + ["", "", ""])[:3]
    escape = json.dumps
    return {
        "json": f'{{"target_lang": {escape(a)}, "k": {escape(b)}, "n": {{"x": [{escape(c)}, 1, null]}}}}',
        "csv": f"source,target,id\n{escape(a)},{escape(b)},{escape(c)}\n",
        "bitext": f"{a}\t{b}\n{c}\n",
        "po": f'msgid ""\nmsgstr ""\n"Language: {a}\\n"\n\nmsgid "{b}"\nmsgstr "{c}"\n',
        "xliff": f'<xliff version="1.2"><file source-language="en" target-language="{a}"><body><trans-unit id="1">'
                 f"<source>{b}</source><target>{c}</target></trans-unit></body></file></xliff>",
        "tmx": f'<tmx version="1.4"><header srclang="{a}"/><body><tu><tuv xml:lang="en"><seg>{b}</seg></tuv>'
               f'<tuv xml:lang="fr"><seg>{c}</seg></tuv></tu></body></tmx>',
        "plain": f"{a}\n\n{b}\n{c}",
        "aligned": f"{a}\n{b}",
    }[fmt]


@pytest.mark.parametrize("fmt", sorted(READERS))
@FUZZ
@given(data=st.one_of(st.binary(max_size=300), st.lists(hostile_text, min_size=1, max_size=3)))
def test_readers_raise_only_mtqa_errors(tmp_path: Path, fmt: str, data: bytes | list[str]) -> None:
    raw = data if isinstance(data, bytes) else encodable(structured(fmt, data)).encode("utf-8")
    path = tmp_path / f"input.{fmt}"
    path.write_bytes(raw)
    source = tmp_path / "source.txt"
    source.write_bytes(raw)
    try:
        document = read_document(str(path), fmt, str(source) if fmt in ("aligned", "plain") else None)
        for unit in document.units:
            assert isinstance(unit.target, str) and unit.offset >= 0
    except MtqaError:
        pass


@FUZZ
@given(depth=st.integers(min_value=0, max_value=400), tag=st.sampled_from(["g", "mrk", "pc", "sub", "x"]))
def test_nested_xml_never_overflows_the_stack(tmp_path: Path, depth: int, tag: str) -> None:
    body = f'<{tag} id="1">' * depth + "le le" + f"</{tag}>" * depth
    path = tmp_path / "n.xlf"
    path.write_text('<xliff version="1.2"><file source-language="en" target-language="fr"><body><trans-unit id="1">'
                    f"<source>a</source><target>{body}</target></trans-unit></body></file></xliff>", encoding="utf-8")
    try:
        list(read_document(str(path)).units)
    except MtqaError as exc:
        assert "nested" in str(exc)


# --- configuration, packs, baselines ----------------------------------------------------------------

scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-2, max_value=10**30),
                    st.floats(allow_nan=True, allow_infinity=True), hostile_text)
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(hostile_text, inner, max_size=3)),
                      max_leaves=6)


@FUZZ
@given(data=st.dictionaries(st.one_of(st.sampled_from(sorted(KEYS)), hostile_text), values, max_size=4))
def test_config_values_raise_only_config_errors(data: dict) -> None:
    try:
        config = Config().updated(data, where="fuzz.toml")
    except MtqaError:
        return
    for name in ("min_quality", "comet_threshold"):
        value = getattr(config, name)
        assert value is None or math.isfinite(value)


def toml_value(value: object) -> str:
    """A tiny TOML writer for the fuzz values (None has no TOML form: an empty string stands in)."""
    if value is None:
        return '""'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, str):
        return json.dumps(encodable(value))
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    assert isinstance(value, dict)
    return "{" + ", ".join(f"{json.dumps(encodable(k))} = {toml_value(v)}" for k, v in value.items()) + "}"


@FUZZ
@given(data=st.dictionaries(st.sampled_from(sorted(KEYS) + ["tool", "x"]), values, max_size=4),
       wrapper=st.sampled_from(["", "[tool.mtqa]\n", "[tool]\n"]))
def test_config_files_raise_only_config_errors(tmp_path: Path, data: dict, wrapper: str) -> None:
    path = tmp_path / ("pyproject.toml" if wrapper else "mtqa.toml")
    path.write_text(wrapper + "".join(f"{k} = {toml_value(v)}\n" for k, v in data.items()), encoding="utf-8")
    with contextlib.suppress(MtqaError):
        load_config_file(path)


ENTRY_KEYS = ["id", "type", "check", "message", "pattern", "suggestion", "when_source", "precision", "severity",
              "confidence", "bad", "good", "note", "scale", "factor", "into", "into_plural", "plural_from", "decimal",
              "thousands", "step"]
good_entry = {"id": "a", "type": "swap", "check": "calque", "message": "m", "pattern": "(le) le",
              "suggestion": "\\1", "bad": ["le le"], "good": ["x"]}


@FUZZ
@given(changes=st.dictionaries(st.sampled_from(ENTRY_KEYS), values, max_size=3),
       meta=st.dictionaries(st.sampled_from(["name", "target", "source", "description", "x"]), values, max_size=2))
def test_pack_files_raise_only_pack_errors(tmp_path: Path, changes: dict, meta: dict) -> None:
    entry = {**good_entry, **changes}
    head = {"target": "fr", **meta}
    text = "[pack]\n" + "".join(f"{k} = {toml_value(v)}\n" for k, v in head.items())
    text += "[[entry]]\n" + "".join(f"{k} = {toml_value(v)}\n" for k, v in entry.items())
    path = tmp_path / "p.toml"
    path.write_text(text, encoding="utf-8")
    try:
        pack = load_pack(path)
    except MtqaError:
        return
    for pack_entry in pack.entries:  # a pack that loads can be used on any text
        for example in ("le le monde", "1 000 millions", "\ud800 le le", ""):
            list(pack_entry.find(example, "le le"))


@FUZZ
@given(data=values, version=st.sampled_from([1, True, 1.0, "1", None]))
def test_baselines_raise_only_config_errors(tmp_path: Path, data: object, version: object) -> None:
    path = tmp_path / "b.json"
    payload = {"mtqa_baseline": version, "findings": data} if not isinstance(data, dict) else data
    try:
        path.write_text(json.dumps(payload, allow_nan=True), encoding="utf-8", errors="surrogatepass")
    except (TypeError, ValueError, UnicodeEncodeError):
        return
    with contextlib.suppress(MtqaError):
        load_entries(str(path))


# --- suppressions and reporters ---------------------------------------------------------------------

def findings_for(unit: Unit, codes: list[tuple[str, str]], message: str) -> list[Finding]:
    out = []
    size = len(unit.target)
    for index, (code, check) in enumerate(codes):
        start = (index * 7) % (size + 1)
        end = min(size, start + 3)
        out.append(Finding(code, check, "fluency/x", Severity.MINOR, unit.offset + start, unit.offset + end,
                           *unit.line_column(start), unit.id, unit.target[start:end], message,
                           suggestion=message[:5] or None))
    return out


codes = st.lists(st.sampled_from([("FL001", "repeated-word"), ("PU001", "punctuation-spacing"),
                                  ("SUP001", "unused-suppression"), ("LG001", "wrong-language")]), max_size=6)


@FUZZ
@given(target=hostile_text, notes=st.lists(hostile_text, max_size=2), kinds=codes)
def test_suppression_filter_on_hostile_units(target: str, notes: list[str], kinds: list) -> None:
    unit = Unit(target=target, notes=tuple(notes), id="u")
    stage = SuppressionFilter()
    stage.start_file("f", object())
    kept = stage.unit("f", unit, findings_for(unit, kinds, "m"))
    assert all(isinstance(f, Finding) for f in kept)
    for late_unit, finding in stage.end_file("f"):
        assert late_unit is unit and finding.code == "SUP001"


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "sarif", "junit", "github", "html"])
@FUZZ
@given(path=hostile_text, target=hostile_text, unit_id=st.one_of(st.none(), hostile_text), message=hostile_text,
       kinds=codes)
def test_reporters_write_valid_output_for_any_text(fmt: str, path: str, target: str, unit_id: str | None,
                                                   message: str, kinds: list) -> None:
    unit = Unit(target=target, id=unit_id, line=2, column=5)
    findings = findings_for(unit, kinds, message)
    buffer = io.StringIO()
    reporter = reporter_class(fmt)(buffer)
    report_path = path or "-"
    reporter.begin("0", "sig")
    reporter.start_file(report_path, None, "fr")
    reporter.unit(report_path, unit, findings)
    file_report = FileReport(report_path, None, "fr", units=1, skipped_checks={"calque x\x1b": "why\ud800"})
    file_report.add(findings, keep=False)
    reporter.end_file(file_report)
    reporter.end(Report([file_report], "sig", "0"))
    out = buffer.getvalue()
    written = out.encode("utf-8", "backslashreplace")  # what the CLI's streams do with anything left
    if fmt in ("json", "sarif", "jsonl", "junit", "html"):
        out.encode("utf-8")  # these escape lone surrogates themselves
    if fmt == "json":
        data = json.loads(out)
        assert [f["message"] for f in data["files"][0]["findings"]] == [message] * len(findings)
    elif fmt == "sarif":
        assert len(json.loads(out)["runs"][0]["results"]) == len(findings)
    elif fmt == "jsonl":
        assert [json.loads(line)["message"] for line in out.splitlines()] == [message] * len(findings)
    elif fmt == "junit":
        ET.fromstring(written)
    if fmt in ("text", "github", "junit", "html"):  # formats read on a terminal, in a CI log or a browser
        assert not any(ch in out for ch in "\x1b\x07\x9b") and not any(0xD800 <= ord(c) <= 0xDFFF for c in out)


@FUZZ
@given(target=hostile_text, source=st.one_of(st.none(), hostile_text),
       pair=st.sampled_from([("en", "fr"), ("es", "fr"), ("en", "de"), ("zh", "ja"), (None, "xx"), ("en", "ar")]))
def test_every_check_on_hostile_text(target: str, source: str | None, pair: tuple[str | None, str]) -> None:
    import mtqa

    report = mtqa.scan_text(target, source=source, source_lang=pair[0], target_lang=pair[1])
    for finding in report.findings:
        assert 0 <= finding.start <= finding.end <= len(target) and finding.text == target[finding.start:finding.end]
