# This file is generated from tests/unit/async_/test_session_failed_auto_commit.py by bin/make-unasync; do not edit.
# make-unasync digest: 6ccd01bd639902a19353f1fedf4d95e9982533fab6bcd65d55340066509ac383
# ruff: noqa: SIM117 (nested driver/session blocks read better)
"""A failed auto-commit result is dropped by its session, which stays
usable (transactions, bookmarks)."""

from __future__ import annotations

import typing as t

import pytest

from neo4j._sync.driver import Driver, GraphDatabase
from neo4j.exceptions import (
    TokenExpired,
)

from .fake_bolt import (
    FAILURE,
    FakeBoltServer,
    FakeConnection,
    Reply,
    default_handler,
)


AUTH = ("neo4j", "pass")


def driver_for(server: FakeBoltServer, **config: t.Any) -> Driver:
    return GraphDatabase.driver(server.uri, auth=AUTH, **config)


# -- S14: a failed auto-commit result is dropped by the session ----------


def _first_run_fails() -> t.Callable[
    [FakeConnection, str, list[t.Any]], list[Reply]
]:
    runs = []

    def handler(
        conn: FakeConnection, name: str, fields: list[t.Any]
    ) -> list[Reply]:
        if name == "RUN" and not conn.failed:
            runs.append(1)
            if len(runs) == 1:
                return [
                    (
                        FAILURE,
                        {
                            "code": "Neo.ClientError.Security.TokenExpired",
                            "message": "expired",
                        },
                    )
                ]
        return default_handler(conn, name, fields)

    return handler


def test_failed_auto_commit_does_not_poison_the_session() -> None:
    with FakeBoltServer(_first_run_fails()) as server:
        with driver_for(server) as driver:
            with driver.session() as session:
                with pytest.raises(TokenExpired):
                    session.run("x")
                tx = session.begin_transaction()
                result = tx.run("y")
                assert result.value() == ["y"]
                tx.commit()
                result = session.run("z")
                assert result.value() == ["z"]
                bookmarks = session.last_bookmarks()
    assert len(bookmarks.raw_values) == 1
    names = [n for conn in server.requests() for n in conn]
    assert names.count("BEGIN") == 1
    assert names.count("COMMIT") == 1


def test_failed_auto_commit_then_last_bookmarks() -> None:
    with FakeBoltServer(_first_run_fails()) as server:
        with driver_for(server) as driver:
            with driver.session() as session:
                with pytest.raises(TokenExpired):
                    session.run("x")
                bookmarks = session.last_bookmarks()
                assert bookmarks.raw_values == frozenset()
                result = session.run("z")
                assert result.value() == ["z"]
