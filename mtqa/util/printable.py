"""Untrusted text made safe to print on a terminal: control characters and lone surrogates escaped.

Unit text, unit ids, file names and messages come from the files being checked. Printed raw, an
escape sequence in them could retitle the terminal, clear the screen or hide lines (OSC, CSI), and a
lone surrogate (from a JSON `\\ud800` escape or a file name that is not UTF-8) cannot be encoded at
all. `printable` writes each such character as a Python-style escape (`\\x1b`, `\\x9b`, `\\udcff`),
and bidirectional overrides too (`\\u202e`), so what the terminal shows is what the file holds.
"""

from __future__ import annotations

import re

# C0 controls (tab and newline handled by the caller), DEL, C1 controls, lone surrogates, and the
# bidirectional embeddings, overrides and isolates that reorder what follows them on the screen.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
_UNSAFE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with every character a terminal would act on escaped: newlines and tabs too (one line),
    unless `keep_newlines`."""
    pattern = _UNSAFE if keep_newlines else _UNSAFE_LINE
    return pattern.sub(_escape, text) if pattern.search(text) else text
