"""The native COMET engine on a CUDA device agrees with the CPU (skipped where torch sees no GPU)."""

from __future__ import annotations

from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("tokenizers")
if not torch.cuda.is_available():
    pytest.skip("torch sees no CUDA device", allow_module_level=True)

from comet_tiny import session_models, triples  # noqa: E402

from mtqa.errors import UsageError  # noqa: E402
from mtqa.scoring import load_scorer  # noqa: E402

DATA = triples(40, lo=2, hi=30)


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return session_models(tmp_path_factory)


@pytest.mark.parametrize("variant", ["da", "kiwi", "unified", "xcomet"])
def test_cuda_fp32_matches_cpu(models: dict[str, Path], variant: str) -> None:
    cpu = load_scorer(str(models[variant]), device="cpu").score(DATA)
    gpu = load_scorer(str(models[variant]), device="cuda", batch_size=7).score(DATA)
    assert gpu.scores == pytest.approx(cpu.scores, abs=1e-4)
    if cpu.spans is not None:
        assert gpu.spans is not None and len(gpu.spans) == len(cpu.spans)


@pytest.mark.parametrize("variant", ["da", "kiwi"])
def test_cuda_bf16_is_close_to_fp32(models: dict[str, Path], variant: str) -> None:
    fp32 = load_scorer(str(models[variant]), device="cuda").score(DATA).scores
    bf16 = load_scorer(str(models[variant]), device="cuda", bf16=True).score(DATA).scores
    assert len(bf16) == len(fp32)
    assert max(abs(a - b) for a, b in zip(bf16, fp32, strict=True)) < 0.05


def test_missing_cuda_index_is_a_usage_error(models: dict[str, Path]) -> None:
    with pytest.raises(UsageError, match="CUDA device"):
        load_scorer(str(models["da"]), device=f"cuda:{torch.cuda.device_count() + 3}")
