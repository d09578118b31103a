"""Class data sharing (AppCDS) for the LanguageTool 6.8 server: does an archive of its classes
shorten the time from JVM start to the first check result?

Usage: python bench/lt_appcds.py train        (a server run that writes the archive at exit)
       python bench/lt_appcds.py measure N    (N alternating cold starts with and without it)

The manifest of languagetool-server-6.8.jar puts its own folder (``./``) on the class path, and
JDK 17 refuses to archive with a non-empty folder there (``[cds] Error: non-empty directory``).
So this script starts the server with an explicit ``-cp`` of every jar of the installation, the
server jar replaced by a copy (in bench/.work/appcds/, git-ignored) whose manifest has no
``Class-Path``; ``-XX:ArchiveClassesAtExit`` in a separate training run (the server checks a few
texts and is stopped with SIGTERM), then ``-XX:SharedArchiveFile`` for the timed starts. The
server listens on 127.0.0.1 only. Results are recorded by hand in bench/results/lt.md.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
LIB = Path.home() / ".cache" / "typolint" / "languagetool-6.8" / "lib"
WORK = BENCH / ".work" / "appcds"
SERVER_JAR = "languagetool-server-6.8.jar"
ARCHIVE = WORK / "lt.jsa"
PORT = 18231
PROPERTIES = ("maxTextLength=50000\ncacheSize=2000\npipelineCaching=true\nmaxPipelinePoolSize=16\n"
              "pipelineExpireTimeInSeconds=86400\n")


def strip_manifest_class_path(src: Path, dst: Path) -> None:
    """Copy the jar ``src`` to ``dst`` without the ``Class-Path`` entry (and its continuation lines) of its manifest."""
    with zipfile.ZipFile(src) as jar, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
        for item in jar.infolist():
            data = jar.read(item.filename)
            if item.filename == "META-INF/MANIFEST.MF":
                kept, skipping = [], False
                for line in data.decode().splitlines():
                    skipping = line.startswith("Class-Path:") or (skipping and line.startswith(" "))
                    if not skipping:
                        kept.append(line)
                data = ("\r\n".join(kept) + "\r\n").encode()
            out.writestr(item, data)


def class_path() -> str:
    """Every jar of the installation, the server jar replaced by its copy without a manifest class path."""
    WORK.mkdir(parents=True, exist_ok=True)
    stripped = WORK / SERVER_JAR
    if not stripped.exists():
        strip_manifest_class_path(LIB / SERVER_JAR, stripped)
    return ":".join([str(stripped), *sorted(str(j) for j in LIB.glob("*.jar") if j.name != SERVER_JAR)])


def start(extra: list[str]) -> subprocess.Popen:
    """Start the server on 127.0.0.1:PORT (LanguageTool's default: local connections only)."""
    WORK.mkdir(parents=True, exist_ok=True)
    props = WORK / "server.properties"
    props.write_text(PROPERTIES, encoding="utf-8")
    cmd = ["java", *extra, "-Xmx1g", "-Djava.net.preferIPv4Stack=true", "-cp", class_path(),
           "org.languagetool.server.HTTPServer", "--config", str(props), "--port", str(PORT)]
    with (WORK / "out.log").open("a") as log:
        return subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)


def first_result(text: str = "This is a short probe that starts the server.") -> dict:
    """POST ``text`` to /v2/check until the server answers; its JSON answer."""
    data = urllib.parse.urlencode({"language": "en-US", "text": text}).encode()
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    while True:
        try:
            with opener.open(f"http://127.0.0.1:{PORT}/v2/check", data=data, timeout=120) as resp:
                return json.load(resp)
        except OSError:
            time.sleep(0.05)


def stop(proc: subprocess.Popen) -> None:
    """SIGTERM: a clean JVM exit, which writes the dynamic archive in a training run."""
    proc.send_signal(signal.SIGTERM)
    proc.wait(120)


def train() -> None:
    """One server run that archives the classes it loaded at exit."""
    t0 = time.perf_counter()
    proc = start([f"-XX:ArchiveClassesAtExit={ARCHIVE}"])
    first_result()
    print(f"training run: first result after {time.perf_counter() - t0:.1f} s")
    sample = sorted((BENCH.parent / "seeds").glob("*.txt"))[0].read_text(encoding="utf-8")[:8000]
    for _ in range(3):
        first_result(sample)
    stop(proc)
    print(f"archive: {ARCHIVE.stat().st_size} bytes" if ARCHIVE.exists() else "archive: missing (see out.log)")


def measure(rounds: int) -> None:
    """JVM start to the first /v2/check answer, with and without the archive, alternating."""
    for _ in range(rounds):
        for label, extra in (("default CDS", []), ("AppCDS", [f"-XX:SharedArchiveFile={ARCHIVE}", "-Xshare:auto"])):
            t0 = time.perf_counter()
            proc = start(extra)
            first_result()
            seconds = time.perf_counter() - t0
            stop(proc)
            print(f"{label}: {seconds:.2f} s", flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["train"]:
        train()
    elif sys.argv[1:2] == ["measure"]:
        measure(int(sys.argv[2]) if len(sys.argv) > 2 else 3)
    else:
        sys.exit(__doc__)
