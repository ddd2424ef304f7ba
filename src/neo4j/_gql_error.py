"""The GQL part of every driver error: :class:`GqlError` and its enum.

Split from :mod:`neo4j.exceptions` (which re-exports both; their
``__module__`` says ``neo4j.exceptions``) to keep that module short: this
is the GQL status, diagnostic record and cause chain machinery, the
public module holds the Neo4j and driver error families built on it.
"""

from __future__ import annotations

import copy as _copy
import enum as _enum
import typing as _t


__all__ = ["GqlError", "GqlErrorClassification"]


_UNKNOWN_GQL_STATUS: _t.Final[str] = "50N42"
_UNKNOWN_GQL_DESCRIPTION: _t.Final[str] = (
    "error: general processing exception - unexpected error"
)
_UNKNOWN_GQL_MESSAGE: _t.Final[str] = (
    "50N42: Unexpected error has occurred. See debug log for details."
)
_UNKNOWN_DIAGNOSTIC_RECORD: _t.Final[tuple[tuple[str, str], ...]] = (
    ("OPERATION", ""),
    ("OPERATION_CODE", "0"),
    ("CURRENT_SCHEMA", "/"),
)
# The C-level slot behind BaseException.__cause__; GqlError shadows the
# attribute with a property and reaches the real storage through this.
_cause_slot: _t.Any = BaseException.__dict__["__cause__"]


class GqlErrorClassification(str, _enum.Enum):
    """
    Stable classification of a GQL error.

    A :class:`str` enum, so members compare equal to their names
    (``GqlErrorClassification.CLIENT_ERROR == "CLIENT_ERROR"``).

    .. seealso:: :attr:`GqlError.gql_classification`
    """

    __module__ = "neo4j.exceptions"

    CLIENT_ERROR = "CLIENT_ERROR"
    DATABASE_ERROR = "DATABASE_ERROR"
    TRANSIENT_ERROR = "TRANSIENT_ERROR"
    #: The server sent no classification, or one this driver does not know.
    UNKNOWN = "UNKNOWN"


_KNOWN_CLASSIFICATIONS: _t.Final[frozenset[str]] = frozenset(
    member.value for member in GqlErrorClassification
)


def _pop_str(meta: dict[str, _t.Any], key: str) -> str | None:
    value = meta.pop(key, None)
    return value if isinstance(value, str) else None


def _pop_map(meta: dict[str, _t.Any], key: str) -> dict[str, _t.Any] | None:
    value = meta.pop(key, None)
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return value
    return None


class GqlError(Exception):
    """
    GQL status information attached to an error.

    The driver raises only subclasses; plain instances appear as links of
    the :attr:`__cause__` chain of server errors.  Use
    :meth:`find_by_gql_status` to search that chain.
    """

    __module__ = "neo4j.exceptions"

    _gql_code: str
    _message: str
    _gql_status_description: str
    _gql_raw_classification: str | None
    _gql_classification: GqlErrorClassification
    _status_diagnostic_record: dict[str, _t.Any]
    _diag_record: dict[str, _t.Any]
    _cause_err: GqlError | None = None

    # -- construction helpers (internal) ------------------------------

    def _init_gql(
        self,
        *,
        gql_status: str,
        message: str,
        description: str,
        diagnostic_record: dict[str, _t.Any] | None = None,
        cause: GqlError | None = None,
    ) -> None:
        self._gql_code = gql_status
        self._message = message
        self._gql_status_description = description
        if diagnostic_record is not None:
            self._status_diagnostic_record = diagnostic_record
        if cause is not None:
            # Shown by tracebacks right away; remembered so that a later
            # ``raise ... from x`` appends x instead of dropping the cause.
            self._cause_err = cause
            _cause_slot.__set__(self, cause)

    def _set_gql_unknown(self) -> None:
        self._gql_code = _UNKNOWN_GQL_STATUS
        self._message = _UNKNOWN_GQL_MESSAGE
        self._gql_status_description = _UNKNOWN_GQL_DESCRIPTION

    def _init_gql_from(
        self, metadata: dict[str, _t.Any], unknown_message: str
    ) -> None:
        # Pop the GQL keys of FAILURE metadata (the cause chain included).
        gql_status = _pop_str(metadata, "gql_status")
        description = _pop_str(metadata, "description")
        message = _pop_str(metadata, "message")
        if gql_status is None or description is None or message is None:
            gql_status = _UNKNOWN_GQL_STATUS
            description = _UNKNOWN_GQL_DESCRIPTION
            message = unknown_message
        diagnostic_record = _pop_map(metadata, "diagnostic_record")
        cause_meta = _pop_map(metadata, "cause")
        self._init_gql(
            gql_status=gql_status,
            message=message,
            description=description,
            diagnostic_record=diagnostic_record,
            cause=(
                None
                if cause_meta is None
                else GqlError._hydrate_cause(**cause_meta)
            ),
        )

    @staticmethod
    def _hydrate_cause(**metadata: _t.Any) -> GqlError:
        error = GqlError()
        error._init_gql_from(metadata, _UNKNOWN_GQL_MESSAGE)
        return error

    def _gql_field(self, name: str) -> str:
        # A status field, set to "unknown error" on first use if absent.
        try:
            return _t.cast(str, getattr(self, name))
        except AttributeError:
            self._set_gql_unknown()
            return _t.cast(str, getattr(self, name))

    # -- cause chain ---------------------------------------------------

    @property
    def __cause__(self) -> BaseException | None:
        """
        The cause of this error: the server's GQL cause, if any.

        If the error was raised ``from`` another exception as well, that
        exception is found at the end of the GQL cause chain.
        """
        cause: BaseException | None = _cause_slot.__get__(self)
        pending = self._cause_err
        if pending is None:
            return cause
        if cause is pending:
            self._cause_err = None
            return cause
        if cause is not None:
            # Append the exception given with ``raise ... from`` behind the
            # last link of the GQL chain (unless the chain is circular).
            last: BaseException = pending
            seen = {id(self), id(pending)}
            while True:
                link = getattr(last, "__cause__", None)
                if link is None:
                    break
                if id(link) in seen:
                    return cause
                seen.add(id(link))
                last = link
            last.__cause__ = cause
        _cause_slot.__set__(self, pending)
        self._cause_err = None
        return pending

    @__cause__.setter
    def __cause__(self, value: BaseException | None) -> None:
        _cause_slot.__set__(self, value)

    # -- public API ----------------------------------------------------

    @property
    def gql_status(self) -> str:
        """
        The GQLSTATUS code (five characters, e.g. ``"42001"``).

        ``50N42`` (unknown error) is used when the server did not send a
        status, e.g. servers that predate GQL errors.
        """
        return self._gql_field("_gql_code")

    @property
    def message(self) -> str:
        """Human readable error message; don't parse it."""
        return self._gql_field("_message")

    @property
    def gql_status_description(self) -> str:
        """Human readable description of the GQLSTATUS; don't parse it."""
        return self._gql_field("_gql_status_description")

    @property
    def gql_raw_classification(self) -> str | None:
        """
        The ``_classif`` entry of the diagnostic record.

        :data:`None` if absent or not a string.
        """
        try:
            return self._gql_raw_classification
        except AttributeError:
            pass
        raw = self._diag_record_with_defaults().get("_classif")
        self._gql_raw_classification = raw if isinstance(raw, str) else None
        return self._gql_raw_classification

    @property
    def gql_classification(self) -> GqlErrorClassification:
        """The raw classification as :class:`GqlErrorClassification`."""
        try:
            return self._gql_classification
        except AttributeError:
            pass
        raw = self.gql_raw_classification
        if raw is not None and raw in _KNOWN_CLASSIFICATIONS:
            self._gql_classification = GqlErrorClassification(raw)
        else:
            self._gql_classification = GqlErrorClassification.UNKNOWN
        return self._gql_classification

    @property
    def diagnostic_record(self) -> _t.Mapping[str, _t.Any]:
        """
        The diagnostic record sent by the server (a private deep copy).

        Defaults to ``OPERATION=""``, ``OPERATION_CODE="0"`` and
        ``CURRENT_SCHEMA="/"`` if the server sent none.
        """
        try:
            return self._diag_record
        except AttributeError:
            pass
        record = _copy.deepcopy(self._diag_record_with_defaults())
        self._diag_record = record
        return record

    def _diag_record_with_defaults(self) -> dict[str, _t.Any]:
        try:
            return self._status_diagnostic_record
        except AttributeError:
            pass
        self._status_diagnostic_record = dict(_UNKNOWN_DIAGNOSTIC_RECORD)
        return self._status_diagnostic_record

    def find_by_gql_status(self, status: str) -> GqlError | None:
        """
        Find the first error with a given GQL status in the cause chain.

        The search starts with this error itself and follows
        :attr:`__cause__` (skipping links that are no :class:`GqlError`).

        :param status: the GQLSTATUS to look for, e.g. ``"42001"``

        :returns: the matching error, or :data:`None`
        """
        if self.gql_status == status:
            return self
        link = self.__cause__
        while link is not None:
            if isinstance(link, GqlError) and link.gql_status == status:
                return link
            link = getattr(link, "__cause__", None)
        return None

    def __str__(self) -> str:
        return (
            f"{{gql_status: {self.gql_status}}} "
            f"{{gql_status_description: {self.gql_status_description}}} "
            f"{{message: {self.message}}} "
            f"{{diagnostic_record: {self.diagnostic_record}}} "
            f"{{raw_classification: {self.gql_raw_classification}}}"
        )
