"""FAILURE -> IGNORED -> RESET flows against the stub server (async twin).

``tests/stub/sync/test_failures.py`` is generated from this file.  The
server answers a request with ``FAILURE``; the driver must surface the
right exception class, reset the connection (``RESET``) right away and
reuse it afterwards; a failed transaction becomes unusable; transient
errors are retried by transaction functions only.
"""

from __future__ import annotations

import typing as t

import pytest

from neo4j._async.driver import AsyncDriver
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConstraintError,
    CypherSyntaxError,
    CypherTypeError,
    DatabaseError,
    DatabaseUnavailable,
    Forbidden,
    Neo4jError,
    TokenExpired,
    TransactionError,
    TransientError,
)
from tests.stub.server import StubServers


MakeDriver = t.Callable[..., AsyncDriver]

HEADER = """\
!: BOLT 5.4
!: AUTO HELLO
!: AUTO LOGON
!: AUTO GOODBYE
"""

#: a driver config that makes retries immediate
FAST_RETRY = {
    "initial_retry_delay": 0.001,
    "retry_delay_multiplier": 1.0,
    "retry_delay_jitter_factor": 0.0,
}

SYNTAX_FAILURE = (
    'FAILURE {"code": "Neo.ClientError.Statement.SyntaxError", '
    '"message": "Invalid input \'X\'"}'
)

GOOD_QUERY = """\
C: RUN "RETURN 1 AS x" {} {"db": "neo4j"}
C: PULL {"n": 1000}
S: SUCCESS {"fields": ["x"]}
   RECORD [1]
   SUCCESS {"type": "r"}
"""


def _client_lines(server_lines: list[str]) -> list[str]:
    """The client messages of a transcript, without their direction."""
    return [line[3:] for line in server_lines if line.startswith("C: ")]


def _messages(server_lines: list[str]) -> list[str]:
    """The names of the messages of a transcript (``C:RUN``, ``S:IGNORED``)."""
    names = []
    for line in server_lines:
        direction, _, rest = line.partition(": ")
        names.append(f"{direction}:{rest.split(' ', 1)[0]}")
    return names


# ---------------------------------------------------------------------------
# auto-commit
# ---------------------------------------------------------------------------


async def test_run_failure_resets_before_raising_and_reuses_connection(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        HEADER + 'C: RUN "X" {} {"db": "neo4j"}\n'
        'C: PULL {"n": 1000}\n'
        f"S: {SYNTAX_FAILURE}\n"
        "   IGNORED\n"
        "C: RESET\n"
        "S: SUCCESS {}\n" + GOOD_QUERY
    )
    driver = make_driver(server)
    async with driver.session(database="neo4j") as session:
        with pytest.raises(CypherSyntaxError) as info:
            result = await session.run("X")
            await result.consume()
        # the RESET went out (and was answered) before the error surfaced
        assert _messages(server.transcripts()[0])[-4:] == [
            "S:FAILURE",
            "S:IGNORED",
            "C:RESET",
            "S:SUCCESS",
        ]
        result = await session.run("RETURN 1 AS x")
        assert [record["x"] async for record in result] == [1]
    error = info.value
    assert isinstance(error, ClientError)
    assert error.code == "Neo.ClientError.Statement.SyntaxError"
    assert error.message == "Invalid input 'X'"
    assert error.classification == "ClientError"
    assert error.category == "Statement"
    assert error.title == "SyntaxError"
    assert error.is_retryable() is False
    await driver.close()
    await server.async_done()
    assert server.connection_count == 1


async def test_run_failure_surfaces_on_run_not_only_on_consume(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        HEADER + 'C: RUN "X" {} {"db": "neo4j"}\n'
        'C: PULL {"n": 1000}\n'
        f"S: {SYNTAX_FAILURE}\n"
        "   IGNORED\n"
        "C: RESET\n"
        "S: SUCCESS {}\n"
    )
    driver = make_driver(server)
    async with driver.session(database="neo4j") as session:
        # session.run waits for the RUN reply: the error is raised there
        with pytest.raises(CypherSyntaxError):
            await session.run("X")
    await driver.close()
    await server.async_done()


async def test_failure_mid_stream_keeps_earlier_records(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        HEADER
        + 'C: RUN "UNWIND [1, 2, 0] AS x RETURN 1 / x" {} {"db": "neo4j"}\n'
        'C: PULL {"n": 1000}\n'
        'S: SUCCESS {"fields": ["y"]}\n'
        "   RECORD [1]\n"
        "   RECORD [0]\n"
        '   FAILURE {"code": "Neo.ClientError.Statement.ArithmeticError", '
        '"message": "/ by zero"}\n'
        "C: RESET\n"
        "S: SUCCESS {}\n" + GOOD_QUERY
    )
    driver = make_driver(server)
    seen = []
    async with driver.session(database="neo4j") as session:
        result = await session.run("UNWIND [1, 2, 0] AS x RETURN 1 / x")
        with pytest.raises(ClientError) as info:
            async for record in result:
                seen.append(record["y"])
        result = await session.run("RETURN 1 AS x")
        assert await result.single(strict=True) == {"x": 1}
    assert seen == [1, 0]
    assert type(info.value) is ClientError
    assert info.value.code == "Neo.ClientError.Statement.ArithmeticError"
    assert info.value.message == "/ by zero"
    await driver.close()
    await server.async_done()
    assert server.connection_count == 1


async def test_failure_in_second_pull_batch(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        HEADER + 'C: RUN "Q" {} {"db": "neo4j"}\n'
        'C: PULL {"n": 2}\n'
        'S: SUCCESS {"fields": ["x"]}\n'
        "   RECORD [1]\n"
        "   RECORD [2]\n"
        '   SUCCESS {"has_more": true}\n'
        'C: PULL {"n": 2}\n'
        'S: FAILURE {"code": "Neo.DatabaseError.General.UnknownError", '
        '"message": "boom"}\n'
        "C: RESET\n"
        "S: SUCCESS {}\n"
    )
    driver = make_driver(server)
    seen = []
    async with driver.session(database="neo4j", fetch_size=2) as session:
        result = await session.run("Q")
        with pytest.raises(DatabaseError) as info:
            async for record in result:
                seen.append(record["x"])
    assert seen == [1, 2]
    assert info.value.code == "Neo.DatabaseError.General.UnknownError"
    assert info.value.classification == "DatabaseError"
    assert info.value.is_retryable() is False
    await driver.close()
    await server.async_done()


# ---------------------------------------------------------------------------
# explicit transactions
# ---------------------------------------------------------------------------

TX_FAILURE = (
    HEADER + 'C: BEGIN {"db": "neo4j"}\n'
    "S: SUCCESS {}\n"
    'C: RUN "X" {} {}\n'
    'C: PULL {"n": 1000}\n'
    f"S: {SYNTAX_FAILURE}\n"
    "   IGNORED\n"
    "C: RESET\n"
    "S: SUCCESS {}\n"
)


async def test_failed_transaction_is_unusable(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        TX_FAILURE + 'C: BEGIN {"db": "neo4j"}\n'
        "S: SUCCESS {}\n"
        'C: RUN "RETURN 1 AS x" {} {}\n'
        'C: PULL {"n": 1000}\n'
        'S: SUCCESS {"fields": ["x"]}\n'
        "   RECORD [1]\n"
        '   SUCCESS {"type": "r"}\n'
        "C: COMMIT\n"
        'S: SUCCESS {"bookmark": "bm:1"}\n'
    )
    driver = make_driver(server)
    async with driver.session(database="neo4j") as session:
        tx = await session.begin_transaction()
        with pytest.raises(CypherSyntaxError) as info:
            await tx.run("X")
        with pytest.raises(TransactionError) as run_info:
            await tx.run("RETURN 1 AS x")
        assert run_info.value.__cause__ is info.value
        with pytest.raises(TransactionError) as commit_info:
            await tx.commit()
        assert commit_info.value.__cause__ is info.value
        # rolling back a failed transaction sends nothing (RESET did it)
        await tx.rollback()
        assert tx.closed()
        await tx.close()
        # the session and its connection are usable again
        tx = await session.begin_transaction()
        result = await tx.run("RETURN 1 AS x")
        assert [record["x"] async for record in result] == [1]
        await tx.commit()
        bookmarks = await session.last_bookmarks()
        assert bookmarks.raw_values == frozenset({"bm:1"})
    await driver.close()
    await server.async_done()
    assert server.connection_count == 1


async def test_failed_transaction_context_manager_sends_no_rollback(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(TX_FAILURE)
    driver = make_driver(server)
    async with driver.session(database="neo4j") as session:
        with pytest.raises(CypherSyntaxError):
            async with await session.begin_transaction() as tx:
                await tx.run("X")
        assert tx.closed()
    await driver.close()
    await server.async_done()
    assert "C: ROLLBACK" not in server.transcripts()[0]


async def test_failure_on_begin(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        HEADER + 'C: BEGIN {"db": "neo4j"}\n'
        'S: FAILURE {"code": "Neo.ClientError.Database.DatabaseNotFound", '
        '"message": "no such db"}\n'
        "C: RESET\n"
        "S: SUCCESS {}\n"
    )
    driver = make_driver(server)
    async with driver.session(database="neo4j") as session:
        with pytest.raises(ClientError) as info:
            tx = await session.begin_transaction()
            await tx.run("RETURN 1")
    assert info.value.code == "Neo.ClientError.Database.DatabaseNotFound"
    assert info.value.message == "no such db"
    await driver.close()
    await server.async_done()


async def test_failure_on_commit(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        HEADER + 'C: BEGIN {"db": "neo4j"}\n'
        "S: SUCCESS {}\n"
        'C: RUN "CREATE ()" {} {}\n'
        'C: PULL {"n": 1000}\n'
        'S: SUCCESS {"fields": []}\n'
        '   SUCCESS {"type": "w"}\n'
        "C: COMMIT\n"
        'S: FAILURE {"code": '
        '"Neo.ClientError.Schema.ConstraintValidationFailed", '
        '"message": "already exists"}\n'
        "C: RESET\n"
        "S: SUCCESS {}\n" + GOOD_QUERY
    )
    driver = make_driver(server)
    async with driver.session(database="neo4j") as session:
        tx = await session.begin_transaction()
        await (await tx.run("CREATE ()")).consume()
        with pytest.raises(ConstraintError) as info:
            await tx.commit()
        assert tx.closed()
        result = await session.run("RETURN 1 AS x")
        assert (await result.single(strict=True))["x"] == 1
    assert info.value.message == "already exists"
    await driver.close()
    await server.async_done()
    assert server.connection_count == 1


# ---------------------------------------------------------------------------
# error classes
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "cls", "retryable"),
    [
        ("Neo.ClientError.Statement.SyntaxError", CypherSyntaxError, False),
        ("Neo.ClientError.Statement.InvalidSyntax", CypherSyntaxError, False),
        ("Neo.ClientError.Statement.TypeError", CypherTypeError, False),
        ("Neo.ClientError.Procedure.TypeError", CypherTypeError, False),
        (
            "Neo.ClientError.Schema.ConstraintValidationFailed",
            ConstraintError,
            False,
        ),
        ("Neo.ClientError.Statement.ConstraintViolation", ConstraintError, 0),
        ("Neo.ClientError.Security.Forbidden", Forbidden, False),
        ("Neo.ClientError.General.ReadOnly", Forbidden, False),
        ("Neo.ClientError.Security.Unauthorized", AuthError, False),
        ("Neo.ClientError.Security.TokenExpired", TokenExpired, False),
        ("Neo.ClientError.Statement.EntityNotFound", ClientError, False),
        ("Neo.TransientError.General.OutOfMemoryError", TransientError, True),
        (
            "Neo.TransientError.General.DatabaseUnavailable",
            DatabaseUnavailable,
            True,
        ),
        ("Neo.DatabaseError.General.UnknownError", DatabaseError, False),
        ("Neo.Weird.General.Thing", Neo4jError, False),
    ],
)
async def test_error_class_from_code(
    stub_server: StubServers,
    make_driver: MakeDriver,
    code: str,
    cls: type[Neo4jError],
    retryable: bool,
) -> None:
    server = stub_server.start(
        HEADER + "!: AUTO RESET\n" + 'C: RUN "Q" {} {"db": "neo4j"}\n'
        'C: PULL {"n": 1000}\n'
        f'S: FAILURE {{"code": "{code}", "message": "m"}}\n'
        "   IGNORED\n"
    )
    driver = make_driver(server)
    async with driver.session(database="neo4j") as session:
        with pytest.raises(Neo4jError) as info:
            await (await session.run("Q")).consume()
    assert type(info.value) is cls
    assert info.value.code == code
    assert info.value.message == "m"
    assert info.value.is_retryable() is bool(retryable)
    await driver.close()
    await server.async_done()


async def test_failure_without_code_is_unknown_database_error(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        HEADER + "!: AUTO RESET\n" + 'C: RUN "Q" {} {"db": "neo4j"}\n'
        'C: PULL {"n": 1000}\n'
        "S: FAILURE {}\n"
        "   IGNORED\n"
    )
    driver = make_driver(server)
    async with driver.session(database="neo4j") as session:
        with pytest.raises(DatabaseError) as info:
            await (await session.run("Q")).consume()
    assert info.value.code == "Neo.DatabaseError.General.UnknownError"
    assert info.value.message == "An unknown error occurred"
    await driver.close()
    await server.async_done()


@pytest.mark.parametrize(
    "code",
    [
        "Neo.TransientError.Transaction.Terminated",
        "Neo.TransientError.Transaction.LockClientStopped",
    ],
)
async def test_terminated_is_rewritten_to_client_error(
    stub_server: StubServers, make_driver: MakeDriver, code: str
) -> None:
    rewritten = code.replace("TransientError", "ClientError")
    server = stub_server.start(
        HEADER + "!: AUTO RESET\n" + 'C: BEGIN {"db": "neo4j"}\n'
        "S: SUCCESS {}\n"
        'C: RUN "Q" {} {}\n'
        'C: PULL {"n": 1000}\n'
        f'S: FAILURE {{"code": "{code}", "message": "stopped"}}\n'
        "   IGNORED\n",
        **FAST_RETRY,
    )
    driver = make_driver(server, **FAST_RETRY)
    calls = []

    async def work(tx: t.Any) -> None:
        calls.append(1)
        await (await tx.run("Q")).consume()

    async with driver.session(database="neo4j") as session:
        # a client error: the transaction function gives up at once
        with pytest.raises(ClientError) as info:
            await session.execute_write(work)
    assert calls == [1]
    assert type(info.value) is ClientError
    assert not isinstance(info.value, TransientError)
    assert info.value.code == rewritten
    assert info.value.classification == "ClientError"
    assert info.value.is_retryable() is False
    await driver.close()
    await server.async_done()


# ---------------------------------------------------------------------------
# retries
# ---------------------------------------------------------------------------

TRANSIENT_FAILURE = (
    'FAILURE {"code": "Neo.TransientError.Transaction.DeadlockDetected", '
    '"message": "deadlock"}'
)


async def test_execute_write_retries_transient_error_until_success(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    attempt = (
        'C: BEGIN {"db": "neo4j"}\n'
        "S: SUCCESS {}\n"
        'C: RUN "CREATE (n) RETURN 7 AS x" {} {}\n'
        'C: PULL {"n": 1000}\n'
    )
    server = stub_server.start(
        HEADER + attempt + f"S: {TRANSIENT_FAILURE}\n"
        "   IGNORED\n"
        "C: RESET\n"
        "S: SUCCESS {}\n" + attempt + f"S: {TRANSIENT_FAILURE}\n"
        "   IGNORED\n"
        "C: RESET\n"
        "S: SUCCESS {}\n" + attempt + 'S: SUCCESS {"fields": ["x"]}\n'
        "   RECORD [7]\n"
        '   SUCCESS {"type": "w"}\n'
        "C: COMMIT\n"
        'S: SUCCESS {"bookmark": "bm:2"}\n'
    )
    driver = make_driver(server, **FAST_RETRY)
    attempts = []

    async def work(tx: t.Any) -> int:
        attempts.append(len(attempts) + 1)
        record = await (await tx.run("CREATE (n) RETURN 7 AS x")).single()
        return t.cast(int, record["x"])

    async with driver.session(database="neo4j") as session:
        assert await session.execute_write(work) == 7
        bookmarks = await session.last_bookmarks()
        assert bookmarks.raw_values == frozenset({"bm:2"})
    assert attempts == [1, 2, 3]
    await driver.close()
    await server.async_done()
    assert server.connection_count == 1


async def test_session_run_does_not_retry_transient_error(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        HEADER + 'C: RUN "CREATE (n)" {} {"db": "neo4j"}\n'
        'C: PULL {"n": 1000}\n'
        f"S: {TRANSIENT_FAILURE}\n"
        "   IGNORED\n"
        "C: RESET\n"
        "S: SUCCESS {}\n"
    )
    driver = make_driver(server, **FAST_RETRY)
    async with driver.session(database="neo4j") as session:
        with pytest.raises(TransientError) as info:
            await (await session.run("CREATE (n)")).consume()
    assert info.value.code == "Neo.TransientError.Transaction.DeadlockDetected"
    assert info.value.is_retryable() is True
    await driver.close()
    await server.async_done()
    assert (
        _client_lines(server.transcripts()[0]).count(
            'RUN "CREATE (n)" {} {"db": "neo4j"}'
        )
        == 1
    )


async def test_execute_write_does_not_retry_client_error(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(TX_FAILURE)
    driver = make_driver(server, **FAST_RETRY)
    calls = []

    async def work(tx: t.Any) -> None:
        calls.append(1)
        await tx.run("X")

    async with driver.session(database="neo4j") as session:
        with pytest.raises(CypherSyntaxError):
            await session.execute_write(work)
    assert calls == [1]
    await driver.close()
    await server.async_done()


async def test_execute_read_retries_transient_error_on_read(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    attempt = (
        'C: BEGIN {"db": "neo4j", "mode": "r"}\n'
        "S: SUCCESS {}\n"
        'C: RUN "RETURN 1 AS x" {} {}\n'
        'C: PULL {"n": 1000}\n'
    )
    server = stub_server.start(
        HEADER + attempt + "S: FAILURE "
        '{"code": "Neo.TransientError.General.DatabaseUnavailable", '
        '"message": "later"}\n'
        "   IGNORED\n"
        "C: RESET\n"
        "S: SUCCESS {}\n" + attempt + 'S: SUCCESS {"fields": ["x"]}\n'
        "   RECORD [1]\n"
        '   SUCCESS {"type": "r"}\n'
        "C: COMMIT\n"
        "S: SUCCESS {}\n"
    )
    driver = make_driver(server, **FAST_RETRY)

    async def work(tx: t.Any) -> list[int]:
        result = await tx.run("RETURN 1 AS x")
        return [record["x"] async for record in result]

    async with driver.session(database="neo4j") as session:
        assert await session.execute_read(work) == [1]
    await driver.close()
    await server.async_done()


async def test_session_close_raises_a_failed_rollback(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        HEADER
        + """\
C: BEGIN {}
S: SUCCESS {}
C: RUN "RETURN 1 AS n" {} {}
C: PULL {"n": 1000}
S: SUCCESS {"fields": ["n"]}
   RECORD [1]
   SUCCESS {}
C: ROLLBACK
S: FAILURE {"code": "Neo.TransientError.General.DatabaseUnavailable", \
"message": "Unable to rollback"}
C: RESET
S: SUCCESS {}
C: RUN "RETURN 2 AS n" {} {}
C: PULL {"n": 1000}
S: SUCCESS {"fields": ["n"]}
   RECORD [2]
   SUCCESS {}
"""
    )
    driver = make_driver(server)
    session = driver.session()
    tx = await session.begin_transaction()
    result = await tx.run("RETURN 1 AS n")
    assert [r["n"] async for r in result] == [1]
    with pytest.raises(DatabaseUnavailable, match="Unable to rollback"):
        await session.close()
    assert session.closed()
    # the connection went back to the pool, reset, and serves again
    async with driver.session() as again:
        result = await again.run("RETURN 2 AS n")
        assert [r["n"] async for r in result] == [2]
    await driver.close()
    await server.async_done()
    assert server.connection_count == 1


async def test_session_close_warns_when_the_open_result_fails(
    stub_server: StubServers,
    make_driver: MakeDriver,
    caplog: pytest.LogCaptureFixture,
) -> None:
    server = stub_server.start(
        HEADER
        + """\
C: RUN "RETURN 1 AS n" {} {}
C: PULL {"n": 1000}
S: SUCCESS {"fields": ["n"]}
   FAILURE {"code": "Neo.ClientError.Statement.ArithmeticError", \
"message": "/ by zero"}
C: RESET
S: SUCCESS {}
"""
    )
    driver = make_driver(server)
    session = driver.session()
    await session.run("RETURN 1 AS n")
    with caplog.at_level("WARNING", logger="neo4j.session"):
        await session.close()
    [message] = [r.getMessage() for r in caplog.records]
    assert message.startswith(
        "Failed to consume outstanding auto-commit transaction result "
        "before closing session: {neo4j_code: Neo.ClientError.Statement."
        "ArithmeticError} {message: / by zero}"
    )
    await driver.close()
    await server.async_done()
