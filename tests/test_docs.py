"""The documentation runs: its code blocks, its generated pages, and the README's promises.

- ```python blocks in docs/ and examples/README.md run (a block whose first line is `# not run: reason`
  does not, nor one that only includes a file with `--8<--`: the included files are tested themselves);
- ```console blocks in docs/ and README.md: each `$ mtqa ...` or `$ python ...` command runs from the
  repository root, and the lines shown after it must be its output, where `...` stands for any lines;
- the generated pages (docs/hooks/mtqa_docs.py) cover every check and pack, and every flagged example
  of a check gives a finding through `mtqa.Checker`;
- the docstring examples of the public API run (doctest).

`mkdocs build --strict` itself runs in CI (.ci/run), with the `docs` extra.
"""

from __future__ import annotations

import doctest
import importlib.util
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from ci_helpers import run

import mtqa
import mtqa.api
from mtqa.checks.packs import builtin_packs
from mtqa.checks.registry import all_checks
from mtqa.config import KEYS

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
README = REPO / "README.md"
PAGES = sorted(p for p in DOCS.rglob("*.md") if "hooks" not in p.parts)
_FENCE = re.compile(r"^```(\w+)[^\n]*\n(.*?)^```", re.M | re.S)
SETUP = ("python3 -m venv .venv && .venv/bin/pip install -e '.[dev,nlp]' && .venv/bin/mtqa scan "
         "examples/article_es-fr.txt --source-lang es --target-lang fr")
TESTS = ".venv/bin/python -m pytest -q"


def _load_generator():
    spec = importlib.util.spec_from_file_location("mtqa_docs", DOCS / "hooks" / "mtqa_docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _blocks(paths: list[Path], language: str) -> list[tuple[str, str]]:
    found = []
    for path in paths:
        for number, match in enumerate(_FENCE.finditer(path.read_text(encoding="utf-8"))):
            if match.group(1) == language:
                found.append((f"{path.relative_to(REPO)}#{number}", match.group(2)))
    return found


PYTHON = [(name, code) for name, code in _blocks([*PAGES, REPO / "examples" / "README.md"], "python")
          if not code.startswith("# not run:") and not all(line.startswith("--8<--") for line in code.splitlines())]
CONSOLE = _blocks([*PAGES, README], "console")


def test_there_are_runnable_blocks() -> None:
    assert len(PYTHON) >= 5 and len(CONSOLE) >= 4


@pytest.mark.parametrize("name,code", PYTHON, ids=[n for n, _ in PYTHON])
def test_python_block(name: str, code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    exec(compile(code, name, "exec"), {"__name__": "__docs__"})


def _matches(expected: list[str], actual: list[str]) -> bool:
    """Whether `actual` is `expected`, where a line `...` stands for any number of lines."""
    chunks: list[list[str]] = [[]]
    for line in expected:
        if line == "...":
            chunks.append([])
        else:
            chunks[-1].append(line)
    at = 0
    for index, chunk in enumerate(chunks):
        if not chunk:
            continue
        if index == 0:  # no leading `...`: the output starts with the first chunk
            if actual[: len(chunk)] != chunk:
                return False
            at = len(chunk)
            continue
        last = index == len(chunks) - 1
        positions = [i for i in range(at, len(actual) - len(chunk) + 1) if actual[i : i + len(chunk)] == chunk]
        if last:
            positions = [i for i in positions if i + len(chunk) == len(actual)]
        if not positions:
            return False
        at = positions[0] + len(chunk)
    return not chunks[-1] or at == len(actual)


def test_output_matching() -> None:
    out = ["a", "b", "c", "d"]
    assert _matches(["a", "...", "d"], out) and _matches(["a", "b", "..."], out) and _matches(["...", "c", "..."], out)
    assert not _matches(["a", "c", "..."], out) and not _matches(["a", "...", "c"], out)
    assert not _matches(["b", "..."], out) and _matches(out, out) and not _matches(["a", "b"], out)


def _commands(block: str) -> list[tuple[str, list[str]]]:
    commands: list[tuple[str, list[str]]] = []
    for line in block.rstrip("\n").split("\n"):
        if line.startswith("$ "):
            commands.append((line[2:], []))
        else:
            assert commands, f"output before any command: {line!r}"
            commands[-1][1].append(line.rstrip())
    return commands


@pytest.mark.parametrize("name,block", CONSOLE, ids=[n for n, _ in CONSOLE])
def test_console_block(name: str, block: str, capsys: pytest.CaptureFixture[str],
                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("MTQA_NO_PROGRESS", "1")
    for command, expected in _commands(block):
        argv = shlex.split(command)
        if argv[0] == "mtqa":
            _, out, _ = run(capsys, *argv[1:])
        elif argv[0] == "python":
            env = {**os.environ, "PYTHONPATH": str(REPO)}
            out = subprocess.run([sys.executable, *argv[1:]], cwd=REPO, env=env, capture_output=True, text=True,
                                 timeout=300).stdout
        else:
            raise AssertionError(f"{name}: console blocks run mtqa or python commands, not {argv[0]!r}")
        actual = [line.rstrip() for line in out.rstrip("\n").split("\n")]
        assert _matches(expected, actual), f"{name}: `{command}` printed:\n" + "\n".join(actual[:60])


def test_generated_pages_cover_every_check_and_pack() -> None:
    generator = _load_generator()
    problems: list[str] = []
    pages = generator.generated_pages(warn=problems.append)
    assert problems == []  # every flagged example gives a finding through mtqa.Checker
    index = pages["checks/index.md"]
    for cls in all_checks():
        page = pages[f"checks/{cls.name}.md"]
        assert page.startswith(f"# {cls.code} {cls.name}\n") and f"({cls.name}.md)" in index
        for heading in ("## What it flags", "## Why", "## Tested examples", "## Configure or suppress"):
            assert heading in page, f"{cls.name}: {heading}"
        for example in generator.shown_examples(cls):
            shown = generator._e(example.text)
            assert shown in page or shown in re.sub(r"</?mark>", "", page), f"{cls.name}: {example.text!r}"
        assert f"ignore[{cls.code}]" in page and f'severity = {{ "{cls.name}"' in page
    calque = [cls for cls in all_checks() if cls.name == "calque"][0]
    assert len(generator.shown_examples(calque)) == 2 * generator.PACK_CHECK_EXAMPLES < len(calque.examples)
    assert "checks/unused-suppression.md" in pages
    for pack in builtin_packs():
        page = pages[generator.pack_page_name(pack)]
        assert all(f"### `{entry.id}`" in page for entry in pack.entries)


def test_check_docstring_sections_are_split() -> None:
    generator = _load_generator()
    summary, sections = generator.doc_sections("A thing.\n\nFlags: one\ntwo.\nWhy: because.\nExample: x.\nInstead: y.")
    assert summary == "A thing." and sections == {"Flags": "One two.", "Why": "Because.", "Example": "X.",
                                                  "Instead": "Y."}


def test_markers_and_references() -> None:
    generator = _load_generator()
    for page in PAGES:
        generator.fill_markers(page.read_text(encoding="utf-8"), str(page))  # every marker is known
    reference = generator.cli_reference()
    scan = next(c for n, c in mtqa.cli.cli.commands.items() if n == "scan")
    for param in scan.params:
        for opt in getattr(param, "opts", ()):
            if opt.startswith("--") and opt != "--help":
                assert f"`{opt}`" in reference, opt
    assert all(f"`{name}`" in generator.formats_table() for name in ("text", "json", "sarif", "html"))
    assert "mtqa/checks/" in generator.layers_table() and "checks --> util" in generator.layers_graph()


def test_every_config_key_is_documented() -> None:
    text = (DOCS / "configuration.md").read_text(encoding="utf-8")
    missing = [key for key in KEYS if f"`{key}`" not in text]
    assert missing == []


def test_included_files_exist() -> None:
    for page in [*PAGES, *(DOCS / "_notes").glob("*.md")]:
        for match in re.finditer(r'--8<-- "([^":]+)', page.read_text(encoding="utf-8")):
            assert (REPO / match.group(1)).is_file(), f"{page.name}: {match.group(1)}"


def test_every_page_is_in_the_nav() -> None:
    nav = (REPO / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:", 1)[1]
    listed = set(re.findall(r":\s*([\w/-]+\.md)", nav))
    written = {p.relative_to(DOCS).as_posix() for p in PAGES if "_notes" not in p.parts}
    assert written - listed == set()


def test_api_docstring_examples() -> None:
    for module in (mtqa, mtqa.api):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.attempted and not result.failed, module.__name__


def test_readme_is_short_and_keeps_the_setup_commands() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(text.encode("utf-8")) < 12_000
    assert f"```bash\n{SETUP}\n```" in text and f"```bash\n{TESTS}\n```" in text
    for link in re.findall(r"\]\((docs/[^)#]+)", text):
        assert (REPO / link).is_file(), link
