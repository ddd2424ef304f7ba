"""``Neo.ClientError.Security.AuthorizationExpired`` against the stub
server (async twin): the failure is retryable, and every connection of
the pool to that server re-authenticates before its next use (from Bolt
5.1 with ``LOGOFF``/``LOGON`` on the same connection, before that by
being replaced), as the official driver 6.4.1 does.
"""

from __future__ import annotations

import typing as t

import pytest

from neo4j._async.driver import AsyncDriver
from neo4j.exceptions import Neo4jError
from tests.stub.server import StubServers


MakeDriver = t.Callable[..., AsyncDriver]

CODE = "Neo.ClientError.Security.AuthorizationExpired"


def _header(version: str = "5.4") -> str:
    return (
        f"!: BOLT {version}\n"
        "!: AUTO HELLO\n"
        "!: AUTO LOGON\n"
        "!: AUTO GOODBYE\n"
        "!: AUTO RESET\n"
    )


EXPIRED = f"""\
S: FAILURE {{"code": "{CODE}", "message": "expired"}}
   IGNORED
"""

REAUTH = """\
C: LOGOFF
S: SUCCESS {}
C: LOGON {"scheme": "basic", "principal": "neo4j", "credentials": "pass"}
S: SUCCESS {}
"""


def _query(text: str, value: int) -> str:
    return f"""\
C: RUN "{text}" {{}} {{}}
C: PULL {{"n": 1000}}
S: SUCCESS {{"fields": ["x"]}}
   RECORD [{value}]
   SUCCESS {{"type": "r"}}
"""


def _tx(text: str, value: int) -> str:
    return (
        "C: BEGIN {}\nS: SUCCESS {}\n"
        + _query(text, value)
        + "C: COMMIT\nS: SUCCESS {}\n"
    )


async def _value(driver: AsyncDriver, text: str) -> list[t.Any]:
    async with driver.session() as session:
        return await (await session.run(text)).value()


def _client_lines(server_lines: list[str]) -> list[str]:
    return [line[3:] for line in server_lines if line.startswith("C: ")]


async def test_expired_authorization_re_authenticates_the_connection(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        _header()
        + 'C: RUN "q" {} {}\nC: PULL {"n": 1000}\n'
        + EXPIRED
        + REAUTH
        + _query("q", 1)
    )
    driver = make_driver(server)
    with pytest.raises(Neo4jError) as info:
        await _value(driver, "q")
    assert info.value.code == CODE
    assert info.value.is_retryable()
    assert await _value(driver, "q") == [1]
    await driver.close()
    await server.async_done()
    assert server.connection_count == 1
    lines = _client_lines(server.transcripts()[0])
    assert lines.index("RESET") < lines.index("LOGOFF")


async def test_every_pooled_connection_re_authenticates(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    # two connections: the second one sees the failure; the first one,
    # busy at the time, re-authenticates before its next use too
    after = REAUTH + _tx("again", 2)
    server = stub_server.start(
        _header()
        + "C: BEGIN {}\nS: SUCCESS {}\n"
        + _query("x", 1)
        + "C: COMMIT\nS: SUCCESS {}\n"
        + after,
        _header()
        + "C: BEGIN {}\nS: SUCCESS {}\n"
        + 'C: RUN "fail" {} {}\nC: PULL {"n": 1000}\n'
        + EXPIRED
        + after,
    )
    driver = make_driver(server, max_connection_pool_size=2)
    first, second = driver.session(), driver.session()
    tx1 = await first.begin_transaction()
    tx2 = await second.begin_transaction()
    with pytest.raises(Neo4jError) as info:
        await (await tx2.run("fail")).consume()
    assert info.value.code == CODE
    await tx2.close()
    await second.close()
    # the busy transaction goes on unaffected
    assert await (await tx1.run("x")).value() == [1]
    await tx1.commit()
    await first.close()
    # both connections at once: each must re-authenticate
    sessions = [driver.session(), driver.session()]
    transactions = [await s.begin_transaction() for s in sessions]
    for tx in transactions:
        assert await (await tx.run("again")).value() == [2]
        await tx.commit()
    for session in sessions:
        await session.close()
    await driver.close()
    await server.async_done()
    assert server.connection_count == 2


async def test_before_bolt_5_1_the_connections_are_replaced(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    # no LOGOFF on Bolt 5.0: both connections are closed, two new ones
    # (authenticated by HELLO) take their place
    server = stub_server.start(
        _header("5.0") + _tx("x", 1),
        _header("5.0")
        + "C: BEGIN {}\nS: SUCCESS {}\n"
        + 'C: RUN "fail" {} {}\nC: PULL {"n": 1000}\n'
        + EXPIRED,
        _header("5.0") + _tx("again", 2),
        _header("5.0") + _tx("again", 2),
    )
    driver = make_driver(server, max_connection_pool_size=2)
    first, second = driver.session(), driver.session()
    tx1 = await first.begin_transaction()
    tx2 = await second.begin_transaction()
    with pytest.raises(Neo4jError) as info:
        await (await tx2.run("fail")).consume()
    assert info.value.code == CODE
    await tx2.close()
    await second.close()
    assert await (await tx1.run("x")).value() == [1]
    await tx1.commit()
    await first.close()
    sessions = [driver.session(), driver.session()]
    transactions = [await s.begin_transaction() for s in sessions]
    for tx in transactions:
        assert await (await tx.run("again")).value() == [2]
        await tx.commit()
    for session in sessions:
        await session.close()
    await driver.close()
    await server.async_done()
    assert server.connection_count == 4
    for transcript in server.transcripts()[:2]:
        assert "GOODBYE" in _client_lines(transcript)


async def test_transaction_function_is_retried_after_re_authentication(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        _header()
        + "C: BEGIN {}\nS: SUCCESS {}\n"
        + 'C: RUN "q" {} {}\nC: PULL {"n": 1000}\n'
        + EXPIRED
        + REAUTH
        + _tx("q", 7)
    )
    driver = make_driver(
        server,
        initial_retry_delay=0.001,
        retry_delay_jitter_factor=0.0,
    )
    attempts: list[int] = []

    async def work(tx: t.Any) -> list[t.Any]:
        attempts.append(1)
        return t.cast("list[t.Any]", await (await tx.run("q")).value())

    async with driver.session() as session:
        assert await session.execute_write(work) == [7]
    assert len(attempts) == 2
    await driver.close()
    await server.async_done()
    assert server.connection_count == 1
