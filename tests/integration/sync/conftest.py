# This file is generated from tests/integration/async_/conftest.py by bin/make-unasync; do not edit.
# make-unasync digest: 8f5872559cfc8efd318e2acfe80949384b22ff01ee4ee5a18f770d7175b926e6
"""Fixtures and helpers for the driver integration tests.

Every test uses the public API only, the way an application would, so
the same files also run against the official driver for comparison.
The general tests run once per server (the parametrised ``server``
fixture of ``tests/integration/conftest.py``: ArcadeDB and Neo4j) on a
shared server of each kind; each test writes nodes with a label of its
own (``label`` fixture) so tests never see each other's data.  Always
pass the ``db`` fixture as the database (``test`` on ArcadeDB, where a
database chosen by a query sticks to the connection, see SERVERS.md;
``neo4j`` on Neo4j).  The Neo4j-only tests use ``neo4j_driver``.
"""

from __future__ import annotations

import typing as t
import uuid

import pytest

from neo4j import Driver, GraphDatabase


if t.TYPE_CHECKING:
    from tests.servers.neo4j import Neo4jServer


@pytest.fixture
def driver(bolt_uri: str, auth: tuple[str, str]) -> t.Iterator[Driver]:
    """A driver on the shared plain server, closed after the test."""
    with GraphDatabase.driver(bolt_uri, auth=auth) as drv:
        yield drv


@pytest.fixture
def label() -> str:
    """A node label no other test uses."""
    return f"T{uuid.uuid4().hex[:16]}"


@pytest.fixture
def neo4j_driver(
    neo4j_server: Neo4jServer,
) -> t.Iterator[Driver]:
    """A driver on the shared Neo4j server, closed after the test."""
    with GraphDatabase.driver(neo4j_server.uri, auth=neo4j_server.auth) as drv:
        yield drv
