"""Opening connections: timeouts and TLS failures as with the official
driver 6.4.1 (async twin).

* ``connection_timeout`` bounds the TCP connect only: 0 means no timeout
  and a negative value raises ``ValueError`` when a connection is opened
  (the driver and sessions are created without complaint);
* the TLS handshake is bounded by the acquisition deadline, and its
  failure is reported as a ``BoltSecurityError`` (the cause of the
  ``ServiceUnavailable``) caused in turn by the error of :mod:`ssl` or
  :mod:`asyncio`;
* ``connection_acquisition_timeout`` is checked when a connection is
  acquired, in the official wording.
"""

from __future__ import annotations

import math
import socket
import ssl
import threading
import typing as t

import pytest

from neo4j._async.driver import AsyncDriver, AsyncGraphDatabase
from neo4j._async_compat import AsyncUtil
from neo4j._exceptions import BoltSecurityError
from neo4j._shared.conf import (
    check_acquisition_timeout,
    check_connection_timeout,
)
from neo4j.exceptions import ServiceUnavailable

from .fake_bolt import FakeBoltServer


AUTH = ("neo4j", "pass")


class _TlsPeer:
    """A TCP listener that accepts and then never completes a TLS
    handshake: it stays silent, or (``answer``) sends these plain bytes
    after ``delay`` seconds and hangs up."""

    def __init__(self, answer: bytes | None = None, delay: float = 0) -> None:
        self.answer = answer
        self.delay = delay
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.05)  # to notice the end of the test
        self.port = self.listener.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:  # closed: the test is over
                return
            conn.settimeout(None)
            self.accepted.append(conn)
            if self.answer is not None:
                if self._stop.wait(self.delay):
                    return
                try:
                    conn.recv(4096)  # the ClientHello
                    conn.sendall(self.answer)
                finally:
                    conn.close()

    def close(self) -> None:
        self._stop.set()
        self.thread.join(5)
        self.listener.close()
        for conn in self.accepted:
            conn.close()


@pytest.fixture
def silent_peer() -> t.Iterator[_TlsPeer]:
    peer = _TlsPeer()
    yield peer
    peer.close()


@pytest.fixture
def late_http_peer() -> t.Iterator[_TlsPeer]:
    # answers the ClientHello with HTTP, well after connection_timeout
    peer = _TlsPeer(b"HTTP/1.1 400 Bad Request\r\n\r\n", delay=0.5)
    yield peer
    peer.close()


@pytest.fixture
def server() -> t.Iterator[FakeBoltServer]:
    with FakeBoltServer() as srv:
        yield srv


def _unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _prefix(port: int) -> str:
    return (
        f"Couldn't connect to 127.0.0.1:{port} "
        f"(resolved to ('127.0.0.1:{port}',)):\n"
    )


async def _verify(uri: str, **config: t.Any) -> None:
    async with AsyncGraphDatabase.driver(uri, auth=AUTH, **config) as driver:
        await driver.verify_connectivity()


def _security_error(
    error: ServiceUnavailable, port: int
) -> tuple[BoltSecurityError, BaseException]:
    """The BoltSecurityError and its cause, checking the official
    shape: the ServiceUnavailable text ends with the security error's."""
    cause = error.__cause__
    assert isinstance(cause, BoltSecurityError)
    assert str(error) == _prefix(port) + str(cause)
    origin = cause.__cause__
    assert origin is not None
    text = str(cause)
    assert text.startswith(f"[{type(origin).__name__}] Connection Failed. ")
    assert text.split(" (code ")[0].endswith(
        " Failed to establish encrypted connection."
    )
    assert cause.address[1] > 0  # (host name, local port)
    return cause, origin


# -- the TLS handshake ------------------------------------------------------


async def test_unanswered_tls_handshake_is_a_security_error(
    silent_peer: _TlsPeer,
) -> None:
    port = silent_peer.port
    with pytest.raises(ServiceUnavailable) as info:
        await _verify(
            f"bolt+ssc://127.0.0.1:{port}",
            connection_acquisition_timeout=0.3,
            connection_timeout=30,
        )
    cause, origin = _security_error(info.value, port)
    if AsyncUtil.is_async_code:
        # asyncio's ssl_handshake_timeout: the acquisition deadline's
        # remaining time, not connection_timeout
        assert isinstance(origin, ConnectionAbortedError)
        text = str(origin)
        assert text.startswith("SSL handshake is taking longer than ")
        assert text.endswith(" seconds: aborting the connection")
        seconds = float(text.split(" than ")[1].split(" seconds")[0])
        assert 0 < seconds <= 0.3
    else:
        assert type(origin) is TimeoutError
        assert str(origin).endswith("The handshake operation timed out")
    assert cause.errno is None
    assert str(cause).endswith(" Failed to establish encrypted connection.")


async def test_tls_handshake_is_not_bounded_by_connection_timeout(
    late_http_peer: _TlsPeer,
) -> None:
    # the peer answers after 0.5 s, long after connection_timeout: the
    # driver is still waiting (bounded by the acquisition deadline) and
    # sees the answer that is no TLS
    port = late_http_peer.port
    with pytest.raises(ServiceUnavailable) as info:
        await _verify(
            f"bolt+ssc://127.0.0.1:{port}",
            connection_acquisition_timeout=30,
            connection_timeout=0.05,
        )
    cause, origin = _security_error(info.value, port)
    assert type(origin) is ssl.SSLError
    assert "WRONG_VERSION_NUMBER" in str(origin)
    # the SSLError's errno is shown, as the official driver does
    assert str(cause).endswith(
        " Failed to establish encrypted connection. "
        "(code 1: Operation not permitted)"
    )


# -- connection_timeout ------------------------------------------------------


@pytest.mark.parametrize("timeout", [-1, -0.5])
async def test_negative_connection_timeout_fails_when_connecting(
    timeout: float,
) -> None:
    driver: AsyncDriver = AsyncGraphDatabase.driver(
        f"bolt://127.0.0.1:{_unused_port()}",
        auth=AUTH,
        connection_timeout=timeout,
    )
    async with driver:
        driver.session()  # nothing checked yet
        with pytest.raises(ValueError) as info:
            await driver.verify_connectivity()
    assert str(info.value) == "Timeout value out of range"
    assert type(info.value) is ValueError


@pytest.mark.parametrize("timeout", [0, 0.0])
async def test_zero_connection_timeout_means_no_timeout(
    server: FakeBoltServer, timeout: float
) -> None:
    await _verify(server.uri, connection_timeout=timeout)
    assert len(server.connections) == 1


def test_check_connection_timeout() -> None:
    assert check_connection_timeout(None) is None
    assert check_connection_timeout(0) is None
    assert check_connection_timeout(0.0) is None
    assert check_connection_timeout(2.5) == 2.5
    assert check_connection_timeout(math.inf) == math.inf
    with pytest.raises(ValueError, match=r"^Timeout value out of range$"):
        check_connection_timeout(-0.1)


# -- connection_acquisition_timeout ------------------------------------------


@pytest.mark.parametrize(
    ("timeout", "error", "message"),
    [
        (0, ValueError, "Connection acquisition timeout must be > 0, got 0"),
        (
            -1,
            ValueError,
            "Connection acquisition timeout must be > 0, got -1",
        ),
        (
            0.0,
            ValueError,
            "Connection acquisition timeout must be > 0, got 0.0",
        ),
        (
            math.nan,
            ValueError,
            "Connection acquisition timeout must not be NaN",
        ),
        (
            "1",
            TypeError,
            (
                "Connection acquisition timeout must be a number, "
                "got <class 'str'>"
            ),
        ),
    ],
)
async def test_acquisition_timeout_checked_when_acquiring(
    server: FakeBoltServer,
    timeout: t.Any,
    error: type[Exception],
    message: str,
) -> None:
    # as a driver option: the driver and its sessions are made, the
    # acquisition fails
    driver = AsyncGraphDatabase.driver(
        server.uri, auth=AUTH, connection_acquisition_timeout=timeout
    )
    async with driver:
        async with driver.session():
            pass
        with pytest.raises(error) as info:
            await driver.verify_connectivity()
        assert type(info.value) is error
        assert str(info.value) == message
        # as a session option: likewise when the session needs a
        # connection
        async with driver.session(
            connection_acquisition_timeout=timeout
        ) as session:
            with pytest.raises(error) as info:
                await session.run("RETURN 1")
        assert str(info.value) == message
    assert server.connections == []


def test_check_acquisition_timeout() -> None:
    assert check_acquisition_timeout(None) is None
    assert check_acquisition_timeout(1) == 1
    assert check_acquisition_timeout(True) is True
    assert check_acquisition_timeout(math.inf) == math.inf


async def test_connection_timeout_zero_still_bounded_by_deadline(
    silent_peer: _TlsPeer,
) -> None:
    # a server that accepts but never answers the Bolt handshake: the
    # acquisition deadline ends the wait
    port = silent_peer.port
    with pytest.raises(ServiceUnavailable) as info:
        await _verify(
            f"bolt://127.0.0.1:{port}",
            connection_acquisition_timeout=0.3,
            connection_timeout=0,
        )
    assert str(info.value).startswith(_prefix(port))
