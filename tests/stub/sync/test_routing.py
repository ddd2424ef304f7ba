# This file is generated from tests/stub/async_/test_routing.py by bin/make-unasync; do not edit.
# make-unasync digest: c8ef94b22bfba3a6f41b1b11c46dd968b86fb2eccb79bcd5a6ca349a41879936
"""Routing against a stub cluster: one router, one reader, one writer.

``tests/stub/sync/test_routing.py`` is generated from this file.
"""

from __future__ import annotations

import typing as t

import pytest

from neo4j._sync.driver import Driver
from neo4j.exceptions import ServiceUnavailable
from tests.stub.server import StubServer, StubServers


MakeDriver = t.Callable[..., Driver]

GREETING = """\
!: BOLT 5.4
!: AUTO HELLO
!: AUTO LOGON
!: AUTO GOODBYE
"""

ROUTER = (
    GREETING
    + """\
C: ROUTE {"address": "${address}"} [] {"db": "neo4j"}
S: SUCCESS {"rt": {"ttl": 1000, "db": "neo4j", "servers": [
     {"role": "ROUTE", "addresses": ["${address}"]},
     {"role": "READ", "addresses": ["${reader}"]},
     {"role": "WRITE", "addresses": ["${writer}"]}]}}
"""
)


def _member(mode: str, query: str) -> str:
    return (
        GREETING
        + f'C: RUN "{query}" {{}} {{"db": "neo4j"'
        + (', "mode": "r"' if mode == "r" else "")
        + "}\n"
        'C: PULL {"n": 1000}\n'
        'S: SUCCESS {"fields": ["x"]}\n'
        f'   RECORD ["{mode}"]\n'
        f'   SUCCESS {{"type": "{mode}"}}\n'
    )


def _cluster(
    stub_server: StubServers,
) -> tuple[StubServer, StubServer, StubServer]:
    reader = stub_server.start(_member("r", "READ"))
    writer = stub_server.start(_member("w", "WRITE"))
    router = stub_server.start(
        ROUTER, reader=reader.address, writer=writer.address
    )
    return router, reader, writer


def test_reads_go_to_reader_and_writes_to_writer(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    router, reader, writer = _cluster(stub_server)
    driver = make_driver(router, scheme="neo4j")
    with driver.session(
        database="neo4j", default_access_mode="READ"
    ) as session:
        result = session.run("READ")
        assert [record["x"] for record in result] == ["r"]
    with driver.session(database="neo4j") as session:
        result = session.run("WRITE")
        assert [record["x"] for record in result] == ["w"]
    driver.close()
    for server in (router, reader, writer):
        server.done()
        assert server.connection_count == 1


def test_malformed_routing_table_closes_the_router_connection(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    router = stub_server.start(
        GREETING
        + """\
!: ALLOW RESTART
C: ROUTE {"address": "${address}"} [] {"db": "neo4j"}
S: SUCCESS {"rt": {"ttl": "soon", "db": "neo4j", "servers": []}}
"""
    )
    driver = make_driver(router, scheme="neo4j")
    for _ in range(2):
        with driver.session(database="neo4j") as session:
            with pytest.raises(ServiceUnavailable):
                session.run("RETURN 1")
    driver.close()
    # a router whose table cannot be read is not asked again on the same
    # connection: each attempt opened a new one
    assert router.connection_count == 2
