"""A managed transaction run while an explicit one is open (async twin).

``tests/stub/sync/test_session_misuse.py`` is generated from this file.
As in the official driver, the managed transaction takes the session's
connection: the explicit transaction is rolled back on the server by the
RESET that hands the connection over.  The explicit transaction object
must then never write to that connection again (it may already serve
other work), and no failure may leak into later queries.
"""

from __future__ import annotations

import typing as t

import pytest

from neo4j._async.driver import AsyncDriver
from neo4j.exceptions import TransactionError
from tests.stub.server import StubServers


MakeDriver = t.Callable[..., AsyncDriver]

SCRIPT = """\
!: BOLT 5.4
!: AUTO HELLO
!: AUTO LOGON
!: AUTO GOODBYE
C: BEGIN {"db": "neo4j"}
S: SUCCESS {}
C: RUN "CREATE ()" {} {}
C: PULL {"n": 1000}
S: SUCCESS {"fields": []}
   SUCCESS {"type": "w"}
C: RESET
S: SUCCESS {}
C: BEGIN {"db": "neo4j", "mode": "r"}
S: SUCCESS {}
C: RUN "RETURN 1 AS x" {} {}
C: PULL {"n": 1000}
S: SUCCESS {"fields": ["x"]}
   RECORD [1]
   SUCCESS {"type": "r"}
C: COMMIT
S: SUCCESS {"bookmark": "bm-1"}
C: RUN "RETURN 2 AS x" {} {"db": "neo4j", "bookmarks": ["bm-1"]}
C: PULL {"n": 1000}
S: SUCCESS {"fields": ["x"]}
   RECORD [2]
   SUCCESS {"type": "r"}
"""


async def _read_one(tx: t.Any) -> int:
    record = await (await tx.run("RETURN 1 AS x")).single(strict=True)
    return int(record["x"])


@pytest.mark.parametrize("end", ["rollback", "close", "commit"])
async def test_explicit_transaction_left_behind_stays_off_the_wire(
    stub_server: StubServers, make_driver: MakeDriver, end: str
) -> None:
    server = stub_server.start(SCRIPT)
    driver = make_driver(server)
    async with driver.session(database="neo4j") as session:
        tx = await session.begin_transaction()
        await (await tx.run("CREATE ()")).consume()
        assert await session.execute_read(_read_one) == 1
        if end == "commit":
            with pytest.raises(TransactionError, match="rolled it back"):
                await tx.commit()
        else:
            await getattr(tx, end)()  # no ROLLBACK goes out
        assert tx.closed()
        result = await session.run("RETURN 2 AS x")
        assert (await result.single(strict=True))["x"] == 2
    await driver.close()
    await server.async_done()


async def _run_one(driver: AsyncDriver) -> int:
    async with driver.session(database="neo4j") as session:
        result = await session.run("RETURN 1 AS x")
        return int((await result.single(strict=True))["x"])


async def test_pool_resets_an_idle_connection_left_failed(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    # whatever left a pooled connection FAILED while idle, the next user
    # gets it RESET first: an old failure never leaks into new work
    server = stub_server.start(
        "!: BOLT 5.4\n!: AUTO HELLO\n!: AUTO LOGON\n!: AUTO GOODBYE\n"
        'C: RUN "RETURN 1 AS x" {} {"db": "neo4j"}\n'
        'C: PULL {"n": 1000}\n'
        'S: SUCCESS {"fields": ["x"]}\n'
        "   RECORD [1]\n"
        '   SUCCESS {"type": "r"}\n'
        "C: ROLLBACK\n"
        'S: FAILURE {"code": "Neo.ClientError.Request.Invalid", '
        '"message": "ROLLBACK not expected"}\n'
        "C: RESET\n"
        "S: SUCCESS {}\n"
        'C: RUN "RETURN 1 AS x" {} {"db": "neo4j"}\n'
        'C: PULL {"n": 1000}\n'
        'S: SUCCESS {"fields": ["x"]}\n'
        "   RECORD [1]\n"
        '   SUCCESS {"type": "r"}\n'
    )
    driver = make_driver(server)
    assert await _run_one(driver) == 1
    [conn] = driver._pool._state.all_connections()  # idle in the pool
    response = conn.bolt.rollback()
    await conn.send_all()
    await conn.fetch(response)
    assert conn.bolt.needs_reset
    assert await _run_one(driver) == 1
    await driver.close()
    await server.async_done()
