"""A server that hangs up at a chosen moment (async twin).

``tests/stub/sync/test_disconnects.py`` is generated from this file.
Whatever the moment, the driver raises the official exception type
(``ServiceUnavailable`` on ``bolt://``, ``SessionExpired`` on
``neo4j://``, ``IncompleteCommit`` when a COMMIT went out unanswered),
drops the dead connection and serves the next query on a new one.
"""

from __future__ import annotations

import typing as t

import pytest

from neo4j._async.driver import AsyncDriver
from neo4j.exceptions import (
    IncompleteCommit,
    ServiceUnavailable,
    SessionExpired,
)
from tests.stub.server import StubServers


MakeDriver = t.Callable[..., AsyncDriver]

HEADER = """\
!: BOLT 5.4
!: AUTO HELLO
!: AUTO LOGON
!: AUTO GOODBYE
!: AUTO RESET
"""

#: driver config that makes retries immediate
FAST_RETRY = {
    "initial_retry_delay": 0.001,
    "retry_delay_multiplier": 1.0,
    "retry_delay_jitter_factor": 0.0,
}

RUN_PULL = 'C: RUN "Q" {} {"db": "neo4j"}\nC: PULL {"n": 1000}\n'
TX_RUN_PULL = 'C: RUN "Q" {} {}\nC: PULL {"n": 1000}\n'
BEGIN = 'C: BEGIN {"db": "neo4j"}\nS: SUCCESS {}\n'

#: the script of the connection that works after the hang-up
RECOVERY = (
    HEADER + 'C: RUN "RETURN 1 AS x" {} {"db": "neo4j"}\n'
    'C: PULL {"n": 1000}\n'
    'S: SUCCESS {"fields": ["x"]}\n'
    "   RECORD [1]\n"
    '   SUCCESS {"type": "r"}\n'
)


async def _recovers(session: t.Any) -> None:
    result = await session.run("RETURN 1 AS x")
    assert (await result.single(strict=True))["x"] == 1


async def test_hang_up_before_run_is_answered(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(HEADER + RUN_PULL + "S: <EXIT>\n", RECOVERY)
    driver = make_driver(server)
    async with driver.session(database="neo4j") as session:
        with pytest.raises(ServiceUnavailable) as info:
            await session.run("Q")
        assert type(info.value) is ServiceUnavailable
        await _recovers(session)
    await driver.close()
    await server.async_done()
    assert server.connection_count == 2


async def test_hang_up_after_run_success(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        HEADER + RUN_PULL + 'S: SUCCESS {"fields": ["x"]}\nS: <EXIT>\n',
        RECOVERY,
    )
    driver = make_driver(server)
    async with driver.session(database="neo4j") as session:
        result = await session.run("Q")
        # documented as a tuple; the official driver returns a list
        assert tuple(result.keys()) == ("x",)
        with pytest.raises(ServiceUnavailable) as info:
            await result.consume()
        assert type(info.value) is ServiceUnavailable
        await _recovers(session)
    await driver.close()
    await server.async_done()
    assert server.connection_count == 2


async def test_hang_up_mid_stream(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        HEADER + RUN_PULL + 'S: SUCCESS {"fields": ["x"]}\n'
        "   RECORD [1]\n"
        "   RECORD [2]\n"
        "S: <EXIT>\n",
        RECOVERY,
    )
    driver = make_driver(server)
    seen = []
    async with driver.session(database="neo4j") as session:
        result = await session.run("Q")
        with pytest.raises(ServiceUnavailable) as info:
            async for record in result:
                seen.append(record["x"])
        assert type(info.value) is ServiceUnavailable
        await _recovers(session)
    assert seen == [1, 2]
    await driver.close()
    await server.async_done()
    assert server.connection_count == 2


async def test_hang_up_between_pull_batches(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        HEADER + 'C: RUN "Q" {} {"db": "neo4j"}\n'
        'C: PULL {"n": 2}\n'
        'S: SUCCESS {"fields": ["x"]}\n'
        "   RECORD [1]\n"
        "   RECORD [2]\n"
        '   SUCCESS {"has_more": true}\n'
        'C: PULL {"n": 2}\n'
        "S: <EXIT>\n",
        RECOVERY.replace('{"n": 1000}', '{"n": 2}'),
    )
    driver = make_driver(server)
    seen = []
    async with driver.session(database="neo4j", fetch_size=2) as session:
        result = await session.run("Q")
        with pytest.raises(ServiceUnavailable):
            async for record in result:
                seen.append(record["x"])
        await _recovers(session)
    assert seen == [1, 2]
    await driver.close()
    await server.async_done()


async def test_hang_up_during_begin(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        HEADER + 'C: BEGIN {"db": "neo4j"}\nS: <EXIT>\n', RECOVERY
    )
    driver = make_driver(server)
    async with driver.session(database="neo4j") as session:
        with pytest.raises(ServiceUnavailable) as info:
            tx = await session.begin_transaction()
            await tx.run("Q")
        assert type(info.value) is ServiceUnavailable
        await _recovers(session)
    await driver.close()
    await server.async_done()
    assert server.connection_count == 2


async def test_hang_up_during_tx_run(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        HEADER + BEGIN + TX_RUN_PULL + "S: <EXIT>\n", RECOVERY
    )
    driver = make_driver(server)
    async with driver.session(database="neo4j") as session:
        tx = await session.begin_transaction()
        with pytest.raises(ServiceUnavailable) as info:
            await tx.run("Q")
        assert type(info.value) is ServiceUnavailable
        await tx.close()
        assert tx.closed()
        await _recovers(session)
    await driver.close()
    await server.async_done()
    assert server.connection_count == 2


async def test_hang_up_during_commit_is_incomplete_commit(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        HEADER + BEGIN + TX_RUN_PULL + 'S: SUCCESS {"fields": []}\n'
        '   SUCCESS {"type": "w"}\n'
        "C: COMMIT\n"
        "S: <EXIT>\n",
        RECOVERY,
    )
    driver = make_driver(server)
    async with driver.session(database="neo4j") as session:
        tx = await session.begin_transaction()
        await (await tx.run("Q")).consume()
        with pytest.raises(IncompleteCommit) as info:
            await tx.commit()
        assert isinstance(info.value, ServiceUnavailable)
        assert info.value.is_retryable() is False
        assert tx.closed()
        await _recovers(session)
    await driver.close()
    await server.async_done()
    assert server.connection_count == 2


async def test_hang_up_before_commit_is_a_retryable_write_error(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    # the server left after the query's answer, before COMMIT was sent:
    # nothing was committed, so the error is not IncompleteCommit
    server = stub_server.start(
        HEADER + BEGIN + TX_RUN_PULL + 'S: SUCCESS {"fields": []}\n'
        '   SUCCESS {"type": "w"}\n'
        "S: <EXIT>\n",
        RECOVERY,
    )
    driver = make_driver(server)
    async with driver.session(database="neo4j") as session:
        tx = await session.begin_transaction()
        await (await tx.run("Q")).consume()
        server.wait_hung_up(1)
        with pytest.raises(ServiceUnavailable) as info:
            await tx.commit()
        assert type(info.value) is ServiceUnavailable
        assert info.value.is_retryable() is True
        assert "Failed to write to defunct connection" in str(info.value)
        assert tx.closed()
        await _recovers(session)
    await driver.close()
    await server.async_done()
    assert server.connection_count == 2


async def test_execute_write_retries_a_hang_up_before_commit(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        HEADER + BEGIN + TX_RUN_PULL + 'S: SUCCESS {"fields": []}\n'
        '   SUCCESS {"type": "w"}\n'
        "S: <EXIT>\n",
        HEADER + BEGIN + TX_RUN_PULL + 'S: SUCCESS {"fields": []}\n'
        '   SUCCESS {"type": "w"}\n'
        "C: COMMIT\n"
        'S: SUCCESS {"bookmark": "bm-2"}\n',
    )
    driver = make_driver(server, **FAST_RETRY)
    attempts = []

    async def work(tx: t.Any) -> int:
        attempts.append(1)
        await (await tx.run("Q")).consume()
        if len(attempts) == 1:
            server.wait_hung_up(1)
        return len(attempts)

    async with driver.session(database="neo4j") as session:
        assert await session.execute_write(work) == 2
        bookmarks = await session.last_bookmarks()
    assert bookmarks.raw_values == frozenset({"bm-2"})
    await driver.close()
    await server.async_done()
    assert server.connection_count == 2


async def test_incomplete_commit_is_not_retried_by_execute_write(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        HEADER + BEGIN + TX_RUN_PULL + 'S: SUCCESS {"fields": []}\n'
        '   SUCCESS {"type": "w"}\n'
        "C: COMMIT\n"
        "S: <EXIT>\n"
    )
    driver = make_driver(server, **FAST_RETRY)
    calls = []

    async def work(tx: t.Any) -> None:
        calls.append(1)
        await (await tx.run("Q")).consume()

    async with driver.session(database="neo4j") as session:
        with pytest.raises(IncompleteCommit):
            await session.execute_write(work)
    assert calls == [1]
    await driver.close()
    await server.async_done()
    assert server.connection_count == 1


async def test_hang_up_during_rollback(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        HEADER + BEGIN + "C: ROLLBACK\nS: <EXIT>\n", RECOVERY
    )
    driver = make_driver(server)
    async with driver.session(database="neo4j") as session:
        tx = await session.begin_transaction()
        with pytest.raises(ServiceUnavailable) as info:
            await tx.rollback()
        assert type(info.value) is ServiceUnavailable
        assert tx.closed()
        await _recovers(session)
    await driver.close()
    await server.async_done()


async def test_execute_write_retries_a_hang_up_on_a_new_connection(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        HEADER + BEGIN + TX_RUN_PULL + "S: <EXIT>\n",
        HEADER + BEGIN + TX_RUN_PULL + 'S: SUCCESS {"fields": ["x"]}\n'
        "   RECORD [5]\n"
        '   SUCCESS {"type": "w"}\n'
        "C: COMMIT\n"
        'S: SUCCESS {"bookmark": "bm:9"}\n',
    )
    driver = make_driver(server, **FAST_RETRY)
    calls = []

    async def work(tx: t.Any) -> int:
        calls.append(1)
        record = await (await tx.run("Q")).single(strict=True)
        return t.cast(int, record["x"])

    async with driver.session(database="neo4j") as session:
        assert await session.execute_write(work) == 5
        bookmarks = await session.last_bookmarks()
    assert bookmarks.raw_values == frozenset({"bm:9"})
    assert calls == [1, 1]
    await driver.close()
    await server.async_done()
    assert server.connection_count == 2


async def test_hang_up_during_hello(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        "!: BOLT 5.4\nC: HELLO {...}\nS: <EXIT>\n", RECOVERY
    )
    driver = make_driver(server)
    async with driver.session(database="neo4j") as session:
        # the official driver reports a hang-up during the greeting as
        # SessionExpired, even on bolt://
        with pytest.raises(SessionExpired) as info:
            await session.run("RETURN 1 AS x")
        assert type(info.value) is SessionExpired
        await _recovers(session)
    await driver.close()
    await server.async_done()
    assert server.connection_count == 2


# ---------------------------------------------------------------------------
# routing driver: a member that hangs up -> SessionExpired
# ---------------------------------------------------------------------------

ROUTER = (
    HEADER + "!: ALLOW RESTART\n"
    'C: ROUTE {"address": "${address}"} [] {"db": "neo4j"}\n'
    'S: SUCCESS {"rt": {"ttl": 1000, "db": "neo4j", "servers": [\n'
    '  {"role": "ROUTE", "addresses": ["${address}"]},\n'
    '  {"role": "READ", "addresses": ["${reader}"]},\n'
    '  {"role": "WRITE", "addresses": ["${reader}"]}]}}\n'
)


async def test_routed_hang_up_mid_stream_is_session_expired(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    reader = stub_server.start(
        HEADER + 'C: RUN "Q" {} {"db": "neo4j", "mode": "r"}\n'
        'C: PULL {"n": 1000}\n'
        'S: SUCCESS {"fields": ["x"]}\n'
        "   RECORD [1]\n"
        "S: <EXIT>\n"
    )
    router = stub_server.start(ROUTER, reader=reader.address)
    driver = make_driver(router, scheme="neo4j")
    seen = []
    async with driver.session(
        database="neo4j", default_access_mode="READ"
    ) as session:
        result = await session.run("Q")
        with pytest.raises(SessionExpired):
            async for record in result:
                seen.append(record["x"])
    assert seen == [1]
    await driver.close()
    await reader.async_done()
    await router.async_done()
