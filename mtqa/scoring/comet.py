"""COMET inference on plain torch + transformers: the only module of mtqa that imports torch.

It reads the official checkpoint layout (``hparams.yaml`` + ``checkpoints/model.ckpt``) and rebuilds the
networks of COMET's RegressionMetric (wmt22-comet-da), ReferencelessRegression (wmt20/21 QE),
UnifiedMetric (CometKiwi) and XCOMETMetric (XCOMET, with error spans) with the same parameter names, so a
checkpoint's state dict loads as is. ``engine="unbabel"`` runs the same checkpoint through the
``unbabel-comet`` package instead, where it is installed.

Import this module only through `mtqa.scoring.load_scorer`, which turns a missing torch into a
`MissingDependencyError`.
"""

from __future__ import annotations

import contextlib
import logging
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tokenizers  # noqa: F401 - imported here so that a missing extra fails at import, with its name
import torch
import transformers  # noqa: F401
from torch import nn

from mtqa.errors import MissingDependencyError, MtqaError, UsageError
from mtqa.scoring.resolve import ModelFiles, file_hash, licence_notice, resolve_model
from mtqa.scoring.results import ErrorSpan, ProgressFn, ScoreResult, Segment, system_score
from mtqa.scoring.score_cache import ScoreCache, segment_key

KINDS = {
    "regression_metric": "regression",
    "referenceless_regression_metric": "referenceless",
    "unified_metric": "unified",
    "xcomet_metric": "xcomet",
}
ENCODERS = ("XLM-RoBERTa", "XLM-RoBERTa-XL")
# XCOMET: weights of the (mt+src, mt+ref, mt+src+ref) regression scores and of the span-based MQM score,
# and of the three inputs' word-level probabilities.
XCOMET_SCORE_WEIGHTS = (0.12, 0.33, 0.33, 0.22)
SPAN_INPUT_WEIGHTS = (0.1667, 0.3333, 0.5)
XCOMET_SPAN_PENALTY = {"minor": 1, "major": 5, "critical": 10}
# State-dict entries that carry no weights mtqa needs.
_IGNORED_KEYS = (
    "layerwise_attention.dropout_",
    "encoder.model.pooler.",
    "encoder.model.embeddings.position_ids",
    "encoder.model.embeddings.token_type_ids",
    "wordloss.",
)


class ReferenceRequiredError(MtqaError):
    """The model scores only with a reference and a segment has none."""


class UnsupportedModelError(MtqaError):
    """A checkpoint whose architecture the native engine does not implement."""


# --------------------------------------------------------------------------- tokenizer


class CometTokenizer:
    """The encoder's fast tokenizer (`tokenizers`), used directly: XLM-R layout <s> A </s></s> B </s>."""

    def __init__(self, encoder_dir: Path, max_positions: int) -> None:
        from tokenizers import Tokenizer

        path = encoder_dir / "tokenizer.json"
        if path.is_file():
            tok = Tokenizer.from_file(str(path))
        else:  # only sentencepiece.bpe.model: let transformers convert it once
            from transformers import AutoTokenizer

            tok = AutoTokenizer.from_pretrained(str(encoder_dir), local_files_only=True).backend_tokenizer
            tok = Tokenizer.from_str(tok.to_str())
        tok.no_padding()
        # COMET truncates every single segment at max_positions - 2 tokens, special tokens included.
        tok.enable_truncation(max_length=max_positions - 2)
        self._tok = tok
        self.max_positions = max_positions
        self.bos = self._id("<s>")
        self.eos = self._id("</s>")
        self.pad = self._id("<pad>")

    def _id(self, token: str) -> int:
        found = self._tok.token_to_id(token)
        if found is None:
            raise UnsupportedModelError(f"tokenizer has no {token} token (not an XLM-R tokenizer)")
        return int(found)

    def encode(self, texts: Sequence[str]) -> list[Any]:
        return list(self._tok.encode_batch(list(texts)))


# --------------------------------------------------------------------------- network


def sparsemax(z: torch.Tensor) -> torch.Tensor:
    """Sparsemax of a 1-D tensor (Martins & Astudillo 2016): a projection onto the simplex.

    Tensor operations only: reading the support size on the host (`.item()`) would wait for every
    kernel queued before it, i.e. for the whole encoder pass, and stall the next batch's preparation."""
    z_sorted, _ = torch.sort(z, descending=True)
    cumsum = z_sorted.cumsum(0) - 1
    ks = torch.arange(1, z.numel() + 1, device=z.device, dtype=z.dtype)
    support = ks * z_sorted > cumsum
    k = support.sum().view(1)
    tau = cumsum.gather(0, k - 1) / k.to(z.dtype)
    return torch.clamp(z - tau, min=0)


class LayerwiseMix(nn.Module):
    """A learnt mixture of all encoder layers: gamma * sum(w_k * layer_k), w = softmax or sparsemax."""

    def __init__(self, num_layers: int, transformation: str, layer_norm: bool, dropout: float) -> None:
        super().__init__()
        self.scalar_parameters = nn.ParameterList([nn.Parameter(torch.zeros(1)) for _ in range(num_layers)])
        self.gamma = nn.Parameter(torch.ones(1))
        # COMET's "sparsemax_patch" (and anything else) means softmax; only "sparsemax" is sparsemax.
        self.use_sparsemax = transformation == "sparsemax"
        self.layer_norm = layer_norm
        if dropout:  # registered only to keep COMET's state-dict layout; inference never drops layers
            self.register_buffer("dropout_mask", torch.zeros(num_layers))
            self.register_buffer("dropout_fill", torch.empty(num_layers).fill_(-1e20))

    def forward(self, layers: Sequence[torch.Tensor], mask: torch.Tensor,
                first_only: bool = False) -> torch.Tensor:
        """The mixture, (batch, length, hidden); with `first_only`, only position 0 is mixed, (batch, 1,
        hidden): the same values where only the first token is read (unified models read <s> alone),
        at 1/length of the memory traffic of 2 x layers full-size tensors."""
        weights = torch.cat(list(self.scalar_parameters))
        normed = sparsemax(weights) if self.use_sparsemax else torch.softmax(weights, dim=0)
        if self.layer_norm:  # normalised over the whole sequence: every position is needed
            maskf = mask.float()
            layers = [_masked_layer_norm(t, maskf) for t in layers]
        if first_only:
            layers = [t[:, :1] for t in layers]
        mixed = sum(w * t for w, t in zip(normed.split(1), layers, strict=False))
        return self.gamma * mixed


def _masked_layer_norm(tensor: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    broadcast = mask.unsqueeze(-1)
    batch, _, dim = tensor.size()
    count = mask.sum(1) * dim
    mean = ((tensor * broadcast).view(batch, -1).sum(1) / count).view(batch, 1, 1)
    var = (((tensor * broadcast - mean) * broadcast) ** 2).view(batch, -1).sum(1) / count
    return (tensor - mean) / torch.sqrt(var + 1e-12).view(batch, 1, 1)


class FeedForward(nn.Module):
    """COMET's estimator: Linear/activation/Dropout blocks and a final Linear, as `ff` (a Sequential)."""

    def __init__(
        self,
        in_dim: int,
        hidden_sizes: Sequence[int],
        activation: str,
        final_activation: str | None,
        dropout: float,
        out_dim: int = 1,
    ) -> None:
        super().__init__()
        sizes = [in_dim, *hidden_sizes]
        layers: list[nn.Module] = []
        for a, b in zip(sizes, sizes[1:], strict=False):
            layers += [nn.Linear(a, b), _activation(activation), nn.Dropout(dropout)]
        layers.append(nn.Linear(sizes[-1], out_dim))
        if final_activation:
            layers.append(_activation(final_activation))
        self.ff = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.ff(x.to(self.ff[0].weight.dtype))


def _activation(name: str) -> nn.Module:
    cls = getattr(nn, name.title(), None)
    if cls is None:
        raise UnsupportedModelError(f"unknown activation {name!r} in the checkpoint's hparams")
    return cls()


class Encoder(nn.Module):
    """Holds the Hugging Face encoder as `model`, as COMET's encoder wrappers do."""

    def __init__(self, encoder_model: str, encoder_dir: Path) -> None:
        super().__init__()
        from transformers import XLMRobertaConfig, XLMRobertaModel, XLMRobertaXLConfig, XLMRobertaXLModel

        if encoder_model not in ENCODERS:
            raise UnsupportedModelError(
                f"encoder {encoder_model!r} is not supported by mtqa's native COMET engine "
                f"(supported: {', '.join(ENCODERS)}); use engine 'unbabel' with unbabel-comet installed"
            )
        xl = encoder_model == "XLM-RoBERTa-XL"
        config_cls = XLMRobertaXLConfig if xl else XLMRobertaConfig
        model_cls = XLMRobertaXLModel if xl else XLMRobertaModel
        config = config_cls.from_pretrained(str(encoder_dir), local_files_only=True)
        self.model = model_cls(config, add_pooling_layer=False)
        self.num_layers = config.num_hidden_layers + 1
        self.hidden_size = config.hidden_size
        self.max_positions = config.max_position_embeddings - 2

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> tuple[torch.Tensor, ...]:
        out = self.model(
            input_ids=input_ids, attention_mask=attention_mask, output_hidden_states=True, return_dict=True
        )
        return tuple(out.hidden_states)


class CometNet(nn.Module):
    """The network of one COMET checkpoint; parameter names match COMET's, so its state dict loads."""

    def __init__(self, hparams: dict[str, Any], encoder_dir: Path) -> None:
        super().__init__()
        class_id = str(hparams.get("class_identifier", ""))
        if class_id not in KINDS:
            raise UnsupportedModelError(
                f"COMET model class {class_id!r} is not supported by the native engine "
                f"(supported: {', '.join(KINDS)}); use engine 'unbabel'"
            )
        self.kind = KINDS[class_id]
        self.hp = hparams
        unified = self.kind in ("unified", "xcomet")
        self.encoder = Encoder(str(hparams.get("encoder_model", "XLM-RoBERTa")), encoder_dir)
        layer = hparams.get("sent_layer" if unified else "layer", "mix")
        if unified and "sent_layer" not in hparams:
            layer = hparams.get("layer", "mix")
        self.layer = layer
        dropout = float(hparams.get("dropout", 0.1))
        self.layerwise_attention = (
            LayerwiseMix(
                self.encoder.num_layers,
                str(hparams.get("layer_transformation", "softmax")),
                bool(hparams.get("layer_norm", not unified)),
                dropout,
            )
            if layer == "mix"
            else None
        )
        width = {"regression": 6, "referenceless": 4}.get(self.kind, 1)
        self.estimator = FeedForward(
            self.encoder.hidden_size * width,
            hparams.get("hidden_sizes", [3072, 1024]),
            str(hparams.get("activations", "Tanh")),
            hparams.get("final_activation"),
            dropout,
        )
        self.pool = str(hparams.get("pool", "avg"))
        self.word_level = self.kind == "xcomet" or (unified and bool(hparams.get("word_level_training")))
        default_labels = ["minor", "major", "critical"] if self.kind == "xcomet" else ["minor", "major"]
        self.error_labels = list(hparams.get("error_labels") or default_labels)
        if self.word_level:
            self.hidden2tag = nn.Linear(self.encoder.hidden_size, len(self.error_labels) + 1)
            weights = hparams.get("cross_entropy_weights")
            if weights:  # a training-only buffer, kept so the state dict matches COMET's
                self.wordloss = nn.CrossEntropyLoss(weight=torch.tensor(weights, dtype=torch.float))
        segments = hparams.get("input_segments") or ["mt", "src", "ref"]
        self.input_segments = ["mt", "src", "ref"] if self.kind == "xcomet" else list(segments)
        self.word_layer = int(hparams.get("word_layer", 24))

    # -- what the model needs
    @property
    def needs_reference(self) -> bool:
        return self.kind == "regression" or (self.kind == "unified" and self.input_segments == ["mt", "ref"])

    @property
    def uses_reference(self) -> bool:
        return self.kind in ("regression", "xcomet") or (
            self.kind == "unified" and "ref" in self.input_segments
        )

    @property
    def uses_source(self) -> bool:
        return self.kind != "unified" or "src" in self.input_segments

    # -- building blocks
    def _embeddings(
        self, input_ids: torch.Tensor, mask: torch.Tensor, first_only: bool = False
    ) -> tuple[torch.Tensor, tuple[Any, ...]]:
        """The (mixed or chosen) layer's embeddings and all layers; `first_only`: the caller reads
        position 0 alone, and a mixture may be computed there only."""
        layers = self.encoder(input_ids, mask)
        if self.layerwise_attention is not None:
            return self.layerwise_attention(layers, mask, first_only), layers
        if isinstance(self.layer, int) and 0 <= self.layer < len(layers):
            return layers[self.layer], layers
        raise UnsupportedModelError(f"invalid encoder layer {self.layer!r} in the checkpoint's hparams")

    def sentence_embedding(self, input_ids: torch.Tensor, mask: torch.Tensor, pad: int) -> torch.Tensor:
        emb, layers = self._embeddings(input_ids, mask, first_only=self.pool in ("cls", "default"))
        if self.pool == "cls":
            return emb[:, 0, :]
        if self.pool == "default":
            return layers[-1][:, 0, :]
        padding = input_ids.eq(pad).unsqueeze(-1)
        if self.pool == "max":
            return emb.float().masked_fill(padding, float("-inf")).type_as(emb).max(dim=1)[0]
        if self.pool == "avg":
            summed = emb.float().masked_fill(padding, 0.0).type_as(emb).sum(1)
            return summed / mask.unsqueeze(-1).expand(emb.size()).float().sum(1)
        raise UnsupportedModelError(f"invalid pooling {self.pool!r} in the checkpoint's hparams")

    def regression(
        self, src: torch.Tensor | None, mt: torch.Tensor, ref: torch.Tensor | None
    ) -> torch.Tensor:
        if self.kind == "regression":
            assert src is not None and ref is not None
            feats = (mt, ref, mt * ref, torch.abs(mt - ref), mt * src, torch.abs(mt - src))
        else:
            assert src is not None
            feats = (mt, src, mt * src, torch.abs(mt - src))
        return self.estimator(torch.cat(feats, dim=1)).view(-1)

    def unified(
        self, input_ids: torch.Tensor, mask: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor | None]:
        emb, layers = self._embeddings(input_ids, mask, first_only=True)
        score = self.estimator(emb[:, 0, :]).view(-1)
        if not self.word_level:
            return score, None
        if not 0 <= self.word_layer < len(layers):
            raise UnsupportedModelError(f"invalid word_layer {self.word_layer} in the checkpoint's hparams")
        return score, self.hidden2tag(layers[self.word_layer])


def build_net(hparams: dict[str, Any], encoder_dir: Path, *, init_weights: bool = True) -> CometNet:
    """A CometNet for `hparams`; with init_weights=False the encoder's random init is skipped."""
    if init_weights:
        return CometNet(hparams, encoder_dir)
    with _no_init():
        return CometNet(hparams, encoder_dir)


@contextlib.contextmanager
def _no_init() -> Iterator[None]:
    """Skip transformers' weight init where the installed version offers it (the checkpoint overwrites)."""
    ctx: Any = contextlib.nullcontext()
    for where in ("transformers.initialization", "transformers.modeling_utils"):
        with contextlib.suppress(ImportError, AttributeError):
            module = __import__(where, fromlist=["no_init_weights"])
            ctx = module.no_init_weights()
            break
    with ctx:
        yield


def load_checkpoint(path: Path) -> dict[str, Any]:
    """torch.load the checkpoint: safely (weights_only) when it allows, else as COMET itself would."""
    try:
        return torch.load(str(path), map_location="cpu", weights_only=True, mmap=True)
    except Exception:  # noqa: BLE001 - older Lightning checkpoints pickle more than tensors
        return torch.load(str(path), map_location="cpu", weights_only=False)


def load_net(files: ModelFiles) -> CometNet:
    ckpt = load_checkpoint(files.checkpoint)
    hparams = {**files.hparams, **dict(ckpt.get("hyper_parameters") or {})}
    hparams["class_identifier"] = files.hparams.get("class_identifier") or hparams.get("class_identifier")
    net = build_net(hparams, files.encoder_dir, init_weights=False)
    state = ckpt.get("state_dict", ckpt)
    own = net.state_dict()
    unexpected = [k for k in state if k not in own and not k.startswith(_IGNORED_KEYS)]
    missing = [k for k in own if k not in state and not k.startswith(_IGNORED_KEYS)]
    if missing or unexpected:
        raise UnsupportedModelError(
            f"{files.checkpoint}: checkpoint does not match the {net.kind} architecture "
            f"(missing {missing[:3]}, unexpected {unexpected[:3]})"
        )
    net.load_state_dict({k: v for k, v in state.items() if k in own}, strict=False)
    net.eval()
    return net


# --------------------------------------------------------------------------- batching


@dataclass
class _Batch:
    ids: torch.Tensor
    mask: torch.Tensor


def _pad(seqs: Sequence[Sequence[int]], pad: int) -> _Batch:
    width = max(len(s) for s in seqs)
    ids = torch.tensor([[*s, *[pad] * (width - len(s))] for s in seqs], dtype=torch.long)
    mask = torch.tensor([[1] * len(s) + [0] * (width - len(s)) for s in seqs], dtype=torch.long)
    return _Batch(ids, mask)


def _concat(parts: Sequence[Sequence[Sequence[int]]], tok: CometTokenizer) -> _Batch:
    """<s> a </s></s> b </s>... per row, cut at max_positions when too long (COMET's concat_sequences)."""
    rows = []
    special = 1 + len(parts) * 2
    for pieces in zip(*parts, strict=False):
        inner = [list(p[1:-1]) for p in pieces]
        seq = [tok.bos, *inner[0], tok.eos]
        for extra in inner[1:]:
            seq = [tok.bos, *seq[1:-1], tok.eos, tok.eos, *extra, tok.eos]
        if sum(len(p) for p in inner) > tok.max_positions - special:
            seq = seq[: tok.max_positions]
        rows.append(seq)
    batch = _pad(rows, tok.pad)
    batch.mask = batch.mask.bool()
    return batch


def _decode_spans(
    probs: torch.Tensor,
    offsets: Sequence[Sequence[tuple[int, int]]],
    labels: Sequence[str],
    mts: Sequence[str],
) -> list[list[ErrorSpan]]:
    """Runs of error labels over the mt tokens, as COMET decodes them (a run reaching the end is dropped)."""
    out: list[list[ErrorSpan]] = []
    best_p, best = probs.max(dim=-1)
    for i, offs in enumerate(offsets):
        spans: list[ErrorSpan] = []
        current: dict[str, Any] | None = None
        for t, (start, end) in enumerate(offs):
            label = int(best[i, t])
            if label > 0 and current is None:
                current = {
                    "start": start,
                    "end": end,
                    "severity": labels[label - 1],
                    "p": [float(best_p[i, t])],
                }
            elif label > 0 and current is not None:
                current["end"] = end
                current["p"].append(float(best_p[i, t]))
            elif label == 0 and current is not None:
                spans.append(
                    ErrorSpan(
                        current["start"],
                        current["end"],
                        current["severity"],
                        sum(current["p"]) / len(current["p"]),
                        mts[i][current["start"] : current["end"]],
                    )
                )
                current = None
        out.append(spans)
    return out


def _xcomet_mqm(spans: list[list[ErrorSpan]]) -> list[float]:
    return [(25 - min(25, sum(XCOMET_SPAN_PENALTY.get(s.severity, 0) for s in row))) / 25 for row in spans]


# --------------------------------------------------------------------------- scorers


class NativeScorer:
    """Scores segments with a CometNet: length-sorted batches, results in input order."""

    engine = "native"

    def __init__(
        self,
        files: ModelFiles,
        net: CometNet,
        *,
        batch_size: int = 16,
        device: str = "cpu",
        bf16: bool = False,
        cache_dir: str | Path | None = None,
    ) -> None:
        self.name = files.name
        self.files = files
        self.net = net
        self.tokenizer = CometTokenizer(files.encoder_dir, net.encoder.max_positions)
        self.batch_size = max(1, int(batch_size))
        self.device = torch.device(device)
        self.dtype = torch.bfloat16 if bf16 else torch.float32
        self.cache = ScoreCache(cache_dir) if cache_dir else None
        self._hash: str | None = None

    @property
    def needs_reference(self) -> bool:
        return self.net.needs_reference

    @property
    def uses_reference(self) -> bool:
        return self.net.uses_reference

    @property
    def model_hash(self) -> str:
        if self._hash is None:
            self._hash = f"{file_hash(self.files.checkpoint)}:{self.dtype}"
        return self._hash

    def _route(self, seg: Segment, index: int) -> tuple[str, ...]:
        mt = seg.get("mt")
        if not isinstance(mt, str):
            raise UsageError(f"segment {index + 1}: no 'mt' text to score")
        src, ref = seg.get("src"), seg.get("ref")
        if self.net.kind == "regression":
            if not isinstance(ref, str):
                raise ReferenceRequiredError(
                    f"COMET model '{self.name}' scores only with a reference; segment {index + 1} has none "
                    "(give references, or use a reference-free model such as Unbabel/wmt22-cometkiwi-da)"
                )
            if not isinstance(src, str):
                raise UsageError(
                    f"COMET model '{self.name}' needs the source text; segment {index + 1} has none"
                )
            return ("mt", "src", "ref")
        if self.net.kind == "referenceless":
            if not isinstance(src, str):
                raise UsageError(
                    f"COMET model '{self.name}' needs the source text; segment {index + 1} has none"
                )
            return ("mt", "src")
        route = ["mt"]
        if isinstance(src, str) and "src" in self.net.input_segments:
            route.append("src")
        if isinstance(ref, str) and "ref" in self.net.input_segments:
            route.append("ref")
        if len(route) == 1:
            need = "a reference" if self.net.needs_reference else "a source or a reference"
            raise ReferenceRequiredError(
                f"COMET model '{self.name}' needs {need}; segment {index + 1} has none"
            )
        return tuple(route)

    def score(self, segments: Sequence[Segment], *, progress: ProgressFn | None = None) -> ScoreResult:
        routes = [self._route(seg, i) for i, seg in enumerate(segments)]
        scores: list[float | None] = [None] * len(segments)
        spans: list[list[ErrorSpan] | None] = [None] * len(segments)
        keys: list[str] = []
        if self.cache is not None:
            keys = [
                segment_key(self.model_hash, {k: segments[i].get(k) for k in routes[i]})
                for i in range(len(segments))
            ]
            cached = self.cache.get(keys)
            for i, key in enumerate(keys):
                if key in cached:
                    scores[i], spans[i] = cached[key]
        todo = [i for i in range(len(segments)) if scores[i] is None]
        done = len(segments) - len(todo)
        groups: dict[tuple[str, ...], list[int]] = {}
        for i in todo:
            groups.setdefault(routes[i], []).append(i)
        pending: list[tuple[list[int], Any, list[list[ErrorSpan]] | None]] = []

        def resolve() -> None:
            nonlocal done
            chunk, got, got_spans = pending.pop(0)
            values = got.tolist() if isinstance(got, torch.Tensor) else got  # waits for the device here
            for j, i in enumerate(chunk):
                scores[i] = values[j]
                spans[i] = got_spans[j] if got_spans is not None else None
            if self.cache is not None:
                self.cache.put([(keys[i], float(scores[i] or 0.0), spans[i]) for i in chunk])
            done += len(chunk)
            if progress is not None:
                progress(done, len(segments))

        with torch.inference_mode():
            for route, members in groups.items():
                members.sort(key=lambda i: sum(len(segments[i].get(k) or "") for k in route))
                for start in range(0, len(members), self.batch_size):
                    chunk = members[start : start + self.batch_size]
                    texts = {k: [str(segments[i][k]) for i in chunk] for k in route}
                    # One batch in flight: on a GPU the next batch is tokenised while this one runs.
                    pending.append((chunk, *self._score_batch(route, texts)))
                    if len(pending) > 1:
                        resolve()
            while pending:
                resolve()
        final = [float(s) for s in scores if s is not None]
        return ScoreResult(
            scores=final,
            system_score=system_score(final),
            spans=[s or [] for s in spans] if self.net.word_level else None,
            model=self.name,
        )

    def _to(self, batch: _Batch) -> _Batch:
        if self.device.type != "cuda":
            return batch
        return _Batch(batch.ids.pin_memory().to(self.device, non_blocking=True),
                      batch.mask.pin_memory().to(self.device, non_blocking=True))

    def _score_batch(
        self, route: tuple[str, ...], texts: dict[str, list[str]]
    ) -> tuple[torch.Tensor | list[float], list[list[ErrorSpan]] | None]:
        """Scores of one batch (a device tensor, read later, so that the device need not be waited for
        here) and, for word-level models, their error spans."""
        tok, net = self.tokenizer, self.net
        enc = {k: tok.encode(v) for k, v in texts.items()}
        ids = {k: [e.ids for e in v] for k, v in enc.items()}
        if net.kind in ("regression", "referenceless"):
            emb = {}
            for k in route:
                b = self._to(_pad(ids[k], tok.pad))
                emb[k] = net.sentence_embedding(b.ids, b.mask, tok.pad)
            return net.regression(emb.get("src"), emb["mt"], emb.get("ref")).float(), None
        inputs = [self._to(_concat([ids[k] for k in route], tok))]
        if len(route) == 3:  # unified input: mt+src, mt+ref and mt+src+ref, as COMET does
            inputs = [
                self._to(_concat([ids["mt"], ids["src"]], tok)),
                self._to(_concat([ids["mt"], ids["ref"]], tok)),
                inputs[0],
            ]
        outputs = [net.unified(b.ids, b.mask) for b in inputs]
        raw = [s.float() for s, _ in outputs]
        spans = None
        if net.word_level:
            mt_len = max(len(x) for x in ids["mt"])
            weights = SPAN_INPUT_WEIGHTS if len(outputs) == 3 else (1.0,)
            probs = sum(
                w * torch.softmax(lg.float(), dim=2)[:, :mt_len, :]  # type: ignore[union-attr]
                for w, (_, lg) in zip(weights, outputs, strict=False)
            )
            spans = _decode_spans(probs.cpu(), [e.offsets for e in enc["mt"]], net.error_labels, texts["mt"])
        if net.kind == "xcomet":
            assert spans is not None
            mqm = torch.tensor(_xcomet_mqm(spans), device=raw[0].device)
            clipped = [torch.clamp(s, max=1.0) for s in raw]
            if len(raw) == 3:
                reg = sum(w * s for w, s in zip(XCOMET_SCORE_WEIGHTS[:3], clipped, strict=False))
            else:
                reg = clipped[0] * sum(XCOMET_SCORE_WEIGHTS[:3])
            return (reg + mqm * XCOMET_SCORE_WEIGHTS[3]).tolist(), spans  # type: ignore[union-attr]
        return torch.stack(raw).mean(dim=0), spans


class UnbabelScorer:
    """The same interface over the `unbabel-comet` package (engine="unbabel")."""

    engine = "unbabel"

    def __init__(
        self,
        files: ModelFiles,
        *,
        batch_size: int = 16,
        device: str = "cpu",
        bf16: bool = False,
        offline: bool = True,
    ) -> None:
        warnings.filterwarnings("ignore", message=".*pkg_resources.*")
        warnings.filterwarnings("ignore", message=".*LeafSpec.*")
        try:
            from comet.models import str2model
        except ImportError:
            raise MissingDependencyError("COMET engine 'unbabel'", "comet-unbabel", "unbabel-comet") from None
        for name in ("pytorch_lightning", "lightning", "lightning.pytorch", "comet"):
            logging.getLogger(name).setLevel(logging.WARNING)
        self.name = files.name
        self.files = files
        cls = str2model[files.class_identifier]
        extra = (
            {"layer_transformation": "softmax"}
            if files.hparams.get("layer_transformation") == ("sparsemax_patch")
            else {}
        )
        self.model = cls.load_from_checkpoint(
            str(files.checkpoint),
            load_pretrained_weights=False,
            pretrained_model=str(files.encoder_dir),
            local_files_only=offline,
            map_location=torch.device("cpu"),
            strict=False,
            **extra,
        )
        if bf16:
            self.model = self.model.to(torch.bfloat16)
        self.batch_size = batch_size
        self.gpus = 1 if device.startswith("cuda") else 0

    @property
    def needs_reference(self) -> bool:
        return bool(self.model.requires_references())

    @property
    def uses_reference(self) -> bool:
        return self.files.class_identifier in ("regression_metric", "xcomet_metric") or "ref" in (
            self.files.hparams.get("input_segments") or []
        )

    def score(self, segments: Sequence[Segment], *, progress: ProgressFn | None = None) -> ScoreResult:
        data = [{k: v for k, v in seg.items() if isinstance(v, str)} for seg in segments]
        if self.files.class_identifier == "regression_metric" and any("ref" not in d for d in data):
            raise ReferenceRequiredError(f"COMET model '{self.name}' scores only with a reference")
        out = self.model.predict(
            data, batch_size=self.batch_size, gpus=self.gpus, progress_bar=False, num_workers=0
        )
        scores = [float(s) for s in out["scores"]]
        meta = out.get("metadata") if hasattr(out, "get") else None
        spans = None
        raw_spans = meta.get("error_spans") if meta is not None and hasattr(meta, "get") else None
        if raw_spans is not None:
            spans = [
                [
                    ErrorSpan(
                        int(s["start"]),
                        int(s["end"]),
                        str(s["severity"]),
                        float(s["confidence"]),
                        str(seg["mt"])[int(s["start"]) : int(s["end"])],
                    )
                    for s in row
                ]
                for row, seg in zip(raw_spans, segments, strict=False)
            ]
        if progress is not None:
            progress(len(segments), len(segments))
        return ScoreResult(scores=scores, system_score=system_score(scores), spans=spans, model=self.name)


# --------------------------------------------------------------------------- entry point

_NETS: dict[tuple[str, str, str, bool], CometNet] = {}


def load_scorer(
    model: str,
    *,
    engine: str = "native",
    device: str = "cpu",
    batch_size: int = 16,
    threads: int | None = None,
    bf16: bool = False,
    cache_dir: str | Path | None = None,
    offline: bool = True,
    hub_cache: str | Path | None = None,
    encoder_dir: str | Path | None = None,
) -> NativeScorer | UnbabelScorer:
    """Load a COMET model (hub name, folder or .ckpt) once per process and return a scorer for it."""
    if engine not in ("native", "unbabel"):
        raise UsageError(f"unknown COMET engine {engine!r} (expected 'native' or 'unbabel')")
    if device not in ("cpu", "cuda") and not device.startswith("cuda:"):
        raise UsageError(f"unknown device {device!r} (expected 'cpu' or 'cuda')")
    if device.startswith("cuda") and not torch.cuda.is_available():
        raise UsageError("device 'cuda' asked for, but torch sees no CUDA device")
    if device.startswith("cuda:"):
        index = device.partition(":")[2]
        if not index.isdigit() or int(index) >= torch.cuda.device_count():
            raise UsageError(f"device {device!r} asked for, but torch sees {torch.cuda.device_count()} CUDA device(s)")
    if threads:
        torch.set_num_threads(int(threads))
    files = resolve_model(model, offline=offline, cache_dir=hub_cache, encoder_dir=encoder_dir)
    licence_notice(files)
    if engine == "unbabel":
        return UnbabelScorer(files, batch_size=batch_size, device=device, bf16=bf16, offline=offline)
    key = (str(files.checkpoint), str(files.encoder_dir), device, bf16)
    net = _NETS.get(key)
    if net is None:
        net = load_net(files).to(device=torch.device(device), dtype=torch.bfloat16 if bf16 else torch.float32)
        _NETS[key] = net
    return NativeScorer(files, net, batch_size=batch_size, device=device, bf16=bf16, cache_dir=cache_dir)


def clear_model_cache() -> None:
    _NETS.clear()
