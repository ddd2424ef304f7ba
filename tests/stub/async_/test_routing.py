"""Routing against a stub cluster: one router, one reader, one writer.

``tests/stub/sync/test_routing.py`` is generated from this file.
"""

from __future__ import annotations

import typing as t

import pytest

from neo4j._async.driver import AsyncDriver
from neo4j.exceptions import ServiceUnavailable
from tests.stub.server import StubServer, StubServers


MakeDriver = t.Callable[..., AsyncDriver]

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


async def test_reads_go_to_reader_and_writes_to_writer(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    router, reader, writer = _cluster(stub_server)
    driver = make_driver(router, scheme="neo4j")
    async with driver.session(
        database="neo4j", default_access_mode="READ"
    ) as session:
        result = await session.run("READ")
        assert [record["x"] async for record in result] == ["r"]
    async with driver.session(database="neo4j") as session:
        result = await session.run("WRITE")
        assert [record["x"] async for record in result] == ["w"]
    await driver.close()
    for server in (router, reader, writer):
        await server.async_done()
        assert server.connection_count == 1


async def test_malformed_routing_table_closes_the_router_connection(
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
        async with driver.session(database="neo4j") as session:
            with pytest.raises(ServiceUnavailable):
                await session.run("RETURN 1")
    await driver.close()
    # a router whose table cannot be read is not asked again on the same
    # connection: each attempt opened a new one
    assert router.connection_count == 2
