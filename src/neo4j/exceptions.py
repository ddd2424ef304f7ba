"""
Errors raised by the driver.

Two families, both :class:`GqlError` subclasses: :class:`Neo4jError`
(reported by the server: :class:`ClientError`, :class:`DatabaseError`,
:class:`TransientError` and their subclasses) and :class:`DriverError`
(detected by the driver: session, transaction and result misuse,
connectivity, configuration and connection pool errors).
The GQL base, :class:`GqlError` with :class:`GqlErrorClassification`,
is defined in the private :mod:`neo4j._gql_error` and re-exported here.

Building server errors (for the Bolt layer)
-------------------------------------------
The Bolt layer never calls the constructors.  It turns the metadata of a
FAILURE message into an error with one of two static factories; both pick
the most specific subclass from the Neo4j status code and return it (the
caller raises it)::

    Neo4jError._from_neo4j_failure(**metadata)   # Bolt < 5.7
        # keys: code, message

    Neo4jError._from_gql_failure(**metadata)     # Bolt >= 5.7
        # keys: gql_status, description, message, neo4j_code,
        #       diagnostic_record, cause (nested dict of the same shape,
        #       without neo4j_code)

Keys that are not understood end up in :attr:`Neo4jError.metadata`.  A
value of the wrong type counts as missing.  Errors of servers that know
nothing about GQL get the GQL status ``50N42`` (unknown error).

Server error codes are rewritten where the meaning changed between server
versions: ``Neo.TransientError.Transaction.Terminated`` and
``...LockClientStopped`` become client errors (not retryable) and
``Neo.ClientError.Security.AuthorizationExpired`` is treated as transient
(retryable after re-authentication).

Other internal hooks: ``Neo4jError._retry_ok`` (the pool sets it when an
auth manager accepted a security error), ``_drops_all_auth``,
``_stops_discovery`` and ``_is_security_error``.

GQL causes are exposed through the standard ``__cause__`` attribute.  If such
an error is raised ``from`` another exception, that exception is appended at
the end of the GQL cause chain instead of replacing it.
"""

from __future__ import annotations

import typing as _t

from ._gql_error import (
    _UNKNOWN_GQL_DESCRIPTION,
    _UNKNOWN_GQL_STATUS,
    GqlError,
    GqlErrorClassification,
    _pop_str,
)


__all__ = [
    "AuthConfigurationError",
    "AuthError",
    "BrokenRecordError",
    "CertificateConfigurationError",
    "ClientError",
    "ConfigurationError",
    "ConnectionAcquisitionTimeoutError",
    "ConnectionPoolError",
    "ConstraintError",
    "CypherSyntaxError",
    "CypherTypeError",
    "DatabaseError",
    "DatabaseUnavailable",
    "DriverError",
    "Forbidden",
    "ForbiddenOnReadOnlyDatabase",
    "GqlError",
    "GqlErrorClassification",
    "IncompleteCommit",
    "Neo4jError",
    "NotALeader",
    "ReadServiceUnavailable",
    "ResultConsumedError",
    "ResultError",
    "ResultFailedError",
    "ResultNotSingleError",
    "RoutingServiceUnavailable",
    "ServiceUnavailable",
    "SessionError",
    "SessionExpired",
    "TokenExpired",
    "TransactionError",
    "TransactionNestingError",
    "TransientError",
    "UnsupportedServerProduct",
    "WriteServiceUnavailable",
]


_CLIENT: _t.Final[str] = "ClientError"
_TRANSIENT: _t.Final[str] = "TransientError"
_DATABASE: _t.Final[str] = "DatabaseError"

_UNKNOWN_NEO4J_CODE: _t.Final[str] = "Neo.DatabaseError.General.UnknownError"
_UNKNOWN_MESSAGE: _t.Final[str] = "An unknown error occurred"
_CONNECTION_STATUS: _t.Final[str] = "08000"
_CONNECTION_DESCRIPTION: _t.Final[str] = "error: connection exception"

# code -> (classification to use, code to report instead or None)
_REWRITES: _t.Final[dict[str, tuple[str, str | None]]] = {
    "Neo.ClientError.Security.AuthorizationExpired": (_TRANSIENT, None),
    "Neo.TransientError.Transaction.Terminated": (
        _CLIENT,
        "Neo.ClientError.Transaction.Terminated",
    ),
    "Neo.TransientError.Transaction.LockClientStopped": (
        _CLIENT,
        "Neo.ClientError.Transaction.LockClientStopped",
    ),
}

_FATAL_DISCOVERY_CODES: _t.Final[frozenset[str]] = frozenset(
    (
        "Neo.ClientError.Database.DatabaseNotFound",
        "Neo.ClientError.Transaction.InvalidBookmark",
        "Neo.ClientError.Transaction.InvalidBookmarkMixture",
        "Neo.ClientError.Statement.TypeError",
        "Neo.ClientError.Statement.ArgumentError",
        "Neo.ClientError.Request.Invalid",
    )
)
_SECURITY_PREFIX: _t.Final[str] = "Neo.ClientError.Security."
_AUTH_EXPIRED: _t.Final[str] = "Neo.ClientError.Security.AuthorizationExpired"


class Neo4jError(GqlError):
    """An error reported by the server (a FAILURE response)."""

    _neo4j_code: str
    _classif: str
    _category: str
    _title: str
    _metadata: dict[str, _t.Any]
    _from_server: bool = False
    _retry_ok: bool = False

    def __init__(self, *args: object) -> None:
        super().__init__(*args)
        self._neo4j_code = _UNKNOWN_NEO4J_CODE
        self._message = _UNKNOWN_MESSAGE
        self._classif = _DATABASE
        self._category = "General"
        self._title = "UnknownError"
        self._metadata = {}

    # -- hydration (internal, see module docstring) --------------------

    @staticmethod
    def _from_neo4j_failure(**metadata: _t.Any) -> Neo4jError:
        code = _pop_str(metadata, "code") or _UNKNOWN_NEO4J_CODE
        message = _pop_str(metadata, "message") or _UNKNOWN_MESSAGE
        error = Neo4jError._basic_hydrate(code, message)
        error._init_gql(
            gql_status=_UNKNOWN_GQL_STATUS,
            message=message,
            description=f"{_UNKNOWN_GQL_DESCRIPTION}. {message}",
        )
        error._metadata = metadata
        return error

    @staticmethod
    def _from_gql_failure(**metadata: _t.Any) -> Neo4jError:
        code = _pop_str(metadata, "neo4j_code")
        if code is None:
            code = _UNKNOWN_NEO4J_CODE
        error = Neo4jError._basic_hydrate(code, _UNKNOWN_MESSAGE)
        error._init_gql_from(metadata, _UNKNOWN_MESSAGE)
        error._metadata = metadata
        return error

    @staticmethod
    def _basic_hydrate(code: str, message: str) -> Neo4jError:
        parts = code.split(".")
        if len(parts) == 4:
            classification, category, title = parts[1:]
            rewrite = _REWRITES.get(code)
            if rewrite is not None:
                classification = rewrite[0]
                code = rewrite[1] or code
        else:
            classification, category = _DATABASE, "General"
            title = "UnknownError"
        cls = Neo4jError._extract_error_class(classification, code)
        # Bypass __init__: server errors carry no positional args.
        error: Neo4jError = Exception.__new__(cls)
        error._from_server = True
        error._neo4j_code = code
        error._classif = classification
        error._category = category
        error._title = title
        error._message = message
        error._metadata = {}
        return error

    @staticmethod
    def _extract_error_class(
        classification: str, code: str
    ) -> type[Neo4jError]:
        if classification == _CLIENT:
            return _CLIENT_ERRORS.get(code, ClientError)
        if classification == _TRANSIENT:
            return _TRANSIENT_ERRORS.get(code, TransientError)
        if classification == _DATABASE:
            return DatabaseError
        return Neo4jError

    # -- public API ----------------------------------------------------

    @property
    def message(self) -> str:
        """The error message sent by the server."""
        return self._message

    @property
    def code(self) -> str:
        """The Neo4j status code, e.g. ``"Neo.ClientError.Statement.SyntaxError"``."""  # noqa: E501
        return self._neo4j_code

    @property
    def classification(self) -> str:
        """Second part of :attr:`code` (e.g. ``"ClientError"``)."""
        return self._classif

    @property
    def category(self) -> str:
        """Third part of :attr:`code` (e.g. ``"Statement"``)."""
        return self._category

    @property
    def title(self) -> str:
        """Last part of :attr:`code` (e.g. ``"SyntaxError"``)."""
        return self._title

    @property
    def metadata(self) -> dict[str, _t.Any]:
        """Further FAILURE metadata the driver did not interpret."""
        return self._metadata

    def is_retryable(self) -> bool:
        """
        Tell whether retrying the transaction may succeed.

        Managed transactions use this to decide whether to retry.
        Auto-commit transactions are never retried, whatever this says.

        :returns: :data:`True` for transient errors (and security errors an
            auth manager chose to handle), :data:`False` otherwise
        """
        return self._retry_ok

    # -- internal helpers for the connection pool ---------------------

    def _drops_all_auth(self) -> bool:
        return self._neo4j_code == _AUTH_EXPIRED

    def _stops_discovery(self) -> bool:
        code = self._neo4j_code
        if code in _FATAL_DISCOVERY_CODES:
            return True
        return code.startswith(_SECURITY_PREFIX) and code != _AUTH_EXPIRED

    def _is_security_error(self) -> bool:
        return self._neo4j_code.startswith(_SECURITY_PREFIX)

    def __str__(self) -> str:
        if not self._from_server:
            return Exception.__str__(self)
        return (
            f"{{neo4j_code: {self._neo4j_code}}} "
            f"{{message: {self._message}}} "
            f"{{gql_status: {self.gql_status}}} "
            f"{{gql_status_description: {self.gql_status_description}}}"
        )


class ClientError(Neo4jError):
    """The request was invalid; retrying it unchanged won't help."""


class CypherSyntaxError(ClientError):
    """The query is not valid Cypher."""


class CypherTypeError(ClientError):
    """A value had the wrong type for the operation."""


class ConstraintError(ClientError):
    """A schema constraint would be violated."""


class AuthError(ClientError):
    """Authentication or authorization failed."""


class TokenExpired(AuthError):
    """The authentication token has expired."""


class Forbidden(ClientError):
    """The operation is not allowed (permissions, read-only...)."""


class DatabaseError(Neo4jError):
    """The server failed to process a valid request."""


class TransientError(Neo4jError):
    """A temporary server condition; retrying later may succeed."""

    _retry_ok = True


class DatabaseUnavailable(TransientError):
    """The database is not available right now."""


class NotALeader(TransientError):
    """The cluster member is not the leader (writer) for the database."""


class ForbiddenOnReadOnlyDatabase(TransientError):
    """A write was sent to a read-only database (e.g. a follower)."""


_CLIENT_ERRORS: _t.Final[dict[str, type[Neo4jError]]] = {
    "Neo.ClientError.Schema.ConstraintValidationFailed": ConstraintError,
    "Neo.ClientError.Schema.ConstraintViolation": ConstraintError,
    "Neo.ClientError.Statement.ConstraintVerificationFailed": (
        ConstraintError
    ),
    "Neo.ClientError.Statement.ConstraintViolation": ConstraintError,
    "Neo.ClientError.Statement.InvalidSyntax": CypherSyntaxError,
    "Neo.ClientError.Statement.SyntaxError": CypherSyntaxError,
    "Neo.ClientError.Procedure.TypeError": CypherTypeError,
    "Neo.ClientError.Statement.InvalidType": CypherTypeError,
    "Neo.ClientError.Statement.TypeError": CypherTypeError,
    "Neo.ClientError.General.ForbiddenOnReadOnlyDatabase": (
        ForbiddenOnReadOnlyDatabase
    ),
    "Neo.ClientError.General.ReadOnly": Forbidden,
    "Neo.ClientError.Schema.ForbiddenOnConstraintIndex": Forbidden,
    "Neo.ClientError.Schema.IndexBelongsToConstraint": Forbidden,
    "Neo.ClientError.Security.Forbidden": Forbidden,
    "Neo.ClientError.Transaction.ForbiddenDueToTransactionType": Forbidden,
    "Neo.ClientError.Security.AuthorizationFailed": AuthError,
    "Neo.ClientError.Security.Unauthorized": AuthError,
    "Neo.ClientError.Security.TokenExpired": TokenExpired,
    "Neo.ClientError.Cluster.NotALeader": NotALeader,
}

_TRANSIENT_ERRORS: _t.Final[dict[str, type[Neo4jError]]] = {
    "Neo.TransientError.General.DatabaseUnavailable": DatabaseUnavailable,
}


class DriverError(GqlError):
    """An error detected by the driver itself."""

    def is_retryable(self) -> bool:
        """
        Tell whether retrying the transaction may succeed.

        :returns: :data:`True` for connectivity problems
            (:class:`SessionExpired`, :class:`ServiceUnavailable` except
            :class:`IncompleteCommit`), :data:`False` otherwise
        """
        return False

    def __str__(self) -> str:
        return Exception.__str__(self)


if _t.TYPE_CHECKING:
    # The session/transaction/result classes are defined in the twin
    # packages, above this module; back references are typed loosely.
    _TSession: _t.TypeAlias = _t.Any
    _TTransaction: _t.TypeAlias = _t.Any
    _TResult: _t.TypeAlias = _t.Any


class SessionError(DriverError):
    """
    Misuse of a session.

    :param session_: the session concerned, kept as :attr:`session`
    """

    session: _TSession

    def __init__(self, session_: _TSession, *args: object) -> None:
        super().__init__(*args)
        self.session = session_


class TransactionError(DriverError):
    """
    Misuse of a transaction, or use of a failed or closed one.

    :param transaction_: the transaction concerned, kept as
        :attr:`transaction`
    """

    transaction: _TTransaction

    def __init__(self, transaction_: _TTransaction, *args: object) -> None:
        super().__init__(*args)
        self.transaction = transaction_


class TransactionNestingError(TransactionError):
    """A transaction was started while another one was still open."""


class ResultError(DriverError):
    """
    Misuse of a result.

    :param result_: the result concerned, kept as :attr:`result`
    """

    result: _TResult

    def __init__(self, result_: _TResult, *args: object) -> None:
        super().__init__(*args)
        self.result = result_


class ResultFailedError(ResultError):
    """
    Records were requested from a failed result.

    A result fails when fetching its records failed, or when another
    result of the same transaction failed.
    """


class ResultConsumedError(ResultError):
    """Records were requested from a consumed or out-of-scope result."""


class ResultNotSingleError(ResultError):
    """A result had zero or several records where exactly one was needed."""


class BrokenRecordError(DriverError):
    """
    A record field could not be decoded.

    Example: a zoned datetime whose time zone id is unknown on this
    machine.  The other fields of the record remain usable.
    """


def _connection_gql(error: GqlError, args: tuple[object, ...]) -> None:
    message = args[0] if args and isinstance(args[0], str) else ""
    description = _CONNECTION_DESCRIPTION
    if message:
        description = f"{description}. {message}"
    error._init_gql(
        gql_status=_CONNECTION_STATUS,
        message=message,
        description=description,
    )


# SessionExpired and ServiceUnavailable repeat __init__/is_retryable
# instead of sharing a private base: their __bases__ are public API
# (exactly DriverError, as in the official driver).
class SessionExpired(DriverError):
    """The session can no longer do what it was opened for."""

    def __init__(self, *args: object) -> None:
        super().__init__(*args)
        _connection_gql(self, args)

    def is_retryable(self) -> bool:
        """:returns: always :data:`True`"""
        return True


class ServiceUnavailable(DriverError):
    """No server could be reached (or none that offers the service)."""

    def __init__(self, *args: object) -> None:
        super().__init__(*args)
        _connection_gql(self, args)

    def is_retryable(self) -> bool:
        """:returns: :data:`True`, except for :class:`IncompleteCommit`"""
        return True


class RoutingServiceUnavailable(ServiceUnavailable):
    """No routing server could be reached."""


class WriteServiceUnavailable(ServiceUnavailable):
    """No writer could be reached."""


class ReadServiceUnavailable(ServiceUnavailable):
    """No reader could be reached."""


class IncompleteCommit(ServiceUnavailable):
    """
    The connection broke while waiting for the outcome of a COMMIT.

    The transaction may or may not have been committed, so retrying a
    non-idempotent transaction is not safe.
    """

    def __init__(self, *args: object) -> None:
        super().__init__(*args)
        message = args[0] if args and isinstance(args[0], str) else ""
        self._init_gql(
            gql_status="08007",
            message=message,
            description=(
                "error: connection exception - transaction resolution unknown"
            ),
        )

    def is_retryable(self) -> bool:
        """:returns: always :data:`False`"""
        return False


class ConfigurationError(DriverError):
    """Invalid driver, session or query configuration."""


class AuthConfigurationError(ConfigurationError):
    """Invalid authentication configuration."""


class CertificateConfigurationError(ConfigurationError):
    """Invalid TLS certificate configuration (e.g. unreadable files)."""


class UnsupportedServerProduct(ConfigurationError):
    """
    The server is not a supported product or speaks no common Bolt version.

    .. versionchanged:: 6.0 Subclass of :class:`ConfigurationError`.
    """

    def __init__(self, *args: object) -> None:
        super().__init__(*args)


class ConnectionPoolError(DriverError):
    """The connection pool failed to provide a connection."""


class ConnectionAcquisitionTimeoutError(ConnectionPoolError):
    """
    No connection became free in time.

    The limit is the ``connection_acquisition_timeout`` option.
    """
