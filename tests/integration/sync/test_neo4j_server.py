# This file is generated from tests/integration/async_/test_neo4j_server.py by bin/make-unasync; do not edit.
# make-unasync digest: 003002276e1b23ca397535796739cfafb958e8e31e4a66ab7f4ed62379d7e4f9
"""What only a real Neo4j shows (embedded Neo4j Community, see SERVERS.md).

ArcadeDB ignores transaction timeouts, notification filters and
impersonation and sends no GQL statuses; these tests run the same public
API against the ``neo4j_server`` fixture.  Every expectation was checked
against the official driver 6.4.1 on the same server.
"""

from __future__ import annotations

import typing as t
import uuid

import pytest

from neo4j import (
    Driver,
    GraphDatabase,
    NotificationClassification,
    NotificationSeverity,
)
from neo4j._async_compat.util import Util
from neo4j.exceptions import (
    ClientError,
    CypherSyntaxError,
    GqlError,
    GqlErrorClassification,
    TransientError,
)
from tests.servers.neo4j import Neo4jServer


DB = "neo4j"
# A disconnected pattern: Neo4j answers with an INFORMATION notification
# (GQL status 03N90, classification PERFORMANCE).
CARTESIAN = "MATCH (a), (b) RETURN count(*) AS c"


def assert_usable(driver: Driver) -> None:
    records, _, _ = driver.execute_query("RETURN 'ok' AS x", database_=DB)
    assert [record["x"] for record in records] == ["ok"]


def test_connects_and_reports_the_server(
    neo4j_driver: Driver, neo4j_server: Neo4jServer
) -> None:
    records, summary, keys = neo4j_driver.execute_query(
        "RETURN 1 AS x", database_=DB
    )
    assert keys == ["x"]
    assert [record["x"] for record in records] == [1]
    assert summary.server.agent.startswith("Neo4j/")
    assert summary.server.agent == f"Neo4j/{neo4j_server.version}"
    # Neo4j 2026.x speaks Bolt 6 through the manifest handshake; the
    # driver negotiates the newest version both sides know.
    assert summary.server.protocol_version >= (6, 0)
    assert summary.database == DB
    assert summary.query_type == "r"


def test_syntax_error_carries_gql_fields(
    neo4j_driver: Driver,
) -> None:
    with pytest.raises(CypherSyntaxError) as info:
        neo4j_driver.execute_query("RETURN 1 +", database_=DB)
    error = info.value
    assert isinstance(error, ClientError)
    assert error.code == "Neo.ClientError.Statement.SyntaxError"
    assert error.gql_status == "42001"
    assert error.gql_classification == GqlErrorClassification.CLIENT_ERROR
    assert error.gql_raw_classification == "CLIENT_ERROR"
    record = error.diagnostic_record
    assert record["_classification"] == "CLIENT_ERROR"
    assert record["_position"] == {"line": 1, "column": 11, "offset": 10}
    assert record["CURRENT_SCHEMA"] == "/"
    assert not error.is_retryable()
    # Neo4j explains the failure with a GQL cause chain.
    cause = error.__cause__
    assert isinstance(cause, GqlError)
    assert cause.gql_status == "42I06"
    assert cause.gql_classification == GqlErrorClassification.CLIENT_ERROR
    assert_usable(neo4j_driver)


def test_notification_as_gql_status_object(
    neo4j_driver: Driver,
) -> None:
    _, summary, _ = neo4j_driver.execute_query(CARTESIAN, database_=DB)
    statuses = {
        status.gql_status: status for status in summary.gql_status_objects
    }
    assert "03N90" in statuses
    status = statuses["03N90"]
    assert status.is_notification
    assert status.classification == NotificationClassification.PERFORMANCE
    assert status.raw_classification == "PERFORMANCE"
    assert status.severity == NotificationSeverity.INFORMATION
    assert status.status_description.startswith("info: cartesian product.")
    assert status.position is not None
    assert (
        status.position.line,
        status.position.column,
        status.position.offset,
    ) == (1, 1, 0)
    with pytest.warns(DeprecationWarning):
        notifications = summary.summary_notifications
    codes = [n.code for n in notifications]
    assert codes == ["Neo.ClientNotification.Statement.CartesianProduct"]


@pytest.mark.parametrize("where", ["driver", "session"])
def test_min_severity_off_is_honoured_by_the_server(
    neo4j_server: Neo4jServer, where: str
) -> None:
    driver_config: dict[str, t.Any] = {}
    session_config: dict[str, t.Any] = {"database": DB}
    if where == "driver":
        driver_config["notifications_min_severity"] = "OFF"
    else:
        session_config["notifications_min_severity"] = "OFF"
    with (
        GraphDatabase.driver(
            neo4j_server.uri, auth=neo4j_server.auth, **driver_config
        ) as driver,
        driver.session(**session_config) as session,
    ):
        result = session.run(CARTESIAN)
        summary = result.consume()
    assert [s.gql_status for s in summary.gql_status_objects] == ["00000"]
    with pytest.warns(DeprecationWarning):
        assert list(summary.summary_notifications) == []


def test_query_type_and_counters(neo4j_driver: Driver) -> None:
    label = f"T{uuid.uuid4().hex[:16]}"
    _, summary, _ = neo4j_driver.execute_query(
        f"CREATE (:{label} {{v: 1}}), (:{label} {{v: 2}})", database_=DB
    )
    assert summary.query_type == "w"
    counters = summary.counters
    assert counters.nodes_created == 2
    assert counters.labels_added == 2
    assert counters.properties_set == 2
    assert counters.contains_updates
    assert not counters.contains_system_updates

    _, summary, _ = neo4j_driver.execute_query(
        f"MATCH (n:{label}) SET n.w = n.v RETURN n.w AS w", database_=DB
    )
    assert summary.query_type == "rw"
    assert summary.counters.properties_set == 2

    _, summary, _ = neo4j_driver.execute_query(
        f"MATCH (n:{label}) DELETE n", database_=DB
    )
    assert summary.query_type == "w"
    assert summary.counters.nodes_deleted == 2
    assert summary.counters.nodes_created == 0


def test_explain_and_profile_plans(neo4j_driver: Driver) -> None:
    records, summary, _ = neo4j_driver.execute_query(
        "EXPLAIN MATCH (n) RETURN n", database_=DB
    )
    assert records == []
    assert summary.query_type == "r"
    assert summary.profile is None
    plan = summary.plan
    assert plan is not None
    assert sorted(plan) == ["args", "children", "identifiers", "operatorType"]
    assert plan["operatorType"].startswith("ProduceResults")
    assert plan["identifiers"] == ["n"]
    assert plan["children"][0]["operatorType"].startswith("AllNodesScan")

    records, summary, _ = neo4j_driver.execute_query(
        "PROFILE UNWIND range(1, 3) AS x RETURN x", database_=DB
    )
    assert [record["x"] for record in records] == [1, 2, 3]
    profile = summary.profile
    assert profile is not None
    assert profile["operatorType"].startswith("ProduceResults")
    assert profile["rows"] == 3
    assert {"dbHits", "pageCacheHits", "pageCacheMisses"} <= set(profile)
    assert profile["children"][0]["operatorType"].startswith("Unwind")


def test_transaction_timeout_enforced_by_the_server(
    neo4j_driver: Driver,
) -> None:
    with neo4j_driver.session(database=DB) as session:
        tx = session.begin_transaction(timeout=0.5)
        try:
            result = tx.run("RETURN 1 AS x")
            result.consume()
            # The server's transaction monitor (checking every 0.1 s in
            # the test server) terminates the transaction meanwhile.
            Util.sleep(1.5)
            with pytest.raises(ClientError) as info:
                result = tx.run("RETURN 2 AS x")
                result.consume()
        finally:
            tx.close()
    error = info.value
    assert not isinstance(error, TransientError)
    assert error.code == (
        "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration"
    )
    assert error.gql_status == "25N14"
    assert error.gql_classification == GqlErrorClassification.CLIENT_ERROR
    assert not error.is_retryable()
    assert_usable(neo4j_driver)


@pytest.mark.parametrize("via", ["execute_query", "session"])
def test_impersonation_is_not_supported_on_community(
    neo4j_driver: Driver, via: str
) -> None:
    with pytest.raises(ClientError) as info:
        if via == "execute_query":
            neo4j_driver.execute_query(
                "RETURN 1", database_=DB, impersonated_user_="someone"
            )
        else:
            with neo4j_driver.session(
                database=DB, impersonated_user="someone"
            ) as session:
                result = session.run("RETURN 1")
                result.consume()
    error = info.value
    assert error.code == "Neo.ClientError.Statement.ArgumentError"
    assert error.message == (
        "Impersonation is not supported in community edition."
    )
    assert error.gql_status == "51N27"
    assert_usable(neo4j_driver)
