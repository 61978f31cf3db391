"""Tab-separated tables: a header naming the columns, or bare `source<TAB>target[<TAB>reference]`.

The same reader as CSV (`mtqa.readers.table`), without CSV quoting: quotes in TSV bitexts are text.
"""

from __future__ import annotations

from typing import ClassVar

from mtqa.readers.table import TableReader


class BitextTsvReader(TableReader):
    name: ClassVar[str] = "bitext"
    extensions: ClassVar[tuple[str, ...]] = (".tsv", ".tab")
    delimiter: ClassVar[str] = "\t"
