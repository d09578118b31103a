"""Find the files to check: prose files of walked folders, honouring .gitignore; named files always.

Rules, in the ruff style:

- A file named on the command line is always checked, whatever its type, unless
  ``force_exclude`` is set and ``exclude`` matches it (then a note says why).
- A folder is walked without recursion (deep trees cannot overflow the stack). The walk keeps
  prose files only: those matching ``include`` (default: Markdown, reST, HTML, ``.txt``, and
  extensionless text files that are not build scripts), plus ``extend-include`` and the suffixes
  of ``formats``. It skips hidden entries, SKIPPED_DIRS, ``exclude`` matches and, inside a git
  work tree, whatever git ignores (.gitignore, .git/info/exclude, core.excludesFile), as told
  by ``git ls-files`` itself, so the semantics are git's own.
- The walk never follows symlinks (a link to a file inside the tree is checked through its
  target; one pointing outside is not the tree's) and never opens FIFOs, sockets or devices:
  those get a note.
- A named path that yields nothing to check gets a note, so nothing named is dropped silently.
"""

from __future__ import annotations

import fnmatch
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field

from lint.config import Config, relative_to_root
from lint.model import FileError

#: Folders never entered when a directory is walked (hidden folders are skipped too).
SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__"})

#: The default ``include``: globs on the file name of the prose formats typolint reads.
PROSE_GLOBS = ("*.md", "*.markdown", "*.rst", "*.txt", "*.html", "*.htm", "*.xhtml")

#: Extensionless files that are build or tool scripts, not prose (matched case-insensitively).
NOT_PROSE_NAMES = frozenset({
    "makefile", "gnumakefile", "dockerfile", "containerfile", "jenkinsfile", "vagrantfile",
    "rakefile", "gemfile", "procfile", "brewfile", "pipfile", "podfile", "fastfile", "justfile",
    "snakefile", "sconstruct", "sconscript", "cmakelists", "codeowners", "build", "workspace",
    "tiltfile", "caddyfile", "berksfile", "guardfile", "capfile", "thorfile", "earthfile",
})  # fmt: skip

#: Bytes of an extensionless file read to decide whether it is text.
SNIFF_BYTES = 8192


@dataclass(slots=True)
class Discovery:
    """What to check (display paths, in order) and the notes and errors about named paths."""

    files: list[str] = field(default_factory=list)
    problems: list[FileError] = field(default_factory=list)


def discover(paths: Sequence[str], config: Config) -> Discovery:
    """Expand ``paths`` ('-' is standard input; none means '.') into the files to check."""
    found = Discovery()
    for given in paths or (".",):
        if given == "-":
            found.files.append(given)
        elif _forced_out(given, config):
            found.problems.append(FileError(given, "excluded by the configuration (--force-exclude)", True))
        elif os.path.isdir(given):
            _add_folder(given, config, found)
        elif os.path.lexists(given):
            found.files.append(given)  # named explicitly: checked whatever its type
        else:
            found.problems.append(FileError(given, "no such file or directory"))
    return found


def _forced_out(given: str, config: Config) -> bool:
    return config.force_exclude and given != "." and excluded(given, config)


def excluded(path: str, config: Config) -> bool:
    """True when an ``exclude`` glob matches ``path`` (relative to the config's folder)."""
    relative = relative_to_root(path, config)
    return any(fnmatch.fnmatch(relative, glob) for glob in config.exclude)


def _add_folder(top: str, config: Config, found: Discovery) -> None:
    before = len(found.files)
    skipped = walk(top, config, found)
    if len(found.files) == before:
        reason = f" ({skipped} files skipped: not prose, excluded or ignored)" if skipped else ""
        found.problems.append(FileError(top, f"no prose files to check{reason}", True))


def walk(top: str, config: Config, found: Discovery) -> int:
    """Add the prose files under ``top`` to ``found``, depth first in name order, with no recursion.

    Returns how many regular files were skipped (not prose, excluded or ignored).
    """
    ignored = git_ignored(top) if config.respect_gitignore else frozenset()
    include = Include(config)
    skipped = 0
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            found.problems.append(FileError(folder, f"cannot list the folder: {exc.strerror or exc}"))
            continue
        subfolders = []
        for entry in entries:
            path = entry.path[2:] if top == "." and entry.path.startswith("./") else entry.path
            if entry.name.startswith(".") or _ignored(path, top, ignored) or excluded(path, config):
                skipped += entry.is_file(follow_symlinks=False)
                continue
            kind = _kind(entry)
            if kind == "dir":
                if entry.name not in SKIPPED_DIRS:
                    subfolders.append(path)
            elif kind == "file":
                if include.matches(path):
                    found.files.append(path)
                else:
                    skipped += 1
            elif kind != "link":
                found.problems.append(FileError(path, f"{kind}, not a regular file: not opened", True))
        stack.extend(reversed(subfolders))
    return skipped


def _kind(entry: os.DirEntry) -> str:
    """'dir', 'file', 'link' (never followed) or a name for a special file (FIFO, socket, device)."""
    try:
        mode = entry.stat(follow_symlinks=False).st_mode
    except OSError:
        return "link"  # vanished meanwhile: nothing to check
    if stat.S_ISLNK(mode):
        return "link"
    if stat.S_ISDIR(mode):
        return "dir"
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


class Include:
    """Whether a walked file is prose: ``include`` (or the defaults), ``extend-include``, ``formats``."""

    def __init__(self, config: Config) -> None:
        self.defaults = config.include is None
        globs = list(PROSE_GLOBS if self.defaults else config.include)
        globs += config.extend_include
        globs += ["*." + suffix.lower().lstrip(".") for suffix, _ in config.formats]
        self.globs = tuple(globs)
        self.root = config

    def matches(self, path: str) -> bool:
        """True when ``path`` (a walked regular file) is to be checked."""
        name = os.path.basename(path)
        relative = relative_to_root(path, self.root)
        if any(fnmatch.fnmatch(name.lower(), g.lower()) or fnmatch.fnmatch(relative, g) for g in self.globs):
            return True
        return self.defaults and "." not in name and is_text_document(path)


def is_text_document(path: str) -> bool:
    """An extensionless file that reads as prose: not a known build script, no '#!' line, no NUL,
    valid UTF-8 (or UTF-16 with a BOM) in its first SNIFF_BYTES bytes."""
    if os.path.basename(path).lower() in NOT_PROSE_NAMES:
        return False
    try:
        with open(path, "rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError:
        return False
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if head.startswith(b"#!") or b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start > len(head) - 4  # a character cut at the sniff boundary
    return True


def git_ignored(top: str) -> frozenset[str]:
    """Paths under ``top`` that git ignores, as walk display paths (folders end in '/').

    Asks ``git ls-files --others --ignored --exclude-standard --directory``, which applies
    .gitignore files, .git/info/exclude and core.excludesFile exactly as git does. Tracked files
    are never listed (git does not ignore them). Outside a work tree, or without git: nothing.
    """
    import subprocess  # only when a folder is walked (3 ms of imports)

    args = ["git", "-C", top, "ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory"]
    try:
        proc = subprocess.run(args, capture_output=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    if proc.returncode != 0:
        return frozenset()
    names = proc.stdout.decode("utf-8", "surrogateescape").split("\0")
    prefix = "" if top == "." else top.rstrip("/") + "/"
    return frozenset(prefix + name for name in names if name)


def _ignored(path: str, top: str, ignored: frozenset[str]) -> bool:
    return bool(ignored) and (path in ignored or path + "/" in ignored)
