"""COMET on a GPU: segments per second of mtqa's native engine, fp32 and bf16, against the CPU in the same run.

The model is built once under --workdir with random weights and a real model's geometry (--size large:
XLM-R large, 24 x 1024, 250,002-row embedding, as wmt22-cometkiwi-da and wmt22-comet-da). Segments are
synthetic sentences of --words words. Printed: load time, segments/s for each (device, precision, batch
size), the ratio to the CPU fp32 figure of the same run, tokens per segment, peak GPU memory, and the
largest score difference of each GPU run against CPU fp32 on the segments both scored.

    python benchmarks/comet_gpu.py --n 4096 --cpu-n 64 --batch-sizes 64,256
    python benchmarks/comet_gpu.py --size tiny --n 64 --cpu-n 16 --devices cpu   (a smoke run anywhere)
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/mtqa-comet-gpu"))
    ap.add_argument("--variant", choices=["kiwi", "da"], default="kiwi")
    ap.add_argument("--size", choices=["tiny", "large"], default="large")
    ap.add_argument("--n", type=int, default=4096, help="segments per GPU run")
    ap.add_argument("--cpu-n", type=int, default=64, help="segments for the CPU fp32 baseline")
    ap.add_argument("--words", default="12,30", help="words per sentence, lo,hi (default 12,30)")
    ap.add_argument("--batch-sizes", default="64,256")
    ap.add_argument("--devices", default="cuda", help="cuda and/or cpu, comma-separated")
    args = ap.parse_args()

    import torch
    from comet_tiny import build_checkpoint, build_encoder, build_tokenizer, triples

    from mtqa.scoring import load_scorer
    from mtqa.scoring.comet import clear_model_cache

    threads = os.cpu_count() or 1
    torch.set_num_threads(threads)
    model_dir = args.workdir / f"{args.variant}-{args.size}"
    if not (model_dir / "checkpoints" / "model.ckpt").is_file():
        t0 = time.perf_counter()
        tok = build_tokenizer(args.workdir / "tokenizer")
        enc = build_encoder(args.workdir / f"encoder-{args.size}", tok, args.size)
        build_checkpoint(model_dir, args.variant, enc, args.size)
        print(f"built {model_dir} in {time.perf_counter() - t0:.1f} s", flush=True)
    lo, hi = (int(x) for x in args.words.split(","))
    data = triples(args.n, seed=3, lo=lo, hi=hi)
    batch_sizes = [int(b) for b in args.batch_sizes.split(",")]
    print(f"torch {torch.__version__}; {threads} CPU threads; "
          f"GPU: {torch.cuda.get_device_name(0) if torch.cuda.is_available() else 'none'}", flush=True)

    def run(device: str, bf16: bool, batch: int, segs: list[dict[str, str]]) -> tuple[float, float, list[float]]:
        clear_model_cache()
        if device == "cuda":
            torch.cuda.empty_cache()
            torch.cuda.reset_peak_memory_stats()
        t0 = time.perf_counter()
        scorer = load_scorer(str(model_dir), device=device, bf16=bf16, batch_size=batch)
        load = time.perf_counter() - t0
        scorer.score(segs[:batch])  # warm-up: kernels, allocator
        if device == "cuda":
            torch.cuda.synchronize()
        t0 = time.perf_counter()
        scores = scorer.score(segs).scores
        if device == "cuda":
            torch.cuda.synchronize()
        return load, len(segs) / (time.perf_counter() - t0), scores

    rows: list[tuple[str, float, float, list[float]]] = []
    cpu_load, cpu_rate, cpu_scores = run("cpu", False, 16, data[: args.cpu_n])
    rows.append((f"cpu fp32 batch 16 ({args.cpu_n} segments)", cpu_load, cpu_rate, cpu_scores))
    for device in [d.strip() for d in args.devices.split(",") if d.strip()]:
        if device == "cuda" and not torch.cuda.is_available():
            print("cuda: torch sees no CUDA device; GPU rows skipped")
            continue
        for bf16 in (False, True):
            for batch in batch_sizes:
                load, rate, scores = run(device, bf16, batch, data)
                peak = f", peak {torch.cuda.max_memory_allocated() / 2**30:.1f} GiB" if device == "cuda" else ""
                rows.append((f"{device} {'bf16' if bf16 else 'fp32'} batch {batch} ({args.n} segments){peak}",
                             load, rate, scores))
    scorer = load_scorer(str(model_dir), device="cpu", batch_size=16)
    tokens = [len(e.ids) for e in scorer.tokenizer.encode([seg["mt"] for seg in data])]
    print(f"mt tokens per segment: mean {sum(tokens) / len(tokens):.0f}, max {max(tokens)}")
    print(f"\n{'run':58} {'load s':>7} {'seg/s':>10} {'x cpu':>8} {'max |diff| vs cpu':>18}")
    for name, load, rate, scores in rows:
        diff = max(abs(a - b) for a, b in zip(scores, cpu_scores, strict=False))
        print(f"{name:58} {load:7.1f} {rate:10.1f} {rate / cpu_rate:8.1f} {diff:18.2e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
