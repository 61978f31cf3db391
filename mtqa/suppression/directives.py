"""Suppressions written next to the text: one directive syntax, in unit notes and inline in plain text.

    mtqa: ignore[CODE, ...] reason        in a unit's notes (XLIFF <note>, PO comments): the whole unit
    mtqa: ignore-file[CODE, ...] reason   in a unit's notes: this unit and every later one in the file
    <!-- mtqa: ignore[CODE] reason -->    inline (plain text, Markdown): the next paragraph
    <!-- mtqa: ignore-file[CODE] -->      inline: the whole file (from the unit it is in onwards)

CODE is a check code, a code prefix or a check name, as in `--ignore`; without brackets every check is
ignored. Findings inside a directive comment are never reported. A directive that suppresses nothing in
a run where all the checks it names ran, one that names no known check, and a malformed inline
directive are reported as findings of `unused-suppression` (SUP001, minor), so they show up in every
output format, fail a run only at `--fail-on minor`, and can be baselined like any other finding.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from mtqa.checks.base import Check
from mtqa.checks.registry import all_checks
from mtqa.model import Finding, Severity, Unit
from mtqa.util import patterns

UNUSED_CODE = "SUP001"
UNUSED_NAME = "unused-suppression"
UNUSED_CATEGORY = "other/unused-suppression"
UNUSED_DOC = """A suppression directive that suppressed nothing.

Flags: an `mtqa: ignore[...]` directive (in unit notes or an inline `<!-- mtqa: ... -->` comment) that
matched no finding in a run where every check it names ran; one that names no known check; and an inline
`<!-- mtqa: ... -->` comment that is not a directive mtqa understands.
Why: stale suppressions hide the next real problem at that place, and a misspelt one silently does nothing.
Example: `<!-- mtqa: ignore[repeated-word] -->` before a paragraph without a repeated word.
Instead: delete the directive, or fix the check name it gives.
"""

_BODY = r"mtqa:\s*(?P<kind>ignore-file|ignore)\b(?:\s*\[(?P<codes>[^\]]*)\])?(?P<reason>.*?)"
_NOTE = patterns.compile(_BODY + r"\s*$", regex.IGNORECASE | regex.MULTILINE)
_COMMENT = patterns.compile(r"<!--\s*mtqa:(?P<inner>.*?)-->", regex.IGNORECASE | regex.DOTALL)
_INLINE = patterns.compile(r"\s*" + _BODY + r"\s*$", regex.IGNORECASE | regex.DOTALL)
_PARAGRAPH_END = patterns.compile(r"\n[ \t]*\n")
_CODE_SEPARATORS = patterns.compile(r"[\s,]+")


def _token_matches(token: str, code: str, name: str) -> bool:
    token = token.lower()
    return token in ("all", name.lower()) or code.lower().startswith(token)


@dataclass
class Directive:
    scope: str  # "unit", "file" or "paragraph"
    codes: tuple[str, ...]  # empty: every check
    reason: str
    unit: Unit
    # Absolute offsets: the directive itself (inline only) and the text it covers (paragraph only).
    span: tuple[int, int] | None = None
    region: tuple[int, int] | None = None
    used: bool = False
    problem: str | None = None  # set for malformed directives

    def covers(self, finding: Finding) -> bool:
        if self.problem is not None:
            return False
        if self.region is not None and not self.region[0] <= finding.start < self.region[1]:
            return False
        return not self.codes or any(_token_matches(t, finding.code, finding.check) for t in self.codes)


def _codes(raw: str | None) -> tuple[str, ...]:
    if not raw:
        return ()
    return tuple(part for part in _CODE_SEPARATORS.split(raw.strip()) if part)


def _paragraph_after(text: str, position: int) -> tuple[int, int] | None:
    """The paragraph that starts after `position`, skipping blank space and further directive comments."""
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        comment = _COMMENT.match(text, position)
        if comment is None:
            break
        position = comment.end()
    if position >= len(text):
        return None
    end = _PARAGRAPH_END.search(text, position)
    return position, end.start() if end else len(text)


def parse_unit(unit: Unit) -> list[Directive]:
    """Every directive of a unit: in its notes, then inline in its text."""
    found: list[Directive] = []
    for note in unit.notes:
        for match in _NOTE.finditer(note):
            scope = "file" if match["kind"].lower() == "ignore-file" else "unit"
            found.append(Directive(scope, _codes(match["codes"]), match["reason"].strip(), unit))
    text = unit.target
    if "mtqa:" not in text.lower():
        return found
    for comment in _COMMENT.finditer(text):
        span = (unit.offset + comment.start(), unit.offset + comment.end())
        inner = _INLINE.fullmatch("mtqa:" + comment["inner"])
        if inner is None:
            found.append(Directive("paragraph", (), "", unit, span=span,
                                   problem="is not a directive mtqa understands "
                                           "(expected 'mtqa: ignore[CODE] reason' or 'mtqa: ignore-file[CODE]')"))
            continue
        codes, reason = _codes(inner["codes"]), inner["reason"].strip()
        if inner["kind"].lower() == "ignore-file":
            found.append(Directive("file", codes, reason, unit, span=span))
        else:
            local = _paragraph_after(text, comment.end())
            region = (unit.offset + local[0], unit.offset + local[1]) if local else (span[1], span[1])
            found.append(Directive("paragraph", codes, reason, unit, span=span, region=region))
    return found


@dataclass
class SuppressionFilter:
    """The suppression stage of a scan (see `mtqa.run.runner.FindingFilter`)."""

    report_unused: bool = True
    _file_directives: list[Directive] = field(default_factory=list)
    _all: list[Directive] = field(default_factory=list)
    _ran: list[type[Check]] = field(default_factory=list)
    _parsed: dict[int, list[Directive]] = field(default_factory=dict)

    def start_file(self, path: str, checker: object) -> None:
        self._file_directives = []
        self._all = []
        self._parsed = {}
        self._ran = list(getattr(checker, "check_classes", all_checks()))

    def unit(self, path: str, unit: Unit, findings: list[Finding]) -> list[Finding]:
        directives = self._directives_of(unit)
        if not directives and not self._file_directives:
            return findings
        spans = [d.span for d in directives if d.span is not None]
        kept = []
        for finding in findings:
            if finding.check == UNUSED_NAME:
                kept.append(finding)
                continue
            if any(s[0] <= finding.start < s[1] for s in spans):
                continue  # the directive's own words (a reason in another language, say) are not content
            covering = [d for d in (*self._file_directives, *directives) if d.covers(finding)]
            for directive in covering:
                directive.used = True
            if not covering:
                kept.append(finding)
        return kept

    def _directives_of(self, unit: Unit) -> list[Directive]:
        if not unit.notes and "mtqa:" not in unit.target.lower():
            return []
        # Late (document-level) findings come with a unit seen before: parse each unit once. A parsed
        # unit stays referenced by its directives, so its id is not reused while the file lasts.
        if id(unit) not in self._parsed:
            directives = parse_unit(unit)
            self._all.extend(directives)
            self._file_directives.extend(d for d in directives if d.scope == "file")
            self._parsed[id(unit)] = [d for d in directives if d.scope != "file"]
        return self._parsed[id(unit)]

    def end_file(self, path: str) -> list[tuple[Unit, Finding]]:
        if not self.report_unused:
            return []
        out = []
        for directive in self._all:
            message = self._unused_message(directive)
            if message is not None:
                out.append((directive.unit, self._finding(directive, message)))
        self._all = []
        self._file_directives = []
        self._parsed = {}
        return out

    def _unused_message(self, directive: Directive) -> str | None:
        if directive.problem is not None:
            return f"this comment {directive.problem}"
        registry = all_checks()
        unknown = [t for t in directive.codes
                   if not any(_token_matches(t, cls.code, cls.name) for cls in registry)]
        if unknown:
            return f"the suppression names no known check: {', '.join(unknown)} (see `mtqa rules`)"
        if directive.used:
            return None
        if directive.codes and not all(any(_token_matches(t, cls.code, cls.name) for cls in self._ran)
                                       for t in directive.codes):
            return None  # a check it names did not run: it may still be needed
        what = ", ".join(directive.codes) if directive.codes else "every check"
        return f"unused suppression: no finding of {what} here to ignore"

    def _finding(self, directive: Directive, message: str) -> Finding:
        unit = directive.unit
        start, end = directive.span if directive.span else (unit.offset, unit.offset)
        line, column = unit.line_column(start - unit.offset)
        return Finding(
            code=UNUSED_CODE, check=UNUSED_NAME, category=UNUSED_CATEGORY, severity=Severity.MINOR,
            start=start, end=end, line=line, column=column, unit=unit.id,
            text=unit.target[start - unit.offset : end - unit.offset], message=message,
        )

