"""A scripted Query API (HTTP API v2) server for driver tests.

:class:`QueryApiStub` listens on a free port of ``127.0.0.1`` in a
thread (``http.server``) and plays a script: each :class:`Exchange`
names the request it expects (method, path, JSON body) and the reply
it gives (status, JSON body, headers).  Requests must come in script
order; a request that does not match is answered with status 599 and
recorded in :attr:`QueryApiStub.errors`, so the driver sees a failure
and the test's ``stub.assert_done()`` names the difference.

``GET /`` (discovery) is not scripted: it is answered with
``neo4j_version`` and counted in :attr:`QueryApiStub.discoveries`.
Every request's ``Authorization`` header is kept in
:attr:`QueryApiStub.auth_headers`.
"""

from __future__ import annotations

import http.server
import json
import threading
import typing as t
from dataclasses import dataclass, field


__all__ = [
    "ANY",
    "Exchange",
    "QueryApiStub",
    "error_reply",
    "query_reply",
]

#: matches any request body
ANY: t.Final = object()

SERVER_VERSION = "2026.08.1"


@dataclass
class Exchange:
    """One expected request and the reply to it.

    :param method: ``GET``, ``POST`` or ``DELETE``
    :param path: the full path (``/db/neo4j/query/v2``)
    :param body: the expected JSON body (``None``: no body; ``ANY``)
    :param status: the reply's status
    :param reply: the reply's JSON body (``None``: empty)
    :param headers: reply headers
    :param expect_headers: request headers that must be present
    """

    method: str
    path: str
    body: t.Any = None
    status: int = 200
    reply: t.Any = None
    headers: dict[str, str] = field(default_factory=dict)
    expect_headers: dict[str, str] = field(default_factory=dict)


def query_reply(
    fields: list[str],
    values: list[list[t.Any]],
    *,
    bookmarks: list[str] | None = None,
    counters: dict[str, t.Any] | None = None,
    **extra: t.Any,
) -> dict[str, t.Any]:
    """The JSON of a successful query reply."""
    body: dict[str, t.Any] = {"data": {"fields": fields, "values": values}}
    if counters is not None:
        body["counters"] = counters
    if bookmarks is not None:
        body["bookmarks"] = bookmarks
    body.update(extra)
    return body


def error_reply(code: str, message: str) -> dict[str, t.Any]:
    """The JSON of a failed request."""
    return {"errors": [{"code": code, "message": message}]}


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: t.Any) -> None:
        pass

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        stub = self.server.stub
        status, reply, headers = stub._answer(
            self.command, self.path, raw, dict(self.headers.items())
        )
        data = b"" if reply is None else json.dumps(reply).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/vnd.neo4j.query")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_DELETE = _serve


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    stub: QueryApiStub


class QueryApiStub:
    """The scripted server; use as a context manager.

    :param script: the exchanges, in order
    """

    def __init__(self, script: t.Iterable[Exchange] = ()) -> None:
        self.script = list(script)
        self.errors: list[str] = []
        self.auth_headers: list[str | None] = []
        self.requests: list[tuple[str, str, t.Any]] = []
        self.discoveries = 0
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.stub = self
        self._thread = threading.Thread(
            target=self._server.serve_forever, daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def uri(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> QueryApiStub:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)

    def add(self, *exchanges: Exchange) -> None:
        with self._lock:
            self.script.extend(exchanges)

    def assert_done(self) -> None:
        """Fail if a request was unexpected or the script is not used up."""
        assert not self.errors, self.errors
        assert not self.script, f"not requested: {self.script}"

    def _answer(
        self, method: str, path: str, raw: bytes, headers: dict[str, str]
    ) -> tuple[int, t.Any, dict[str, str]]:
        body = json.loads(raw) if raw else None
        with self._lock:
            lowered = {k.lower(): v for k, v in headers.items()}
            if method == "GET" and path == "/":
                self.discoveries += 1
                return 200, {"neo4j_version": SERVER_VERSION}, {}
            self.requests.append((method, path, body))
            self.auth_headers.append(lowered.get("authorization"))
            if not self.script:
                self.errors.append(f"unexpected {method} {path} {body}")
                return 599, {"unexpected": path}, {}
            expected = self.script.pop(0)
            problem = None
            if (expected.method, expected.path) != (method, path):
                problem = f"{method} {path}"
            elif expected.body is not ANY and expected.body != body:
                problem = f"body {body!r} != {expected.body!r}"
            else:
                for name, value in expected.expect_headers.items():
                    if lowered.get(name.lower()) != value:
                        problem = f"header {name}: {lowered.get(name)!r}"
            if problem is not None:
                self.errors.append(f"expected {expected}, got {problem}")
                return 599, {"mismatch": problem}, {}
            return expected.status, expected.reply, expected.headers
