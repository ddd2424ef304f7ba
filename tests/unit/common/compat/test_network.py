"""The async and sync socket pairs against a real loopback peer."""

from __future__ import annotations

import asyncio
import socket
import threading
import typing as t

import pytest

from neo4j._async_compat.network import (
    AsyncBoltSocket,
    AsyncNetworkUtil,
    BoltSocket,
    NetworkUtil,
    SocketTimeoutError,
)


class _Peer:
    """A loopback TCP peer that echoes, then behaves as instructed."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.release = threading.Event()
        self.received = b""
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        try:
            conn, _ = self.listener.accept()
        except OSError:  # the test ended before the accept ran
            return
        with conn:
            data = conn.recv(1024)
            if self.mode == "echo":
                conn.sendall(data)
                conn.recv(1024)  # wait for the client to go away
            elif self.mode == "close":
                pass
            elif self.mode == "silent":
                conn.recv(1024)
            elif self.mode == "big":
                conn.sendall(b"x" * 1_000_000)
                conn.recv(1024)
            elif self.mode == "stalled":
                self.release.wait(10)  # reads nothing until released
            elif self.mode == "slow-sink":
                self.release.wait(10)
                chunks = [data]
                while True:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    chunks.append(chunk)
                self.received = b"".join(chunks)

    def close(self) -> None:
        self.release.set()
        self.listener.close()
        self.thread.join(5)


@pytest.fixture
def peer(request: pytest.FixtureRequest) -> t.Iterator[_Peer]:
    p = _Peer(request.param)
    yield p
    p.close()


def _addr(port: int) -> tuple[int, tuple[str, int]]:
    return socket.AF_INET, ("127.0.0.1", port)


@pytest.mark.parametrize("peer", ["echo"], indirect=True)
async def test_async_round_trip(peer: _Peer) -> None:
    family, addr = _addr(peer.port)
    sock = await AsyncBoltSocket.connect(family, addr, timeout=5)
    assert sock.local_port > 0
    assert sock.cipher is None
    await sock.sendall(b"hello")
    received = b""
    while len(received) < 5:
        received += await sock.recv()
    assert received == b"hello"
    await sock.close()


@pytest.mark.parametrize("peer", ["echo"], indirect=True)
def test_sync_round_trip(peer: _Peer) -> None:
    family, addr = _addr(peer.port)
    sock = BoltSocket.connect(family, addr, timeout=5)
    sock.sendall(b"hello")
    received = b""
    while len(received) < 5:
        received += sock.recv()
    assert received == b"hello"
    sock.close()


#: More than the kernel buffers of a loopback pair take at once.
_LARGE_WRITE = 64 * 1024 * 1024


@pytest.mark.parametrize("peer", ["stalled"], indirect=True)
def test_sync_write_timeout_when_the_peer_reads_nothing(peer: _Peer) -> None:
    sock = BoltSocket.connect(*_addr(peer.port), timeout=5)
    sock.write_timeout = 0.2
    with pytest.raises(SocketTimeoutError, match="write timed out"):
        sock.sendall(b"w" * _LARGE_WRITE)
    sock.kill()


@pytest.mark.parametrize("peer", ["slow-sink"], indirect=True)
def test_sync_large_write_to_a_late_reader_arrives_whole(
    peer: _Peer,
) -> None:
    # the kernel takes part of the write at once; the rest goes out as
    # the peer starts reading, byte for byte
    payload = bytes(range(256)) * (_LARGE_WRITE // 256)
    sock = BoltSocket.connect(*_addr(peer.port), timeout=5)
    sock.write_timeout = 10
    threading.Timer(0.2, peer.release.set).start()
    sock.sendall(payload)
    sock.close()
    peer.thread.join(10)
    assert peer.received == payload


@pytest.mark.parametrize("peer", ["close"], indirect=True)
async def test_async_peer_close_raises(peer: _Peer) -> None:
    sock = await AsyncBoltSocket.connect(*_addr(peer.port), timeout=5)
    await sock.sendall(b"x")
    with pytest.raises(ConnectionResetError):
        await sock.recv()
    sock.kill()


@pytest.mark.parametrize("peer", ["close"], indirect=True)
def test_sync_peer_close_raises(peer: _Peer) -> None:
    sock = BoltSocket.connect(*_addr(peer.port), timeout=5)
    sock.sendall(b"x")
    with pytest.raises(ConnectionResetError):
        sock.recv()
    sock.kill()


@pytest.mark.parametrize("peer", ["silent"], indirect=True)
async def test_async_read_timeout(peer: _Peer) -> None:
    sock = await AsyncBoltSocket.connect(*_addr(peer.port), timeout=5)
    sock.read_timeout = 0.05
    with pytest.raises(SocketTimeoutError, match="read timed out"):
        await sock.recv()
    sock.kill()


@pytest.mark.parametrize("peer", ["silent"], indirect=True)
def test_sync_read_timeout(peer: _Peer) -> None:
    sock = BoltSocket.connect(*_addr(peer.port), timeout=5)
    sock.read_timeout = 0.05
    with pytest.raises(SocketTimeoutError, match="read timed out"):
        sock.recv()
    sock.kill()


@pytest.mark.parametrize("peer", ["silent"], indirect=True)
def test_sync_zero_read_timeout_times_out(peer: _Peer) -> None:
    # an exhausted deadline gives 0: a timeout, not a non-blocking read
    sock = BoltSocket.connect(*_addr(peer.port), timeout=5)
    sock.read_timeout = 0.0
    with pytest.raises(SocketTimeoutError, match="read timed out"):
        sock.recv()
    sock.kill()


@pytest.mark.parametrize("peer", ["silent"], indirect=True)
async def test_async_zero_read_timeout_times_out(peer: _Peer) -> None:
    sock = await AsyncBoltSocket.connect(*_addr(peer.port), timeout=5)
    sock.read_timeout = 0.0
    with pytest.raises(SocketTimeoutError, match="read timed out"):
        await sock.recv()
    sock.kill()


@pytest.mark.parametrize("peer", ["big"], indirect=True)
async def test_async_large_read_arrives_whole(peer: _Peer) -> None:
    sock = await AsyncBoltSocket.connect(*_addr(peer.port), timeout=5)
    await sock.sendall(b"go")
    total = 0
    reads = 0
    while total < 1_000_000:
        total += len(await sock.recv())
        reads += 1
    assert total == 1_000_000
    # data is handed over in big slices, not message-sized pieces
    assert reads < 200
    sock.kill()


async def test_async_connect_refused() -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    listener.close()
    with pytest.raises(OSError):
        await AsyncBoltSocket.connect(*_addr(port), timeout=5)


def test_sync_connect_refused() -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    listener.close()
    with pytest.raises(OSError):
        BoltSocket.connect(*_addr(port), timeout=5)


async def test_async_resolution_dedupes() -> None:
    infos = await AsyncNetworkUtil.getaddrinfo("127.0.0.1", 7687)
    assert infos == [(socket.AF_INET, ("127.0.0.1", 7687))]


def test_sync_resolution_dedupes() -> None:
    infos = NetworkUtil.getaddrinfo("127.0.0.1", 7687)
    assert infos == [(socket.AF_INET, ("127.0.0.1", 7687))]


def test_sync_resolution_failure() -> None:
    with pytest.raises(OSError):
        NetworkUtil.getaddrinfo("no-such-host.invalid", 7687)


async def test_async_lock_timeout() -> None:
    from neo4j._async_compat.concurrency import AsyncCondition, AsyncLock

    lock = AsyncLock()
    assert await lock.acquire()
    assert not await lock.acquire(timeout=0.01)
    assert not await lock.acquire(timeout=0)
    cond = AsyncCondition(lock)
    assert not await cond.wait(0.01)
    lock.release()
    assert not lock.locked()

    async def notifier() -> None:
        async with lock:
            cond.notify_all()

    async with lock:
        task = asyncio.ensure_future(notifier())
        assert await cond.wait(5)
    await task


def test_sync_lock_timeout() -> None:
    from neo4j._async_compat.concurrency import Condition, Lock

    lock = Lock()
    assert lock.acquire()
    assert not lock.acquire(timeout=0.01)
    assert not lock.acquire(timeout=0)
    cond = Condition(lock)
    assert not cond.wait(0.01)
    lock.release()
    assert not lock.locked()


def _wait_until(check: t.Callable[[], bool]) -> bool:
    for _ in range(500):
        if check():
            return True
        threading.Event().wait(0.01)
    return False


@pytest.mark.parametrize("peer", ["silent"], indirect=True)
def test_sync_idle_stream_is_not_gone(peer: _Peer) -> None:
    sock = BoltSocket.connect(*_addr(peer.port), timeout=5)
    assert sock.peer_gone() is False
    sock.close()
    assert sock.peer_gone() is True  # closed here: unusable too


@pytest.mark.parametrize("peer", ["close"], indirect=True)
def test_sync_stream_closed_by_peer_is_gone(peer: _Peer) -> None:
    sock = BoltSocket.connect(*_addr(peer.port), timeout=5)
    sock.sendall(b"x")  # the peer reads it, then hangs up
    assert _wait_until(sock.peer_gone)
    sock.kill()


@pytest.mark.parametrize("peer", ["silent"], indirect=True)
async def test_async_idle_stream_is_not_gone(peer: _Peer) -> None:
    sock = await AsyncBoltSocket.connect(*_addr(peer.port), timeout=5)
    assert sock.peer_gone() is False
    await sock.close()


@pytest.mark.parametrize("peer", ["close"], indirect=True)
async def test_async_stream_closed_by_peer_is_gone_without_the_loop(
    peer: _Peer,
) -> None:
    sock = await AsyncBoltSocket.connect(*_addr(peer.port), timeout=5)
    await sock.sendall(b"x")
    # no await in between: the event loop never saw the hang-up, the
    # socket itself tells
    assert _wait_until(sock.peer_gone)
    sock.kill()
