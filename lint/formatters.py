"""Formatters: pure functions from a report to the text printed on stdout."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING
from urllib.parse import quote

from lint import __version__
from lint.model import FileError, FileFix, Finding, Severity

if TYPE_CHECKING:
    from lint.model import Report

JSON_VERSION = 1

_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_RESET = "\033[0m"
#: Each severity's label, plain and coloured (looked up once per finding, not built).
_LABELS = {s: s.label for s in Severity}
_COLOURED = {s: f"{_COLOURS[s]}{s.label}{_RESET}" for s in Severity}


def finding_line(f: Finding, colour: bool = False) -> str:
    """``path:line:col: severity [rule] message (suggestion: X)``; line and column are 1-based.

    A finding in a record reads ``path:record:line:col``, counting within that record's text.
    """
    label = (_COLOURED if colour else _LABELS)[f.severity]
    where = f.path if f.record is None else f"{f.path}:{f.record}"
    text = f"{where}:{f.location.line}:{f.location.column}: {label} [{f.rule}] {f.message}"
    if f.suggestions:
        text += f" (suggestion: {f.suggestions[0]})"
    return text


def summary(report: Report) -> str:
    """One closing line: counts by severity, files checked, and whether anything went unchecked."""
    counts: Counter[Severity] = Counter()
    for (_, severity), n in report.counts().items():
        counts[severity] += n
    total = sum(counts.values())
    parts = ", ".join(f"{counts[s]} {s.label}" for s in sorted(Severity, reverse=True) if counts[s])
    files = f"{report.files_checked} {report.unit}{'s' if report.files_checked != 1 else ''}"
    line = f"Found {total} finding{'s' if total != 1 else ''} ({parts}) in {files}." if total else f"No findings in {files}."
    errors = [e for e in report.errors if not e.is_note]
    if errors:
        line += f" Not everything was checked: {len(errors)} error{'s' if len(errors) != 1 else ''} (see above)."
    return line


class Stream:
    """A format written batch by batch, as a run streams: ``batch`` is called with each batch's
    report, ``end`` once with the whole run's report. Both return text for stdout.

    A whole-report formatter is ``batch(report) + end(report)`` (see ``render``): one
    implementation serves streaming and whole reports alike.
    """

    def __init__(self, colour: bool = False, quiet: bool = False) -> None:
        self.colour = colour
        self.quiet = quiet

    #: What stands between two findings' texts (``item``) in a batch.
    separator = ""

    def item(self, f: Finding) -> str:
        """The text of one finding, the same whatever comes before or after it."""
        return ""

    def chunk(self, findings: list[Finding]) -> str:
        """The text of several findings in a row (worker processes format each file's findings
        with it; see ``Report.rendered``)."""
        return self.separator.join(map(self.item, findings))

    def items(self, report: Report) -> list[str]:
        """The texts of ``report``'s findings, in order, to be joined by ``separator``: one per
        finding, or one per file with findings when worker processes formatted them."""
        if report.rendered is not None:
            return report.rendered
        return [self.item(f) for f in report.findings]

    def batch(self, report: Report) -> str:
        return ""

    def end(self, total: Report) -> str:
        return ""


class TextStream(Stream):
    """One line per finding as it comes; the summary (unless ``quiet``) at the end."""

    def item(self, f: Finding) -> str:
        return finding_line(f, self.colour) + "\n"

    def batch(self, report: Report) -> str:
        return "".join(self.items(report))

    def end(self, total: Report) -> str:
        return "" if self.quiet else summary(total) + "\n"


def render(stream: Stream, report: Report) -> str:
    """The whole report in ``stream``'s format."""
    return stream.batch(report) + stream.end(report)


def format_text(report: Report, colour: bool = False, quiet: bool = False) -> str:
    """One line per finding, then (unless ``quiet``) the summary."""
    return render(TextStream(colour, quiet), report)


def finding_dict(f: Finding) -> dict[str, object]:
    """The JSON contract of one finding (see README, 'JSON output'); ``record`` only for records."""
    loc = f.location
    record = {} if f.record is None else {"record": f.record}
    return {
        "path": f.path,
        **record,
        "line": loc.line,
        "column": loc.column,
        "end_line": loc.end_line,
        "end_column": loc.end_column,
        "rule": f.rule,
        "severity": f.severity.label,
        "message": f.message,
        "suggestions": list(f.suggestions),
        "source": f.source,
        "other_rules": [m.rule for m in f.merged],
    }


def fix_dict(fix: FileFix) -> dict[str, object]:
    """The JSON contract of one fixed file (--fix): every edit, located in the file as read."""
    return {
        "path": fix.path,
        "written": fix.written,
        "applied": [{"rule": a.rule, "line": a.location.line, "column": a.location.column,
                     "end_line": a.location.end_line, "end_column": a.location.end_column,
                     "replacement": a.replacement, "pass": a.fix_pass} for a in fix.applied],
    }


_JSON_STRING = json.encoder.encode_basestring  # ensure_ascii=False, in C when available


def indented_json(value: object, newline: str = "\n") -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)`` with every newline followed by the
    indent in ``newline`` too, byte for byte, for dicts with string keys and lists of strings,
    ints, bools and None (anything else goes to ``json.dumps``). json.dumps with an indent runs
    its pure-Python encoder, about 40 µs a finding; this writes the same text in a few."""
    if isinstance(value, str):
        return _JSON_STRING(value)
    if value is None or value is True or value is False:
        return _JSON_CONSTANTS[value]
    if type(value) is int:
        return int.__repr__(value)
    inner = newline + "  "
    if isinstance(value, list):
        if not value:
            return "[]"
        return "[" + inner + ("," + inner).join(indented_json(v, inner) for v in value) + newline + "]"
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        if not value:
            return "{}"
        items = (f"{_JSON_STRING(k)}: {indented_json(v, inner)}" for k, v in value.items())
        return "{" + inner + ("," + inner).join(items) + newline + "}"
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", newline)


_JSON_CONSTANTS = {None: "null", True: "true", False: "false"}


def finding_json(f: Finding, newline: str = "\n") -> str:
    """``indented_json(finding_dict(f), newline)``, written in one go: the JSON formatter writes
    one per finding, and a run can have hundreds of thousands (a test holds the two equal)."""
    i, s, loc = newline + "  ", _JSON_STRING, f.location
    record = "" if f.record is None else f"{i}\"record\": {s(f.record)},"
    merged = _string_list([m.rule for m in f.merged], i) if f.merged else "[]"
    return (f"{{{i}\"path\": {s(f.path)},{record}{i}\"line\": {int(loc.line)},{i}\"column\": {int(loc.column)},"
            f"{i}\"end_line\": {int(loc.end_line)},{i}\"end_column\": {int(loc.end_column)},{i}\"rule\": {s(f.rule)},"
            f"{i}\"severity\": {_SEVERITY_JSON[f.severity]},{i}\"message\": {s(f.message)},"
            f"{i}\"suggestions\": {_string_list(f.suggestions, i)},{i}\"source\": {s(f.source)},"
            f"{i}\"other_rules\": {merged}{newline}}}")


#: Each severity's label as a JSON string (an enum's ``name`` is slow to reach, once per finding).
_SEVERITY_JSON = {severity: _JSON_STRING(severity.label) for severity in Severity}


def _string_list(items: Sequence[str], newline: str) -> str:
    """A list of strings as ``indented_json`` writes it."""
    if not items:
        return "[]"
    inner = newline + "  "
    return "[" + inner + ("," + inner).join(map(_JSON_STRING, items)) + newline + "]"


class JsonStream(Stream):
    """The JSON document, with findings written as batches come and the totals at the end."""

    def __init__(self, colour: bool = False, quiet: bool = False) -> None:
        super().__init__(colour, quiet)
        self._started = False
        self._written = False  # whether a finding's text was written (then a separator goes first)

    def _head(self) -> str:
        """The document's opening, once."""
        if self._started:
            return ""
        self._started = True
        return f'{{\n  "version": {JSON_VERSION},\n  "findings": ['

    separator = ","

    def item(self, f: Finding) -> str:
        return "\n    " + finding_json(f, "\n    ")

    def batch(self, report: Report) -> str:
        head, items = self._head(), self.items(report)
        if not items:
            return head
        sep = self.separator
        first = sep if self._written else ""  # between the last batch's last finding and this one's first
        self._written = True
        return head + first + sep.join(items)

    def end(self, total: Report) -> str:
        head = self._head()
        fixes = {"fixes": [fix_dict(f) for f in total.fixes]} if total.fixes else {}
        tail = json.dumps({
            "files_checked": total.files_checked,
            "errors": [{"path": e.path, "message": e.message} for e in _file_errors(total)],
            "engine_errors": [{"engine": e.path, "message": e.message} for e in _engine_errors(total)],
            **fixes,
        }, ensure_ascii=False, indent=2)
        return head + ("\n  ]," if self._written else "],") + tail[1:] + "\n"


def format_json(report: Report, colour: bool = False, quiet: bool = False) -> str:
    """The JSON contract (see README, 'JSON output')."""
    return render(JsonStream(colour, quiet), report)


def format_statistics(report: Report) -> str:
    """Counts per rule, most frequent first."""
    counts: Counter[str] = Counter()
    for (rule, _), n in report.counts().items():
        counts[rule] += n
    width = max((len(r) for r in counts), default=0)
    return "".join(f"{n:6d}  {rule:<{width}}\n" for rule, n in counts.most_common())


def _file_errors(report: Report) -> list[FileError]:
    """Errors of paths that change the exit code; notes such as 'binary file skipped' are left out."""
    return [e for e in report.errors if e.status == 2]


def _engine_errors(report: Report) -> list[FileError]:
    """Engines that could not check everything (``path`` names the engine)."""
    return [e for e in report.errors if e.status == 3]


def format_diff(report: Report) -> bytes:
    """--diff: a byte-level unified diff of every file the fixes would change, in each file's
    own encoding and newlines, so that ``git apply`` and ``patch -p1`` apply it."""
    from lint.fix import unified_diff
    from lint.reading import encode

    return b"".join(
        unified_diff(fix.path, encode(fix.before, fix.encoding, fix.bom), encode(fix.after, fix.encoding, fix.bom))
        for fix in report.fixes
    )


# --- GitHub Actions workflow commands ---------------------------------------------------------
# Escaping as done by the Actions toolkit (@actions/core, command.ts): data escapes %, CR and LF;
# property values also escape ':' and ','.

_GITHUB_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def _gh_command(level: str, properties: dict[str, object], message: str) -> str:
    props = ",".join(f"{key}={_gh_property(str(value))}" for key, value in properties.items())
    return f"::{level} {props}::{_gh_data(message)}" if props else f"::{level}::{_gh_data(message)}"


class GithubStream(Stream):
    """One GitHub Actions annotation per finding, then one per error, batch by batch.

    ``line``/``col`` are 1-based; columns count code points; ``endColumn`` is exclusive, as in
    ``Location``. GitHub shows columns only when ``line == endLine``.
    """

    def item(self, f: Finding) -> str:
        loc = f.location
        title = f.rule if f.record is None else f"{f.rule} (record {f.record})"
        props = {"file": f.path, "line": loc.line, "col": loc.column, "endLine": loc.end_line,
                 "endColumn": loc.end_column, "title": title}
        message = f.message + (f" (suggestion: {f.suggestions[0]})" if f.suggestions else "")
        return _gh_command(_GITHUB_LEVELS[f.severity], props, message) + "\n"

    def batch(self, report: Report) -> str:
        lines = [_gh_command("error", {"file": e.path}, e.message) for e in _file_errors(report)]
        lines.extend(_gh_command("error", {"title": e.path}, e.message) for e in _engine_errors(report))
        return "".join(self.items(report)) + "".join(line + "\n" for line in lines)


def format_github(report: Report, colour: bool = False, quiet: bool = False) -> str:
    return render(GithubStream(colour, quiet), report)


# --- SARIF 2.1.0 -----------------------------------------------------------------------------
# Spec: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_DRIVE = re.compile(r"^[A-Za-z]:/")


def sarif_uri(path: str) -> str:
    """A relative or absolute path as a URI reference: forward slashes, reserved characters escaped."""
    path = path.replace("\\", "/")
    if _DRIVE.match(path):  # C:/x would read as scheme 'c:'
        return "file:///" + path[:2] + quote(path[2:], safe="/")
    return quote(path, safe="/")


def _sarif_region(f: Finding) -> dict[str, object]:
    """1-based lines and columns in code points (the run's columnKind); endColumn is exclusive."""
    loc = f.location
    return {"startLine": loc.line, "startColumn": loc.column, "endLine": loc.end_line, "endColumn": loc.end_column}


def _sarif_rules(findings: list[Finding], descriptions: Mapping[str, str]) -> list[dict[str, object]]:
    """One descriptor per rule id that appears, in order of first appearance.

    The description comes from the YAML rule; LanguageTool rules and undocumented rules fall back to
    the message of their first finding.
    """
    first: dict[str, Finding] = {}
    for f in findings:
        first.setdefault(f.rule, f)
    return [
        {"id": rule, "shortDescription": {"text": descriptions.get(rule) or f.message},
         "defaultConfiguration": {"level": _SARIF_LEVELS[f.severity]}}
        for rule, f in first.items()
    ]


def _sarif_fix(f: Finding) -> dict[str, object]:
    replacement = f.suggestions[0]
    return {
        "description": {"text": f"Replace with '{replacement}'."},
        "artifactChanges": [{
            "artifactLocation": {"uri": sarif_uri(f.path)},
            "replacements": [{"deletedRegion": _sarif_region(f), "insertedContent": {"text": replacement}}],
        }],
    }


def _sarif_result(f: Finding, rule_index: int) -> dict[str, object]:
    region = _sarif_region(f)
    if f.match:
        region["snippet"] = {"text": f.match}
    result: dict[str, object] = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": _SARIF_LEVELS[f.severity],
        "message": {"text": f.message},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": sarif_uri(f.path)}, "region": region}}],
    }
    if f.record is not None:
        result["properties"] = {"record": f.record}
    if f.safe_fix and f.fixable and f.suggestions:
        result["fixes"] = [_sarif_fix(f)]
    return result


def _sarif_invocation(report: Report) -> dict[str, object]:
    notifications: list[dict[str, object]] = [
        {"level": "error", "message": {"text": e.message},
         "locations": [{"physicalLocation": {"artifactLocation": {"uri": sarif_uri(e.path)}}}]}
        for e in _file_errors(report)
    ]
    notifications.extend(
        {"level": "error", "message": {"text": f"{e.path}: {e.message}"}} for e in _engine_errors(report)
    )
    invocation: dict[str, object] = {"executionSuccessful": not notifications}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return invocation


def format_sarif(report: Report, colour: bool = False, quiet: bool = False, rule_descriptions: Mapping[str, str] | None = None) -> str:
    """A SARIF 2.1.0 log with one run; ``rule_descriptions`` defaults to those of the rules that ran."""
    descriptions = report.descriptions if rule_descriptions is None else rule_descriptions
    rules = _sarif_rules(report.findings, descriptions)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    run = {
        "tool": {"driver": {"name": "typolint", "version": __version__, "rules": rules}},
        "invocations": [_sarif_invocation(report)],
        "columnKind": "unicodeCodePoints",
        "results": [_sarif_result(f, index[f.rule]) for f in report.findings],
    }
    doc = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


# --- JUnit XML -------------------------------------------------------------------------------

# XML 1.0 cannot carry these even as character references.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return _XML_INVALID.sub("\ufffd", text)


def _junit_counts(findings: list[Finding]) -> str:
    counts = Counter(f.severity for f in findings)
    parts = ", ".join(f"{counts[s]} {s.label}" for s in sorted(Severity, reverse=True) if counts[s])
    return f"{len(findings)} finding{'s' if len(findings) != 1 else ''} ({parts})"


def format_junit(report: Report, colour: bool = False, quiet: bool = False) -> str:
    """JUnit XML: one testsuite, one testcase per file with findings (a failure) or errors (an error).

    Files without findings are known only by count, so ``tests`` is ``files_checked`` (or the number
    of testcases, when files that could not be read make that larger).
    """
    by_path: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_path.setdefault(f.path, []).append(f)
    errors: dict[str, list[FileError]] = {}
    for e in _file_errors(report):
        errors.setdefault(e.path, []).append(e)
    paths = list(dict.fromkeys([*by_path, *errors]))
    import xml.etree.ElementTree as ET  # only for JUnit (2 ms of imports a run otherwise)

    root = ET.Element("testsuites", name="typolint")
    suite = ET.SubElement(root, "testsuite", name="typolint")
    for path in paths:
        case = ET.SubElement(suite, "testcase", classname="typolint", name=_xml_text(path))
        if path in by_path:
            failure = ET.SubElement(case, "failure", message=_xml_text(_junit_counts(by_path[path])), type="typolint")
            failure.text = _xml_text("\n".join(finding_line(f) for f in by_path[path]))
        for e in errors.get(path, []):
            ET.SubElement(case, "error", message=_xml_text(e.message), type="file")
    if _engine_errors(report):
        ET.SubElement(suite, "system-err").text = _xml_text(
            "\n".join(f"{e.path}: {e.message}" for e in _engine_errors(report))
        )
    counts = {"tests": max(report.files_checked, len(paths)), "failures": len(by_path), "errors": len(errors)}
    for element in (root, suite):
        element.attrib.update({key: str(value) for key, value in counts.items()})
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


class WholeStream(Stream):
    """Formats that need the whole run (SARIF, JUnit): everything is written at the end."""

    format: Callable[..., str]

    def end(self, total: Report) -> str:
        return type(self).format(total)


class SarifStream(WholeStream):
    format = staticmethod(lambda report: format_sarif(report))


class JunitStream(WholeStream):
    format = staticmethod(lambda report: format_junit(report))


#: Format name -> its stream, for the command line.
STREAMS: dict[str, type[Stream]] = {
    "text": TextStream,
    "json": JsonStream,
    "github": GithubStream,
    "sarif": SarifStream,
    "junit": JunitStream,
}

FORMATTERS: dict[str, Callable[..., str]] = {
    "text": format_text,
    "json": format_json,
    "github": format_github,
    "sarif": format_sarif,
    "junit": format_junit,
}
