"""The HTML report: self-contained, everything escaped, findings listed beside the highlighted text,
source beside target, keyboard navigation, scores with their scale, filters that work.

The browser tests load the report in headless Chromium through Playwright and skip, saying why, where
either is missing. Screenshots go to test-artifacts/ (git-ignored); `scripts/report_screenshots.py`
makes those of the seed article and the XLIFF example.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from ci_helpers import MAJOR_REPEATS, run, write

from mtqa.model import FileReport, Finding, Report, Severity, Unit
from mtqa.reporters.html import HtmlReporter, highlight

REPO = Path(__file__).resolve().parents[1]
XLIFF = REPO / "examples" / "project" / "locales" / "app.fr.xlf"
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
    assert page.count("<script") == 1 and "<script>alert" not in page
    assert "mqm.score" in page and "0.5000" in page  # a score of an unknown shape is listed as it is


def _finding(start: int, end: int, severity: Severity = Severity.MINOR, check: str = "c") -> Finding:
    return Finding(code="X001", check=check, category="x/y", severity=severity, start=start, end=end, line=1,
                   column=start + 1, unit=None, text="", message=f"{check} {start}-{end}")


def _marks(html: str) -> list[tuple[str, bool, str, str]]:
    """(severity, zero-width, finding ids, text) of each highlight."""
    found = re.findall(r'<mark class="hl sev-(\w+)( zero)?" data-f="([^"]*)"[^>]*>([^<]*)</mark>', html)
    return [(sev, bool(zero), ids, text) for sev, zero, ids, text in found]


def test_highlight_overlapping_and_zero_width() -> None:
    findings = [(1, _finding(1, 4)), (2, _finding(2, 6, Severity.MAJOR)), (3, _finding(3, 3))]
    html = highlight("abcdefg", 0, findings)
    assert _marks(html) == [("minor", False, "f1", "b"), ("major", False, "f1 f2", "c"), ("minor", True, "f3", ""),
                            ("major", False, "f1 f2", "d"), ("major", False, "f2", "ef")]
    assert re.sub(r"<[^>]+>", "", html) == "abcdefg"
    # offsets of a unit read in blocks are into the whole file, and spans are clamped to the unit
    html = highlight("abc", 10, [(1, _finding(8, 12))])
    assert _marks(html) == [("minor", False, "f1", "ab")] and html.endswith("</mark>c")


def test_dense_findings_each_get_one_mark() -> None:
    text = "le le chat. " * 5000
    findings = [(i + 1, _finding(i * 12, i * 12 + 5)) for i in range(5000)]
    html = highlight(text, 0, findings)
    assert [ids for _, _, ids, _ in _marks(html)] == [f"f{i + 1}" for i in range(5000)]


def test_lone_surrogates_are_written(tmp_path: Path, capsys) -> None:
    """A JSON escape can carry a lone surrogate into a unit; the page shows it as an escape (as the terminal
    does) instead of failing."""
    write(tmp_path / "mtqa.toml", MAJOR_REPEATS)
    source = write(tmp_path / "fr.json", '{"greeting": "Bonjour \\ud800 le le monde"}')
    out = tmp_path / "report.html"
    code, _, err = run(capsys, "scan", str(source), "-t", "fr", "-f", "html", "-o", str(out))
    assert code == 1, err
    page = out.read_text(encoding="utf-8")
    assert "Bonjour \\ud800 <mark" in page and "le le</mark>" in page
    reporter = HtmlReporter(io.StringIO())
    unit = Unit(target="x\udc80 le le", id="a\ud800")
    reporter.start_file("f\ud800", None, "fr")
    reporter.unit("f", unit, [_finding(3, 8)])
    file_report = FileReport("f", None, "fr")
    file_report.add([_finding(3, 8)])
    reporter.end_file(file_report)
    reporter.end(Report([file_report], signature="s", version="0"))
    reporter.out.getvalue().encode("utf-8")  # no UnicodeEncodeError


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


def _open(page, path: Path) -> None:
    page.goto(path.as_uri())
    page.wait_for_load_state("load")


def _box(locator) -> dict[str, float]:
    box = locator.bounding_box()
    assert box is not None
    return box


def test_report_in_chromium(report_file: Path, page) -> None:
    dialogs: list[str] = []
    requests: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: requests.append(request.url))
    _open(page, report_file)

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

    # every finding listed beside the text, its message, check, severity and line readable without hovering
    items = page.locator("li.finding")
    assert items.count() == 3
    text_box, list_box = _box(page.locator(".tgt").first), _box(page.locator("ol.findings").first)
    assert list_box["x"] >= text_box["x"] + text_box["width"] - 1 and list_box["y"] < text_box["y"] + text_box["height"]
    for i in range(3):
        assert items.nth(i).locator(".message").is_visible()
    first = items.nth(0).inner_text()
    assert "'le' is repeated" in first and "FL001 repeated-word" in first and "major" in first and "line 1:" in first
    assert "suggestion" in first

    # the signature folded away, the score with its scale
    signature = page.locator("details.signature code")
    assert not signature.is_visible()
    page.locator("details.signature summary").click()
    assert signature.is_visible() and signature.inner_text().startswith("mtqa:")
    mqm = page.locator("dd[data-score=mqm]").inner_text()
    assert "100 means no findings" in mqm and "per 1,000 words" in mqm

    # from finding to finding: click, then j/n and k/p, and Tab through the highlights
    items.nth(2).click()
    assert page.evaluate("document.activeElement.textContent") == "fin fin"
    assert "current" in items.nth(2).get_attribute("class") and "current" not in items.nth(0).get_attribute("class")
    page.keyboard.press("k")
    assert page.evaluate("document.activeElement.textContent") == ":"
    assert "current" in items.nth(1).get_attribute("class") and "current" not in items.nth(2).get_attribute("class")
    page.keyboard.press("p")
    page.keyboard.press("n")
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.textContent") == "fin fin"
    page.keyboard.press("j")  # the last finding stays
    assert page.evaluate("document.activeElement.textContent") == "fin fin"
    marks.nth(0).focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == ":"
    assert "current" in items.nth(1).get_attribute("class")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "html-report.png"), full_page=True)

    # the summary table
    assert "repeated-word" in page.locator("#summary").inner_text()

    # filters: severity, then check, then back
    shown = page.locator("#shown")
    assert int(shown.inner_text()) == 3
    page.locator("input[data-filter=sev][value=minor]").uncheck()
    assert int(shown.inner_text()) == 2
    assert "off" in marks.nth(1).get_attribute("class") and "off" not in marks.nth(0).get_attribute("class")
    assert page.locator("li.finding[data-sev=minor]").first.is_hidden()
    marks.nth(0).focus()
    page.keyboard.press("j")  # navigation skips the hidden finding
    assert page.evaluate("document.activeElement.textContent") == "fin fin"
    page.locator("input[data-filter=check][value=repeated-word]").uncheck()
    assert int(shown.inner_text()) == 0
    assert all("off" in marks.nth(i).get_attribute("class") for i in range(3))
    assert page.locator(".unit").first.is_hidden()
    page.screenshot(path=str(ARTIFACTS / "html-report-filtered.png"), full_page=True)
    page.locator("#all").click()
    assert int(shown.inner_text()) == 3 and page.locator(".unit").first.is_visible()
    assert "sev-minor" in marks.nth(1).get_attribute("class")


def test_bilingual_report_in_chromium(tmp_path: Path, capsys, page) -> None:
    """The XLIFF example: source beside target in every unit, every finding's message on the page."""
    out = tmp_path / "xliff.html"
    code, _, err = run(capsys, "scan", str(XLIFF), "-f", "html", "-o", str(out), "--exit-zero")
    assert code == 0, err
    code, report_json, _ = run(capsys, "scan", str(XLIFF), "-f", "json", "--exit-zero")
    expected = [f["message"] for f in json.loads(report_json)["files"][0]["findings"]]
    assert expected, "the XLIFF example has findings"
    _open(page, out)

    units = page.locator("article.unit")
    assert units.count() >= 3
    for i in range(units.count()):
        unit = units.nth(i)
        source, target, findings = (_box(unit.locator(sel)) for sel in (".src", ".tgt", "ol.findings"))
        assert abs(source["y"] - target["y"]) < 2, "source and target start on the same line"
        assert source["x"] + source["width"] <= target["x"] and target["x"] + target["width"] <= findings["x"]
        assert unit.locator(".src").inner_text() and unit.get_attribute("data-unit")
        assert unit.get_attribute("data-unit") in unit.locator("li.finding").first.inner_text()  # the unit id
    messages = page.locator("li.finding .message")
    shown = [messages.nth(i).inner_text() for i in range(messages.count())]
    assert sorted(m.split(" (confidence")[0] for m in shown) == sorted(expected)
    assert all(messages.nth(i).is_visible() for i in range(messages.count()))
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "html-report-xliff.png"), full_page=True)
