"""Text edits behind the code actions: inline suppressions per format, vocabulary file updates."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from lint.lsp.positions import PositionMap

#: A finding whose match is one word may be added to the vocabulary.
_WORD = re.compile(r"^\w[\w'’.-]*$")
_FRONT_MATTER = re.compile(r"\A(---|\+\+\+)[ \t]*\r?\n.*?^\1[ \t]*(\r?\n|\Z)", re.S | re.M)
_DOCTYPE = re.compile(r"\A\s*<!doctype[^>]*>[ \t]*(\r?\n)?", re.I)


def is_word(match: str) -> bool:
    """True when ``match`` is one word (letters, digits, apostrophes, dots, hyphens)."""
    return bool(_WORD.match(match))


def _comment(fmt: str, body: str) -> str:
    """``body`` as a comment of ``fmt`` (plain text takes the directive as it is)."""
    if fmt in ("markdown", "html"):
        return f"<!-- {body} -->"
    if fmt == "rst":
        return f".. {body}"
    return body


def line_suppression(pm: PositionMap, fmt: str, line: int, rule: str) -> tuple[int, str] | None:
    """(code-point offset, text to insert) that silences ``rule`` on 0-based ``line``; None when
    the format has no comment that fits (reST inside a paragraph: a comment would split it)."""
    if fmt != "rst":
        return pm.line_end(line), " " + _comment(fmt, f"typolint: ignore[{rule}]")
    previous = pm.text[pm.line_start(line - 1) : pm.line_end(line - 1)] if line > 0 else ""
    if previous.strip():
        return None
    current = pm.text[pm.line_start(line) : pm.line_end(line)]
    indent = current[: len(current) - len(current.lstrip())]
    newline = "\r\n" if "\r\n" in pm.text else "\n"
    return pm.line_start(line), f"{indent}.. typolint: ignore-next-line[{rule}]{newline}"


def file_suppression(text: str, fmt: str, rule: str) -> tuple[int, str]:
    """(code-point offset, text to insert) that silences ``rule`` in the whole file: at the top,
    after Markdown front matter or an HTML doctype."""
    newline = "\r\n" if "\r\n" in text else "\n"
    directive = _comment(fmt, f"typolint: disable-file[{rule}]") + newline
    if fmt == "rst":
        directive += newline  # a comment block ends at a blank line
    at = 0
    match = _FRONT_MATTER.match(text) if fmt == "markdown" else _DOCTYPE.match(text) if fmt == "html" else None
    if match:
        at = match.end()
        if not match.group(match.lastindex or 0).endswith("\n"):
            directive = newline + directive
    return at, directive


DEFAULT_VOCABULARY = ".typolint-words.txt"


def vocabulary_file(folder: Path, config_path: Path | None, configured: tuple[Path, ...]) -> Path | None:
    """The vocabulary file to add words to: the first configured one; else a new
    ``.typolint-words.txt`` that this adds to ``.typolint.yaml`` (created when there is no
    configuration). None when the configuration cannot be extended safely (pyproject.toml, or
    an explicit empty ``vocabulary:``)."""
    if configured:
        return configured[0]
    if config_path is None:
        config_path = folder / ".typolint.yaml"
    elif config_path.suffix not in (".yaml", ".yml"):
        return None
    text = config_path.read_text(encoding="utf-8") if config_path.exists() else ""
    if re.search(r"^vocabulary\s*:", text, re.M):
        return None
    separator = "" if not text or text.endswith("\n") else "\n"
    write_atomic(config_path, f"{text}{separator}vocabulary: [{DEFAULT_VOCABULARY}]\n")
    return config_path.parent / DEFAULT_VOCABULARY


def add_to_vocabulary(path: Path, word: str) -> bool:
    """Append ``word`` to the vocabulary file ``path`` atomically (temporary file, then rename).

    Returns False when the word is already listed. Creates the file if it is missing.
    """
    try:
        before = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        before = ""
    listed = {line.split("#", 1)[0].strip() for line in before.splitlines()}
    if word in listed:
        return False
    write_atomic(path, before + ("" if not before or before.endswith("\n") else "\n") + word + "\n")
    return True


def write_atomic(path: Path, after: str) -> None:
    """Replace (or create) ``path`` with ``after``: a temporary file in the same folder, renamed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(after)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
