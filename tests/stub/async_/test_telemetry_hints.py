"""TELEMETRY messages and connection hints (async twin).

``tests/stub/sync/test_telemetry_hints.py`` is generated from this file.
From Bolt 5.4 on, when the server's HELLO reply carries the hint
``telemetry.enabled: true`` (and the driver was not configured with
``telemetry_disabled=True``), the driver sends ``TELEMETRY <api>`` in
front of the work it starts: 0 transaction function, 1 explicit
transaction, 2 auto-commit query, 3 ``execute_query``.  The hint
``connection.recv_timeout_seconds`` bounds how long the driver waits for
a reply before giving the connection up.
"""

from __future__ import annotations

import typing as t

import pytest

from neo4j._async.driver import AsyncDriver
from neo4j.exceptions import ServiceUnavailable
from tests.stub.server import StubServers


MakeDriver = t.Callable[..., AsyncDriver]

#: driver config that makes retries immediate
FAST_RETRY = {
    "initial_retry_delay": 0.001,
    "retry_delay_multiplier": 1.0,
    "retry_delay_jitter_factor": 0.0,
}


def _header(version: str = "5.4", hints: str = '{"telemetry.enabled": true}'):
    return (
        f"!: BOLT {version}\n"
        f'!: AUTO HELLO SUCCESS {{"server": "Neo4j/{version}.0", '
        f'"connection_id": "bolt-1", "hints": {hints}}}\n'
        "!: AUTO LOGON\n!: AUTO GOODBYE\n"
    )


def _query(query: str, mode: str = "") -> str:
    """A query answered with one record in a transaction (BEGIN..COMMIT)."""
    return (
        f'C: BEGIN {{"db": "neo4j"{mode}}}\n'
        "S: SUCCESS {}\n" + _run(query, "{}") + "C: COMMIT\n"
        "S: SUCCESS {}\n"
    )


def _run(query: str, extra: str = '{"db": "neo4j"}') -> str:
    return (
        f'C: RUN "{query}" {{}} {extra}\n'
        'C: PULL {"n": 1000}\n'
        'S: SUCCESS {"fields": ["x"]}\n'
        "   RECORD [1]\n"
        '   SUCCESS {"type": "r"}\n'
    )


def _telemetry(api: int) -> str:
    return f"C: TELEMETRY {api}\nS: SUCCESS {{}}\n"


async def _every_api(driver: AsyncDriver) -> None:
    async def work(tx: t.Any) -> None:
        await (await tx.run("TXF")).consume()

    async with driver.session(database="neo4j") as session:
        await (await session.run("AUTO1")).consume()
        await (await session.run("AUTO2")).consume()
        tx = await session.begin_transaction()
        await (await tx.run("TX")).consume()
        await tx.commit()
        await session.execute_write(work)
        await session.execute_read(work)
    await driver.execute_query("EQ", database_="neo4j")


EVERY_API_BODY = (
    _telemetry(2)
    + _run("AUTO1")
    + _telemetry(2)
    + _run("AUTO2")
    + _telemetry(1)
    + _query("TX")
    + _telemetry(0)
    + _query("TXF")
    + _telemetry(0)
    + _query("TXF", ', "mode": "r"')
    + _telemetry(3)
    + _query("EQ")
)


async def test_telemetry_sent_for_every_api_call(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    # not once per connection: every call of an API announces itself
    server = stub_server.start(_header() + EVERY_API_BODY)
    driver = make_driver(server)
    await _every_api(driver)
    await driver.close()
    await server.async_done()
    assert server.connection_count == 1


@pytest.mark.parametrize(
    ("version", "hints", "config"),
    [
        ("5.4", "{}", {}),
        ("5.4", '{"telemetry.enabled": false}', {}),
        ("5.4", '{"telemetry.enabled": true}', {"telemetry_disabled": True}),
        ("5.3", '{"telemetry.enabled": true}', {}),
        ("5.8", "{}", {}),
    ],
)
async def test_no_telemetry(
    stub_server: StubServers,
    make_driver: MakeDriver,
    version: str,
    hints: str,
    config: dict[str, t.Any],
) -> None:
    server = stub_server.start(
        _header(version, hints)
        + _run("AUTO1")
        + _run("AUTO2")
        + _query("TX")
        + _query("TXF")
        + _query("TXF", ', "mode": "r"')
        + _query("EQ")
    )
    driver = make_driver(server, **config)
    await _every_api(driver)
    await driver.close()
    await server.async_done()
    assert not any("TELEMETRY" in line for line in server.transcripts()[0])


@pytest.mark.parametrize("version", ["5.8", "6.0"])
async def test_telemetry_on_later_versions(
    stub_server: StubServers, make_driver: MakeDriver, version: str
) -> None:
    manifest = "!: MANIFEST\n" if version == "6.0" else ""
    server = stub_server.start(manifest + _header(version) + EVERY_API_BODY)
    driver = make_driver(server)
    await _every_api(driver)
    await driver.close()
    await server.async_done()


async def test_telemetry_not_repeated_when_a_transaction_function_retries(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        _header() + _telemetry(0) + 'C: BEGIN {"db": "neo4j"}\n'
        "S: SUCCESS {}\n"
        'C: RUN "TXF" {} {}\n'
        'C: PULL {"n": 1000}\n'
        'S: FAILURE {"code": "Neo.TransientError.Transaction.Outdated", '
        '"message": "again"}\n'
        "   IGNORED\n"
        "C: RESET\n"
        "S: SUCCESS {}\n" + _query("TXF")
    )
    driver = make_driver(server, **FAST_RETRY)
    attempts = []

    async def work(tx: t.Any) -> int:
        attempts.append(1)
        record = await (await tx.run("TXF")).single(strict=True)
        return t.cast(int, record["x"])

    async with driver.session(database="neo4j") as session:
        assert await session.execute_write(work) == 1
    assert len(attempts) == 2
    await driver.close()
    await server.async_done()


# ---------------------------------------------------------------------------
# connection.recv_timeout_seconds
# ---------------------------------------------------------------------------

RECV_TIMEOUT_HEADER = _header(hints='{"connection.recv_timeout_seconds": 1}')


async def test_recv_timeout_hint_drops_a_slow_connection(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        RECV_TIMEOUT_HEADER + 'C: RUN "SLOW" {} {"db": "neo4j"}\n'
        'C: PULL {"n": 1000}\n'
        "S: <SLEEP 1.6>\n"
        "S: <EXIT>\n",
        RECV_TIMEOUT_HEADER + _run("FAST"),
    )
    driver = make_driver(server)
    async with driver.session(database="neo4j") as session:
        with pytest.raises(ServiceUnavailable) as info:
            await (await session.run("SLOW")).consume()
        # the timed-out connection is gone: the next query opens a new one
        result = await session.run("FAST")
        assert (await result.single(strict=True))["x"] == 1
    assert isinstance(info.value.__cause__, TimeoutError)
    await driver.close()
    await server.async_done()
    assert server.connection_count == 2


async def test_recv_timeout_hint_allows_a_reply_in_time(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        RECV_TIMEOUT_HEADER + 'C: RUN "FAST" {} {"db": "neo4j"}\n'
        'C: PULL {"n": 1000}\n'
        "S: <SLEEP 0.2>\n"
        'S: SUCCESS {"fields": ["x"]}\n'
        "   RECORD [1]\n"
        '   SUCCESS {"type": "r"}\n' + _run("FAST")
    )
    driver = make_driver(server)
    async with driver.session(database="neo4j") as session:
        for _ in range(2):
            result = await session.run("FAST")
            assert (await result.single(strict=True))["x"] == 1
    await driver.close()
    await server.async_done()
    assert server.connection_count == 1
