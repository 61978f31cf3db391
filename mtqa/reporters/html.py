"""`html`: one self-contained page for reviewers: each unit with findings, its text with every finding
highlighted in place (severity colour; check, message and suggestion on hover or focus), a summary by
check and severity, the scores, and filters by check and severity that run in the page itself.

Everything taken from the input or the findings is HTML-escaped, and a Content-Security-Policy lets
only the page's own script run, with no network access, so a translation holding markup shows as text.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass, field
from html import escape
from typing import Any

from mtqa.model import FileReport, Finding, Report, Severity, Unit
from mtqa.reporters.base import Reporter
from mtqa.reporters.locations import display_path

SEVERITIES = [s for s in Severity]  # neutral < minor < major < critical

_CSS = """
:root { --critical: #c62828; --major: #ef6c00; --minor: #f9a825; --neutral: #78909c; }
body { font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 72rem; padding: 1rem 2rem; color: #212121; }
h1 { font-size: 1.4rem; margin-bottom: .2rem; } h2 { font-size: 1.15rem; margin-top: 2rem; word-break: break-all; }
.meta { color: #616161; font-size: .85rem; word-break: break-all; }
table { border-collapse: collapse; margin: .5rem 0; } th, td { border: 1px solid #ddd; padding: .2rem .6rem; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
fieldset { border: 1px solid #ddd; margin: .5rem 0; } label { margin-right: 1rem; white-space: nowrap; }
.unit { border: 1px solid #e0e0e0; border-radius: 6px; margin: 1rem 0; padding: .5rem 1rem; }
.unit[hidden], .finding[hidden] { display: none; }
.unit h3 { font-size: .9rem; margin: 0 0 .3rem; color: #616161; }
.src, .tgt { white-space: pre-wrap; overflow-wrap: anywhere; }
.src { color: #616161; border-left: 3px solid #e0e0e0; padding-left: .6rem; margin-bottom: .4rem; }
mark.hl { background: none; color: inherit; border-bottom: 3px solid transparent; cursor: help; }
mark.hl.zero::before { content: "\\2038"; font-weight: bold; }
mark.hl.sev-critical { background: rgba(198, 40, 40, .22); border-color: var(--critical); }
mark.hl.sev-major { background: rgba(239, 108, 0, .22); border-color: var(--major); }
mark.hl.sev-minor { background: rgba(249, 168, 37, .25); border-color: var(--minor); }
mark.hl.sev-neutral { background: rgba(120, 144, 156, .18); border-color: var(--neutral); }
mark.hl.off { background: none; border-color: transparent; cursor: auto; }
mark.hl:focus { outline: 2px solid #1565c0; }
.badge { display: inline-block; border-radius: 3px; padding: 0 .35rem; color: #fff; font-size: .75rem; }
.badge.critical { background: var(--critical); } .badge.major { background: var(--major); }
.badge.minor { background: var(--minor); color: #000; } .badge.neutral { background: var(--neutral); }
ol.findings { margin: .5rem 0 0; padding-left: 1.5rem; font-size: .9rem; }
ol.findings li { cursor: pointer; }
.check { font-family: ui-monospace, monospace; }
.flagged { font-family: ui-monospace, monospace; background: #f5f5f5; white-space: pre-wrap; }
.suggestion { color: #2e7d32; }
#tip { position: absolute; z-index: 10; max-width: 32rem; background: #fff; border: 1px solid #9e9e9e;
       border-radius: 4px; box-shadow: 0 2px 8px rgba(0,0,0,.2); padding: .4rem .6rem; font-size: .85rem; }
#tip[hidden] { display: none; } #tip ol { margin: 0; padding-left: 1.2rem; }
"""

# The page's only script: filters, and the tooltip (built from the escaped finding list, never from strings).
_JS = """
(function () {
  var findings = {};
  document.querySelectorAll('li.finding').forEach(function (li) {
    findings[li.dataset.f] = {check: li.dataset.check, sev: li.dataset.sev, node: li};
  });
  var order = ['neutral', 'minor', 'major', 'critical'];
  function visible(id) {
    var f = findings[id];
    return f && !f.node.hidden;
  }
  function apply() {
    var checks = {}, sevs = {};
    document.querySelectorAll('input[data-filter=check]').forEach(function (b) { checks[b.value] = b.checked; });
    document.querySelectorAll('input[data-filter=sev]').forEach(function (b) { sevs[b.value] = b.checked; });
    var shown = 0;
    Object.keys(findings).forEach(function (id) {
      var f = findings[id];
      f.node.hidden = !(checks[f.check] && sevs[f.sev]);
      if (!f.node.hidden) { shown++; }
    });
    document.querySelectorAll('mark.hl').forEach(function (m) {
      var best = -1;
      m.dataset.f.split(' ').forEach(function (id) {
        if (visible(id)) { best = Math.max(best, order.indexOf(findings[id].sev)); }
      });
      order.forEach(function (s) { m.classList.remove('sev-' + s); });
      m.classList.toggle('off', best < 0);
      if (best >= 0) { m.classList.add('sev-' + order[best]); }
      m.tabIndex = best < 0 ? -1 : 0;
    });
    document.querySelectorAll('.unit').forEach(function (u) {
      u.hidden = !u.querySelector('li.finding:not([hidden])');
    });
    document.getElementById('shown').textContent = String(shown);
  }
  var tip = document.getElementById('tip');
  function show(m) {
    if (m.classList.contains('off')) { return; }
    var list = document.createElement('ol');
    m.dataset.f.split(' ').forEach(function (id) {
      if (visible(id)) { list.appendChild(findings[id].node.cloneNode(true)); }
    });
    tip.replaceChildren(list);
    var r = m.getBoundingClientRect();
    tip.hidden = false;
    var left = Math.max(4, Math.min(r.left, document.documentElement.clientWidth - tip.offsetWidth - 4));
    tip.style.left = (window.scrollX + left) + 'px';
    tip.style.top = (window.scrollY + r.bottom + 4) + 'px';
  }
  function hide() { tip.hidden = true; }
  document.querySelectorAll('mark.hl').forEach(function (m) {
    m.addEventListener('mouseenter', function () { show(m); });
    m.addEventListener('mouseleave', hide);
    m.addEventListener('focus', function () { show(m); });
    m.addEventListener('blur', hide);
  });
  document.querySelectorAll('ol.findings li.finding').forEach(function (li) {
    li.addEventListener('click', function () {  // jump to the highlight of this finding
      var target = null;
      document.querySelectorAll('mark.hl').forEach(function (m) {
        if (!target && m.dataset.f.split(' ').indexOf(li.dataset.f) >= 0) { target = m; }
      });
      if (target) { target.scrollIntoView({block: 'center'}); target.focus(); }
    });
  });
  document.querySelectorAll('input[data-filter]').forEach(function (b) { b.addEventListener('change', apply); });
  document.getElementById('all').addEventListener('click', function () {
    document.querySelectorAll('input[data-filter]').forEach(function (b) { b.checked = true; });
    apply();
  });
  apply();
})();
"""


def _e(value: object) -> str:
    return escape(str(value), quote=True)


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


def _format_score(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4f}"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _flatten(scores: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for key, value in scores.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value and len(out) < 200:
            out.extend(_flatten(value, name + "."))
        else:
            out.append((name, value))
    return out


def highlight(text: str, offset: int, findings: list[tuple[int, Finding]]) -> str:
    """`text` as HTML, each span covered by findings wrapped in one <mark> naming those findings."""
    spans = []
    for fid, f in findings:
        start = min(max(f.start - offset, 0), len(text))
        end = min(max(f.end - offset, start), len(text))
        spans.append((start, end, fid, f))
    cuts = sorted({0, len(text), *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
    parts: list[str] = []
    for a, b in zip(cuts, cuts[1:] + [None], strict=False):
        for start, end, fid, f in spans:  # zero-width findings get a marker at their position
            if start == end == a:
                parts.append(_mark("", [(fid, f)]))
        if b is None:
            break
        covering = [(fid, f) for start, end, fid, f in spans if start <= a and b <= end and start < end]
        chunk = text[a:b]
        parts.append(_mark(chunk, covering) if covering else _e(chunk))
    return "".join(parts)


def _mark(chunk: str, covering: list[tuple[int, Finding]]) -> str:
    worst = max(f.severity for _, f in covering)
    ids = " ".join(f"f{fid}" for fid, _ in covering)
    title = "\n".join(f"{f.check} ({f.severity.value}): {f.message}"
                      + (f" → {f.suggestion}" if f.suggestion is not None else "") for _, f in covering)
    zero = " zero" if not chunk else ""
    return (f'<mark class="hl sev-{worst.value}{zero}" data-f="{ids}" tabindex="0" title="{_e(title)}">'
            f"{_e(chunk)}</mark>")


def _finding_item(fid: int, f: Finding) -> str:
    suggestion = (f' <span class="suggestion">→ <span class="flagged">{_e(f.suggestion)}</span></span>'
                  if f.suggestion is not None else "")
    flagged = f' <span class="flagged">{_e(f.text)}</span>' if f.text else ""
    confidence = f" (confidence {f.confidence:.2f})" if f.confidence is not None else ""
    return (f'<li class="finding" data-f="f{fid}" data-check="{_e(f.check)}" data-sev="{f.severity.value}">'
            f'<span class="badge {f.severity.value}">{f.severity.value}</span> '
            f'<span class="check">{_e(f.code)} {_e(f.check)}</span> '
            f'<span class="where">{f.line}:{f.column}</span>{flagged} '
            f'<span class="message">{_e(f.message)}</span>{suggestion}{confidence}</li>')


class HtmlReporter(Reporter):
    name = "html"
    description = "one self-contained HTML page: findings highlighted in the text, summary, scores, filters"
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
        script = _JS.strip()
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
        csp = f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'"
        out = self.out
        out.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        out.write(f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n')
        out.write('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
        out.write(f"<title>mtqa report</title>\n<style>{_CSS}</style></head><body>\n")
        out.write(self._header(report))
        out.write(self._filters(report))
        for view in self.files:
            out.write(self._file(view))
        out.write('<div id="tip" role="tooltip" hidden></div>\n')
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
        return (f"<h1>mtqa report</h1>\n"
                f'<p class="meta">mtqa {_e(self.version or report.version)} · '
                f"{_e(self.signature or report.signature)}</p>\n"
                f'<p id="overview">{summary["findings"]} finding(s) in {summary["files"]} file(s), '
                f'{summary["units"]} unit(s); <strong>{summary["failing"]}</strong> at or above '
                f'{_e(summary["fail_on"])}.</p>\n'
                f'<table id="summary"><thead><tr><th>check</th>{head}<th>total</th></tr></thead><tbody>'
                + "".join(rows)
                + f'</tbody><tfoot><tr><th>total</th>{totals}<td class="n">{summary["findings"]}</td></tr>'
                  f"</tfoot></table>\n")

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
                f'<span><span id="shown">{report.summary["findings"]}</span> finding(s) shown</span></form>\n')

    def _file(self, view: _FileView) -> str:
        report = view.report
        langs = f"{view.source_lang or '?'} → {view.target_lang or '?'}"
        parts = [f'<section class="file"><h2>{_e(display_path(view.path))}</h2>',
                 f'<p class="meta">{_e(langs)} · {report.units if report else 0} unit(s)</p>']
        if report and report.scores:
            rows = "".join(f'<tr><th>{_e(k)}</th><td class="n">{_e(_format_score(v))}</td></tr>'
                           for k, v in _flatten(report.scores))
            parts.append(f'<table class="scores"><caption>Scores</caption>{rows}</table>')
        if not view.units:
            parts.append("<p>No findings.</p>")
        for entry in view.units.values():
            parts.append(self._unit(entry, view))
        parts.append("</section>\n")
        return "\n".join(parts)

    def _unit(self, entry: _UnitView, view: _FileView) -> str:
        unit = entry.unit
        items = "".join(_finding_item(fid, f) for fid, f in sorted(entry.findings, key=lambda p: p[1].start))
        if unit is None:
            return f'<div class="unit"><ol class="findings">{items}</ol></div>'
        title = f"unit {unit.id}" if unit.id is not None else f"line {unit.line}"
        source_lang = unit.source_lang or view.source_lang or ""
        target_lang = unit.target_lang or view.target_lang or ""
        source = f'<div class="src" lang="{_e(source_lang)}">{_e(unit.source)}</div>' if unit.source else ""
        target = highlight(unit.target, unit.offset, entry.findings)
        return (f'<div class="unit" data-unit="{_e(unit.id or "")}"><h3>{_e(title)}</h3>{source}'
                f'<div class="tgt" lang="{_e(target_lang)}">{target}</div><ol class="findings">{items}</ol></div>')
