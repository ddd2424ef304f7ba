"""Malformed and truncated server messages (async twin).

``tests/stub/sync/test_malformed.py`` is generated from this file.  The
server sends bytes that are not a valid Bolt message (``<RAW>`` lines);
the driver raises a typed error, gives the connection up and opens a new
one for the next query (visible in the stub's connection count).
"""

from __future__ import annotations

import typing as t

import pytest

from neo4j._async.driver import AsyncDriver
from neo4j._exceptions import BoltProtocolError
from neo4j.exceptions import ServiceUnavailable
from tests.stub.server import StubServers


MakeDriver = t.Callable[..., AsyncDriver]

HEADER = """\
!: BOLT 5.4
!: AUTO HELLO
!: AUTO LOGON
!: AUTO GOODBYE
!: AUTO RESET
"""

QUERY = 'C: RUN "Q" {} {"db": "neo4j"}\nC: PULL {"n": 1000}\n'

#: the script of the fresh connection the next query must open
RECOVERY = (
    HEADER + 'C: RUN "RETURN 1 AS x" {} {"db": "neo4j"}\n'
    'C: PULL {"n": 1000}\n'
    'S: SUCCESS {"fields": ["x"]}\n'
    "   RECORD [1]\n"
    '   SUCCESS {"type": "r"}\n'
)


async def _query_fails(
    driver: AsyncDriver, error: type[BaseException]
) -> BaseException:
    async with driver.session(database="neo4j") as session:
        with pytest.raises(error) as info:
            result = await session.run("Q")
            await result.consume()
    return info.value


async def _fresh_connection_works(driver: AsyncDriver) -> None:
    async with driver.session(database="neo4j") as session:
        result = await session.run("RETURN 1 AS x")
        assert (await result.single(strict=True))["x"] == 1


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        # a RECORD whose list holds the reserved marker C7
        ("00 04 B1 71 91 C7 00 00", "Unknown PackStream marker C7"),
        # a message that is not a structure at all
        ("00 01 01 00 00", "Expected structure, found marker 01"),
    ],
)
async def test_undecodable_message(
    stub_server: StubServers,
    make_driver: MakeDriver,
    raw: str,
    message: str,
) -> None:
    server = stub_server.start(
        HEADER + QUERY + f'S: SUCCESS {{"fields": ["x"]}}\nS: <RAW> {raw}\n',
        RECOVERY,
    )
    driver = make_driver(server)
    # the official driver lets the decoder's ValueError through
    error = await _query_fails(driver, ValueError)
    assert message in str(error)
    await _fresh_connection_works(driver)
    await driver.close()
    await server.async_done()
    assert server.connection_count == 2


async def test_truncated_message_then_close(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    # the chunk header announces 16 bytes, 3 arrive, then the socket closes
    server = stub_server.start(
        HEADER + QUERY + "S: <RAW> 00 10 B1 70 A1\nS: <EXIT>\n", RECOVERY
    )
    driver = make_driver(server)
    error = await _query_fails(driver, ServiceUnavailable)
    assert type(error) is ServiceUnavailable
    await _fresh_connection_works(driver)
    await driver.close()
    await server.async_done()
    assert server.connection_count == 2


async def test_truncated_message_in_the_middle_of_a_stream(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        HEADER + QUERY + 'S: SUCCESS {"fields": ["x"]}\n'
        "   RECORD [1]\n"
        "S: <RAW> 00 08 B1 71 91\n"
        "S: <EXIT>\n",
        RECOVERY,
    )
    driver = make_driver(server)
    seen = []
    async with driver.session(database="neo4j") as session:
        result = await session.run("Q")
        with pytest.raises(ServiceUnavailable):
            async for record in result:
                seen.append(record["x"])
    assert seen == [1]
    await _fresh_connection_works(driver)
    await driver.close()
    await server.async_done()
    assert server.connection_count == 2


async def test_unknown_message_tag(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    # (the sleep and hang-up only stop a driver that ignores the tag from
    # waiting forever)
    server = stub_server.start(
        HEADER + QUERY + "S: #7A {}\nS: <SLEEP 2>\nS: <EXIT>\n", RECOVERY
    )
    driver = make_driver(server)
    error = await _query_fails(driver, BoltProtocolError)
    assert "7A" in str(error)
    # the connection is not trusted any more: the next query opens a new
    # one (the official 6.4.1 driver reuses it and then waits forever)
    await _fresh_connection_works(driver)
    await driver.close()
    await server.async_done()
    assert server.connection_count == 2


async def test_unknown_message_tag_during_stream(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    # the official 6.4.1 driver does not notice the unknown tag here: it
    # waits for more until the server hangs up.  Either error is accepted;
    # what matters is that the stream fails and the connection is dropped
    server = stub_server.start(
        HEADER + QUERY + 'S: SUCCESS {"fields": ["x"]}\n'
        "   RECORD [1]\n"
        "   #7A {}\n"
        "S: <SLEEP 1>\n"
        "S: <EXIT>\n",
        RECOVERY,
    )
    driver = make_driver(server)
    async with driver.session(database="neo4j") as session:
        result = await session.run("Q")
        with pytest.raises((BoltProtocolError, ServiceUnavailable)):
            await result.consume()
    await _fresh_connection_works(driver)
    await driver.close()
    await server.async_done()
    assert server.connection_count == 2


async def test_record_with_no_pull_pending_closes_the_connection(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    # A RECORD arriving while only the RUN is outstanding.  Deliberate
    # deviation: the official 6.4.1 driver silently drops it and keeps the
    # connection; we treat it as a protocol violation (the server's state
    # is unknown), raise a typed error and never reuse the connection.
    server = stub_server.start(HEADER + QUERY + "S: RECORD [1]\n", RECOVERY)
    driver = make_driver(server)
    error = await _query_fails(driver, BoltProtocolError)
    assert "RECORD" in str(error)
    await _fresh_connection_works(driver)
    await driver.close()
    await server.async_done()
    assert server.connection_count == 2


async def test_record_after_the_summary_closes_the_connection(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    # A stray RECORD right after the final SUCCESS (same write).  Deliberate
    # deviation, as above: the official driver drops it; we raise a typed
    # error and the next query runs on a new connection.
    server = stub_server.start(
        HEADER + QUERY + 'S: SUCCESS {"fields": ["x"]}\n'
        '   SUCCESS {"type": "r"}\n'
        "   RECORD [9]\n",
        RECOVERY,
    )
    driver = make_driver(server)
    error = await _query_fails(driver, BoltProtocolError)
    assert "RECORD" in str(error)
    await _fresh_connection_works(driver)
    await driver.close()
    await server.async_done()
    assert server.connection_count == 2


async def test_bad_marker_in_hello_reply(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        "!: BOLT 5.4\nC: HELLO {...}\nC: LOGON {...}\n"
        "S: <RAW> 00 03 B1 70 C7 00 00\n",
        RECOVERY,
    )
    driver = make_driver(server)
    async with driver.session(database="neo4j") as session:
        with pytest.raises(ValueError, match="C7"):
            await session.run("RETURN 1 AS x")
    await _fresh_connection_works(driver)
    await driver.close()
    await server.async_done()
    assert server.connection_count == 2
