"""
Notifications <-> GQL statuses, both ways.

The expected values were produced by the official 6.x driver for the very
same metadata and are hard-coded here.
"""

from __future__ import annotations

import typing as t
import warnings

import pytest

from neo4j._work.summary import (
    GqlStatusObject,
    ResultSummary,
    SummaryNotification,
)
from neo4j.addressing import Address
from neo4j.api import ServerInfo


ADDRESS = Address(("localhost", 7687))

# as sent by servers before Bolt 5.6
OLD_NOTIFICATIONS: list[t.Any] = [
    {
        "code": "Neo.ClientNotification.Statement.CartesianProduct",
        "title": "cart",
        "description": "desc1",
        "severity": "INFORMATION",
        "category": "PERFORMANCE",
        "position": {"line": 1, "column": 2, "offset": 3},
    },
    {
        "code": "Neo.ClientNotification.Statement.FeatureDeprecationWarning",
        "title": "dep",
        "description": "",
        "severity": "WARNING",
        "category": "DEPRECATION",
    },
    {
        "code": "X",
        "severity": "FOO",
        "category": "BAR",
        "position": {"line": True, "column": 1, "offset": 1},
    },
    "notadict",
]

# as sent by servers from Bolt 5.6 on
NEW_STATUSES: list[t.Any] = [
    {
        "gql_status": "00000",
        "status_description": "note: successful completion",
        "diagnostic_record": {
            "OPERATION": "",
            "OPERATION_CODE": "0",
            "CURRENT_SCHEMA": "/",
        },
    },
    {
        "gql_status": "01N01",
        "status_description": "warn: deprecated",
        "neo4j_code": (
            "Neo.ClientNotification.Statement.FeatureDeprecationWarning"
        ),
        "title": "T",
        "description": "D",
        "diagnostic_record": {
            "_severity": "WARNING",
            "_classification": "DEPRECATION",
            "_position": {"line": 2, "column": 3, "offset": 4},
            "OPERATION": "",
        },
    },
    {"gql_status": "03N90", "neo4j_code": "N", "diagnostic_record": 5},
    {
        "gql_status": "03N91",
        "neo4j_code": "",
        "diagnostic_record": {"_severity": 7},
    },
    "junk",
]

DEFAULT_RECORD = {
    "CURRENT_SCHEMA": "/",
    "OPERATION": "",
    "OPERATION_CODE": "0",
}

# (gql_status, description, is_notification, position, raw_classification,
#  classification, raw_severity, severity, diagnostic_record)
_WARNING_STATUS = (
    "01N42",
    "warn: unknown warning",
    True,
    None,
    "DEPRECATION",
    "DEPRECATION",
    "WARNING",
    "WARNING",
    {
        **DEFAULT_RECORD,
        "_classification": "DEPRECATION",
        "_severity": "WARNING",
    },
)
_INFO_STATUSES = [
    (
        "03N42",
        "desc1",
        True,
        (1, 2, 3),
        "PERFORMANCE",
        "PERFORMANCE",
        "INFORMATION",
        "INFORMATION",
        {
            **DEFAULT_RECORD,
            "_classification": "PERFORMANCE",
            "_position": {"column": 2, "line": 1, "offset": 3},
            "_severity": "INFORMATION",
        },
    ),
    (
        "03N42",
        "info: unknown notification",
        True,
        None,
        "BAR",
        "UNKNOWN",
        "FOO",
        "UNKNOWN",
        {
            **DEFAULT_RECORD,
            "_classification": "BAR",
            "_position": {"column": 1, "line": True, "offset": 1},
            "_severity": "FOO",
        },
    ),
    (
        "03N42",
        "info: unknown notification",
        True,
        None,
        None,
        "UNKNOWN",
        None,
        "UNKNOWN",
        DEFAULT_RECORD,
    ),
]


def _result_status(code: str, description: str) -> tuple[t.Any, ...]:
    return (
        code,
        description,
        False,
        None,
        None,
        "UNKNOWN",
        None,
        "UNKNOWN",
        DEFAULT_RECORD,
    )


SUCCESS = _result_status("00000", "note: successful completion")
NO_DATA = _result_status("02000", "note: no data")
OMITTED = _result_status(
    "00001", "note: successful completion - omitted result"
)


def flatten(status: GqlStatusObject) -> tuple[t.Any, ...]:
    pos = status.position
    return (
        status.gql_status,
        status.status_description,
        status.is_notification,
        None if pos is None else (pos.line, pos.column, pos.offset),
        status.raw_classification,
        status.classification.value,
        status.raw_severity,
        status.severity.value,
        status.diagnostic_record,
    )


def flatten_notification(n: SummaryNotification) -> tuple[t.Any, ...]:
    pos = n.position
    return (
        n.title,
        n.code,
        n.description,
        n.severity_level.value,
        n.category.value,
        n.raw_severity_level,
        n.raw_category,
        None if pos is None else (pos.line, pos.column, pos.offset),
    )


def make_summary(
    had_key: bool, had_record: bool, version: tuple[int, int], **md: t.Any
) -> ResultSummary:
    server = ServerInfo(ADDRESS, version)
    return ResultSummary(
        ADDRESS, had_key, had_record, {"server": server, **md}
    )


def deprecated_get(summary: ResultSummary, name: str) -> t.Any:
    # the official wording, which warning filters match
    expected = (
        f"ResultSummary.{name} is deprecated, use "
        "ResultSummary.gql_status_objects instead."
    )
    with pytest.warns(DeprecationWarning) as caught:
        value = getattr(summary, name)
    assert [str(w.message) for w in caught] == [expected]
    return value


@pytest.mark.parametrize("version", [(4, 4), (5, 0), (5, 4)])
@pytest.mark.parametrize(
    ("had_key", "had_record", "expected"),
    [
        (True, True, [_WARNING_STATUS, SUCCESS, *_INFO_STATUSES]),
        (True, False, [NO_DATA, _WARNING_STATUS, *_INFO_STATUSES]),
        (False, False, [_WARNING_STATUS, OMITTED, *_INFO_STATUSES]),
        # records without keys cannot happen, success wins anyway
        (False, True, [_WARNING_STATUS, SUCCESS, *_INFO_STATUSES]),
    ],
)
def test_statuses_polyfilled_from_notifications(
    version: tuple[int, int],
    had_key: bool,
    had_record: bool,
    expected: list[tuple[t.Any, ...]],
) -> None:
    summary = make_summary(
        had_key, had_record, version, notifications=OLD_NOTIFICATIONS
    )
    assert [flatten(s) for s in summary.gql_status_objects] == expected


OLD_SUMMARY_NOTIFICATIONS = [
    (
        "cart",
        "Neo.ClientNotification.Statement.CartesianProduct",
        "desc1",
        "INFORMATION",
        "PERFORMANCE",
        "INFORMATION",
        "PERFORMANCE",
        (1, 2, 3),
    ),
    (
        "dep",
        "Neo.ClientNotification.Statement.FeatureDeprecationWarning",
        "",
        "WARNING",
        "DEPRECATION",
        "WARNING",
        "DEPRECATION",
        None,
    ),
    ("", "X", "", "UNKNOWN", "UNKNOWN", "FOO", "BAR", None),
    ("", "", "", "UNKNOWN", "UNKNOWN", "", "", None),
]


def test_old_server_notifications_are_passed_through() -> None:
    summary = make_summary(True, True, (5, 4), notifications=OLD_NOTIFICATIONS)
    assert deprecated_get(summary, "notifications") is OLD_NOTIFICATIONS
    parsed = deprecated_get(summary, "summary_notifications")
    assert isinstance(parsed, tuple)
    assert [flatten_notification(n) for n in parsed] == (
        OLD_SUMMARY_NOTIFICATIONS
    )


def test_new_server_statuses_are_passed_through() -> None:
    summary = make_summary(True, True, (5, 6), statuses=NEW_STATUSES)
    assert [flatten(s) for s in summary.gql_status_objects] == [
        SUCCESS,
        (
            "01N01",
            "warn: deprecated",
            True,
            (2, 3, 4),
            "DEPRECATION",
            "DEPRECATION",
            "WARNING",
            "WARNING",
            {
                "OPERATION": "",
                "_classification": "DEPRECATION",
                "_position": {"column": 3, "line": 2, "offset": 4},
                "_severity": "WARNING",
            },
        ),
        ("03N90", "", True, None, None, "UNKNOWN", None, "UNKNOWN", {}),
        (
            "03N91",
            "",
            False,
            None,
            None,
            "UNKNOWN",
            None,
            "UNKNOWN",
            {"_severity": 7},
        ),
        ("", "", False, None, None, "UNKNOWN", None, "UNKNOWN", {}),
    ]


def test_notifications_polyfilled_from_statuses() -> None:
    summary = make_summary(True, True, (5, 6), statuses=NEW_STATUSES)
    assert deprecated_get(summary, "notifications") == [
        {
            "category": "DEPRECATION",
            "code": (
                "Neo.ClientNotification.Statement.FeatureDeprecationWarning"
            ),
            "description": "D",
            "position": {"column": 3, "line": 2, "offset": 4},
            "severity": "WARNING",
            "title": "T",
        },
        {"code": "N"},
        {"code": "", "severity": 7},
    ]
    parsed = deprecated_get(summary, "summary_notifications")
    assert [flatten_notification(n) for n in parsed] == [
        (
            "T",
            "Neo.ClientNotification.Statement.FeatureDeprecationWarning",
            "D",
            "WARNING",
            "DEPRECATION",
            "WARNING",
            "DEPRECATION",
            (2, 3, 4),
        ),
        ("", "N", "", "UNKNOWN", "UNKNOWN", "", "", None),
        ("", "", "", "UNKNOWN", "UNKNOWN", "", "", None),
    ]


def test_statuses_without_notifications() -> None:
    summary = make_summary(True, True, (5, 6), statuses=NEW_STATUSES[:1])
    assert deprecated_get(summary, "notifications") is None
    assert deprecated_get(summary, "summary_notifications") == ()
    assert [flatten(s) for s in summary.gql_status_objects] == [SUCCESS]


def test_empty_status_list_is_not_polyfilled() -> None:
    summary = make_summary(True, True, (5, 6), statuses=[])
    assert summary.gql_status_objects == ()
    assert deprecated_get(summary, "notifications") is None


@pytest.mark.parametrize(
    "metadata",
    [{}, {"notifications": "x"}, {"statuses": "x"}, {"notifications": None}],
)
def test_nothing_usable(metadata: dict[str, t.Any]) -> None:
    summary = make_summary(True, False, (5, 6), **metadata)
    assert deprecated_get(summary, "notifications") is None
    assert deprecated_get(summary, "summary_notifications") == ()
    assert [flatten(s) for s in summary.gql_status_objects] == [NO_DATA]


def test_statuses_win_over_notifications() -> None:
    summary = make_summary(
        True,
        True,
        (5, 6),
        statuses=NEW_STATUSES[:2],
        notifications=OLD_NOTIFICATIONS[:1],
    )
    assert [s.gql_status for s in summary.gql_status_objects] == [
        "00000",
        "01N01",
    ]
    assert deprecated_get(summary, "notifications") == OLD_NOTIFICATIONS[:1]


def test_polyfill_ordering_is_stable() -> None:
    notifications = [
        {"severity": "INFORMATION", "description": "i1"},
        {"severity": "WARNING", "description": "w1"},
        {"severity": "INFORMATION", "description": "i2"},
        {"severity": "WARNING", "description": "w2"},
    ]
    summary = make_summary(True, False, (5, 0), notifications=notifications)
    assert [
        (s.gql_status, s.status_description)
        for s in summary.gql_status_objects
    ] == [
        ("02000", "note: no data"),
        ("01N42", "w1"),
        ("01N42", "w2"),
        ("03N42", "i1"),
        ("03N42", "i2"),
    ]


def test_status_objects_are_cached() -> None:
    summary = make_summary(True, True, (5, 0), notifications=OLD_NOTIFICATIONS)
    assert summary.gql_status_objects is summary.gql_status_objects


def test_notifications_setter() -> None:
    summary = make_summary(True, True, (5, 0), notifications=OLD_NOTIFICATIONS)
    with pytest.warns(DeprecationWarning):
        summary.notifications = [{"code": "Y", "severity": "WARNING"}]
    assert deprecated_get(summary, "notifications") == [
        {"code": "Y", "severity": "WARNING"}
    ]
    parsed = deprecated_get(summary, "summary_notifications")
    assert [n.code for n in parsed] == ["Y"]


def test_gql_status_objects_do_not_warn() -> None:
    summary = make_summary(True, True, (5, 0), notifications=OLD_NOTIFICATIONS)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(summary.gql_status_objects) == 5
