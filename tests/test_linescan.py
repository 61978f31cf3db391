"""Line-by-line searching (mtqa.util.linescan) finds exactly what one scan of the whole text finds."""

from __future__ import annotations

import random

import pytest

from mtqa.langid import masking
from mtqa.text import markup

_PIECES = ["Le texte continue ici.", "voir docs/api.md", " /usr/bin ", "C:\\temp\\x", "une_variable", "%s",
           "%(name)s", "{0}", "{{ x }}", "${HOME}", "$PATH", "&amp;", "&#160;", "&nbsp", "`code`", "`", "<b>",
           "</b>", "<a\nhref='x'>", "<style>p {}\n</style>", "<script>\nx</script>", "\n", "\n\n", "\r\n", " ",
           "a/b", "--", "_", "<", "&", ":", "color:", "color:#fff;", "font-weight: bold;", "#abc;", "x;",
           "mailto:a@b.org", "[[:space:]]", "[:alpha:]", "[", "l'homme-orchestre.", "Paris"]


def _texts(seed: int, count: int = 3000) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_PIECES) + rng.choice([" ", "", "\n"]) for _ in range(rng.randint(1, 40)))
            for _ in range(count)]


@pytest.mark.parametrize("seed", [1, 2])
def test_masked_code_is_found_line_by_line_as_in_one_scan(seed: int) -> None:
    for text in _texts(seed):
        assert [m.span() for m in masking._code_matches(text)] == [m.span() for m in masking._CODE.finditer(text)]


@pytest.mark.parametrize("seed", [3, 4])
def test_code_spans_are_found_line_by_line_as_in_one_scan(seed: int) -> None:
    for text in _texts(seed):
        assert list(markup.code_spans(text)) == [m.span() for m in markup._CODE.finditer(text)]
