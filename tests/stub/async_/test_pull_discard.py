"""PULL/DISCARD batching, ``qid`` and ``consume()`` (async twin).

``tests/stub/sync/test_pull_discard.py`` is generated from this file.
Expectations are those of the official driver 6.4.1: records come in
batches of ``fetch_size`` (``PULL {"n": fetch_size}``, another PULL while
the server says ``has_more``), ``fetch_size=-1`` pulls everything at once,
``consume()`` of a partly fetched result sends ``DISCARD {"n": -1}``, and
in a transaction with several open results a PULL/DISCARD for a result
other than the latest one names it by its ``qid``.
"""

from __future__ import annotations

import typing as t

import pytest

from neo4j._async.driver import AsyncDriver
from neo4j.exceptions import ResultConsumedError
from tests.stub.server import StubServers


MakeDriver = t.Callable[..., AsyncDriver]


def _header(version: str = "5.4") -> str:
    manifest = "!: MANIFEST\n" if version == "6.0" else ""
    return (
        f"!: BOLT {version}\n{manifest}"
        "!: AUTO HELLO\n!: AUTO LOGON\n!: AUTO RESET\n!: AUTO GOODBYE\n"
    )


RUN = 'C: RUN "UNWIND range(1, 5) AS x RETURN x" {} {"db": "neo4j"}\n'
QUERY = "UNWIND range(1, 5) AS x RETURN x"


@pytest.mark.parametrize("version", ["4.4", "5.0", "5.4", "5.8", "6.0"])
async def test_fetch_size_batches(
    stub_server: StubServers, make_driver: MakeDriver, version: str
) -> None:
    server = stub_server.start(
        _header(version) + RUN + 'C: PULL {"n": 2}\n'
        'S: SUCCESS {"fields": ["x"], "t_first": 1}\n'
        "   RECORD [1]\n   RECORD [2]\n"
        '   SUCCESS {"has_more": true}\n'
        'C: PULL {"n": 2}\n'
        "S: RECORD [3]\n   RECORD [4]\n"
        '   SUCCESS {"has_more": true}\n'
        'C: PULL {"n": 2}\n'
        "S: RECORD [5]\n"
        '   SUCCESS {"type": "r", "t_last": 3, "db": "neo4j"}\n'
    )
    driver = make_driver(server, fetch_size=2)
    async with driver.session(database="neo4j") as session:
        result = await session.run(QUERY)
        values = [record["x"] async for record in result]
        summary = await result.consume()
    assert values == [1, 2, 3, 4, 5]
    assert summary.query_type == "r"
    assert summary.database == "neo4j"
    assert summary.result_available_after == 1
    assert summary.result_consumed_after == 3
    await driver.close()
    await server.async_done()


@pytest.mark.parametrize(
    ("driver_size", "session_size", "n"),
    [(None, None, 1000), (-1, None, -1), (10, 3, 3), (None, -1, -1)],
)
async def test_fetch_size_config(
    stub_server: StubServers,
    make_driver: MakeDriver,
    driver_size: int | None,
    session_size: int | None,
    n: int,
) -> None:
    server = stub_server.start(
        _header() + RUN + f'C: PULL {{"n": {n}}}\n'
        'S: SUCCESS {"fields": ["x"]}\n'
        "   RECORD [1]\n   RECORD [2]\n   RECORD [3]\n"
        '   SUCCESS {"type": "r"}\n'
    )
    driver_config = {} if driver_size is None else {"fetch_size": driver_size}
    session_config = (
        {} if session_size is None else {"fetch_size": session_size}
    )
    driver = make_driver(server, **driver_config)
    async with driver.session(database="neo4j", **session_config) as session:
        result = await session.run(QUERY)
        values = [record["x"] async for record in result]
    assert values == [1, 2, 3]
    await driver.close()
    await server.async_done()


@pytest.mark.parametrize("version", ["4.4", "5.4", "6.0"])
async def test_consume_of_partly_fetched_result_discards(
    stub_server: StubServers, make_driver: MakeDriver, version: str
) -> None:
    server = stub_server.start(
        _header(version) + RUN + 'C: PULL {"n": 2}\n'
        'S: SUCCESS {"fields": ["x"]}\n'
        "   RECORD [1]\n   RECORD [2]\n"
        '   SUCCESS {"has_more": true}\n'
        'C: DISCARD {"n": -1}\n'
        'S: SUCCESS {"type": "rw", "db": "neo4j", "bookmark": "bm:1"}\n'
    )
    driver = make_driver(server, fetch_size=2)
    async with driver.session(database="neo4j") as session:
        result = await session.run(QUERY)
        first = await result.__anext__()
        summary = await result.consume()
        with pytest.raises(ResultConsumedError):
            await result.__anext__()
        bookmarks = await session.last_bookmarks()
    assert first["x"] == 1
    assert summary.query_type == "rw"
    assert bookmarks.raw_values == frozenset({"bm:1"})
    await driver.close()
    await server.async_done()


async def test_consume_of_fully_fetched_result_sends_nothing(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        _header() + RUN + 'C: PULL {"n": 2}\n'
        'S: SUCCESS {"fields": ["x"]}\n'
        "   RECORD [1]\n"
        '   SUCCESS {"type": "r"}\n'
    )
    driver = make_driver(server, fetch_size=2)
    async with driver.session(database="neo4j") as session:
        result = await session.run(QUERY)
        summary = await result.consume()
    assert summary.query_type == "r"
    await driver.close()
    await server.async_done()


async def test_session_close_discards_open_result(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        _header() + RUN + 'C: PULL {"n": 2}\n'
        'S: SUCCESS {"fields": ["x"]}\n'
        "   RECORD [1]\n   RECORD [2]\n"
        '   SUCCESS {"has_more": true}\n'
        'C: DISCARD {"n": -1}\n'
        'S: SUCCESS {"type": "r"}\n'
    )
    driver = make_driver(server, fetch_size=2)
    async with driver.session(database="neo4j") as session:
        result = await session.run(QUERY)
        assert (await result.__anext__())["x"] == 1
    await driver.close()
    await server.async_done()


async def test_next_query_in_session_buffers_previous_result(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    # an auto-commit result still open when the next query runs: the
    # driver fetches the rest of it first (its records stay available)
    server = stub_server.start(
        _header() + RUN + 'C: PULL {"n": 2}\n'
        'S: SUCCESS {"fields": ["x"]}\n'
        "   RECORD [1]\n   RECORD [2]\n"
        '   SUCCESS {"has_more": true}\n'
        'C: PULL {"n": 2}\n'
        "S: RECORD [3]\n"
        '   SUCCESS {"type": "r"}\n'
        'C: RUN "RETURN 9 AS y" {} {"db": "neo4j"}\n'
        'C: PULL {"n": 2}\n'
        'S: SUCCESS {"fields": ["y"]}\n'
        "   RECORD [9]\n"
        '   SUCCESS {"type": "r"}\n'
    )
    driver = make_driver(server, fetch_size=2)
    async with driver.session(database="neo4j") as session:
        first = await session.run(QUERY)
        second = await session.run("RETURN 9 AS y")
        assert [r["y"] async for r in second] == [9]
        assert [r["x"] async for r in first] == [1, 2, 3]
    await driver.close()
    await server.async_done()


# ---------------------------------------------------- several open results
def _tx_result(query: str, qid: int, values: t.Sequence[int]) -> str:
    records = "".join(f"   RECORD [{v}]\n" for v in values)
    return (
        f'C: RUN "{query}" {{}} {{}}\n'
        'C: PULL {"n": 2}\n'
        f'S: SUCCESS {{"fields": ["v"], "qid": {qid}}}\n'
        f"{records}"
        '   SUCCESS {"has_more": true}\n'
    )


@pytest.mark.parametrize("version", ["4.4", "5.0", "5.4", "5.8", "6.0"])
async def test_qid_for_earlier_results_in_a_transaction(
    stub_server: StubServers, make_driver: MakeDriver, version: str
) -> None:
    server = stub_server.start(
        _header(version)
        + 'C: BEGIN {"db": "neo4j"}\nS: SUCCESS {}\n'
        + _tx_result("A", 0, [1, 2])
        + _tx_result("B", 1, [10, 20])
        # more of A (not the latest result): named by its qid
        + (
            'C: PULL {"n": 2, "qid": 0}\n'
            "S: RECORD [3]\n   RECORD [4]\n"
            '   SUCCESS {"has_more": true}\n'
        )
        # more of B (the latest result): qid -1, i.e. left out
        + ('C: PULL {"n": 2}\nS: RECORD [30]\n   SUCCESS {"type": "r"}\n')
        # consume() of A, still not the latest: DISCARD with its qid
        + (
            'C: DISCARD {"n": -1, "qid": 0}\n'
            'S: SUCCESS {"type": "r"}\n'
            "C: COMMIT\n"
            'S: SUCCESS {"bookmark": "bm:tx"}\n'
        )
    )
    driver = make_driver(server, fetch_size=2)
    async with driver.session(database="neo4j") as session:
        tx = await session.begin_transaction()
        a = await tx.run("A")
        assert (await a.__anext__())["v"] == 1
        b = await tx.run("B")
        assert (await b.__anext__())["v"] == 10
        assert [(await a.__anext__())["v"] for _ in range(3)] == [2, 3, 4]
        assert [r["v"] async for r in b] == [20, 30]
        summary = await a.consume()
        assert summary.query_type == "r"
        await tx.commit()
        bookmarks = await session.last_bookmarks()
    assert bookmarks.raw_values == frozenset({"bm:tx"})
    await driver.close()
    await server.async_done()


async def test_discard_of_latest_result_has_no_qid(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        _header()
        + 'C: BEGIN {"db": "neo4j"}\nS: SUCCESS {}\n'
        + _tx_result("A", 0, [1, 2])
        + _tx_result("B", 1, [10, 20])
        + 'C: DISCARD {"n": -1}\n'
        'S: SUCCESS {"type": "r"}\n' + 'C: PULL {"n": 2, "qid": 0}\n'
        "S: RECORD [3]\n"
        '   SUCCESS {"type": "r"}\n'
        "C: COMMIT\n"
        "S: SUCCESS {}\n"
    )
    driver = make_driver(server, fetch_size=2)
    async with driver.session(database="neo4j") as session:
        tx = await session.begin_transaction()
        a = await tx.run("A")
        b = await tx.run("B")
        await b.consume()
        assert [r["v"] async for r in a] == [1, 2, 3]
        await tx.commit()
    await driver.close()
    await server.async_done()


async def test_fetch_size_all_in_a_transaction(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        _header() + 'C: BEGIN {"db": "neo4j"}\nS: SUCCESS {}\n'
        'C: RUN "A" {} {}\n'
        'C: PULL {"n": -1}\n'
        'S: SUCCESS {"fields": ["v"], "qid": 0}\n'
        "   RECORD [1]\n   RECORD [2]\n   RECORD [3]\n"
        '   SUCCESS {"type": "r"}\n'
        "C: COMMIT\n"
        "S: SUCCESS {}\n"
    )
    driver = make_driver(server, fetch_size=-1)
    async with driver.session(database="neo4j") as session:
        tx = await session.begin_transaction()
        result = await tx.run("A")
        assert [r["v"] async for r in result] == [1, 2, 3]
        await tx.commit()
    await driver.close()
    await server.async_done()


async def test_managed_transaction_batches(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        _header()
        + 'C: BEGIN {"db": "neo4j", "mode": "r"}\nS: SUCCESS {}\n'
        + _tx_result("A", 0, [1, 2])
        + 'C: PULL {"n": 2}\n'
        "S: RECORD [3]\n"
        '   SUCCESS {"type": "r"}\n'
        "C: COMMIT\n"
        "S: SUCCESS {}\n"
    )
    driver = make_driver(server)

    async def work(tx: t.Any) -> list[int]:
        result = await tx.run("A")
        return [record["v"] async for record in result]

    async with driver.session(database="neo4j", fetch_size=2) as session:
        assert await session.execute_read(work) == [1, 2, 3]
    await driver.close()
    await server.async_done()
