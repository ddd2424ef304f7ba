"""A storm of cancelled tasks against the real servers (issue 12).

1,000 tasks share a pool of 10; each runs a query in one of five ways
and is cancelled at a random point.  Afterwards no task may be stuck,
no connection may be counted in use, nothing may be logged as an error
and the pool must serve a query again.  (On Python 3.10/3.11 the old
``wait_for``-based pool wait left the wait lock held by an orphaned
task in such storms, hanging every later acquisition.)
"""

from __future__ import annotations

import asyncio
import logging
import random
import typing as t

import pytest

from neo4j import AsyncGraphDatabase


TASKS = 1000
POOL_SIZE = 10
#: generous: a healthy storm ends in seconds; a wedged pool never does
STORM_BOUND = 120.0


async def _work(driver: t.Any, db: str, kind: int) -> None:
    if kind == 0:
        await driver.execute_query("UNWIND range(1, 20) AS x RETURN x",
                                   database_=db)  # fmt: skip
        return
    async with driver.session(database=db, fetch_size=5) as session:
        if kind == 1:
            result = await session.run("UNWIND range(1, 20) AS x RETURN x")
            async for _ in result:
                pass
        elif kind == 2:
            await (await session.run("RETURN 1 AS x")).consume()
        elif kind == 3:

            async def read(tx: t.Any) -> None:
                await (await tx.run("RETURN 1 AS x")).consume()

            await session.execute_read(read)
        else:
            tx = await session.begin_transaction()
            try:
                await (await tx.run("RETURN 1 AS x")).consume()
                await tx.commit()
            finally:
                await tx.close()


@pytest.mark.parametrize("round_", range(2))
async def test_storm_of_cancelled_tasks_leaves_a_healthy_pool(
    bolt_uri: str,
    auth: tuple[str, str],
    db: str,
    round_: int,
    caplog: pytest.LogCaptureFixture,
) -> None:
    rnd = random.Random(1207 + round_)
    async with AsyncGraphDatabase.driver(
        bolt_uri,
        auth=auth,
        max_connection_pool_size=POOL_SIZE,
        connection_acquisition_timeout=60,
    ) as driver:
        with caplog.at_level(logging.ERROR, logger="neo4j"):
            tasks = [
                asyncio.ensure_future(_work(driver, db, rnd.randrange(5)))
                for _ in range(TASKS)
            ]
            for task in rnd.sample(tasks, len(tasks)):
                await asyncio.sleep(rnd.choice([0, 0, 0, 0.001]))
                task.cancel()
                if rnd.random() < 0.2:
                    task.cancel()  # twice, the case that used to wedge
            done, pending = await asyncio.wait(tasks, timeout=STORM_BOUND)
            assert not pending, f"{len(pending)} tasks stuck"
            for task in done:
                if not task.cancelled():
                    task.exception()  # retrieved: no "never retrieved"
        pool = driver._pool
        assert pool.in_use_count(pool.address) == 0
        assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
        records, _, _ = await driver.execute_query(
            "RETURN 42 AS x", database_=db
        )
        assert records[0]["x"] == 42
