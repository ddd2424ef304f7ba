"""A tiny, self-contained Bolt client used to probe test servers.

It deliberately does not import the ``neo4j`` package under test: the
launchers must be able to tell whether a server is ready (and the smoke
tests whether it behaves) even while the driver itself is broken.

Only what a readiness check needs is implemented: the classic handshake
offering Bolt 5.4 down to 5.0 (plus 4.4), HELLO / LOGON with basic auth,
RUN + PULL of one auto-commit query.  PackStream comes from the shared
test-side codec :mod:`.packstream` (structures decode to :class:`Struct`).
"""

from __future__ import annotations

import socket
import ssl
import struct
import typing as t

from .packstream import Struct, UnpackError, pack_message, unpack_message


__all__ = [
    "BoltProbe",
    "ProbeError",
    "ServerFailure",
    "Struct",
    "query_once",
]

MAGIC = b"\x60\x60\xb0\x17"
# Four proposal slots: 5.4 with a range of 4 minors (5.4 .. 5.0), 4.4,
# then two empty slots.
PROPOSALS = b"\x00\x04\x04\x05" + b"\x00\x00\x04\x04" + b"\x00" * 8

MSG_HELLO = 0x01
MSG_GOODBYE = 0x02
MSG_RUN = 0x10
MSG_PULL = 0x3F
MSG_LOGON = 0x6A
MSG_SUCCESS = 0x70
MSG_RECORD = 0x71
MSG_IGNORED = 0x7E
MSG_FAILURE = 0x7F

USER_AGENT = "neo4j-test-probe/1.0"

_U16 = struct.Struct(">H")


class ProbeError(Exception):
    """The probe could not talk Bolt to the server."""


class ServerFailure(ProbeError):
    """The server answered a request with a FAILURE message.

    :param code: the Neo4j status code, e.g.
        ``Neo.ClientError.Security.Unauthorized``
    :param message: the human readable message sent by the server
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


# --------------------------------------------------------------- connection


class BoltProbe:
    """One Bolt connection, driven synchronously.

    :param host: server address
    :param port: Bolt port
    :param timeout: socket timeout in seconds for every operation
    :param ssl_context: wrap the socket with TLS using this context
    :param server_hostname: name used for SNI and hostname checking
        (defaults to *host*)
    """

    def __init__(
        self,
        host: str,
        port: int,
        *,
        timeout: float = 5.0,
        ssl_context: ssl.SSLContext | None = None,
        server_hostname: str | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.timeout = timeout
        self.ssl_context = ssl_context
        self.server_hostname = server_hostname or host
        self.version: tuple[int, int] = (0, 0)
        self.sock: socket.socket | None = None
        self._buffer = bytearray()

    def __enter__(self) -> BoltProbe:
        self.connect()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def connect(self) -> tuple[int, int]:
        """Open the socket and perform the Bolt handshake.

        :returns: the negotiated ``(major, minor)`` version
        :raises ProbeError: if the server rejects every proposal
        :raises OSError: if the connection fails
        """
        sock = socket.create_connection(
            (self.host, self.port), timeout=self.timeout
        )
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if self.ssl_context is not None:
                sock = self.ssl_context.wrap_socket(
                    sock, server_hostname=self.server_hostname
                )
            self.sock = sock
            sock.sendall(MAGIC + PROPOSALS)
            answer = self._recv_exact(4)
        except BaseException:
            sock.close()
            self.sock = None
            raise
        if answer == b"\x00\x00\x00\x00":
            self.close()
            raise ProbeError("server rejected all Bolt versions offered")
        self.version = (answer[3], answer[2])
        return self.version

    def close(self) -> None:
        """Close the socket (sending GOODBYE when possible)."""
        sock, self.sock = self.sock, None
        if sock is None:
            return
        try:
            self._send_on(sock, MSG_GOODBYE, [])
        except OSError:
            pass
        sock.close()

    # -- messages ---------------------------------------------------------

    def login(self, user: str, password: str) -> dict[str, t.Any]:
        """Send HELLO (and LOGON on Bolt 5.1+) with basic auth.

        :returns: the metadata of the HELLO SUCCESS
        :raises ServerFailure: on authentication failure
        """
        auth = {"scheme": "basic", "principal": user, "credentials": password}
        extra: dict[str, t.Any] = {"user_agent": USER_AGENT}
        if self.version >= (5, 3):
            extra["bolt_agent"] = {"product": USER_AGENT}
        with_logon = self.version >= (5, 1)
        if not with_logon:
            extra.update(auth)
        self.send(MSG_HELLO, [extra])
        if with_logon:
            self.send(MSG_LOGON, [auth])
        hello = self.expect_success()
        if with_logon:
            self.expect_success()
        return hello

    def run(
        self,
        query: str,
        parameters: dict[str, t.Any] | None = None,
        database: str | None = None,
    ) -> tuple[list[str], list[list[t.Any]]]:
        """Run an auto-commit query and pull all of its records.

        :returns: the field names and the records (as lists of values)
        :raises ServerFailure: if the server reports a failure
        """
        extra: dict[str, t.Any] = {}
        if database is not None:
            extra["db"] = database
        self.send(MSG_RUN, [query, parameters or {}, extra])
        self.send(MSG_PULL, [{"n": -1}])
        header = self.expect_success()
        records: list[list[t.Any]] = []
        while True:
            tag, fields = self.receive()
            if tag == MSG_RECORD:
                records.append(fields[0])
                continue
            self._check_summary(tag, fields)
            break
        return list(header.get("fields", [])), records

    def send(self, tag: int, fields: list[t.Any]) -> None:
        """Send one message (chunked, with end marker)."""
        if self.sock is None:
            raise ProbeError("not connected")
        self._send_on(self.sock, tag, fields)

    @staticmethod
    def _send_on(sock: socket.socket, tag: int, fields: list[t.Any]) -> None:
        sock.sendall(pack_message(tag, fields))

    def receive(self) -> tuple[int, list[t.Any]]:
        """Read one message.

        :returns: its tag and its fields
        :raises ProbeError: if the connection closes first
        """
        body = bytearray()
        while True:
            size = _U16.unpack(self._recv_exact(2))[0]
            if size == 0:
                if body:
                    break
                continue  # NOOP keep-alive chunk
            body += self._recv_exact(size)
        try:
            return unpack_message(body)
        except (UnpackError, UnicodeDecodeError) as exc:
            raise ProbeError(f"malformed message {bytes(body)!r}") from exc

    def expect_success(self) -> dict[str, t.Any]:
        """Read one summary message and require SUCCESS.

        :returns: its metadata
        :raises ServerFailure: if it is a FAILURE
        :raises ProbeError: if it is anything else
        """
        tag, fields = self.receive()
        return self._check_summary(tag, fields)

    @staticmethod
    def _check_summary(tag: int, fields: list[t.Any]) -> dict[str, t.Any]:
        meta = fields[0] if fields and isinstance(fields[0], dict) else {}
        if tag == MSG_SUCCESS:
            return meta
        if tag == MSG_FAILURE:
            raise ServerFailure(
                str(meta.get("code", "")), str(meta.get("message", ""))
            )
        if tag == MSG_IGNORED:
            raise ProbeError("request was IGNORED by the server")
        raise ProbeError(f"unexpected message 0x{tag:02X} {fields!r}")

    def _recv_exact(self, n: int) -> bytes:
        if self.sock is None:
            raise ProbeError("not connected")
        while len(self._buffer) < n:
            data = self.sock.recv(max(65536, n))
            if not data:
                raise ProbeError("connection closed by server")
            self._buffer += data
        result = bytes(self._buffer[:n])
        del self._buffer[:n]
        return result


def query_once(
    host: str,
    port: int,
    auth: tuple[str, str],
    query: str = "RETURN 1",
    *,
    database: str | None = "test",
    parameters: dict[str, t.Any] | None = None,
    timeout: float = 5.0,
    ssl_context: ssl.SSLContext | None = None,
    server_hostname: str | None = None,
) -> list[list[t.Any]]:
    """Connect, log in, run one query and return its records.

    :param auth: ``(user, password)`` for basic auth
    :returns: the records, each a list of values
    :raises ServerFailure: if the server reports a failure
    :raises ProbeError: on protocol trouble
    :raises OSError: if the connection fails
    """
    with BoltProbe(
        host,
        port,
        timeout=timeout,
        ssl_context=ssl_context,
        server_hostname=server_hostname,
    ) as probe:
        probe.login(*auth)
        return probe.run(query, parameters, database)[1]
