# This file is generated from tests/unit/async_/test_pool_connection_loss.py by bin/make-unasync; do not edit.
# make-unasync digest: 824585fa853c1b26787fec756654bfb459c5332b63b2a278cce435f44716d7fb
# ruff: noqa: SIM117 (nested driver/session blocks read better)
"""Connections that go away: ``deactivate`` closes idle ones only, socket
errors mark a connection lost, a hang-up while greeting is
:class:`SessionExpired`."""

from __future__ import annotations

import typing as t

import pytest

from neo4j._sync.driver import Driver, GraphDatabase
from neo4j.exceptions import (
    ServiceUnavailable,
    SessionExpired,
)

from .fake_bolt import (
    FakeBoltServer,
    FakeConnection,
    Reply,
    default_handler,
)


AUTH = ("neo4j", "pass")


def driver_for(server: FakeBoltServer, **config: t.Any) -> Driver:
    return GraphDatabase.driver(server.uri, auth=AUTH, **config)


# -- S6: deactivate closes idle connections only -------------------------


def test_deactivate_closes_only_idle_connections() -> None:
    with FakeBoltServer() as server:
        with driver_for(server) as driver:
            pool: t.Any = driver._pool
            busy = pool.acquire(timeout=5)
            idle = pool.acquire(timeout=5)
            pool.release(idle)
            assert not idle.closed
            pool.deactivate(pool.address)
            assert idle.closed
            # the connection in use keeps working until released
            assert not busy.closed
            assert busy.stale
            pool.release(busy)
            assert busy.closed
            # the server is usable again: a fresh connection
            again = pool.acquire(timeout=5)
            assert again is not busy
            assert again is not idle
            pool.release(again)
        assert len(server.connections) == 3


# -- S7: a connection killed by a socket error is marked lost ------------


def _hang_up_on_reset(
    conn: FakeConnection, name: str, fields: list[t.Any]
) -> list[Reply]:
    if name == "RESET":
        return ["close"]
    return default_handler(conn, name, fields)


def test_socket_error_marks_the_connection_lost() -> None:
    with FakeBoltServer(_hang_up_on_reset) as server:
        with driver_for(server) as driver:
            pool: t.Any = driver._pool
            conn = pool.acquire(timeout=5)
            assert conn.lost is False
            with pytest.raises(ServiceUnavailable):
                conn.reset()
            assert conn.lost is True
            assert conn.closed
            pool.kill_connection(conn)


def test_own_kill_and_close_do_not_mark_lost() -> None:
    with FakeBoltServer() as server:
        with driver_for(server) as driver:
            pool: t.Any = driver._pool
            killed = pool.acquire(timeout=5)
            pool.kill_connection(killed)
            with pytest.raises(ServiceUnavailable):
                killed.reset()
            assert killed.lost is False
            closed = pool.acquire(timeout=5)
            closed.close()
            assert closed.lost is False
            pool.kill_connection(closed)


# -- S11: a hang-up during the greeting is SessionExpired, also bolt:// ---


def test_hang_up_during_hello_is_session_expired() -> None:
    hellos = []

    def handler(
        conn: FakeConnection, name: str, fields: list[t.Any]
    ) -> list[Reply]:
        if name == "HELLO":
            hellos.append(1)
            if len(hellos) == 1:
                return ["close"]
        return default_handler(conn, name, fields)

    with FakeBoltServer(handler) as server:
        with driver_for(server) as driver:
            with driver.session() as session:
                with pytest.raises(SessionExpired) as info:
                    session.run("x")
                assert type(info.value) is SessionExpired
                assert str(info.value).startswith(
                    "Failed to read from defunct connection"
                )
                result = session.run("y")
                assert result.value() == ["y"]
    assert len(server.connections) == 2
