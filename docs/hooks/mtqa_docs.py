"""The generated parts of the documentation, made from the code so that they cannot drift from it.

- one page per check, from the check registry: the class attributes, the docstring's fixed sections
  ("Flags:", "Why:", "Example:", "Instead:"), the check's own tested examples with what mtqa reports
  on them in this build, how to configure and suppress it, and hand-written notes from
  `docs/_notes/<check name>.md` when there are some;
- the checks index, one page per language pack (its entries with their examples) and the packs index;
- blocks that hand-written pages pull in with a marker `<!-- mtqa-docs: NAME -->`: the CLI reference
  (from the click commands), the output formats, the layers of the package (from each subpackage's
  docstring), the language data folders.

`docs/hooks/mkdocs_hooks.py` feeds these to MkDocs; `tests/test_docs.py` checks them without MkDocs.
"""

from __future__ import annotations

import ast
import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

import mtqa
from mtqa.checks.base import DOC_SECTIONS, Check, Example
from mtqa.checks.packs import Entry, Pack, builtin_packs
from mtqa.checks.registry import all_checks
from mtqa.cli import cli
from mtqa.meaning.analysis import requirement_problem
from mtqa.model import Finding, Unit
from mtqa.reporters import REPORTERS, reporter_class
from mtqa.suppression.directives import UNUSED_CATEGORY, UNUSED_CODE, UNUSED_DOC, UNUSED_NAME

REPO = Path(__file__).resolve().parents[2]
NOTES = REPO / "docs" / "_notes"
MARKER = re.compile(r"<!--\s*mtqa-docs:\s*([\w-]+)\s*-->")
_SECTION = re.compile(r"^(" + "|".join(s.rstrip(":") for s in DOC_SECTIONS) + r"):\s*", re.M)


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


# --- checks ------------------------------------------------------------------------------------------


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text[:1].upper() + text[1:]


def doc_sections(doc: str) -> tuple[str, dict[str, str]]:
    """A check docstring's summary (the text before the first section) and its sections by name."""
    parts = _SECTION.split(doc)
    summary = _sentence(parts[0])
    sections = {parts[i]: _sentence(parts[i + 1]) for i in range(1, len(parts) - 1, 2)}
    return summary, sections


def check_page_name(name: str) -> str:
    return f"checks/{name}.md"


_CHECKERS: dict[tuple[str, str], mtqa.Checker] = {}


def _checker(code: str, config: tuple[tuple[str, Any], ...]) -> mtqa.Checker:
    key = (code, repr(config))  # config values may be lists
    if key not in _CHECKERS:
        _CHECKERS[key] = mtqa.Checker(mtqa.Config(select=[code]).updated(dict(config)))
    return _CHECKERS[key]


def example_findings(cls: type[Check], example: Example) -> list[Finding] | str:
    """What mtqa reports on one of the check's examples (earlier units first), or why it cannot run here."""
    for requirement in cls.requires:
        problem = requirement_problem(requirement, example.target_lang)
        if problem:
            return problem
    units = [Unit(target=target, source=source, id=f"earlier-{i}")
             for i, (source, target) in enumerate(example.earlier)]
    units.append(Unit(target=example.text, source=example.source, id="example"))
    report = _checker(cls.code, example.config).scan_units(units, source_lang=example.source_lang,
                                                           target_lang=example.target_lang)
    return [f for f in report.findings if f.unit == "example"]


def _highlighted(text: str, findings: list[Finding]) -> str:
    """The example text with the flagged spans marked (overlaps merged)."""
    spans = sorted((f.start, f.end) for f in findings if f.end > f.start)
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, at = [], 0
    for start, end in merged:
        out += [_e(text[at:start]), f"<mark>{_e(text[start:end])}</mark>"]
        at = end
    out.append(_e(text[at:]))
    return "".join(out)


# Checks whose examples come from language-pack entries show this many of each kind; the pack pages show
# every entry with its examples.
PACK_CHECK_EXAMPLES = 12


def shown_examples(cls: type[Check]) -> list[Example]:
    """The examples a check's page shows: all of them, or the first few of each kind for pack-based checks."""
    if not _pack_counts(cls):
        return list(cls.examples)
    flagged = [e for e in cls.examples if e.flagged][:PACK_CHECK_EXAMPLES]
    return flagged + [e for e in cls.examples if not e.flagged][:PACK_CHECK_EXAMPLES]


def _example_rows(cls: type[Check], warn: Callable[[str], None]) -> tuple[str, str]:
    flagged, clean = [], []
    for example in shown_examples(cls):
        pair = f"{example.source_lang or '?'}→{example.target_lang}" if example.source else example.target_lang
        context = "".join(f"<br><small>earlier unit: {_e(t)}</small>" for _, t in example.earlier)
        config = "".join(f"<br><small>config: <code>{_e(k)} = {_e(v)}</code></small>" for k, v in example.config)
        source = f"<br><small>source: {_e(example.source)}</small>" if example.source else ""
        if not example.flagged:
            clean.append(f"<tr><td>{_e(pair)}</td><td>{_e(example.text)}{source}{context}{config}</td></tr>")
            continue
        found = example_findings(cls, example)
        if isinstance(found, str):
            text, report = _e(example.text), f"<em>not run in this build: {_e(found)}</em>"
        else:
            if not found:
                warn(f"{cls.name}: its flagged example {example.text!r} gives no finding through mtqa.Checker")
            text = _highlighted(example.text, found)
            report = "<br>".join(
                f"{_e(f.message)}" + (f" → <code>{_e(f.suggestion)}</code>" if f.suggestion else "")
                + f" <small>({_e(f.severity.value)})</small>" for f in found)
        flagged.append(f"<tr><td>{_e(pair)}</td><td>{text}{source}{context}{config}</td><td>{report}</td></tr>")
    table_flagged = ('<table><thead><tr><th>language</th><th>text</th><th>what mtqa reports</th>'
                     f'</tr></thead><tbody>{"".join(flagged)}</tbody></table>')
    table_clean = ('<table><thead><tr><th>language</th><th>text</th></tr></thead>'
                   f'<tbody>{"".join(clean)}</tbody></table>')
    return table_flagged, table_clean


def _facts(cls: type[Check]) -> str:
    languages = ", ".join(sorted(cls.languages)) if cls.languages else "every target language"
    rows = [("Code", f"`{cls.code}`"), ("Name", f"`{cls.name}`"), ("MQM category", f"`{cls.category}`"),
            ("Default severity", cls.severity.value),
            ("Enabled by default", "yes" if cls.enabled_by_default else f"no: `extend_select = [\"{cls.code}\"]`"),
            ("Target languages", languages),
            ("Needs the source", "yes: it runs on bilingual units only" if cls.needs_source else "no")]
    if cls.requires:
        rows.append(("Needs", ", ".join(f"the `{r}` extra" for r in cls.requires)
                     + " (without it the report lists the check under `skipped_checks`)"))
    if cls.needs_document():
        rows.append(("Scope", "the whole document (it compares units with each other)"))
    (first, value), rest = rows[0], rows[1:]
    return f"| {first} | {value} |\n|---|---|\n" + "".join(f"| {k} | {v} |\n" for k, v in rest)


def _configure(code: str, name: str) -> str:
    return f"""## Configure or suppress

Turn it off, or change its severity, for a project (`mtqa.toml`, or `[tool.mtqa]` in `pyproject.toml`):

```toml
ignore = ["{name}"]                    # or its code, "{code}"
severity = {{ "{name}" = "major" }}    # neutral, minor, major or critical
```

On the command line: `mtqa scan PATH --ignore {code}`, or `--select {code}` to run this check alone.
Codes, code prefixes (`{code[:2]}`) and names are all accepted ([selection](../cli.md#selecting-checks)).

Suppress one place, with a reason ([suppressions](../suppressions.md)):

- in a unit's notes (an XLIFF `<note>`, a PO comment): `mtqa: ignore[{code}] reason`;
- in plain text or Markdown, before the paragraph: `<!-- mtqa: ignore[{name}] reason -->`;
- or accept today's findings with a [baseline](../suppressions.md#baselines) and see only new ones.

In a terminal, `mtqa rule {code}` prints this check's documentation and examples.
"""


def _pack_counts(cls: type[Check]) -> list[tuple[Pack, int]]:
    packs = [(p, sum(1 for e in p.entries if e.check == cls.name)) for p in builtin_packs()]
    return [(p, n) for p, n in packs if n]


def _pack_links(cls: type[Check]) -> str:
    packs = _pack_counts(cls)
    if not packs:
        return ""
    rows = "".join(f"| [{p.name}](../{pack_page_name(p)}) | {p.source or 'any'} → {p.target} | {n} |\n"
                   for p, n in packs)
    total = sum(n for _, n in packs)
    return (f"## Language pack entries\n\nThe language knowledge of this check is data: {total} entries in "
            f"these built-in packs, each with its own tested examples. Add your own with the `packs` "
            f"configuration key ([language packs](../language-packs.md)).\n\n"
            f"| pack | languages | entries |\n|---|---|---|\n{rows}\n")


def check_page(cls: type[Check], warn: Callable[[str], None]) -> str:
    summary, sections = doc_sections(cls.doc())
    flagged, clean = _example_rows(cls, warn)
    notes = NOTES / f"{cls.name}.md"
    body = [f"# {cls.code} {cls.name}\n", f"{summary}\n", _facts(cls)]
    for title, key in (("What it flags", "Flags"), ("Why", "Why"), ("Example", "Example"), ("Instead", "Instead")):
        if key in sections:
            body.append(f"## {title}\n\n{sections[key]}\n")
    if notes.is_file():
        body.append("## How it works\n\n" + notes.read_text(encoding="utf-8").strip() + "\n")
    shown = len(shown_examples(cls))
    more = (f" This page shows {shown} of its {len(cls.examples)} examples; the others are on the pages of the "
            f"language packs listed below, with their entries." if shown < len(cls.examples) else "")
    body.append(f"## Tested examples\n\nThe check's own examples (`{cls.__name__}.examples` in "
                f"`{cls.__module__}`), which `tests/test_checks_meta.py` runs. The right-hand column is what "
                f"`mtqa.Checker` reports on them in the build of this page.{more}\n\n### Flagged\n\n{flagged}\n\n"
                f"### Not flagged\n\n{clean}\n")
    body.append(_pack_links(cls))
    body.append(_configure(cls.code, cls.name))
    return "\n".join(body)


def unused_suppression_page() -> str:
    summary, sections = doc_sections(UNUSED_DOC)
    body = [f"# {UNUSED_CODE} {UNUSED_NAME}\n", f"{summary}\n",
            f"| Code | `{UNUSED_CODE}` |\n|---|---|\n| Name | `{UNUSED_NAME}` |\n"
            f"| MQM category | `{UNUSED_CATEGORY}` |\n| Default severity | minor |\n"
            f"| Comes from | the suppression stage, not a check: see [suppressions](../suppressions.md) |\n"]
    for title, key in (("What it flags", "Flags"), ("Why", "Why"), ("Example", "Example"), ("Instead", "Instead")):
        if key in sections:
            body.append(f"## {title}\n\n{sections[key]}\n")
    body.append(_configure(UNUSED_CODE, UNUSED_NAME))
    return "\n".join(body)


def checks_table(prefix: str = "") -> str:
    rows = []
    for cls in all_checks():
        summary, _ = doc_sections(cls.doc())
        needs = ", ".join([*(["source"] if cls.needs_source else []), *(f"{r} extra" for r in cls.requires)])
        languages = ", ".join(sorted(cls.languages)) if cls.languages else "all"
        rows.append(f"| [{cls.code}]({prefix}{cls.name}.md) | [{cls.name}]({prefix}{cls.name}.md) | "
                    f"{cls.severity.value} | {languages} | {needs} | {summary.replace('|', '&#124;')} |")
    unused, _ = doc_sections(UNUSED_DOC)
    rows.append(f"| [{UNUSED_CODE}]({prefix}{UNUSED_NAME}.md) | [{UNUSED_NAME}]({prefix}{UNUSED_NAME}.md) | minor | "
                f"all | | {unused} |")
    rows.append(f"| QS001, QS002 | [quality-score, model-error-span]({prefix}../scores.md#comet) | major; the "
                f"model's | all | comet extra | a COMET score below `--comet-threshold`; XCOMET error spans |")
    return ("| code | name | default severity | target languages | needs | what it flags |\n"
            "|---|---|---|---|---|---|\n" + "\n".join(rows) + "\n")


def checks_index() -> str:
    return ("# Checks\n\nEvery check mtqa runs, with its default severity. Each page is generated from the check's "
            "code: its docstring, its class attributes and its tested examples, with what mtqa reports on them. "
            "`mtqa rules` prints the same list in a terminal, `mtqa rule CODE` one check.\n\n"
            + checks_table() + "\nSeverities follow MQM: `neutral` < `minor` < `major` < `critical`. A run fails "
            "(exit 1) on a finding at or above `--fail-on` (default `major`).\n")


def check_nav() -> list[dict[str, str]]:
    return [{f"{cls.code} {cls.name}": check_page_name(cls.name)} for cls in all_checks()] + [
        {f"{UNUSED_CODE} {UNUSED_NAME}": check_page_name(UNUSED_NAME)}]


# --- language packs ----------------------------------------------------------------------------------


def pack_page_name(pack: Pack) -> str:
    return f"packs/{pack.name.replace('/', '-')}.md"


def _pack_example(example: Any) -> str:
    source = f"<br><small>source: {_e(example.source)}</small>" if example.source else ""
    return f"{_e(example.text)}{source}"


def _entry_block(entry: Entry) -> str:
    facts = [f"type `{entry.type}`", f"check [{entry.check}](../checks/{entry.check}.md)",
             f"precision {entry.precision}"]
    if entry.severity:
        facts.append(f"severity {entry.severity}")
    rows = []
    if entry.pattern is not None:
        rows.append(f"<tr><th>pattern</th><td><code>{_e(entry.pattern.pattern)}</code></td></tr>")
    if entry.when_source is not None:
        rows.append(f"<tr><th>source guard</th><td><code>{_e(entry.when_source.pattern)}</code></td></tr>")
    if entry.suggestion is not None:
        rows.append(f"<tr><th>suggestion</th><td><code>{_e(entry.suggestion)}</code></td></tr>")
    rows.append(f"<tr><th>message</th><td>{_e(entry.message)}</td></tr>")
    rows += [f"<tr><th>flagged</th><td>{_pack_example(x)}</td></tr>" for x in entry.bad]
    rows += [f"<tr><th>not flagged</th><td>{_pack_example(x)}</td></tr>" for x in entry.good]
    return (f"### `{entry.id}`\n\n{', '.join(facts)}. `mtqa rule {entry.qualified_id}`\n\n"
            f"<table>{''.join(rows)}</table>\n")


def pack_page(pack: Pack) -> str:
    pair = f"{pack.source} → {pack.target}" if pack.source else f"any source → {pack.target}"
    path = Path(pack.path).resolve().relative_to(REPO).as_posix()
    return (f"# {pack.name}\n\n{_e(pack.description)}\n\n| Languages | {pair} |\n|---|---|\n"
            f"| File | `{path}` |\n| Entries | {len(pack.entries)} |\n\n"
            + "\n".join(_entry_block(e) for e in pack.entries))


def packs_index() -> str:
    rows = "".join(f"| [{p.name}]({p.name.replace('/', '-')}.md) | {p.source or 'any'} → {p.target} | "
                   f"{len(p.entries)} | {_e(p.description)} |\n" for p in builtin_packs())
    return ("# Built-in language packs\n\nThe rule packs that ship with mtqa (`mtqa packs` lists them with your own). "
            "[Language packs](../language-packs.md) explains the format and how to add a language pair.\n\n"
            "| pack | languages | entries | what it holds |\n|---|---|---|---|\n" + rows)


def pack_nav() -> list[dict[str, str]]:
    return [{p.name: pack_page_name(p)} for p in builtin_packs()]


# --- blocks for hand-written pages -------------------------------------------------------------------


_METAVARS = {"integer": "N", "integer range": "N", "float": "X", "float range": "X", "file": "FILE",
             "directory": "DIR", "path": "PATH", "text": "TEXT"}


def _option_row(param: click.Parameter) -> str:
    if not isinstance(param, click.Option):
        return ""
    names = ", ".join(f"`{o}`" for o in sorted([*param.opts, *param.secondary_opts], key=len, reverse=True))
    kind = ""
    if isinstance(param.type, click.Choice):
        kind = " " + "&#124;".join(f"`{c}`" for c in param.type.choices)
    elif not param.is_flag:
        kind = f" `{param.metavar or _METAVARS.get(param.type.name.lower(), param.type.name.upper())}`"
    help_text = " ".join((param.help or "").split()).replace("|", "&#124;")
    if param.multiple and "repeatable" not in help_text.lower():
        help_text += " Repeatable."
    return f"| {names}{kind} | {help_text} |\n"


COMMAND_ORDER = ("scan", "baseline", "rules", "rule", "packs", "score")


def cli_reference() -> str:
    parts = []
    commands = sorted(cli.commands.items(), key=lambda item: (
        COMMAND_ORDER.index(item[0]) if item[0] in COMMAND_ORDER else len(COMMAND_ORDER), item[0]))
    for name, command in commands:
        with click.Context(command, info_name=name, parent=click.Context(cli, info_name="mtqa")) as ctx:
            usage = " ".join(command.collect_usage_pieces(ctx))
        rows = "".join(_option_row(p) for p in command.params if p.name != "help")
        table = f"| option | what it does |\n|---|---|\n{rows}" if rows else ""
        help_text = (command.help or "").strip()
        parts.append(f"### mtqa {name}\n\n```\nmtqa {name} {usage}\n```\n\n{help_text}\n\n{table}")
    return "\n".join(parts)


def formats_table() -> str:
    rows = "".join(f"| `{name}` | {reporter_class(name).description} |\n" for name in REPORTERS)
    return "| `--format` | what it writes |\n|---|---|\n" + rows


def _docstring(path: Path) -> str:
    return ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""


def layers_table() -> str:
    rows = []
    for init in sorted((REPO / "mtqa").glob("*/__init__.py")):
        doc = _docstring(init)
        match = re.search(r"^May import: (.+?)(?:\n\s*\n|\Z)", doc, re.M | re.S)
        allowed = " ".join(match.group(1).split()) if match else ""
        summary = " ".join(doc.split("\n\n")[0].split())
        rows.append(f"| `mtqa/{init.parent.name}/` | {summary} | {allowed} |\n")
    return "| subpackage | what lives there | may import |\n|---|---|---|\n" + "".join(rows)


def layers_graph() -> str:
    """A mermaid graph of the subpackages and what each may import (their docstrings' `May import:`)."""
    edges = []
    for init in sorted((REPO / "mtqa").glob("*/__init__.py")):
        match = re.search(r"^May import: (.+?)(?:\n\s*\n|\Z)", _docstring(init), re.M | re.S)
        if not match:
            continue
        for target in match.group(1).replace("\n", " ").split(","):
            target = target.strip()
            if target and (REPO / "mtqa" / target / "__init__.py").is_file():
                edges.append(f"    {init.parent.name} --> {target}")
    return "```mermaid\nflowchart TD\n" + "\n".join(edges) + "\n```\n"


def data_folders() -> str:
    packs = REPO / "mtqa" / "packs"
    rows = []
    for folder in sorted(p for p in packs.iterdir() if p.is_dir()):
        files = ", ".join(f"`{f.name}`" for f in sorted(folder.glob("*.toml")))
        rows.append(f"| `{folder.name}/` | {files} |\n")
    return "| folder under `mtqa/packs/` | TOML files |\n|---|---|\n" + "".join(rows)


def layer_list() -> str:
    """The layer list of `mtqa/__init__.py`'s docstring, as it is."""
    doc = mtqa.__doc__ or ""
    return "\n".join(line for line in doc.splitlines() if line.startswith("- ")) + "\n"


BLOCKS: dict[str, Callable[[], str]] = {
    "cli": cli_reference,
    "formats": formats_table,
    "layers": layers_table,
    "layer-list": layer_list,
    "layers-graph": layers_graph,
    "checks-table": lambda: checks_table("checks/"),
    "data-folders": data_folders,
}


def fill_markers(markdown: str, where: str = "") -> str:
    def block(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in BLOCKS:
            raise KeyError(f"{where}: unknown docs block '{name}' (known: {', '.join(BLOCKS)})")
        return BLOCKS[name]()

    return MARKER.sub(block, markdown)


def generated_pages(warn: Callable[[str], None] = print) -> dict[str, str]:
    """Every generated page, by its path under docs/."""
    pages = {"checks/index.md": checks_index(), check_page_name(UNUSED_NAME): unused_suppression_page(),
             "packs/index.md": packs_index()}
    for cls in all_checks():
        pages[check_page_name(cls.name)] = check_page(cls, warn)
    for pack in builtin_packs():
        pages[pack_page_name(pack)] = pack_page(pack)
    return pages
