"""py3langid's model decompressed once into the cache folder and mapped by later loads."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

pytest.importorskip("py3langid")

from mtqa.langid.model_cache import load_cached, load_py3langid  # noqa: E402

TEXTS = [
    ("Les raisons exposées dans cette lettre sont raisonnables et méritent une réponse.", None),
    ("Los motivos expuestos en esa carta son razonables y merecen una respuesta seria.", ("es", "fr")),
    ("Комитет отложил решение до следующей недели.", None),
]


def _answers(model) -> list:
    return [model.classify(text, labels) for text, labels in TEXTS]


def test_first_load_writes_the_cache_and_the_next_maps_it(tmp_path: Path) -> None:
    built = load_py3langid(tmp_path)
    folders = list((tmp_path / "langid").iterdir())
    assert len(folders) == 1 and (folders[0] / "meta.json").is_file()
    mapped = load_cached(folders[0])
    assert mapped is not None
    assert isinstance(mapped.nextmove, memoryview)  # mapped, not decompressed again
    assert _answers(mapped) == _answers(built)
    assert _answers(load_py3langid(tmp_path)) == _answers(built)


def test_incomplete_or_damaged_cache_is_not_used(tmp_path: Path) -> None:
    load_py3langid(tmp_path)
    folder = next((tmp_path / "langid").iterdir())
    meta = json.loads((folder / "meta.json").read_text())
    (folder / "meta.json").write_text(json.dumps({**meta, "features": meta["features"] + 1}))
    assert load_cached(folder) is None
    (folder / "ptc.bin").unlink()
    assert load_cached(folder) is None
    model = load_py3langid(tmp_path)  # rebuilt
    assert load_cached(folder) is not None
    assert model.classify(TEXTS[0][0])[0] == "fr"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write a read-only folder")
def test_read_only_cache_folder_still_works(tmp_path: Path) -> None:
    tmp_path.chmod(0o500)
    try:
        model = load_py3langid(tmp_path)
        assert model.classify(TEXTS[0][0])[0] == "fr"
        assert not (tmp_path / "langid").exists()
    finally:
        tmp_path.chmod(0o700)


def test_unwritable_cache_path_still_works(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    model = load_py3langid(blocker)  # the cache folder would have to live under a file
    assert model.classify(TEXTS[1][0], ("es", "fr"))[0] == "es"
