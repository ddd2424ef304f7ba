"""A tiny, self-contained Bolt client used to probe test servers.

It deliberately does not import the ``neo4j`` package under test: the
launchers must be able to tell whether a server is ready (and the smoke
tests whether it behaves) even while the driver itself is broken.

Only what a readiness check needs is implemented: the classic handshake
offering Bolt 5.4 down to 5.0 (plus 4.4), HELLO / LOGON with basic auth,
RUN + PULL of one auto-commit query, and a PackStream subset (null, bool,
int, float, str, bytes, list, map; structures decode to :class:`Struct`).
"""

from __future__ import annotations

import socket
import ssl
import struct
import typing as t


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

_I8 = struct.Struct(">b")
_I16 = struct.Struct(">h")
_I32 = struct.Struct(">i")
_I64 = struct.Struct(">q")
_U8 = struct.Struct(">B")
_U16 = struct.Struct(">H")
_U32 = struct.Struct(">I")
_F64 = struct.Struct(">d")


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


class Struct:
    """A decoded PackStream structure the probe has no type for."""

    __slots__ = ("fields", "tag")

    def __init__(self, tag: int, fields: list[t.Any]) -> None:
        self.tag = tag
        self.fields = fields

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Struct):
            return NotImplemented
        return self.tag == other.tag and self.fields == other.fields

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Struct(0x{self.tag:02X}, {self.fields!r})"


# --------------------------------------------------------------- PackStream


def _pack_size(
    out: bytearray, size: int, tiny: int, m8: int | None, m16: int, m32: int
) -> None:
    if size < 0x10:
        out.append(tiny + size)
    elif m8 is not None and size < 0x100:
        out.append(m8)
        out.append(size)
    elif size < 0x10000:
        out.append(m16)
        out += _U16.pack(size)
    else:
        out.append(m32)
        out += _U32.pack(size)


def pack(out: bytearray, value: t.Any) -> None:
    """Append the PackStream encoding of *value* to *out*.

    :param out: the buffer to append to
    :param value: ``None``, bool, int, float, str, bytes, list, tuple or a
        dict with str keys
    :raises TypeError: for any other type
    """
    if value is None:
        out.append(0xC0)
    elif value is True:
        out.append(0xC3)
    elif value is False:
        out.append(0xC2)
    elif isinstance(value, int):
        if -0x10 <= value < 0x80:
            out += _I8.pack(value)
        elif -0x80 <= value < 0x80:
            out.append(0xC8)
            out += _I8.pack(value)
        elif -0x8000 <= value < 0x8000:
            out.append(0xC9)
            out += _I16.pack(value)
        elif -0x80000000 <= value < 0x80000000:
            out.append(0xCA)
            out += _I32.pack(value)
        else:
            out.append(0xCB)
            out += _I64.pack(value)
    elif isinstance(value, float):
        out.append(0xC1)
        out += _F64.pack(value)
    elif isinstance(value, str):
        data = value.encode("utf-8")
        _pack_size(out, len(data), 0x80, 0xD0, 0xD1, 0xD2)
        out += data
    elif isinstance(value, (bytes, bytearray)):
        n = len(value)
        if n < 0x100:
            out.append(0xCC)
            out.append(n)
        elif n < 0x10000:
            out.append(0xCD)
            out += _U16.pack(n)
        else:
            out.append(0xCE)
            out += _U32.pack(n)
        out += value
    elif isinstance(value, (list, tuple)):
        _pack_size(out, len(value), 0x90, 0xD4, 0xD5, 0xD6)
        for item in value:
            pack(out, item)
    elif isinstance(value, dict):
        _pack_size(out, len(value), 0xA0, 0xD8, 0xD9, 0xDA)
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"map keys must be str, got {key!r}")
            pack(out, key)
            pack(out, item)
    else:
        raise TypeError(f"probe cannot pack {type(value).__name__}")


def unpack(data: bytes, pos: int = 0) -> tuple[t.Any, int]:
    """Decode one PackStream value.

    :param data: the encoded bytes
    :param pos: where the value starts
    :returns: the value and the position just after it
    :raises ProbeError: on a marker the probe does not know
    """
    marker = data[pos]
    pos += 1
    if marker < 0x80:
        return marker, pos
    if marker >= 0xF0:
        return marker - 0x100, pos
    high = marker & 0xF0
    if high == 0x80:
        return _str(data, pos, marker & 0x0F)
    if high == 0x90:
        return _list(data, pos, marker & 0x0F)
    if high == 0xA0:
        return _map(data, pos, marker & 0x0F)
    if high == 0xB0:
        return _struct(data, pos, marker & 0x0F)
    if marker == 0xC0:
        return None, pos
    if marker == 0xC1:
        return _F64.unpack_from(data, pos)[0], pos + 8
    if marker == 0xC2:
        return False, pos
    if marker == 0xC3:
        return True, pos
    fixed: dict[int, struct.Struct] = {
        0xC8: _I8,
        0xC9: _I16,
        0xCA: _I32,
        0xCB: _I64,
    }
    if marker in fixed:
        codec = fixed[marker]
        return codec.unpack_from(data, pos)[0], pos + codec.size
    sizes: dict[int, struct.Struct] = {0: _U8, 1: _U16, 2: _U32}
    kind, width = marker & 0xFC, marker & 0x03
    if width in sizes and kind in (0xCC, 0xD0, 0xD4, 0xD8):
        codec = sizes[width]
        size = codec.unpack_from(data, pos)[0]
        pos += codec.size
        if kind == 0xCC:
            return bytes(data[pos : pos + size]), pos + size
        if kind == 0xD0:
            return _str(data, pos, size)
        if kind == 0xD4:
            return _list(data, pos, size)
        return _map(data, pos, size)
    raise ProbeError(f"unknown PackStream marker 0x{marker:02X}")


def _str(data: bytes, pos: int, size: int) -> tuple[str, int]:
    return data[pos : pos + size].decode("utf-8"), pos + size


def _list(data: bytes, pos: int, size: int) -> tuple[list[t.Any], int]:
    items = []
    for _ in range(size):
        item, pos = unpack(data, pos)
        items.append(item)
    return items, pos


def _map(data: bytes, pos: int, size: int) -> tuple[dict[str, t.Any], int]:
    result = {}
    for _ in range(size):
        key, pos = unpack(data, pos)
        result[key], pos = unpack(data, pos)
    return result, pos


def _struct(data: bytes, pos: int, size: int) -> tuple[Struct, int]:
    tag = data[pos]
    fields, pos = _list(data, pos + 1, size)
    return Struct(tag, fields), pos


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
        body = bytearray((0xB0 + len(fields), tag))
        for field in fields:
            pack(body, field)
        out = bytearray()
        for start in range(0, len(body), 0xFFFF):
            chunk = body[start : start + 0xFFFF]
            out += _U16.pack(len(chunk))
            out += chunk
        out += b"\x00\x00"
        sock.sendall(out)

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
        value, end = unpack(bytes(body))
        if not isinstance(value, Struct) or end != len(body):
            raise ProbeError(f"malformed message {bytes(body)!r}")
        return value.tag, value.fields

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
