"""Routing discovery against stub clusters: what ROUTE says per protocol
version, home database resolution per session, the order in which
routers are asked, and how discovery fails.

``tests/stub/sync/test_routing_discovery.py`` is generated from this
file.
"""

from __future__ import annotations

import socket
import typing as t

import pytest

from neo4j import Bookmarks
from neo4j._addressing import Address
from neo4j._async.driver import AsyncDriver, AsyncGraphDatabase
from neo4j._async.io._routing import AsyncNeo4jPool
from neo4j._shared.routing_table import RoutingTable
from neo4j.exceptions import (
    ClientError,
    ReadServiceUnavailable,
    RoutingServiceUnavailable,
    ServiceUnavailable,
)
from tests.stub.server import StubServer, StubServers


MakeDriver = t.Callable[..., AsyncDriver]


def _header(version: str = "5.4") -> str:
    # Bolt 6.0 is only offered through the manifest handshake
    manifest = "!: MANIFEST\n" if version >= "6" else ""
    return (
        f"!: BOLT {version}\n{manifest}!: AUTO HELLO\n!: AUTO LOGON\n"
        "!: AUTO GOODBYE\n!: AUTO RESET\n"
    )


def _rt(
    db: str | None = "neo4j",
    routers: t.Sequence[str] = ("${address}",),
    readers: t.Sequence[str] = ("${address}",),
    writers: t.Sequence[str] = ("${address}",),
    ttl: int = 1000,
) -> str:
    def role(name: str, addresses: t.Sequence[str]) -> str:
        quoted = ", ".join(f'"{a}"' for a in addresses)
        return f'{{"role": "{name}", "addresses": [{quoted}]}}'

    db_entry = "" if db is None else f'"db": "{db}", '
    return (
        f'S: SUCCESS {{"rt": {{"ttl": {ttl}, {db_entry}"servers": ['
        f"{role('ROUTE', routers)}, {role('READ', readers)}, "
        f"{role('WRITE', writers)}]}}}}\n"
    )


def _run(query: str, db: str, mode: str = "w") -> str:
    extra = ', "mode": "r"' if mode == "r" else ""
    return (
        f'C: RUN "{query}" {{}} {{"db": "{db}"{extra}}}\n'
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


def _dead_address() -> str:
    """An address nobody listens on."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"127.0.0.1:{port}"


async def _read(driver: AsyncDriver, db: str | None = "neo4j") -> list[int]:
    async with driver.session(
        database=db, default_access_mode="READ"
    ) as session:
        result = await session.run("Q")
        return [record["x"] async for record in result]


# -- ROUTE contents per version ------------------------------------------


@pytest.mark.parametrize("version", ["4.4", "5.0", "5.4", "5.8", "6.0"])
async def test_route_message_contents(
    stub_server: StubServers, make_driver: MakeDriver, version: str
) -> None:
    script = (
        _header(version)
        + 'C: ROUTE {"address": "${address}", "region": "eu"} '
        '["bm1"] {"db": "movies", "imp_user": "bob"}\n'
        + _rt("movies")
        + _run("Q", "movies", "r").replace(
            '"mode": "r"',
            '"mode": "r", "imp_user": "bob", "bookmarks": ["bm1"]',
        )
    )
    server = stub_server.start(script)
    # the routing context comes from the URI query
    uri = server.uri("neo4j") + "?region=eu"
    driver = AsyncGraphDatabase.driver(uri, auth=("neo4j", "pass"))
    try:
        async with driver.session(
            database="movies",
            default_access_mode="READ",
            impersonated_user="bob",
            bookmarks=Bookmarks.from_raw_values(["bm1"]),
        ) as session:
            result = await session.run("Q")
            assert [r["x"] async for r in result] == [1]
        table = _tables(driver)["movies"]
        assert [str(a) for a in table.readers] == [server.address]
    finally:
        await driver.close()
    await server.async_done()


async def test_hello_carries_routing_context(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    script = (
        "!: BOLT 5.4\n!: AUTO LOGON\n!: AUTO GOODBYE\n!: AUTO RESET\n"
        'C: HELLO {"user_agent": *, "bolt_agent": *, '
        '"routing": {"address": "${address}"}, ...}\n'
        "S: SUCCESS {}\n"
        'C: ROUTE {"address": "${address}"} [] {"db": "neo4j"}\n'
        + _rt()
        + _run("Q", "neo4j", "r")
    )
    server = stub_server.start(script)
    driver = make_driver(server, scheme="neo4j")
    assert await _read(driver) == [1]
    await driver.close()
    await server.async_done()


# -- home database ---------------------------------------------------------


@pytest.mark.parametrize("version", ["4.4", "5.4"])
async def test_home_database_resolved_per_session(
    stub_server: StubServers, make_driver: MakeDriver, version: str
) -> None:
    # R1: every session without a database asks for the home database
    # again (no reuse of an earlier answer), then stays pinned to it
    script = (
        _header(version)
        + 'C: ROUTE {"address": "${address}"} [] {}\n'
        + _rt("home1")
        + _run("Q", "home1", "r")
        + _run("Q", "home1", "r")
        + 'C: ROUTE {"address": "${address}"} [] {}\n'
        + _rt("home2")
        + _run("Q", "home2", "r")
    )
    server = stub_server.start(script)
    driver = make_driver(server, scheme="neo4j")
    async with driver.session(default_access_mode="READ") as session:
        for _ in range(2):
            result = await session.run("Q")
            assert [r["x"] async for r in result] == [1]
    assert await _read(driver, None) == [1]
    assert set(_tables(driver)) == {"home1", "home2"}
    await driver.close()
    await server.async_done()
    assert server.connection_count == 1


async def test_impersonated_home_database(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    script = (
        _header()
        + 'C: ROUTE {"address": "${address}"} [] {"imp_user": "bob"}\n'
        + _rt("bobs")
        + 'C: BEGIN {"db": "bobs", "imp_user": "bob"}\n'
        "S: SUCCESS {}\n"
        'C: RUN "Q" {} {}\n'
        'C: PULL {"n": 1000}\n'
        'S: SUCCESS {"fields": ["x"]}\n'
        "   SUCCESS {}\n"
        "C: COMMIT\n"
        'S: SUCCESS {"bookmark": "b1"}\n'
    )
    server = stub_server.start(script)
    driver = make_driver(server, scheme="neo4j")
    records, _, _ = await driver.execute_query(
        "Q", impersonated_user_="bob", routing_="w"
    )
    assert records == []
    await driver.close()
    await server.async_done()


async def test_named_database_table_is_reused(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    script = (
        _header()
        + 'C: ROUTE {"address": "${address}"} [] {"db": "neo4j"}\n'
        + _rt()
        + _run("Q", "neo4j", "r")
        + _run("Q", "neo4j", "r")
    )
    server = stub_server.start(script)
    driver = make_driver(server, scheme="neo4j")
    assert await _read(driver) == [1]
    assert await _read(driver) == [1]
    await driver.close()
    await server.async_done()


async def test_expired_table_is_refreshed(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    script = (
        _header()
        + 'C: ROUTE {"address": "${address}"} [] {"db": "neo4j"}\n'
        + _rt(ttl=0)
        + _run("Q", "neo4j", "r")
        + 'C: ROUTE {"address": "${address}"} [] {"db": "neo4j"}\n'
        + _rt(ttl=1000)
        + _run("Q", "neo4j", "r")
        + _run("Q", "neo4j", "r")
    )
    server = stub_server.start(script)
    driver = make_driver(server, scheme="neo4j")
    for _ in range(3):
        assert await _read(driver) == [1]
    await driver.close()
    await server.async_done()


async def test_table_without_writers_refreshed_for_write(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    script = (
        _header()
        + 'C: ROUTE {"address": "${address}"} [] {"db": "neo4j"}\n'
        + _rt(writers=())
        + _run("Q", "neo4j", "r")
        + 'C: ROUTE {"address": "${address}"} [] {"db": "neo4j"}\n'
        + _rt()
        + _run("Q", "neo4j", "w")
    )
    server = stub_server.start(script)
    driver = make_driver(server, scheme="neo4j")
    assert await _read(driver) == [1]
    async with driver.session(database="neo4j") as session:
        result = await session.run("Q")
        assert [r["x"] async for r in result] == [1]
    await driver.close()
    await server.async_done()


# -- router order -------------------------------------------------------


def _router(
    reader: StubServer, routers: t.Sequence[str], ttl: int = 1000
) -> str:
    # every router gets the routing context of the initial address
    return (
        _header()
        + 'C: ROUTE {"address": *} [] {"db": "neo4j"}\n'
        + _rt(routers=routers, readers=[reader.address], ttl=ttl)
    )


async def test_known_routers_asked_before_the_seed(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    reader = stub_server.start(
        _header() + _run("Q", "neo4j", "r") + _run("Q", "neo4j", "r")
    )
    other = stub_server.start(_router(reader, ["${address}"]))
    # the seed's table expires at once and names the other router
    seed = stub_server.start(
        _router(reader, ["${address}", other.address], ttl=0)
    )
    driver = make_driver(seed, scheme="neo4j")
    assert await _read(driver) == [1]
    assert await _read(driver) == [1]
    table = _tables(driver)["neo4j"]
    assert [str(a) for a in table.routers] == [other.address]
    await driver.close()
    for server in (reader, other, seed):
        await server.async_done()
        assert server.connection_count == 1


async def test_seed_asked_again_when_known_routers_fail(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    reader = stub_server.start(
        _header() + _run("Q", "neo4j", "r") + _run("Q", "neo4j", "r")
    )
    dead = _dead_address()
    seed = stub_server.start(
        _header()
        + 'C: ROUTE {"address": "${address}"} [] {"db": "neo4j"}\n'
        + _rt(routers=[dead, "${address}"], readers=[reader.address], ttl=0)
        + 'C: ROUTE {"address": "${address}"} [] {"db": "neo4j"}\n'
        + _rt(routers=["${address}"], readers=[reader.address])
    )
    driver = make_driver(seed, scheme="neo4j")
    assert await _read(driver) == [1]
    assert await _read(driver) == [1]
    table = _tables(driver)["neo4j"]
    assert [str(a) for a in table.routers] == [seed.address]
    await driver.close()
    for server in (reader, seed):
        await server.async_done()


async def test_table_without_writers_asks_seed_first(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    reader = stub_server.start(
        _header() + _run("Q", "neo4j", "r") + _run("Q", "neo4j", "r")
    )
    # never contacted: the seed is asked first and answers
    other = stub_server.start(_router(reader, ["${address}"]))
    seed = stub_server.start(
        _header()
        + 'C: ROUTE {"address": "${address}"} [] {"db": "neo4j"}\n'
        + _rt(
            routers=[other.address, "${address}"],
            readers=[reader.address],
            writers=(),
            ttl=0,
        )
        + 'C: ROUTE {"address": "${address}"} [] {"db": "neo4j"}\n'
        + _rt(routers=["${address}"], readers=[reader.address])
    )
    driver = make_driver(seed, scheme="neo4j")
    assert await _read(driver) == [1]
    assert await _read(driver) == [1]
    await driver.close()
    for server in (reader, seed):
        await server.async_done()
    assert other.connection_count == 0


# -- failing discovery --------------------------------------------------


async def test_all_routers_failing(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    seed = stub_server.start(
        _header()
        + 'C: ROUTE {"address": "${address}"} [] {"db": "neo4j"}\n'
        + "S: <EXIT>\n"
    )
    driver = make_driver(seed, scheme="neo4j")
    with pytest.raises(ServiceUnavailable) as info:
        await _read(driver)
    assert str(info.value) == "Unable to retrieve routing information"
    await driver.close()
    await seed.async_done()


async def test_unreachable_seed(make_driver: MakeDriver) -> None:
    from neo4j._async.driver import AsyncGraphDatabase as GD

    driver = GD.driver(f"neo4j://{_dead_address()}", auth=("a", "b"))
    try:
        with pytest.raises(ServiceUnavailable) as info:
            await _read(driver)
        assert str(info.value) == "Unable to retrieve routing information"
    finally:
        await driver.close()


@pytest.mark.parametrize(
    ("servers", "error"),
    [
        (
            '{"role": "READ", "addresses": ["${address}"]}',
            RoutingServiceUnavailable("Rejected routing table: no routers"),
        ),
        (
            '{"role": "ROUTE", "addresses": ["${address}"]}',
            ReadServiceUnavailable("Rejected routing table: no readers"),
        ),
        ("", None),
    ],
)
async def test_empty_discovery_moves_to_next_resolved_router(
    stub_server: StubServers,
    make_driver: MakeDriver,
    servers: str,
    error: ServiceUnavailable | None,
) -> None:
    # R4: a router whose table is unusable is skipped, the next address
    # the resolver gave for the seed is asked
    empty = stub_server.start(
        _header()
        + 'C: ROUTE {"address": "seed.test:7687"} [] {"db": "neo4j"}\n'
        + 'S: SUCCESS {"rt": {"ttl": 1000, "db": "neo4j", "servers": ['
        + servers
        + "]}}\n"
    )
    good = stub_server.start(
        _header()
        + 'C: ROUTE {"address": "seed.test:7687"} [] {"db": "neo4j"}\n'
        + _rt()
        + _run("Q", "neo4j", "r")
    )
    calls: list[str] = []

    def resolver(address: t.Any) -> list[tuple[str, int]]:
        calls.append(str(address))
        if str(address) == "seed.test:7687":
            return [
                ("127.0.0.1", empty.port),
                ("127.0.0.1", good.port),
            ]
        return [address]

    driver = AsyncGraphDatabase.driver(
        "neo4j://seed.test:7687", auth=("neo4j", "pass"), resolver=resolver
    )
    try:
        assert await _read(driver) == [1]
        assert calls[0] == "seed.test:7687"
    finally:
        await driver.close()
    await empty.async_done()
    await good.async_done()


async def test_empty_discovery_everywhere(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    seed = stub_server.start(
        _header()
        + 'C: ROUTE {"address": "${address}"} [] {"db": "neo4j"}\n'
        + 'S: SUCCESS {"rt": {"ttl": 1000, "db": "neo4j", "servers": []}}\n'
    )
    driver = make_driver(seed, scheme="neo4j")
    with pytest.raises(ServiceUnavailable) as info:
        await _read(driver)
    assert str(info.value) == "Unable to retrieve routing information"
    assert "neo4j" not in _tables(driver)
    await driver.close()
    await seed.async_done()


@pytest.mark.parametrize(
    ("code", "error_cls"),
    [
        ("Neo.ClientError.Database.DatabaseNotFound", ClientError),
        ("Neo.ClientError.Transaction.InvalidBookmark", ClientError),
        ("Neo.ClientError.Transaction.InvalidBookmarkMixture", ClientError),
        ("Neo.ClientError.Statement.TypeError", ClientError),
        ("Neo.ClientError.Statement.ArgumentError", ClientError),
        ("Neo.ClientError.Request.Invalid", ClientError),
        ("Neo.ClientError.Security.Forbidden", ClientError),
    ],
)
async def test_fatal_discovery_error_aborts(
    stub_server: StubServers,
    make_driver: MakeDriver,
    code: str,
    error_cls: type[Exception],
) -> None:
    # the second router would answer, but is never asked
    second = stub_server.start(_header())
    first = stub_server.start(
        _header()
        + 'C: ROUTE {"address": *} [] {"db": "neo4j"}\n'
        + f'S: FAILURE {{"code": "{code}", "message": "no"}}\n'
    )

    def resolver(address: t.Any) -> list[tuple[str, int]]:
        return [("127.0.0.1", first.port), ("127.0.0.1", second.port)]

    driver = make_driver(first, scheme="neo4j", resolver=resolver)
    with pytest.raises(error_cls) as info:
        await _read(driver)
    assert info.value.code == code  # type: ignore[attr-defined]
    await driver.close()
    await first.async_done()
    assert second.connection_count == 0


async def test_non_fatal_discovery_error_tries_next_router(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    second = stub_server.start(
        _header()
        + 'C: ROUTE {"address": *} [] {"db": "neo4j"}\n'
        + _rt()
        + _run("Q", "neo4j", "r")
    )
    first = stub_server.start(
        _header()
        + 'C: ROUTE {"address": *} [] {"db": "neo4j"}\n'
        + 'S: FAILURE {"code": "Neo.ClientError.Security.'
        'AuthorizationExpired", "message": "expired"}\n'
    )

    def resolver(address: t.Any) -> list[tuple[str, int]]:
        if str(address) != "seed.test:7687":
            return [address]
        return [("127.0.0.1", first.port), ("127.0.0.1", second.port)]

    driver = AsyncGraphDatabase.driver(
        "neo4j://seed.test:7687", auth=("neo4j", "pass"), resolver=resolver
    )
    try:
        assert await _read(driver) == [1]
    finally:
        await driver.close()
    await first.async_done()
    await second.async_done()


# -- testing hooks (R5) -----------------------------------------------------


async def test_forced_update_and_accessors(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        _header()
        + 'C: ROUTE {"address": "${address}"} ["bm"] {"db": "neo4j"}\n'
        + _rt(ttl=1)
        + 'C: ROUTE {"address": "${address}"} [] {"db": "neo4j"}\n'
        + _rt(readers=(), ttl=2),
        # the router that sent an unusable table was deactivated (its
        # idle connection closed): a new connection
        _header()
        + 'C: ROUTE {"address": "${address}"} [] {"imp_user": "u"}\n'
        + _rt(db="udb", ttl=3),
    )
    driver = make_driver(server, scheme="neo4j")
    pool = t.cast(AsyncNeo4jPool, driver._pool)
    assert pool.get_routing_table("neo4j") is None
    # what the testkit backend does (official shape): lock, then update
    async with pool.refresh_lock:
        table = await pool.update_routing_table(
            database="neo4j", imp_user=None, bookmarks=["bm"]
        )
    assert pool.get_routing_table("neo4j") is table
    assert table.ttl == 1
    # a rejected table (no readers) keeps the old one
    with pytest.raises(ServiceUnavailable):
        await pool.force_routing_table_update("neo4j")
    assert pool.get_routing_table("neo4j") is table
    assert table.routers == []
    table = await pool.force_routing_table_update(None, imp_user="u")
    assert table.database == "udb"
    assert pool.get_routing_table("udb") is table
    assert pool.get_routing_table(None) is None
    address = Address.parse(server.address)
    assert (pool.in_use_count(address), pool.size(address)) == (0, 1)
    await driver.close()
    await server.async_done()
