"""MkDocs hooks (see `hooks:` in mkdocs.yml): add the generated pages, list them in the navigation, and
fill the `<!-- mtqa-docs: NAME -->` markers of hand-written pages. The content comes from mtqa_docs."""

from __future__ import annotations

import logging
from typing import Any

import mtqa_docs
from mkdocs.structure.files import File, Files

log = logging.getLogger("mkdocs.hooks.mtqa")
_pages: dict[str, str] = {}


def _replace(nav: list[Any], title: str, children: list[dict[str, str]]) -> None:
    """The nav item `{title: "x/index.md"}` becomes a section: the index, then `children`."""
    for i, item in enumerate(nav):
        if isinstance(item, dict) and title in item:
            value = item[title]
            if isinstance(value, str):
                nav[i] = {title: [value, *children]}
                return
        if isinstance(item, dict):
            for value in item.values():
                if isinstance(value, list):
                    _replace(value, title, children)


def on_config(config: Any) -> Any:
    _pages.clear()
    _pages.update(mtqa_docs.generated_pages(warn=log.warning))
    if config.nav:
        _replace(config.nav, "Checks", mtqa_docs.check_nav())
        _replace(config.nav, "Built-in packs", mtqa_docs.pack_nav())
    return config


def on_files(files: Files, config: Any) -> Files:
    for path, content in _pages.items():
        files.append(File.generated(config, path, content=content))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    return mtqa_docs.fill_markers(markdown, page.file.src_uri)
