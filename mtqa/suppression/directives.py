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

import bisect
from dataclasses import dataclass, field
from typing import Any

import regex

from mtqa.checks.base import Check
from mtqa.checks.registry import all_checks, ignored, token_matches
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
        """Whether this directive alone suppresses `finding` (the filter uses an index instead)."""
        if self.problem is not None:
            return False
        if self.region is not None and not self.region[0] <= finding.start < self.region[1]:
            return False
        return not self.codes or any(token_matches(t, finding.code, finding.check) for t in self.codes)


def _codes(raw: str | None) -> tuple[str, ...]:
    if not raw:
        return ()
    return tuple(part for part in _CODE_SEPARATORS.split(raw.strip()) if part)


_EMPTY_LIST = ("names no check: write ignore[CODE, ...], or no brackets at all to ignore every check")
# Inline directives honoured per unit; a unit with more is hostile or generated, and the rest are reported.
MAX_INLINE_DIRECTIVES = 100


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position].isspace():
        position += 1
    return position


def _regions(text: str, comments: list[regex.Match[str]]) -> list[tuple[int, int] | None]:
    """For each directive comment, the paragraph it governs: the one that starts after it, skipping blank
    space and the directive comments that directly follow it. One pass from the last comment back, and
    paragraph ends found once, so that thousands of comments cost no more than thousands of words."""
    ends = [m.start() for m in _PARAGRAPH_END.finditer(text)]
    out: list[tuple[int, int] | None] = [None] * len(comments)
    following: tuple[int, int] | None = None
    for index in range(len(comments) - 1, -1, -1):
        position = _skip_space(text, comments[index].end())
        if index + 1 < len(comments) and position == comments[index + 1].start():
            out[index] = following  # the next comment follows directly: the same paragraph
            continue
        if position >= len(text):
            following = None
        else:
            after = bisect.bisect_left(ends, position)
            following = (position, ends[after] if after < len(ends) else len(text))
        out[index] = following
    return out


def parse_unit(unit: Unit) -> list[Directive]:
    """Every directive of a unit: in its notes, then inline in its text."""
    found: list[Directive] = []
    for note in unit.notes:
        for match in _NOTE.finditer(note):
            scope = "file" if match["kind"].lower() == "ignore-file" else "unit"
            found.append(_made(scope, match["codes"], match["reason"].strip(), unit))
    text = unit.target
    if "mtqa:" not in text.lower():
        return found
    # A comment opening after the last "-->" cannot close: leaving that tail out keeps the search linear.
    last_close = text.rfind("-->")
    comments = list(_COMMENT.finditer(text, 0, last_close + 3)) if last_close >= 0 else []
    for comment, local in zip(comments, _regions(text, comments), strict=True):
        span = (unit.offset + comment.start(), unit.offset + comment.end())
        inner = _INLINE.fullmatch("mtqa:" + comment["inner"])
        if inner is None:
            found.append(Directive("paragraph", (), "", unit, span=span,
                                   problem="is not a directive mtqa understands "
                                           "(expected 'mtqa: ignore[CODE] reason' or 'mtqa: ignore-file[CODE]')"))
            continue
        reason = inner["reason"].strip()
        if inner["kind"].lower() == "ignore-file":
            found.append(_made("file", inner["codes"], reason, unit, span=span))
        else:
            region = (unit.offset + local[0], unit.offset + local[1]) if local else (span[1], span[1])
            found.append(_made("paragraph", inner["codes"], reason, unit, span=span, region=region))
    inline = [d for d in found if d.span is not None and d.problem is None]
    for directive in inline[MAX_INLINE_DIRECTIVES:]:
        directive.problem = (f"is one of more than {MAX_INLINE_DIRECTIVES} suppression comments in one unit: "
                             "only the first ones are applied")
    return found


def _made(scope: str, raw_codes: str | None, reason: str, unit: Unit, **where: Any) -> Directive:
    directive = Directive(scope, _codes(raw_codes), reason, unit, **where)
    if raw_codes is not None and not directive.codes:  # ignore[] or ignore[ , ]: not "every check"
        directive.problem = _EMPTY_LIST
    return directive


class _Cover:
    """Directives by the tokens they name, so that whether a finding is covered costs a few dictionary
    look-ups however many directives there are. Covering marks the directives used."""

    def __init__(self) -> None:
        self._waiting: dict[str, list[Directive]] = {}  # token -> directives not yet marked used
        self._tokens: set[str] = set()

    def add(self, directive: Directive) -> None:
        for token in directive.codes or ("*",):
            key = token.lower()
            self._tokens.add(key)
            self._waiting.setdefault(key, []).append(directive)

    def covers(self, finding: Finding) -> bool:
        code = finding.code.lower()
        keys = ("*", "all", finding.check.lower(), *(code[:i] for i in range(1, len(code) + 1)))
        hit = False
        for key in keys:
            if key in self._tokens:
                hit = True
                for directive in self._waiting.pop(key, ()):
                    directive.used = True
        return hit


class _UnitCover:
    """The directives of one unit: those from its notes cover all of it, inline ones their paragraph.
    Paragraph regions either nest as suffixes of one paragraph or are disjoint, so the regions holding a
    position are those ending at the first region end after it."""

    def __init__(self, directives: list[Directive]) -> None:
        self.whole = _Cover()
        self.spans = sorted(d.span for d in directives if d.span is not None)
        by_region: dict[tuple[int, int], _Cover] = {}
        for directive in directives:
            if directive.problem is not None or directive.scope == "file":  # file ones: in the file's cover
                continue
            if directive.region is None:
                self.whole.add(directive)
            elif directive.region[0] < directive.region[1]:
                by_region.setdefault(directive.region, _Cover()).add(directive)
        grouped: dict[int, list[tuple[int, _Cover]]] = {}
        for (start, end), cover in by_region.items():
            grouped.setdefault(end, []).append((start, cover))
        self.ends = sorted(grouped)
        self.groups = [sorted(grouped[end], key=lambda item: item[0]) for end in self.ends]

    def in_directive(self, position: int) -> bool:
        index = bisect.bisect_right(self.spans, (position, float("inf"))) - 1
        return index >= 0 and self.spans[index][0] <= position < self.spans[index][1]

    def covers(self, finding: Finding) -> bool:
        hit = self.whole.covers(finding)
        index = bisect.bisect_right(self.ends, finding.start)
        if index < len(self.ends):
            for start, cover in self.groups[index]:
                if start > finding.start:
                    break
                hit = cover.covers(finding) or hit
        return hit


@dataclass
class SuppressionFilter:
    """The suppression stage of a scan (see `mtqa.run.runner.FindingFilter`)."""

    report_unused: bool = True
    _files: _Cover = field(default_factory=_Cover)
    _any_file_directive: bool = False
    _all: list[Directive] = field(default_factory=list)
    _ran: list[type[Check]] = field(default_factory=list)
    _parsed: dict[int, _UnitCover | None] = field(default_factory=dict)
    _unused_wanted: bool = True

    def start_file(self, path: str, checker: object) -> None:
        self._files = _Cover()
        self._any_file_directive = False
        self._all = []
        self._parsed = {}
        self._ran = list(getattr(checker, "check_classes", all_checks()))
        config = getattr(checker, "config", None)
        self._unused_wanted = self.report_unused and not ignored(UNUSED_CODE, UNUSED_NAME,
                                                                 getattr(config, "ignore", None))

    def unit(self, path: str, unit: Unit, findings: list[Finding]) -> list[Finding]:
        cover = self._cover_of(unit)
        if cover is None and not self._any_file_directive:
            return findings
        kept = []
        for finding in findings:
            if finding.check == UNUSED_NAME:
                kept.append(finding)
                continue
            if cover is not None and cover.in_directive(finding.start):
                continue  # the directive's own words (a reason in another language, say) are not content
            by_file = self._any_file_directive and self._files.covers(finding)
            by_unit = cover is not None and cover.covers(finding)
            if not (by_file or by_unit):
                kept.append(finding)
        return kept

    def _cover_of(self, unit: Unit) -> _UnitCover | None:
        if not unit.notes and "mtqa:" not in unit.target.lower():
            return None
        # Late (document-level) findings come with a unit seen before: parse each unit once. A parsed
        # unit stays referenced by its directives, so its id is not reused while the file lasts.
        if id(unit) not in self._parsed:
            directives = parse_unit(unit)
            self._all.extend(directives)
            for directive in directives:
                if directive.scope == "file" and directive.problem is None:
                    self._files.add(directive)
                    self._any_file_directive = True
            local = [d for d in directives if d.scope != "file" or d.span is not None]
            self._parsed[id(unit)] = _UnitCover(local) if local else None
        return self._parsed[id(unit)]

    def end_file(self, path: str) -> list[tuple[Unit, Finding]]:
        out = []
        if self._unused_wanted:
            for directive in self._all:
                message = self._unused_message(directive)
                if message is not None:
                    out.append((directive.unit, self._finding(directive, message)))
        self._all = []
        self._files = _Cover()
        self._any_file_directive = False
        self._parsed = {}
        return out
    def _unused_message(self, directive: Directive) -> str | None:
        if directive.problem is not None:
            return f"this comment {directive.problem}"
        registry = all_checks()
        unknown = [t for t in directive.codes
                   if not any(token_matches(t, cls.code, cls.name) for cls in registry)]
        if unknown:
            return f"the suppression names no known check: {', '.join(unknown)} (see `mtqa rules`)"
        if directive.used:
            return None
        if directive.codes and not all(any(token_matches(t, cls.code, cls.name) for cls in self._ran)
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

