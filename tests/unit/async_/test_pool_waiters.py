"""Pool wake-ups: releases notify sleeping acquirers, and only them."""

from __future__ import annotations

import typing as t

import pytest

from neo4j._async.driver import AsyncDriver, AsyncGraphDatabase

from .fake_bolt import FakeBoltServer


AUTH = ("neo4j", "pass")


@pytest.fixture
def server() -> t.Iterator[FakeBoltServer]:
    with FakeBoltServer() as srv:
        yield srv


def driver_for(server: FakeBoltServer, **config: t.Any) -> AsyncDriver:
    return AsyncGraphDatabase.driver(server.uri, auth=AUTH, **config)


class NotifySpy:
    """Stands in for the pool's condition, counting ``notify_all``."""

    def __init__(self, pool: t.Any) -> None:
        self.count = 0
        self._cond = pool._cond
        pool._cond = self

    def notify_all(self) -> None:
        self.count += 1
        self._cond.notify_all()

    def __getattr__(self, name: str) -> t.Any:
        return getattr(self._cond, name)


async def test_release_without_waiters_skips_notify(
    server: FakeBoltServer,
) -> None:
    async with driver_for(server) as driver:
        pool: t.Any = driver._pool
        spy = NotifySpy(pool)
        async with driver.session() as session:
            for _ in range(3):
                result = await session.run("2")
                assert await result.value() == [0, 1]
        assert spy.count == 0
        assert pool._waiters == 0
