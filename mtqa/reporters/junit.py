"""`junit`: JUnit XML for CI test tabs: a test suite per file, a test case per unit (or per plain-text
file), failing when the unit has findings at or above `--fail-on`; findings below it go to system-out.

A suite's counts are attributes of its opening tag and late (document-level) findings join earlier
cases, so each file's suite is kept until the file ends; it is then written to a spooled temporary file
(memory up to SPOOL_BYTES, disk beyond) and dropped, and the whole document is written at the end.
"""

from __future__ import annotations

import shutil
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import IO, Any

from mtqa.model import FileReport, Finding, Report, Unit
from mtqa.reporters.base import Reporter
from mtqa.reporters.locations import display_path
from mtqa.util import patterns

SPOOL_BYTES = 8 << 20
# Characters XML 1.0 cannot carry, even escaped, and the C1 controls it only discourages (a terminal
# showing the report would act on them).
_NOT_XML = patterns.compile(r"[^\x09\x0A\x0D\x20-\x7E\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")


def _xml(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _describe(finding: Finding) -> str:
    text = f"{finding.line}:{finding.column} {finding.code} {finding.check} {finding.severity.value}: {finding.message}"
    if finding.text:
        text += f" [{finding.text!r}]"
    if finding.suggestion is not None:
        text += f" suggestion: {finding.suggestion!r}"
    return text


@dataclass
class _Case:
    name: str
    line: int
    findings: list[Finding] = field(default_factory=list)


@dataclass
class _Suite:
    path: str
    properties: dict[str, Any]
    cases: dict[tuple[Any, ...], _Case] = field(default_factory=dict)


class JunitReporter(Reporter):
    name = "junit"
    description = "JUnit XML: a test case per unit (or plain-text file), failing at or above --fail-on"
    needs_all_findings = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.suites: list[_Suite] = []  # the file being scanned (finished suites are spooled)
        self._spool: IO[str] | None = None
        self._tests = self._failures = 0

    def start_file(self, path: str, source_lang: str | None, target_lang: str | None) -> None:
        self.suites = [_Suite(path, {"source_lang": source_lang or "", "target_lang": target_lang or ""})]

    def unit(self, path: str, unit: Unit | None, findings: list[Finding]) -> None:
        suite = self.suites[-1]
        if unit is None:
            key: tuple[Any, ...] = ("file",)
            name, line = display_path(path), 1
        else:
            key = (unit.id, unit.line, unit.offset)
            if unit.id is not None:
                name = f"unit {unit.id}"
            elif unit.offset == 0:
                name = display_path(path)
            else:
                name = f"{display_path(path)} from line {unit.line}"
            line = unit.line
        case = suite.cases.get(key)
        if case is None:
            case = suite.cases[key] = _Case(name, line)
        case.findings.extend(findings)

    def end_file(self, report: FileReport) -> None:
        suite = self.suites[-1]
        if not suite.cases:  # rendering a finished report: one case for the file
            self.unit(report.path, None, report.findings)
        suite.properties["units"] = str(report.units)
        for key, value in report.scores.items():
            suite.properties[f"score.{key}"] = str(value)
        element, failures = self._suite_element(suite, self.fail_on)
        self._spooled(element)
        self._tests += len(suite.cases)
        self._failures += failures
        self.suites = []

    def _spooled(self, element: ET.Element) -> None:
        ET.indent(element, level=1)
        element.tail = "\n"
        if self._spool is None:
            self._spool = tempfile.SpooledTemporaryFile(  # noqa: SIM115 - closed in end()
                SPOOL_BYTES, mode="w+", encoding="utf-8", errors="backslashreplace")
        self._spool.write("  " + ET.tostring(element, encoding="unicode"))

    @staticmethod
    def _suite_element(suite: _Suite, fail_on: Any) -> tuple[ET.Element, int]:
        path = display_path(suite.path)
        element = ET.Element("testsuite", name=_xml(path), errors="0", skipped="0", time="0")
        props = ET.SubElement(element, "properties")
        for key, value in suite.properties.items():
            ET.SubElement(props, "property", name=_xml(key), value=_xml(value))
        failures = 0
        for case in suite.cases.values():
            node = ET.SubElement(element, "testcase", classname=_xml(path), name=_xml(case.name),
                                 file=_xml(path), line=str(case.line), time="0")
            failing = [f for f in case.findings if f.severity >= fail_on]
            others = [f for f in case.findings if f.severity < fail_on]
            if failing:
                failures += 1
                first = failing[0]
                message = f"{len(failing)} finding(s) at or above {fail_on.value}: {first.check}: {first.message}"
                failure = ET.SubElement(node, "failure", message=_xml(message), type=_xml(first.code))
                failure.text = _xml("\n".join(_describe(f) for f in failing))
            if others:
                out = ET.SubElement(node, "system-out")
                out.text = _xml("\n".join(_describe(f) for f in others))
        element.set("tests", str(len(suite.cases)))
        element.set("failures", str(failures))
        return element, failures

    def end(self, report: Report) -> None:
        for failed in report.errors:  # a file that could not be read: an erroring test case of its own
            path = display_path(failed.path)
            element = ET.Element("testsuite", name=_xml(path), tests="1", failures="0", errors="1",
                                 skipped="0", time="0")
            node = ET.SubElement(element, "testcase", classname=_xml(path), name=_xml(path), file=_xml(path),
                                 time="0")
            ET.SubElement(node, "error", message=_xml(failed.error or ""), type="InputError")
            self._spooled(element)
            self._tests += 1
        root = ET.Element("testsuites", name="mtqa", tests=str(self._tests), failures=str(self._failures),
                          errors=str(len(report.errors)))
        self.out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        if self._spool is None:
            self.out.write(ET.tostring(root, encoding="unicode") + "\n")
            return
        opening = ET.tostring(root, encoding="unicode")  # <testsuites ... />
        self.out.write(opening[: -len(" />")] + ">\n")
        self._spool.seek(0)
        shutil.copyfileobj(self._spool, self.out)
        self._spool.close()
        self._spool = None
        self.out.write("</testsuites>\n")
