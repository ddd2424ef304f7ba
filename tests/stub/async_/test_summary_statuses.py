"""Result summaries: GQL statuses, notifications, counters, database.

``tests/stub/sync/test_summary_statuses.py`` is generated from this file.
From Bolt 5.6 on the server reports ``statuses`` (GQL status objects) and
the driver polyfills the deprecated ``notifications`` from them; before,
it reports ``notifications`` and the driver polyfills
``gql_status_objects`` (adding the success / no data / omitted result
status and ordering them).
"""

from __future__ import annotations

import typing as t

import pytest

from neo4j import (
    NotificationClassification,
    NotificationSeverity,
    SummaryInputPosition,
)
from neo4j._api import NotificationCategory  # public alias is deprecated
from neo4j._async.driver import AsyncDriver
from neo4j._work.summary import ResultSummary
from tests.stub.server import StubServers, pack_message


MakeDriver = t.Callable[..., AsyncDriver]

DEFAULT_DIAGNOSTIC_RECORD = {
    "OPERATION": "",
    "OPERATION_CODE": "0",
    "CURRENT_SCHEMA": "/",
}


def _one_line(text: str) -> str:
    """A multi-line JSON constant folded onto one script line."""
    return " ".join(text.split())


def _header(version: str) -> str:
    manifest = "!: MANIFEST\n" if version.startswith("6") else ""
    return (
        f"!: BOLT {version}\n{manifest}"
        "!: AUTO HELLO\n!: AUTO LOGON\n!: AUTO GOODBYE\n!: AUTO RESET\n"
    )


async def _summary(
    stub_server: StubServers,
    make_driver: MakeDriver,
    version: str,
    pull_success: str,
    *,
    fields: str = '["x"]',
    records: str = "   RECORD [1]\n",
    run_success_extra: str = "",
) -> ResultSummary:
    server = stub_server.start(
        _header(version) + 'C: RUN "Q" {} {"db": "neo4j"}\n'
        'C: PULL {"n": 1000}\n'
        f'S: SUCCESS {{"fields": {fields}{run_success_extra}}}\n'
        + records
        + f"   SUCCESS {_one_line(pull_success)}\n"
    )
    driver = make_driver(server)
    async with driver.session(database="neo4j") as session:
        result = await session.run("Q")
        summary = await result.consume()
    await driver.close()
    await server.async_done()
    return summary


WARNING_STATUS = """{
  "gql_status": "01N50",
  "status_description": "warn: label does not exist. `Q`",
  "neo4j_code": "Neo.ClientNotification.Statement.UnknownLabelWarning",
  "title": "The provided label is not in the database.",
  "diagnostic_record": {"_severity": "WARNING",
    "_classification": "UNRECOGNIZED",
    "_position": {"offset": 9, "line": 1, "column": 10},
    "OPERATION": "op"}
}"""
SUCCESS_STATUS = """{
  "gql_status": "00000",
  "status_description": "note: successful completion",
  "diagnostic_record": {"OPERATION": "", "OPERATION_CODE": "0",
    "CURRENT_SCHEMA": "/"}
}"""
INFO_STATUS = """{
  "gql_status": "03N51",
  "status_description": "info: subquery variable shadowing",
  "neo4j_code": "Neo.ClientNotification.Statement.SubqueryVariableShadowing",
  "title": "Variable shadowing",
  "diagnostic_record": {"_severity": "INFORMATION",
    "_classification": "GENERIC"}
}"""


# ---------------------------------------------------------------------------
# statuses (5.6+)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["5.6", "5.8", "6.0"])
async def test_statuses_become_gql_status_objects_in_server_order(
    stub_server: StubServers, make_driver: MakeDriver, version: str
) -> None:
    summary = await _summary(
        stub_server,
        make_driver,
        version,
        f'{{"statuses": [{INFO_STATUS}, {SUCCESS_STATUS}, '
        f'{WARNING_STATUS}], "type": "r"}}',
    )
    statuses = list(summary.gql_status_objects)
    # as sent: no polyfilled status, no re-ordering
    assert [s.gql_status for s in statuses] == ["03N51", "00000", "01N50"]
    info, success, warning = statuses

    assert warning.is_notification is True
    assert warning.status_description == ("warn: label does not exist. `Q`")
    assert warning.position == SummaryInputPosition(
        line=1, column=10, offset=9
    )
    assert warning.raw_classification == "UNRECOGNIZED"
    assert warning.classification is NotificationClassification.UNRECOGNIZED
    assert warning.raw_severity == "WARNING"
    assert warning.severity is NotificationSeverity.WARNING
    # the missing default keys are added, the server's kept
    assert warning.diagnostic_record == {
        "_severity": "WARNING",
        "_classification": "UNRECOGNIZED",
        "_position": {"offset": 9, "line": 1, "column": 10},
        "OPERATION": "op",
        "OPERATION_CODE": "0",
        "CURRENT_SCHEMA": "/",
    }

    assert success.is_notification is False
    assert success.status_description == "note: successful completion"
    assert success.position is None
    assert success.raw_classification is None
    assert success.classification is NotificationClassification.UNKNOWN
    assert success.raw_severity is None
    assert success.severity is NotificationSeverity.UNKNOWN
    assert success.diagnostic_record == DEFAULT_DIAGNOSTIC_RECORD

    assert info.is_notification is True
    assert info.severity is NotificationSeverity.INFORMATION
    assert info.classification is NotificationClassification.GENERIC
    assert info.diagnostic_record == {
        "_severity": "INFORMATION",
        "_classification": "GENERIC",
        **DEFAULT_DIAGNOSTIC_RECORD,
    }


async def test_notifications_are_polyfilled_from_statuses(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    summary = await _summary(
        stub_server,
        make_driver,
        "5.6",
        f'{{"statuses": [{INFO_STATUS}, {SUCCESS_STATUS}, {WARNING_STATUS}]}}',
    )
    with pytest.warns(DeprecationWarning):
        notifications = summary.notifications
    # only the statuses with a neo4j_code; "status_description" is not
    # "description", so no description is carried over
    assert notifications == [
        {
            "title": "Variable shadowing",
            "code": (
                "Neo.ClientNotification.Statement.SubqueryVariableShadowing"
            ),
            "severity": "INFORMATION",
            "category": "GENERIC",
        },
        {
            "title": "The provided label is not in the database.",
            "code": "Neo.ClientNotification.Statement.UnknownLabelWarning",
            "severity": "WARNING",
            "category": "UNRECOGNIZED",
            "position": {"offset": 9, "line": 1, "column": 10},
        },
    ]
    with pytest.warns(DeprecationWarning):
        structured = summary.summary_notifications
    assert [n.code for n in structured] == [
        "Neo.ClientNotification.Statement.SubqueryVariableShadowing",
        "Neo.ClientNotification.Statement.UnknownLabelWarning",
    ]
    warning = structured[1]
    assert warning.severity_level is NotificationSeverity.WARNING
    assert warning.category is NotificationCategory.UNRECOGNIZED
    assert warning.raw_category == "UNRECOGNIZED"
    assert warning.position == SummaryInputPosition(
        line=1, column=10, offset=9
    )
    assert warning.description == ""


async def test_statuses_without_notifications_polyfill_none(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    summary = await _summary(
        stub_server,
        make_driver,
        "5.6",
        f'{{"statuses": [{SUCCESS_STATUS}]}}',
    )
    with pytest.warns(DeprecationWarning):
        assert summary.notifications is None
    with pytest.warns(DeprecationWarning):
        assert summary.summary_notifications == ()
    assert [s.gql_status for s in summary.gql_status_objects] == ["00000"]


# ---------------------------------------------------------------------------
# notifications (before 5.6)
# ---------------------------------------------------------------------------

NOTIFICATIONS = """[
  {"code": "Neo.ClientNotification.Statement.SubqueryVariableShadowing",
   "title": "shadowing", "description": "a variable shadows",
   "severity": "INFORMATION", "category": "GENERIC"},
  {"code": "Neo.ClientNotification.Statement.CartesianProduct",
   "title": "cartesian", "description": "a cartesian product",
   "severity": "WARNING", "category": "PERFORMANCE",
   "position": {"offset": 0, "line": 1, "column": 1}},
  {"code": "Neo.ClientNotification.Statement.Odd", "title": "odd"}
]"""

POLYFILL_SUCCESS = ("00000", "note: successful completion")
POLYFILL_NO_DATA = ("02000", "note: no data")
POLYFILL_OMITTED = ("00001", "note: successful completion - omitted result")


@pytest.mark.parametrize(
    ("fields", "records", "result_status"),
    [
        ('["x"]', "   RECORD [1]\n", POLYFILL_SUCCESS),
        ('["x"]', "", POLYFILL_NO_DATA),
        ("[]", "", POLYFILL_OMITTED),
    ],
)
@pytest.mark.parametrize("version", ["4.4", "5.4"])
async def test_gql_status_objects_polyfilled_from_notifications(
    stub_server: StubServers,
    make_driver: MakeDriver,
    version: str,
    fields: str,
    records: str,
    result_status: tuple[str, str],
) -> None:
    summary = await _summary(
        stub_server,
        make_driver,
        version,
        f'{{"notifications": {NOTIFICATIONS}}}',
        fields=fields,
        records=records,
    )
    statuses = list(summary.gql_status_objects)
    got = [(s.gql_status, s.status_description) for s in statuses]
    if result_status == POLYFILL_NO_DATA:
        # "no data" outranks warnings; sorting is stable otherwise
        expected_order = [
            result_status,
            ("01N42", "a cartesian product"),
            ("03N42", "a variable shadows"),
            ("03N42", "info: unknown notification"),
        ]
    else:
        # warnings, then the success status, then information
        expected_order = [
            ("01N42", "a cartesian product"),
            result_status,
            ("03N42", "a variable shadows"),
            ("03N42", "info: unknown notification"),
        ]
    assert got == expected_order

    by_status = {s.status_description: s for s in statuses}
    warning = by_status["a cartesian product"]
    assert warning.is_notification is True
    assert warning.severity is NotificationSeverity.WARNING
    assert warning.raw_severity == "WARNING"
    assert warning.classification is NotificationClassification.PERFORMANCE
    assert warning.position == SummaryInputPosition(line=1, column=1, offset=0)
    assert warning.diagnostic_record == {
        **DEFAULT_DIAGNOSTIC_RECORD,
        "_classification": "PERFORMANCE",
        "_severity": "WARNING",
        "_position": {"offset": 0, "line": 1, "column": 1},
    }
    odd = by_status["info: unknown notification"]
    assert odd.is_notification is True
    assert odd.raw_severity is None
    assert odd.severity is NotificationSeverity.UNKNOWN
    assert odd.diagnostic_record == DEFAULT_DIAGNOSTIC_RECORD
    result = by_status[result_status[1]]
    assert result.is_notification is False
    assert result.diagnostic_record == DEFAULT_DIAGNOSTIC_RECORD
    assert result.position is None
    # the raw notifications are kept as sent
    with pytest.warns(DeprecationWarning):
        assert [n["title"] for n in summary.notifications or []] == [
            "shadowing",
            "cartesian",
            "odd",
        ]


async def test_no_notifications_polyfill_only_result_status(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    summary = await _summary(stub_server, make_driver, "5.4", "{}")
    assert [
        (s.gql_status, s.status_description, s.is_notification)
        for s in summary.gql_status_objects
    ] == [("00000", "note: successful completion", False)]
    with pytest.warns(DeprecationWarning):
        assert summary.notifications is None


@pytest.mark.parametrize("consume", [True, False])
async def test_records_read_together_with_the_run_answer_are_data(
    stub_server: StubServers, make_driver: MakeDriver, consume: bool
) -> None:
    # RUN's SUCCESS, the RECORD and PULL's SUCCESS in one write: the
    # driver reads the record while it waits for the keys
    replies = b"".join(
        pack_message(tag, fields)
        for tag, fields in (
            (0x70, [{"fields": ["x"]}]),
            (0x71, [[1]]),
            (0x70, [{"type": "r"}]),
        )
    )
    server = stub_server.start(
        _header("5.4") + 'C: RUN "Q" {} {"db": "neo4j"}\n'
        'C: PULL {"n": 1000}\n'
        f"S: <RAW> {replies.hex(' ')}\n"
    )
    driver = make_driver(server)
    async with driver.session(database="neo4j") as session:
        result = await session.run("Q")
        if consume:
            summary = await result.consume()
        else:
            assert [record["x"] async for record in result] == [1]
            summary = await result.consume()
    await driver.close()
    await server.async_done()
    assert [
        (s.gql_status, s.status_description)
        for s in summary.gql_status_objects
    ] == [POLYFILL_SUCCESS]


# ---------------------------------------------------------------------------
# counters and other summary fields
# ---------------------------------------------------------------------------


async def test_counters(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    summary = await _summary(
        stub_server,
        make_driver,
        "5.4",
        '{"type": "w", "stats": {"nodes-created": 2, "nodes-deleted": 1, '
        '"relationships-created": 3, "relationships-deleted": 4, '
        '"properties-set": 5, "labels-added": 6, "labels-removed": 7, '
        '"indexes-added": 8, "indexes-removed": 9, '
        '"constraints-added": 10, "constraints-removed": 11}, '
        '"t_last": 5, "db": "neo4j"}',
        fields="[]",
        records="",
        run_success_extra=', "t_first": 3',
    )
    counters = summary.counters
    assert (
        counters.nodes_created,
        counters.nodes_deleted,
        counters.relationships_created,
        counters.relationships_deleted,
        counters.properties_set,
        counters.labels_added,
        counters.labels_removed,
        counters.indexes_added,
        counters.indexes_removed,
        counters.constraints_added,
        counters.constraints_removed,
        counters.system_updates,
    ) == (2, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0)
    assert counters.contains_updates is True
    assert counters.contains_system_updates is False
    assert summary.query_type == "w"
    assert summary.result_available_after == 3
    assert summary.result_consumed_after == 5
    assert summary.database == "neo4j"
    assert summary.query == "Q"
    assert summary.parameters == {}
    assert summary.server.protocol_version == (5, 4)
    assert summary.server.agent == "Neo4j/5.4.0"


async def test_system_counters(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    summary = await _summary(
        stub_server,
        make_driver,
        "5.4",
        '{"type": "s", "stats": {"system-updates": 2, '
        '"contains-system-updates": true}}',
        fields="[]",
        records="",
    )
    assert summary.counters.system_updates == 2
    assert summary.counters.contains_system_updates is True
    assert summary.counters.contains_updates is False
    assert summary.query_type == "s"


async def test_empty_counters(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    summary = await _summary(stub_server, make_driver, "5.4", "{}")
    assert summary.counters.contains_updates is False
    assert summary.counters.contains_system_updates is False
    assert summary.counters.nodes_created == 0
    assert summary.query_type is None
    assert summary.database is None


# ---------------------------------------------------------------------------
# the database a query ran against
# ---------------------------------------------------------------------------


async def test_home_database_echoed_in_run_success_on_5_8(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        _header("5.8") + 'C: RUN "RETURN 1 AS x" {} {}\n'
        'C: PULL {"n": 1000}\n'
        'S: SUCCESS {"fields": ["x"], "db": "home"}\n'
        "   RECORD [1]\n"
        '   SUCCESS {"type": "r"}\n'
        'C: RUN "RETURN 1 AS x" {} {}\n'
        'C: PULL {"n": 1000}\n'
        'S: SUCCESS {"fields": ["x"]}\n'
        "   RECORD [1]\n"
        '   SUCCESS {"type": "r", "db": "pulled"}\n'
    )
    driver = make_driver(server)
    async with driver.session() as session:
        first = await (await session.run("RETURN 1 AS x")).consume()
        # a direct driver does not pin the home database into later RUNs
        second = await (await session.run("RETURN 1 AS x")).consume()
    assert first.database == "home"
    assert second.database == "pulled"
    await driver.close()
    await server.async_done()


async def test_database_from_begin_success_is_not_the_result_database(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        _header("5.8") + "C: BEGIN {}\n"
        'S: SUCCESS {"db": "home"}\n'
        'C: RUN "RETURN 1 AS x" {} {}\n'
        'C: PULL {"n": 1000}\n'
        'S: SUCCESS {"fields": ["x"]}\n'
        "   RECORD [1]\n"
        '   SUCCESS {"type": "r"}\n'
        'C: RUN "RETURN 2 AS x" {} {}\n'
        'C: PULL {"n": 1000}\n'
        'S: SUCCESS {"fields": ["x"]}\n'
        "   RECORD [2]\n"
        '   SUCCESS {"type": "r", "db": "home"}\n'
        "C: COMMIT\n"
        "S: SUCCESS {}\n"
    )
    driver = make_driver(server)
    async with driver.session() as session:
        tx = await session.begin_transaction()
        first = await (await tx.run("RETURN 1 AS x")).consume()
        second = await (await tx.run("RETURN 2 AS x")).consume()
        await tx.commit()
    # the summary reads RUN/PULL metadata only
    assert first.database is None
    assert second.database == "home"
    await driver.close()
    await server.async_done()


async def test_pull_database_wins_over_run_database(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    summary = await _summary(
        stub_server,
        make_driver,
        "5.8",
        '{"db": "from-pull"}',
        run_success_extra=', "db": "from-run"',
    )
    assert summary.database == "from-pull"
