"""The HTML report: self-contained, everything escaped, highlights in place, filters that work.

The browser tests load the report in headless Chromium through Playwright and skip, saying why, where
either is missing. Screenshots go to test-artifacts/ (git-ignored).
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import shutil
from pathlib import Path

import pytest
from ci_helpers import MAJOR_REPEATS, run, write

from mtqa.model import FileReport, Finding, Report, Severity, Unit
from mtqa.reporters.html import HtmlReporter

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"
HOSTILE = ('Il a vu le le chat. Il a dit: oui. Texte <img src=x onerror=alert(1)> et '
           '"><script>window.pwned = 1, alert(2)</script> fin fin.\n\n'
           "Second paragraphe sans erreur.\n")


@pytest.fixture
def report_file(tmp_path: Path, capsys) -> Path:
    write(tmp_path / "mtqa.toml", MAJOR_REPEATS)
    source = write(tmp_path / "hostile.fr.txt", HOSTILE)
    out = tmp_path / "report.html"
    code, _, _ = run(capsys, "scan", str(source), "-t", "fr", "-f", "html", "-o", str(out))
    assert code == 1  # the repeats are major here
    return out


def test_report_is_self_contained_and_escaped(report_file: Path) -> None:
    page = report_file.read_text(encoding="utf-8")
    assert page.count("<script") == 1 and "<img" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&quot;&gt;&lt;script&gt;window.pwned" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", page, re.IGNORECASE)
    assert "@import" not in page and "url(" not in page
    script = re.search(r"<script>(.*)</script>", page, re.DOTALL).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in page and "default-src 'none'" in page


def test_every_field_is_escaped() -> None:
    evil = '"><script>alert(1)</script>'
    unit = Unit(target=f"avant {evil} après", source=evil, id=evil)
    start = unit.target.index(evil)
    finding = Finding(code="FL001", check=f"check{evil}", category="x/y", severity=Severity.MAJOR, start=start,
                      end=start + len(evil), line=1, column=start + 1, unit=evil, text=evil, message=evil,
                      suggestion=evil, confidence=0.5)
    out = io.StringIO()
    reporter = HtmlReporter(out)
    reporter.begin("0", evil)
    reporter.start_file(evil, evil, evil)
    reporter.unit(evil, unit, [finding])
    file_report = FileReport(evil, evil, evil, scores={evil: evil, "mqm": {"score": 0.5}})
    file_report.add([finding])
    reporter.end_file(file_report)
    reporter.end(Report([file_report], signature=evil, version="0"))
    page = out.getvalue()
    assert page.count("<script") == 1
    assert "mqm.score" in page and "0.5000" in page


def _chromium() -> str | None:
    for candidate in (os.environ.get("MTQA_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser"), shutil.which("google-chrome")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture
def page():
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    executable = _chromium()
    if executable is None:
        pytest.skip("no Chromium found (apt-get install chromium, or set MTQA_CHROMIUM)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        try:
            yield browser.new_page(viewport={"width": 1200, "height": 900})
        finally:
            browser.close()


def test_report_in_chromium(report_file: Path, page) -> None:
    dialogs: list[str] = []
    requests: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(report_file.as_uri())
    page.wait_for_load_state("load")

    # no script from the text ran, and the text shows as text
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert dialogs == []
    assert [url for url in requests if not url.startswith("file:")] == []
    assert page.locator("img").count() == 0 and page.locator("script").count() == 1
    target = page.locator(".tgt").first.inner_text()
    assert "<img src=x onerror=alert(1)>" in target and '"><script>window.pwned = 1, alert(2)</script>' in target

    # every finding highlighted in place, with its severity
    marks = page.locator("mark.hl")
    assert [marks.nth(i).inner_text() for i in range(marks.count())] == ["le le", ":", "fin fin"]
    assert marks.nth(0).get_attribute("class").split() == ["hl", "sev-major"]
    assert "sev-minor" in marks.nth(1).get_attribute("class")

    # details on hover and on focus
    marks.nth(0).hover()
    tip = page.locator("#tip")
    assert tip.is_visible() and "repeated-word" in tip.inner_text() and "le" in tip.inner_text()
    page.mouse.move(0, 0)
    assert not tip.is_visible()
    marks.nth(2).focus()
    assert tip.is_visible() and "fin" in tip.inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "html-report.png"), full_page=True)
    marks.nth(2).blur()

    # a finding in the list leads to its highlight
    page.locator("ol.findings li.finding").nth(2).click()
    assert page.evaluate("document.activeElement.textContent") == "fin fin" and tip.is_visible()
    marks.nth(2).blur()

    # the summary table
    assert "repeated-word" in page.locator("#summary").inner_text()

    # filters: severity, then check, then back
    shown = page.locator("#shown")
    total = int(shown.inner_text())
    assert total == 3
    page.locator("input[data-filter=sev][value=minor]").uncheck()
    assert int(shown.inner_text()) == 2
    assert "off" in marks.nth(1).get_attribute("class") and "off" not in marks.nth(0).get_attribute("class")
    assert page.locator("li.finding[data-sev=minor]").first.is_hidden()
    page.locator("input[data-filter=check][value=repeated-word]").uncheck()
    assert int(shown.inner_text()) == 0
    assert all("off" in marks.nth(i).get_attribute("class") for i in range(3))
    assert page.locator(".unit").first.is_hidden()
    page.screenshot(path=str(ARTIFACTS / "html-report-filtered.png"), full_page=True)
    page.locator("#all").click()
    assert int(shown.inner_text()) == 3 and page.locator(".unit").first.is_visible()
    assert "sev-minor" in marks.nth(1).get_attribute("class")
