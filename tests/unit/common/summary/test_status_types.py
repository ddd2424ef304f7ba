"""GqlStatusObject, SummaryNotification and SummaryInputPosition."""

from __future__ import annotations

import typing as t

import pytest

from neo4j._api import (
    NotificationCategory,
    NotificationClassification,
    NotificationSeverity,
)
from neo4j._work.summary import (
    GqlStatusObject,
    SummaryInputPosition,
    SummaryNotification,
)


def test_position_value_semantics() -> None:
    pos = SummaryInputPosition(line=2, column=3, offset=10)
    assert pos == SummaryInputPosition(2, 3, 10)
    assert pos != SummaryInputPosition(2, 3, 11)
    assert str(pos) == "line: 2, column: 3, offset: 10"
    assert repr(pos) == "<SummaryInputPosition line=2, column=3, offset=10>"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"line": 1, "column": 2, "offset": 3}, (1, 2, 3)),
        ({"line": 1, "column": 2, "offset": 3, "x": 9}, (1, 2, 3)),
        ({"line": 1, "column": 2}, None),
        ({"line": 1.0, "column": 2, "offset": 3}, None),
        ({"line": 1, "column": False, "offset": 3}, None),
        ({"line": "1", "column": 2, "offset": 3}, None),
        ([1, 2, 3], None),
        (None, None),
    ],
)
def test_position_parsing(raw: object, expected: t.Any) -> None:
    pos = SummaryInputPosition._parse_meta(raw)
    if expected is None:
        assert pos is None
    else:
        assert pos is not None
        assert (pos.line, pos.column, pos.offset) == expected


def test_summary_notification_defaults_and_str() -> None:
    n = SummaryNotification()
    assert n == SummaryNotification(
        "",
        "",
        "",
        NotificationSeverity.UNKNOWN,
        NotificationCategory.UNKNOWN,
        "",
        "",
        None,
    )
    full = SummaryNotification._parse_meta(
        {
            "title": "t",
            "code": "c",
            "description": "d",
            "severity": "WARNING",
            "category": "HINT",
            "position": {"line": 1, "column": 5, "offset": 4},
        }
    )
    assert full.severity_level is NotificationSeverity.WARNING
    assert full.category is NotificationCategory.HINT
    assert str(full) == (
        "{severity: WARNING} {code: c} {category: HINT} {title: t} "
        "{description: d} {position: line: 1, column: 5, offset: 4}"
    )


def test_summary_notification_ignores_non_strings() -> None:
    n = SummaryNotification._parse_meta(
        {"title": 1, "code": None, "severity": 3, "category": ["HINT"]}
    )
    assert n == SummaryNotification()


@pytest.mark.parametrize(
    "category",
    [
        "HINT",
        "UNRECOGNIZED",
        "UNSUPPORTED",
        "PERFORMANCE",
        "DEPRECATION",
        "GENERIC",
        "SECURITY",
        "TOPOLOGY",
        "SCHEMA",
    ],
)
def test_all_classifications(category: str) -> None:
    status = GqlStatusObject._parse_status_meta(
        {
            "gql_status": "03N00",
            "neo4j_code": "x",
            "diagnostic_record": {
                "_classification": category,
                "_severity": "INFORMATION",
            },
        }
    )
    assert status.classification is NotificationClassification(category)
    assert status.severity is NotificationSeverity.INFORMATION
    n = SummaryNotification._parse_meta({"category": category})
    assert n.category is NotificationCategory(category)


def test_unknown_classification_and_severity() -> None:
    status = GqlStatusObject._parse_status_meta(
        {
            "gql_status": "03N00",
            "diagnostic_record": {
                "_classification": "NEW_THING",
                "_severity": "CRITICAL",
            },
        }
    )
    assert status.raw_classification == "NEW_THING"
    assert status.classification is NotificationClassification.UNKNOWN
    assert status.raw_severity == "CRITICAL"
    assert status.severity is NotificationSeverity.UNKNOWN
    assert status.is_notification is False


def test_status_repr_and_str() -> None:
    status = GqlStatusObject._parse_status_meta(
        {
            "gql_status": "01N50",
            "status_description": "warn: label does not exist",
            "neo4j_code": "Neo.ClientNotification.Statement.UnknownLabel",
            "diagnostic_record": {
                "_classification": "UNRECOGNIZED",
                "_severity": "WARNING",
                "_position": {"line": 1, "column": 10, "offset": 9},
            },
        }
    )
    assert str(status) == "warn: label does not exist"
    assert repr(status) == (
        "<GqlStatusObject gql_status='01N50', "
        "status_description='warn: label does not exist', "
        "position=<SummaryInputPosition line=1, column=10, offset=9>, "
        "raw_classification='UNRECOGNIZED', "
        "classification=<NotificationClassification.UNRECOGNIZED: "
        "'UNRECOGNIZED'>, "
        "raw_severity='WARNING', "
        "severity=<NotificationSeverity.WARNING: 'WARNING'>, "
        "diagnostic_record={'_classification': 'UNRECOGNIZED', "
        "'_severity': 'WARNING', "
        "'_position': {'line': 1, 'column': 10, 'offset': 9}}>"
    )


def test_diagnostic_record_is_a_copy() -> None:
    record = {"OPERATION": "", "_position": {"line": 1}}
    status = GqlStatusObject._parse_status_meta(
        {"gql_status": "00000", "diagnostic_record": record}
    )
    copied = status.diagnostic_record
    assert copied == record
    assert copied is not record
    assert copied["_position"] is not record["_position"]


def test_status_from_non_dict() -> None:
    status = GqlStatusObject._parse_status_meta(None)
    assert status.gql_status == ""
    assert status.status_description == ""
    assert status.is_notification is False
    assert status.position is None
    assert status.diagnostic_record == {}


@pytest.mark.parametrize(
    ("code", "expected"), [("Neo.X", True), ("", False), (None, False)]
)
def test_is_notification_from_neo4j_code(
    code: str | None, expected: bool
) -> None:
    status = GqlStatusObject._parse_status_meta(
        {"gql_status": "03N00", "neo4j_code": code}
    )
    assert status.is_notification is expected
