#!/usr/bin/env bash
# Create the pinned unbabel-comet venv used as the reference in tests/test_comet_equality.py.
# Usage: scripts/make_comet_ref_venv.sh [VENV_DIR]   (default: .venv-cometref)
# Then: export MTQA_COMET_REF_PYTHON="$VENV_DIR/bin/python"
# The pins: torch first as a CPU build (otherwise pip takes a multi-GB CUDA build); setuptools<82 keeps
# pkg_resources (torchmetrics<0.11 needs it); sentencepiece<0.2.3 works with COMET's protobuf<5.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${1:-.venv-cometref}"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import comet" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q "torch==2.13.0" "unbabel-comet==2.2.7" "setuptools<82" "sentencepiece>=0.2.0,<0.2.3"
fi
echo "$venv/bin/python"
