"""The examples run as documented: the project folder with its config, and the library script.

(The CI workflow in examples/ci is run by tests/test_integrations.py.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from ci_helpers import run

REPO = Path(__file__).resolve().parents[1]
PROJECT = REPO / "examples" / "project"


def _scan(capsys) -> dict:
    code, out, err = run(capsys, "scan", str(PROJECT / "locales"), "-f", "json", "--no-progress")
    assert code == 1, err  # critical and major findings, at the default --fail-on major
    return json.loads(out)


def test_project_config_applies(capsys) -> None:
    report = _scan(capsys)
    files = {Path(f["path"]).name: f for f in report["files"]}
    assert set(files) == {"app.fr.xlf", "messages.fr.po"}
    assert {(f["source_lang"], f["target_lang"]) for f in files.values()} == {("en", "fr")}  # PO: from mtqa.toml
    findings = [f for file in files.values() for f in file["findings"]]
    # the glossary: 'courriel' is forbidden, 'adresse e-mail' required
    assert {(f["unit"], f["text"]) for f in findings if f["check"] == "terminology"} >= {("login.hint", "courriel")}
    # the ignored check does not run
    signature = report["mtqa"]["signature"]
    assert "SO004" not in signature and "SO003" in signature  # SO004 = length-ratio
    assert not any(f["check"] == "length-ratio" for f in findings)
    # the suppression in the PO comment holds, and is used (no unused-suppression finding)
    assert not any(f["unit"].startswith("Choose") for f in findings if f["unit"])
    assert not any(f["check"] == "unused-suppression" for f in findings)
    # what the example is there to show
    assert {("save.prompt", "placeholder-mismatch"), ("order.shipping", "number-mismatch"),
            ("upload.error", "untranslated")} <= {(f["unit"], f["check"]) for f in findings}


def test_suppression_is_what_hides_the_unit(tmp_path: Path, capsys) -> None:
    """Without its comment, the suppressed unit is reported: the suppression is not idle."""
    po = (PROJECT / "locales" / "messages.fr.po").read_text(encoding="utf-8")
    assert "# mtqa: ignore[" in po
    copy = tmp_path / "project"
    (copy / "locales").mkdir(parents=True)
    for name in ("mtqa.toml", "glossary.csv"):
        (copy / name).write_text((PROJECT / name).read_text(encoding="utf-8"), encoding="utf-8")
    (copy / "locales" / "messages.fr.po").write_text(
        "\n".join(line for line in po.splitlines() if "mtqa: ignore" not in line) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "scan", str(copy / "locales"), "-f", "json", "--no-progress")
    units = {f["unit"] for f in json.loads(out)["files"][0]["findings"]}
    assert any(u.startswith("Choose") for u in units)


def test_library_script(tmp_path: Path) -> None:
    queue = tmp_path / "review.json"
    env = {**os.environ, "PYTHONPATH": str(REPO), "MTQA_NO_PROGRESS": "1"}
    result = subprocess.run([sys.executable, str(REPO / "examples" / "library" / "review_catalogues.py"),
                             str(PROJECT / "locales"), "--queue", str(queue)],
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stderr  # units are blocked
    queues = json.loads(queue.read_text(encoding="utf-8"))
    blocked = {e["unit"] for e in queues["blocked"]}
    assert blocked == {"save.prompt", "You have %(count)d new messages."}
    review = {e["unit"] for e in queues["review"]}
    assert {"order.shipping", "login.hint", "upload.error"} <= review and not review & blocked
    assert all(f["severity"] != "critical" for e in queues["review"] for f in e["findings"])
    assert f"{len(blocked)} blocked, {len(queues['review'])} for review" in result.stdout
    assert "blocked  " in result.stdout and "placeholder" in result.stdout

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "broken.xlf").write_text("<xliff><file>", encoding="utf-8")
    result = subprocess.run([sys.executable, str(REPO / "examples" / "library" / "review_catalogues.py"), str(bad)],
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 2 and "broken.xlf" in result.stderr and "Traceback" not in result.stderr
