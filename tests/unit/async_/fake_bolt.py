"""A tiny in-process Bolt server for the driver unit tests.

It runs in threads (so it serves the async and the sync driver alike),
answers the classic handshake with a fixed version and hands every
decoded request to a *handler* which returns the replies.  The default
handler behaves like a friendly server; tests override single messages.

Replies are ``(tag, *fields)`` tuples (tags: SUCCESS, RECORD, FAILURE,
IGNORED below), or the strings ``"close"`` (drop the connection) and
``"hang"`` (stop answering until the server is stopped).
"""

from __future__ import annotations

import socket
import threading
import typing as t

from neo4j._bolt.chunking import chunk_body
from neo4j._codec.packstream import pack_struct, unpack_chunked


SUCCESS = b"\x70"
RECORD = b"\x71"
IGNORED = b"\x7e"
FAILURE = b"\x7f"

HELLO = 0x01
GOODBYE = 0x02
RESET = 0x0F
RUN = 0x10
BEGIN = 0x11
COMMIT = 0x12
ROLLBACK = 0x13
DISCARD = 0x2F
PULL = 0x3F
TELEMETRY = 0x54
ROUTE = 0x66
LOGON = 0x6A
LOGOFF = 0x6B

NAMES = {
    HELLO: "HELLO",
    GOODBYE: "GOODBYE",
    RESET: "RESET",
    RUN: "RUN",
    BEGIN: "BEGIN",
    COMMIT: "COMMIT",
    ROLLBACK: "ROLLBACK",
    DISCARD: "DISCARD",
    PULL: "PULL",
    TELEMETRY: "TELEMETRY",
    ROUTE: "ROUTE",
    LOGON: "LOGON",
    LOGOFF: "LOGOFF",
}

Reply: t.TypeAlias = "tuple[t.Any, ...] | str"
Handler = t.Callable[["FakeConnection", str, list[t.Any]], list[Reply]]


class FakeConnection:
    """Per-connection state visible to handlers."""

    def __init__(self, server: FakeBoltServer, number: int) -> None:
        self.server = server
        self.number = number
        #: names of the requests received, in order
        self.received: list[str] = []
        #: the records a RUN produced and PULL still has to send
        self.pending_records: list[list[t.Any]] = []
        self.failed = False
        self.closed = False


def default_handler(
    conn: FakeConnection, name: str, fields: list[t.Any]
) -> list[Reply]:
    """A cooperative server: ``RUN "n"`` streams ``range(n)``; RUN of any
    other text returns one record ``[text]``."""
    if conn.failed and name not in {"RESET", "GOODBYE"}:
        return [(IGNORED,)]
    if name == "HELLO":
        return [
            (
                SUCCESS,
                {"server": "Fake/1.0", "connection_id": f"c{conn.number}"},
            )
        ]
    if name in {"LOGON", "LOGOFF", "BEGIN", "ROLLBACK", "TELEMETRY"}:
        return [(SUCCESS, {})]
    if name == "RESET":
        conn.failed = False
        conn.pending_records = []
        return [(SUCCESS, {})]
    if name == "COMMIT":
        return [(SUCCESS, {"bookmark": f"bm:{conn.server.next_bookmark()}"})]
    if name == "RUN":
        text = fields[0]
        if isinstance(text, str) and text.isdigit():
            conn.pending_records = [[i] for i in range(int(text))]
        else:
            conn.pending_records = [[text]]
        return [(SUCCESS, {"fields": ["x"], "t_first": 1})]
    if name in {"PULL", "DISCARD"}:
        n = fields[0].get("n", -1)
        records = conn.pending_records
        if n == -1 or n >= len(records):
            batch, rest = records, []
        else:
            batch, rest = records[:n], records[n:]
        conn.pending_records = rest
        replies: list[Reply] = []
        if name == "PULL":
            replies.extend((RECORD, values) for values in batch)
        if rest:
            replies.append((SUCCESS, {"has_more": True}))
        else:
            replies.append((SUCCESS, {"type": "r", "t_last": 2}))
        return replies
    if name == "GOODBYE":
        return ["close"]
    raise AssertionError(f"unexpected request {name}")


class FakeBoltServer:
    """Threaded fake server on 127.0.0.1 (a free port).

    :param handler: request handler; default :func:`default_handler`
    :param version: the protocol version to accept
    """

    def __init__(
        self,
        handler: Handler = default_handler,
        version: tuple[int, int] = (5, 4),
    ) -> None:
        self.handler = handler
        self.version = version
        self.connections: list[FakeConnection] = []
        self._bookmark = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self._listener.settimeout(0.1)
        self.port = self._listener.getsockname()[1]
        self._threads: list[threading.Thread] = []
        self._sockets: list[socket.socket] = []
        accept = threading.Thread(target=self._accept_loop, daemon=True)
        accept.start()
        self._threads.append(accept)

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    def next_bookmark(self) -> int:
        with self._lock:
            self._bookmark += 1
            return self._bookmark

    def requests(self) -> list[list[str]]:
        """Names of the requests per connection."""
        return [list(conn.received) for conn in self.connections]

    def stop(self) -> None:
        self._stop.set()
        for sock in list(self._sockets):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
        self._listener.close()
        for thread in self._threads:
            thread.join(2)

    def __enter__(self) -> FakeBoltServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            try:
                sock, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                conn = FakeConnection(self, len(self.connections) + 1)
                self.connections.append(conn)
                self._sockets.append(sock)
            thread = threading.Thread(
                target=self._serve, args=(sock, conn), daemon=True
            )
            thread.start()
            self._threads.append(thread)

    def _serve(self, sock: socket.socket, conn: FakeConnection) -> None:
        try:
            self._serve_inner(sock, conn)
        except OSError:
            pass
        finally:
            conn.closed = True
            try:
                sock.close()
            except OSError:
                pass

    def _serve_inner(self, sock: socket.socket, conn: FakeConnection) -> None:
        handshake = b""
        while len(handshake) < 20:
            data = sock.recv(20 - len(handshake))
            if not data:
                return
            handshake += data
        major, minor = self.version
        sock.sendall(bytes((0, 0, minor, major)))
        inbox = bytearray()
        while not self._stop.is_set():
            data = sock.recv(65536)
            if not data:
                return
            inbox += data
            pos = 0
            while True:
                # the driver's inbound decoder, used on the server side
                _, request, pos = unpack_chunked(inbox, pos, len(inbox), None)
                if request is None:
                    del inbox[:pos]
                    break
                tag, fields = request
                name = NAMES.get(tag, f"0x{tag:02X}")
                conn.received.append(name)
                out = bytearray()
                for reply in self.handler(conn, name, fields):
                    if reply == "close":
                        if out:
                            sock.sendall(out)
                        return
                    if reply == "hang":
                        if out:
                            sock.sendall(out)
                        self._stop.wait()
                        return
                    assert isinstance(reply, tuple)
                    if reply[0] == FAILURE:
                        conn.failed = True
                    body = bytearray()
                    pack_struct(body, reply[0], list(reply[1:]))
                    chunk_body(out, body)
                if out:
                    sock.sendall(out)


def failure(code: str, message: str = "boom") -> tuple[t.Any, ...]:
    """A FAILURE reply."""
    return (FAILURE, {"code": code, "message": message})
