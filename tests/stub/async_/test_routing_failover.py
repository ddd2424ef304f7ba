"""Failover of the routing driver against stub clusters: unreachable
members, leaders that step down, servers lost mid-transaction, liveness
checks, stale tables and the connections they leave behind.

``tests/stub/sync/test_routing_failover.py`` is generated from this file.
"""

from __future__ import annotations

import asyncio
import functools
import socket
import typing as t
from concurrent.futures import ThreadPoolExecutor

import pytest

from neo4j._addressing import Address
from neo4j._async.driver import AsyncDriver
from neo4j._async.io import _routing
from neo4j._async.io._routing import AsyncNeo4jPool
from neo4j._async_compat import AsyncUtil
from neo4j._shared.routing_policy import least_connected
from neo4j._shared.routing_table import RoutingTable
from neo4j.exceptions import (
    DatabaseUnavailable,
    ForbiddenOnReadOnlyDatabase,
    NotALeader,
    SessionExpired,
)
from tests.stub.server import StubServers


MakeDriver = t.Callable[..., AsyncDriver]

HEADER = (
    "!: BOLT 5.4\n!: AUTO HELLO\n!: AUTO LOGON\n!: AUTO GOODBYE\n"
    "!: AUTO RESET\n"
)


def _rt(
    db: str,
    readers: t.Sequence[str],
    writers: t.Sequence[str],
    routers: t.Sequence[str] = ("${address}",),
    ttl: int = 1000,
) -> str:
    def role(name: str, addresses: t.Sequence[str]) -> str:
        quoted = ", ".join(f'"{a}"' for a in addresses)
        return f'{{"role": "{name}", "addresses": [{quoted}]}}'

    return (
        f'C: ROUTE {{"address": "${{address}}"}} [] {{"db": "{db}"}}\n'
        f'S: SUCCESS {{"rt": {{"ttl": {ttl}, "db": "{db}", "servers": ['
        f"{role('ROUTE', routers)}, {role('READ', readers)}, "
        f"{role('WRITE', writers)}]}}}}\n"
    )


def _run(db: str, mode: str = "w") -> str:
    extra = ', "mode": "r"' if mode == "r" else ""
    return (
        f'C: RUN "Q" {{}} {{"db": "{db}"{extra}}}\n'
        'C: PULL {"n": 1000}\n'
        'S: SUCCESS {"fields": ["x"]}\n'
        "   RECORD [1]\n"
        f'   SUCCESS {{"type": "{mode}"}}\n'
    )


def _tables(driver: AsyncDriver) -> dict[str | None, RoutingTable]:
    return t.cast(
        "dict[str | None, RoutingTable]",
        driver._pool.routing_tables,  # type: ignore[attr-defined]
    )


def _pool(driver: AsyncDriver) -> AsyncNeo4jPool:
    return t.cast(AsyncNeo4jPool, driver._pool)


def _names(addresses: t.Iterable[Address]) -> list[str]:
    return [str(a) for a in addresses]


def _dead_address() -> str:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"127.0.0.1:{port}"


async def _query(
    driver: AsyncDriver, db: str = "neo4j", mode: str = "WRITE"
) -> list[int]:
    async with driver.session(
        database=db, default_access_mode=mode
    ) as session:
        result = await session.run("Q")
        return [record["x"] async for record in result]


@pytest.fixture
def first_of_ties(monkeypatch: pytest.MonkeyPatch) -> None:
    """Break least-connected ties by taking the first candidate."""

    def first(tied: t.Sequence[Address]) -> Address:
        return tied[0]

    monkeypatch.setattr(
        _routing,
        "least_connected",
        functools.partial(least_connected, choice=first),
    )


@pytest.mark.usefixtures("first_of_ties")
async def test_unreachable_reader_is_skipped_and_removed(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    reader = stub_server.start(HEADER + _run("neo4j", "r") * 2)
    dead = _dead_address()
    router = stub_server.start(
        HEADER
        + _rt("other", [dead], ["${address}"])
        + _run("other")
        + _rt("neo4j", [dead, reader.address], ["${address}"])
    )
    driver = make_driver(router, scheme="neo4j")
    # a table for "other" also lists the dead server
    assert await _query(driver, "other") == [1]
    for _ in range(2):
        # the dead reader is tried first, dropped, then the live one
        # answers
        assert await _query(driver, mode="READ") == [1]
    tables = _tables(driver)
    assert _names(tables["neo4j"].readers) == [reader.address]
    assert _names(tables["other"].readers) == []
    await driver.close()
    await reader.async_done()
    await router.async_done()


@pytest.mark.parametrize(
    ("code", "error_cls"),
    [
        ("Neo.ClientError.Cluster.NotALeader", NotALeader),
        (
            "Neo.ClientError.General.ForbiddenOnReadOnlyDatabase",
            ForbiddenOnReadOnlyDatabase,
        ),
    ],
)
async def test_former_leader_removed_as_writer_of_that_database_only(
    stub_server: StubServers,
    make_driver: MakeDriver,
    code: str,
    error_cls: type[Exception],
) -> None:
    # R2
    writer = stub_server.start(
        HEADER
        + 'C: RUN "Q" {} {"db": "neo4j"}\n'
        + 'C: PULL {"n": 1000}\n'
        + f'S: FAILURE {{"code": "{code}", "message": "not me"}}\n'
        + "   IGNORED\n"
    )
    router = stub_server.start(
        HEADER
        + _rt("other", ["${address}"], [writer.address])
        + _rt("neo4j", ["${address}"], [writer.address])
    )
    driver = make_driver(router, scheme="neo4j")
    pool = _pool(driver)
    await pool.force_routing_table_update("other")
    with pytest.raises(error_cls) as info:
        await _query(driver)
    assert info.value.code == code  # type: ignore[attr-defined]
    tables = _tables(driver)
    assert _names(tables["neo4j"].writers) == []
    assert _names(tables["neo4j"].readers) == [router.address]
    assert _names(tables["other"].writers) == [writer.address]
    await driver.close()
    await writer.async_done()
    await router.async_done()


async def test_writer_lost_mid_transaction_is_deactivated(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    # R3
    writer = stub_server.start(
        HEADER
        + 'C: BEGIN {"db": "neo4j"}\n'
        + "S: SUCCESS {}\n"
        + 'C: RUN "Q" {} {}\n'
        + 'C: PULL {"n": 1000}\n'
        + "S: <EXIT>\n"
    )
    router = stub_server.start(
        HEADER
        + _rt("other", ["${address}"], [writer.address])
        + _rt("neo4j", ["${address}"], [writer.address])
    )
    driver = make_driver(router, scheme="neo4j")
    pool = _pool(driver)
    await pool.force_routing_table_update("other")
    async with driver.session(database="neo4j") as session:
        tx = await session.begin_transaction()
        with pytest.raises(SessionExpired):
            result = await tx.run("Q")
            await result.consume()
        await tx.close()
    tables = _tables(driver)
    assert _names(tables["neo4j"].writers) == []
    assert _names(tables["other"].writers) == []
    assert _names(tables["neo4j"].readers) == [router.address]
    await driver.close()
    await writer.async_done()
    await router.async_done()


async def test_database_unavailable_deactivates_server(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    member = stub_server.start(
        HEADER
        + 'C: RUN "Q" {} {"db": "neo4j", "mode": "r"}\n'
        + 'C: PULL {"n": 1000}\n'
        + 'S: FAILURE {"code": "Neo.TransientError.General.'
        + 'DatabaseUnavailable", "message": "down"}\n'
        + "   IGNORED\n"
    )
    router = stub_server.start(
        HEADER + _rt("neo4j", [member.address], ["${address}"])
    )
    driver = make_driver(router, scheme="neo4j")
    with pytest.raises(DatabaseUnavailable):
        await _query(driver, mode="READ")
    tables = _tables(driver)
    assert _names(tables["neo4j"].readers) == []
    assert _names(tables["neo4j"].writers) == [router.address]
    await driver.close()
    await member.async_done()
    await router.async_done()


async def test_execute_read_fails_over_to_another_reader(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    dying = stub_server.start(
        HEADER + 'C: BEGIN {"db": "neo4j", "mode": "r"}\n' + "S: <EXIT>\n"
    )
    healthy = stub_server.start(
        HEADER
        + 'C: BEGIN {"db": "neo4j", "mode": "r"}\n'
        + "S: SUCCESS {}\n"
        + 'C: RUN "Q" {} {}\n'
        + 'C: PULL {"n": 1000}\n'
        + 'S: SUCCESS {"fields": ["x"]}\n'
        + "   RECORD [7]\n"
        + '   SUCCESS {"type": "r"}\n'
        + "C: COMMIT\n"
        + 'S: SUCCESS {"bookmark": "bm"}\n'
    )
    router = stub_server.start(
        HEADER + _rt("neo4j", [dying.address, healthy.address], ["${address}"])
    )
    driver = make_driver(router, scheme="neo4j")

    async def work(tx: t.Any) -> list[int]:
        result = await tx.run("Q")
        return [record["x"] async for record in result]

    async with driver.session(database="neo4j") as session:
        # whichever reader the random tie break picks first, the work
        # ends on the healthy one
        assert await session.execute_read(work) == [7]
    await driver.close()
    await healthy.async_done()
    await router.async_done()
    assert dying.connection_count <= 1


async def test_liveness_check_failure_keeps_server(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    reader = stub_server.start(
        HEADER + _run("neo4j", "r") + "C: RESET\nS: <EXIT>\n",
        HEADER + _run("neo4j", "r"),
    )
    router = stub_server.start(
        HEADER + _rt("neo4j", [reader.address], ["${address}"])
    )
    driver = make_driver(router, scheme="neo4j", liveness_check_timeout=0)
    assert await _query(driver, mode="READ") == [1]
    assert await _query(driver, mode="READ") == [1]
    tables = _tables(driver)
    assert _names(tables["neo4j"].readers) == [reader.address]
    await driver.close()
    await reader.async_done()
    await router.async_done()
    assert reader.connection_count == 2


async def test_stale_tables_purged_and_unused_connections_closed(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    old_member = stub_server.start(HEADER + _run("a", "r"))
    new_member = stub_server.start(HEADER + _run("b", "r"))
    router = stub_server.start(
        HEADER
        + _rt("a", [old_member.address], ["${address}"], ttl=0)
        + _rt("b", [new_member.address], ["${address}"])
    )
    driver = make_driver(router, scheme="neo4j", routing_table_purge_delay=0)
    pool = _pool(driver)
    assert await _query(driver, "a", "READ") == [1]
    old = Address.parse(old_member.address)
    assert pool.size(old) == 1
    assert await _query(driver, "b", "READ") == [1]
    # the table of "a" expired (ttl 0, no purge delay): dropped, and the
    # idle connection to its only member closed
    assert set(_tables(driver)) == {"b"}
    assert pool.size(old) == 0
    await old_member.async_done()
    await driver.close()
    await new_member.async_done()
    await router.async_done()


async def _concurrently(
    functions: t.Sequence[t.Callable[[], t.Awaitable[list[int]]]],
) -> list[list[int]]:
    # tasks on the event loop; threads in the sync twin
    if AsyncUtil.is_async_code:
        pending: list[t.Any] = [fn() for fn in functions]
        done: t.Any = await asyncio.gather(*pending)
        return list(done)
    with ThreadPoolExecutor(max_workers=len(functions)) as executor:
        futures = [executor.submit(fn) for fn in functions]
        results: list[t.Any] = [f.result() for f in futures]
        return results


async def test_concurrent_acquisitions_share_one_refresh(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    reader = stub_server.start(
        "!: ALLOW CONCURRENT\n" + HEADER + "+{\n" + _run("neo4j", "r") + "}\n"
    )
    # one connection, one ROUTE: a second refresh would fail the script
    router = stub_server.start(
        HEADER + _rt("neo4j", [reader.address], ["${address}"])
    )
    driver = make_driver(router, scheme="neo4j")

    async def read() -> list[int]:
        return await _query(driver, mode="READ")

    results = await _concurrently([read] * 8)
    assert results == [[1]] * 8
    await driver.close()
    await reader.async_done()
    await router.async_done()
    assert router.connection_count == 1
