# ruff: noqa: SIM117 (nested driver/session blocks read better)
"""TELEMETRY across retries: sent again only when the server never
answered it."""

from __future__ import annotations

import typing as t

import pytest

from neo4j._async.driver import AsyncDriver, AsyncGraphDatabase
from neo4j._async_compat import AsyncUtil

from .fake_bolt import (
    FAILURE,
    SUCCESS,
    FakeBoltServer,
    FakeConnection,
    Reply,
    default_handler,
)


AUTH = ("neo4j", "pass")


def driver_for(server: FakeBoltServer, **config: t.Any) -> AsyncDriver:
    return AsyncGraphDatabase.driver(server.uri, auth=AUTH, **config)


# -- S15: TELEMETRY counts as sent once the server answered it ----------


def _telemetry_server(
    on_telemetry: t.Callable[[int], list[Reply] | None],
    on_begin: t.Callable[[int], list[Reply] | None],
) -> tuple[t.Any, list[str]]:
    calls: list[str] = []
    counts = {"TELEMETRY": 0, "BEGIN": 0}

    def handler(
        conn: FakeConnection, name: str, fields: list[t.Any]
    ) -> list[Reply]:
        calls.append(name)
        if name == "HELLO":
            return [
                (
                    SUCCESS,
                    {
                        "server": "Fake/1.0",
                        "connection_id": f"c{conn.number}",
                        "hints": {"telemetry.enabled": True},
                    },
                )
            ]
        if name in counts and not conn.failed:
            counts[name] += 1
            hook = on_telemetry if name == "TELEMETRY" else on_begin
            replies = hook(counts[name])
            if replies is not None:
                return replies
        return default_handler(conn, name, fields)

    return handler, calls


async def test_unanswered_telemetry_is_sent_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def no_sleep(seconds: float) -> None:
        pass

    monkeypatch.setattr(AsyncUtil, "sleep", no_sleep)
    handler, calls = _telemetry_server(
        lambda n: ["close"] if n == 1 else None, lambda n: None
    )
    with FakeBoltServer(handler) as server:
        async with driver_for(server) as driver:
            records, _, _ = await driver.execute_query("q")
    assert [r[0] for r in records] == ["q"]
    assert calls.count("TELEMETRY") == 2


async def test_answered_telemetry_is_not_sent_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def no_sleep(seconds: float) -> None:
        pass

    monkeypatch.setattr(AsyncUtil, "sleep", no_sleep)
    transient = (
        FAILURE,
        {"code": "Neo.TransientError.General.Busy", "message": "busy"},
    )
    handler, calls = _telemetry_server(
        lambda n: None, lambda n: [transient] if n == 1 else None
    )

    async def work(tx: t.Any) -> list[t.Any]:
        return t.cast("list[t.Any]", await (await tx.run("w")).value())

    with FakeBoltServer(handler) as server:
        async with driver_for(server) as driver:
            async with driver.session() as session:
                assert await session.execute_write(work) == ["w"]
    assert calls.count("BEGIN") == 2
    assert calls.count("TELEMETRY") == 1
