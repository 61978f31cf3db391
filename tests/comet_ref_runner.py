"""Run unbabel-comet on a checkpoint and print its predictions as JSON (runs in the reference venv).

Usage: python comet_ref_runner.py < {"checkpoint": ..., "data": [...], "batch_size": 8}
Loads with strict=True, so a state dict that does not match COMET's own parameter names fails here.
"""

import json
import logging
import sys
import warnings

warnings.filterwarnings("ignore")


def main() -> int:
    job = json.load(sys.stdin)
    from comet import load_from_checkpoint

    for name in ("pytorch_lightning", "lightning", "lightning.pytorch", "comet"):
        logging.getLogger(name).setLevel(logging.ERROR)
    model = load_from_checkpoint(job["checkpoint"], strict=True, local_files_only=True)
    out = model.predict(
        job["data"], batch_size=job.get("batch_size", 8), gpus=0, progress_bar=False, num_workers=0
    )
    meta = out.get("metadata") or {}
    spans = meta.get("error_spans") if hasattr(meta, "get") else None
    json.dump(
        {"scores": list(out["scores"]), "system_score": out["system_score"], "error_spans": spans}, sys.stdout
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
