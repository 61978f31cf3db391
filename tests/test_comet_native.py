"""Native COMET engine on tiny random-weight checkpoints: integration only, never score quality."""

from __future__ import annotations

import shutil
import socket
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("tokenizers")

from comet_tiny import session_models, triples  # noqa: E402

from mtqa.errors import MissingDependencyError  # noqa: E402
from mtqa.scoring import load_scorer  # noqa: E402
from mtqa.scoring.comet import ReferenceRequiredError, clear_model_cache  # noqa: E402
from mtqa.scoring.resolve import ModelNotFoundError  # noqa: E402

DATA = triples(9, lo=2, hi=16)


@pytest.fixture(scope="session")
def models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return session_models(tmp_path_factory)


@pytest.mark.parametrize("variant", ["da", "kiwi", "qe20", "unified", "xcomet"])
def test_every_variant_loads_and_scores(models: dict[str, Path], variant: str) -> None:
    result = load_scorer(str(models[variant])).score(DATA)
    assert len(result.scores) == len(DATA)
    assert all(isinstance(s, float) for s in result.scores)
    assert result.system_score == pytest.approx(sum(result.scores) / len(DATA))
    if variant in ("unified", "xcomet"):
        assert result.spans is not None and len(result.spans) == len(DATA)
        for seg, spans in zip(DATA, result.spans, strict=True):
            for span in spans:
                assert 0 <= span.start <= span.end <= len(seg["mt"])
                assert span.severity in ("minor", "major", "critical")
    else:
        assert result.spans is None


def test_ckpt_path_and_folder_give_the_same_scores(models: dict[str, Path]) -> None:
    by_folder = load_scorer(str(models["kiwi"])).score(DATA).scores
    by_ckpt = load_scorer(str(models["kiwi"] / "checkpoints" / "model.ckpt")).score(DATA).scores
    assert by_folder == pytest.approx(by_ckpt, abs=1e-6)


@pytest.mark.parametrize("variant", ["da", "xcomet"])
def test_order_is_restored_whatever_the_batching(models: dict[str, Path], variant: str) -> None:
    base = load_scorer(str(models[variant]), batch_size=16).score(DATA).scores
    one = load_scorer(str(models[variant]), batch_size=1).score(DATA).scores
    reversed_scores = load_scorer(str(models[variant]), batch_size=4).score(DATA[::-1]).scores
    assert one == pytest.approx(base, abs=1e-5)
    assert reversed_scores[::-1] == pytest.approx(base, abs=1e-5)


def test_progress_is_reported(models: dict[str, Path]) -> None:
    seen: list[tuple[int, int]] = []
    load_scorer(str(models["kiwi"]), batch_size=4).score(DATA, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (len(DATA), len(DATA)) and len(seen) == 3


def test_reference_routing(models: dict[str, Path]) -> None:
    no_ref = [{"src": d["src"], "mt": d["mt"]} for d in DATA]
    kiwi = load_scorer(str(models["kiwi"]))
    assert kiwi.score(no_ref).scores == pytest.approx(kiwi.score(DATA).scores, abs=1e-6)  # kiwi ignores ref
    assert not kiwi.needs_reference and not kiwi.uses_reference
    da = load_scorer(str(models["da"]))
    assert da.needs_reference
    with pytest.raises(ReferenceRequiredError, match="reference"):
        da.score(no_ref)
    unified = load_scorer(str(models["unified"]))
    with_ref, without = unified.score(DATA).scores, unified.score(no_ref).scores
    mixed = unified.score([DATA[0], no_ref[1], DATA[2]]).scores
    assert mixed == pytest.approx([with_ref[0], without[1], with_ref[2]], abs=1e-5)


def _fake_hub_cache(root: Path, models: dict[str, Path]) -> Path:
    """The tiny kiwi under its real hub name, and its encoder under microsoft/infoxlm-large."""
    import yaml

    cache = root / "hub"
    kiwi = cache / "models--Unbabel--wmt22-cometkiwi-da"
    snap = kiwi / "snapshots" / "0123abcd"
    shutil.copytree(models["kiwi"], snap)
    (kiwi / "refs").mkdir()
    (kiwi / "refs" / "main").write_text("0123abcd")
    hparams = yaml.safe_load((snap / "hparams.yaml").read_text())
    encoder = Path(hparams["pretrained_model"])
    hparams["pretrained_model"] = "microsoft/infoxlm-large"
    (snap / "hparams.yaml").write_text(yaml.safe_dump(hparams))
    enc = cache / "models--microsoft--infoxlm-large"
    shutil.copytree(encoder, enc / "snapshots" / "feed0001")
    (enc / "refs").mkdir()
    (enc / "refs" / "main").write_text("feed0001")
    return cache


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        monkeypatch.delenv(var, raising=False)


def test_hub_name_loads_offline_with_sockets_blocked(models: dict[str, Path], tmp_path: Path,
                                                     no_network: None) -> None:
    cache = _fake_hub_cache(tmp_path, models)
    clear_model_cache()
    by_name = load_scorer("Unbabel/wmt22-cometkiwi-da", hub_cache=cache).score(DATA).scores
    short = load_scorer("wmt22-cometkiwi-da", hub_cache=cache)
    assert short.name == "Unbabel/wmt22-cometkiwi-da"
    assert by_name == pytest.approx(load_scorer(str(models["kiwi"])).score(DATA).scores, abs=1e-6)


def test_offline_miss_says_so_at_once(tmp_path: Path, no_network: None) -> None:
    with pytest.raises(ModelNotFoundError, match="not in the local Hugging Face cache"):
        load_scorer("Unbabel/wmt22-comet-da", hub_cache=tmp_path)
    with pytest.raises(ModelNotFoundError, match="no such COMET model"):
        load_scorer(str(tmp_path / "missing" / "model.ckpt"))


def test_encoder_missing_offline(models: dict[str, Path], tmp_path: Path, no_network: None) -> None:
    import yaml

    model = tmp_path / "kiwi"
    shutil.copytree(models["kiwi"], model)
    hparams = yaml.safe_load((model / "hparams.yaml").read_text())
    hparams["pretrained_model"] = "microsoft/infoxlm-large"
    (model / "hparams.yaml").write_text(yaml.safe_dump(hparams))
    with pytest.raises(ModelNotFoundError, match="microsoft/infoxlm-large"):
        load_scorer(str(model), hub_cache=tmp_path / "empty")


def test_score_cache_reuses_scores(models: dict[str, Path], tmp_path: Path) -> None:
    first = load_scorer(str(models["xcomet"]), cache_dir=tmp_path).score(DATA)
    second_scorer = load_scorer(str(models["xcomet"]), cache_dir=tmp_path)

    def fail(*args: Any) -> None:
        raise AssertionError("scored again instead of using the cache")

    second_scorer._score_batch = fail  # type: ignore[method-assign]
    second = second_scorer.score(DATA)
    assert second.scores == pytest.approx(first.scores, abs=1e-9)
    assert second.spans == first.spans


def test_licence_notice_once(models: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    from mtqa.scoring import resolve

    resolve._NOTICED.clear()
    load_scorer(str(models["xcomet"]))
    load_scorer(str(models["xcomet"]))
    assert capsys.readouterr().err.count("non-commercial") == 1


def test_bf16_runs(models: dict[str, Path]) -> None:
    result = load_scorer(str(models["da"]), bf16=True).score(DATA)
    assert len(result.scores) == len(DATA)


def test_missing_torch_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import mtqa.scoring

    monkeypatch.delitem(sys.modules, "mtqa.scoring.comet", raising=False)
    monkeypatch.delattr(mtqa.scoring, "comet", raising=False)
    monkeypatch.setitem(sys.modules, "torch", None)
    with pytest.raises(MissingDependencyError, match=r"mtqa\[comet\]"):
        load_scorer("Unbabel/wmt22-comet-da")
