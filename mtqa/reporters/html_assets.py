"""The style sheet, the one script and the escaping of the `html` report, kept apart from its structure.

The script reads only the page's own attributes (finding ids, checks, severities); it never builds
markup from strings, so nothing taken from a translation can become code.
"""

from __future__ import annotations

from html import escape

from mtqa.util.printable import printable


def esc(value: object) -> str:
    """`value` as HTML text or attribute value. Control characters, bidirectional overrides and lone
    surrogates (from a JSON escape, or a file name that is not UTF-8) are shown as escapes (`\\x1b`,
    `\\u202e`, `\\udcff`), as on the terminal: what the page shows is what the file holds, and a surrogate,
    which UTF-8 cannot carry, never fails the write. Line breaks and tabs are kept."""
    return escape(printable(str(value).replace("\r\n", "\n"), keep_newlines=True), quote=True)

CSS = """
:root { --critical: #c62828; --major: #e65100; --minor: #f9a825; --neutral: #78909c;
        --line: #e0e0e0; --muted: #5f6368; --accent: #1565c0; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 112rem; padding: 1rem 2rem 4rem;
       color: #212121; }
h1 { font-size: 1.4rem; margin: .2rem 0; }
h2 { font-size: 1.15rem; margin: 2rem 0 .1rem; overflow-wrap: anywhere; }
.meta, .keys { color: var(--muted); font-size: .85rem; overflow-wrap: anywhere; }
.top { display: flex; flex-wrap: wrap; gap: .5rem 2.5rem; align-items: flex-start; }
table { border-collapse: collapse; margin: .3rem 0; font-size: .9rem; }
th, td { border: 1px solid #ddd; padding: .15rem .5rem; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
details.signature { font-size: .85rem; color: var(--muted); margin: .4rem 0; max-width: 60rem; }
details.signature summary { cursor: pointer; }
details.signature code { overflow-wrap: anywhere; }
dl.scores { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .3rem 1rem; margin: .5rem 0;
            max-width: 70rem; font-size: .9rem; }
dl.scores dt { font-weight: 600; } dl.scores dd { margin: 0; }
dl.scores .value { font-weight: 600; font-variant-numeric: tabular-nums; margin-right: .5rem; }
dl.scores .scale { color: var(--muted); }
#filters { font-size: .85rem; margin: 1rem 0; }
fieldset { border: 1px solid #ddd; margin: .3rem 0; padding: .2rem .6rem; }
label { margin-right: 1rem; white-space: nowrap; }
kbd { border: 1px solid #bbb; border-radius: 3px; padding: 0 .25rem; font-size: .8rem; background: #fafafa; }
.unit { border: 1px solid var(--line); border-radius: 6px; margin: 1rem 0; }
.unit[hidden], li.finding[hidden] { display: none; }
.unit > header { display: flex; flex-wrap: wrap; gap: .2rem 1.2rem; align-items: baseline; padding: .25rem .8rem;
                 background: #fafafa; border-bottom: 1px solid var(--line); border-radius: 6px 6px 0 0;
                 font-size: .85rem; color: var(--muted); }
.unit > header h3 { font-size: .9rem; margin: 0; color: #212121; overflow-wrap: anywhere; }
.cols { display: grid; grid-template-columns: minmax(0, 2fr) minmax(17rem, 1fr); }
.cols.bitext { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr) minmax(17rem, 1fr); }
.side { padding: .5rem .8rem; border-right: 1px solid var(--line); min-width: 0; }
.label { font-size: .72rem; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.src, .tgt { white-space: pre-wrap; overflow-wrap: anywhere; }
.src { color: #37474f; }
ol.findings { list-style: none; margin: 0; padding: .4rem; font-size: .85rem; position: sticky; top: 0;
              align-self: start; max-height: 100vh; overflow: auto; }
li.finding { padding: .3rem .5rem; margin-bottom: .3rem; border-left: 4px solid var(--neutral); border-radius: 3px;
             cursor: pointer; }
li.finding.critical { border-left-color: var(--critical); } li.finding.major { border-left-color: var(--major); }
li.finding.minor { border-left-color: var(--minor); }
li.finding:hover { background: #f5f5f5; }
li.finding.current { background: #e3f2fd; outline: 2px solid var(--accent); }
li.finding .head { display: flex; flex-wrap: wrap; gap: .1rem .5rem; align-items: baseline; }
li.finding .where { color: var(--muted); font-size: .8rem; margin-left: auto; overflow-wrap: anywhere; }
li.finding .message, li.finding .fix { display: block; }
.check { font-family: ui-monospace, monospace; font-size: .8rem; }
.flagged { font-family: ui-monospace, monospace; background: #f1f1f1; white-space: pre-wrap; overflow-wrap: anywhere; }
.suggestion { color: #2e7d32; }
.invisible { color: var(--accent); }
.confidence { color: var(--muted); }
.badge { display: inline-block; border-radius: 3px; padding: 0 .35rem; color: #fff; font-size: .75rem; }
.badge.critical { background: var(--critical); } .badge.major { background: var(--major); }
.badge.minor { background: var(--minor); color: #000; } .badge.neutral { background: var(--neutral); }
mark.hl { background: none; color: inherit; border-bottom: 3px solid transparent; cursor: pointer; }
mark.hl.zero::before { content: "\\2038"; font-weight: bold; }
mark.hl.sev-critical { background: rgba(198, 40, 40, .22); border-color: var(--critical); }
mark.hl.sev-major { background: rgba(230, 81, 0, .2); border-color: var(--major); }
mark.hl.sev-minor { background: rgba(249, 168, 37, .25); border-color: var(--minor); }
mark.hl.sev-neutral { background: rgba(120, 144, 156, .18); border-color: var(--neutral); }
mark.hl.off { background: none; border-color: transparent; cursor: auto; }
mark.hl:focus { outline: 2px solid var(--accent); }
@media (max-width: 60rem) {
  body { padding: .5rem; }
  .cols, .cols.bitext { grid-template-columns: minmax(0, 1fr); }
  .side { border-right: none; border-bottom: 1px solid var(--line); }
  ol.findings { position: static; max-height: none; }
}
"""

# The page's only script: filters by check and severity, and moving from finding to finding (a click
# on a finding, j/n and k/p on the keyboard, Tab through the highlights). Each step is linear in the
# number of findings: indexes are built once, at load.
JS = """
(function () {
  'use strict';
  var order = ['neutral', 'minor', 'major', 'critical'];
  var items = Array.prototype.slice.call(document.querySelectorAll('li.finding'));
  var marks = Array.prototype.slice.call(document.querySelectorAll('mark.hl'));
  var units = Array.prototype.slice.call(document.querySelectorAll('.unit'));
  var byId = {}, marksOf = {}, current = [];
  items.forEach(function (li) { byId[li.dataset.f] = li; });
  marks.forEach(function (m) {
    m.dataset.f.split(' ').forEach(function (id) { (marksOf[id] = marksOf[id] || []).push(m); });
  });
  function shown(id) { return byId[id] !== undefined && !byId[id].hidden; }
  function apply() {
    var checks = {}, sevs = {}, count = 0;
    document.querySelectorAll('input[data-filter=check]').forEach(function (b) { checks[b.value] = b.checked; });
    document.querySelectorAll('input[data-filter=sev]').forEach(function (b) { sevs[b.value] = b.checked; });
    items.forEach(function (li) {
      li.hidden = !(checks[li.dataset.check] && sevs[li.dataset.sev]);
      if (!li.hidden) { count++; }
    });
    marks.forEach(function (m) {
      var best = -1;
      m.dataset.f.split(' ').forEach(function (id) {
        if (shown(id)) { best = Math.max(best, order.indexOf(byId[id].dataset.sev)); }
      });
      order.forEach(function (s) { m.classList.remove('sev-' + s); });
      m.classList.toggle('off', best < 0);
      if (best >= 0) { m.classList.add('sev-' + order[best]); }
      m.tabIndex = best < 0 ? -1 : 0;
    });
    units.forEach(function (u) { u.hidden = !u.querySelector('li.finding:not([hidden])'); });
    document.getElementById('shown').textContent = String(count);
  }
  function highlight(lis) {
    current.forEach(function (li) { li.classList.remove('current'); li.removeAttribute('aria-current'); });
    current = lis;
    lis.forEach(function (li) { li.classList.add('current'); li.setAttribute('aria-current', 'true'); });
    if (lis.length) { lis[0].scrollIntoView({block: 'nearest'}); }
  }
  function go(li) {
    var m = (marksOf[li.dataset.f] || []).filter(function (x) { return !x.classList.contains('off'); })[0];
    if (m) { m.scrollIntoView({block: 'center'}); m.focus({preventScroll: true}); }
    highlight([li]);
  }
  marks.forEach(function (m) {
    m.addEventListener('focus', function () {
      highlight(m.dataset.f.split(' ').filter(shown).map(function (id) { return byId[id]; }));
    });
  });
  items.forEach(function (li) { li.addEventListener('click', function () { go(li); }); });
  document.addEventListener('keydown', function (ev) {
    var step = {j: 1, n: 1, k: -1, p: -1}[ev.key];
    if (!step || ev.altKey || ev.ctrlKey || ev.metaKey) { return; }
    var visible = items.filter(function (li) { return !li.hidden; });
    if (!visible.length) { return; }
    var at = visible.indexOf(step > 0 ? current[current.length - 1] : current[0]);
    var next = at < 0 ? (step > 0 ? 0 : visible.length - 1) : Math.min(Math.max(at + step, 0), visible.length - 1);
    ev.preventDefault();
    go(visible[next]);
  });
  document.querySelectorAll('input[data-filter]').forEach(function (b) { b.addEventListener('change', apply); });
  document.getElementById('all').addEventListener('click', function () {
    document.querySelectorAll('input[data-filter]').forEach(function (b) { b.checked = true; });
    apply();
  });
  apply();
})();
"""
