"""Language-server latency: didChange -> diagnostics on a 5 KB Markdown file, and opening 100 KB.

Usage: python bench/lsp_bench.py [--edits 20] [--shared-server]

Drives ``typolint lsp`` as a subprocess over stdio with pygls' client, LanguageTool on:

- didChange -> first publishDiagnostics (YAML rules, plus cached LanguageTool paragraphs),
  median of ``--edits`` one-paragraph edits; target <= 50 ms;
- didChange -> LanguageTool's publishDiagnostics for the same edits (the server's
  debounce included); target <= 400 ms;
- didOpen of a 100 KB document -> YAML and LanguageTool diagnostics, paragraphs not yet
  in the result cache, then the same document again with them cached.

Every edit adds a run-specific number to one paragraph, so LanguageTool's result cache never
answers for the edited paragraph. The documents are built from seeds/ (committed sample
articles). Without --shared-server the benchmark uses its own cache folder and server
(bench/.work/cache), as bench/run.py does, and stops that server at the end.
Results: stdout, bench/results/lsp.md and lsp.json.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work" / "lsp"
RESULTS = ROOT / "bench" / "results"
TARGETS = {"yaml": 0.050, "lt": 0.400}


def paragraphs() -> list[str]:
    """The prose paragraphs of seeds/, in a fixed order."""
    out = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        out += [p.strip().replace("\n", " ") for p in path.read_text(encoding="utf-8").split("\n\n") if len(p.strip()) > 80]
    return out


def markdown(size: int, nonce: int) -> str:
    """A Markdown document of about ``size`` characters: headings, paragraphs, a code block.

    Every paragraph carries ``nonce`` so that a new run meets an empty result cache."""
    parts, pool, i = [], paragraphs(), 0
    while sum(map(len, parts)) < size:
        if i % 6 == 0:
            parts.append(f"## Section {i // 6 + 1}\n")
        if i % 9 == 4:
            parts.append("```python\nprint('the the teh')\n```\n")
        parts.append(f"{pool[i % len(pool)]} (Ref. {nonce}-{i}.)\n")
        i += 1
    return "# Benchmark document\n\n" + "\n".join(parts)


class Client(LanguageClient):
    """pygls' client, timing each publishDiagnostics by (uri, version)."""

    def __init__(self) -> None:
        super().__init__("typolint-bench", "1")
        self.arrivals: dict[tuple[str, int | None], list[float]] = {}

        @self.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: types.PublishDiagnosticsParams) -> None:
            self.arrivals.setdefault((params.uri, params.version), []).append(time.perf_counter())

    async def nth(self, uri: str, version: int, n: int, timeout: float = 300.0) -> float:
        """Time of the ``n``-th publication (1-based) for ``uri`` at ``version``."""
        deadline = time.perf_counter() + timeout
        while len(self.arrivals.get((uri, version), [])) < n:
            if time.perf_counter() > deadline:
                raise RuntimeError(f"no publication {n} for {uri} v{version} within {timeout:.0f} s")
            await asyncio.sleep(0.001)
        return self.arrivals[(uri, version)][n - 1]


async def session(edits: int) -> dict:
    client = Client()
    await client.start_io(sys.executable, "-m", "lint", "lsp")
    await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities(), process_id=os.getpid()))
    client.initialized(types.InitializedParams())
    nonce = int(time.time())
    WORK.mkdir(parents=True, exist_ok=True)
    try:
        doc = markdown(5_000, nonce)
        uri = (WORK / "five-kb.md").as_uri()
        client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "markdown", 1, doc)))
        await client.nth(uri, 1, 2)  # warm: server up, every paragraph checked once
        yaml, lt = [], []
        lines = doc.split("\n")
        target = [i for i, line in enumerate(lines) if "(Ref." in line][2]
        for k in range(edits):
            version = k + 2
            lines[target] = lines[target].replace(" (Ref.", f" Edit {nonce}-{k}. (Ref.", 1)
            sent = time.perf_counter()
            change = types.TextDocumentContentChangeWholeDocument("\n".join(lines))
            client.text_document_did_change(types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version=version, uri=uri), [change]))
            yaml.append(await client.nth(uri, version, 1) - sent)
            lt.append(await client.nth(uri, version, 2) - sent)
        opened = {}
        big = markdown(100_000, nonce + 1)
        for label, name in (("100 KB open, uncached", "big.md"), ("100 KB open, cached", "big-again.md")):
            big_uri = (WORK / name).as_uri()
            sent = time.perf_counter()
            client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(big_uri, "markdown", 1, big)))
            opened[label] = {"yaml": await client.nth(big_uri, 1, 1) - sent, "lt": await client.nth(big_uri, 1, 2) - sent}
        return {"edits": edits, "doc_chars": len(doc), "big_chars": len(big), "yaml": yaml, "lt": lt, "open": opened}
    finally:
        await client.shutdown_async(None)
        client.exit(None)
        await client.stop()


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def render(r: dict) -> str:
    yaml, lt = statistics.median(r["yaml"]), statistics.median(r["lt"])
    rows = [
        "# typolint lsp latency",
        "",
        f"{r['date']}; {r['machine']}; {r['note']}",
        "",
        f"Warm server, {r['doc_chars']:,}-character Markdown document, {r['edits']} one-paragraph edits"
        " (each a new paragraph text, so LanguageTool's cache never answers for it); the server's"
        f" debounce ({r['debounce']:g} s) is part of the LanguageTool time.",
        "",
        "| measure | median | min | max | target | verdict |",
        "|---|---|---|---|---|---|",
        f"| didChange → YAML diagnostics | {ms(yaml)} | {ms(min(r['yaml']))} | {ms(max(r['yaml']))} | ≤ 50 ms | {'PASS' if yaml <= TARGETS['yaml'] else 'FAIL'} |",
        f"| didChange → LanguageTool diagnostics | {ms(lt)} | {ms(min(r['lt']))} | {ms(max(r['lt']))} | ≤ 400 ms | {'PASS' if lt <= TARGETS['lt'] else 'FAIL'} |",
        "",
        f"| open a {r['big_chars']:,}-character Markdown document | YAML diagnostics | LanguageTool diagnostics |",
        "|---|---|---|",
    ]
    rows += [f"| {label} | {ms(v['yaml'])} | {ms(v['lt'])} |" for label, v in r["open"].items()]
    return "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--shared-server", action="store_true", help="use the shared LanguageTool server and cache")
    args = ap.parse_args(argv)
    note = "shared LanguageTool server and cache"
    if not args.shared_server and "TYPOLINT_CACHE_DIR" not in os.environ:
        from lint.engines.languagetool.install import lt_home

        os.environ.setdefault("TYPOLINT_LT_HOME", str(lt_home()))
        os.environ["TYPOLINT_CACHE_DIR"] = str(ROOT / "bench" / ".work" / "cache")
        note = f"private LanguageTool server and cache in {os.environ['TYPOLINT_CACHE_DIR']}"
    try:
        result = asyncio.run(session(args.edits))
    finally:
        if not args.shared_server:
            subprocess.run([sys.executable, "-m", "lint", "server", "stop"], capture_output=True)
    load = os.getloadavg()[0]
    result.update(date=dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                  machine=f"{os.cpu_count()} CPUs, load average {load:.1f}", note=note, debounce=0.15)
    text = render(result)
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "lsp.md").write_text(text, encoding="utf-8")
    (RESULTS / "lsp.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
