"""`junit`: JUnit XML for CI test tabs: a test suite per file, a test case per unit (or per plain-text
file), failing when the unit has findings at or above `--fail-on`; findings below it go to system-out."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any

import regex

from mtqa.model import FileReport, Finding, Report, Unit
from mtqa.reporters.base import Reporter
from mtqa.reporters.locations import display_path

# Characters XML 1.0 cannot carry, even escaped.
_NOT_XML = regex.compile(r"[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")


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
        self.suites: list[_Suite] = []

    def start_file(self, path: str, source_lang: str | None, target_lang: str | None) -> None:
        self.suites.append(_Suite(path, {"source_lang": source_lang or "", "target_lang": target_lang or ""}))

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

    def end(self, report: Report) -> None:
        fail_on = report.fail_on
        root = ET.Element("testsuites", name="mtqa")
        total_tests = total_failures = 0
        for suite in self.suites:
            path = display_path(suite.path)
            element = ET.SubElement(root, "testsuite", name=_xml(path), errors="0", skipped="0", time="0")
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
            total_tests += len(suite.cases)
            total_failures += failures
        for failed in report.errors:  # a file that could not be read: an erroring test case of its own
            path = display_path(failed.path)
            element = ET.SubElement(root, "testsuite", name=_xml(path), tests="1", failures="0", errors="1",
                                    skipped="0", time="0")
            node = ET.SubElement(element, "testcase", classname=_xml(path), name=_xml(path), file=_xml(path),
                                 time="0")
            ET.SubElement(node, "error", message=_xml(failed.error or ""), type="InputError")
            total_tests += 1
        root.set("tests", str(total_tests))
        root.set("failures", str(total_failures))
        root.set("errors", str(len(report.errors)))
        ET.indent(root)
        self.out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.out.write(ET.tostring(root, encoding="unicode"))
        self.out.write("\n")
