"""A hostile local process for the LanguageTool tests (stdlib only; the tests run it as ``nobody``).

It tries to take the managed server's place and answers everything with a forged match:

    python3 impostor.py RECORD listen PORT [PORT ...]   bind these ports on 127.0.0.1 now
    python3 impostor.py RECORD watch STATE_DIR          wait for that instance's JVM, then bind the
                                                        port its command line names (the original
                                                        attack), and read what files it can

Every connection it gets is appended to RECORD as one JSON line ``{"port", "request"}``; what it
learns while watching as ``{"saw": ...}``. It prints ``ready`` once it listens or watches.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import threading
import time

FORGED = json.dumps({"matches": [{
    "message": "forged by the impostor", "offset": 0, "length": 1, "replacements": [{"value": "FORGED"}],
    "rule": {"id": "IMPOSTOR_RULE", "issueType": "misspelling", "category": {"id": "TYPOS"}},
    "context": {"text": "x", "offset": 0, "length": 1}, "sentence": "x",
}]}).encode()


def record(path: str, entry: dict) -> None:
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry) + "\n")


def answer(conn: socket.socket, port: int, path: str) -> None:
    """Record the request and answer 200 with the forged match."""
    conn.settimeout(5)
    data = b""
    try:
        while b"\r\n\r\n" not in data and len(data) < 65536:
            part = conn.recv(65536)
            if not part:
                break
            data += part
        head, _, body = data.partition(b"\r\n\r\n")
        length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")), 0)
        while len(body) < min(length, 1_000_000):
            part = conn.recv(65536)
            if not part:
                break
            body += part
        data = head + b"\r\n\r\n" + body
    except (OSError, ValueError):
        pass
    record(path, {"port": port, "request": data.decode("utf-8", "replace")})
    body = b"OK" if b"healthcheck" in data.split(b"\r\n", 1)[0] else FORGED
    head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    try:
        conn.sendall(head.encode() + body)
    finally:
        conn.close()


def serve(port: int, path: str) -> bool:
    """Listen on 127.0.0.1:``port`` in a thread; False if the port is taken."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", port))
    except OSError:
        return False
    sock.listen(50)

    def loop() -> None:
        while True:
            conn, _ = sock.accept()
            threading.Thread(target=answer, args=(conn, port, path), daemon=True).start()

    threading.Thread(target=loop, daemon=True).start()
    record(path, {"saw": f"listening on {port}"})
    return True


def watch(state_dir: str, path: str) -> None:
    """Wait for a JVM of ``state_dir``; bind the port on its command line; try its private files."""
    mark = f"--config\0{state_dir}/server.properties\0".encode()
    seen: set[int] = set()
    while True:
        for pid in filter(str.isdigit, os.listdir("/proc")):
            if int(pid) in seen:
                continue
            try:
                cmdline = open(f"/proc/{pid}/cmdline", "rb").read()
            except OSError:
                continue
            if mark not in cmdline:
                continue
            seen.add(int(pid))
            args = cmdline.split(b"\0")
            port = int(args[args.index(b"--port") + 1])
            record(path, {"saw": f"JVM {pid} with --port {port}"})
            if port:
                serve(port, path)
            for name in ("server.properties", "state.json", "server.log"):
                try:
                    record(path, {"saw": f"read {name}", "content": open(f"{state_dir}/{name}").read()})
                except OSError as exc:
                    record(path, {"saw": f"cannot read {name}: {exc.strerror}"})
        time.sleep(0.005)


def main() -> None:
    path, mode, *rest = sys.argv[1:]
    if mode == "listen":
        ok = [serve(int(p), path) for p in rest]
        print("ready" if all(ok) else "taken", flush=True)
        while True:
            time.sleep(60)
    print("ready", flush=True)
    watch(rest[0], path)


if __name__ == "__main__":
    main()
