"""Segments per second: mtqa's native COMET engine vs unbabel-comet, same random-weight real-size model.

The model has XLM-R large geometry (24 x 1024, 250,002-row embedding; heads [3072, 1024]) with random
weights, built once under --workdir. unbabel-comet runs in its pinned venv (scripts/make_comet_ref_venv.sh;
pass its python with --ref-python or MTQA_COMET_REF_PYTHON). One timed run each, after one warm-up batch.

    python benchmarks/comet.py --variant kiwi --n 32 --threads 2
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

REF_SCRIPT = r"""
import json, sys, time, warnings, logging
warnings.filterwarnings("ignore")
import torch
job = json.load(sys.stdin)
torch.set_num_threads(job["threads"])
from comet import load_from_checkpoint
for n in ("pytorch_lightning", "lightning", "comet"):
    logging.getLogger(n).setLevel(logging.ERROR)
t0 = time.perf_counter()
model = load_from_checkpoint(job["checkpoint"], local_files_only=True)
load = time.perf_counter() - t0
model.predict(job["data"][: job["batch_size"]], batch_size=job["batch_size"], gpus=0, progress_bar=False)
t0 = time.perf_counter()
out = model.predict(job["data"], batch_size=job["batch_size"], gpus=0, progress_bar=False, num_workers=0)
json.dump({"load_s": load, "predict_s": time.perf_counter() - t0, "scores": list(out["scores"])}, sys.stdout)
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/mtqa-comet-bench"))
    ap.add_argument("--variant", choices=["kiwi", "da"], default="kiwi")
    ap.add_argument("--n", type=int, default=32)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--ref-python", default=os.environ.get("MTQA_COMET_REF_PYTHON"))
    args = ap.parse_args()

    import torch
    from comet_tiny import build_checkpoint, build_encoder, build_tokenizer, triples

    torch.set_num_threads(args.threads)
    model_dir = args.workdir / f"{args.variant}-large"
    if not (model_dir / "checkpoints" / "model.ckpt").is_file():
        t0 = time.perf_counter()
        tok = build_tokenizer(args.workdir / "tokenizer")
        enc = build_encoder(args.workdir / "encoder-large", tok, "large")
        build_checkpoint(model_dir, args.variant, enc, "large")
        print(f"built {model_dir} in {time.perf_counter() - t0:.1f} s", flush=True)
    data = triples(args.n, seed=3, lo=13, hi=21)

    from mtqa.scoring import load_scorer

    t0 = time.perf_counter()
    scorer = load_scorer(str(model_dir), batch_size=args.batch_size, threads=args.threads)
    load = time.perf_counter() - t0
    scorer.score(data[: args.batch_size])  # warm-up
    t0 = time.perf_counter()
    native = scorer.score(data)
    native_s = time.perf_counter() - t0
    print(f"native : load {load:.1f} s, {args.n / native_s:.2f} seg/s "
          f"(torch {torch.__version__}, {args.threads} threads, batch {args.batch_size}, fp32, CPU)", flush=True)
    if not args.ref_python:
        print("unbabel-comet: skipped (no --ref-python / MTQA_COMET_REF_PYTHON)")
        return 0
    job = {"checkpoint": str(model_dir / "checkpoints" / "model.ckpt"), "data": data,
           "batch_size": args.batch_size, "threads": args.threads}
    proc = subprocess.run([args.ref_python, "-c", REF_SCRIPT], input=json.dumps(job), capture_output=True,
                          text=True, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    if proc.returncode:
        print(proc.stderr[-2000:])
        return 1
    ref = json.loads(proc.stdout)
    ref_rate = args.n / ref["predict_s"]
    diff = max(abs(a - b) for a, b in zip(native.scores, ref["scores"], strict=True))
    print(f"unbabel: load {ref['load_s']:.1f} s, {ref_rate:.2f} seg/s")
    print(f"ratio native/unbabel: {(args.n / native_s) / ref_rate:.2f}x; max |score diff| {diff:.2e}")
    print("GPU: not measured (no device was lent to this session)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
