"""The faster paths of the native COMET engine give the values of the plain ones (CPU; skipped without torch)."""

from __future__ import annotations

from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("tokenizers")

from comet_tiny import session_models, triples  # noqa: E402

from mtqa.scoring import load_scorer  # noqa: E402
from mtqa.scoring.comet import LayerwiseMix, _concat, sparsemax  # noqa: E402


def _sparsemax_reference(z: torch.Tensor) -> torch.Tensor:
    """The textbook form, reading the support size on the host."""
    z_sorted, _ = torch.sort(z, descending=True)
    cumsum = z_sorted.cumsum(0) - 1
    ks = torch.arange(1, z.numel() + 1, dtype=z.dtype)
    k = int((ks * z_sorted > cumsum).sum().item())
    return torch.clamp(z - cumsum[k - 1] / k, min=0)


@pytest.mark.parametrize("dtype", [torch.float32, torch.bfloat16])
def test_sparsemax_without_a_host_read_equals_the_reference(dtype: torch.dtype) -> None:
    gen = torch.Generator().manual_seed(0)
    for size in (1, 2, 5, 25, 49):
        for scale in (0.1, 1.0, 10.0):
            z = (torch.randn(size, generator=gen) * scale).to(dtype)
            out = sparsemax(z)
            assert torch.equal(out, _sparsemax_reference(z))
            assert float(out.float().sum()) == pytest.approx(1.0, abs=0.05 if dtype == torch.bfloat16 else 1e-5)


def test_sparsemax_never_reads_a_value_on_the_host(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: torch.Tensor) -> float:
        raise AssertionError("a host read: on a GPU it waits for every queued kernel")

    z = torch.randn(25)
    monkeypatch.setattr(torch.Tensor, "item", refuse)
    monkeypatch.setattr(torch.Tensor, "__int__", refuse)
    sparsemax(z)


@pytest.mark.parametrize("transformation", ["softmax", "sparsemax"])
@pytest.mark.parametrize("layer_norm", [False, True])
def test_mixing_the_first_position_only_equals_the_full_mix_there(transformation: str, layer_norm: bool) -> None:
    gen = torch.Generator().manual_seed(1)
    mix = LayerwiseMix(5, transformation, layer_norm, dropout=0.1)
    with torch.no_grad():
        for p in mix.scalar_parameters:
            p.copy_(torch.randn(1, generator=gen))
        mix.gamma.fill_(1.3)
    layers = [torch.randn(3, 7, 8, generator=gen) for _ in range(5)]
    mask = torch.ones(3, 7, dtype=torch.long)
    mask[1, 4:] = 0
    full = mix(layers, mask)
    first = mix(layers, mask, first_only=True)
    assert first.shape == (3, 1, 8)
    assert torch.equal(first[:, 0], full[:, 0])


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return session_models(tmp_path_factory)


@pytest.mark.parametrize("variant", ["kiwi", "unified", "xcomet"])
def test_unified_scores_equal_the_full_mixture(models: dict[str, Path], variant: str) -> None:
    scorer = load_scorer(str(models[variant]))
    net, tok = scorer.net, scorer.tokenizer
    data = triples(6, seed=4, lo=2, hi=20)
    ids = [tok.encode([d[k] for d in data]) for k in ("mt", "src")]
    batch = _concat([[e.ids for e in part] for part in ids], tok)
    with torch.inference_mode():
        score, _ = net.unified(batch.ids, batch.mask)
        layers = net.encoder(batch.ids, batch.mask)
        full = net.layerwise_attention(layers, batch.mask)
        expected = net.estimator(full[:, 0, :]).view(-1)
    assert torch.equal(score, expected)
