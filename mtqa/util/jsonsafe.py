"""JSON text that any UTF-8 writer can carry, one record per line: lone surrogates, C1 controls and the
Unicode line separators (U+0085, U+2028, U+2029) written as `\\uXXXX` escapes.

A lone surrogate reaches mtqa from a JSON `"\\ud800"` escape in an input, or from a file name that is
not valid UTF-8 (byte 0xFF is read as U+DCFF). `json.dumps(..., ensure_ascii=False)` would write it raw,
which no UTF-8 stream can encode; escaped, it stays valid JSON and reads back as the same string. The
line separators are valid in JSON strings, but a reader that splits JSON Lines on them (Python's
`splitlines`) would cut a record in two.
"""

from __future__ import annotations

import json
import re
from typing import Any

_SURROGATE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def dumps(value: Any, indent: int | None = None, sort_keys: bool = False) -> str:
    """`json.dumps` with non-ASCII text kept readable and lone surrogates escaped."""
    text = json.dumps(value, ensure_ascii=False, indent=indent, sort_keys=sort_keys)
    return _SURROGATE.sub(_escape, text) if _SURROGATE.search(text) else text
