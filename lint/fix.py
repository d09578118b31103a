"""--fix and --diff: apply suggestions to the original files without damaging them.

Which fixes apply is data: each finding carries ``safe_fix``, decided by its rule (ruff's
Fix applicability). ``--fix`` applies safe fixes; ``--unsafe-fixes`` adds the first suggestion of
the others. Fixes never touch anything outside one prose segment (``Finding.fixable``).

Fixes are applied in memory and the changed files checked again until nothing more changes, so
a second ``--fix`` run has nothing left to do. As in ruff's fix loop, a later pass also fixes
findings that earlier fixes revealed, and every edit of every pass is reported (``AppliedFix``,
located in the file as read), so each changed character lies in the span of a reported fix. Writes respect the file: a symlink is never
written through, a read-only file is left alone, a hard-linked file is edited in place (keeping
its links), owner, group and mode are kept, and a file that changed since it was read is not
written. ``--diff`` prints a byte-level patch that ``git apply`` and ``patch -p1`` apply in any
encoding and newline style.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from lint.model import AppliedFix, FileError, Finding, Location
from lint.reading import Encoded, encode
from lint.source import LineIndex

#: Fix passes before giving up on fixes that keep producing new fixes.
MAX_PASSES = 10


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace original[start:end] (code points of the decoded file) with ``text``; ``rule``
    is the rule whose suggestion it is."""

    start: int
    end: int
    text: str
    rule: str = ""


@dataclass(frozen=True, slots=True)
class FilePlan:
    """One file's fixes: its content as read and as it is after every pass (code-point text),
    the number of edits and each edit located in the file as read."""

    path: str
    encoded: Encoded
    after: str
    fixes: int
    applied: tuple[AppliedFix, ...] = ()

    @property
    def before_bytes(self) -> bytes:
        """The bytes that were read (decoding is lossless, so encoding the text gives them back)."""
        return encode(self.encoded.text, self.encoded.encoding, self.encoded.bom)

    @property
    def after_bytes(self) -> bytes:
        """The bytes to write: the fixed text in the file's own encoding, BOM and newlines."""
        return encode(self.after, self.encoded.encoding, self.encoded.bom)


#: Re-checks changed texts (display path -> content) and returns their findings.
Recheck = Callable[[Mapping[str, Encoded]], list[Finding]]


def edits_for(findings: Iterable[Finding], unsafe: bool) -> list[Edit]:
    """The edits to make: safe fixes (and unsafe ones with ``unsafe``), only inside one prose
    segment (``fixable``), never overlapping one another (the next pass picks up the rest)."""
    chosen: list[Edit] = []
    for f in sorted(findings, key=lambda f: (f.location.start, f.location.end)):
        if not f.suggestions or not f.fixable or not (f.safe_fix or unsafe):
            continue
        edit = Edit(f.location.start, f.location.end, f.suggestions[0], f.rule)
        if chosen and edit.start < chosen[-1].end:
            continue
        chosen.append(edit)
    return chosen


def apply_edits(text: str, edits: list[Edit]) -> str:
    """``text`` with each edit's span replaced; ``edits`` are sorted and do not overlap."""
    parts = []
    pos = 0
    for e in edits:
        parts.append(text[pos : e.start])
        parts.append(e.text)
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts)


def plan(originals: Mapping[str, Encoded], findings: list[Finding], recheck: Recheck,
         unsafe: bool) -> tuple[list[FilePlan], list[FileError]]:
    """Fix in memory until no file changes (at most MAX_PASSES passes).

    ``originals``: display path -> content as read. Returns a plan per changed file, in path
    order, and a note for each file whose fixes had not settled after the last pass.
    """
    text = {path: enc.text for path, enc in originals.items()}
    passes: dict[str, list[list[Edit]]] = {}
    pending = findings
    for _ in range(MAX_PASSES):
        changed = _one_pass(text, pending, unsafe, passes)
        if not changed:
            break
        pending = recheck({p: _with_text(originals[p], text[p]) for p in changed})
    else:
        changed = {p for p, e in _group(pending).items() if edits_for(e, unsafe)}
    notes = [FileError(p, f"fixes had not settled after {MAX_PASSES} passes; check the result", True)
             for p in sorted(changed)]
    plans = [FilePlan(p, originals[p], text[p], sum(map(len, passes[p])), applied(originals[p].text, passes[p]))
             for p in sorted(passes) if text[p] != originals[p].text]
    return plans, notes


def _one_pass(text: dict[str, str], findings: list[Finding], unsafe: bool,
              passes: dict[str, list[list[Edit]]]) -> set[str]:
    """Apply one pass of edits to ``text`` (path -> current text); record them in ``passes``.
    Returns the paths that changed."""
    changed = set()
    for path, group in _group(findings).items():
        if path not in text:
            continue
        current = text[path]
        edits = [e for e in edits_for(group, unsafe) if current[e.start : e.end] != e.text]
        if edits:
            text[path] = apply_edits(current, edits)
            passes.setdefault(path, []).append(edits)
            changed.add(path)
    return changed


def applied(original: str, passes: list[list[Edit]]) -> tuple[AppliedFix, ...]:
    """Every edit of ``passes`` (pass n's offsets count in the text after pass n - 1) located in
    ``original``, the text before pass 1 (code points)."""
    lines = LineIndex(original)
    out = []
    for n, edits in enumerate(passes, start=1):
        for e in edits:
            start, end = e.start, e.end
            for earlier in reversed(passes[: n - 1]):
                start, end = _before(earlier, start, True), _before(earlier, end, False)
            where = Location(start, end, *lines.position(start), *lines.position(end))
            out.append(AppliedFix(e.rule, where, e.text, n))
    return tuple(out)


def _before(edits: list[Edit], pos: int, is_start: bool) -> int:
    """The offset in the text before ``edits`` of ``pos``, an offset in the text after them
    (code points). A position inside text an edit put in maps to that edit's start (for a span's
    start) or end (for its end), so a span there widens to the whole edit."""
    delta = 0  # how much longer the text after the edits so far is
    for e in edits:
        new_start = e.start + delta
        new_end = new_start + len(e.text)
        if pos < new_start:
            break
        if pos <= new_end:
            inserted = new_end > new_start
            if is_start:
                return e.end if inserted and pos == new_end else e.start
            return e.start if inserted and pos == new_start else e.end
        delta += len(e.text) - (e.end - e.start)
    return pos - delta


def _group(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for f in findings:
        out.setdefault(f.path, []).append(f)
    return out


def _with_text(encoded: Encoded, text: str) -> Encoded:
    return Encoded(text, encoded.encoding, encoded.bom)


# --- diff ---------------------------------------------------------------------------------------


def _byte_lines(data: bytes) -> list[bytes]:
    """Lines as patch tools see them: split after each LF byte only (a lone CR is not a break)."""
    return [line for line in re.split(b"(?<=\n)", data) if line]


def unified_diff(path: str, before: bytes, after: bytes) -> bytes:
    """A unified diff of two byte strings with ``a/``/``b/`` headers, for ``git apply``/``patch -p1``.

    Working on bytes keeps BOMs, UTF-16 code units, CR and mixed newlines exactly as in the file.
    """
    name = path.replace(os.sep, "/").encode("utf-8", "surrogateescape")
    out = []
    for line in difflib.diff_bytes(difflib.unified_diff, _byte_lines(before), _byte_lines(after),
                                   b"a/" + name, b"b/" + name):
        out.append(line if line.endswith(b"\n") else line + b"\n\\ No newline at end of file\n")
    return b"".join(out)


# --- writing ------------------------------------------------------------------------------------


class Changed(Exception):
    """The file no longer holds what was read: it was edited while the fixes were made."""


def symlink_note(path: Path) -> FileError | None:
    """The note for a symlink, whose fixes are neither written nor shown; None for other files."""
    if not os.path.islink(path):
        return None
    target = os.path.realpath(path)
    return FileError(str(path), f"is a symlink; not written through (to fix it, name its target: {target})", True)


def refusal(path: Path) -> FileError | None:
    """A note when ``path`` must not be written (symlink, not a regular file, read-only), else None."""
    try:
        st = os.lstat(path)
    except OSError as exc:
        return FileError(str(path), f"cannot write the fix: {exc.strerror or exc}")
    if stat.S_ISLNK(st.st_mode):
        return symlink_note(path)
    if not stat.S_ISREG(st.st_mode):
        return FileError(str(path), "not a regular file; not fixed", True)
    if not st.st_mode & 0o222 or not os.access(path, os.W_OK):
        return FileError(str(path), "read-only; not fixed", True)
    return None


def write_fix(file: FilePlan) -> FileError | None:
    """Write one plan; return a note or error when the file was not written, else None."""
    path = Path(file.path)
    problem = refusal(path)
    if problem is not None:
        return problem
    try:
        if os.lstat(path).st_nlink > 1:
            write_in_place(path, file.before_bytes, file.after_bytes)
        else:
            write_atomic(path, file.before_bytes, file.after_bytes)
    except Changed:
        return FileError(file.path, "changed while the fixes were made; not written (run --fix again)")
    except OSError as exc:
        return FileError(file.path, f"cannot write the fix: {exc.strerror or exc}")
    return None


def _digest(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def write_atomic(path: Path, before: bytes, after: bytes) -> None:
    """Replace ``path`` by a complete new file, keeping mode, owner and group.

    The new content goes to a temporary file in the same folder, renamed over the original only
    once complete, so an interruption never leaves a half-written file. Just before the rename
    the file is read again: if it no longer holds ``before``, Changed is raised and nothing is
    written. When the folder is not writable or the owner cannot be kept (not root), the file is
    edited in place instead.
    """
    st = os.stat(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".typolint")
    except PermissionError:
        return write_in_place(path, before, after)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(after)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        if not _keep_owner(tmp, st):
            os.unlink(tmp)
            return write_in_place(path, before, after)
        if _digest(path.read_bytes()) != _digest(before):
            raise Changed
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _keep_owner(tmp: str, st: os.stat_result) -> bool:
    """Give ``tmp`` the owner and group of the original; False when that is not allowed."""
    fst = os.stat(tmp)
    if (fst.st_uid, fst.st_gid) == (st.st_uid, st.st_gid):
        return True
    try:
        os.chown(tmp, st.st_uid, st.st_gid)
    except PermissionError:
        return False
    return True


def write_in_place(path: Path, before: bytes, after: bytes) -> None:
    """Overwrite ``path`` through its own inode: hard links, owner, group and mode all stay.

    Raises Changed (writing nothing) when the file no longer holds ``before``. Not atomic: the
    window is one write and one truncate of a file already checked to be unchanged.
    """
    with open(path, "r+b") as fh:
        if _digest(fh.read()) != _digest(before):
            raise Changed
        fh.seek(0)
        fh.write(after)
        fh.truncate()
        fh.flush()
        os.fsync(fh.fileno())
