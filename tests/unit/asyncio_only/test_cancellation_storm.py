"""Hundreds of random task cancellations (and ``session.cancel()``)
over a few sessions sharing a pool of one connection: afterwards every
session, and the pool's only slot, must still work (issue 9)."""

from __future__ import annotations

import asyncio
import random
import typing as t

from neo4j._async.driver import AsyncGraphDatabase

from ..async_.fake_bolt import FakeBoltServer


async def _work(session: t.Any, kind: int) -> None:
    if kind == 0:
        async for _ in await session.run("50"):
            pass
    elif kind == 1:
        await (await session.run("50")).consume()
    elif kind == 2:
        await session.run("50")
    elif kind == 3:

        async def work(tx: t.Any) -> list[t.Any]:
            return t.cast("list[t.Any]", await (await tx.run("20")).value())

        await session.execute_write(work)
    else:
        tx = await session.begin_transaction()
        await (await tx.run("20")).fetch(3)
        await tx.commit()


async def test_cancellation_storm_keeps_sessions_and_pool() -> None:
    rnd = random.Random(9)
    with FakeBoltServer() as server:
        async with AsyncGraphDatabase.driver(
            server.uri,
            auth=("neo4j", "pass"),
            max_connection_pool_size=1,
            connection_acquisition_timeout=10,
            fetch_size=5,
        ) as driver:
            sessions = [driver.session() for _ in range(4)]
            interrupted = 0
            for _ in range(200):
                session = rnd.choice(sessions)
                task = asyncio.ensure_future(_work(session, rnd.randrange(5)))
                for _ in range(rnd.randrange(12)):
                    await asyncio.sleep(0)
                task.cancel()
                try:
                    await task
                except asyncio.CancelledError:
                    interrupted += 1
                if rnd.random() < 0.2:
                    session.cancel()
                assert not session.closed()
                await session.last_bookmarks()
                assert await (await session.run("2")).value() == [0, 1]
            assert interrupted > 30
            for session in sessions:
                await session.close()
            records = (await driver.execute_query("3")).records
            assert [r[0] for r in records] == [0, 1, 2]
