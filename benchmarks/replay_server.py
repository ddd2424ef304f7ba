"""A Bolt 5 / 6 server that answers from canned, pre-encoded results.

It measures *driver* cost: every answer is either a constant or a slice
of records encoded once (see :mod:`benchmarks._datasets`), so the
server's own work per request is a dictionary look-up and one write.

Protocol (from the Bolt specification):

* handshake: the 4-byte preamble ``60 60 B0 17`` and four 4-byte version
  proposals ``00 <range> <minor> <major>``; the server answers the
  highest ``5.x`` the client offers that is not above
  ``5.<max_minor>`` (default 5.4), or ``00 00 00 00`` and hangs up;
  manifest-style proposals (``.. .. 01 FF``) are skipped;
* Bolt 6 (only when ``bolt6_minor`` is set, e.g. 1 for the UUIDs of
  Bolt 6.1): a client proposing manifest v1 (``00 00 01 FF``) gets the
  manifest ``00 00 01 FF``, a varint count, the offers
  ``6.bolt6_minor``..``6.0`` and ``5.max_minor``..``5.0`` and a
  capabilities varint (0); it answers with the 4 bytes of the version
  it chose and its own capabilities varint.  Classic proposals may then
  pick 6.x too.  The messages are those of Bolt 5.7+ (GQL failures);
  PackStream 2 adds only the UUID value (marker ``E0``);
* messages are chunked (2-byte big-endian size, data, ``00 00`` ends a
  message); each is one PackStream structure whose tag names it:
  HELLO, LOGON, LOGOFF, TELEMETRY, RESET, GOODBYE, BEGIN, COMMIT,
  ROLLBACK, RUN, PULL, DISCARD, ROUTE;
* ``PULL {n, qid}`` streams at most ``n`` records, then
  ``SUCCESS {has_more: true}`` or the closing summary; inside an
  explicit transaction every RUN gets a ``qid``;
* an unknown query gets a FAILURE; afterwards everything but RESET and
  GOODBYE is IGNORED, as on a real server.

Run as a program it prints the port it listens on, then serves until
killed or until its standard input is closed::

    python -m benchmarks.replay_server --port 0 --preload "BENCH ints 1000"

In tests, :meth:`ReplayServer.start_in_thread` runs it on a background
event loop.
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import sys
import threading
import typing as t
from pathlib import Path


if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._datasets import BOOKMARK, Registry, Result
from benchmarks._packstream import (
    DecodeError,
    container_header,
    decode_at,
    message,
)


__all__ = ["MAGIC", "ReplayServer", "main"]


MAGIC = b"\x60\x60\xb0\x17"
SERVER_AGENT = "Neo4j/5.26.0"

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
SUCCESS = 0x70
IGNORED = 0x7E
FAILURE = 0x7F

MANIFEST_V1 = b"\x00\x00\x01\xff"
NO_VERSION = b"\x00\x00\x00\x00"

EMPTY_SUCCESS = message(SUCCESS, {})
HAS_MORE = message(SUCCESS, {"has_more": True})
COMMIT_SUCCESS = message(SUCCESS, {"bookmark": BOOKMARK})
IGNORED_MSG = message(IGNORED)


def choose_version(
    proposals: bytes, max_minor: int = 4, bolt6_minor: int | None = None
) -> tuple[int, int] | None:
    """Pick the protocol version to answer a classic handshake with.

    :param proposals: the 16 bytes after the preamble
    :param max_minor: the highest 5.x minor version to accept
    :param bolt6_minor: the highest 6.x minor version to accept
        (``None``: no Bolt 6)
    :returns: ``(major, minor)`` or ``None`` when no version fits
    """
    limits = {5: max_minor}
    if bolt6_minor is not None:
        limits[6] = bolt6_minor
    best: tuple[int, int] | None = None
    for i in range(0, 16, 4):
        _, span, minor, major = proposals[i : i + 4]
        limit = limits.get(major)
        if limit is None:
            continue
        low = max(0, minor - span)
        high = min(minor, limit)
        if high >= low and (best is None or (major, high) > best):
            best = (major, high)
    return best


def manifest(max_minor: int, bolt6_minor: int) -> bytes:
    """The server's manifest v1 answer: Bolt 6 and Bolt 5 ranges.

    :param max_minor: the highest 5.x minor version offered
    :param bolt6_minor: the highest 6.x minor version offered
    :returns: marker, count (2), the two offers, capabilities (0)
    """
    return (
        MANIFEST_V1
        + b"\x02"
        + bytes((0, bolt6_minor, bolt6_minor, 6))
        + bytes((0, max_minor, max_minor, 5))
        + b"\x00"
    )


def read_choice(
    data: bytes | bytearray,
) -> tuple[tuple[int, int] | None, int] | None:
    """The client's answer to a manifest: 4 version bytes, a varint.

    :param data: the bytes received after the handshake proposals
    :returns: ``(version or None for 00 00 00 00, bytes used)``, or
        ``None`` while the answer is incomplete
    """
    for end in range(4, len(data)):
        if not data[end] & 0x80:  # the last byte of the varint
            _, _, minor, major = data[:4]
            return ((major, minor) if major else None), end + 1
    return None


class _Cursor:
    __slots__ = ("pos", "result")

    def __init__(self, result: Result) -> None:
        self.result = result
        self.pos = 0


class _Connection(asyncio.Protocol):
    """One client connection: handshake, then messages."""

    def __init__(self, server: ReplayServer, number: int) -> None:
        self.server = server
        self.number = number
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.version: tuple[int, int] | None = None
        self.awaiting_choice = False
        self.parts: list[bytes] = []
        self.failed = False
        self.in_tx = False
        self.cursors: dict[int, _Cursor] = {}
        self.last_qid = -1
        self.next_qid = 0
        self.out = bytearray()

    # ------------------------------------------------------------ transport
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def data_received(self, data: bytes) -> None:
        buffer = self.buffer
        buffer += data
        if self.version is None and not self._handshake():
            return
        pos = 0
        size_total = len(buffer)
        parts = self.parts
        while pos + 2 <= size_total:
            size = (buffer[pos] << 8) | buffer[pos + 1]
            if size == 0:
                pos += 2
                body = parts[0] if len(parts) == 1 else b"".join(parts)
                parts.clear()
                if body:
                    self._handle(body)
                if self.transport is None:
                    return
                continue
            if pos + 2 + size > size_total:
                break
            parts.append(bytes(buffer[pos + 2 : pos + 2 + size]))
            pos += 2 + size
        del buffer[:pos]
        if self.out and self.transport is not None:
            self.transport.write(bytes(self.out))
            self.out.clear()

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None

    def _close(self) -> None:
        if self.transport is not None:
            if self.out:
                self.transport.write(bytes(self.out))
                self.out.clear()
            self.transport.close()
            self.transport = None

    def _handshake(self) -> bool:
        if self.awaiting_choice:
            return self._manifest_choice()
        if len(self.buffer) < 20:
            return False
        assert self.transport is not None
        if self.buffer[:4] != MAGIC:
            self.transport.close()
            self.transport = None
            return False
        server = self.server
        proposals = bytes(self.buffer[4:20])
        offers = [proposals[i : i + 4] for i in range(0, 16, 4)]
        if server.bolt6_minor is not None and MANIFEST_V1 in offers:
            del self.buffer[:20]
            self.transport.write(
                manifest(server.max_minor, server.bolt6_minor)
            )
            self.awaiting_choice = True
            return self._manifest_choice()
        version = choose_version(
            proposals, server.max_minor, server.bolt6_minor
        )
        if version is None:
            self.transport.write(NO_VERSION)
            self.transport.close()
            self.transport = None
            return False
        self.version = version
        self.transport.write(bytes((0, 0, version[1], version[0])))
        del self.buffer[:20]
        return True

    def _manifest_choice(self) -> bool:
        assert self.transport is not None
        found = read_choice(self.buffer)
        if found is None:
            return False
        version, used = found
        server = self.server
        limits = {5: server.max_minor, 6: server.bolt6_minor}
        highest = None if version is None else limits.get(version[0])
        if version is None or highest is None or version[1] > highest:
            # 00 00 00 00 (nothing fits) or a version never offered
            self.transport.close()
            self.transport = None
            return False
        self.version = version
        self.awaiting_choice = False
        del self.buffer[:used]
        return True

    # ------------------------------------------------------------- messages
    def _handle(self, body: bytes) -> None:
        if len(body) < 2 or body[0] & 0xF0 != 0xB0:
            self._fail("Neo.ClientError.Request.Invalid", "not a message")
            return
        tag = body[1]
        if tag == GOODBYE:
            self._close()
            return
        if tag == RESET:
            self.failed = False
            self.in_tx = False
            self.cursors.clear()
            self.out += EMPTY_SUCCESS
            return
        if self.failed:
            self.out += IGNORED_MSG
            return
        try:
            handler = self._HANDLERS.get(tag)
            if handler is None:
                self._fail(
                    "Neo.ClientError.Request.Invalid",
                    f"unknown message 0x{tag:02X}",
                )
            else:
                handler(self, body)
        except KeyError as exc:
            self._fail("Neo.ClientError.Request.Invalid", str(exc.args[0]))
        except (DecodeError, ValueError, TypeError) as exc:
            self._fail("Neo.ClientError.Request.Invalid", str(exc))

    def _fail(self, code: str, text: str) -> None:
        self.failed = True
        self.cursors.clear()
        meta: dict[str, t.Any]
        if self.version is not None and self.version >= (5, 7):
            meta = {
                "neo4j_code": code,
                "message": text,
                "gql_status": "50N42",
                "description": f"error: general processing exception - "
                f"unexpected error. {text}",
                "diagnostic_record": {
                    "OPERATION": "",
                    "OPERATION_CODE": "0",
                    "CURRENT_SCHEMA": "/",
                },
            }
        else:
            meta = {"code": code, "message": text}
        self.out += message(FAILURE, meta)

    def _hello(self, body: bytes) -> None:
        self.out += self.server.hello_success(self.number)

    def _ok(self, body: bytes) -> None:
        self.out += EMPTY_SUCCESS

    def _begin(self, body: bytes) -> None:
        self.in_tx = True
        self.cursors.clear()
        self.next_qid = 0
        self.out += EMPTY_SUCCESS

    def _commit(self, body: bytes) -> None:
        self.in_tx = False
        self.cursors.clear()
        self.out += COMMIT_SUCCESS

    def _rollback(self, body: bytes) -> None:
        self.in_tx = False
        self.cursors.clear()
        self.out += EMPTY_SUCCESS

    def _run(self, body: bytes) -> None:
        server = self.server
        result = server.run_cache.get(body)
        if result is None:
            kind, _, pos = container_header(body, 2)
            if kind != "str":
                raise DecodeError("RUN without a query string")
            query, pos = decode_at(body, 2)
            name = Registry.unwind_parameter(query)
            if name is not None:
                created = self._count_list(body, pos, name)
                result = server.registry.write_result(created)
            else:
                result = server.registry.lookup(query)
                if result is None:
                    self._fail(
                        "Neo.ClientError.Statement.SyntaxError",
                        f"the replay server does not know {query!r}",
                    )
                    return
                if len(body) <= 1024:
                    server.run_cache[body] = result
        if self.in_tx:
            qid = self.next_qid
            self.next_qid += 1
            self.out += result.run_success(qid)
        else:
            qid = 0
            self.cursors.clear()
            self.out += result.run_success(None)
        self.cursors[qid] = _Cursor(result)
        self.last_qid = qid

    def _count_list(self, body: bytes, pos: int, name: str) -> int:
        """Length of list parameter ``name``; checks it if asked to."""
        if self.server.decode_params:
            params, end = decode_at(body, pos)
            _, end = decode_at(body, end)
            if end != len(body):
                raise DecodeError("trailing bytes after RUN")
            if not isinstance(params, dict) or name not in params:
                raise KeyError(f"missing parameter {name!r}")
            rows = params[name]
            if not isinstance(rows, list):
                raise TypeError(f"parameter {name!r} is not a list")
            return len(rows)
        kind, entries, pos = container_header(body, pos)
        if kind != "map":
            raise DecodeError("RUN parameters are not a map")
        for _ in range(entries):
            key, pos = decode_at(body, pos)
            if key == name:
                kind, size, pos = container_header(body, pos)
                if kind != "list":
                    raise TypeError(f"parameter {name!r} is not a list")
                return size
            _, pos = decode_at(body, pos)
        raise KeyError(f"missing parameter {name!r}")

    def _stream(self, body: bytes, discard: bool) -> None:
        pull = self.server.pull_cache.get(body)
        if pull is None:
            extra, _ = decode_at(body, 2)
            pull = (int(extra.get("n", -1)), int(extra.get("qid", -1)))
            if len(self.server.pull_cache) < 64:
                self.server.pull_cache[body] = pull
        n, qid = pull
        if qid == -1:
            qid = self.last_qid
        cursor = self.cursors.get(qid)
        if cursor is None:
            self._fail(
                "Neo.ClientError.Request.Invalid",
                f"no open result with qid {qid}",
            )
            return
        result = cursor.result
        if discard:
            end = result.rows if n < 0 else min(result.rows, cursor.pos + n)
        else:
            chunk, end = result.span(cursor.pos, n)
            self.out += chunk
        cursor.pos = end
        if end < result.rows:
            self.out += HAS_MORE
        else:
            del self.cursors[qid]
            self.out += result.summary(self.in_tx)

    def _pull(self, body: bytes) -> None:
        self._stream(body, discard=False)

    def _discard(self, body: bytes) -> None:
        self._stream(body, discard=True)

    def _route(self, body: bytes) -> None:
        assert self.transport is not None
        host, port = self.transport.get_extra_info("sockname")[:2]
        address = f"{host}:{port}"
        table = {
            "ttl": 300,
            "db": "neo4j",
            "servers": [
                {"addresses": [address], "role": role}
                for role in ("ROUTE", "READ", "WRITE")
            ],
        }
        self.out += message(SUCCESS, {"rt": table})

    _HANDLERS: t.ClassVar[dict[int, t.Callable[[_Connection, bytes], None]]]


_Connection._HANDLERS = {
    HELLO: _Connection._hello,
    LOGON: _Connection._ok,
    LOGOFF: _Connection._ok,
    TELEMETRY: _Connection._ok,
    BEGIN: _Connection._begin,
    COMMIT: _Connection._commit,
    ROLLBACK: _Connection._rollback,
    RUN: _Connection._run,
    PULL: _Connection._pull,
    DISCARD: _Connection._discard,
    ROUTE: _Connection._route,
}


class ReplayServer:
    """Serves canned results to Bolt 5 (and optionally Bolt 6) clients.

    :param max_minor: highest Bolt 5 minor version to agree on (0-8)
    :param bolt6_minor: highest Bolt 6 minor version to agree on (0 or
        1); ``None`` (the default) speaks Bolt 5 only
    :param telemetry: advertise ``telemetry.enabled`` in the HELLO hints
    :param decode_params: fully decode the list parameter of ``UNWIND``
        writes (checks the client's encoding; costs server time)
    :param registry: the query registry (a new one when omitted)
    """

    def __init__(
        self,
        max_minor: int = 4,
        telemetry: bool = False,
        decode_params: bool = False,
        registry: Registry | None = None,
        bolt6_minor: int | None = None,
    ) -> None:
        if not 0 <= max_minor <= 8:
            raise ValueError("max_minor must be between 0 and 8")
        if bolt6_minor is not None and not 0 <= bolt6_minor <= 1:
            raise ValueError("bolt6_minor must be 0 or 1")
        self.max_minor = max_minor
        self.bolt6_minor = bolt6_minor
        self.telemetry = telemetry
        self.decode_params = decode_params
        self.registry = registry if registry is not None else Registry()
        self.run_cache: dict[bytes, Result] = {}
        self.pull_cache: dict[bytes, tuple[int, int]] = {}
        self.connections = 0
        self._server: asyncio.Server | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    def hello_success(self, number: int) -> bytes:
        """The SUCCESS answering HELLO on connection ``number``.

        :param number: the connection's sequence number
        :returns: the framed message
        """
        hints: dict[str, t.Any] = {}
        if self.telemetry:
            hints["telemetry.enabled"] = True
        meta = {
            "server": SERVER_AGENT,
            "connection_id": f"bolt-{number}",
            "hints": hints,
        }
        return message(SUCCESS, meta)

    def _new_connection(self) -> _Connection:
        self.connections += 1
        return _Connection(self, self.connections)

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> int:
        """Start listening on the running loop.

        :param host: the address to bind
        :param port: the port, ``0`` for a free one
        :returns: the port listened on
        """
        self._server = await asyncio.get_running_loop().create_server(
            self._new_connection, host, port, backlog=512
        )
        return int(self._server.sockets[0].getsockname()[1])

    async def close(self) -> None:
        """Stop listening (open connections are dropped)."""
        if self._server is not None:
            self._server.close()
            self._server = None

    def start_in_thread(self, host: str = "127.0.0.1") -> int:
        """Serve from a daemon thread with its own event loop.

        :param host: the address to bind
        :returns: the port listened on
        """
        loop = asyncio.new_event_loop()
        started = threading.Event()
        port: list[int] = []

        def serve() -> None:
            asyncio.set_event_loop(loop)
            port.append(loop.run_until_complete(self.start(host)))
            started.set()
            loop.run_forever()
            loop.run_until_complete(self.close())
            loop.close()

        self._loop = loop
        self._thread = threading.Thread(
            target=serve, name="replay-server", daemon=True
        )
        self._thread.start()
        started.wait(30)
        if not port:
            raise RuntimeError("the replay server did not start")
        return port[0]

    def stop_thread(self) -> None:
        """Stop a server started with :meth:`start_in_thread`."""
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(30)
            self._loop = None
            self._thread = None


async def _serve(args: argparse.Namespace) -> None:
    server = ReplayServer(
        max_minor=args.max_minor,
        telemetry=args.telemetry,
        decode_params=args.decode_params,
        bolt6_minor=args.bolt6_minor,
    )
    server.registry.preload(args.preload)
    port = await server.start(args.host, args.port)
    print(port, flush=True)
    loop = asyncio.get_running_loop()
    stdin_closed = loop.create_future()

    def wait_stdin() -> None:
        try:
            sys.stdin.read()
        finally:
            loop.call_soon_threadsafe(stdin_closed.set_result, None)

    if args.until_stdin_closes:
        threading.Thread(target=wait_stdin, daemon=True).start()
        await stdin_closed
    else:
        await asyncio.Event().wait()
    await server.close()


def main(argv: t.Sequence[str] | None = None) -> None:
    """Command line entry point (see ``--help``).

    :param argv: arguments, ``sys.argv[1:]`` when omitted
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument(
        "--max-minor",
        type=int,
        default=4,
        help="highest Bolt 5.x minor version to agree on (default 4)",
    )
    parser.add_argument(
        "--bolt6-minor",
        type=int,
        default=None,
        help="also agree on Bolt 6.0 up to 6.N through the manifest "
        "handshake (1: Bolt 6.1, UUIDs); default: Bolt 5 only",
    )
    parser.add_argument("--telemetry", action="store_true")
    parser.add_argument("--decode-params", action="store_true")
    parser.add_argument(
        "--preload",
        action="append",
        default=[],
        metavar="QUERY",
        help="encode this query's result at start-up (repeatable)",
    )
    parser.add_argument(
        "--until-stdin-closes",
        action="store_true",
        help="exit when standard input reaches end of file",
    )
    try:
        asyncio.run(_serve(parser.parse_args(argv)))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
