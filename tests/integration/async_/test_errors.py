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

from neo4j import AsyncDriver, AsyncManagedTransaction
from neo4j.exceptions import (
    ClientError,
    ConstraintError,
    CypherSyntaxError,
    Neo4jError,
    ResultFailedError,
    TransactionError,
)
from tests.integration.async_._util import count_nodes


if t.TYPE_CHECKING:
    from tests.integration.conftest import Target


async def assert_usable(driver: AsyncDriver, db: str) -> None:
    async with driver.session(database=db) as session:
        result = await session.run("RETURN 'ok' AS x")
        assert (await result.single(strict=True))["x"] == "ok"


async def test_syntax_error(
    driver: AsyncDriver, db: str, server: Target
) -> None:
    async with driver.session(database=db) as session:
        with pytest.raises(CypherSyntaxError) as info:
            result = await session.run("RETURN 1 +")
            await result.consume()
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
        result = await session.run("RETURN 2 AS x")
        assert (await result.single(strict=True))["x"] == 2
    await assert_usable(driver, db)


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
async def test_client_error_codes(
    driver: AsyncDriver,
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
    async with driver.session(database=db) as session:
        with pytest.raises(cls) as info:
            await (await session.run(query)).consume()
        assert type(info.value) is cls
        assert t.cast(Neo4jError, info.value).code == code
        result = await session.run("RETURN 3 AS x")
        assert (await result.single(strict=True))["x"] == 3


async def test_non_string_query_text_is_sent_as_its_str(
    driver: AsyncDriver,
    db: str,
) -> None:
    # as in the official driver: execute_query / tx.run send str(query),
    # so b"RETURN 1" reaches the server as "b'RETURN 1'" (a syntax error)
    with pytest.raises(CypherSyntaxError):
        await driver.execute_query(
            b"RETURN 1",  # type: ignore[call-overload]
            database_=db,
        )

    class Text:
        def __str__(self) -> str:
            return "RETURN 7 AS x"

    records, _, _ = await driver.execute_query(
        Text(),  # type: ignore[call-overload]
        database_=db,
    )
    assert records[0]["x"] == 7
    await assert_usable(driver, db)


async def test_parameter_missing_message(driver: AsyncDriver, db: str) -> None:
    async with driver.session(database=db) as session:
        with pytest.raises(ClientError) as info:
            await (await session.run("RETURN $needed AS x")).consume()
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
async def test_arithmetic_error_mid_stream(
    driver: AsyncDriver, fetch_size: int, db: str
) -> None:
    async with driver.session(database=db, fetch_size=fetch_size) as session:
        result = await session.run(MID_STREAM)
        seen: list[int] = []
        with pytest.raises(ClientError) as info:
            async for record in result:
                seen.append(record["y"])
        assert info.value.code == "Neo.ClientError.Statement.ArithmeticError"
        assert 0 < len(seen) < 1000
        assert seen == [expected_quotient(x) for x in range(1, len(seen) + 1)]
        # the failed result keeps failing, with a driver error
        with pytest.raises(ResultFailedError):
            await result.fetch(1)
        result = await session.run("RETURN 4 AS x")
        assert (await result.single(strict=True))["x"] == 4


async def test_arithmetic_error_at_run(driver: AsyncDriver, db: str) -> None:
    async with driver.session(database=db) as session:
        with pytest.raises(ClientError) as info:
            result = await session.run("UNWIND [1, 0] AS x RETURN 1 / x AS y")
            await result.consume()
        assert info.value.code == "Neo.ClientError.Statement.ArithmeticError"
        result = await session.run("RETURN 4 AS x")
        assert (await result.single(strict=True))["x"] == 4


async def test_mid_stream_error_in_explicit_tx(
    driver: AsyncDriver, label: str, db: str
) -> None:
    async with driver.session(database=db, fetch_size=50) as session:
        tx = await session.begin_transaction()
        await (await tx.run(f"CREATE (:{label})")).consume()
        result = await tx.run(MID_STREAM)
        first = await result.fetch(3)
        assert [r["y"] for r in first] == [0, 0, 0]
        with pytest.raises(ClientError) as info:
            await result.fetch(2000)
        assert info.value.code == "Neo.ClientError.Statement.ArithmeticError"
        with pytest.raises(TransactionError):
            await tx.commit()
        await tx.close()
        assert tx.closed()
    assert await count_nodes(driver, db, label) == 0


async def test_constraint_error(
    driver: AsyncDriver, label: str, db: str
) -> None:
    async with driver.session(database=db) as session:
        summary = await (
            await session.run(
                f"CREATE CONSTRAINT FOR (n:{label}) REQUIRE n.k IS UNIQUE"
            )
        ).consume()
        assert summary.counters.constraints_added == 1
        await (await session.run(f"CREATE (:{label} {{k: 1}})")).consume()
        with pytest.raises(ConstraintError) as info:
            await (await session.run(f"CREATE (:{label} {{k: 1}})")).consume()
        assert isinstance(info.value, ClientError)
        assert info.value.code == (
            "Neo.ClientError.Schema.ConstraintValidationFailed"
        )
        await (await session.run(f"CREATE (:{label} {{k: 2}})")).consume()
    assert await count_nodes(driver, db, label) == 2


async def test_error_in_explicit_tx_fails_the_tx(
    driver: AsyncDriver, label: str, db: str
) -> None:
    async with driver.session(database=db) as session:
        tx = await session.begin_transaction()
        await (await tx.run(f"CREATE (:{label})")).consume()
        with pytest.raises(CypherSyntaxError):
            await (await tx.run("RETURN 1 +")).consume()
        # a failed transaction cannot run more work nor commit
        with pytest.raises(TransactionError):
            await tx.run("RETURN 1")
        with pytest.raises(TransactionError):
            await tx.commit()
        await tx.rollback()
        assert tx.closed()
        result = await session.run("RETURN 5 AS x")
        assert (await result.single(strict=True))["x"] == 5
    assert await count_nodes(driver, db, label) == 0


async def test_error_in_tx_context_manager(
    driver: AsyncDriver, label: str, db: str
) -> None:
    async with driver.session(database=db) as session:
        with pytest.raises(ClientError):
            async with await session.begin_transaction() as tx:
                await (await tx.run(f"CREATE (:{label})")).consume()
                await (await tx.run("RETURN $nope")).consume()
        assert tx.closed()
    assert await count_nodes(driver, db, label) == 0
    await assert_usable(driver, db)


async def test_client_error_in_execute_write_is_not_retried(
    driver: AsyncDriver,
    db: str,
) -> None:
    calls = 0

    async def work(tx: AsyncManagedTransaction) -> None:
        nonlocal calls
        calls += 1
        await (await tx.run("RETURN 1 +")).consume()

    async with driver.session(database=db) as session:
        with pytest.raises(CypherSyntaxError):
            await session.execute_write(work)
        assert calls == 1
        result = await session.run("RETURN 6 AS x")
        assert (await result.single(strict=True))["x"] == 6


async def test_many_errors_do_not_leak_connections(
    bolt_uri: str, auth: tuple[str, str], db: str
) -> None:
    from neo4j import AsyncGraphDatabase

    async with AsyncGraphDatabase.driver(
        bolt_uri,
        auth=auth,
        max_connection_pool_size=2,
        connection_acquisition_timeout=20,
    ) as driver:
        for i in range(20):
            async with driver.session(database=db) as session:
                with pytest.raises(ClientError):
                    await (await session.run(f"RETURN 1 / 0 + {i}")).consume()
        await assert_usable(driver, db)


async def test_unknown_database(driver: AsyncDriver, db: str) -> None:
    async with driver.session(database="no_such_database") as session:
        with pytest.raises(ClientError) as info:
            await (await session.run("RETURN 1")).consume()
    assert info.value.code == "Neo.ClientError.Database.DatabaseNotFound"
    await assert_usable(driver, db)


async def test_execute_query_error(driver: AsyncDriver, db: str) -> None:
    with pytest.raises(CypherSyntaxError):
        await driver.execute_query("RETURN 1 +", database_=db)
    records, _, _ = await driver.execute_query("RETURN 7 AS x", database_=db)
    assert records[0]["x"] == 7
