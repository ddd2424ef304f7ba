"""The stub server: a loopback Bolt server that plays scripts.

Each :class:`StubServer` owns a thread running its own asyncio event loop,
so sync and async driver tests use it alike; the test thread only talks to
it through a lock and a condition.  The port is chosen by the operating
system (bind to port 0), so several servers run side by side safely.

Everything that goes wrong in a conversation (an unexpected message, a
client that leaves early, a malformed message) is recorded as a failure
with a readable diff and closes that connection; :meth:`StubServer.done`
raises them as one :class:`AssertionError`.
"""

from __future__ import annotations

import asyncio
import os
import socket
import threading
import time
import typing as t
from dataclasses import dataclass, field
from pathlib import Path

from ._handshake import (
    MAGIC,
    MANIFEST_V1,
    REJECT,
    choose_classic,
    decode_varint,
    manifest_offer,
    offered,
    version_bytes,
)
from ._packstream import UnpackError, pack_message, unpack_message
from ._player import Player
from ._script import (
    Action,
    Script,
    message_name,
    parse_script,
    substitute,
)
from ._values import render_fields


__all__ = ["ScriptSource", "StubServer"]

ScriptSource = t.Union[str, "os.PathLike[str]"]

_GOODBYE = 0x02
_HELLO = 0x01
_SUCCESS = 0x70
_TRANSCRIPT_TAIL = 30


class _Ended(Exception):
    """The conversation is over (the reason is already recorded)."""


@dataclass(eq=False)
class _Conn:
    """Book-keeping for one client connection."""

    number: int
    script: Script
    transcript: list[str] = field(default_factory=list)
    state: str = "handshake"  # -> "playing" -> "ended"
    idle_ok: bool = False  # waiting for the client where the script may end
    player: Player | None = None
    version: tuple[int, int] | None = None


def _hex(data: bytes) -> str:
    return data.hex(" ").upper()


class StubServer:
    """A scripted Bolt server on ``127.0.0.1`` and a free port.

    :param scripts: one script (text or a path) played by every
        connection when the script allows several (``!: ALLOW ...``),
        else one script per expected connection, in connection order.
    :param variables: values for ``${name}`` in the scripts; ``host``,
        ``port`` and ``address`` (of this server) are always defined.
    """

    def __init__(
        self,
        scripts: t.Sequence[ScriptSource],
        variables: t.Mapping[str, object] | None = None,
    ) -> None:
        if not scripts:
            raise ValueError("a stub server needs at least one script")
        self._sources = list(scripts)
        self._variables = dict(variables or {})
        self._lock = threading.Condition()
        self._conns: list[_Conn] = []
        self._failures: list[str] = []
        self._reported = 0
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._ready = threading.Event()
        self._start_error: BaseException | None = None
        self.scripts: list[Script] = []
        #: the client's 20 handshake bytes, one entry per connection
        self.handshakes: list[bytes] = []
        #: the client's manifest answer (version + capabilities) if any
        self.manifest_choices: list[bytes] = []
        self.host = "127.0.0.1"
        self.port = 0

    # ------------------------------------------------------------ public
    @property
    def address(self) -> str:
        """``host:port`` of the listening socket."""
        return f"{self.host}:{self.port}"

    def uri(self, scheme: str = "bolt") -> str:
        """A connection URI for this server, e.g. ``bolt://127.0.0.1:9``."""
        return f"{scheme}://{self.address}"

    @property
    def connection_count(self) -> int:
        """How many connections the server accepted so far."""
        with self._lock:
            return len(self._conns)

    def transcripts(self) -> list[list[str]]:
        """What was said on each connection, one line per message."""
        with self._lock:
            return [list(conn.transcript) for conn in self._conns]

    def start(self) -> StubServer:
        """Bind, parse the scripts and start serving.

        :raises ScriptError: if a script is malformed.
        """
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.bind((self.host, 0))
            sock.listen(16)
            self.port = sock.getsockname()[1]
            variables = {
                "host": self.host,
                "port": self.port,
                "address": self.address,
                **self._variables,
            }
            several = len(self._sources) > 1
            for index, source in enumerate(self._sources):
                text, name = self._read_source(source, index, several)
                self.scripts.append(
                    parse_script(substitute(text, variables), name)
                )
        except BaseException:
            sock.close()
            raise
        self._thread = threading.Thread(
            target=self._run,
            args=(sock,),
            name=f"stub-server-{self.port}",
            daemon=True,
        )
        self._thread.start()
        self._ready.wait()
        if self._start_error is not None:
            raise self._start_error
        return self

    def wait_hung_up(self, number: int = 1, timeout: float = 10.0) -> None:
        """Wait until the server closed connection ``number`` (counted
        from 1), e.g. after ``<EXIT>``, so the client can see the hang-up.

        :raises AssertionError: the connection is still open after
            *timeout* seconds
        """
        deadline = time.monotonic() + timeout
        with self._lock:
            while not (
                len(self._conns) >= number
                and self._conns[number - 1].state == "ended"
            ):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"connection #{number} still open after {timeout}s"
                    )
                self._lock.wait(remaining)

    def done(self, timeout: float = 10.0) -> None:
        """Wait until every script has been played, then check.

        Settled means: the expected connections were made, and each one
        has ended or waits for the client at a point where its script may
        end.  A recorded failure ends the wait at once.

        :raises AssertionError: listing every failure (with diffs) and,
            after *timeout* seconds, what is still pending.
        """
        deadline = time.monotonic() + timeout
        with self._lock:
            while not self._failures and not self._settled():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    self._failures.append(self._describe_pending(timeout))
                    break
                self._lock.wait(remaining)
            failures = list(self._failures)
            self._reported = len(failures)
        if failures:
            raise AssertionError("\n\n".join(failures))

    async def async_done(self, timeout: float = 10.0) -> None:
        """:meth:`done` for async tests (waits in a worker thread)."""
        await asyncio.get_running_loop().run_in_executor(
            None, self.done, timeout
        )

    def unreported_failures(self) -> list[str]:
        """Failures recorded since the last :meth:`done`."""
        with self._lock:
            return self._failures[self._reported :]

    def stop(self) -> None:
        """Close all connections and stop the server thread."""
        loop, stopping, thread = self._loop, self._stopping, self._thread
        if loop is None or stopping is None or thread is None:
            return
        try:
            loop.call_soon_threadsafe(stopping.set)
        except RuntimeError:  # the loop is already closed
            pass
        thread.join(timeout=10)
        self._thread = None

    # ----------------------------------------------------------- helpers
    @staticmethod
    def _read_source(
        source: ScriptSource, index: int, several: bool
    ) -> tuple[str, str]:
        if isinstance(source, str):
            name = f"script #{index + 1}" if several else "script"
            return source, name
        path = Path(source)
        return path.read_text(encoding="utf-8"), path.name

    def _multi(self) -> bool:
        first = self.scripts[0]
        return len(self.scripts) == 1 and (first.concurrent or first.restart)

    def _settled(self) -> bool:
        needed = 1 if self._multi() else len(self.scripts)
        if len(self._conns) < needed:
            return False
        return all(c.state == "ended" or c.idle_ok for c in self._conns)

    def _describe_pending(self, timeout: float) -> str:
        lines = [f"stub server {self.address}: not finished after {timeout}s"]
        needed = 1 if self._multi() else len(self.scripts)
        if len(self._conns) < needed:
            lines.append(
                f"  only {len(self._conns)} of {needed} expected "
                "connection(s) were made"
            )
        for conn in self._conns:
            if conn.state == "ended" or conn.idle_ok:
                continue
            lines.append(f"  connection #{conn.number} ({conn.script.name}):")
            if conn.player is None:
                lines.append("    still in the handshake")
            else:
                lines.append("    still waiting for:")
                for expect in conn.player.expected():
                    lines.append(f"      {expect.describe()}")
            lines += self._transcript_lines(conn)
        return "\n".join(lines)

    def _transcript_lines(self, conn: _Conn) -> list[str]:
        shown = conn.transcript[-_TRANSCRIPT_TAIL:]
        lines = ["  conversation so far:"]
        if len(conn.transcript) > len(shown):
            lines.append("    ...")
        lines += [f"    {line}" for line in shown] or ["    (nothing)"]
        return lines

    def _fail(self, conn: _Conn, text: str) -> _Ended:
        """Record a failure of *conn*; returns the exception to raise."""
        with self._lock:
            header = (
                f"stub server {self.address}, connection #{conn.number} "
                f"({conn.script.name}): {text}"
            )
            self._failures.append(
                "\n".join([header, *self._transcript_lines(conn)])
            )
            self._lock.notify_all()
        return _Ended()

    def _note(self, conn: _Conn, line: str) -> None:
        with self._lock:
            conn.transcript.append(line)

    # ------------------------------------------------------- event loop
    def _run(self, sock: socket.socket) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self._serve(sock))
        finally:
            loop.close()

    async def _serve(self, sock: socket.socket) -> None:
        self._stopping = asyncio.Event()
        tasks: set[asyncio.Task[None]] = set()

        async def on_connect(
            reader: asyncio.StreamReader, writer: asyncio.StreamWriter
        ) -> None:
            task = asyncio.current_task()
            assert task is not None
            tasks.add(task)
            try:
                await self._handle(reader, writer)
            except asyncio.CancelledError:
                # stop() cancels open conversations; asyncio's stream
                # callback would log a cancelled task as an error
                pass
            finally:
                tasks.discard(task)

        try:
            server = await asyncio.start_server(on_connect, sock=sock)
        except BaseException as exc:
            self._start_error = exc
            self._ready.set()
            return
        self._ready.set()
        try:
            await self._stopping.wait()
        finally:
            server.close()
            for task in list(tasks):
                task.cancel()
            if tasks:
                await asyncio.gather(*tasks, return_exceptions=True)
            await server.wait_closed()

    async def _handle(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        with self._lock:
            number = len(self._conns) + 1
            script = self.scripts[0] if self._multi() else None
            if script is None and number <= len(self.scripts):
                script = self.scripts[number - 1]
            conn = _Conn(number, script or Script("no script"))
            active = [c for c in self._conns if c.state != "ended"]
            self._conns.append(conn)
            self._lock.notify_all()
        try:
            if script is None:
                raise self._fail(
                    conn,
                    f"unexpected connection #{number}: the server has "
                    f"scripts for {len(self.scripts)} connection(s)",
                )
            if active and script.restart and not script.concurrent:
                raise self._fail(
                    conn,
                    "a second connection was opened while another one was "
                    "still playing (add '!: ALLOW CONCURRENT')",
                )
            if await self._handshake(conn, reader, writer):
                await self._play(conn, reader, writer)
        except _Ended:
            pass
        except (ConnectionError, OSError) as exc:
            if not conn.script.hangup:
                self._fail(conn, f"socket error: {exc!r}")
        finally:
            writer.close()
            try:
                # "ended" means the socket is closed: a client can see
                # the hang-up once it is reported
                await writer.wait_closed()
            except (ConnectionError, OSError):
                pass
            with self._lock:
                conn.state = "ended"
                conn.idle_ok = False
                self._lock.notify_all()

    async def _read(
        self, conn: _Conn, reader: asyncio.StreamReader, n: int, what: str
    ) -> bytes:
        try:
            return await reader.readexactly(n)
        except (asyncio.IncompleteReadError, ConnectionError) as exc:
            if conn.script.hangup:
                raise _Ended() from None
            got = getattr(exc, "partial", b"")
            raise self._fail(
                conn,
                f"the client closed the connection during the {what} "
                f"(received {_hex(got) or 'nothing'})",
            ) from None

    async def _handshake(
        self,
        conn: _Conn,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
    ) -> bool:
        """Negotiate; returns whether to go on playing the script."""
        script = conn.script
        preamble = await self._read(conn, reader, 4, "handshake")
        if preamble != MAGIC:
            raise self._fail(conn, f"bad handshake preamble {_hex(preamble)}")
        proposals = await self._read(conn, reader, 16, "handshake")
        with self._lock:
            self.handshakes.append(preamble + proposals)
        self._note(conn, f"C: <HANDSHAKE> {_hex(proposals)}")
        if script.handshake_delay:
            await asyncio.sleep(script.handshake_delay)
        if script.handshake_override is not None:
            return await self._send_override(conn, writer)
        slots = [proposals[i : i + 4] for i in range(0, 16, 4)]
        if script.manifest and MANIFEST_V1 in slots:
            return await self._manifest(conn, reader, writer)
        chosen = choose_classic(proposals, script.versions)
        if chosen is None:
            return await self._reject(conn, writer, proposals)
        conn.version = chosen
        answer = version_bytes(*chosen)
        writer.write(answer)
        await writer.drain()
        self._note(conn, f"S: <HANDSHAKE> {_hex(answer)}")
        return self._begin(conn)

    def _begin(self, conn: _Conn) -> bool:
        with self._lock:
            conn.player = Player(conn.script)
            conn.state = "playing"
        return True

    async def _send_override(
        self, conn: _Conn, writer: asyncio.StreamWriter
    ) -> bool:
        data = conn.script.handshake_override or b""
        writer.write(data)
        await writer.drain()
        self._note(conn, f"S: <HANDSHAKE> {_hex(data)}")
        if len(data) == 4 and data != REJECT:
            conn.version = (data[3], data[2])
        return self._begin(conn)

    async def _reject(
        self, conn: _Conn, writer: asyncio.StreamWriter, proposals: bytes
    ) -> bool:
        writer.write(REJECT)
        await writer.drain()
        self._note(conn, f"S: <HANDSHAKE> {_hex(REJECT)} (no common version)")
        if conn.script.body:
            speaks = " ".join(str(v) for v in conn.script.versions)
            raise self._fail(
                conn,
                f"handshake rejected: the client proposed "
                f"{_hex(proposals)}, the script speaks {speaks}",
            )
        return False

    async def _manifest(
        self,
        conn: _Conn,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
    ) -> bool:
        script = conn.script
        offer = manifest_offer(script.versions, script.capabilities)
        writer.write(offer)
        await writer.drain()
        self._note(conn, f"S: <HANDSHAKE> {_hex(offer)}")
        choice = await self._read(conn, reader, 4, "manifest answer")
        raw = bytearray(choice)
        while True:
            raw += await self._read(conn, reader, 1, "manifest answer")
            decoded = decode_varint(bytes(raw[4:]))
            if decoded is not None:
                break
        with self._lock:
            self.manifest_choices.append(bytes(raw))
        self._note(conn, f"C: <HANDSHAKE> {_hex(bytes(raw))}")
        if choice == REJECT:
            if script.body:
                raise self._fail(
                    conn, "the client found no common version in the manifest"
                )
            return False
        version = (choice[3], choice[2])
        if choice[:2] != b"\x00\x00" or version not in offered(
            script.versions
        ):
            raise self._fail(
                conn,
                f"the client chose {_hex(choice)}, which the manifest did "
                "not offer",
            )
        conn.version = version
        return self._begin(conn)

    async def _read_message(
        self, conn: _Conn, reader: asyncio.StreamReader
    ) -> bytes | None:
        """One de-chunked message; ``None`` if the client closed."""
        data = bytearray()
        while True:
            try:
                header = await reader.readexactly(2)
                size = int.from_bytes(header, "big")
                if size == 0:
                    if data:
                        return bytes(data)
                    continue  # a NOOP chunk between messages
                data += await reader.readexactly(size)
            except (asyncio.IncompleteReadError, ConnectionError):
                if data and not conn.script.hangup:
                    raise self._fail(
                        conn,
                        "the client closed the connection in the middle "
                        f"of a message (received {_hex(bytes(data))})",
                    ) from None
                return None

    async def _play(
        self,
        conn: _Conn,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
    ) -> None:
        player = conn.player
        assert player is not None
        script = conn.script
        with self._lock:
            actions = player.take_actions()
        if await self._perform(conn, writer, actions):
            return
        while True:
            with self._lock:
                conn.idle_ok = player.can_end
                self._lock.notify_all()
            data = await self._read_message(conn, reader)
            with self._lock:
                conn.idle_ok = False
            if data is None:
                self._check_can_end(conn, player, "closed the connection")
                return
            try:
                tag, fields = unpack_message(data)
            except (UnpackError, UnicodeDecodeError) as exc:
                raise self._fail(
                    conn,
                    f"malformed message from the client ({exc}): {_hex(data)}",
                ) from None
            text = f"{message_name(tag)} {render_fields(fields)}".rstrip()
            self._note(conn, f"C: {text}")
            with self._lock:
                matched = player.feed(tag, fields)
                actions = player.take_actions() if matched else []
            if matched:
                if await self._perform(conn, writer, actions):
                    return
                continue
            if tag in script.auto:
                if await self._auto(conn, writer, tag):
                    self._check_can_end(conn, player, "said GOODBYE")
                    return
                continue
            with self._lock:
                explanation = player.explain(tag, fields)
            raise self._fail(
                conn, f"unexpected message from the client\n{explanation}"
            )

    def _check_can_end(self, conn: _Conn, player: Player, how: str) -> None:
        with self._lock:
            if player.can_end or conn.script.hangup:
                return
            expected = [e.describe() for e in player.expected()]
        lines = [f"the client {how} before the script was finished"]
        lines.append("  still expected:")
        lines += [f"    {line}" for line in expected]
        raise self._fail(conn, "\n".join(lines))

    async def _auto(
        self, conn: _Conn, writer: asyncio.StreamWriter, tag: int
    ) -> bool:
        """Answer an ``!: AUTO`` message; returns True for GOODBYE."""
        configured = conn.script.auto[tag]
        if configured is not None:
            await self._perform(conn, writer, configured, auto=True)
        elif tag == _HELLO:
            major, minor = conn.version or (5, 0)
            meta = {
                "server": f"Neo4j/{major}.{minor}.0",
                "connection_id": f"bolt-{conn.number}",
            }
            action = Action(0, "message", tag=_SUCCESS, fields=[meta])
            await self._perform(conn, writer, [action], auto=True)
        elif tag != _GOODBYE:
            action = Action(0, "message", tag=_SUCCESS, fields=[{}])
            await self._perform(conn, writer, [action], auto=True)
        return tag == _GOODBYE

    async def _perform(
        self,
        conn: _Conn,
        writer: asyncio.StreamWriter,
        actions: list[Action],
        auto: bool = False,
    ) -> bool:
        """Carry out server lines; returns True after ``<EXIT>``."""
        suffix = "  (auto)" if auto else ""
        for action in actions:
            self._note(conn, action.describe() + suffix)
            if action.kind == "message":
                writer.write(pack_message(action.tag, action.fields))
            elif action.kind == "raw":
                writer.write(action.data)
            elif action.kind == "noop":
                writer.write(b"\x00\x00")
            elif action.kind == "sleep":
                await writer.drain()
                await asyncio.sleep(action.seconds)
            elif action.kind == "exit":
                await writer.drain()
                return True
        await writer.drain()
        return False
