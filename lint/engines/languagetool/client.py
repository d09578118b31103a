"""The one door to a LanguageTool server: every import of language-tool-python and every HTTP request.

language-tool-python (pinned in pyproject.toml to the range its contract test passed on) stays our
client library, used through its public API only: its exception types, and its
``download_lt.LocalLanguageTool`` for ``typolint languagetool install --source python``.
``tests/languagetool/test_client_contract.py`` fails when an upgrade breaks either.

Its public API has no way to do what a check needs, so this module makes the ``/v2/check``
request itself with ``requests`` (which language-tool-python already depends on):

* raw match JSON with UTF-16 offsets *and* lengths: ``LanguageTool.check()`` returns ``Match``
  objects that correct only the offset (not the length) of spans after astral characters, keep
  that state in class attributes (unsafe across our worker threads) and NFKC-normalise messages;
* no redirects: it follows a 307 and re-POSTs the document text to the redirect target;
* status codes: a 500 or 503 with a JSON body is returned as if it were an answer;
* a size limit on the answer: it reads the whole body into memory;
* a configurable timeout: ``_TIMEOUT`` is a private class constant (300 s), with two tries;
* a client without network traffic: the constructor asks the server for ``/v2/languages``;
* a proxy-free connection for any URL: ``proxies`` is refused for a local server and otherwise
  merged with ``HTTP_PROXY`` from the environment.

Our managed server is always reached directly (``trust_env`` off: no ``HTTP_PROXY``, no
``.netrc``); a server the user names with ``url`` is reached as the environment says.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import requests
import urllib3
from language_tool_python.exceptions import LanguageToolError

#: Largest answer accepted from ``/v2/check``, in bytes (a 10,000 code point text with a match on
#: every word stays below 8 MB).
MAX_ANSWER_BYTES = 16 * 1024 * 1024
#: Seconds allowed to open the TCP connection.
CONNECT_TIMEOUT = 5.0
_CHUNK = 64 * 1024
#: No compression: a small compressed answer could expand past the size limit in one read.
_HEADERS = {"Accept-Encoding": "identity", "Accept": "application/json"}


class TransportError(LanguageToolError):
    """A request that got no usable answer; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class Endpoint:
    """Where and how to reach one server.

    ``url`` is the server root (``http://127.0.0.1:8081``); ``timeout`` is the most seconds one
    request may take in total; ``direct`` ignores proxy settings of the environment.
    """

    url: str
    timeout: float
    direct: bool


class Client:
    """A connection pool to one LanguageTool server; safe to share between threads."""

    def __init__(self, endpoint: Endpoint) -> None:
        """Prepare the session; nothing is sent until ``check``."""
        self.endpoint = endpoint
        self.session = requests.Session()
        self.session.trust_env = not endpoint.direct
        adapter = requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=16, max_retries=0)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def check(self, form: Mapping[str, str]) -> list[dict[str, Any]]:
        """POST ``form`` to ``/v2/check``; return its raw matches (UTF-16 offsets and lengths).

        Raises TransportError for a refused connection, a redirect, a non-2xx status, an
        answer over ``MAX_ANSWER_BYTES``, one slower than ``endpoint.timeout`` seconds, or JSON
        without a list of matches. A request that gets no answer fails after ``endpoint.timeout``
        seconds; one that drips its answer after at most twice that (the deadline is checked
        after each socket read, and one read waits at most ``endpoint.timeout``).
        """
        answer = self._post("/v2/check", form)
        if not isinstance(answer, dict) or not isinstance(answer.get("matches"), list):
            raise TransportError("the answer has no list of matches")
        if (answer.get("warnings") or {}).get("incompleteResults"):
            raise TransportError("LanguageTool returned incomplete results (timeout?)")
        if not all(isinstance(m, dict) for m in answer["matches"]):
            raise TransportError("the answer has malformed matches")
        return answer["matches"]

    def _post(self, path: str, form: Mapping[str, str]) -> Any:
        """POST ``form`` and parse the JSON answer within the limits of the endpoint."""
        url = self.endpoint.url.rstrip("/") + path
        deadline = time.monotonic() + self.endpoint.timeout
        read_timeout = max(0.1, self.endpoint.timeout)
        try:
            with self.session.post(url, data=dict(form), allow_redirects=False, stream=True, headers=_HEADERS,
                                   timeout=(min(CONNECT_TIMEOUT, read_timeout), read_timeout)) as resp:
                _check_status(resp)
                body = _read_limited(resp, deadline)
        except (requests.Timeout, urllib3.exceptions.TimeoutError):
            raise TransportError(f"no answer within {self.endpoint.timeout:g} s") from None
        except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
            raise TransportError(_reason(exc)) from None
        try:
            return json.loads(body)
        except (ValueError, UnicodeDecodeError):
            raise TransportError("the answer is not JSON") from None

    def close(self) -> None:
        """Close the pooled connections."""
        self.session.close()


def _check_status(resp: requests.Response) -> None:
    """Refuse redirects and every status outside 2xx, naming the status and the first body line."""
    if 200 <= resp.status_code < 300:
        return
    if resp.is_redirect:
        raise TransportError(f"HTTP {resp.status_code} redirect refused (to {resp.headers.get('Location', '?')[:100]})")
    first = next(resp.iter_lines(chunk_size=1024), b"")[:200].decode("utf-8", "replace").strip()
    raise TransportError(f"HTTP {resp.status_code}" + (f": {first}" if first else ""))


def _read_limited(resp: requests.Response, deadline: float) -> bytes:
    """The body of ``resp``, at most MAX_ANSWER_BYTES, read before ``deadline`` (monotonic s)."""
    declared = resp.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > MAX_ANSWER_BYTES:
        raise TransportError(f"answer of {int(declared)} bytes is over the limit of {MAX_ANSWER_BYTES // 2**20} MiB")
    if resp.headers.get("Content-Encoding", "identity") != "identity":
        raise TransportError(f"unexpected Content-Encoding {resp.headers['Content-Encoding'][:40]!r}")
    parts: list[bytes] = []
    size = 0
    # read1 returns what one socket read gives, so a server that drips bytes meets the deadline
    # check after at most one read timeout (iter_content would wait for a full chunk).
    while part := resp.raw.read1(_CHUNK):
        size += len(part)
        if size > MAX_ANSWER_BYTES:
            raise TransportError(f"answer is over the limit of {MAX_ANSWER_BYTES // 2**20} MiB")
        if time.monotonic() > deadline:
            raise requests.Timeout()
        parts.append(part)
    return b"".join(parts)


def _reason(exc: BaseException) -> str:
    """A short one-line reason for a requests failure ('connection refused', ...)."""
    text = str(exc)
    for marker, reason in (("Connection refused", "connection refused"), ("Name or service", "unknown host")):
        if marker in text:
            return reason
    return (text.strip().splitlines() or [type(exc).__name__])[0][:200]


def download_with_language_tool_python(version: str, echo: Any) -> str:
    """Fetch LanguageTool ``version`` with language-tool-python's downloader; return the jar path."""
    from language_tool_python.download_lt import LocalLanguageTool

    local = LocalLanguageTool.from_version_name(version)
    if local not in local.get_installed_versions():
        echo(f"downloading LanguageTool {version} with language-tool-python ...")
        local.download()
    return str(local.get_jar_path())
