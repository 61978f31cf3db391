"""Screenshots of the HTML report, for a reviewer's eye: the seed article and the bilingual XLIFF example.

    python scripts/report_screenshots.py [--out test-artifacts] [--width 1400]

Writes, for each case, the report (NAME.html), a first-screen PNG (NAME.png) and a full-page PNG
(NAME-full.png). Needs Playwright for Python and a Chromium (`apt-get install chromium`, or set
MTQA_CHROMIUM). Runs mtqa from this checkout.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CASES = {
    "article-es-fr": ["examples/article_es-fr.txt", "--source-lang", "es", "--target-lang", "fr"],
    "xliff-en-fr": ["examples/project/locales/app.fr.xlf"],
}


def chromium() -> str:
    for candidate in (os.environ.get("MTQA_CHROMIUM"), shutil.which("chromium"), shutil.which("chromium-browser"),
                      shutil.which("google-chrome")):
        if candidate and Path(candidate).exists():
            return candidate
    sys.exit("no Chromium found (apt-get install chromium, or set MTQA_CHROMIUM)")


def render(name: str, args: list[str], out: Path) -> Path:
    page = out / f"{name}.html"
    env = {**os.environ, "PYTHONPATH": str(REPO), "MTQA_NO_PROGRESS": "1"}
    result = subprocess.run([sys.executable, "-m", "mtqa", "scan", *args, "--format", "html", "--output", str(page),
                             "--exit-zero"], cwd=REPO, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"mtqa scan {' '.join(args)} failed: {result.stderr.strip()}")
    return page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "test-artifacts")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=1000)
    options = parser.parse_args()
    from playwright.sync_api import sync_playwright

    options.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), headless=True,
                                             args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
        try:
            tab = browser.new_page(viewport={"width": options.width, "height": options.height})
            for name, args in CASES.items():
                page = render(name, args, options.out)
                tab.goto(page.resolve().as_uri())
                tab.wait_for_load_state("load")
                tab.keyboard.press("j")  # the first finding, as a reviewer starts
                tab.evaluate("window.scrollTo(0, 0)")
                tab.screenshot(path=str(options.out / f"{name}.png"))
                tab.screenshot(path=str(options.out / f"{name}-full.png"), full_page=True)
                print(f"{name}: {page} and {name}.png, {name}-full.png")
        finally:
            browser.close()


if __name__ == "__main__":
    main()
