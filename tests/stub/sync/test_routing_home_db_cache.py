# This file is generated from tests/stub/async_/test_routing_home_db_cache.py by bin/make-unasync; do not edit.
# make-unasync digest: 68597bfbf48be3f870b521276191b9be2e316edbfcaf61b80a5bf0bcf08e983e
"""Home database cache with optimistic routing (Bolt 5.8, ``ssr.enabled``).

``tests/stub/sync/test_routing_home_db_cache.py`` is generated from this
file.
"""

from __future__ import annotations

import typing as t

from neo4j._sync.driver import Driver
from neo4j._sync.io._routing import Neo4jPool
from tests.stub.server import StubServers


MakeDriver = t.Callable[..., Driver]


def _header(ssr: bool) -> str:
    hints = '"hints": {"ssr.enabled": true}, ' if ssr else ""
    return (
        "!: BOLT 5.8\n!: AUTO LOGON\n!: AUTO GOODBYE\n!: AUTO RESET\n"
        f'!: AUTO HELLO SUCCESS {{{hints}"server": "Neo4j/5.26.0", '
        '"connection_id": "b-1"}\n'
    )


ROUTE_HOME = (
    'C: ROUTE {"address": "${address}"} [] {}\n'
    'S: SUCCESS {"rt": {"ttl": 1000, "db": "home", "servers": ['
    '{"role": "ROUTE", "addresses": ["${address}"]}, '
    '{"role": "READ", "addresses": ["${address}"]}, '
    '{"role": "WRITE", "addresses": ["${address}"]}]}}\n'
)


def _run(db: str | None) -> str:
    db_entry = "" if db is None else f'"db": "{db}", '
    return (
        f'C: RUN "Q" {{}} {{{db_entry}"mode": "r"}}\n'
        'C: PULL {"n": 1000}\n'
        'S: SUCCESS {"fields": ["x"]}\n'
        "   RECORD [1]\n"
        '   SUCCESS {"type": "r", "db": "home"}\n'
    )


def _pool(driver: Driver) -> Neo4jPool:
    return t.cast(Neo4jPool, driver._pool)


def _read(driver: Driver) -> list[int]:
    with driver.session(default_access_mode="READ") as session:
        result = session.run("Q")
        return [record["x"] for record in result]


def test_cached_home_database_skips_route(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        _header(ssr=True) + ROUTE_HOME + _run("home") + _run(None)
    )
    driver = make_driver(server, scheme="neo4j")
    assert _read(driver) == [1]
    # the second session guesses "home" (the server routes by itself)
    assert _read(driver) == [1]
    pool = _pool(driver)
    assert len(pool.home_db_cache) == 1
    driver.close()
    server.done()


def test_cache_is_per_user(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        _header(ssr=True)
        + ROUTE_HOME
        + _run("home")
        + ROUTE_HOME.replace("{}\n", '{"imp_user": "bob"}\n', 1)
        + _run("home").replace('"mode": "r"', '"mode": "r", "imp_user": "bob"')
    )
    driver = make_driver(server, scheme="neo4j")
    assert _read(driver) == [1]
    with driver.session(
        default_access_mode="READ", impersonated_user="bob"
    ) as session:
        result = session.run("Q")
        assert [record["x"] for record in result] == [1]
    driver.close()
    server.done()


def test_without_ssr_every_session_routes(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        _header(ssr=False)
        + ROUTE_HOME
        + _run("home")
        + ROUTE_HOME
        + _run("home")
    )
    driver = make_driver(server, scheme="neo4j")
    assert _read(driver) == [1]
    assert _read(driver) == [1]
    driver.close()
    server.done()
