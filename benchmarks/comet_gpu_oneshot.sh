#!/bin/sh
# COMET on a GPU in one call (issue 15; about 6 minutes on one H100, most of it building the large
# random-weight model once). Run from the repository root on the GPU machine, e.g. through the device
# tool: `sh benchmarks/comet_gpu_oneshot.sh` with timeout_s=600. Its python3 must hold torch with CUDA,
# transformers, tokenizers, pyyaml, regex, click and pytest (the device image does).
#
# 1. the stage breakdown, bf16 batch 256 (where the time goes, and before/after issue 15 on the same card);
# 2. the README's figures: fp32/bf16 at batch 64 and 256 against CPU fp32, with score differences;
# 3. the CUDA equality tests (CUDA vs CPU within 1e-4 fp32, 0.05 bf16) and the faster paths' CPU tests.
# Logs go to $OUT (the device tool's folder that comes back) or /tmp/mtqa-comet-out.
set -u
export PYTHONUNBUFFERED=1 PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
out="${OUT:-/tmp/mtqa-comet-out}"
mkdir -p "$out"
work=/tmp/mtqa-comet-gpu
python3 -c "import torch; print('torch', torch.__version__, 'GPU', torch.cuda.get_device_name(0))" || exit 1
nvidia-smi --query-gpu=name,memory.total,clocks.max.sm --format=csv 2>/dev/null | tee "$out/gpu.txt"
timeout 300 python3 benchmarks/comet_gpu_breakdown.py --workdir "$work" --n 8192 --batch 256 2>&1 \
    | tee "$out/breakdown.txt"
timeout 200 python3 benchmarks/comet_gpu.py --workdir "$work" --n 8192 --cpu-n 32 --words 20,50 2>&1 \
    | tee "$out/comet_gpu.txt"
timeout 120 python3 -m pytest -q -p no:cacheprovider tests/test_comet_cuda.py tests/test_comet_paths.py 2>&1 \
    | tee "$out/tests.txt"
