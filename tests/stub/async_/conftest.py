"""Fixtures for driver tests against the stub server (async twin).

``tests/stub/sync/conftest.py`` is generated from this file by
``bin/make-unasync``.
"""

from __future__ import annotations

import typing as t

import pytest

from neo4j._async.driver import AsyncDriver, AsyncGraphDatabase
from tests.stub.server import StubServer


#: the credentials every stub driver test uses
AUTH = ("neo4j", "pass")

MakeDriver = t.Callable[..., AsyncDriver]


@pytest.fixture
async def make_driver() -> t.AsyncIterator[MakeDriver]:
    """A factory ``make_driver(server, scheme="bolt", **config)``.

    It opens a driver on a stub server with :data:`AUTH`; every driver is
    closed after the test (before the stub servers stop).
    """
    drivers: list[AsyncDriver] = []

    def make(
        server: StubServer, scheme: str = "bolt", **config: t.Any
    ) -> AsyncDriver:
        config.setdefault("auth", AUTH)
        driver = AsyncGraphDatabase.driver(server.uri(scheme), **config)
        drivers.append(driver)
        return driver

    yield make
    for driver in drivers:
        await driver.close()
