"""The extra fields of RUN and BEGIN on each protocol version (async twin).

``tests/stub/sync/test_run_begin_fields.py`` is generated from this file.
The RUN/BEGIN extra maps are exact: ``db``, ``mode: "r"`` (only for
reads), ``bookmarks``, ``tx_timeout`` (seconds as whole milliseconds,
round half to even, at least 1 ms for a positive value), ``tx_metadata``,
``imp_user`` and per-session notification filters.  Expectations are
those of the official driver 6.4.1.
"""

from __future__ import annotations

import typing as t

import pytest

import neo4j
from neo4j import Bookmarks, Query, unit_of_work
from neo4j._async.driver import AsyncDriver
from neo4j.exceptions import ClientError, ConfigurationError
from tests.stub.server import StubServers


MakeDriver = t.Callable[..., AsyncDriver]


def _header(version: str = "5.4") -> str:
    manifest = "!: MANIFEST\n" if version == "6.0" else ""
    return (
        f"!: BOLT {version}\n{manifest}"
        "!: AUTO HELLO\n!: AUTO LOGON\n!: AUTO RESET\n!: AUTO GOODBYE\n"
    )


def _pull_one() -> str:
    return (
        'C: PULL {"n": 1000}\n'
        'S: SUCCESS {"fields": ["x"]}\n'
        "   RECORD [1]\n"
        '   SUCCESS {"type": "r"}\n'
    )


def _run(extra: str, query: str = "RETURN 1 AS x", params: str = "{}") -> str:
    """An auto-commit (or in-transaction) RUN with exact extra, and PULL."""
    return f'C: RUN "{query}" {params} {extra}\n' + _pull_one()


VERSIONS = ["4.4", "5.0", "5.2", "5.4", "5.5", "5.8", "6.0"]


# ------------------------------------------------------------ auto-commit
@pytest.mark.parametrize("version", VERSIONS)
async def test_auto_commit_run_carries_everything(
    stub_server: StubServers, make_driver: MakeDriver, version: str
) -> None:
    server = stub_server.start(
        _header(version)
        + _run(
            '{"db": "neo4j", "mode": "r", "bookmarks": ["bm:1"], '
            '"tx_timeout": 1500, "tx_metadata": {"app": "x", "n": [1, 2]}, '
            '"imp_user": "bob"}',
            params='{"p": 1}',
        )
    )
    driver = make_driver(server)
    async with driver.session(
        database="neo4j",
        default_access_mode=neo4j.READ_ACCESS,
        bookmarks=Bookmarks.from_raw_values(["bm:1"]),
        impersonated_user="bob",
    ) as session:
        query = Query(
            "RETURN 1 AS x", timeout=1.5, metadata={"app": "x", "n": [1, 2]}
        )
        result = await session.run(query, {"p": 1})
        record = await result.single(strict=True)
    assert record["x"] == 1
    await driver.close()
    await server.async_done()


@pytest.mark.parametrize("version", ["4.4", "5.4", "6.0"])
async def test_auto_commit_write_has_no_mode_and_no_optional_fields(
    stub_server: StubServers, make_driver: MakeDriver, version: str
) -> None:
    server = stub_server.start(_header(version) + _run('{"db": "neo4j"}'))
    driver = make_driver(server)
    async with driver.session(database="neo4j") as session:
        result = await session.run("RETURN 1 AS x")
        assert [r["x"] async for r in result] == [1]
    await driver.close()
    await server.async_done()


async def test_no_database_sends_no_db(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    # on bolt:// the server resolves the home database itself
    server = stub_server.start(_header() + _run("{}"))
    driver = make_driver(server)
    async with driver.session() as session:
        result = await session.run(Query("RETURN 1 AS x", metadata={}))
        assert (await result.single(strict=True))["x"] == 1
    await driver.close()
    await server.async_done()


async def test_several_bookmarks(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    # Bookmarks are a set: either order is fine, both must be sent
    server = stub_server.start(
        _header()
        + (
            "|{\n"
            'C: RUN "RETURN 1 AS x" {} {"db": "neo4j", '
            '"bookmarks": ["a", "b"]}\n'
            "}|{\n"
            'C: RUN "RETURN 1 AS x" {} {"db": "neo4j", '
            '"bookmarks": ["b", "a"]}\n'
            "}\n"
        )
        + _pull_one()
    )
    driver = make_driver(server)
    async with driver.session(
        database="neo4j", bookmarks=Bookmarks.from_raw_values(["a", "b"])
    ) as session:
        result = await session.run("RETURN 1 AS x")
        await result.consume()
    await driver.close()
    await server.async_done()


@pytest.mark.parametrize(
    ("timeout", "millis"),
    [
        (0.0015, 2),
        (0.0025, 2),
        (0.0005, 1),
        (1e-7, 1),
        (0, 0),
        (0.0, 0),
        (1, 1000),
        (5, 5000),
        (1.2345, 1234),
        (0.0625, 62),
        (0.1875, 188),
        (60.5, 60500),
    ],
)
async def test_tx_timeout_in_run(
    stub_server: StubServers,
    make_driver: MakeDriver,
    timeout: float,
    millis: int,
) -> None:
    server = stub_server.start(
        _header() + _run(f'{{"db": "neo4j", "tx_timeout": {millis}}}')
    )
    driver = make_driver(server)
    async with driver.session(database="neo4j") as session:
        result = await session.run(Query("RETURN 1 AS x", timeout=timeout))
        await result.consume()
    await driver.close()
    await server.async_done()


@pytest.mark.parametrize("timeout", [-1, -0.0001, -1e-9])
async def test_negative_tx_timeout_is_refused_before_run(
    stub_server: StubServers, make_driver: MakeDriver, timeout: float
) -> None:
    # no RUN in the script: the driver may connect, but sends nothing more
    server = stub_server.start(_header())
    driver = make_driver(server)
    async with driver.session(database="neo4j") as session:
        with pytest.raises(ValueError) as info:
            await session.run(Query("RETURN 1 AS x", timeout=timeout))
    assert str(info.value) == "Timeout must be a positive number or 0."
    await driver.close()
    await server.async_done()


@pytest.mark.parametrize("timeout", [-1, -0.5])
async def test_negative_tx_timeout_is_refused_before_begin(
    stub_server: StubServers, make_driver: MakeDriver, timeout: float
) -> None:
    server = stub_server.start(_header())
    driver = make_driver(server)
    async with driver.session(database="neo4j") as session:
        with pytest.raises(ValueError) as info:
            await session.begin_transaction(timeout=timeout)
    assert str(info.value) == "Timeout must be a positive number or 0."
    await driver.close()
    await server.async_done()


@pytest.mark.parametrize("version", ["5.2", "5.4", "5.5", "6.0"])
async def test_session_notification_filters_override_driver(
    stub_server: StubServers, make_driver: MakeDriver, version: str
) -> None:
    key = (
        "notifications_disabled_classifications"
        if version >= "5.5"
        else "notifications_disabled_categories"
    )
    server = stub_server.start(
        _header(version)
        + _run(
            '{"db": "neo4j", "notifications_minimum_severity": "WARNING", '
            f'"{key}": ["HINT"]}}'
        )
        + _run('{"db": "neo4j"}')
    )
    driver = make_driver(server, notifications_min_severity="OFF")
    async with driver.session(
        database="neo4j",
        notifications_min_severity="WARNING",
        notifications_disabled_classifications=["HINT"],
    ) as session:
        result = await session.run("RETURN 1 AS x")
        await result.consume()
    # a session without filters of its own sends none: the driver's
    # filters went out once, in HELLO
    async with driver.session(database="neo4j") as session:
        result = await session.run("RETURN 1 AS x")
        await result.consume()
    await driver.close()
    await server.async_done()


async def test_session_notification_severity_off(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        _header("5.8")
        + _run('{"db": "neo4j", "notifications_minimum_severity": "OFF"}')
    )
    driver = make_driver(server)
    async with driver.session(
        database="neo4j", notifications_min_severity="OFF"
    ) as session:
        result = await session.run("RETURN 1 AS x")
        await result.consume()
    await driver.close()
    await server.async_done()


@pytest.mark.parametrize("version", ["4.4", "5.0", "5.1"])
async def test_session_notification_filters_unsupported_before_5_2(
    stub_server: StubServers, make_driver: MakeDriver, version: str
) -> None:
    server = stub_server.start(_header(version))
    driver = make_driver(server)
    async with driver.session(
        database="neo4j", notifications_min_severity="WARNING"
    ) as session:
        with pytest.raises(ConfigurationError) as info:
            result = await session.run("RETURN 1 AS x")
            await result.consume()
    assert str(info.value).startswith(
        "Notification filtering is not supported for the Bolt Protocol "
        f"{version}."
    )
    await driver.close()
    await server.async_done()


# ------------------------------------------------------ explicit transaction
TX_BODY = (
    'C: RUN "RETURN 1 AS x" {} {}\n'
    + _pull_one()
    + 'C: COMMIT\nS: SUCCESS {"bookmark": "bm:next"}\n'
)


@pytest.mark.parametrize("version", VERSIONS)
async def test_explicit_transaction_begin_fields(
    stub_server: StubServers, make_driver: MakeDriver, version: str
) -> None:
    # BEGIN is answered before the RUN comes (the driver waits for it)
    server = stub_server.start(
        _header(version)
        + 'C: BEGIN {"db": "neo4j", "mode": "r", "bookmarks": ["bm:1"], '
        '"tx_timeout": 2000, "tx_metadata": {"k": "v"}, "imp_user": "bob"}\n'
        "S: SUCCESS {}\n" + TX_BODY
    )
    driver = make_driver(server)
    async with driver.session(
        database="neo4j",
        default_access_mode=neo4j.READ_ACCESS,
        bookmarks=Bookmarks.from_raw_values(["bm:1"]),
        impersonated_user="bob",
    ) as session:
        tx = await session.begin_transaction(timeout=2, metadata={"k": "v"})
        result = await tx.run("RETURN 1 AS x")
        assert (await result.single(strict=True))["x"] == 1
        await tx.commit()
        bookmarks = await session.last_bookmarks()
    assert bookmarks.raw_values == frozenset({"bm:next"})
    await driver.close()
    await server.async_done()


async def test_explicit_transaction_begin_failure_raises_at_begin(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        _header() + 'C: BEGIN {"db": "nope"}\n'
        'S: FAILURE {"code": "Neo.ClientError.Database.DatabaseNotFound", '
        '"message": "no such database"}\n'
        "C: RESET\nS: SUCCESS {}\n"
    )
    driver = make_driver(server)
    async with driver.session(database="nope") as session:
        with pytest.raises(ClientError) as info:
            await session.begin_transaction()
    assert info.value.code == "Neo.ClientError.Database.DatabaseNotFound"
    await driver.close()
    await server.async_done()


async def test_bookmark_of_a_commit_goes_into_next_begin(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        _header()
        + 'C: BEGIN {"db": "neo4j"}\nS: SUCCESS {}\n'
        + TX_BODY
        + 'C: BEGIN {"db": "neo4j", "bookmarks": ["bm:next"]}\n'
        "S: SUCCESS {}\n"
        'C: RUN "RETURN 2 AS x" {} {}\n'
        + _pull_one()
        + "C: ROLLBACK\nS: SUCCESS {}\n"
    )
    driver = make_driver(server)
    async with driver.session(database="neo4j") as session:
        async with await session.begin_transaction() as tx:
            await (await tx.run("RETURN 1 AS x")).consume()
            await tx.commit()
        async with await session.begin_transaction() as tx:
            await (await tx.run("RETURN 2 AS x")).consume()
            await tx.rollback()
    await driver.close()
    await server.async_done()


@pytest.mark.parametrize(
    ("timeout", "millis"), [(0.0015, 2), (0.0005, 1), (0, 0), (3, 3000)]
)
async def test_tx_timeout_in_begin(
    stub_server: StubServers,
    make_driver: MakeDriver,
    timeout: float,
    millis: int,
) -> None:
    server = stub_server.start(
        _header() + f'C: BEGIN {{"db": "neo4j", "tx_timeout": {millis}}}\n'
        "S: SUCCESS {}\n" + TX_BODY
    )
    driver = make_driver(server)
    async with driver.session(database="neo4j") as session:
        tx = await session.begin_transaction(timeout=timeout)
        await (await tx.run("RETURN 1 AS x")).consume()
        await tx.commit()
    await driver.close()
    await server.async_done()


@pytest.mark.parametrize("version", ["5.2", "5.5"])
async def test_session_notification_filters_in_begin(
    stub_server: StubServers, make_driver: MakeDriver, version: str
) -> None:
    key = (
        "notifications_disabled_classifications"
        if version >= "5.5"
        else "notifications_disabled_categories"
    )
    server = stub_server.start(
        _header(version)
        + 'C: BEGIN {"db": "neo4j", "notifications_minimum_severity": '
        f'"INFORMATION", "{key}": ["UNRECOGNIZED", "DEPRECATION"]}}\n'
        "S: SUCCESS {}\n" + TX_BODY
    )
    driver = make_driver(
        server,
        notifications_min_severity="WARNING",
        notifications_disabled_classifications=["HINT"],
    )
    async with driver.session(
        database="neo4j",
        notifications_min_severity="INFORMATION",
        notifications_disabled_classifications=[
            "UNRECOGNIZED",
            "DEPRECATION",
        ],
    ) as session:
        tx = await session.begin_transaction()
        await (await tx.run("RETURN 1 AS x")).consume()
        await tx.commit()
    await driver.close()
    await server.async_done()


# ------------------------------------------------------- managed transaction
@pytest.mark.parametrize("version", ["4.4", "5.4", "5.8", "6.0"])
@pytest.mark.parametrize("access", ["read", "write"])
async def test_managed_transaction_begin_fields(
    stub_server: StubServers,
    make_driver: MakeDriver,
    version: str,
    access: str,
) -> None:
    mode = ', "mode": "r"' if access == "read" else ""
    # BEGIN may come alone or pipelined with the first RUN: the reply
    # follows it either way
    server = stub_server.start(
        _header(version)
        + f'C: BEGIN {{"db": "neo4j"{mode}, "tx_timeout": 500, '
        '"tx_metadata": {"m": [1]}, "imp_user": "amy"}\n'
        "S: SUCCESS {}\n" + TX_BODY
    )
    driver = make_driver(server)

    @unit_of_work(timeout=0.5, metadata={"m": [1]})
    async def work(tx: neo4j.AsyncManagedTransaction) -> int:
        result = await tx.run("RETURN 1 AS x")
        record = await result.single(strict=True)
        value = record["x"]
        assert isinstance(value, int)
        return value

    async with driver.session(
        database="neo4j", impersonated_user="amy"
    ) as session:
        if access == "read":
            value = await session.execute_read(work)
        else:
            value = await session.execute_write(work)
        bookmarks = await session.last_bookmarks()
    assert value == 1
    assert bookmarks.raw_values == frozenset({"bm:next"})
    await driver.close()
    await server.async_done()


async def test_driver_execute_query_fields(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        _header()
        + 'C: BEGIN {"db": "neo4j", "mode": "r", "imp_user": "amy"}\n'
        "S: SUCCESS {}\n" + TX_BODY.replace("{} {}", '{"p": 2} {}', 1)
    )
    driver = make_driver(server)
    records, _summary, keys = await driver.execute_query(
        "RETURN 1 AS x",
        {"p": 2},
        database_="neo4j",
        routing_=neo4j.RoutingControl.READ,
        impersonated_user_="amy",
    )
    assert [r["x"] for r in records] == [1]
    assert keys == ["x"]
    await driver.close()
    await server.async_done()


async def test_managed_transaction_begin_failure_skips_the_work(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    # the official driver sends BEGIN alone and waits for its reply: when
    # BEGIN fails, the transaction function is never called
    server = stub_server.start(
        _header() + 'C: BEGIN {"db": "nope"}\n'
        'S: FAILURE {"code": "Neo.ClientError.Database.DatabaseNotFound", '
        '"message": "no such database"}\n'
        "C: RESET\nS: SUCCESS {}\n"
    )
    driver = make_driver(server)
    calls: list[str] = []

    async def work(tx: neo4j.AsyncManagedTransaction) -> None:
        calls.append("called")
        await (await tx.run("RETURN 1 AS x")).consume()

    async with driver.session(database="nope") as session:
        with pytest.raises(ClientError) as info:
            await session.execute_write(work)
    assert info.value.code == "Neo.ClientError.Database.DatabaseNotFound"
    assert calls == []
    await driver.close()
    await server.async_done()
