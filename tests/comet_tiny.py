"""Tiny COMET-compatible checkpoints for tests and benchmarks (random weights, never a quality signal).

Builds a Unigram tokenizer with `tokenizers` alone (XLM-R id layout), an XLM-R (or XLM-R-XL) config, and
for each variant writes ``<root>/<variant>/hparams.yaml`` + ``checkpoints/model.ckpt`` holding a state
dict with COMET's parameter names, so that both mtqa's native engine and unbabel-comet load it.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

WORDS_TEXT = {
    "en": (
        "the a cat dog house small big green red runs sees eats reads writes book table river "
        "city old new friend teacher child water bread today yesterday quickly slowly window "
        "street morning"
    ),
    "de": (
        "der die das Katze Hund Haus klein groß grün rot läuft sieht isst liest schreibt Buch "
        "Tisch Fluss Stadt alt neu Freund Lehrer Kind Wasser Brot heute gestern schnell "
        "Fenster Straße"
    ),
    "fr": (
        "le la chat chien maison petit grand vert rouge court voit mange lit écrit livre table "
        "rivière ville vieux nouveau ami professeur enfant eau pain aujourd'hui hier vite "
        "fenêtre rue"
    ),
}
WORDS = {lang: text.split() for lang, text in WORDS_TEXT.items()}
# name: (layers, hidden, heads, ffn, vocab size or None = the tokenizer's, head sizes)
SIZES: dict[str, tuple[int, int, int, int, int | None, list[int]]] = {
    "tiny": (2, 32, 2, 64, None, [64]),
    "large": (24, 1024, 16, 4096, 250002, [3072, 1024]),  # XLM-R large, as wmt22-comet-da / CometKiwi
}
SPECIALS = ["<s>", "<pad>", "</s>", "<unk>"]


def sentences(n: int, seed: int = 0, lo: int = 4, hi: int = 12) -> list[str]:
    rng = random.Random(seed)
    langs = sorted(WORDS)
    out = []
    for i in range(n):
        words = WORDS[langs[i % len(langs)]]
        text = " ".join(rng.choice(words) for _ in range(rng.randint(lo, hi)))
        out.append(text[0].upper() + text[1:] + rng.choice([".", "!", "?", ", 42 %."]))
    return out


def triples(n: int, seed: int = 1, lo: int = 4, hi: int = 12) -> list[dict[str, str]]:
    src, mt, ref = (sentences(n, seed + k, lo, hi) for k in range(3))
    return [{"src": s, "mt": m, "ref": r} for s, m, r in zip(src, mt, ref, strict=False)]


def build_tokenizer(out: Path, vocab_size: int = 300) -> Path:
    from tokenizers import (
        AddedToken,
        Regex,
        Tokenizer,
        decoders,
        models,
        normalizers,
        pre_tokenizers,
        processors,
        trainers,
    )

    out.mkdir(parents=True, exist_ok=True)
    tok = Tokenizer(models.Unigram())
    tok.normalizer = normalizers.Sequence(
        [
            normalizers.NFKC(),
            normalizers.Strip(left=False, right=True),
            normalizers.Replace(Regex(" {2,}"), "\u2581"),
        ]
    )
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="always")
    trainer = trainers.UnigramTrainer(
        vocab_size=vocab_size, special_tokens=SPECIALS, unk_token="<unk>", show_progress=False
    )
    tok.train_from_iterator(sentences(2000), trainer)
    tok.add_special_tokens([AddedToken("<mask>", special=True, lstrip=True)])
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", pair="<s> $A </s> </s> $B </s>", special_tokens=[("<s>", 0), ("</s>", 2)]
    )
    tok.save(str(out / "tokenizer.json"))
    specials = {
        "bos_token": "<s>",
        "eos_token": "</s>",
        "unk_token": "<unk>",
        "sep_token": "</s>",
        "cls_token": "<s>",
        "pad_token": "<pad>",
        "mask_token": "<mask>",
    }
    (out / "special_tokens_map.json").write_text(json.dumps(specials))
    (out / "tokenizer_config.json").write_text(
        json.dumps({"tokenizer_class": "XLMRobertaTokenizer", "model_max_length": 512, **specials})
    )
    return out


def build_encoder(out: Path, tokenizer_dir: Path, size: str = "tiny", xl: bool = False) -> Path:
    import shutil

    from tokenizers import Tokenizer
    from transformers import XLMRobertaConfig, XLMRobertaXLConfig

    out.mkdir(parents=True, exist_ok=True)
    for f in tokenizer_dir.iterdir():
        shutil.copy2(f, out / f.name)
    layers, hidden, heads, ffn, vocab, _ = SIZES[size]
    n_vocab = vocab or Tokenizer.from_file(str(out / "tokenizer.json")).get_vocab_size()
    cls = XLMRobertaXLConfig if xl else XLMRobertaConfig
    cls(
        vocab_size=n_vocab,
        hidden_size=hidden,
        num_hidden_layers=layers,
        num_attention_heads=heads,
        intermediate_size=ffn,
        max_position_embeddings=514,
        type_vocab_size=1,
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
    ).save_pretrained(str(out))
    return out


def variant_hparams(variant: str, encoder_dir: Path, size: str = "tiny") -> dict[str, Any]:
    layers, *_, heads = SIZES[size]
    common: dict[str, Any] = {
        "pretrained_model": str(encoder_dir),
        "nr_frozen_epochs": 0.3,
        "keep_embeddings_frozen": True,
        "optimizer": "AdamW",
        "encoder_learning_rate": 1e-06,
        "learning_rate": 1.5e-05,
        "layerwise_decay": 0.95,
        "loss": "mse",
        "dropout": 0.1,
        "batch_size": 16,
        "train_data": [],
        "validation_data": [],
        "hidden_sizes": heads,
        "activations": "Tanh",
        "final_activation": None,
        "warmup_steps": 0,
    }
    if variant == "da":  # Unbabel/wmt22-comet-da
        return {
            **common,
            "class_identifier": "regression_metric",
            "encoder_model": "XLM-RoBERTa",
            "pool": "avg",
            "layer": "mix",
            "layer_transformation": "sparsemax",
            "layer_norm": False,
        }
    if variant == "qe20":  # wmt20-comet-qe-da
        return {
            **common,
            "class_identifier": "referenceless_regression_metric",
            "encoder_model": "XLM-RoBERTa",
            "pool": "avg",
            "layer": "mix",
            "layer_transformation": "softmax",
            "layer_norm": True,
        }
    unified = {
        "encoder_model": "XLM-RoBERTa",
        "sent_layer": "mix",
        "layer_transformation": "sparsemax",
        "layer_norm": False,
        "word_layer": layers,
        "loss_lambda": 0.65,
        "cross_entropy_weights": None,
    }
    if variant == "kiwi":  # Unbabel/wmt22-cometkiwi-da
        return {
            **common,
            **unified,
            "class_identifier": "unified_metric",
            "input_segments": ["mt", "src"],
            "word_level_training": False,
            "error_labels": ["minor", "major"],
        }
    if variant == "unified":  # a unified model with references and word-level tags
        return {
            **common,
            **unified,
            "class_identifier": "unified_metric",
            "input_segments": ["mt", "src", "ref"],
            "word_level_training": True,
            "error_labels": ["minor", "major"],
        }
    if variant == "xcomet":  # Unbabel/XCOMET-XL geometry in miniature
        return {
            **common,
            **unified,
            "class_identifier": "xcomet_metric",
            "encoder_model": "XLM-RoBERTa-XL",
            "word_level_training": True,
            "error_labels": ["minor", "major", "critical"],
            "loss_lambda": 0.055,
            "cross_entropy_weights": [0.08, 0.486, 0.505, 0.533],
        }
    raise ValueError(f"unknown variant {variant!r}")


def _randomize(net: Any, seed: int) -> None:
    import torch

    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in net.named_parameters():
            noise = torch.randn(p.shape, generator=gen)
            if "LayerNorm" in name or "layer_norm" in name.lower():
                p.copy_(1.0 + 0.1 * noise if name.endswith("weight") else 0.1 * noise)
            elif name.startswith("layerwise_attention"):
                p.copy_(noise if "scalar" in name else 1.0 + 0.1 * noise)
            elif name.startswith("hidden2tag"):
                p.copy_(2.0 * noise)
            else:
                p.copy_(0.2 * noise)


def build_checkpoint(
    model_dir: Path, variant: str, encoder_dir: Path, size: str = "tiny", seed: int = 0
) -> Path:
    import torch
    import yaml

    from mtqa.scoring.comet import build_net

    hparams = variant_hparams(variant, encoder_dir, size)
    net = build_net(hparams, encoder_dir)
    if size == "tiny":
        _randomize(net, seed)
    ckpt = model_dir / "checkpoints" / "model.ckpt"
    ckpt.parent.mkdir(parents=True, exist_ok=True)
    torch.save(
        {
            "state_dict": net.state_dict(),
            "hyper_parameters": hparams,
            "pytorch-lightning_version": "2.6.6",
            "epoch": 0,
            "global_step": 0,
        },
        str(ckpt),
    )
    (model_dir / "hparams.yaml").write_text(yaml.safe_dump(hparams, sort_keys=True))
    return ckpt


def build_all(
    root: Path, variants: tuple[str, ...] = ("da", "kiwi", "qe20", "unified", "xcomet"), size: str = "tiny"
) -> dict[str, Path]:
    """Build the tokenizer, encoders and every variant under `root`; return {variant: model folder}."""
    root = Path(root).resolve()
    tok = build_tokenizer(root / "tokenizer")
    encoders: dict[bool, Path] = {}
    out = {}
    for v in variants:
        xl = v == "xcomet"
        if xl not in encoders:
            encoders[xl] = build_encoder(root / f"encoder-{'xl' if xl else 'base'}-{size}", tok, size, xl)
        build_checkpoint(root / f"{v}-{size}", v, encoders[xl], size)
        out[v] = root / f"{v}-{size}"
    return out


_BUILT: dict[str, dict[str, Path]] = {}


def session_models(tmp_path_factory: Any) -> dict[str, Path]:
    """All tiny variants, built once per test session (pytest's tmp_path_factory)."""
    if "tiny" not in _BUILT:
        _BUILT["tiny"] = build_all(tmp_path_factory.mktemp("comet-tiny"))
    return _BUILT["tiny"]
