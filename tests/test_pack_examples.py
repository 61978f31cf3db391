"""Every [[example]] of the language packs that tune the target-only checks is run through its check."""

from __future__ import annotations

from typing import Any

import pytest

from mtqa.api import scan_text
from mtqa.config import Config
from mtqa.util.datafiles import builtin_pack_dir, load_toml

# Pack file -> the check its examples exercise.
PACK_CHECKS = {"repetition": "repeated-word", "function-words": "casing", "glued-words": "glued-words",
               "gender": "pronoun-gender"}


def _examples() -> list[tuple[str, str, dict[str, Any]]]:
    out = []
    for name, check in PACK_CHECKS.items():
        for path in sorted(builtin_pack_dir().glob(f"*/{name}.toml")):
            for example in load_toml(path).get("example", []):
                out.append((f"{path.parent.name}/{name}", check, example))
    return out


EXAMPLES = _examples()


def test_the_packs_have_examples() -> None:
    files = {pack for pack, _check, _example in EXAMPLES}
    assert {"fr/repetition", "de/repetition", "nl/repetition"} <= files


@pytest.mark.parametrize("pack, check, example", EXAMPLES,
                         ids=[f"{p}:{e['text'][:40]}" for p, _c, e in EXAMPLES])
def test_pack_example(pack: str, check: str, example: dict[str, Any]) -> None:
    lang = pack.split("/")[0]
    report = scan_text(example["text"], source=example.get("source"), target_lang=lang,
                       source_lang=example.get("source_lang"), config=Config(select=[check]))
    flagged = [f.text for f in report.findings if f.check == check]
    if example["flagged"]:
        assert flagged, f"{pack}: {check} should flag {example['text']!r}"
        if "span" in example:
            assert example["span"] in flagged, (pack, flagged)
    else:
        assert flagged == [], f"{pack}: {check} flagged {flagged} in {example['text']!r}"
