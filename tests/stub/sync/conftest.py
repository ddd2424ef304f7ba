# This file is generated from tests/stub/async_/conftest.py by bin/make-unasync; do not edit.
# make-unasync digest: fff6b8f1a43c51fa5612d61fc2df3ed090f61a6848ad6ffe8b7e1c682fbe2acb
"""Fixtures for driver tests against the stub server (async twin).

``tests/stub/sync/conftest.py`` is generated from this file by
``bin/make-unasync``.
"""

from __future__ import annotations

import typing as t

import pytest

from neo4j._sync.driver import Driver, GraphDatabase
from tests.stub.server import StubServer


#: the credentials every stub driver test uses
AUTH = ("neo4j", "pass")

MakeDriver = t.Callable[..., Driver]


@pytest.fixture
def make_driver() -> t.Iterator[MakeDriver]:
    """A factory ``make_driver(server, scheme="bolt", **config)``.

    It opens a driver on a stub server with :data:`AUTH`; every driver is
    closed after the test (before the stub servers stop).
    """
    drivers: list[Driver] = []

    def make(
        server: StubServer, scheme: str = "bolt", **config: t.Any
    ) -> Driver:
        config.setdefault("auth", AUTH)
        driver = GraphDatabase.driver(server.uri(scheme), **config)
        drivers.append(driver)
        return driver

    yield make
    for driver in drivers:
        driver.close()
