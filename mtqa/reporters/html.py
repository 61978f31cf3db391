"""`html`: one self-contained page a reviewer works from.

Each unit with findings shows its text with every finding highlighted in place, the source beside the
target for bilingual units, and the list of its findings beside the text (severity, check, unit id,
line, flagged text, message, suggestion), all readable without hovering. A click on a finding, or j/n
and k/p on the keyboard, moves from finding to finding; Tab goes through the highlights. The page has a
summary by check and severity, each score with its scale, filters by check and severity, and the
reproducibility signature folded in a details box.

Everything taken from the input or the findings is HTML-escaped (control characters, bidirectional
overrides and lone surrogates shown as escapes, as on the terminal), and a Content-Security-Policy lets
only the page's own script run, with no network access, so a translation holding markup shows as text.
The page holds no links to the scanned files and no data in its script, so file names need no URL
encoding and nothing is written as JSON into it.
Building the page is linear in the findings of a unit (one sweep over the span boundaries).
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from typing import Any

from mtqa.model import FileReport, Finding, Report, Severity, Unit
from mtqa.reporters.base import Reporter
from mtqa.reporters.html_assets import CSS, JS
from mtqa.reporters.html_assets import esc as _e
from mtqa.reporters.html_scores import scores_html, unit_comet_scores
from mtqa.reporters.locations import display_path

SEVERITIES = [s for s in Severity]  # neutral < minor < major < critical


@dataclass
class _UnitView:
    unit: Unit | None
    findings: list[tuple[int, Finding]] = field(default_factory=list)


@dataclass
class _FileView:
    path: str
    source_lang: str | None
    target_lang: str | None
    units: dict[tuple[Any, ...], _UnitView] = field(default_factory=dict)
    report: FileReport | None = None


def highlight(text: str, offset: int, findings: list[tuple[int, Finding]]) -> str:
    """`text` as HTML, each stretch covered by findings wrapped in one <mark> naming those findings.

    One sweep over the sorted span boundaries, keeping the set of open findings: the work is the number
    of boundaries plus the size of the output, not findings times stretches.
    """
    starts: dict[int, list[tuple[int, Finding]]] = {}
    ends: dict[int, list[int]] = {}
    zero: dict[int, list[tuple[int, Finding]]] = {}
    for fid, f in findings:
        start = min(max(f.start - offset, 0), len(text))
        end = min(max(f.end - offset, start), len(text))
        if start == end:  # a zero-width finding (a missing character) gets a marker at its position
            zero.setdefault(start, []).append((fid, f))
        else:
            starts.setdefault(start, []).append((fid, f))
            ends.setdefault(end, []).append(fid)
    cuts = sorted({0, len(text), *starts, *ends, *zero})
    open_: dict[int, Finding] = {}
    parts: list[str] = []
    for i, at in enumerate(cuts):
        for fid in ends.get(at, ()):
            del open_[fid]
        for fid, f in starts.get(at, ()):
            open_[fid] = f
        for fid, f in zero.get(at, ()):
            parts.append(_mark("", [(fid, f)]))
        if i + 1 == len(cuts):
            break
        chunk = text[at:cuts[i + 1]]
        parts.append(_mark(chunk, list(open_.items())) if open_ else _e(chunk))
    return "".join(parts)


def _mark(chunk: str, covering: list[tuple[int, Finding]]) -> str:
    worst = max(f.severity for _, f in covering)
    ids = " ".join(f"f{fid}" for fid, _ in covering)
    title = "\n".join(f"{f.check} ({f.severity.value}): {f.message}" for _, f in covering)
    zero = " zero" if not chunk else ""
    return (f'<mark class="hl sev-{worst.value}{zero}" data-f="{ids}" tabindex="0" title="{_e(title)}">'
            f"{_e(chunk)}</mark>")


# Characters a reader cannot see in a suggestion, shown as a sign with its name on hover.
_INVISIBLE = {"\u00a0": ("⍽", "no-break space"), "\u202f": ("⍽", "narrow no-break space"), "\t": ("⇥", "tab"),
              "\n": ("⏎", "line break")}


def _shown(text: str) -> str:
    """Escaped text with its invisible characters made visible."""
    return "".join(f'<span class="invisible" title="{_INVISIBLE[ch][1]}">{_INVISIBLE[ch][0]}</span>'
                   if ch in _INVISIBLE else _e(ch) for ch in text)


def _finding_item(fid: int, f: Finding) -> str:
    where = f"line {f.line}:{f.column}"
    if f.unit is not None:
        where = f"unit {f.unit} · {where}"
    confidence = f' <span class="confidence">(confidence {f.confidence:.2f})</span>' if f.confidence is not None else ""
    fix = f'<span class="flagged">{_e(f.text)}</span>' if f.text else ""
    if f.suggestion is not None:
        fix += f' → <span class="suggestion">suggestion: <span class="flagged">{_shown(f.suggestion)}</span></span>'
    sev = f.severity.value
    return (f'<li class="finding {sev}" data-f="f{fid}" data-check="{_e(f.check)}" data-sev="{sev}">'
            f'<div class="head"><span class="badge {sev}">{sev}</span>'
            f'<span class="check">{_e(f.code)} {_e(f.check)}</span>'
            f'<span class="where">{_e(where)}</span></div>'
            f'<span class="message">{_e(f.message)}{confidence}</span>'
            f'{f"<span class=fix>{fix}</span>" if fix else ""}</li>')


class HtmlReporter(Reporter):
    name = "html"
    description = "one self-contained HTML page: findings beside the highlighted text, source beside target"
    needs_all_findings = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.files: list[_FileView] = []
        self.next_id = 0
        self.signature = ""
        self.version = ""

    def begin(self, version: str, signature: str) -> None:
        self.version, self.signature = version, signature

    def start_file(self, path: str, source_lang: str | None, target_lang: str | None) -> None:
        self.files.append(_FileView(path, source_lang, target_lang))

    def unit(self, path: str, unit: Unit | None, findings: list[Finding]) -> None:
        if not findings:  # only units with findings are shown; their text is all this keeps
            return
        view = self.files[-1]
        key: tuple[Any, ...] = ("report",) if unit is None else (unit.id, unit.line, unit.offset)
        entry = view.units.setdefault(key, _UnitView(unit))
        for finding in findings:
            self.next_id += 1
            entry.findings.append((self.next_id, finding))

    def end_file(self, report: FileReport) -> None:
        view = self.files[-1]
        view.report = report
        if not view.units and report.findings:  # rendering a finished report: no unit text
            self.unit(report.path, None, report.findings)

    def end(self, report: Report) -> None:
        script = JS.strip()
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
        csp = f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'"
        out = self.out
        out.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        out.write(f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n')
        out.write('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
        out.write(f"<title>mtqa report</title>\n<style>{CSS}</style></head><body>\n")
        out.write(self._header(report))
        out.write(self._filters(report))
        for view in self.files:
            out.write(self._file(view))
        out.write(f"<script>{script}</script>\n</body></html>\n")

    def _counts(self, report: Report) -> dict[str, dict[Severity, int]]:
        counts: dict[str, dict[Severity, int]] = {}
        for file_report in report.files:
            for (check, severity), n in file_report.counts().items():
                counts.setdefault(check, dict.fromkeys(SEVERITIES, 0))[severity] += n
        return counts

    def _header(self, report: Report) -> str:
        summary = report.summary
        counts = self._counts(report)
        rows = []
        for check in sorted(counts):
            cells = "".join(f'<td class="n">{counts[check][s] or ""}</td>' for s in SEVERITIES)
            rows.append(f'<tr><td class="check">{_e(check)}</td>{cells}'
                        f'<td class="n">{sum(counts[check].values())}</td></tr>')
        totals = "".join(f'<td class="n">{summary["by_severity"][s.value]}</td>' for s in SEVERITIES)
        head = "".join(f'<th><span class="badge {s.value}">{s.value}</span></th>' for s in SEVERITIES)
        verdict = "the run fails" if summary["failing"] else "the run passes"
        return (f'<header class="top"><div><h1>mtqa report</h1>\n'
                f'<p id="overview">{summary["findings"]} finding(s) in {summary["files"]} file(s), '
                f'{summary["units"]} unit(s); <strong>{summary["failing"]}</strong> at or above '
                f'{_e(summary["fail_on"])}: {verdict}.</p>\n'
                f'<details class="signature"><summary>mtqa {_e(self.version or report.version)} · '
                f"reproducibility signature</summary><p>The version, language pair, enabled checks, language "
                f"packs, language-ID backend and segmenter of this run: the same signature on the same input "
                f"gives the same findings.</p><code>{_e(self.signature or report.signature)}</code></details>"
                f"</div>\n"
                f'<table id="summary"><thead><tr><th>check</th>{head}<th>total</th></tr></thead><tbody>'
                + "".join(rows)
                + f'</tbody><tfoot><tr><th>total</th>{totals}<td class="n">{summary["findings"]}</td></tr>'
                  f"</tfoot></table></header>\n")

    def _filters(self, report: Report) -> str:
        counts = self._counts(report)
        checks = "".join(f'<label><input type="checkbox" data-filter="check" value="{_e(c)}" checked> '
                         f'<span class="check">{_e(c)}</span> ({sum(counts[c].values())})</label>'
                         for c in sorted(counts))
        sevs = "".join(f'<label><input type="checkbox" data-filter="sev" value="{s.value}" checked> '
                       f'<span class="badge {s.value}">{s.value}</span></label>' for s in reversed(SEVERITIES))
        return (f'<form id="filters"><fieldset><legend>Severity</legend>{sevs}</fieldset>'
                f"<fieldset><legend>Check</legend>{checks}</fieldset>"
                f'<button type="button" id="all">Show all</button> '
                f'<span><span id="shown">{report.summary["findings"]}</span> finding(s) shown.</span> '
                f'<span class="keys">Keys: <kbd>j</kbd> or <kbd>n</kbd> next finding, <kbd>k</kbd> or <kbd>p</kbd> '
                f"previous, <kbd>Tab</kbd> through the highlights; click a finding to see it in the text.</span>"
                f"</form>\n")

    def _file(self, view: _FileView) -> str:
        report = view.report
        langs = f"{view.source_lang or '?'} → {view.target_lang or '?'}"
        parts = [f'<section class="file"><h2>{_e(display_path(view.path))}</h2>',
                 f'<p class="meta">{_e(langs)} · {report.units if report else 0} unit(s)</p>']
        comet = {}
        if report and report.scores:
            parts.append(scores_html(report.scores))
            comet = unit_comet_scores(report.scores)
        if not view.units:
            parts.append("<p>No findings.</p>")
        for entry in view.units.values():
            parts.append(self._unit(entry, view, comet))
        parts.append("</section>\n")
        return "\n".join(parts)

    def _unit(self, entry: _UnitView, view: _FileView, comet: dict[str, float]) -> str:
        unit = entry.unit
        items = "".join(_finding_item(fid, f) for fid, f in sorted(entry.findings, key=lambda p: p[1].start))
        findings = f'<ol class="findings" aria-label="findings">{items}</ol>'
        if unit is None:
            return f'<article class="unit"><div class="cols">{findings}</div></article>'
        title = f"unit {unit.id}" if unit.id is not None else "text"
        info = [f"line {unit.line}"]
        if unit.id is not None and unit.id in comet:
            info.append(f"COMET {comet[unit.id]:.4f}")
        source_lang = unit.source_lang or view.source_lang or ""
        target_lang = unit.target_lang or view.target_lang or ""
        target = (f'<div class="side"><div class="label">target {_e(target_lang)}</div>'
                  f'<div class="tgt" lang="{_e(target_lang)}">{highlight(unit.target, unit.offset, entry.findings)}'
                  f"</div></div>")
        source = ""
        if unit.source:
            source = (f'<div class="side"><div class="label">source {_e(source_lang)}</div>'
                      f'<div class="src" lang="{_e(source_lang)}">{_e(unit.source)}</div></div>')
        layout = "cols bitext" if source else "cols"
        return (f'<article class="unit" data-unit="{_e(unit.id or "")}"><header><h3>{_e(title)}</h3>'
                f'<span>{" · ".join(info)}</span></header>'
                f'<div class="{layout}">{source}{target}{findings}</div></article>')
