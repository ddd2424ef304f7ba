"""The fault matrix's cancellation storm (issue 12), on the stub server.

400 tasks share a pool of 5 on a server that answers after short
pauses, so cancellations land everywhere: waiting for a pool slot,
connecting, between RUN and its reply, in the middle of a stream, in
COMMIT, inside a transaction function.  Some tasks are cancelled twice.
Afterwards every task has ended, no connection is in use, no more
sockets are open than the pool holds, a query runs, and closing the
driver leaves no socket behind.  Asyncio only: the sync twin has no
cancellation (its storm is ``tests/stub/threads``).
"""

from __future__ import annotations

import asyncio
import random
import typing as t

import pytest

from neo4j import AsyncGraphDatabase
from tests.stub.server import StubServers
from tests.stub.sockets import async_settle_sockets, open_sockets


TASKS = 400
POOL_SIZE = 5
#: a healthy storm ends in a few seconds; a wedged pool never does
STORM_BOUND = 60.0

SCRIPT = """\
!: BOLT 5.4
!: AUTO HELLO
!: AUTO LOGON
!: AUTO GOODBYE
!: AUTO RESET
!: ALLOW CONCURRENT
!: ALLOW HANGUP
*{
  |{
    C: RUN "RETURN 1" {} {...}
    C: PULL {"n": 1000}
    S: <SLEEP 0.002>
       SUCCESS {"fields": ["n"]}
       <SLEEP 0.002>
       RECORD [1]
       SUCCESS {}
  }|{
    C: BEGIN {...}
    S: SUCCESS {}
    C: RUN "RETURN 1" {} {}
    C: PULL {"n": 1000}
    S: <SLEEP 0.002>
       SUCCESS {"fields": ["n"]}
       RECORD [1]
       SUCCESS {}
    C: COMMIT
    S: <SLEEP 0.002>
       SUCCESS {"bookmark": "bm"}
  }
}
"""


async def _work(driver: t.Any, kind: int) -> None:
    if kind == 0:
        records, _, _ = await driver.execute_query("RETURN 1")
        assert [r["n"] for r in records] == [1]
        return
    async with driver.session() as session:
        if kind == 1:
            result = await session.run("RETURN 1")
            assert [r["n"] async for r in result] == [1]
        elif kind == 2:

            async def read(tx: t.Any) -> int:
                record = await (await tx.run("RETURN 1")).single()
                return int(record["n"])

            assert await session.execute_write(read) == 1
        else:
            tx = await session.begin_transaction()
            try:
                await (await tx.run("RETURN 1")).consume()
                await tx.commit()
            finally:
                await tx.close()


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_cancellation_storm_leaves_a_healthy_pool(
    stub_server: StubServers, seed: int
) -> None:
    server = stub_server.start(SCRIPT)
    sockets_before = open_sockets()
    rnd = random.Random(seed)
    driver = AsyncGraphDatabase.driver(
        server.uri(),
        auth=("neo4j", "pass"),
        max_connection_pool_size=POOL_SIZE,
        connection_acquisition_timeout=STORM_BOUND,
    )
    pool = t.cast(t.Any, driver)._pool
    tasks = [
        asyncio.ensure_future(_work(driver, rnd.randrange(4)))
        for _ in range(TASKS)
    ]
    for task in rnd.sample(tasks, len(tasks) * 3 // 4):
        await asyncio.sleep(rnd.choice([0, 0, 0.001, 0.003, 0.006]))
        task.cancel()
        if rnd.random() < 0.2:
            task.cancel()  # twice: the case that used to wedge the pool
    done, pending = await asyncio.wait(tasks, timeout=STORM_BOUND)
    assert not pending, f"{len(pending)} tasks stuck after the storm"
    for task in done:
        if not task.cancelled():
            assert task.exception() is None, repr(task.exception())
    assert sum(not task.cancelled() for task in done) > 0
    assert pool.in_use_count(pool.address) == 0
    assert len(pool._state.all_connections()) <= POOL_SIZE
    await _work(driver, 1)
    await _work(driver, 3)
    assert pool.in_use_count(pool.address) == 0
    await driver.close()
    assert len(pool._state.all_connections()) == 0
    assert await async_settle_sockets(sockets_before) == sockets_before
    await server.async_done()
