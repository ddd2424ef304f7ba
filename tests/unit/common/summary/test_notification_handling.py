"""handle_notifications: log levels on neo4j.notifications and warnings."""

from __future__ import annotations

import logging
import typing as t
import warnings

import pytest

from neo4j._api import NotificationMinimumSeverity
from neo4j._work.summary import (
    ResultSummary,
    WarningOrigin,
    capture_warning_origin,
    handle_notifications,
)
from neo4j.addressing import Address
from neo4j.api import ServerInfo
from neo4j.warnings import (
    Neo4jDeprecationWarning,
    Neo4jWarning,
)


ADDRESS = Address(("localhost", 7687))
QUERY = "MATCH (n:Nope) RETURN n"
LOGGER = "neo4j.notifications"


def status(
    gql_status: str,
    severity: str | None,
    classification: str = "GENERIC",
    code: str = "Neo.ClientNotification.Statement.Generic",
) -> dict[str, t.Any]:
    record: dict[str, t.Any] = {"_classification": classification}
    if severity is not None:
        record["_severity"] = severity
    return {
        "gql_status": gql_status,
        "status_description": f"desc {gql_status}",
        "neo4j_code": code,
        "diagnostic_record": record,
    }


SUCCESS = {"gql_status": "00000", "status_description": "ok"}


def make_summary(**metadata: t.Any) -> ResultSummary:
    server = ServerInfo(ADDRESS, (5, 6))
    return ResultSummary(
        ADDRESS, True, True, {"server": server, "query": QUERY, **metadata}
    )


def records(caplog: pytest.LogCaptureFixture) -> list[tuple[int, str]]:
    return [
        (r.levelno, r.getMessage()) for r in caplog.records if r.name == LOGGER
    ]


def test_log_levels_follow_severity(
    caplog: pytest.LogCaptureFixture,
) -> None:
    summary = make_summary(
        statuses=[
            SUCCESS,
            status("01N01", "WARNING"),
            status("03N01", "INFORMATION"),
            status("03N02", "WHATEVER"),
            status("03N03", None),
        ]
    )
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    handle_notifications(summary, None)
    got = records(caplog)
    assert [level for level, _ in got] == [
        logging.WARNING,
        logging.INFO,
        logging.DEBUG,
        logging.DEBUG,
    ]
    first = summary.gql_status_objects[1]
    assert got[0][1] == (
        f"Received notification from DBMS server: {first!r} "
        f"for query: {QUERY!r}"
    )


def test_no_query_logs_status_only(caplog: pytest.LogCaptureFixture) -> None:
    server = ServerInfo(ADDRESS, (5, 6))
    summary = ResultSummary(
        ADDRESS,
        True,
        True,
        {"server": server, "statuses": [status("01N01", "WARNING")]},
    )
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    handle_notifications(summary, None)
    (only,) = summary.gql_status_objects
    assert records(caplog) == [
        (
            logging.WARNING,
            f"Received notification from DBMS server: {only!r}",
        )
    ]


def test_polyfilled_notifications_are_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    server = ServerInfo(ADDRESS, (5, 0))
    summary = ResultSummary(
        ADDRESS,
        True,
        False,
        {
            "server": server,
            "notifications": [
                {"code": "a", "severity": "INFORMATION"},
                {"code": "b", "severity": "WARNING"},
            ],
        },
    )
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    handle_notifications(summary, None)
    # sorted as the statuses: warning first, no-data status not logged
    assert [level for level, _ in records(caplog)] == [
        logging.WARNING,
        logging.INFO,
    ]


def test_non_notification_statuses_are_silent(
    caplog: pytest.LogCaptureFixture,
) -> None:
    summary = make_summary(statuses=[SUCCESS, status("03N01", "X", code="")])
    caplog.set_level(logging.DEBUG, logger=LOGGER)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        handle_notifications(summary, NotificationMinimumSeverity.INFORMATION)
    assert records(caplog) == []


def test_nothing_to_do_builds_no_statuses() -> None:
    summary = make_summary(statuses=[SUCCESS])
    handle_notifications(summary, NotificationMinimumSeverity.INFORMATION)
    assert summary._gql_objs is None


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        (None, []),
        (NotificationMinimumSeverity.OFF, []),
        ("OFF", []),
        (NotificationMinimumSeverity.WARNING, ["01N01"]),
        ("WARNING", ["01N01"]),
        (NotificationMinimumSeverity.INFORMATION, ["01N01", "03N01"]),
        ("INFORMATION", ["01N01", "03N01"]),
    ],
)
def test_warn_notification_severity(
    setting: t.Any, expected: list[str]
) -> None:
    summary = make_summary(
        statuses=[
            SUCCESS,
            status("01N01", "WARNING"),
            status("03N01", "INFORMATION"),
            status("03N02", "UNKNOWN_SEVERITY"),
        ]
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        handle_notifications(summary, setting)
    assert [type(w.message) for w in caught] == [Neo4jWarning] * len(expected)
    notes = [t.cast(Neo4jWarning, w.message).notification for w in caught]
    assert [n.gql_status for n in notes] == expected
    # without an origin, the caller of handle_notifications is blamed
    assert all(w.filename == __file__ for w in caught)


def test_deprecation_classification_warns_deprecation() -> None:
    summary = make_summary(
        statuses=[status("01N01", "WARNING", classification="DEPRECATION")]
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        handle_notifications(summary, "WARNING")
    (caught_warning,) = caught
    assert type(caught_warning.message) is Neo4jDeprecationWarning
    assert isinstance(caught_warning.message, DeprecationWarning)


def _create_origin() -> WarningOrigin | None:
    return capture_warning_origin()


def test_capture_warning_origin_finds_caller() -> None:
    origin = _create_origin()
    assert origin is not None
    assert origin.filename == __file__
    assert origin.module_globals is globals()
    assert origin.lineno == _create_origin.__code__.co_firstlineno + 1


def test_warning_attributed_to_origin() -> None:
    summary = make_summary(statuses=[status("01N01", "WARNING")])
    origin = WarningOrigin("user_code.py", 42, {"__name__": "user_code"})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        handle_notifications(summary, "WARNING", origin)
    (caught_warning,) = caught
    assert caught_warning.filename == "user_code.py"
    assert caught_warning.lineno == 42
    message = str(caught_warning.message)
    # with an origin, the query is shown (multi-line form)
    note = summary.gql_status_objects[0]
    assert message == f"{note!r} for query:\n{QUERY}"
    assert "__warningregistry__" in origin.module_globals
