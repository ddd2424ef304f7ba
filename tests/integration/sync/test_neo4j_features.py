# This file is generated from tests/integration/async_/test_neo4j_features.py by bin/make-unasync; do not edit.
# make-unasync digest: 9b5dca739fff105daaf6e102aaf9ef154c3946975f15fc81824e7c375351a126
"""Neo4j-only behaviours of the driver against the embedded Neo4j.

Notification filters, GQL error causes, transaction metadata, real
bookmarks, system updates, the home database, routing through the real
``ROUTE`` and re-authentication with real users: ArcadeDB has none of
these (or accepts and ignores them), so the tests use ``neo4j_server``.
Every expectation was checked against the official driver 6.4.1 on the
same server (only the negotiated Bolt version differs, see
CONTRIBUTING.md).
"""

from __future__ import annotations

import typing as t
import uuid

import pytest

import neo4j
from neo4j import (
    Driver,
    GraphDatabase,
    Bookmarks,
    NotificationClassification,
)
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConstraintError,
    GqlError,
    GqlErrorClassification,
)
from tests.servers.neo4j import Neo4jServer


DB = "neo4j"
# Neo4j warns about this disconnected pattern with the GQL status 03N90
# (classification PERFORMANCE).
CARTESIAN = "MATCH (a), (b) RETURN count(*) AS c"
PASSWORD = "a-test-user-password"


def unique(prefix: str) -> str:
    """Return a name no other test uses."""
    return f"{prefix}{uuid.uuid4().hex[:12]}"


@pytest.fixture
def user(neo4j_driver: Driver) -> t.Iterator[str]:
    """A user of its own (password :data:`PASSWORD`), dropped after."""
    name = unique("u")
    neo4j_driver.execute_query(
        f"CREATE USER {name} SET PASSWORD $pw CHANGE NOT REQUIRED",
        pw=PASSWORD,
        database_="system",
    )
    yield name
    neo4j_driver.execute_query(f"DROP USER {name}", database_="system")


def current_user(driver: Driver, **config: t.Any) -> str:
    with driver.session(database=DB, **config) as session:
        result = session.run("SHOW CURRENT USER YIELD user")
        record = result.single(strict=True)
        return str(record["user"])


# ---------------------------------------------------------- notifications


@pytest.mark.parametrize("where", ["driver", "session"])
def test_disabled_classifications_are_honoured_by_the_server(
    neo4j_server: Neo4jServer, where: str
) -> None:
    disabled = [NotificationClassification.PERFORMANCE]
    driver_config: dict[str, t.Any] = {}
    session_config: dict[str, t.Any] = {"database": DB}
    if where == "driver":
        driver_config["notifications_disabled_classifications"] = disabled
    else:
        session_config["notifications_disabled_classifications"] = disabled
    with GraphDatabase.driver(
        neo4j_server.uri, auth=neo4j_server.auth, **driver_config
    ) as driver:
        with driver.session(database=DB) as session:
            plain = (session.run(CARTESIAN)).consume()
        with driver.session(**session_config) as session:
            summary = (session.run(CARTESIAN)).consume()
    # a driver-level filter applies to every session; without one the
    # server sends the notification
    statuses = [s.gql_status for s in plain.gql_status_objects]
    assert ("03N90" in statuses) is (where == "session")
    assert [s.gql_status for s in summary.gql_status_objects] == ["00000"]
    with pytest.warns(DeprecationWarning):
        assert list(summary.summary_notifications) == []


def test_other_classifications_still_notify(
    neo4j_driver: Driver,
) -> None:
    with neo4j_driver.session(
        database=DB,
        notifications_disabled_classifications=[
            NotificationClassification.DEPRECATION,
            NotificationClassification.HINT,
        ],
    ) as session:
        summary = (session.run(CARTESIAN)).consume()
    statuses = [s.gql_status for s in summary.gql_status_objects]
    assert "03N90" in statuses


# ---------------------------------------------------------------- errors


def test_constraint_error_gql_fields_and_cause(
    neo4j_driver: Driver,
) -> None:
    label = unique("C")
    neo4j_driver.execute_query(
        f"CREATE CONSTRAINT {label}_k FOR (n:{label}) REQUIRE n.k IS UNIQUE",
        database_=DB,
    )
    try:
        neo4j_driver.execute_query(f"CREATE (:{label} {{k: 1}})", database_=DB)
        with pytest.raises(ConstraintError) as info:
            neo4j_driver.execute_query(
                f"CREATE (:{label} {{k: 1}})", database_=DB
            )
    finally:
        neo4j_driver.execute_query(f"DROP CONSTRAINT {label}_k", database_=DB)
    error = info.value
    assert isinstance(error, ClientError)
    assert error.code == "Neo.ClientError.Schema.ConstraintValidationFailed"
    assert error.gql_status == "22N79"
    assert error.gql_status_description.startswith(
        "error: data exception - property uniqueness constraint violated."
    )
    assert f"label `{label}` and property `k` = 1" in (
        error.gql_status_description
    )
    assert error.gql_classification == GqlErrorClassification.CLIENT_ERROR
    assert error.gql_raw_classification == "CLIENT_ERROR"
    assert error.diagnostic_record == {
        "_classification": "CLIENT_ERROR",
        "OPERATION": "",
        "OPERATION_CODE": "0",
        "CURRENT_SCHEMA": "/",
    }
    assert not error.is_retryable()
    cause = error.__cause__
    assert type(cause) is GqlError
    assert cause.gql_status == "22N80"
    assert cause.gql_status_description.startswith(
        "error: data exception - index entry conflict."
    )
    assert cause.message.startswith("22N80: Index entry conflict:")
    assert cause.gql_classification == GqlErrorClassification.CLIENT_ERROR
    assert cause.diagnostic_record["_classification"] == "CLIENT_ERROR"
    assert cause.__cause__ is None


def test_arithmetic_error_gql_fields_and_cause(
    neo4j_driver: Driver,
) -> None:
    with neo4j_driver.session(database=DB) as session:
        with pytest.raises(ClientError) as info:
            (session.run("UNWIND [1, 0] AS x RETURN 1 / x")).consume()
    error = info.value
    assert error.code == "Neo.ClientError.Statement.ArithmeticError"
    assert error.gql_status == "22012"
    assert error.gql_status_description == (
        "error: data exception - division by zero"
    )
    assert error.gql_classification == GqlErrorClassification.CLIENT_ERROR
    cause = error.__cause__
    assert isinstance(cause, GqlError)
    assert cause.gql_status == "22N28"
    assert cause.message == (
        "22N28: The result of the operation '/ by zero' has caused an "
        "overflow."
    )
    assert cause.__cause__ is None


# ------------------------------------------------------ transaction metadata


def test_tx_metadata_visible_in_show_transactions(
    neo4j_driver: Driver,
) -> None:
    tag = unique("m")
    metadata = {"app": "integration", "tag": tag, "n": 7}
    with neo4j_driver.session(database=DB) as session:
        tx = session.begin_transaction(metadata=metadata)
        try:
            (tx.run("RETURN 1")).consume()
            records, _, _ = neo4j_driver.execute_query(
                "SHOW TRANSACTIONS YIELD metaData, username "
                "RETURN metaData, username",
                database_=DB,
            )
        finally:
            tx.close()
    mine = [r for r in records if r["metaData"].get("tag") == tag]
    assert [r["metaData"] for r in mine] == [metadata]
    assert mine[0]["username"] == "neo4j"


def test_unit_of_work_metadata_in_managed_transaction(
    neo4j_driver: Driver,
) -> None:
    tag = unique("w")

    @neo4j.unit_of_work(metadata={"tag": tag})
    def work(tx: neo4j.ManagedTransaction) -> list[t.Any]:
        result = tx.run("SHOW TRANSACTIONS YIELD metaData RETURN metaData")
        return [record["metaData"] for record in result]

    with neo4j_driver.session(database=DB) as session:
        seen = session.execute_read(work)
    # SHOW TRANSACTIONS lists the transaction that runs it
    assert {"tag": tag} in seen


# --------------------------------------------------------------- bookmarks


def test_bookmarks_chain_sessions_of_two_drivers(
    neo4j_server: Neo4jServer, neo4j_driver: Driver
) -> None:
    label = unique("B")
    with neo4j_driver.session(database=DB) as session:
        with session.begin_transaction() as tx:
            (tx.run(f"CREATE (:{label})")).consume()
        bookmarks = session.last_bookmarks()
    (raw,) = bookmarks.raw_values
    assert raw.startswith("FB:")
    with (
        GraphDatabase.driver(
            neo4j_server.uri, auth=neo4j_server.auth
        ) as other,
        other.session(database=DB, bookmarks=bookmarks) as session,
    ):
        result = session.run(f"MATCH (n:{label}) RETURN count(n) AS c")
        assert (result.single(strict=True))["c"] == 1
        # a read after the newest transaction gets the same bookmark back
        assert (session.last_bookmarks()).raw_values == {raw}


def test_server_checks_the_bookmarks_the_driver_sends(
    neo4j_driver: Driver,
) -> None:
    # proves the bookmarks reach the server: it refuses a bad one
    bad = Bookmarks.from_raw_values(["FB:not-a-real-bookmark"])
    with neo4j_driver.session(database=DB, bookmarks=bad) as session:
        with pytest.raises(ClientError) as info:
            (session.run("RETURN 1")).consume()
    assert info.value.code == "Neo.ClientError.Transaction.InvalidBookmark"
    assert info.value.gql_status == "08N12"


def test_execute_query_with_a_bookmark_manager_shared_by_drivers(
    neo4j_server: Neo4jServer, neo4j_driver: Driver
) -> None:
    label = unique("M")
    manager = GraphDatabase.bookmark_manager()
    _, summary, _ = neo4j_driver.execute_query(
        f"CREATE (:{label})", database_=DB, bookmark_manager_=manager
    )
    assert summary.counters.nodes_created == 1
    after_write = set(manager.get_bookmarks())
    assert len(after_write) == 1
    with GraphDatabase.driver(
        neo4j_server.uri, auth=neo4j_server.auth
    ) as other:
        records, _, _ = other.execute_query(
            f"MATCH (n:{label}) RETURN count(n) AS c",
            database_=DB,
            routing_="r",
            bookmark_manager_=manager,
        )
        assert records[0]["c"] == 1
        other.execute_query(
            f"CREATE (:{label})", database_=DB, bookmark_manager_=manager
        )
    after_second = set(manager.get_bookmarks())
    assert len(after_second) == 1
    assert after_second != after_write
    records, _, _ = neo4j_driver.execute_query(
        f"MATCH (n:{label}) RETURN count(n) AS c",
        database_=DB,
        bookmark_manager_=manager,
    )
    assert records[0]["c"] == 2


# ---------------------------------------------------------- system updates


def test_system_updates_counters(neo4j_driver: Driver) -> None:
    name = unique("s")
    _, summary, _ = neo4j_driver.execute_query(
        f"CREATE USER {name} SET PASSWORD $pw CHANGE NOT REQUIRED",
        pw=PASSWORD,
        database_="system",
    )
    counters = summary.counters
    assert counters.system_updates == 1
    assert counters.contains_system_updates is True
    assert counters.contains_updates is False
    assert counters.nodes_created == 0
    assert summary.query_type == "s"
    assert summary.database == "system"
    _, summary, _ = neo4j_driver.execute_query(
        f"DROP USER {name}", database_="system"
    )
    assert summary.counters.system_updates == 1
    assert summary.counters.contains_system_updates is True
    records, _, _ = neo4j_driver.execute_query(
        "SHOW USERS YIELD user WHERE user = $name RETURN user",
        name=name,
        database_="system",
    )
    assert records == []


# ------------------------------------------------------------ home database


def test_home_database_resolution(neo4j_driver: Driver) -> None:
    with neo4j_driver.session() as session:
        summary = (session.run("RETURN 1")).consume()
    assert summary.database == "neo4j"
    _, summary, _ = neo4j_driver.execute_query("RETURN 1")
    assert summary.database == "neo4j"
    # a write without a database lands in the home database
    label = unique("H")
    neo4j_driver.execute_query(f"CREATE (:{label})")
    records, _, _ = neo4j_driver.execute_query(
        f"MATCH (n:{label}) RETURN count(n) AS c", database_="neo4j"
    )
    assert records[0]["c"] == 1


# ------------------------------------------------------------------ routing


def test_routing_driver_uses_the_real_routing_table(
    neo4j_server: Neo4jServer,
) -> None:
    label = unique("R")
    with GraphDatabase.driver(
        neo4j_server.routing_uri, auth=neo4j_server.auth
    ) as driver:
        driver.verify_connectivity()
        info = driver.get_server_info()
        assert info.agent == f"Neo4j/{neo4j_server.version}"
        assert info.address == ("127.0.0.1", neo4j_server.bolt_port)
        # no database given: the driver resolves the home database
        _, summary, _ = driver.execute_query(
            f"CREATE (:{label})", routing_="w"
        )
        assert summary.database == "neo4j"
        assert summary.counters.nodes_created == 1
        # the address the server advertises in its ROUTE answer
        assert summary.server.address == ("127.0.0.1", neo4j_server.bolt_port)
        records, summary, _ = driver.execute_query(
            f"MATCH (n:{label}) RETURN count(n) AS c", routing_="r"
        )
        assert records[0]["c"] == 1
        with driver.session(
            database=DB, default_access_mode=neo4j.READ_ACCESS
        ) as session:
            result = session.run(f"MATCH (n:{label}) RETURN count(n)")
            assert result.value() == [1]
            # Neo4j refuses writes in a read transaction
            with pytest.raises(ClientError) as refused:
                (session.run(f"CREATE (:{label})")).consume()
        assert refused.value.code == "Neo.ClientError.Statement.AccessMode"
        with driver.session(database=DB) as session:
            value = session.execute_write(
                lambda tx: _count_after_create(tx, label)
            )
        assert value == 2


def _count_after_create(tx: neo4j.ManagedTransaction, label: str) -> int:
    (tx.run(f"CREATE (:{label})")).consume()
    result = tx.run(f"MATCH (n:{label}) RETURN count(n) AS c")
    record = result.single(strict=True)
    return int(record["c"])


# ------------------------------------------------------------------ re-auth


def test_session_auth_switches_user_and_back(
    neo4j_driver: Driver, user: str
) -> None:
    assert current_user(neo4j_driver) == "neo4j"
    assert current_user(neo4j_driver, auth=(user, PASSWORD)) == user
    assert (
        current_user(neo4j_driver, auth=neo4j.basic_auth(user, PASSWORD))
        == user
    )
    # the pooled connection is re-authenticated as the driver's user
    assert current_user(neo4j_driver) == "neo4j"
    records, _, _ = neo4j_driver.execute_query(
        "SHOW CURRENT USER YIELD user", database_=DB, auth_=(user, PASSWORD)
    )
    assert [r["user"] for r in records] == [user]
    assert current_user(neo4j_driver) == "neo4j"


def test_session_auth_with_a_one_connection_pool(
    neo4j_server: Neo4jServer, user: str
) -> None:
    with GraphDatabase.driver(
        neo4j_server.uri, auth=neo4j_server.auth, max_connection_pool_size=1
    ) as driver:
        for _ in range(2):
            assert current_user(driver, auth=(user, PASSWORD)) == user
            assert current_user(driver) == "neo4j"


def test_session_auth_wrong_password(neo4j_driver: Driver, user: str) -> None:
    with pytest.raises(AuthError) as info:
        current_user(neo4j_driver, auth=(user, "not-the-password"))
    error = info.value
    assert type(error) is AuthError
    assert error.code == "Neo.ClientError.Security.Unauthorized"
    assert error.gql_status == "42NFF"
    assert not error.is_retryable()
    # the driver's own user still works
    assert current_user(neo4j_driver) == "neo4j"


def test_verify_authentication_with_real_users(
    neo4j_driver: Driver, user: str
) -> None:
    assert neo4j_driver.verify_authentication() is True
    assert neo4j_driver.verify_authentication((user, PASSWORD)) is True
    assert (
        neo4j_driver.verify_authentication((user, "wrong-password")) is False
    )
    assert neo4j_driver.verify_authentication(("nobody", PASSWORD)) is False
    assert current_user(neo4j_driver) == "neo4j"


def test_uuid_round_trip_on_bolt_6_1(
    neo4j_driver: Driver,
) -> None:
    # Neo4j 2026.x speaks Bolt 6.1: UUIDs travel natively (PackStream 2)
    # both ways (Community's aligned store cannot store them as
    # properties, so the test only sends and returns them)
    value = uuid.uuid4()
    records, summary, _ = neo4j_driver.execute_query(
        "RETURN $id AS id, $ids AS ids, $id = $same AS equal, "
        "valueType($id) AS kind",
        id=value,
        ids=[value, {"k": value}],
        same=uuid.UUID(str(value)),
        database_="neo4j",
    )
    assert summary.server.protocol_version == (6, 1)
    record = records[0]
    assert record["id"] == value
    assert type(record["id"]) is uuid.UUID
    assert record["ids"] == [value, {"k": value}]
    assert record["equal"] is True
    assert "UUID" in record["kind"]
