"""Server error hydration, hierarchy, retryability and GQL data."""

from __future__ import annotations

import pickle
import traceback
import typing as t

import pytest

from neo4j import exceptions as ex
from neo4j.exceptions import (
    AuthConfigurationError,
    AuthError,
    BrokenRecordError,
    CertificateConfigurationError,
    ClientError,
    ConfigurationError,
    ConnectionAcquisitionTimeoutError,
    ConnectionPoolError,
    ConstraintError,
    CypherSyntaxError,
    CypherTypeError,
    DatabaseError,
    DatabaseUnavailable,
    DriverError,
    Forbidden,
    ForbiddenOnReadOnlyDatabase,
    GqlError,
    GqlErrorClassification,
    IncompleteCommit,
    Neo4jError,
    NotALeader,
    ReadServiceUnavailable,
    ResultConsumedError,
    ResultError,
    ResultFailedError,
    ResultNotSingleError,
    RoutingServiceUnavailable,
    ServiceUnavailable,
    SessionError,
    SessionExpired,
    TokenExpired,
    TransactionError,
    TransactionNestingError,
    TransientError,
    UnsupportedServerProduct,
    WriteServiceUnavailable,
)


UNKNOWN_DIAG = {"OPERATION": "", "OPERATION_CODE": "0", "CURRENT_SCHEMA": "/"}
UNKNOWN_GQL_MESSAGE = (
    "50N42: Unexpected error has occurred. See debug log for details."
)
UNKNOWN_DESCRIPTION = "error: general processing exception - unexpected error"


# code -> expected class (after rewrites)
CODE_TABLE: list[tuple[str, type[Neo4jError]]] = [
    ("Neo.ClientError.Schema.ConstraintValidationFailed", ConstraintError),
    ("Neo.ClientError.Schema.ConstraintViolation", ConstraintError),
    (
        "Neo.ClientError.Statement.ConstraintVerificationFailed",
        ConstraintError,
    ),
    ("Neo.ClientError.Statement.ConstraintViolation", ConstraintError),
    ("Neo.ClientError.Statement.InvalidSyntax", CypherSyntaxError),
    ("Neo.ClientError.Statement.SyntaxError", CypherSyntaxError),
    ("Neo.ClientError.Procedure.TypeError", CypherTypeError),
    ("Neo.ClientError.Statement.InvalidType", CypherTypeError),
    ("Neo.ClientError.Statement.TypeError", CypherTypeError),
    (
        "Neo.ClientError.General.ForbiddenOnReadOnlyDatabase",
        ForbiddenOnReadOnlyDatabase,
    ),
    ("Neo.ClientError.General.ReadOnly", Forbidden),
    ("Neo.ClientError.Schema.ForbiddenOnConstraintIndex", Forbidden),
    ("Neo.ClientError.Schema.IndexBelongsToConstraint", Forbidden),
    ("Neo.ClientError.Security.Forbidden", Forbidden),
    ("Neo.ClientError.Transaction.ForbiddenDueToTransactionType", Forbidden),
    ("Neo.ClientError.Security.AuthorizationFailed", AuthError),
    ("Neo.ClientError.Security.Unauthorized", AuthError),
    ("Neo.ClientError.Security.TokenExpired", TokenExpired),
    ("Neo.ClientError.Cluster.NotALeader", NotALeader),
    ("Neo.ClientError.Statement.EntityNotFound", ClientError),
    ("Neo.TransientError.General.DatabaseUnavailable", DatabaseUnavailable),
    ("Neo.TransientError.Network.CommunicationError", TransientError),
    ("Neo.DatabaseError.General.UnknownError", DatabaseError),
    ("Neo.DatabaseError.Statement.ExecutionFailed", DatabaseError),
    ("Neo.Weird.Foo.Bar", Neo4jError),
    # rewrites
    ("Neo.ClientError.Security.AuthorizationExpired", TransientError),
    ("Neo.TransientError.Transaction.Terminated", ClientError),
    ("Neo.TransientError.Transaction.LockClientStopped", ClientError),
    # malformed codes count as unknown database errors
    ("Bad.Code", DatabaseError),
    ("a.b.c.d.e", DatabaseError),
]


@pytest.mark.parametrize(("code", "cls"), CODE_TABLE)
@pytest.mark.parametrize("gql", [False, True])
def test_code_maps_to_class(
    code: str, cls: type[Neo4jError], gql: bool
) -> None:
    if gql:
        error = Neo4jError._from_gql_failure(
            neo4j_code=code,
            message="m",
            gql_status="12345",
            description="d",
        )
    else:
        error = Neo4jError._from_neo4j_failure(code=code, message="m")
    assert type(error) is cls
    assert error.args == ()
    assert repr(error) == f"{cls.__name__}()"


@pytest.mark.parametrize(
    ("code", "reported", "classification", "retryable"),
    [
        (
            "Neo.ClientError.Security.AuthorizationExpired",
            "Neo.ClientError.Security.AuthorizationExpired",
            "TransientError",
            True,
        ),
        (
            "Neo.TransientError.Transaction.Terminated",
            "Neo.ClientError.Transaction.Terminated",
            "ClientError",
            False,
        ),
        (
            "Neo.TransientError.Transaction.LockClientStopped",
            "Neo.ClientError.Transaction.LockClientStopped",
            "ClientError",
            False,
        ),
    ],
)
def test_rewrites(
    code: str, reported: str, classification: str, retryable: bool
) -> None:
    error = Neo4jError._from_neo4j_failure(code=code, message="m")
    assert error.code == reported
    assert error.classification == classification
    assert error.is_retryable() is retryable


@pytest.mark.parametrize(
    ("code", "retryable"),
    [
        ("Neo.TransientError.General.DatabaseUnavailable", True),
        ("Neo.TransientError.Foo.Bar", True),
        ("Neo.ClientError.Cluster.NotALeader", True),
        ("Neo.ClientError.General.ForbiddenOnReadOnlyDatabase", True),
        ("Neo.ClientError.Statement.SyntaxError", False),
        ("Neo.ClientError.Security.Unauthorized", False),
        ("Neo.ClientError.Security.TokenExpired", False),
        ("Neo.DatabaseError.General.UnknownError", False),
        ("Neo.Weird.Foo.Bar", False),
    ],
)
def test_server_error_retryable(code: str, retryable: bool) -> None:
    assert (
        Neo4jError._from_neo4j_failure(code=code).is_retryable() is retryable
    )


def test_pool_can_mark_security_error_retryable() -> None:
    error = Neo4jError._from_neo4j_failure(
        code="Neo.ClientError.Security.Unauthorized"
    )
    error._retry_ok = True
    assert error.is_retryable()
    other = Neo4jError._from_neo4j_failure(
        code="Neo.ClientError.Security.Unauthorized"
    )
    assert not other.is_retryable()


@pytest.mark.parametrize(
    ("cls", "retryable"),
    [
        (DriverError, False),
        (SessionExpired, True),
        (ServiceUnavailable, True),
        (RoutingServiceUnavailable, True),
        (WriteServiceUnavailable, True),
        (ReadServiceUnavailable, True),
        (IncompleteCommit, False),
        (ConfigurationError, False),
        (UnsupportedServerProduct, False),
        (ConnectionAcquisitionTimeoutError, False),
        (BrokenRecordError, False),
    ],
)
def test_driver_error_retryable(
    cls: type[DriverError], retryable: bool
) -> None:
    assert cls("x").is_retryable() is retryable


def test_hydrate_neo4j_fields_and_str() -> None:
    error = Neo4jError._from_neo4j_failure(
        code="Neo.ClientError.Statement.SyntaxError",
        message="Invalid input 'X'",
        foo=1,
    )
    assert error.code == "Neo.ClientError.Statement.SyntaxError"
    assert error.message == "Invalid input 'X'"
    assert error.classification == "ClientError"
    assert error.category == "Statement"
    assert error.title == "SyntaxError"
    assert error.metadata == {"foo": 1}
    assert error.gql_status == "50N42"
    assert error.gql_status_description == (
        f"{UNKNOWN_DESCRIPTION}. Invalid input 'X'"
    )
    assert error.gql_raw_classification is None
    assert error.gql_classification is GqlErrorClassification.UNKNOWN
    assert error.diagnostic_record == UNKNOWN_DIAG
    assert error.__cause__ is None
    assert str(error) == (
        "{neo4j_code: Neo.ClientError.Statement.SyntaxError} "
        "{message: Invalid input 'X'} "
        "{gql_status: 50N42} "
        "{gql_status_description: error: general processing exception - "
        "unexpected error. Invalid input 'X'}"
    )


@pytest.mark.parametrize(
    "meta", [{}, {"code": "", "message": ""}, {"code": 1, "message": None}]
)
def test_hydrate_neo4j_missing_fields(meta: dict[str, t.Any]) -> None:
    error = Neo4jError._from_neo4j_failure(**meta)
    assert type(error) is DatabaseError
    assert error.code == "Neo.DatabaseError.General.UnknownError"
    assert error.message == "An unknown error occurred"
    assert (error.classification, error.category, error.title) == (
        "DatabaseError",
        "General",
        "UnknownError",
    )
    assert error.metadata == {}


def test_hydrate_malformed_code_keeps_code() -> None:
    error = Neo4jError._from_neo4j_failure(code="Bad.Code", message="m")
    assert error.code == "Bad.Code"
    assert (error.classification, error.category, error.title) == (
        "DatabaseError",
        "General",
        "UnknownError",
    )


def test_hydrate_gql_full() -> None:
    error = Neo4jError._from_gql_failure(
        gql_status="42001",
        description="error: syntax error or access rule violation",
        message="Invalid input",
        neo4j_code="Neo.ClientError.Statement.SyntaxError",
        diagnostic_record={
            "_classification": "CLIENT_ERROR",
            "OPERATION": "",
            "_position": {"line": 1},
        },
        cause={
            "gql_status": "22N01",
            "description": "cause description",
            "message": "cause message",
            "diagnostic_record": {"_classification": "DATABASE_ERROR"},
        },
        extra=3,
    )
    assert type(error) is CypherSyntaxError
    assert error.gql_status == "42001"
    assert error.message == "Invalid input"
    assert error.gql_status_description == (
        "error: syntax error or access rule violation"
    )
    assert error.gql_raw_classification == "CLIENT_ERROR"
    assert error.gql_classification is GqlErrorClassification.CLIENT_ERROR
    assert error.diagnostic_record == {
        "_classification": "CLIENT_ERROR",
        "OPERATION": "",
        "_position": {"line": 1},
    }
    assert error.metadata == {"extra": 3}
    assert str(error) == (
        "{neo4j_code: Neo.ClientError.Statement.SyntaxError} "
        "{message: Invalid input} {gql_status: 42001} "
        "{gql_status_description: error: syntax error or access rule "
        "violation}"
    )
    cause = error.__cause__
    assert type(cause) is GqlError
    assert cause.gql_status == "22N01"
    assert cause.message == "cause message"
    assert cause.gql_classification is GqlErrorClassification.DATABASE_ERROR
    assert cause.__cause__ is None
    assert str(cause) == (
        "{gql_status: 22N01} {gql_status_description: cause description} "
        "{message: cause message} "
        "{diagnostic_record: {'_classification': 'DATABASE_ERROR'}} "
        "{raw_classification: DATABASE_ERROR}"
    )


def test_hydrate_gql_missing_status_fields_polyfill() -> None:
    error = Neo4jError._from_gql_failure(
        gql_status="42001", description=3, message="m"
    )
    assert error.gql_status == "50N42"
    assert error.message == "An unknown error occurred"
    assert error.gql_status_description == UNKNOWN_DESCRIPTION
    assert error.code == "Neo.DatabaseError.General.UnknownError"


def test_hydrate_gql_empty_code_is_kept() -> None:
    error = Neo4jError._from_gql_failure(
        neo4j_code="", gql_status="1", description="d", message="m"
    )
    assert error.code == ""
    assert type(error) is DatabaseError


def test_hydrate_gql_ignores_bad_maps() -> None:
    error = Neo4jError._from_gql_failure(
        gql_status="42001",
        description="d",
        message="m",
        diagnostic_record={1: 2},
        cause=5,
    )
    assert error.diagnostic_record == UNKNOWN_DIAG
    assert error.__cause__ is None


@pytest.mark.parametrize(
    ("raw", "expected_raw", "expected"),
    [
        ("CLIENT_ERROR", "CLIENT_ERROR", GqlErrorClassification.CLIENT_ERROR),
        (
            "TRANSIENT_ERROR",
            "TRANSIENT_ERROR",
            GqlErrorClassification.TRANSIENT_ERROR,
        ),
        (
            "DATABASE_ERROR",
            "DATABASE_ERROR",
            GqlErrorClassification.DATABASE_ERROR,
        ),
        ("FOO", "FOO", GqlErrorClassification.UNKNOWN),
        (5, None, GqlErrorClassification.UNKNOWN),
    ],
)
def test_gql_classification(
    raw: object, expected_raw: str | None, expected: GqlErrorClassification
) -> None:
    error = Neo4jError._from_gql_failure(
        gql_status="1",
        description="d",
        message="m",
        diagnostic_record={"_classification": raw},
    )
    assert error.gql_raw_classification == expected_raw
    assert error.gql_classification is expected


def test_diagnostic_record_is_a_copy() -> None:
    error = Neo4jError._from_gql_failure(
        gql_status="1",
        description="d",
        message="m",
        diagnostic_record={"a": {"b": 1}},
    )
    record = error.diagnostic_record
    record["a"]["b"] = 2
    assert error._server_record() == {"a": {"b": 1}}


def _nested_cause_error() -> Neo4jError:
    return Neo4jError._from_gql_failure(
        gql_status="42001",
        description="d",
        message="m",
        cause={
            "gql_status": "22000",
            "description": "cd",
            "message": "cm",
            "cause": {
                "gql_status": "22001",
                "description": "cd2",
                "message": "cm2",
                "cause": {"unknown": 1},
            },
        },
    )


def test_cause_chain() -> None:
    error = _nested_cause_error()
    statuses = []
    link: BaseException | None = error.__cause__
    while link is not None:
        assert isinstance(link, GqlError)
        statuses.append(link.gql_status)
        link = link.__cause__
    assert statuses == ["22000", "22001", "50N42"]
    last = error.find_by_gql_status("50N42")
    assert last is not None
    assert last.message == UNKNOWN_GQL_MESSAGE
    assert last.gql_status_description == UNKNOWN_DESCRIPTION


def test_find_by_gql_status() -> None:
    error = _nested_cause_error()
    assert error.find_by_gql_status("42001") is error
    assert error.find_by_gql_status("22000") is error.__cause__
    found = error.find_by_gql_status("22001")
    assert found is not None
    assert found.message == "cm2"
    assert error.find_by_gql_status("00000") is None


def _raise_from(error: BaseException, cause: BaseException | None) -> t.Any:
    try:
        raise error from cause
    except BaseException as caught:
        return caught


def test_raise_from_appends_to_gql_chain() -> None:
    local = ValueError("local")
    error = _raise_from(_nested_cause_error(), local)
    chain = []
    link: BaseException | None = error
    while link is not None:
        chain.append(link)
        link = link.__cause__
    assert [type(x).__name__ for x in chain] == [
        "DatabaseError",
        "GqlError",
        "GqlError",
        "GqlError",
        "ValueError",
    ]
    assert chain[-1] is local
    assert chain[-2].__suppress_context__
    assert error.find_by_gql_status("22001") is chain[2]


def test_raise_from_without_gql_cause() -> None:
    local = KeyError("k")
    error = _raise_from(
        Neo4jError._from_gql_failure(
            gql_status="1", description="d", message="m"
        ),
        local,
    )
    assert error.__cause__ is local


def test_raise_from_none_keeps_gql_cause() -> None:
    error = _raise_from(_nested_cause_error(), None)
    assert isinstance(error.__cause__, GqlError)
    assert error.__cause__.gql_status == "22000"


def test_gql_cause_visible_in_traceback() -> None:
    error = _raise_from(_nested_cause_error(), OSError("boom"))
    text = "".join(traceback.format_exception(error))
    assert "{gql_status: 22000}" in text
    assert "OSError: boom" in text
    # the root cause is printed first
    assert text.index("OSError: boom") < text.index("{gql_status: 22000}")


def test_circular_chain_keeps_local_cause() -> None:
    error = Neo4jError._from_gql_failure(
        gql_status="1",
        description="d",
        message="m",
        cause={"gql_status": "2", "description": "d", "message": "m"},
    )
    gql_cause = error.find_by_gql_status("2")
    assert gql_cause is not None
    # now make a loop behind the GQL cause, then raise from something
    error = Neo4jError._from_gql_failure(
        gql_status="1",
        description="d",
        message="m",
        cause={"gql_status": "2", "description": "d", "message": "m"},
    )
    pending = error._unsettled_cause
    assert pending is not None
    other = GqlError()
    pending.__cause__ = other
    other.__cause__ = pending
    local = ValueError()
    error = _raise_from(error, local)
    assert error.__cause__ is local


def test_find_by_gql_status_stops_on_a_loop() -> None:
    error = Neo4jError._from_gql_failure(
        gql_status="1",
        description="d",
        message="m",
        cause={"gql_status": "2", "description": "d", "message": "m"},
    )
    cause = error.__cause__
    assert isinstance(cause, GqlError)
    cause.__cause__ = error
    assert error.find_by_gql_status("2") is cause
    assert error.find_by_gql_status("3") is None


@pytest.mark.parametrize(("code", "cls"), CODE_TABLE)
def test_basic_hydrate_for_third_parties(
    code: str, cls: type[Neo4jError]
) -> None:
    error = Neo4jError._basic_hydrate(neo4j_code=code, message="boom")
    expected = Neo4jError._from_neo4j_failure(code=code, message="boom")
    assert type(error) is cls
    assert error.code == expected.code
    assert error.message == "boom"
    assert error.metadata == {}
    assert error.is_retryable() == expected.is_retryable()
    # the GQL part is the plain unknown-error polyfill
    assert error.gql_status == "50N42"
    assert error.gql_status_description == (
        "error: general processing exception - unexpected error"
    )
    with pytest.raises(TypeError):
        Neo4jError._basic_hydrate(code, "boom")  # type: ignore[call-arg]


def test_basic_hydrate_keeps_an_empty_code() -> None:
    error = Neo4jError._basic_hydrate(neo4j_code="", message="boom")
    assert type(error) is DatabaseError
    assert error.code == ""
    assert error.classification == "DatabaseError"
    assert error.title == "UnknownError"
    assert error.message == "boom"


def test_user_constructed_neo4j_error() -> None:
    error = Neo4jError("x", "y")
    assert error.args == ("x", "y")
    assert str(error) == "('x', 'y')"
    assert error.code == "Neo.DatabaseError.General.UnknownError"
    assert error.message == "An unknown error occurred"
    assert error.is_retryable() is False
    assert error.metadata == {}
    # GQL fields are filled lazily with the unknown-error polyfill
    assert error.gql_status == "50N42"
    assert error.message == UNKNOWN_GQL_MESSAGE
    assert error.diagnostic_record == UNKNOWN_DIAG
    assert str(Neo4jError("only")) == "only"


def test_plain_gql_error_str() -> None:
    assert str(GqlError()) == (
        "{gql_status: 50N42} "
        f"{{gql_status_description: {UNKNOWN_DESCRIPTION}}} "
        f"{{message: {UNKNOWN_GQL_MESSAGE}}} "
        f"{{diagnostic_record: {UNKNOWN_DIAG}}} "
        "{raw_classification: None}"
    )


@pytest.mark.parametrize(
    "cls",
    [
        DriverError,
        ConfigurationError,
        AuthConfigurationError,
        CertificateConfigurationError,
        UnsupportedServerProduct,
        ConnectionPoolError,
        ConnectionAcquisitionTimeoutError,
        BrokenRecordError,
    ],
)
def test_driver_error_unknown_gql(cls: type[DriverError]) -> None:
    error = cls("boom", 2)
    assert str(error) == "('boom', 2)"
    assert str(cls("boom")) == "boom"
    assert repr(error) == f"{cls.__name__}('boom', 2)"
    assert error.gql_status == "50N42"
    assert error.message == UNKNOWN_GQL_MESSAGE
    assert error.gql_status_description == UNKNOWN_DESCRIPTION
    assert error.gql_classification is GqlErrorClassification.UNKNOWN


@pytest.mark.parametrize(
    "cls",
    [
        SessionExpired,
        ServiceUnavailable,
        RoutingServiceUnavailable,
        WriteServiceUnavailable,
        ReadServiceUnavailable,
    ],
)
def test_connection_errors_gql(cls: type[DriverError]) -> None:
    error = cls("no route", 1)
    assert error.gql_status == "08000"
    assert error.message == "no route"
    assert error.gql_status_description == (
        "error: connection exception. no route"
    )
    empty = cls()
    assert empty.message == ""
    assert empty.gql_status_description == "error: connection exception"
    assert cls(42).message == ""


def test_incomplete_commit_gql() -> None:
    error = IncompleteCommit("lost")
    assert error.gql_status == "08007"
    assert error.message == "lost"
    assert error.gql_status_description == (
        "error: connection exception - transaction resolution unknown"
    )
    assert str(error) == "lost"
    # the message is not appended to this description
    bare = IncompleteCommit()
    assert bare.message == ""
    assert bare.gql_status_description == (
        "error: connection exception - transaction resolution unknown"
    )
    assert not bare.is_retryable()


def test_connection_error_subclass_inherits_gql_status() -> None:
    class Custom(RoutingServiceUnavailable):
        pass

    error = Custom("gone")
    assert (error.gql_status, error.message) == ("08000", "gone")
    assert error.gql_status_description == (
        "error: connection exception. gone"
    )


@pytest.mark.parametrize(
    ("cls", "attr"),
    [
        (SessionError, "session"),
        (TransactionError, "transaction"),
        (TransactionNestingError, "transaction"),
        (ResultError, "result"),
        (ResultFailedError, "result"),
        (ResultConsumedError, "result"),
        (ResultNotSingleError, "result"),
    ],
)
def test_back_references(cls: type[DriverError], attr: str) -> None:
    owner = object()
    error = cls(owner, "msg")
    assert getattr(error, attr) is owner
    assert error.args == ("msg",)
    assert str(error) == "msg"
    assert repr(error) == f"{cls.__name__}('msg')"


HIERARCHY: dict[str, str] = {
    "GqlError": "Exception",
    "Neo4jError": "GqlError",
    "ClientError": "Neo4jError",
    "CypherSyntaxError": "ClientError",
    "CypherTypeError": "ClientError",
    "ConstraintError": "ClientError",
    "AuthError": "ClientError",
    "TokenExpired": "AuthError",
    "Forbidden": "ClientError",
    "DatabaseError": "Neo4jError",
    "TransientError": "Neo4jError",
    "DatabaseUnavailable": "TransientError",
    "NotALeader": "TransientError",
    "ForbiddenOnReadOnlyDatabase": "TransientError",
    "DriverError": "GqlError",
    "SessionError": "DriverError",
    "TransactionError": "DriverError",
    "TransactionNestingError": "TransactionError",
    "ResultError": "DriverError",
    "ResultFailedError": "ResultError",
    "ResultConsumedError": "ResultError",
    "ResultNotSingleError": "ResultError",
    "BrokenRecordError": "DriverError",
    "SessionExpired": "DriverError",
    "ServiceUnavailable": "DriverError",
    "RoutingServiceUnavailable": "ServiceUnavailable",
    "WriteServiceUnavailable": "ServiceUnavailable",
    "ReadServiceUnavailable": "ServiceUnavailable",
    "IncompleteCommit": "ServiceUnavailable",
    "ResponseTimeoutError": "ServiceUnavailable",  # an extension
    "ConfigurationError": "DriverError",
    "AuthConfigurationError": "ConfigurationError",
    "CertificateConfigurationError": "ConfigurationError",
    "UnsupportedServerProduct": "ConfigurationError",
    "ConnectionPoolError": "DriverError",
    "ConnectionAcquisitionTimeoutError": "ConnectionPoolError",
}


def test_hierarchy() -> None:
    for name, base in HIERARCHY.items():
        cls = getattr(ex, name)
        assert cls.__bases__[0].__name__ == base, name
        assert len(cls.__bases__) == 1
    assert sorted(ex.__all__) == sorted([*HIERARCHY, "GqlErrorClassification"])


def test_classification_enum() -> None:
    assert [m.value for m in GqlErrorClassification] == [
        "CLIENT_ERROR",
        "DATABASE_ERROR",
        "TRANSIENT_ERROR",
        "UNKNOWN",
    ]
    assert GqlErrorClassification.CLIENT_ERROR == "CLIENT_ERROR"


@pytest.mark.parametrize(
    ("code", "fatal", "unauth_all", "security"),
    [
        ("Neo.ClientError.Database.DatabaseNotFound", True, False, False),
        ("Neo.ClientError.Transaction.InvalidBookmark", True, False, False),
        (
            "Neo.ClientError.Transaction.InvalidBookmarkMixture",
            True,
            False,
            False,
        ),
        ("Neo.ClientError.Statement.TypeError", True, False, False),
        ("Neo.ClientError.Statement.ArgumentError", True, False, False),
        ("Neo.ClientError.Request.Invalid", True, False, False),
        ("Neo.ClientError.Security.Unauthorized", True, False, True),
        (
            "Neo.ClientError.Security.AuthorizationExpired",
            False,
            True,
            True,
        ),
        ("Neo.ClientError.Statement.SyntaxError", False, False, False),
        ("Neo.TransientError.General.Foo", False, False, False),
    ],
)
def test_pool_helpers(
    code: str, fatal: bool, unauth_all: bool, security: bool
) -> None:
    error = Neo4jError._from_neo4j_failure(code=code)
    assert error._stops_discovery() is fatal
    assert error._drops_all_auth() is unauth_all
    assert error._is_security_error() is security


def test_pickle_server_error() -> None:
    error = Neo4jError._from_neo4j_failure(
        code="Neo.ClientError.Statement.SyntaxError", message="m", x=1
    )
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is CypherSyntaxError
    assert str(copy) == str(error)
    assert copy.metadata == {"x": 1}
