"""TCP/TLS byte streams and name resolution, as async/sync pairs.

Both socket classes expose the same small surface the Bolt I/O shell needs:
``connect`` (TCP, optional TLS, keep-alive), ``sendall`` (bounded by a write
timeout), ``recv`` (everything that has arrived, at least one byte, bounded by
a read timeout), ``close`` (graceful) and ``kill`` (immediate, never blocks,
safe to call from cancellation handlers).

The async twin uses an :class:`asyncio.BufferedProtocol`: the event loop
reads whatever the kernel had (up to 256 KiB per wake-up), we keep a copy,
and ``recv`` returns all that arrived at once, so a large result costs one
await per network read instead of one per message.

Both twins read into a reusable per-thread buffer and copy out only what
arrived.  A plain ``recv(256 KiB)`` allocates 256 KiB for every read; in
a process whose C library has not raised its memory-mapping threshold
(one that never freed a large block: no pandas imported, say) each such
allocation maps fresh pages and unmaps them again, measured at ~9 us a
read -- 15 % of a small query's client time.
"""

from __future__ import annotations

import asyncio
import math
import os
import select
import socket
import ssl
import threading
import time
import typing as t


#: Bytes buffered by the async protocol before it stops reading from the
#: socket (back-pressure keeps memory bounded on huge results).
_READ_HIGH_WATER = 4 * 1024 * 1024
#: The most bytes taken from the kernel per read.
_RECV_SIZE = 256 * 1024


class _ScratchBuffer(threading.local):
    """One reusable read buffer per thread.  An event loop fills and
    empties it within one callback; a blocking read within one call."""

    def __init__(self) -> None:
        self.view = memoryview(bytearray(_RECV_SIZE))


_scratch = _ScratchBuffer()

SockAddr = tuple[t.Any, ...]


class SocketTimeoutError(TimeoutError):
    """A read or write did not complete within its timeout."""


class TLSHandshakeError(OSError):
    """The TLS handshake of a new connection failed.

    Raised ``from`` the error of :mod:`ssl` or :mod:`asyncio` (a refused
    certificate, a peer that does not speak TLS, a handshake timeout:
    ``TimeoutError`` for the sync twin, ``ConnectionAbortedError`` for
    asyncio), which callers report as the cause.

    :param local_port: the local port of the TCP connection
    """

    def __init__(self, local_port: int, cause: BaseException) -> None:
        super().__init__(f"TLS handshake failed: {cause}")
        self.local_port = local_port


# Timeouts must be positive (0 would mean "non-blocking" to a socket and is
# refused by asyncio's ssl_handshake_timeout): an expired deadline becomes
# this, which expires at once.
_EXPIRED: t.Final = 1e-9


def _positive(timeout: float | None) -> float | None:
    if timeout is None or timeout > 0:
        return timeout
    return _EXPIRED


def _configure_tcp(sock: socket.socket, keep_alive: bool) -> None:
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.setsockopt(
        socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1 if keep_alive else 0
    )


class _StreamProtocol(asyncio.BufferedProtocol):
    """Collects incoming data and wakes a single waiting reader."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._transport: asyncio.Transport | None = None
        self._chunks: list[bytes] = []
        self._size = 0
        self._reading_paused = False
        self._read_waiter: asyncio.Future[None] | None = None
        self._write_paused = False
        self._drain_waiter: asyncio.Future[None] | None = None
        self._eof = False
        self._lost = False
        self._error: BaseException | None = None
        #: the scratch buffer handed to the transport for the read now
        #: under way (the loop thread's)
        self._filling: memoryview = _scratch.view

    # asyncio callbacks ---------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = t.cast(asyncio.Transport, transport)

    def get_buffer(self, sizehint: int) -> memoryview:
        view = self._filling = _scratch.view
        return view

    def buffer_updated(self, nbytes: int) -> None:
        self.data_received(self._filling[:nbytes].tobytes())

    def data_received(self, data: bytes) -> None:
        self._chunks.append(data)
        self._size += len(data)
        if self._size > _READ_HIGH_WATER and not self._reading_paused:
            assert self._transport is not None
            self._transport.pause_reading()
            self._reading_paused = True
        self._wake_reader()

    def eof_received(self) -> bool:
        self._eof = True
        self._wake_reader()
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self._lost = True
        self._error = exc
        self._wake_reader()
        waiter = self._drain_waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def pause_writing(self) -> None:
        self._write_paused = True

    def resume_writing(self) -> None:
        self._write_paused = False
        waiter = self._drain_waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    # helpers -------------------------------------------------------------
    def _wake_reader(self) -> None:
        waiter = self._read_waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def _raise_if_closed(self) -> None:
        if self._error is not None:
            raise ConnectionResetError(str(self._error)) from self._error
        if self._eof or self._lost:
            raise ConnectionResetError("connection closed by peer")

    async def _wait(
        self, waiter: asyncio.Future[None], timeout: float | None, what: str
    ) -> None:
        if timeout is None:
            await waiter
            return

        def expire() -> None:
            if not waiter.done():
                waiter.set_exception(
                    SocketTimeoutError(f"{what} timed out after {timeout}s")
                )

        handle = self._loop.call_later(timeout, expire)
        try:
            await waiter
        finally:
            handle.cancel()

    async def read(self, timeout: float | None) -> bytes:
        if not self._chunks:
            self._raise_if_closed()
            waiter = self._loop.create_future()
            self._read_waiter = waiter
            try:
                if timeout is None:
                    # (the common case, without _wait's coroutine frame)
                    await waiter
                else:
                    await self._wait(waiter, timeout, "read")
            finally:
                self._read_waiter = None
            if not self._chunks:
                self._raise_if_closed()
        chunks = self._chunks
        data = chunks[0] if len(chunks) == 1 else b"".join(chunks)
        self._chunks = []
        self._size = 0
        if self._reading_paused:
            self._reading_paused = False
            assert self._transport is not None
            self._transport.resume_reading()
        return data

    async def drain(self, timeout: float | None) -> None:
        if self._lost:
            self._raise_if_closed()
        if not self._write_paused:
            return
        waiter = self._loop.create_future()
        self._drain_waiter = waiter
        try:
            await self._wait(waiter, timeout, "write")
        finally:
            self._drain_waiter = None
        if self._lost:
            self._raise_if_closed()


class AsyncBoltSocket:
    """An open TCP (optionally TLS) stream for the asyncio twin."""

    def __init__(
        self,
        transport: asyncio.Transport,
        protocol: _StreamProtocol,
        sock: socket.socket | None = None,
    ) -> None:
        self._transport = transport
        self._protocol = protocol
        self._sock = sock
        self._readiness = _ReadinessProbe(sock) if sock is not None else None
        self.read_timeout: float | None = None
        self.write_timeout: float | None = None
        info = transport.get_extra_info("socket")
        self.local_port: int = info.getsockname()[1] if info else 0
        self.peer: SockAddr = transport.get_extra_info("peername") or ()

    @classmethod
    async def connect(
        cls,
        family: int,
        sockaddr: SockAddr,
        *,
        timeout: float | None,
        tls_timeout: float | None = None,
        ssl_context: ssl.SSLContext | None = None,
        server_hostname: str | None = None,
        keep_alive: bool = True,
    ) -> AsyncBoltSocket:
        """Open a stream to one resolved socket address.

        :param timeout: seconds for the TCP connect (None: no limit).
        :param tls_timeout: seconds for the TLS handshake (None: no limit).
        :raises OSError: when the connection cannot be made.
        :raises SocketTimeoutError: when ``timeout`` expires.
        :raises TLSHandshakeError: when the TLS handshake fails (or
            ``tls_timeout`` expires).
        """
        loop = asyncio.get_running_loop()
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.setblocking(False)
            _configure_tcp(sock, keep_alive)
            try:
                await asyncio.wait_for(
                    loop.sock_connect(sock, sockaddr), timeout
                )
            except asyncio.TimeoutError:
                raise SocketTimeoutError(
                    f"connect timed out after {timeout}s"
                ) from None
            if ssl_context is None:
                transport, protocol = await loop.create_connection(
                    lambda: _StreamProtocol(loop), sock=sock
                )
            else:
                local_port = sock.getsockname()[1]
                try:
                    transport, protocol = await loop.create_connection(
                        lambda: _StreamProtocol(loop),
                        sock=sock,
                        ssl=ssl_context,
                        server_hostname=server_hostname,
                        ssl_handshake_timeout=_positive(tls_timeout),
                    )
                except OSError as exc:
                    raise TLSHandshakeError(local_port, exc) from exc
        except BaseException:
            sock.close()
            raise
        return cls(transport, protocol, sock)

    def peer_gone(self) -> bool:
        """True if an idle stream can no longer be used: the peer closed
        it (a restarted server) or sent something nobody asked for."""
        protocol = self._protocol
        if protocol._eof or protocol._lost or protocol._chunks:
            return True
        probe = self._readiness
        if probe is None:
            return False
        # the loop may not have run since the peer hung up: ask the
        # socket itself (polling does not consume anything)
        return probe.readable()

    def usable_here(self) -> bool:
        """True if the stream belongs to the running event loop.

        A stream opened under another loop (e.g. an earlier
        ``asyncio.run``) cannot be used: its callbacks go to that loop.
        """
        try:
            return asyncio.get_running_loop() is self._protocol._loop
        except RuntimeError:
            return False

    async def sendall(self, data: bytes | bytearray | memoryview) -> None:
        """Write all of ``data``, waiting for buffer room if needed."""
        self._protocol._raise_if_closed()
        self._transport.write(data)
        await self._protocol.drain(self.write_timeout)

    def recv(self) -> t.Coroutine[t.Any, t.Any, bytes]:
        """Return all bytes received so far, waiting for at least one.

        Await the result.  (A plain method handing out the protocol's
        coroutine: one coroutine frame per read instead of two.)

        :raises ConnectionResetError: when the peer closed the stream.
        :raises SocketTimeoutError: when ``read_timeout`` expires.
        """
        return self._protocol.read(self.read_timeout)

    async def close(self) -> None:
        """Close the stream gracefully (pending writes are flushed)."""
        if self.usable_here():
            self._transport.close()
        else:
            self.kill()

    def abandon(self) -> None:
        """Drop an inherited stream in a forked child: nothing is touched.

        Its transport belongs to the parent's event loop, whose selector
        the child shares with the parent, so even unregistering it would
        reach into the parent; the object is only forgotten.
        """

    def kill(self) -> None:
        """Abort the stream immediately, without waiting for anything.

        Also works for a stream of another event loop: a closed loop
        can no longer run the transport's callbacks, so the socket is
        closed directly; a live one is asked to abort the transport.
        """
        owner = self._protocol._loop
        if owner.is_closed():
            self._protocol._lost = True
            if self._sock is not None:
                self._sock.close()
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is owner:
            self._transport.abort()
        else:
            owner.call_soon_threadsafe(self._transport.abort)

    @property
    def cipher(self) -> tuple[str, str, int] | None:
        """The TLS cipher in use, or ``None`` for plain TCP."""
        result = self._transport.get_extra_info("cipher")
        return t.cast("tuple[str, str, int] | None", result)


class BoltSocket:
    """An open TCP (optionally TLS) stream for the synchronous twin."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._readiness = _ReadinessProbe(sock)
        self.read_timeout: float | None = None
        self.write_timeout: float | None = None
        # Plain TCP runs non-blocking and waits with our own poll object:
        # a socket in timeout mode makes CPython poll before every send
        # and every receive (two system calls per round trip we skip).
        self._polled = _HAS_POLL and not isinstance(sock, ssl.SSLSocket)
        if self._polled:
            sock.setblocking(False)
        self._current_timeout: float | None = sock.gettimeout()
        self.local_port: int = sock.getsockname()[1]
        self.peer: SockAddr = sock.getpeername()

    @classmethod
    def connect(
        cls,
        family: int,
        sockaddr: SockAddr,
        *,
        timeout: float | None,
        tls_timeout: float | None = None,
        ssl_context: ssl.SSLContext | None = None,
        server_hostname: str | None = None,
        keep_alive: bool = True,
    ) -> BoltSocket:
        """Open a stream to one resolved socket address.

        :param timeout: seconds for the TCP connect (None: no limit).
        :param tls_timeout: seconds for the TLS handshake (None: no limit).
        :raises OSError: when the connection cannot be made.
        :raises SocketTimeoutError: when ``timeout`` expires.
        :raises TLSHandshakeError: when the TLS handshake fails (or
            ``tls_timeout`` expires).
        """
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            _configure_tcp(sock, keep_alive)
            sock.settimeout(_positive(timeout))
            try:
                sock.connect(sockaddr)
            except TimeoutError:
                raise SocketTimeoutError(
                    f"connect timed out after {timeout}s"
                ) from None
            if ssl_context is not None:
                local_port = sock.getsockname()[1]
                sock.settimeout(_positive(tls_timeout))
                try:
                    sock = ssl_context.wrap_socket(
                        sock, server_hostname=server_hostname
                    )
                except OSError as exc:
                    raise TLSHandshakeError(local_port, exc) from exc
        except BaseException:
            sock.close()
            raise
        return cls(sock)

    def _set_timeout(self, timeout: float | None) -> None:
        if timeout is not None and timeout <= 0:
            # 0 would make the socket non-blocking (BlockingIOError)
            # instead of timing out at once
            timeout = 1e-9
        if timeout != self._current_timeout:
            self._sock.settimeout(timeout)
            self._current_timeout = timeout

    def sendall(self, data: bytes | bytearray | memoryview) -> None:
        """Write all of ``data``, bounded by ``write_timeout``."""
        if self._polled:
            try:
                sent = self._sock.send(data)
            except BlockingIOError:
                sent = 0
            if sent != len(data):
                self._send_rest(memoryview(data)[sent:])
            return
        self._set_timeout(self.write_timeout)
        try:
            self._sock.sendall(data)
        except TimeoutError:
            raise SocketTimeoutError(
                f"write timed out after {self.write_timeout}s"
            ) from None

    def recv(self) -> bytes:
        """Return the bytes available, waiting for at least one.

        :raises ConnectionResetError: when the peer closed the stream.
        :raises SocketTimeoutError: when ``read_timeout`` expires.
        """
        read_timeout = self.read_timeout
        view = _scratch.view
        if self._polled:
            got = self._polled_recv(view, read_timeout)
        elif read_timeout is None and self._current_timeout is not None:
            # No read deadline: wait in slices of the current (write)
            # timeout instead of switching the socket's timeout mode, which
            # costs a system call on every switch (twice per round trip).
            while True:
                try:
                    got = self._sock.recv_into(view)
                    break
                except TimeoutError:
                    continue
        else:
            self._set_timeout(read_timeout)
            try:
                got = self._sock.recv_into(view)
            except TimeoutError:
                raise SocketTimeoutError(
                    f"read timed out after {read_timeout}s"
                ) from None
        if not got:
            raise ConnectionResetError("connection closed by peer")
        return view[:got].tobytes()

    def _send_rest(self, rest: memoryview) -> None:
        """Finish a write the kernel could not take at once."""
        deadline = _Deadline(self.write_timeout)
        waiter = select.poll()
        waiter.register(self._sock, select.POLLOUT)
        while rest:
            if not waiter.poll(deadline.poll_ms()):
                raise SocketTimeoutError(
                    f"write timed out after {self.write_timeout}s"
                )
            try:
                rest = rest[self._sock.send(rest) :]
            except BlockingIOError:
                continue

    def _polled_recv(self, view: memoryview, timeout: float | None) -> int:
        """Receive into ``view`` once data arrives (within ``timeout``)."""
        sock = self._sock
        waiter = self._readiness.poller()
        deadline = _Deadline(timeout)
        while True:
            if not waiter.poll(deadline.poll_ms()):
                raise SocketTimeoutError(f"read timed out after {timeout}s")
            try:
                return sock.recv_into(view)
            except BlockingIOError:
                continue  # woken without data: wait again

    def usable_here(self) -> bool:
        """Always True: a blocking socket works from any thread."""
        return True

    def peer_gone(self) -> bool:
        """True if an idle stream can no longer be used: it is readable
        although nothing was asked (the peer closed it, e.g. a restarted
        server, or sent something unsolicited)."""
        return self._readiness.readable()

    def close(self) -> None:
        """Close the stream."""
        try:
            self._sock.close()
        except OSError:
            pass

    def kill(self) -> None:
        """Shut the stream down immediately."""
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.close()

    def abandon(self) -> None:
        """Drop an inherited stream in a forked child: close this
        process's descriptor only, with no shutdown and no TLS goodbye,
        so the parent's connection is untouched."""
        try:
            fd = self._sock.detach()
            if fd >= 0:
                os.close(fd)
        except OSError:
            return

    @property
    def cipher(self) -> tuple[str, str, int] | None:
        """The TLS cipher in use, or ``None`` for plain TCP."""
        if isinstance(self._sock, ssl.SSLSocket):
            return self._sock.cipher()
        return None


_HAS_POLL: t.Final = hasattr(select, "poll")


class _ReadinessProbe:
    """Asks whether an idle socket has become readable, without waiting.

    Checked at every reuse of a pooled connection, so the poll object is
    made (and the socket registered) once, not per check: a check is
    then one system call.
    """

    __slots__ = ("_poller", "_sock")

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._poller: t.Any = None

    def poller(self) -> t.Any:
        """The socket's poll object, registered for input."""
        poller = self._poller
        if poller is None:
            poller = self._poller = select.poll()
            poller.register(self._sock, select.POLLIN)
        return poller

    def readable(self) -> bool:
        """True if readable (or broken); False if quiet."""
        try:
            if not _HAS_POLL:
                ready, _, _ = select.select([self._sock], [], [], 0)
                return bool(ready)
            return bool(self.poller().poll(0))
        except (OSError, ValueError):
            return True


class _Deadline:
    """Milliseconds left for :meth:`select.poll.poll` (-1: no limit)."""

    __slots__ = ("_end",)

    def __init__(self, timeout: float | None) -> None:
        self._end = None if timeout is None else time.monotonic() + timeout

    def poll_ms(self) -> int:
        """Whole milliseconds left, rounded up; -1 when unlimited."""
        if self._end is None:
            return -1
        left = self._end - time.monotonic()
        return max(0, math.ceil(left * 1000))


class AsyncNetworkUtil:
    """Name resolution for the asyncio twin."""

    @staticmethod
    async def getaddrinfo(host: str, port: int) -> list[tuple[int, SockAddr]]:
        """Resolve ``host`` to ``(family, sockaddr)`` pairs, in order.

        :raises OSError: (``socket.gaierror``) when resolution fails.
        """
        loop = asyncio.get_running_loop()
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        return _unique(infos)


class NetworkUtil:
    """Name resolution for the synchronous twin."""

    @staticmethod
    def getaddrinfo(host: str, port: int) -> list[tuple[int, SockAddr]]:
        """Resolve ``host`` to ``(family, sockaddr)`` pairs, in order.

        :raises OSError: (``socket.gaierror``) when resolution fails.
        """
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        return _unique(infos)


def _unique(
    infos: t.Sequence[tuple[t.Any, t.Any, t.Any, t.Any, t.Any]],
) -> list[tuple[int, SockAddr]]:
    seen: set[tuple[int, SockAddr]] = set()
    result: list[tuple[int, SockAddr]] = []
    for family, _type, _proto, _name, sockaddr in infos:
        key = (int(family), tuple(sockaddr))
        if key not in seen:
            seen.add(key)
            result.append(key)
    return result


__all__: t.Final = [
    "AsyncBoltSocket",
    "AsyncNetworkUtil",
    "BoltSocket",
    "NetworkUtil",
    "SocketTimeoutError",
    "TLSHandshakeError",
]
