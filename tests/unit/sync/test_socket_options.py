# This file is generated from tests/unit/async_/test_socket_options.py by bin/make-unasync; do not edit.
# make-unasync digest: 166be45b2b719930e8548c0bb7f85263dadba8c95f100dbaf2936e13575f56a9
"""Socket options of the driver's connections (async twin): the TCP
``connection_timeout`` against an address that never answers, TCP
keep-alive (``keep_alive``) and the ``connection_write_timeout`` against
a server that stops reading.

A connect that never completes is made deterministic without a network:
a listener with a backlog of 0 whose accept queue is already full drops
further SYNs, so the TCP connect neither succeeds nor fails.
"""

from __future__ import annotations

import socket
import threading
import typing as t

import pytest

from neo4j._sync.driver import Driver, GraphDatabase
from neo4j.exceptions import ServiceUnavailable

from .fake_bolt import (
    FakeBoltServer,
    FakeConnection,
    Reply,
    default_handler,
)


AUTH = ("neo4j", "pass")

#: makes retries of transaction functions immediate
FAST_RETRY: dict[str, t.Any] = {
    "initial_retry_delay": 0.001,
    "retry_delay_multiplier": 1.0,
    "retry_delay_jitter_factor": 0.0,
}


class _BlackHole:
    """A TCP port that never completes a connect (until closed)."""

    def __init__(self) -> None:
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(0)
        self.port: int = self.listener.getsockname()[1]
        self.fillers: list[socket.socket] = []
        # fill the accept queue (never accepted)
        filler = socket.create_connection(("127.0.0.1", self.port), 2)
        self.fillers.append(filler)
        # on kernels that queue more than the backlog, keep filling
        # until a connect hangs
        for _ in range(16):
            probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            probe.settimeout(0.1)
            try:
                probe.connect(("127.0.0.1", self.port))
            except TimeoutError:
                probe.close()
                return
            self.fillers.append(probe)
        self.close()
        pytest.skip("this kernel accepts every connect on a full backlog")

    def close(self) -> None:
        for sock in self.fillers:
            sock.close()
        self.listener.close()


@pytest.fixture
def black_hole() -> t.Iterator[_BlackHole]:
    hole = _BlackHole()
    yield hole
    hole.close()


@pytest.fixture
def server() -> t.Iterator[FakeBoltServer]:
    with FakeBoltServer() as srv:
        yield srv


def _driver(uri: str, **config: t.Any) -> Driver:
    return GraphDatabase.driver(uri, auth=AUTH, **config)


def _causes(error: BaseException) -> list[BaseException]:
    chain = []
    cause = error.__cause__
    while cause is not None:
        chain.append(cause)
        cause = cause.__cause__
    return chain


# -- connection_timeout -----------------------------------------------------


def test_connect_to_a_black_hole_ends_at_connection_timeout(
    black_hole: _BlackHole,
) -> None:
    port = black_hole.port
    with _driver(
        f"bolt://127.0.0.1:{port}",
        connection_timeout=0.2,
        connection_acquisition_timeout=5,
    ) as driver:
        with pytest.raises(ServiceUnavailable) as info:
            driver.verify_connectivity()
    error = info.value
    assert type(error) is ServiceUnavailable
    assert str(error).startswith(
        f"Couldn't connect to 127.0.0.1:{port} "
        f"(resolved to ('127.0.0.1:{port}',)):\n"
    )
    # the failure of the one address tried: a timeout
    address_error = error.__cause__
    assert type(address_error) is ServiceUnavailable
    assert "timed out" in str(address_error).lower()
    assert f"('127.0.0.1', {port})" in str(address_error)


def test_connection_timeout_lets_the_next_address_be_tried(
    black_hole: _BlackHole, server: FakeBoltServer
) -> None:
    # what proves the bound (the test above would also pass if the
    # acquisition deadline ended the connect): the resolver names the
    # black hole first, and only if the connect to it ends at
    # connection_timeout is there time left for the second address
    def resolver(address: t.Any) -> list[tuple[str, int]]:
        return [("127.0.0.1", black_hole.port), ("127.0.0.1", server.port)]

    with _driver(
        "bolt://seed.test:7687",
        resolver=resolver,
        connection_timeout=0.2,
        connection_acquisition_timeout=5,
    ) as driver:
        driver.verify_connectivity()
        records, _, _ = driver.execute_query("3")
        assert [r[0] for r in records] == [0, 1, 2]
    assert len(server.connections) == 1


# -- keep_alive -------------------------------------------------------------


def _socket_options(driver: Driver) -> list[int]:
    """SO_KEEPALIVE of every pooled connection's socket."""
    pool: t.Any = driver._pool
    values = []
    for conn in pool._state.all_connections():
        sock: socket.socket = conn.socket._sock
        values.append(sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE))
    return values


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ({}, 1),  # on by default (the operating system's default is off)
        ({"keep_alive": True}, 1),
        ({"keep_alive": False}, 0),
    ],
)
def test_keep_alive_socket_option(
    server: FakeBoltServer, config: dict[str, t.Any], expected: int
) -> None:
    with _driver(server.uri, **config) as driver:
        driver.verify_connectivity()
        options = _socket_options(driver)
    assert options == [expected]


# -- connection_write_timeout -----------------------------------------------

#: more than the kernel buffers of both ends together can hold
BIG = b"\x00" * (16 * 1024 * 1024)


def _stop_reading_after(query: str) -> t.Callable[..., list[Reply]]:
    """A handler: answers normally, but after the PULL of ``query`` the
    server never reads again (its receive buffer fills up)."""

    def handler(
        conn: FakeConnection, name: str, fields: list[t.Any]
    ) -> list[Reply]:
        replies = default_handler(conn, name, fields)
        if name == "RUN":
            conn.stop_reading = fields[0] == query  # type: ignore[attr-defined]
        elif name == "PULL" and getattr(conn, "stop_reading", False):
            return [*replies, "hang"]
        return replies

    return handler


@pytest.fixture
def deaf_server() -> t.Iterator[FakeBoltServer]:
    with FakeBoltServer(_stop_reading_after("deaf")) as srv:
        # a tiny receive buffer (inherited by accepted sockets), so that
        # a write blocks soon after the server stops reading
        srv._listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        # should the write timeout not work, the write would block for
        # ever: stopping the server then makes the test fail instead
        watchdog = threading.Timer(20, srv.stop)
        watchdog.start()
        yield srv
        watchdog.cancel()


def _pooled(driver: Driver) -> list[t.Any]:
    pool: t.Any = driver._pool
    return list(pool._state.all_connections())


def test_write_to_a_server_that_stops_reading_times_out(
    deaf_server: FakeBoltServer,
) -> None:
    with _driver(
        deaf_server.uri,
        connection_write_timeout=0.3,
        max_connection_pool_size=1,
        connection_acquisition_timeout=5,
    ) as driver:
        with driver.session() as session:
            assert (session.run("deaf")).value() == ["deaf"]
            (deaf,) = _pooled(driver)
            with pytest.raises(ServiceUnavailable) as info:
                session.run("big", p=BIG)
            assert any(
                isinstance(c, TimeoutError) for c in _causes(info.value)
            )
            # the connection is closed and gone from the pool; the
            # session goes on with a new one (the only slot was freed)
            assert deaf.closed or deaf.defunct
            assert deaf not in _pooled(driver)
            assert (session.run("2")).value() == [0, 1]
        assert len(deaf_server.connections) == 2
        (fresh,) = _pooled(driver)
        assert fresh is not deaf


def test_write_timeout_in_a_transaction_function_is_retried(
    deaf_server: FakeBoltServer,
) -> None:
    attempts: list[int] = []

    def work(tx: t.Any) -> list[t.Any]:
        attempts.append(len(attempts) + 1)
        if len(attempts) == 1:
            (tx.run("deaf")).consume()
            tx.run("big", p=BIG)
        return t.cast("list[t.Any]", (tx.run("3")).value())

    with (
        _driver(
            deaf_server.uri,
            connection_write_timeout=0.3,
            max_connection_pool_size=1,
            connection_acquisition_timeout=5,
        ) as driver,
        driver.session(**FAST_RETRY) as session,
    ):
        assert session.execute_write(work) == [0, 1, 2]
    assert attempts == [1, 2]
    assert len(deaf_server.connections) == 2
    assert "COMMIT" in deaf_server.requests()[1]
