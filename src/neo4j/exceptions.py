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
    _UNKNOWN_GQL_MESSAGE,
    _UNKNOWN_GQL_STATUS,
    GqlError,
    GqlErrorClassification,
    _braced,
    _GqlFacts,
    _load_failure_gql,
    _take_str,
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
    "ResponseTimeoutError",
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


class _CodeParts(_t.NamedTuple):
    """A Neo4j status code and the three names it is made of."""

    code: str
    classification: str
    category: str
    title: str


# used for user-made errors and for codes that are not four dotted names
_UNKNOWN_CODE: _t.Final[_CodeParts] = _CodeParts(
    "Neo.DatabaseError.General.UnknownError",
    "DatabaseError",
    "General",
    "UnknownError",
)
_UNKNOWN_MESSAGE: _t.Final[str] = "An unknown error occurred"

# Codes whose meaning changed between server versions.  Older servers
# report terminated transactions as transient; they are not retryable, so
# the driver reports the newer client error codes instead ...
_RENAMED_CODES: _t.Final[dict[str, str]] = {
    "Neo.TransientError.Transaction.Terminated": (
        "Neo.ClientError.Transaction.Terminated"
    ),
    "Neo.TransientError.Transaction.LockClientStopped": (
        "Neo.ClientError.Transaction.LockClientStopped"
    ),
}
# ... and an expired authorization can be retried once the auth manager
# has fresh credentials, so it counts as transient (keeping its code).
_RECLASSIFIED_CODES: _t.Final[dict[str, str]] = {
    "Neo.ClientError.Security.AuthorizationExpired": "TransientError",
}

_SECURITY_PREFIX: _t.Final[str] = "Neo.ClientError.Security."
_AUTH_EXPIRED: _t.Final[str] = "Neo.ClientError.Security.AuthorizationExpired"
# errors that make routing table discovery give up at once (besides the
# security errors other than an expired authorization)
_DISCOVERY_STOPPERS: _t.Final[frozenset[str]] = frozenset(
    (
        "Neo.ClientError.Database.DatabaseNotFound",
        "Neo.ClientError.Transaction.InvalidBookmark",
        "Neo.ClientError.Transaction.InvalidBookmarkMixture",
        "Neo.ClientError.Statement.TypeError",
        "Neo.ClientError.Statement.ArgumentError",
        "Neo.ClientError.Request.Invalid",
    )
)


def _parse_code(code: str) -> _CodeParts:
    """Split a server code, applying the renames and reclassifications."""
    code = _RENAMED_CODES.get(code, code)
    names = code.split(".")
    if len(names) != 4:
        return _UNKNOWN_CODE._replace(code=code)
    classification = _RECLASSIFIED_CODES.get(code, names[1])
    return _CodeParts(code, classification, names[2], names[3])


class Neo4jError(GqlError):
    """An error reported by the server (a FAILURE response)."""

    # None for errors not built from a FAILURE (e.g. made by user code)
    _parts: _CodeParts | None = None
    # FAILURE metadata the driver did not interpret
    _leftover: dict[str, _t.Any]
    # a pool with an auth manager that handled the error sets it
    _retry_ok: bool = False

    def __init__(self, *args: object) -> None:
        super().__init__(*args)
        self._leftover = {}

    # -- hydration (internal, see module docstring) --------------------

    @staticmethod
    def _from_neo4j_failure(**metadata: _t.Any) -> Neo4jError:
        # Servers before GQL errors: the message is all there is, so it
        # doubles as GQL message and goes into the description as well.
        message = _take_str(metadata, "message") or _UNKNOWN_MESSAGE
        code = _take_str(metadata, "code") or _UNKNOWN_CODE.code
        error = _server_error(code, metadata)
        error._attach_gql(
            _GqlFacts(
                status=_UNKNOWN_GQL_STATUS,
                message=message,
                description=f"{_UNKNOWN_GQL_DESCRIPTION}. {message}",
            )
        )
        return error

    @staticmethod
    def _from_gql_failure(**metadata: _t.Any) -> Neo4jError:
        code = _take_str(metadata, "neo4j_code")
        if code is None:
            code = _UNKNOWN_CODE.code
        error = _server_error(code, metadata)
        _load_failure_gql(error, metadata, _UNKNOWN_MESSAGE)
        return error

    # The official driver's names for the two builders above.  Not used
    # by the driver: application test suites fake server errors with
    # ``Neo4jError._hydrate_neo4j(code=..., message=...)``.
    _hydrate_neo4j = _from_neo4j_failure
    _hydrate_gql = _from_gql_failure

    @staticmethod
    def _basic_hydrate(*, neo4j_code: str, message: str) -> Neo4jError:
        """
        Build a server error from a Neo4j status code and a message.

        Not used by the driver: kept, with this signature, for the test
        suites of third-party libraries that fake server errors with it.
        The result is what a pre-GQL server's FAILURE with this ``code``
        and ``message`` turns into, except that ``code`` stays exactly
        as given (also when empty), and the GQL description and the
        message ``str()`` shows are the plain "unknown error" ones, as the
        official driver builds it.
        """
        error = _server_error(neo4j_code or _UNKNOWN_CODE.code, {})
        error._attach_gql(
            _GqlFacts(
                status=_UNKNOWN_GQL_STATUS,
                message=message,
                description=_UNKNOWN_GQL_DESCRIPTION,
                shown=_UNKNOWN_GQL_MESSAGE,
            )
        )
        if not neo4j_code:
            error._parts = _UNKNOWN_CODE._replace(code=neo4j_code)
        return error

    def _code_parts(self) -> _CodeParts:
        parts = self._parts
        return _UNKNOWN_CODE if parts is None else parts

    # -- public API ----------------------------------------------------

    @property
    def message(self) -> str:
        """The error message sent by the server."""
        facts = self._gql
        return _UNKNOWN_MESSAGE if facts is None else facts.message

    @property
    def code(self) -> str:
        """The Neo4j status code, e.g. ``"Neo.ClientError.Statement.SyntaxError"``."""  # noqa: E501
        return self._code_parts().code

    @property
    def classification(self) -> str:
        """Second part of :attr:`code` (e.g. ``"ClientError"``)."""
        return self._code_parts().classification

    @property
    def category(self) -> str:
        """Third part of :attr:`code` (e.g. ``"Statement"``)."""
        return self._code_parts().category

    @property
    def title(self) -> str:
        """Last part of :attr:`code` (e.g. ``"SyntaxError"``)."""
        return self._code_parts().title

    @property
    def metadata(self) -> dict[str, _t.Any]:
        """Further FAILURE metadata the driver did not interpret."""
        return self._leftover

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

    def _is_security_error(self) -> bool:
        return self.code.startswith(_SECURITY_PREFIX)

    def _drops_all_auth(self) -> bool:
        # an expired authorization invalidates every pooled connection's
        return self.code == _AUTH_EXPIRED

    def _stops_discovery(self) -> bool:
        if self.code in _DISCOVERY_STOPPERS:
            return True
        return self._is_security_error() and not self._drops_all_auth()

    def __str__(self) -> str:
        parts = self._parts
        if parts is None:
            # made by user code: the plain text of its arguments
            return Exception.__str__(self)
        return _braced(
            ("neo4j_code", parts.code),
            ("message", self._facts().shown_message()),
            ("gql_status", self.gql_status),
            ("gql_status_description", self.gql_status_description),
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


# The classes server codes are raised as.  A code listed nowhere is
# raised as the class of its classification (the second dotted name),
# and as a plain Neo4jError if that is unknown too.
_CODES_OF_CLASS: _t.Final[
    tuple[tuple[type[Neo4jError], tuple[str, ...]], ...]
] = (
    (
        ConstraintError,
        (
            "Neo.ClientError.Schema.ConstraintValidationFailed",
            "Neo.ClientError.Schema.ConstraintViolation",
            "Neo.ClientError.Statement.ConstraintVerificationFailed",
            "Neo.ClientError.Statement.ConstraintViolation",
        ),
    ),
    (
        CypherSyntaxError,
        (
            "Neo.ClientError.Statement.InvalidSyntax",
            "Neo.ClientError.Statement.SyntaxError",
        ),
    ),
    (
        CypherTypeError,
        (
            "Neo.ClientError.Procedure.TypeError",
            "Neo.ClientError.Statement.InvalidType",
            "Neo.ClientError.Statement.TypeError",
        ),
    ),
    (
        Forbidden,
        (
            "Neo.ClientError.General.ReadOnly",
            "Neo.ClientError.Schema.ForbiddenOnConstraintIndex",
            "Neo.ClientError.Schema.IndexBelongsToConstraint",
            "Neo.ClientError.Security.Forbidden",
            "Neo.ClientError.Transaction.ForbiddenDueToTransactionType",
        ),
    ),
    (
        AuthError,
        (
            "Neo.ClientError.Security.AuthorizationFailed",
            "Neo.ClientError.Security.Unauthorized",
        ),
    ),
    (TokenExpired, ("Neo.ClientError.Security.TokenExpired",)),
    (NotALeader, ("Neo.ClientError.Cluster.NotALeader",)),
    (
        ForbiddenOnReadOnlyDatabase,
        ("Neo.ClientError.General.ForbiddenOnReadOnlyDatabase",),
    ),
    (
        DatabaseUnavailable,
        ("Neo.TransientError.General.DatabaseUnavailable",),
    ),
)
_CLASS_OF_CODE: _t.Final[dict[str, type[Neo4jError]]] = {
    code: cls for cls, codes in _CODES_OF_CLASS for code in codes
}
_CLASS_OF_CLASSIFICATION: _t.Final[dict[str, type[Neo4jError]]] = {
    "ClientError": ClientError,
    "TransientError": TransientError,
    "DatabaseError": DatabaseError,
}


def _server_error(code: str, leftover: dict[str, _t.Any]) -> Neo4jError:
    """
    A new error of the class ``code`` stands for, without GQL facts yet.

    :param code: the Neo4j status code (a malformed one, even an empty
        one, counts as an unknown database error but is reported as is)
    :param leftover: the FAILURE metadata that remains uninterpreted
    """
    parts = _parse_code(code)
    cls = _CLASS_OF_CODE.get(parts.code)
    if cls is None:
        cls = _CLASS_OF_CLASSIFICATION.get(parts.classification, Neo4jError)
    error = cls()
    error._parts = parts
    error._leftover = leftover
    return error


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


class _LinkStatus(_t.NamedTuple):
    """The GQL status a connection error class reports."""

    status: str
    description: str
    #: whether ``". <message>"`` is added to the description
    with_message: bool


_LINK_LOST: _t.Final[_LinkStatus] = _LinkStatus(
    "08000", "error: connection exception", with_message=True
)
_COMMIT_UNCERTAIN: _t.Final[_LinkStatus] = _LinkStatus(
    "08007",
    "error: connection exception - transaction resolution unknown",
    with_message=False,
)


def _attach_link_status(
    error: SessionExpired | ServiceUnavailable, args: tuple[object, ...]
) -> None:
    # The GQL message is the error's text: its first argument, if that
    # is a string.
    link = error._link_status
    text = args[0] if args and isinstance(args[0], str) else ""
    description = link.description
    if link.with_message and text:
        description += f". {text}"
    error._attach_gql(_GqlFacts(link.status, text, description))


# SessionExpired and ServiceUnavailable repeat __init__/is_retryable
# instead of sharing a private base: their __bases__ are public API
# (exactly DriverError, as in the official driver).
class SessionExpired(DriverError):
    """The session can no longer do what it was opened for."""

    _link_status: _t.ClassVar[_LinkStatus] = _LINK_LOST

    def __init__(self, *args: object) -> None:
        super().__init__(*args)
        _attach_link_status(self, args)

    def is_retryable(self) -> bool:
        """:returns: always :data:`True`"""
        return True


class ServiceUnavailable(DriverError):
    """No server could be reached (or none that offers the service)."""

    _link_status: _t.ClassVar[_LinkStatus] = _LINK_LOST

    def __init__(self, *args: object) -> None:
        super().__init__(*args)
        _attach_link_status(self, args)

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

    _link_status = _COMMIT_UNCERTAIN

    def is_retryable(self) -> bool:
        """:returns: always :data:`False`"""
        return False


class ResponseTimeoutError(ServiceUnavailable):
    """The server did not answer within the ``response_timeout``.

    An extension of this driver (the official one has no client-side
    response deadline): raised when the option is set and a reply does
    not arrive in time, whatever the server is doing (silent, trickling
    bytes, stopped mid-message).  The connection is closed, so its slot
    in the pool is free again.  Not retried by transaction functions:
    the deadline is the caller's limit for the whole wait.
    """

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
