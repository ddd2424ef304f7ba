"""Bolt 3.0, 4.2 and 4.3 against the stub server: what each version
sends, how it routes and what it refuses.

``tests/stub/sync/test_legacy_versions.py`` is generated from this file.
"""

from __future__ import annotations

import datetime
import typing as t

import pytest

from neo4j import Bookmarks
from neo4j._async.driver import AsyncDriver
from neo4j.exceptions import ConfigurationError, ServiceUnavailable
from tests.stub.server import StubServers


MakeDriver = t.Callable[..., AsyncDriver]

HELLO_3 = (
    'C: HELLO {"user_agent": *, "scheme": "basic", '
    '"principal": "neo4j", "credentials": "pass"}\n'
    'S: SUCCESS {"server": "Neo4j/3.5.0", "connection_id": "bolt-1"}\n'
)


def _hello_4(version: str, routing: str | None, patch: bool) -> str:
    fields = '"user_agent": *'
    if routing is not None:
        fields += f', "routing": {routing}'
    if patch:
        fields += ', "patch_bolt": ["utc"]'
    fields += (
        ', "scheme": "basic", "principal": "neo4j", "credentials": "pass"'
    )
    return (
        f"C: HELLO {{{fields}}}\n"
        f'S: SUCCESS {{"server": "Neo4j/{version}.0", '
        '"connection_id": "bolt-1"}\n'
    )


async def test_bolt3_session_sends_pull_all_and_no_fetch_size(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        "!: BOLT 3.0\n!: AUTO RESET\n!: AUTO GOODBYE\n"
        + HELLO_3
        + 'C: RUN "RETURN 1 AS n" {} {"mode": "r"}\n'
        "C: PULL_ALL\n"
        'S: SUCCESS {"fields": ["n"]}\n'
        "   RECORD [1]\n"
        "   RECORD [2]\n"
        "   RECORD [3]\n"
        '   SUCCESS {"bookmark": "bm1", "type": "r"}\n'
        'C: BEGIN {"mode": "r", "bookmarks": ["bm1"]}\n'
        "S: SUCCESS {}\n"
        'C: RUN "A" {} {}\n'
        "C: PULL_ALL\n"
        'S: SUCCESS {"fields": ["a"]}\n'
        '   RECORD ["a1"]\n'
        "   SUCCESS {}\n"
        'C: RUN "B" {} {}\n'
        "C: PULL_ALL\n"
        'S: SUCCESS {"fields": ["b"]}\n'
        '   RECORD ["b1"]\n'
        "   SUCCESS {}\n"
        "C: COMMIT\n"
        'S: SUCCESS {"bookmark": "bm2"}\n'
    )
    driver = make_driver(server)
    async with driver.session(
        default_access_mode="READ", fetch_size=1
    ) as session:
        result = await session.run("RETURN 1 AS n")
        assert [r["n"] async for r in result] == [1, 2, 3]
        tx = await session.begin_transaction()
        first = await tx.run("A")
        second = await tx.run("B")
        # no qid in Bolt 3: the first result arrived whole before B ran
        assert [r["b"] async for r in second] == ["b1"]
        assert [r["a"] async for r in first] == ["a1"]
        await tx.commit()
        assert (await session.last_bookmarks()).raw_values == {"bm2"}
    info = await driver.get_server_info()
    assert info.protocol_version == (3, 0)
    assert not await driver.supports_multi_db()
    await driver.close()
    await server.async_done()


async def test_bolt3_refuses_database_and_impersonation(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        "!: BOLT 3.0\n!: AUTO RESET\n!: AUTO GOODBYE\n!: ALLOW RESTART\n"
        + HELLO_3
    )
    driver = make_driver(server)
    async with driver.session(database="adb") as session:
        with pytest.raises(ConfigurationError) as db_error:
            await session.run("RETURN 1")
    assert str(db_error.value) == (
        "Database name parameter for selecting database is not supported "
        "in Bolt Protocol 3.0. Database name 'adb'."
    )
    async with driver.session(impersonated_user="bob") as session:
        with pytest.raises(ConfigurationError) as imp_error:
            await session.begin_transaction()
    assert str(imp_error.value) == (
        "Impersonation is not supported in Bolt Protocol 3.0. Trying to "
        "impersonate 'bob'."
    )
    await driver.close()


async def test_bolt3_discard_all(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        "!: BOLT 3.0\n!: AUTO RESET\n!: AUTO GOODBYE\n"
        + HELLO_3
        + 'C: RUN "RETURN 1" {} {}\n'
        "C: PULL_ALL\n"
        'S: SUCCESS {"fields": ["n"]}\n'
        "   RECORD [1]\n"
        '   SUCCESS {"type": "w"}\n'
    )
    driver = make_driver(server)
    async with driver.session() as session:
        summary = await (await session.run("RETURN 1")).consume()
    assert summary.query_type == "w"
    assert summary.server.protocol_version == (3, 0)
    await driver.close()
    await server.async_done()


async def test_bolt3_routes_with_the_cluster_procedure(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    reader = stub_server.start(
        "!: BOLT 3.0\n!: AUTO RESET\n!: AUTO GOODBYE\n"
        + HELLO_3
        + 'C: RUN "READ" {} {"mode": "r"}\n'
        "C: PULL_ALL\n"
        'S: SUCCESS {"fields": ["x"]}\n'
        '   RECORD ["r"]\n'
        "   SUCCESS {}\n"
    )
    router = stub_server.start(
        "!: BOLT 3.0\n!: AUTO RESET\n!: AUTO GOODBYE\n"
        + HELLO_3
        + 'C: RUN "CALL dbms.cluster.routing.getRoutingTable($context)" '
        '{"context": {"address": "${address}"}} {"mode": "r"}\n'
        "C: PULL_ALL\n"
        'S: SUCCESS {"fields": ["ttl", "servers"]}\n'
        "   RECORD [1000, ["
        '{"role": "ROUTE", "addresses": ["${address}"]}, '
        '{"role": "READ", "addresses": ["${reader}"]}, '
        '{"role": "WRITE", "addresses": ["${address}"]}]]\n'
        "   SUCCESS {}\n",
        reader=reader.address,
    )
    driver = make_driver(router, scheme="neo4j")
    async with driver.session(default_access_mode="READ") as session:
        result = await session.run("READ")
        assert [r["x"] async for r in result] == ["r"]
    await driver.close()
    await router.async_done()
    await reader.async_done()


async def test_bolt3_routing_for_a_database_is_refused(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    router = stub_server.start(
        "!: BOLT 3.0\n!: AUTO RESET\n!: AUTO GOODBYE\n" + HELLO_3
    )
    driver = make_driver(router, scheme="neo4j")
    async with driver.session(database="adb") as session:
        with pytest.raises(ConfigurationError) as exc_info:
            await session.run("RETURN 1")
    assert str(exc_info.value) == (
        "Database name parameter for selecting database is not supported "
        "in Bolt Protocol 3.0. Database name 'adb'. "
        "Server Agent 'Neo4j/3.5.0'"
    )
    await driver.close()


async def test_bolt3_empty_routing_answer_is_service_unavailable(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    router = stub_server.start(
        "!: BOLT 3.0\n!: AUTO RESET\n!: AUTO GOODBYE\n"
        + HELLO_3
        + 'C: RUN "CALL dbms.cluster.routing.getRoutingTable($context)" '
        '{"context": {"address": "${address}"}} {"mode": "r"}\n'
        "C: PULL_ALL\n"
        'S: SUCCESS {"fields": ["ttl", "servers"]}\n'
        "   SUCCESS {}\n"
    )
    driver = make_driver(router, scheme="neo4j")
    async with driver.session() as session:
        with pytest.raises(ServiceUnavailable, match="routing"):
            await session.run("RETURN 1")
    await driver.close()


async def test_bolt4x2_routes_with_the_procedure_on_system(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    reader = stub_server.start(
        "!: BOLT 4.2\n!: AUTO RESET\n!: AUTO GOODBYE\n"
        + _hello_4("4.2", '{"address": *}', patch=False)
        + 'C: RUN "READ" {} {"db": "adb", "mode": "r", '
        '"bookmarks": ["sys:1"]}\n'
        'C: PULL {"n": 1000}\n'
        'S: SUCCESS {"fields": ["x"]}\n'
        '   RECORD ["r"]\n'
        "   SUCCESS {}\n"
    )
    router = stub_server.start(
        "!: BOLT 4.2\n!: AUTO RESET\n!: AUTO GOODBYE\n"
        + _hello_4("4.2", '{"address": "${address}"}', patch=False)
        + 'C: RUN "CALL dbms.routing.getRoutingTable($context, $database)" '
        '{"context": {"address": "${address}"}, "database": "adb"} '
        '{"db": "system", "mode": "r", "bookmarks": ["sys:1"]}\n'
        'C: PULL {"n": -1}\n'
        'S: SUCCESS {"fields": ["ttl", "servers"]}\n'
        "   RECORD [1000, ["
        '{"role": "ROUTE", "addresses": ["${address}"]}, '
        '{"role": "READ", "addresses": ["${reader}"]}, '
        '{"role": "WRITE", "addresses": ["${address}"]}]]\n'
        "   SUCCESS {}\n",
        reader=reader.address,
    )
    driver = make_driver(router, scheme="neo4j")
    async with driver.session(
        database="adb",
        default_access_mode="READ",
        bookmarks=Bookmarks.from_raw_values(["sys:1"]),
    ) as session:
        result = await session.run("READ")
        assert [r["x"] async for r in result] == ["r"]
        summary = await result.consume()
    assert summary.server.protocol_version == (4, 2)
    await driver.close()
    await router.async_done()
    await reader.async_done()


async def test_bolt4x3_route_message_and_utc_patch(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    member = stub_server.start(
        "!: BOLT 4.3\n!: AUTO RESET\n!: AUTO GOODBYE\n"
        'C: HELLO {"user_agent": *, "routing": {"address": *}, '
        '"patch_bolt": ["utc"], "scheme": "basic", "principal": "neo4j", '
        '"credentials": "pass"}\n'
        'S: SUCCESS {"server": "Neo4j/4.3.0", "connection_id": "bolt-2", '
        '"patch_bolt": ["utc"], '
        '"hints": {"connection.recv_timeout_seconds": 10}}\n'
        'C: RUN "READ" {} {"db": "adb", "mode": "r"}\n'
        'C: PULL {"n": 1000}\n'
        'S: SUCCESS {"fields": ["t"]}\n'
        "   RECORD [DateTime(0, 0, 0)]\n"
        "   SUCCESS {}\n"
    )
    router = stub_server.start(
        "!: BOLT 4.3\n!: AUTO RESET\n!: AUTO GOODBYE\n"
        + _hello_4("4.3", '{"address": "${address}"}', patch=True)
        + 'C: ROUTE {"address": "${address}"} [] "adb"\n'
        'S: SUCCESS {"rt": {"ttl": 1000, "db": "adb", "servers": ['
        '{"role": "ROUTE", "addresses": ["${address}"]}, '
        '{"role": "READ", "addresses": ["${member}"]}, '
        '{"role": "WRITE", "addresses": ["${address}"]}]}}\n',
        member=member.address,
    )
    driver = make_driver(router, scheme="neo4j")
    async with driver.session(
        database="adb", default_access_mode="READ"
    ) as session:
        result = await session.run("READ")
        records = [r["t"] async for r in result]
    assert records[0].to_native() == datetime.datetime(
        1970, 1, 1, tzinfo=datetime.timezone.utc
    )
    async with driver.session(impersonated_user="bob") as session:
        with pytest.raises(ConfigurationError, match="Impersonation"):
            await session.run("RETURN 1")
    await driver.close()
    await router.async_done()
    await member.async_done()
