"""Public and internal enums."""

from __future__ import annotations

import enum
import typing as t

import pytest

from neo4j._api import (
    NotificationCategory,
    NotificationClassification,
    NotificationDisabledCategory,
    NotificationDisabledClassification,
    NotificationMinimumSeverity,
    NotificationSeverity,
    RoutingControl,
    TelemetryAPI,
)


CATEGORIES = [
    "HINT",
    "UNRECOGNIZED",
    "UNSUPPORTED",
    "PERFORMANCE",
    "DEPRECATION",
    "GENERIC",
    "SECURITY",
    "TOPOLOGY",
    "SCHEMA",
]


@pytest.mark.parametrize(
    ("cls", "members"),
    [
        (NotificationMinimumSeverity, ["OFF", "WARNING", "INFORMATION"]),
        (NotificationSeverity, ["WARNING", "INFORMATION", "UNKNOWN"]),
        (NotificationDisabledCategory, CATEGORIES),
        (NotificationDisabledClassification, CATEGORIES),
        (NotificationCategory, [*CATEGORIES, "UNKNOWN"]),
        (NotificationClassification, [*CATEGORIES, "UNKNOWN"]),
    ],
)
def test_str_enums(cls: type[enum.Enum], members: list[str]) -> None:
    assert [m.name for m in cls] == members
    assert [m.value for m in cls] == members
    assert cls.__mro__[1:] == (str, enum.Enum, object)
    for name in members:
        assert t.cast(object, cls[name]) == name
        assert cls(name) is cls[name]


def test_routing_control() -> None:
    assert [(m.name, m.value) for m in RoutingControl] == [
        ("READ", "r"),
        ("WRITE", "w"),
    ]
    assert t.cast(object, RoutingControl.READ) == "r"
    assert RoutingControl("w") is RoutingControl.WRITE
    assert isinstance(RoutingControl.READ, str)


def test_telemetry_api() -> None:
    assert [(m.name, m.value) for m in TelemetryAPI] == [
        ("TX_FUNC", 0),
        ("TX", 1),
        ("AUTO_COMMIT", 2),
        ("DRIVER", 3),
    ]
    assert t.cast(object, TelemetryAPI.DRIVER) == 3
    assert isinstance(TelemetryAPI.TX, int)
