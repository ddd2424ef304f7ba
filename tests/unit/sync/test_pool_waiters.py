# This file is generated from tests/unit/async_/test_pool_waiters.py by bin/make-unasync; do not edit.
# make-unasync digest: fbad39a324328223acbf17362a51e44f92a25d7c624e441927b94874b2e28bb4
"""Pool wake-ups: releases notify sleeping acquirers, and only them."""

from __future__ import annotations

import typing as t

import pytest

from neo4j._sync.driver import Driver, GraphDatabase

from .fake_bolt import FakeBoltServer


AUTH = ("neo4j", "pass")


@pytest.fixture
def server() -> t.Iterator[FakeBoltServer]:
    with FakeBoltServer() as srv:
        yield srv


def driver_for(server: FakeBoltServer, **config: t.Any) -> Driver:
    return GraphDatabase.driver(server.uri, auth=AUTH, **config)


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


def test_release_without_waiters_skips_notify(
    server: FakeBoltServer,
) -> None:
    with driver_for(server) as driver:
        pool: t.Any = driver._pool
        spy = NotifySpy(pool)
        with driver.session() as session:
            for _ in range(3):
                result = session.run("2")
                assert result.value() == [0, 1]
        assert spy.count == 0
        assert pool._waiters == 0
