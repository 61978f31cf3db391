"""Where COMET's GPU time goes: the CometKiwi geometry, stage by stage, against the bare encoder, in one run.

No GPU was lent while this was written: it has run on the CPU only (--size tiny --device cpu). On a GPU
it prints, for --batch segments per batch in bf16 (and fp32 with --fp32):

  A  bare XLM-R encoder, fixed (batch, --seq) random ids, no mask: the issue's reference figure
  B  the same with an all-ones 2-D mask (transformers then checks the mask on the host)
  C  bare encoder on the real batches (tokenised, padded, already on the device), last layer only
  D  C with every hidden state returned (what COMET needs for its layer mixture)
  E  the whole network on those device batches: encoder, layer mixture, estimator (CometNet.unified)
  F  `NativeScorer.score`: tokenising, padding, copies to the device, batching, results to the host
  F0 F with the code before issue 15 patched back in (sparsemax read on the host, the mixture over
     every position), for a before/after on the same card in the same run
  T  the CPU part of F alone: tokenising + concatenating + padding, no device

and the padding of the real batches (real tokens / padded tokens), then the largest score difference
of F (and F0) against CPU fp32 on --cpu-n segments. Differences between rows say where the time goes:
B-A the host check of the mask, C-B padding and real lengths, D-C keeping all layers, E-D mixture and
estimator, F-E everything on the host (when T is smaller than F-E, the host and the device do not
overlap).

    python benchmarks/comet_gpu_breakdown.py                       # on a GPU: large model, bf16, batch 256
    python benchmarks/comet_gpu_breakdown.py --size tiny --device cpu --n 256 --cpu-n 16   # a smoke run
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _sync(torch: Any, device: str) -> None:
    if device.startswith("cuda"):
        torch.cuda.synchronize()


def timed(torch: Any, device: str, fn: Callable[[], Any], repeats: int) -> float:
    """Median seconds of `fn` over `repeats` runs, after one warm-up run, the device drained each time."""
    fn()
    _sync(torch, device)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        _sync(torch, device)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


@contextlib.contextmanager
def before_issue_15() -> Iterator[None]:
    """The two GPU paths as they were before issue 15, patched back in for the F0 row."""
    import torch

    from mtqa.scoring import comet

    def sparsemax_host(z: torch.Tensor) -> torch.Tensor:
        z_sorted, _ = torch.sort(z, descending=True)
        cumsum = z_sorted.cumsum(0) - 1
        ks = torch.arange(1, z.numel() + 1, device=z.device, dtype=z.dtype)
        k = int((ks * z_sorted > cumsum).sum().item())
        return torch.clamp(z - cumsum[k - 1] / k, min=0)

    forward = comet.LayerwiseMix.forward

    def full_mix(self: Any, layers: Any, mask: Any, first_only: bool = False) -> Any:
        return forward(self, layers, mask, False)

    saved = comet.sparsemax
    comet.sparsemax = sparsemax_host
    comet.LayerwiseMix.forward = full_mix  # type: ignore[method-assign]
    try:
        yield
    finally:
        comet.sparsemax = saved
        comet.LayerwiseMix.forward = forward  # type: ignore[method-assign]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/mtqa-comet-gpu"))
    ap.add_argument("--size", choices=["tiny", "large"], default="large")
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--n", type=int, default=4096, help="segments per timed run")
    ap.add_argument("--cpu-n", type=int, default=32, help="segments of the CPU fp32 reference scores")
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--seq", type=int, default=96, help="sequence length of the bare-encoder rows A and B")
    ap.add_argument("--words", default="20,50", help="words per sentence, lo,hi (default 20,50)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--fp32", action="store_true", help="fp32 instead of bf16")
    args = ap.parse_args()

    import torch
    from comet_tiny import build_checkpoint, build_encoder, build_tokenizer, triples

    from mtqa.scoring import load_scorer
    from mtqa.scoring.comet import _concat, clear_model_cache

    if args.device.startswith("cuda") and not torch.cuda.is_available():
        print("torch sees no CUDA device: nothing measured (use --device cpu --size tiny for a smoke run)")
        return 1
    model_dir = args.workdir / f"kiwi-{args.size}"
    if not (model_dir / "checkpoints" / "model.ckpt").is_file():
        t0 = time.perf_counter()
        tok_dir = build_tokenizer(args.workdir / "tokenizer")
        enc_dir = build_encoder(args.workdir / f"encoder-{args.size}", tok_dir, args.size)
        build_checkpoint(model_dir, "kiwi", enc_dir, args.size)
        print(f"built {model_dir} in {time.perf_counter() - t0:.1f} s", flush=True)
    bf16 = not args.fp32
    lo, hi = (int(x) for x in args.words.split(","))
    data = triples(args.n, seed=3, lo=lo, hi=hi)
    device = args.device
    gpu = torch.cuda.get_device_name(0) if device.startswith("cuda") else "none (CPU run)"
    print(f"torch {torch.__version__}; device {device}: {gpu}; {'bf16' if bf16 else 'fp32'}, batch {args.batch}, "
          f"{args.n} segments of {lo}-{hi} words", flush=True)

    clear_model_cache()
    scorer = load_scorer(str(model_dir), device=device, bf16=bf16, batch_size=args.batch)
    net, tok = scorer.net, scorer.tokenizer
    model = net.encoder.model
    rows: list[tuple[str, float]] = []

    def rate(seconds: float, segments: int) -> float:
        return segments / seconds

    # A, B: the bare encoder on fixed shapes.
    vocab = model.config.vocab_size
    ids = torch.randint(5, vocab, (args.batch, args.seq), device=device)
    ones = torch.ones_like(ids)
    reps = max(1, args.n // args.batch)
    with torch.inference_mode():
        def bare(mask: Any) -> Callable[[], None]:
            def go() -> None:
                for _ in range(reps):
                    model(input_ids=ids, attention_mask=mask)
            return go

        shape = f"({args.batch} x {args.seq})"
        for label, mask in ((f"A  bare encoder {shape}, no mask", None), (f"B  bare encoder {shape}, 2-D mask", ones)):
            rows.append((label, rate(timed(torch, device, bare(mask), args.repeats), reps * args.batch)))

        # The real batches, as the scorer forms them (sorted by length), tokenised and moved up front.
        order = sorted(range(len(data)), key=lambda i: len(data[i]["mt"]) + len(data[i]["src"]))
        batches = []
        real = padded = 0
        cpu_prep = 0.0
        for start in range(0, len(order), args.batch):
            chunk = [data[i] for i in order[start : start + args.batch]]
            t0 = time.perf_counter()
            mt = [e.ids for e in tok.encode([d["mt"] for d in chunk])]
            src = [e.ids for e in tok.encode([d["src"] for d in chunk])]
            batch = _concat([mt, src], tok)
            cpu_prep += time.perf_counter() - t0
            real += int(batch.mask.sum())
            padded += batch.mask.numel()
            batches.append((batch.ids.to(device), batch.mask.to(device)))

        def encoder_rows(hidden: bool) -> Callable[[], None]:
            def go() -> None:
                for b_ids, b_mask in batches:
                    model(input_ids=b_ids, attention_mask=b_mask, output_hidden_states=hidden)
            return go

        def whole_net() -> None:
            for b_ids, b_mask in batches:
                net.unified(b_ids, b_mask)

        rows.append(("C  bare encoder, real batches, last layer", rate(timed(torch, device, encoder_rows(False),
                                                                            args.repeats), len(data))))
        rows.append(("D  bare encoder, real batches, all layers", rate(timed(torch, device, encoder_rows(True),
                                                                            args.repeats), len(data))))
        rows.append(("E  CometNet.unified on device batches", rate(timed(torch, device, whole_net, args.repeats),
                                                                   len(data))))
    rows.append(("F  NativeScorer.score (end to end)", rate(timed(torch, device, lambda: scorer.score(data),
                                                                  args.repeats), len(data))))
    with before_issue_15():
        rows.append(("F0 the same with the code before issue 15", rate(timed(torch, device,
                                                                            lambda: scorer.score(data),
                                                                            args.repeats), len(data))))
        before_scores = scorer.score(data[: args.cpu_n]).scores
    rows.append(("T  host only: tokenise + concatenate + pad", rate(cpu_prep, len(data))))

    after_scores = scorer.score(data[: args.cpu_n]).scores
    clear_model_cache()
    cpu = load_scorer(str(model_dir), device="cpu", batch_size=16).score(data[: args.cpu_n]).scores
    print(f"\npadding of the real batches: {real:,} real tokens of {padded:,} ({real / padded:.1%}); "
          f"mean {real / len(data):.0f} tokens per mt+src input")
    print(f"\n{'row':50} {'segments/s':>11} {'x row A':>8}")
    for name, value in rows:
        print(f"{name:50} {value:11,.1f} {value / rows[0][1]:8.2f}")
    diff_after = max(abs(a - b) for a, b in zip(after_scores, cpu, strict=True))
    diff_before = max(abs(a - b) for a, b in zip(before_scores, cpu, strict=True))
    print(f"\nlargest |score - CPU fp32| on {args.cpu_n} segments: F {diff_after:.2e}, F0 {diff_before:.2e} "
          f"({'bf16' if bf16 else 'fp32'} on {device})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
