"""A bounded memo for answers that repeat across the units of a scan (segments, clauses, words)."""

from __future__ import annotations

from typing import Any


class BoundedMemo(dict[Any, Any]):
    """A dict that starts again empty once it holds `limit` entries: cheaper than an LRU, and what is
    dropped is only recomputed. Repeated segments of a translation memory keep hitting it."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def remember(self, key: Any, value: Any) -> Any:
        if len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value
