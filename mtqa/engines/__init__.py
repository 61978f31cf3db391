"""Engines that run mtqa somewhere other than this process.

- `mtqa.engines.ray_engine`: Ray Data, on a local or remote cluster (`pip install 'mtqa[ray]'`).

Importing this package is cheap; each engine imports its framework only when it is used.

May import: errors, model, config, checks, scoring, run
"""

from __future__ import annotations

ENGINES = ("local", "ray")

__all__ = ["ENGINES"]
