"""A name -> object table whose objects are imported on first use, so that start-up imports only what a
run needs (one reader, one reporter) while every name stays known up front (for --help and choices)."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class LazyTable(Mapping[str, T], Generic[T]):
    """`entries` maps each name to "module:attribute"; `make` turns the attribute into the value
    (e.g. instantiates a class). Iteration order is the order of `entries`."""

    def __init__(self, entries: dict[str, str], make: Any = None) -> None:
        self._entries = dict(entries)
        self._make = make
        self._loaded: dict[str, T] = {}

    def __getitem__(self, name: str) -> T:
        if name not in self._loaded:
            module, attribute = self._entries[name].split(":")
            found = getattr(importlib.import_module(module), attribute)
            self._loaded[name] = self._make(found) if self._make else found
        return self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def loaded(self) -> frozenset[str]:
        """The names imported so far."""
        return frozenset(self._loaded)
