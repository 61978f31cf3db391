"""The pre-commit hook (through `pre-commit try-repo`) and the example GitHub Actions workflow, run for real.

The pre-commit test installs mtqa into pre-commit's own environment from a local wheelhouse, offline
(PIP_NO_INDEX): `.ci/run` builds it with `pip wheel -w .wheelhouse . setuptools wheel`; set
MTQA_WHEELHOUSE to use another. Without one, or without git, the test skips and says why.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ci_helpers import MAJOR_REPEATS, write

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
yaml = pytest.importorskip("yaml")


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "PRE_COMMIT", "GITHUB_"))}
    env.update(PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}", GIT_AUTHOR_NAME="mtqa", GIT_AUTHOR_EMAIL="t@example.org",
               GIT_COMMITTER_NAME="mtqa", GIT_COMMITTER_EMAIL="t@example.org", MTQA_NO_PROGRESS="1", **extra)
    return env


def test_hook_definition() -> None:
    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "mtqa" and hook["entry"] == "mtqa scan" and hook["language"] == "python"
    assert hook["require_serial"] is True


def test_pre_commit_try_repo(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    if not (BIN / "pre-commit").exists():
        pytest.skip("pre-commit is not installed (pip install 'mtqa[dev]')")
    wheelhouse = Path(os.environ.get("MTQA_WHEELHOUSE", REPO / ".wheelhouse"))
    if not any(wheelhouse.glob("setuptools-*.whl")):
        pytest.skip(f"no wheelhouse at {wheelhouse} to install the hook offline "
                    "(pip wheel -w .wheelhouse . setuptools wheel)")
    tracked = subprocess.run(["git", "ls-files", "--error-unmatch", ".pre-commit-hooks.yaml"], cwd=REPO,
                             capture_output=True)
    if tracked.returncode != 0:
        pytest.skip("the hook definition is not committed in a git checkout (try-repo reads committed files)")
    project = tmp_path / "project"
    write(project / "mtqa.toml", 'target_lang = "fr"\n' + MAJOR_REPEATS)
    write(project / "fr" / "page.txt", "Il a vu le le chat.\n")
    write(project / "notes.py", "print('not a translation')\n")
    env = _env(PRE_COMMIT_HOME=str(tmp_path / "cache"), PIP_NO_INDEX="1", PIP_FIND_LINKS=str(wheelhouse))
    subprocess.run(["git", "init", "-q"], cwd=project, check=True, env=env)
    subprocess.run(["git", "add", "."], cwd=project, check=True, env=env)

    # The committed HEAD: try-repo reads the hook definition as committed. (Each try-repo installs the hook
    # into a fresh environment, about a minute, so the test makes one run; the CLI tests cover a clean pass.)
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True)
    write(project / "fr" / "clean.txt", "Tout va bien.\n")
    subprocess.run(["git", "add", "."], cwd=project, check=True, env=env)
    result = subprocess.run([str(BIN / "pre-commit"), "try-repo", str(REPO), "mtqa", "--ref", head.stdout.strip(),
                             "--all-files", "--verbose"],
                            cwd=project, env=env, capture_output=True, text=True, timeout=600)
    if "Installing environment" in result.stdout and "mtqa (translation QA)" not in result.stdout:
        pytest.skip(f"pre-commit could not install the hook offline: {result.stdout[-500:]}")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "fr/page.txt:1:9 FL001 repeated-word major" in result.stdout
    assert "1 finding(s) in 2 file(s)" in result.stdout  # both translations in one run, one summary
    assert "notes.py" not in result.stdout  # not a translation file: not passed to the hook


def _workflow() -> dict:
    return yaml.safe_load((REPO / "examples" / "ci" / "mtqa.yml").read_text(encoding="utf-8"))


def test_workflow_shape() -> None:
    workflow = _workflow()
    assert workflow["permissions"]["security-events"] == "write"
    steps = workflow["jobs"]["mtqa"]["steps"]
    scan = next(s for s in steps if s.get("id") == "scan")
    assert "--fail-on major" in scan["run"] and "--baseline" in scan["run"] and "--exit-zero" not in scan["run"]
    upload = next(s for s in steps if "upload-sarif" in s.get("uses", ""))
    assert f"--output {upload['with']['sarif_file']}" in scan["run"]
    assert upload["if"].startswith("always()")
    assert any("pip install mtqa" in s.get("run", "") for s in steps)


def test_workflow_steps_run(tmp_path: Path) -> None:
    """The workflow's own commands, on a small project: green when nothing new, red on a new major finding."""
    steps = _workflow()["jobs"]["mtqa"]["steps"]
    commands = [s["run"] for s in steps if s.get("run", "").startswith("mtqa ")]
    assert len(commands) == 2
    project = tmp_path
    write(project / "translations" / "mtqa.toml", MAJOR_REPEATS)
    write(project / "translations" / "home.es.txt", "Vio el gato.\n")
    write(project / "translations" / "home.fr.txt", "Il a vu le le chat.\n\nBienvenue.\n")
    env = _env()

    def step(command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["bash", "-e", "-c", command], cwd=project, env=env, capture_output=True, text=True,
                              timeout=300)

    recorded = step("mtqa baseline translations --include '*.fr.*' --source-lang es --target-lang fr "
                    "-o .mtqa-baseline.json")
    assert recorded.returncode == 0, recorded.stderr
    scan = step(commands[0])
    assert scan.returncode == 0, scan.stderr
    sarif = json.loads((project / "mtqa.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"] == []

    write(project / "translations" / "home.fr.txt", "Il a vu le le chat.\n\nBienvenue bienvenue.\n")
    scan = step(commands[0])
    assert scan.returncode == 1  # a new major finding fails the job
    results = json.loads((project / "mtqa.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]
    assert [r["locations"][0]["physicalLocation"]["region"]["snippet"]["text"] for r in results] == [
        "Bienvenue bienvenue"]
    annotate = step(commands[1])
    assert annotate.returncode == 0
    assert annotate.stdout.startswith("::error file=translations/home.fr.txt,line=3,col=1,")
