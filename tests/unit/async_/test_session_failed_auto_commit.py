# ruff: noqa: SIM117 (nested driver/session blocks read better)
"""A failed auto-commit result is dropped by its session, which stays
usable (transactions, bookmarks)."""

from __future__ import annotations

import typing as t

import pytest

from neo4j._async.driver import AsyncDriver, AsyncGraphDatabase
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


def driver_for(server: FakeBoltServer, **config: t.Any) -> AsyncDriver:
    return AsyncGraphDatabase.driver(server.uri, auth=AUTH, **config)


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


async def test_failed_auto_commit_does_not_poison_the_session() -> None:
    with FakeBoltServer(_first_run_fails()) as server:
        async with driver_for(server) as driver:
            async with driver.session() as session:
                with pytest.raises(TokenExpired):
                    await session.run("x")
                tx = await session.begin_transaction()
                result = await tx.run("y")
                assert await result.value() == ["y"]
                await tx.commit()
                result = await session.run("z")
                assert await result.value() == ["z"]
                bookmarks = await session.last_bookmarks()
    assert len(bookmarks.raw_values) == 1
    names = [n for conn in server.requests() for n in conn]
    assert names.count("BEGIN") == 1
    assert names.count("COMMIT") == 1


async def test_failed_auto_commit_then_last_bookmarks() -> None:
    with FakeBoltServer(_first_run_fails()) as server:
        async with driver_for(server) as driver:
            async with driver.session() as session:
                with pytest.raises(TokenExpired):
                    await session.run("x")
                bookmarks = await session.last_bookmarks()
                assert bookmarks.raw_values == frozenset()
                result = await session.run("z")
                assert await result.value() == ["z"]
