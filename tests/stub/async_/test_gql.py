"""GQL-aware errors (Bolt 5.7+) and their polyfill (async twin).

``tests/stub/sync/test_gql.py`` is generated from this file.  From Bolt
5.7 on a ``FAILURE`` carries ``gql_status``, ``description``,
``diagnostic_record``, ``neo4j_code`` and a nested ``cause`` chain; the
driver exposes them on the exception and its ``__cause__`` chain.  Older
servers send only ``code`` and ``message``: the driver fills in the
unknown status ``50N42``.
"""

from __future__ import annotations

import typing as t

import pytest

from neo4j._async.driver import AsyncDriver
from neo4j.exceptions import (
    ClientError,
    CypherSyntaxError,
    DatabaseError,
    GqlError,
    GqlErrorClassification,
    Neo4jError,
    TransactionError,
    TransientError,
)
from tests.stub.server import StubServers


MakeDriver = t.Callable[..., AsyncDriver]

DEFAULT_DIAGNOSTIC_RECORD = {
    "OPERATION": "",
    "OPERATION_CODE": "0",
    "CURRENT_SCHEMA": "/",
}
UNKNOWN_DESCRIPTION = "error: general processing exception - unexpected error"


def _header(version: str) -> str:
    return (
        f"!: BOLT {version}\n"
        "!: AUTO HELLO\n!: AUTO LOGON\n!: AUTO GOODBYE\n!: AUTO RESET\n"
    )


def _failing_run(failure: str, version: str = "5.7") -> str:
    return (
        _header(version) + 'C: RUN "Q" {} {"db": "neo4j"}\n'
        'C: PULL {"n": 1000}\n'
        f"S: FAILURE {failure}\n"
        "   IGNORED\n"
    )


async def _run_error(
    stub_server: StubServers,
    make_driver: MakeDriver,
    failure: str,
    version: str = "5.7",
) -> Neo4jError:
    server = stub_server.start(_failing_run(failure, version))
    driver = make_driver(server)
    async with driver.session(database="neo4j") as session:
        with pytest.raises(Neo4jError) as info:
            await (await session.run("Q")).consume()
    await driver.close()
    await server.async_done()
    return info.value


CHAIN = """{
  "gql_status": "42001",
  "description": "error: syntax error - invalid syntax",
  "message": "42001: Invalid input 'X'",
  "neo4j_code": "Neo.ClientError.Statement.SyntaxError",
  "diagnostic_record": {"_classification": "CLIENT_ERROR",
    "_position": {"offset": 0, "line": 1, "column": 1},
    "OPERATION": "", "OPERATION_CODE": "0", "CURRENT_SCHEMA": "/"},
  "cause": {
    "gql_status": "42I06",
    "description": "error: syntax error - invalid input",
    "message": "42I06: Invalid input 'X', expected: 'RETURN'",
    "diagnostic_record": {"_classification": "CLIENT_ERROR", "x": [1, 2]},
    "cause": {
      "gql_status": "22N01",
      "description": "error: data exception - invalid type",
      "message": "22N01: deepest",
      "diagnostic_record": {"_classification": "DATA_ERROR"}
    }
  }
}"""


async def test_gql_failure_fields_and_cause_chain(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    error = await _run_error(stub_server, make_driver, CHAIN)
    assert type(error) is CypherSyntaxError
    assert error.code == "Neo.ClientError.Statement.SyntaxError"
    assert error.classification == "ClientError"
    assert error.message == "42001: Invalid input 'X'"
    assert error.gql_status == "42001"
    assert error.gql_status_description == (
        "error: syntax error - invalid syntax"
    )
    assert error.gql_raw_classification == "CLIENT_ERROR"
    assert error.gql_classification is GqlErrorClassification.CLIENT_ERROR
    assert error.diagnostic_record == {
        "_classification": "CLIENT_ERROR",
        "_position": {"offset": 0, "line": 1, "column": 1},
        "OPERATION": "",
        "OPERATION_CODE": "0",
        "CURRENT_SCHEMA": "/",
    }

    cause = error.__cause__
    assert type(cause) is GqlError
    assert cause.gql_status == "42I06"
    assert cause.message == "42I06: Invalid input 'X', expected: 'RETURN'"
    assert cause.gql_status_description == (
        "error: syntax error - invalid input"
    )
    assert cause.gql_classification is GqlErrorClassification.CLIENT_ERROR
    # missing default keys are filled in, server keys are kept
    assert cause.diagnostic_record == {
        "_classification": "CLIENT_ERROR",
        "x": [1, 2],
        **DEFAULT_DIAGNOSTIC_RECORD,
    }

    deepest = cause.__cause__
    assert type(deepest) is GqlError
    assert deepest.gql_status == "22N01"
    assert deepest.message == "22N01: deepest"
    # a classification outside the enum reads as UNKNOWN, raw value kept
    assert deepest.gql_raw_classification == "DATA_ERROR"
    assert deepest.gql_classification is GqlErrorClassification.UNKNOWN
    assert deepest.__cause__ is None

    assert error.find_by_gql_status("42001") is error
    assert error.find_by_gql_status("42I06") is cause
    assert error.find_by_gql_status("22N01") is deepest
    assert error.find_by_gql_status("50N42") is None
    assert cause.find_by_gql_status("42001") is None


async def test_gql_error_str(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    error = await _run_error(stub_server, make_driver, CHAIN)
    assert str(error) == (
        "{neo4j_code: Neo.ClientError.Statement.SyntaxError} "
        "{message: 42001: Invalid input 'X'} "
        "{gql_status: 42001} "
        "{gql_status_description: "
        "error: syntax error - invalid syntax}"
    )
    deepest = error.find_by_gql_status("22N01")
    assert deepest is not None
    assert str(deepest) == (
        "{gql_status: 22N01} "
        "{gql_status_description: error: data exception - invalid type} "
        "{message: 22N01: deepest} "
        "{diagnostic_record: {'_classification': 'DATA_ERROR', "
        "'OPERATION': '', 'OPERATION_CODE': '0', 'CURRENT_SCHEMA': '/'}} "
        "{raw_classification: DATA_ERROR}"
    )


async def test_gql_failure_without_diagnostic_record(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    error = await _run_error(
        stub_server,
        make_driver,
        '{"gql_status": "25N01", "description": "d", "message": "m", '
        '"neo4j_code": "Neo.TransientError.Transaction.Outdated"}',
    )
    assert type(error) is TransientError
    assert error.is_retryable() is True
    assert error.gql_status == "25N01"
    assert error.gql_status_description == "d"
    assert error.message == "m"
    assert error.diagnostic_record == DEFAULT_DIAGNOSTIC_RECORD
    assert error.gql_raw_classification is None
    assert error.gql_classification is GqlErrorClassification.UNKNOWN
    assert error.__cause__ is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("CLIENT_ERROR", GqlErrorClassification.CLIENT_ERROR),
        ("DATABASE_ERROR", GqlErrorClassification.DATABASE_ERROR),
        ("TRANSIENT_ERROR", GqlErrorClassification.TRANSIENT_ERROR),
        ("client_error", GqlErrorClassification.UNKNOWN),
    ],
)
async def test_gql_classification(
    stub_server: StubServers,
    make_driver: MakeDriver,
    raw: str,
    expected: GqlErrorClassification,
) -> None:
    error = await _run_error(
        stub_server,
        make_driver,
        '{"gql_status": "01N00", "description": "d", "message": "m", '
        '"neo4j_code": "Neo.ClientError.Statement.SyntaxError", '
        f'"diagnostic_record": {{"_classification": "{raw}"}}}}',
    )
    assert error.gql_classification is expected
    assert error.gql_raw_classification == raw
    # the neo4j code decides the class, not the GQL classification
    assert type(error) is CypherSyntaxError


async def test_gql_failure_without_neo4j_code_is_unknown_database_error(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    error = await _run_error(
        stub_server,
        make_driver,
        '{"gql_status": "42001", "description": "d", "message": "m"}',
    )
    assert type(error) is DatabaseError
    assert error.code == "Neo.DatabaseError.General.UnknownError"
    assert error.gql_status == "42001"
    assert error.message == "m"


async def test_gql_failure_missing_status_falls_back_to_unknown(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    error = await _run_error(
        stub_server,
        make_driver,
        '{"description": "d", "message": "m", '
        '"neo4j_code": "Neo.ClientError.Statement.SyntaxError"}',
    )
    assert type(error) is CypherSyntaxError
    assert error.gql_status == "50N42"
    assert error.gql_status_description == UNKNOWN_DESCRIPTION
    assert error.message == "An unknown error occurred"


@pytest.mark.parametrize("version", ["4.4", "5.4", "5.6"])
async def test_pre_gql_failure_is_polyfilled(
    stub_server: StubServers, make_driver: MakeDriver, version: str
) -> None:
    error = await _run_error(
        stub_server,
        make_driver,
        '{"code": "Neo.ClientError.Statement.SyntaxError", '
        '"message": "Invalid input"}',
        version,
    )
    assert type(error) is CypherSyntaxError
    assert error.code == "Neo.ClientError.Statement.SyntaxError"
    assert error.message == "Invalid input"
    assert error.gql_status == "50N42"
    assert error.gql_status_description == (
        f"{UNKNOWN_DESCRIPTION}. Invalid input"
    )
    assert error.diagnostic_record == DEFAULT_DIAGNOSTIC_RECORD
    assert error.gql_raw_classification is None
    assert error.gql_classification is GqlErrorClassification.UNKNOWN
    assert error.__cause__ is None
    assert error.find_by_gql_status("50N42") is error
    assert str(error) == (
        "{neo4j_code: Neo.ClientError.Statement.SyntaxError} "
        "{message: Invalid input} "
        "{gql_status: 50N42} "
        f"{{gql_status_description: {UNKNOWN_DESCRIPTION}. Invalid input}}"
    )


async def test_gql_fields_ignored_before_5_7(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    # a 5.6 server sending GQL keys: the driver still reads code/message
    error = await _run_error(
        stub_server,
        make_driver,
        '{"code": "Neo.ClientError.Statement.SyntaxError", '
        '"message": "old", "gql_status": "42001", "description": "new"}',
        "5.6",
    )
    assert type(error) is CypherSyntaxError
    assert error.gql_status == "50N42"
    assert error.message == "old"


async def test_gql_cause_chain_behind_transaction_error(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        _header("5.7") + 'C: BEGIN {"db": "neo4j"}\n'
        "S: SUCCESS {}\n"
        'C: RUN "Q" {} {}\n'
        'C: PULL {"n": 1000}\n'
        f"S: FAILURE {CHAIN}\n"
        "   IGNORED\n"
    )
    driver = make_driver(server)
    async with driver.session(database="neo4j") as session:
        tx = await session.begin_transaction()
        with pytest.raises(ClientError) as info:
            await tx.run("Q")
        with pytest.raises(TransactionError) as tx_info:
            await tx.run("Q")
        await tx.close()
    tx_error = tx_info.value
    assert tx_error.__cause__ is info.value
    assert tx_error.find_by_gql_status("42001") is info.value
    deepest = tx_error.find_by_gql_status("22N01")
    assert isinstance(deepest, GqlError)
    assert deepest.message == "22N01: deepest"
    await driver.close()
    await server.async_done()


async def test_gql_failure_on_begin_in_5_8(
    stub_server: StubServers, make_driver: MakeDriver
) -> None:
    server = stub_server.start(
        _header("5.8") + 'C: BEGIN {"db": "neo4j"}\n'
        'S: FAILURE {"gql_status": "22N27", "description": "bad type", '
        '"message": "22N27: nope", '
        '"neo4j_code": "Neo.ClientError.Statement.TypeError", '
        '"diagnostic_record": {"_classification": "CLIENT_ERROR", '
        '"OPERATION": "x"}}\n'
    )
    driver = make_driver(server)
    async with driver.session(database="neo4j") as session:
        with pytest.raises(ClientError) as info:
            tx = await session.begin_transaction()
            await tx.run("RETURN 1")
    error = info.value
    assert error.code == "Neo.ClientError.Statement.TypeError"
    assert error.gql_status == "22N27"
    # server values win over the defaults
    assert error.diagnostic_record == {
        "_classification": "CLIENT_ERROR",
        "OPERATION": "x",
        "OPERATION_CODE": "0",
        "CURRENT_SCHEMA": "/",
    }
    await driver.close()
    await server.async_done()
