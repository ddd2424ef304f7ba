# This file is generated from tests/integration/async_/test_errors.py by bin/make-unasync; do not edit.
# make-unasync digest: 511fd5f60d75b6923730331372b5b7117122fb2e34a9277cb68c9984c8c3073d
"""Server errors mapped to the driver's exception classes.

Runs on ArcadeDB and Neo4j.  ArcadeDB sends real Neo4j status codes
(``code`` and ``message`` only), Neo4j adds GQL statuses and words some
messages (and one code) differently, which the assertions allow for;
the driver must map them to the right classes, and sessions, drivers and
connections must stay usable after every failure.
"""

from __future__ import annotations

import typing as t

import pytest

from neo4j import Driver, ManagedTransaction
from neo4j.exceptions import (
    ClientError,
    ConstraintError,
    CypherSyntaxError,
    Neo4jError,
    ResultFailedError,
    TransactionError,
)
from tests.integration.sync._util import count_nodes


if t.TYPE_CHECKING:
    from tests.integration.conftest import Target


def assert_usable(driver: Driver, db: str) -> None:
    with driver.session(database=db) as session:
        result = session.run("RETURN 'ok' AS x")
        assert (result.single(strict=True))["x"] == "ok"


def test_syntax_error(driver: Driver, db: str, server: Target) -> None:
    with driver.session(database=db) as session:
        with pytest.raises(CypherSyntaxError) as info:
            result = session.run("RETURN 1 +")
            result.consume()
        error = info.value
        assert isinstance(error, ClientError)
        assert isinstance(error, Neo4jError)
        assert error.code == "Neo.ClientError.Statement.SyntaxError"
        assert error.classification == "ClientError"
        assert error.category == "Statement"
        assert error.title == "SyntaxError"
        if server.is_neo4j:
            assert error.message.startswith("Invalid input ''")
        else:
            assert "Syntax error" in error.message
        assert not error.is_retryable()
        # same session afterwards
        result = session.run("RETURN 2 AS x")
        assert (result.single(strict=True))["x"] == 2
    assert_usable(driver, db)


@pytest.mark.parametrize(
    ("query", "code", "cls"),
    [
        (
            "MATCH (n) RETURN undefinedVariable",
            "Neo.ClientError.Statement.SemanticError",
            ClientError,
        ),
        (
            "RETURN $missing AS x",
            "Neo.ClientError.Statement.ParameterMissing",
            ClientError,
        ),
        (
            "RETURN 1 / 0 AS x",
            "Neo.ClientError.Statement.ArithmeticError",
            ClientError,
        ),
    ],
    ids=["semantic", "parameter-missing", "arithmetic"],
)
def test_client_error_codes(
    driver: Driver,
    query: str,
    code: str,
    cls: type[Exception],
    db: str,
    server: Target,
) -> None:
    if server.is_neo4j and code.endswith("SemanticError"):
        # Neo4j reports an undefined variable as a syntax error
        code = "Neo.ClientError.Statement.SyntaxError"
        cls = CypherSyntaxError
    with driver.session(database=db) as session:
        with pytest.raises(cls) as info:
            (session.run(query)).consume()
        assert type(info.value) is cls
        assert t.cast(Neo4jError, info.value).code == code
        result = session.run("RETURN 3 AS x")
        assert (result.single(strict=True))["x"] == 3


def test_non_string_query_text_is_sent_as_its_str(
    driver: Driver,
    db: str,
) -> None:
    # as in the official driver: execute_query / tx.run send str(query),
    # so b"RETURN 1" reaches the server as "b'RETURN 1'" (a syntax error)
    with pytest.raises(CypherSyntaxError):
        driver.execute_query(
            b"RETURN 1",  # type: ignore[call-overload]
            database_=db,
        )

    class Text:
        def __str__(self) -> str:
            return "RETURN 7 AS x"

    records, _, _ = driver.execute_query(
        Text(),  # type: ignore[call-overload]
        database_=db,
    )
    assert records[0]["x"] == 7
    assert_usable(driver, db)


def test_parameter_missing_message(driver: Driver, db: str) -> None:
    with driver.session(database=db) as session:
        with pytest.raises(ClientError) as info:
            (session.run("RETURN $needed AS x")).consume()
    assert "needed" in info.value.message


# ArcadeDB computes rows in internal batches (of 200): the short form
# ``UNWIND [1, 0] AS x RETURN 1 / x`` fails already at RUN, so the
# division by zero is placed far enough down the stream to arrive after
# records have been received.
MID_STREAM = "UNWIND range(1, 1001) AS x RETURN 1 / (x - 1000) AS y"


def expected_quotient(x: int) -> int:
    # Cypher integer division truncates towards zero
    return int(1 / (x - 1000))


@pytest.mark.parametrize("fetch_size", [1, 100, 1000, -1])
def test_arithmetic_error_mid_stream(
    driver: Driver, fetch_size: int, db: str
) -> None:
    with driver.session(database=db, fetch_size=fetch_size) as session:
        result = session.run(MID_STREAM)
        seen: list[int] = []
        with pytest.raises(ClientError) as info:
            for record in result:
                seen.append(record["y"])
        assert info.value.code == "Neo.ClientError.Statement.ArithmeticError"
        assert 0 < len(seen) < 1000
        assert seen == [expected_quotient(x) for x in range(1, len(seen) + 1)]
        # the failed result keeps failing, with a driver error
        with pytest.raises(ResultFailedError):
            result.fetch(1)
        result = session.run("RETURN 4 AS x")
        assert (result.single(strict=True))["x"] == 4


def test_arithmetic_error_at_run(driver: Driver, db: str) -> None:
    with driver.session(database=db) as session:
        with pytest.raises(ClientError) as info:
            result = session.run("UNWIND [1, 0] AS x RETURN 1 / x AS y")
            result.consume()
        assert info.value.code == "Neo.ClientError.Statement.ArithmeticError"
        result = session.run("RETURN 4 AS x")
        assert (result.single(strict=True))["x"] == 4


def test_mid_stream_error_in_explicit_tx(
    driver: Driver, label: str, db: str
) -> None:
    with driver.session(database=db, fetch_size=50) as session:
        tx = session.begin_transaction()
        (tx.run(f"CREATE (:{label})")).consume()
        result = tx.run(MID_STREAM)
        first = result.fetch(3)
        assert [r["y"] for r in first] == [0, 0, 0]
        with pytest.raises(ClientError) as info:
            result.fetch(2000)
        assert info.value.code == "Neo.ClientError.Statement.ArithmeticError"
        with pytest.raises(TransactionError):
            tx.commit()
        tx.close()
        assert tx.closed()
    assert count_nodes(driver, db, label) == 0


def test_constraint_error(driver: Driver, label: str, db: str) -> None:
    with driver.session(database=db) as session:
        summary = (
            session.run(
                f"CREATE CONSTRAINT FOR (n:{label}) REQUIRE n.k IS UNIQUE"
            )
        ).consume()
        assert summary.counters.constraints_added == 1
        (session.run(f"CREATE (:{label} {{k: 1}})")).consume()
        with pytest.raises(ConstraintError) as info:
            (session.run(f"CREATE (:{label} {{k: 1}})")).consume()
        assert isinstance(info.value, ClientError)
        assert info.value.code == (
            "Neo.ClientError.Schema.ConstraintValidationFailed"
        )
        (session.run(f"CREATE (:{label} {{k: 2}})")).consume()
    assert count_nodes(driver, db, label) == 2


def test_error_in_explicit_tx_fails_the_tx(
    driver: Driver, label: str, db: str
) -> None:
    with driver.session(database=db) as session:
        tx = session.begin_transaction()
        (tx.run(f"CREATE (:{label})")).consume()
        with pytest.raises(CypherSyntaxError):
            (tx.run("RETURN 1 +")).consume()
        # a failed transaction cannot run more work nor commit
        with pytest.raises(TransactionError):
            tx.run("RETURN 1")
        with pytest.raises(TransactionError):
            tx.commit()
        tx.rollback()
        assert tx.closed()
        result = session.run("RETURN 5 AS x")
        assert (result.single(strict=True))["x"] == 5
    assert count_nodes(driver, db, label) == 0


def test_error_in_tx_context_manager(
    driver: Driver, label: str, db: str
) -> None:
    with driver.session(database=db) as session:
        with pytest.raises(ClientError):
            with session.begin_transaction() as tx:
                (tx.run(f"CREATE (:{label})")).consume()
                (tx.run("RETURN $nope")).consume()
        assert tx.closed()
    assert count_nodes(driver, db, label) == 0
    assert_usable(driver, db)


def test_client_error_in_execute_write_is_not_retried(
    driver: Driver,
    db: str,
) -> None:
    calls = 0

    def work(tx: ManagedTransaction) -> None:
        nonlocal calls
        calls += 1
        (tx.run("RETURN 1 +")).consume()

    with driver.session(database=db) as session:
        with pytest.raises(CypherSyntaxError):
            session.execute_write(work)
        assert calls == 1
        result = session.run("RETURN 6 AS x")
        assert (result.single(strict=True))["x"] == 6


def test_many_errors_do_not_leak_connections(
    bolt_uri: str, auth: tuple[str, str], db: str
) -> None:
    from neo4j import GraphDatabase

    with GraphDatabase.driver(
        bolt_uri,
        auth=auth,
        max_connection_pool_size=2,
        connection_acquisition_timeout=20,
    ) as driver:
        for i in range(20):
            with driver.session(database=db) as session:
                with pytest.raises(ClientError):
                    (session.run(f"RETURN 1 / 0 + {i}")).consume()
        assert_usable(driver, db)


def test_unknown_database(driver: Driver, db: str) -> None:
    with driver.session(database="no_such_database") as session:
        with pytest.raises(ClientError) as info:
            (session.run("RETURN 1")).consume()
    assert info.value.code == "Neo.ClientError.Database.DatabaseNotFound"
    assert_usable(driver, db)


def test_execute_query_error(driver: Driver, db: str) -> None:
    with pytest.raises(CypherSyntaxError):
        driver.execute_query("RETURN 1 +", database_=db)
    records, _, _ = driver.execute_query("RETURN 7 AS x", database_=db)
    assert records[0]["x"] == 7
