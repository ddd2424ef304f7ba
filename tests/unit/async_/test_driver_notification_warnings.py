# ruff: noqa: SIM117 (nested driver/session blocks read better)
"""``warn_notification_severity``: its defaults (development mode or not),
its validation, and server notifications turned into Python warnings."""

from __future__ import annotations

import typing as t
import warnings

import pytest

import neo4j._debug
from neo4j._api import NotificationMinimumSeverity
from neo4j._async.driver import AsyncDriver, AsyncGraphDatabase

from .fake_bolt import (
    SUCCESS,
    FakeBoltServer,
    FakeConnection,
    Reply,
    default_handler,
)


AUTH = ("neo4j", "pass")


def driver_for(server: FakeBoltServer, **config: t.Any) -> AsyncDriver:
    return AsyncGraphDatabase.driver(server.uri, auth=AUTH, **config)


# -- B2: warn_notification_severity defaults and validation --------------


def _warn_severity(driver: AsyncDriver) -> t.Any:
    return driver._session_defaults.warn_notification_severity


@pytest.mark.parametrize(
    ("dev_mode", "value", "expected"),
    [
        (False, None, None),
        (True, None, NotificationMinimumSeverity.INFORMATION),
        (False, "OFF", None),
        (True, "OFF", None),
        (True, NotificationMinimumSeverity.OFF, None),
        (False, "WARNING", "WARNING"),
        (False, NotificationMinimumSeverity.WARNING, "WARNING"),
        (True, NotificationMinimumSeverity.INFORMATION, "INFORMATION"),
    ],
)
async def test_warn_notification_severity_driver_level(
    monkeypatch: pytest.MonkeyPatch,
    dev_mode: bool,
    value: t.Any,
    expected: t.Any,
) -> None:
    monkeypatch.setattr(neo4j._debug, "ENABLED", dev_mode)
    driver = AsyncGraphDatabase.driver(
        "bolt://localhost:7687", warn_notification_severity=value
    )
    try:
        assert _warn_severity(driver) == expected
        if expected is None:
            assert _warn_severity(driver) is None
    finally:
        await driver.close()


@pytest.mark.parametrize("value", ["bogus", 3, "warning"])
async def test_warn_notification_severity_invalid(value: t.Any) -> None:
    with pytest.raises(ValueError) as info:
        AsyncGraphDatabase.driver(
            "bolt://localhost:7687", warn_notification_severity=value
        )
    assert str(info.value) == (
        "Invalid value for configuration warn_notification_severity: "
        f"{value}. Should be None, a NotificationMinimumSeverity, or a "
        "string representing a NotificationMinimumSeverity."
    )


async def test_warn_notification_severity_ignored_per_session(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(neo4j._debug, "ENABLED", False)
    driver = AsyncGraphDatabase.driver(
        "bolt://localhost:7687", warn_notification_severity="WARNING"
    )
    try:
        session = driver.session(warn_notification_severity="bogus")
        assert session._config.warn_notification_severity == "WARNING"
        await session.close()
    finally:
        await driver.close()


def _notifying_handler(
    conn: FakeConnection, name: str, fields: list[t.Any]
) -> list[Reply]:
    if name == "PULL":
        default_handler(conn, name, fields)
        return [
            (
                SUCCESS,
                {
                    "type": "r",
                    "notifications": [
                        {
                            "code": "Neo.ClientNotification.Statement.X",
                            "title": "a title",
                            "description": "a description",
                            "severity": "INFORMATION",
                            "category": "GENERIC",
                        }
                    ],
                },
            )
        ]
    return default_handler(conn, name, fields)


async def test_dev_mode_warns_on_information_notifications(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(neo4j._debug, "ENABLED", True)
    with FakeBoltServer(_notifying_handler) as server:
        async with driver_for(server) as driver:
            async with driver.session() as session:
                with pytest.warns(Warning, match="a description"):
                    result = await session.run("RETURN 1")
                    await result.consume()


async def test_no_warning_by_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(neo4j._debug, "ENABLED", False)
    with FakeBoltServer(_notifying_handler) as server:
        async with driver_for(server) as driver:
            async with driver.session() as session:
                with warnings.catch_warnings():
                    warnings.simplefilter("error")
                    result = await session.run("RETURN 1")
                    await result.consume()
