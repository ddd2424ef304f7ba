# This file is generated from tests/unit/async_/test_session_telemetry_retry.py by bin/make-unasync; do not edit.
# make-unasync digest: 13572c45f8fd358e6f5d522b2459a3c3c4288aa07b772f88ab1ede93e5afff16
# ruff: noqa: SIM117 (nested driver/session blocks read better)
"""TELEMETRY across retries: sent again only when the server never
answered it."""

from __future__ import annotations

import typing as t

import pytest

from neo4j._sync.driver import Driver, GraphDatabase
from neo4j._async_compat import Util

from .fake_bolt import (
    FAILURE,
    SUCCESS,
    FakeBoltServer,
    FakeConnection,
    Reply,
    default_handler,
)


AUTH = ("neo4j", "pass")


def driver_for(server: FakeBoltServer, **config: t.Any) -> Driver:
    return GraphDatabase.driver(server.uri, auth=AUTH, **config)


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


def test_unanswered_telemetry_is_sent_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_sleep(seconds: float) -> None:
        pass

    monkeypatch.setattr(Util, "sleep", no_sleep)
    handler, calls = _telemetry_server(
        lambda n: ["close"] if n == 1 else None, lambda n: None
    )
    with FakeBoltServer(handler) as server:
        with driver_for(server) as driver:
            records, _, _ = driver.execute_query("q")
    assert [r[0] for r in records] == ["q"]
    assert calls.count("TELEMETRY") == 2


def test_answered_telemetry_is_not_sent_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_sleep(seconds: float) -> None:
        pass

    monkeypatch.setattr(Util, "sleep", no_sleep)
    transient = (
        FAILURE,
        {"code": "Neo.TransientError.General.Busy", "message": "busy"},
    )
    handler, calls = _telemetry_server(
        lambda n: None, lambda n: [transient] if n == 1 else None
    )

    def work(tx: t.Any) -> list[t.Any]:
        return t.cast("list[t.Any]", (tx.run("w")).value())

    with FakeBoltServer(handler) as server:
        with driver_for(server) as driver:
            with driver.session() as session:
                assert session.execute_write(work) == ["w"]
    assert calls.count("BEGIN") == 2
    assert calls.count("TELEMETRY") == 1
