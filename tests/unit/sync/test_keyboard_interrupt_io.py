# This file is generated from tests/unit/async_/test_keyboard_interrupt_io.py by bin/make-unasync; do not edit.
# make-unasync digest: 52a135c050b60af67c64c4f64c54aa16540c73d4dc5e9954b8d8930a057d7aa5
"""``KeyboardInterrupt`` raised by a socket read in the middle of the
work (async twin): it reaches the caller unchanged, the connection it
interrupted is killed (never pooled, no ``GOODBYE``: its state is
unknown), its pool slot is freed, and the session goes on.

The interrupt comes from the driver's own socket class
(``BoltSocket.recv``, ``BoltSocket.recv`` in the sync twin),
patched to raise on the read after the request was sent.
"""

from __future__ import annotations

import typing as t

import pytest

from neo4j._sync.driver import Driver, GraphDatabase
from neo4j._async_compat import BoltSocket, Util

from .fake_bolt import FakeBoltServer, FakeConnection


AUTH = ("neo4j", "pass")


class _Trap:
    """Makes the next socket read raise ``KeyboardInterrupt``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.armed = False
        self.sprung = 0
        original = BoltSocket.recv

        def recv(sock: BoltSocket) -> t.Any:
            if self.armed:
                self.armed = False
                self.sprung += 1
                raise KeyboardInterrupt
            return original(sock)

        monkeypatch.setattr(BoltSocket, "recv", recv)


@pytest.fixture
def trap(monkeypatch: pytest.MonkeyPatch) -> _Trap:
    return _Trap(monkeypatch)


@pytest.fixture
def server() -> t.Iterator[FakeBoltServer]:
    with FakeBoltServer() as srv:
        yield srv


def _driver(server: FakeBoltServer) -> Driver:
    # one slot: work after the interrupt proves it was freed
    return GraphDatabase.driver(
        server.uri,
        auth=AUTH,
        max_connection_pool_size=1,
        connection_acquisition_timeout=3,
    )


def _until_closed(conn: FakeConnection) -> None:
    """Wait (at most 5 s) until the server saw the connection end."""
    for _ in range(500):
        if conn.closed:
            return
        Util.sleep(0.01)
    raise AssertionError("the server still sees the connection open")


def _pooled(driver: Driver) -> list[t.Any]:
    pool: t.Any = driver._pool
    return list(pool._state.all_connections())


def _interrupted(work: str, session: t.Any) -> None:
    def read(tx: t.Any) -> t.Any:
        return (tx.run("5")).value()

    if work == "run":
        session.run("5")
    elif work == "consume":
        result = session.run("5")
        result.consume()
    elif work == "begin":
        session.begin_transaction()
    elif work == "transaction":
        tx = session.begin_transaction()
        (tx.run("5")).value()
    else:
        session.execute_read(read)


WORK = ["run", "consume", "begin", "transaction", "managed"]


@pytest.mark.parametrize("work", WORK)
def test_interrupt_kills_the_connection_and_frees_the_slot(
    server: FakeBoltServer, trap: _Trap, work: str
) -> None:
    with _driver(server) as driver:
        session = driver.session(fetch_size=2)
        assert (session.run("1")).value() == [0]
        (interrupted,) = _pooled(driver)
        if work == "consume":
            result = session.run("5")
            trap.armed = True
            with pytest.raises(KeyboardInterrupt):
                # the first batch arrived with the RUN reply: reading
                # the rest needs the socket
                result.consume()
        else:
            trap.armed = True
            with pytest.raises(KeyboardInterrupt):
                _interrupted(work, session)
        assert trap.sprung == 1
        assert interrupted.closed or interrupted.defunct
        assert _pooled(driver) == []
        # the same session and another one work, on a new connection
        assert (session.run("2")).value() == [0, 1]
        session.close()
        records, _, _ = driver.execute_query("3")
        assert [r[0] for r in records] == [0, 1, 2]
        (fresh,) = _pooled(driver)
        assert fresh is not interrupted
    assert len(server.connections) == 2
    # the interrupted connection was killed, not said goodbye to
    _until_closed(server.connections[0])
    assert "GOODBYE" not in server.requests()[0]


def test_interrupt_inside_a_session_block_closes_the_session(
    server: FakeBoltServer, trap: _Trap
) -> None:
    with _driver(server) as driver:
        session = driver.session()
        with pytest.raises(KeyboardInterrupt):
            with session:
                trap.armed = True
                session.run("5")
        assert session.closed()
        assert _pooled(driver) == []
        records, _, _ = driver.execute_query("2")
        assert [r[0] for r in records] == [0, 1]
    assert len(server.connections) == 2
