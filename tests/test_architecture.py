"""The package layout: layers import only what their docstring allows, and no module imports itself back.

Each subpackage's `__init__` docstring ends with a line `May import: a, b, ...` naming the parts of mtqa
(subpackages or root modules) it may use; this test reads those lines, so the documentation and the rule
cannot drift apart. Imports inside functions count too: a lazy import still ties the layers together.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "mtqa"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def resolve(name: str) -> str | None:
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("mtqa"):
            found.update(resolve(f"{node.module}.{alias.name}") for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(resolve(alias.name) for alias in node.names if alias.name.startswith("mtqa"))
    found.discard(None)
    return found


GRAPH = {name: imports_of(path) - {name} for name, path in MODULES.items()}


def part(module: str) -> str:
    """The subpackage or root module a module belongs to (`mtqa.langid.lexicon` -> `langid`)."""
    return module.split(".")[1] if "." in module else "mtqa"


SUBPACKAGES = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())


def allowed_parts(subpackage: str) -> set[str]:
    doc = ast.get_docstring(ast.parse((PACKAGE / subpackage / "__init__.py").read_text(encoding="utf-8"))) or ""
    match = re.search(r"^May import: (.+?)(?:\n\s*\n|\Z)", doc, re.M | re.S)
    assert match, f"mtqa/{subpackage}/__init__.py: its docstring has no 'May import:' line"
    return {name.strip() for name in match.group(1).replace("\n", " ").split(",") if name.strip()}


@pytest.mark.parametrize("subpackage", SUBPACKAGES)
def test_a_subpackage_imports_only_what_its_docstring_allows(subpackage):
    allowed = allowed_parts(subpackage) | {subpackage}
    known = set(SUBPACKAGES) | {m.split(".")[1] for m in MODULES if m.count(".") == 1}
    assert allowed <= known, f"{subpackage}: 'May import' names unknown parts {sorted(allowed - known)}"
    wrong = sorted(
        f"{module} imports {target}"
        for module, targets in GRAPH.items() if part(module) == subpackage
        for target in targets if part(target) not in allowed
    )
    assert not wrong, "\n".join(wrong)


def test_no_import_cycle_between_modules():
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in GRAPH[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in GRAPH:
        if node not in index:
            visit(node)
    assert not cycles, cycles


def test_no_cycle_between_subpackages():
    edges = defaultdict(set)
    for module, targets in GRAPH.items():
        for target in targets:
            if part(module) != part(target) and part(module) in SUBPACKAGES and part(target) in SUBPACKAGES:
                edges[part(module)].add(part(target))
    for start in SUBPACKAGES:
        seen, todo = set(), list(edges[start])
        while todo:
            node = todo.pop()
            assert node != start, f"subpackage cycle through {start}"
            if node not in seen:
                seen.add(node)
                todo.extend(edges[node])


def test_the_package_root_holds_a_dozen_modules_or_fewer():
    root_modules = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(root_modules) <= 12, root_modules


def test_a_detected_cycle_is_reported(monkeypatch):
    """The cycle test can fail: a fake back edge from the text layer to the pipeline is caught."""
    monkeypatch.setitem(GRAPH, "mtqa.text.sentences", GRAPH["mtqa.text.sentences"] | {"mtqa.run.pipeline"})
    with pytest.raises(AssertionError):
        test_no_import_cycle_between_modules()
    with pytest.raises(AssertionError):
        test_a_subpackage_imports_only_what_its_docstring_allows("text")
