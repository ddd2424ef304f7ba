"""The GQL part of every driver error: :class:`GqlError` and its enum.

Split from :mod:`neo4j.exceptions` (which re-exports both; their
``__module__`` says ``neo4j.exceptions``) to keep that module short: this
is the GQL status, diagnostic record and cause chain machinery, the
public module holds the Neo4j and driver error families built on it.

Design: the GQL state of an error is one immutable :class:`_GqlFacts`
record (status, message, description and the server's diagnostic
record), attached once by whoever builds the error.  Errors nobody
attached facts to (user-made ones, most driver errors) get the
"unexpected error" facts on first use, so every property always has a
value.  Server causes arrive as nested maps and become plain
:class:`GqlError` links of the standard ``__cause__`` chain.
"""

from __future__ import annotations

import copy as _copy
import enum as _enum
import typing as _t


__all__ = ["GqlError", "GqlErrorClassification"]


# GQLSTATUS 50N42 is the standard's "unexpected error"; the driver uses it
# whenever the server did not say (or could not say) more.
_UNKNOWN_GQL_STATUS: _t.Final[str] = "50N42"
_UNKNOWN_GQL_DESCRIPTION: _t.Final[str] = (
    "error: general processing exception - unexpected error"
)
_UNKNOWN_GQL_MESSAGE: _t.Final[str] = (
    f"{_UNKNOWN_GQL_STATUS}: Unexpected error has occurred. "
    "See debug log for details."
)
# what a diagnostic record holds when the server sent none
_PLACEHOLDER_RECORD: _t.Final[tuple[tuple[str, str], ...]] = (
    ("OPERATION", ""),
    ("OPERATION_CODE", "0"),
    ("CURRENT_SCHEMA", "/"),
)
# BaseException keeps __cause__ in a C-level slot; GqlError shadows the
# attribute with a property and reads and writes the slot through this.
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


# raw "_classification" value -> member (UNKNOWN is what unknown values map to)
_CLASSIFICATION_BY_NAME: _t.Final[dict[str, GqlErrorClassification]] = {
    member.value: member for member in GqlErrorClassification
}


class _GqlFacts(_t.NamedTuple):
    """What the server (or the driver) says about one error, GQL-wise."""

    status: str
    message: str
    description: str
    #: ``None`` when no usable diagnostic record was sent
    record: dict[str, _t.Any] | None = None
    #: the message ``str()`` shows when it is not ``message``: errors
    #: made by ``Neo4jError._basic_hydrate`` show the unknown-error text
    shown: str | None = None

    def shown_message(self) -> str:
        """The message as ``str()`` of the error renders it."""
        return self.message if self.shown is None else self.shown


_UNEXPECTED: _t.Final[_GqlFacts] = _GqlFacts(
    _UNKNOWN_GQL_STATUS, _UNKNOWN_GQL_MESSAGE, _UNKNOWN_GQL_DESCRIPTION
)


def _take_str(meta: dict[str, _t.Any], key: str) -> str | None:
    """Remove ``key`` from ``meta``; its value if that is a string."""
    found = meta.pop(key, None)
    if isinstance(found, str):
        return found
    return None


def _take_str_map(
    meta: dict[str, _t.Any], key: str
) -> dict[str, _t.Any] | None:
    """Remove ``key`` from ``meta``; its value if a map with str keys."""
    found = meta.pop(key, None)
    if not isinstance(found, dict):
        return None
    if any(not isinstance(name, str) for name in found):
        return None
    return found


def _braced(*fields: tuple[str, object]) -> str:
    """Render ``("a", 1), ("b", 2)`` as ``{a: 1} {b: 2}``."""
    return " ".join(f"{{{name}: {value}}}" for name, value in fields)


def _load_failure_gql(
    error: GqlError, meta: dict[str, _t.Any], fallback_message: str
) -> None:
    """
    Attach the GQL entries of FAILURE metadata to ``error``.

    The entries (``gql_status``, ``description``, ``message``,
    ``diagnostic_record`` and ``cause``) are removed from ``meta``; what
    is left is for the caller.  Unless all of status, description and
    message are strings, the error counts as unexpected and carries
    ``fallback_message``.

    :param error: the error to complete
    :param meta: the metadata map (consumed)
    :param fallback_message: the message of an unexpected error
    """
    triple = (
        _take_str(meta, "gql_status"),
        _take_str(meta, "message"),
        _take_str(meta, "description"),
    )
    record = _take_str_map(meta, "diagnostic_record")
    cause_map = _take_str_map(meta, "cause")
    status, message, description = triple
    if status is None or message is None or description is None:
        status, description = _UNKNOWN_GQL_STATUS, _UNKNOWN_GQL_DESCRIPTION
        message = fallback_message
    cause = None
    if cause_map is not None:
        cause = GqlError()
        # a copy: the caller's nested map stays as it was
        _load_failure_gql(cause, dict(cause_map), _UNKNOWN_GQL_MESSAGE)
    error._attach_gql(_GqlFacts(status, message, description, record), cause)


def _tail_of_chain(
    start: BaseException, visited: set[int]
) -> BaseException | None:
    """The last link of the ``__cause__`` chain from ``start``.

    :returns: :data:`None` if the chain runs into a link in ``visited``
        (or one seen on the way), i.e. it loops
    """
    link = start
    while True:
        visited.add(id(link))
        following = getattr(link, "__cause__", None)
        if following is None:
            return link
        if id(following) in visited:
            return None
        link = following


class GqlError(Exception):
    """
    GQL status information attached to an error.

    The driver raises only subclasses; plain instances appear as links of
    the :attr:`__cause__` chain of server errors.  Use
    :meth:`find_by_gql_status` to search that chain.
    """

    __module__ = "neo4j.exceptions"

    # None until facts are attached (or the unexpected ones filled in)
    _gql: _GqlFacts | None = None
    # the server cause chain as attached, until the first read of
    # __cause__ has reconciled it with a ``raise ... from``
    _unsettled_cause: GqlError | None = None
    # what diagnostic_record hands out: a deep copy, made once
    _record_copy: dict[str, _t.Any] | None = None

    # -- internal ------------------------------------------------------

    def _attach_gql(
        self, facts: _GqlFacts, cause: GqlError | None = None
    ) -> None:
        """Set the GQL facts and, optionally, the server cause chain."""
        self._gql = facts
        if cause is None:
            return
        # The cause is set at once so tracebacks show it even if nobody
        # reads __cause__ first; it is also remembered, so that a later
        # ``raise ... from x`` extends the chain with x instead of
        # replacing it (see the __cause__ property).
        _cause_slot.__set__(self, cause)
        self._unsettled_cause = cause

    def _facts(self) -> _GqlFacts:
        facts = self._gql
        if facts is None:
            facts = self._gql = _UNEXPECTED
        return facts

    def _server_record(self) -> dict[str, _t.Any]:
        # deliberately does not fill in the unexpected facts
        facts = self._gql
        if facts is None or facts.record is None:
            return dict(_PLACEHOLDER_RECORD)
        return facts.record

    # -- cause chain ---------------------------------------------------

    @property
    def __cause__(self) -> BaseException | None:
        """
        The cause of this error: the server's GQL cause, if any.

        If the error was raised ``from`` another exception as well, that
        exception is found at the end of the GQL cause chain.
        """
        current: BaseException | None = _cause_slot.__get__(self)
        server_cause = self._unsettled_cause
        if server_cause is None:
            return current
        self._unsettled_cause = None
        if current is server_cause:
            return current
        # ``raise ... from`` has overwritten the slot since the cause was
        # attached: ``from None`` keeps the server chain as it is, any
        # other exception goes behind its last link (a looping chain has
        # no last link; then the exception given to ``raise`` wins).
        if current is not None:
            tail = _tail_of_chain(server_cause, {id(self)})
            if tail is None:
                return current
            tail.__cause__ = current
        _cause_slot.__set__(self, server_cause)
        return server_cause

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
        return self._facts().status

    @property
    def message(self) -> str:
        """Human readable error message; don't parse it."""
        return self._facts().message

    @property
    def gql_status_description(self) -> str:
        """Human readable description of the GQLSTATUS; don't parse it."""
        return self._facts().description

    @property
    def gql_raw_classification(self) -> str | None:
        """
        The ``_classification`` entry of the diagnostic record.

        :data:`None` if absent or not a string.
        """
        record = self._server_record()
        raw = record.get("_classification")
        return raw if isinstance(raw, str) else None

    @property
    def gql_classification(self) -> GqlErrorClassification:
        """The raw classification as :class:`GqlErrorClassification`."""
        raw = self.gql_raw_classification
        if raw is None:
            return GqlErrorClassification.UNKNOWN
        return _CLASSIFICATION_BY_NAME.get(raw, GqlErrorClassification.UNKNOWN)

    @property
    def diagnostic_record(self) -> _t.Mapping[str, _t.Any]:
        """
        The diagnostic record sent by the server (a private deep copy).

        Defaults to ``OPERATION=""``, ``OPERATION_CODE="0"`` and
        ``CURRENT_SCHEMA="/"`` if the server sent none.
        """
        if self._record_copy is None:
            self._record_copy = _copy.deepcopy(self._server_record())
        return self._record_copy

    def find_by_gql_status(self, status: str) -> GqlError | None:
        """
        Find the first error with a given GQL status in the cause chain.

        The search starts with this error itself and follows
        :attr:`__cause__` (skipping links that are no :class:`GqlError`).

        :param status: the GQLSTATUS to look for, e.g. ``"42001"``

        :returns: the matching error, or :data:`None`
        """
        visited: set[int] = set()
        link: BaseException | None = self
        while link is not None and id(link) not in visited:
            visited.add(id(link))
            if isinstance(link, GqlError) and link.gql_status == status:
                return link
            link = getattr(link, "__cause__", None)
        return None

    def __str__(self) -> str:
        return _braced(
            ("gql_status", self.gql_status),
            ("gql_status_description", self.gql_status_description),
            ("message", self._facts().shown_message()),
            ("diagnostic_record", self.diagnostic_record),
            ("raw_classification", self.gql_raw_classification),
        )
