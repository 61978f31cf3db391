"""Header-less bitext TSV (`source<TAB>target[<TAB>reference]`): read by the table reader.

Kept as a name (`--input-format bitext`) for scripts written before the table reader existed.
"""

from __future__ import annotations

from typing import ClassVar

from mtqa.readers.table import TableReader


class BitextTsvReader(TableReader):
    name: ClassVar[str] = "bitext"
    extensions: ClassVar[tuple[str, ...]] = ()
