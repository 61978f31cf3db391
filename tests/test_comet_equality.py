"""Native scores equal unbabel-comet's on the same tiny checkpoints, to 1e-5.

unbabel-comet runs in its own pinned virtual environment (its caps clash with current stacks):
create it with scripts/make_comet_ref_venv.sh and point MTQA_COMET_REF_PYTHON at its python.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")

from comet_tiny import session_models, triples  # noqa: E402

from mtqa.scoring import load_scorer  # noqa: E402

REF_PYTHON = os.environ.get("MTQA_COMET_REF_PYTHON")
RUNNER = Path(__file__).with_name("comet_ref_runner.py")
DATA = triples(12, seed=5, lo=1, hi=24)

pytestmark = pytest.mark.skipif(
    not REF_PYTHON,
    reason="MTQA_COMET_REF_PYTHON is not set: create the unbabel-comet venv with "
    "scripts/make_comet_ref_venv.sh and set it to that venv's python",
)


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return session_models(tmp_path_factory)


def run_unbabel(checkpoint: Path, data: list[dict[str, str]]) -> dict:
    job = json.dumps({"checkpoint": str(checkpoint), "data": data, "batch_size": 4})
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    proc = subprocess.run([str(REF_PYTHON), str(RUNNER)], input=job, capture_output=True, text=True,
                          timeout=300, env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


@pytest.mark.parametrize("variant", ["da", "kiwi", "qe20", "unified", "xcomet"])
def test_native_equals_unbabel_comet(models: dict[str, Path], variant: str) -> None:
    data = DATA if variant != "qe20" else [{"src": d["src"], "mt": d["mt"]} for d in DATA]
    expected = run_unbabel(models[variant] / "checkpoints" / "model.ckpt", data)
    got = load_scorer(str(models[variant]), batch_size=5).score(data)
    assert got.scores == pytest.approx(expected["scores"], abs=1e-5)
    assert got.system_score == pytest.approx(expected["system_score"], abs=1e-5)
    if expected["error_spans"] is not None:
        assert got.spans is not None
        want = [[(s["start"], s["end"], s["severity"]) for s in row] for row in expected["error_spans"]]
        have = [[(s.start, s.end, s.severity) for s in row] for row in got.spans]
        assert have == want
        conf_want = [s["confidence"] for row in expected["error_spans"] for s in row]
        conf_have = [s.confidence for row in got.spans for s in row]
        assert conf_have == pytest.approx(conf_want, abs=1e-5)


def test_kiwi_without_reference_equals_unbabel_comet(models: dict[str, Path]) -> None:
    data = [{"src": d["src"], "mt": d["mt"]} for d in DATA]
    expected = run_unbabel(models["kiwi"] / "checkpoints" / "model.ckpt", data)
    assert load_scorer(str(models["kiwi"])).score(data).scores == pytest.approx(expected["scores"], abs=1e-5)
