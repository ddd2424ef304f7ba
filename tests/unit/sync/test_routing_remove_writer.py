# This file is generated from tests/unit/async_/test_routing_remove_writer.py by bin/make-unasync; do not edit.
# make-unasync digest: 7e61f8851c8c40a37c838314a23c1a12d1a6a5c36783117eeda32d82a934e583
"""The routing pool forgets a writer that lost its leadership, and
nothing else."""

from __future__ import annotations

import logging

import pytest

from neo4j._addressing import Address
from neo4j._sync.driver import GraphDatabase
from neo4j._sync.io._routing import Neo4jPool
from neo4j._shared.routing_table import RoutingTable


def _a(name: str) -> Address:
    return Address((name, 7687))


def _table(database: str | None) -> RoutingTable:
    return RoutingTable(
        database=database,
        routers=[_a("r1"), _a("w1")],
        readers=[_a("r1"), _a("w1")],
        writers=[_a("w1"), _a("w2")],
        ttl=300,
    )


def test_remove_writer_only_touches_one_role_of_one_table(
    caplog: pytest.LogCaptureFixture,
) -> None:
    driver = GraphDatabase.driver("neo4j://127.0.0.1:9", auth=None)
    try:
        pool = driver._pool
        assert isinstance(pool, Neo4jPool)
        pool.routing_tables["a"] = _table("a")
        pool.routing_tables["b"] = _table("b")
        pool.routing_tables[None] = _table(None)
        with caplog.at_level(logging.DEBUG, logger="neo4j.pool"):
            pool.remove_writer(_a("w1"), "a")
        table = pool.routing_tables["a"]
        assert table.writers == [_a("w2")]
        assert table.readers == [_a("r1"), _a("w1")]
        assert table.routers == [_a("r1"), _a("w1")]
        for other in ("b", None):
            assert pool.routing_tables[other].writers == [_a("w1"), _a("w2")]
        assert any("w1" in r.getMessage() for r in caplog.records)

        # nothing to forget: no error, no change, no log line
        caplog.clear()
        with caplog.at_level(logging.DEBUG, logger="neo4j.pool"):
            pool.remove_writer(_a("w1"), "a")
            pool.remove_writer(_a("w1"), "no such database")
        assert table.writers == [_a("w2")]
        assert "no such database" not in pool.routing_tables
        assert caplog.records == []

        pool.remove_writer(_a("w1"), None)
        assert pool.routing_tables[None].writers == [_a("w2")]
    finally:
        driver.close()
