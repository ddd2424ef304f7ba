"""Response handlers and the server state machine.

Every request that the server answers gets a :class:`Response`.  The
connection keeps them in a FIFO (the pipeline); each summary message
(SUCCESS, FAILURE, IGNORED) completes the head.  RECORD messages belong to
the head, which must be a PULL: their values are turned into records by
the response's ``record_factory`` and added to its ``records`` sink
(usually the result's buffer), with no other per-record work.

Callbacks run synchronously inside ``feed()``; they must not do I/O and
should not raise (an exception escaping a callback leaves the connection
unusable: it is marked defunct and the exception propagates).

The one deliberate exception: :func:`check_success_metadata`, called
first thing by the callbacks that read a SUCCESS, raises
:class:`~neo4j._bolt.errors.MetadataError` for an entry of the wrong
type.  Raising there, inside ``feed()``, is what gives the connection up
(a server that sends ``{"fields": 5}`` cannot be trusted with the next
query), and it keeps type checks out of every later reader.
"""

from __future__ import annotations

import enum
import typing as t

from .._exceptions import BoltProtocolError
from ..exceptions import Neo4jError
from .errors import MetadataError


__all__ = [
    "QUERY_TYPES",
    "Response",
    "ServerState",
    "check_success_metadata",
    "hydrate_failure",
]

Metadata: t.TypeAlias = dict[str, t.Any]
Hooks: t.TypeAlias = t.Mapping[int, t.Callable[..., t.Any]]


class ServerState(enum.Enum):
    """Where the server is, as far as processed responses tell."""

    # members are singletons compared by identity: hash them the same
    # way (C speed) instead of Enum's hash of the name in Python, as the
    # transition table is looked up twice per request
    __hash__ = object.__hash__

    #: handshake done, HELLO not yet answered
    CONNECTED = "CONNECTED"
    #: Bolt 5.1+: HELLO (or LOGOFF) succeeded, waiting for LOGON
    AUTHENTICATION = "AUTHENTICATION"
    READY = "READY"
    #: an auto-commit result is open
    STREAMING = "STREAMING"
    #: in an explicit transaction, no result open
    TX_READY = "TX_READY"
    #: in an explicit transaction with at least one open result
    TX_STREAMING = "TX_STREAMING"
    #: a request failed; everything until RESET is IGNORED
    FAILED = "FAILED"
    #: a RESET is on its way; ends with its SUCCESS
    INTERRUPTED = "INTERRUPTED"
    #: unusable (init failure, protocol error, GOODBYE)
    DEFUNCT = "DEFUNCT"


class Response:
    """Handler for the answer to one request.

    :param message: lower-case request name (``"run"``, ``"pull"``...)
    :param hydration_hooks: hydration hooks for values in the answer
        (``HydrationScope.hydration_hooks``); None uses the connection's
    :param records: PULL only: sink (list, deque...) whose ``extend``
        receives the records of each received batch
    :param record_factory: PULL only: turns the values list of a RECORD
        into the object appended to ``records`` (e.g.
        ``neo4j._data.record_factory(keys)``); default: the list itself
    :param on_success: called with the SUCCESS metadata
    :param on_failure: called with the :class:`Neo4jError` of a FAILURE
    :param on_ignored: called with the IGNORED metadata (usually ``{}``)
    :param on_summary: called without arguments after any of the three,
        except after a SUCCESS that announces more records (``has_more``)
    """

    __slots__ = (
        "done",
        "error",
        "hydration_hooks",
        "ignored",
        "message",
        "metadata",
        "on_failure",
        "on_ignored",
        "on_success",
        "on_summary",
        "record_factory",
        "records",
    )

    def __init__(
        self,
        message: str,
        *,
        hydration_hooks: Hooks | None = None,
        records: t.Any = None,
        record_factory: t.Callable[[list[t.Any]], t.Any] | None = None,
        on_success: t.Callable[[Metadata], None] | None = None,
        on_failure: t.Callable[[Neo4jError], None] | None = None,
        on_ignored: t.Callable[[Metadata], None] | None = None,
        on_summary: t.Callable[[], None] | None = None,
    ) -> None:
        self.message = message
        self.hydration_hooks = hydration_hooks
        self.records = records
        self.record_factory = record_factory
        self.on_success = on_success
        self.on_failure = on_failure
        self.on_ignored = on_ignored
        self.on_summary = on_summary
        #: True once the summary message arrived.
        self.done = False
        #: True if the server IGNORED the request.
        self.ignored = False
        #: The summary metadata (SUCCESS or FAILURE), ``None`` until done.
        self.metadata: Metadata | None = None
        #: The error built from a FAILURE.
        self.error: Neo4jError | None = None

    def __repr__(self) -> str:
        if not self.done:
            status = "pending"
        elif self.error is not None:
            status = "failed"
        elif self.ignored:
            status = "ignored"
        else:
            status = "succeeded"
        return f"<Response {self.message} {status}>"

    # The connection calls these three, once per response.  Each lets go
    # of the handlers before calling them: they are mostly bound methods
    # of the object that holds this response (a result), and the cycle
    # would otherwise keep every finished query alive until the cyclic
    # garbage collector runs.

    def _take_handlers(
        self,
    ) -> tuple[t.Callable[..., None] | None, ...]:
        handlers = (
            self.on_success,
            self.on_failure,
            self.on_ignored,
            self.on_summary,
        )
        self.on_success = self.on_failure = self.on_ignored = None
        self.on_summary = None
        self.hydration_hooks = self.record_factory = None
        return handlers

    def _succeed(self, metadata: Metadata) -> None:
        self.metadata = metadata
        self.done = True
        on_success, _, _, on_summary = self._take_handlers()
        if on_success is not None:
            on_success(metadata)
        if on_summary is not None and not metadata.get("has_more"):
            on_summary()

    def _fail(self, metadata: Metadata, error: Neo4jError) -> None:
        self.metadata = metadata
        self.error = error
        self.done = True
        _, on_failure, _, on_summary = self._take_handlers()
        if on_failure is not None:
            on_failure(error)
        if on_summary is not None:
            on_summary()

    def _ignore(self, metadata: Metadata) -> None:
        self.ignored = True
        self.done = True
        _, _, on_ignored, on_summary = self._take_handlers()
        if on_ignored is not None:
            on_ignored(metadata)
        if on_summary is not None:
            on_summary()


_DEFAULT_DIAGNOSTIC_RECORD = (
    ("OPERATION", ""),
    ("OPERATION_CODE", "0"),
    ("CURRENT_SCHEMA", "/"),
)


def fill_diagnostic_record(holder: t.Any) -> bool:
    """Add the default GQL diagnostic-record entries to a status or error.

    :param holder: a status or FAILURE metadata map
    :returns: False if ``holder`` has a diagnostic record that is not a
        map (left alone), else True
    """
    if not isinstance(holder, dict):
        return True
    record = holder.setdefault("diagnostic_record", {})
    if not isinstance(record, dict):
        return False
    for key, value in _DEFAULT_DIAGNOSTIC_RECORD:
        record.setdefault(key, value)
    return True


def hydrate_failure(
    metadata: Metadata, *, gql: bool, initial: bool = False
) -> Neo4jError:
    """Build the error of a FAILURE message.

    :param metadata: the FAILURE metadata: ``{code, message}`` before
        Bolt 5.7, GQL fields (``gql_status``, ``description``,
        ``neo4j_code``, ``diagnostic_record``, ``cause``...) since
    :param gql: whether the GQL form applies (Bolt 5.7+)
    :param initial: the failure answered HELLO/LOGON; a missing message
        gets a generic one
    :returns: the :class:`Neo4jError` subclass matching the code
    """
    if initial and "message" not in metadata:
        metadata = dict(metadata)
        metadata["message"] = (
            "Connection initialisation failed due to an unknown error"
        )
    if gql:
        return Neo4jError._from_gql_failure(**metadata)
    return Neo4jError._from_neo4j_failure(**metadata)


# -- SUCCESS metadata types ----------------------------------------------


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_str(value: object) -> bool:
    return isinstance(value, str)


def _is_bool(value: object) -> bool:
    return isinstance(value, bool)


def _is_map(value: object) -> bool:
    return isinstance(value, dict)


def _is_str_list(value: object) -> bool:
    return isinstance(value, list) and all(
        isinstance(item, str) for item in value
    )


def _is_map_list(value: object) -> bool:
    return isinstance(value, list) and all(
        isinstance(item, dict) for item in value
    )


def _is_statistics(value: object) -> bool:
    # counters are integers; "contains-updates" and the like are flags
    return isinstance(value, dict) and all(
        isinstance(key, str) and isinstance(count, int)
        for key, count in value.items()
    )


#: the query types of a PULL/DISCARD SUCCESS (``type``)
QUERY_TYPES: t.Final = frozenset(("r", "rw", "w", "s"))

#: entry -> (test, what the test wants): every entry of a SUCCESS the
#: driver reads (HELLO: server, connection_id, hints; RUN: fields, qid,
#: t_first, db; PULL/DISCARD: has_more, t_last, type, bookmark, db,
#: stats, plan, profile, notifications, statuses; BEGIN: db; COMMIT:
#: bookmark, db).  ROUTE's ``rt`` is checked by ``RoutingTable.parse``.
_ENTRY_TYPES: t.Final[dict[str, tuple[t.Callable[[object], bool], str]]] = {
    "fields": (_is_str_list, "a list of strings"),
    "qid": (_is_int, "an integer"),
    "t_first": (_is_int, "an integer"),
    "t_last": (_is_int, "an integer"),
    "has_more": (_is_bool, "a boolean"),
    "db": (_is_str, "a string"),
    "bookmark": (_is_str, "a string"),
    "stats": (_is_statistics, "a map of integers"),
    "notifications": (_is_map_list, "a list of maps"),
    "statuses": (_is_map_list, "a list of maps"),
    "plan": (_is_map, "a map"),
    "profile": (_is_map, "a map"),
    "server": (_is_str, "a string"),
    "connection_id": (_is_str, "a string"),
    "hints": (_is_map, "a map"),
}

#: the class an entry has in a well-formed SUCCESS, for the fast path
#: (anything else goes through the full test of :data:`_ENTRY_TYPES`;
#: ``type`` is absent here as its value is checked too)
_EXACT_CLASSES: t.Final[dict[str, type]] = {
    "qid": int,
    "t_first": int,
    "t_last": int,
    "has_more": bool,
    "db": str,
    "bookmark": str,
    "plan": dict,
    "profile": dict,
    "server": str,
    "connection_id": str,
    "hints": dict,
}

_REPR_LIMIT: t.Final = 80


def _short_repr(value: object) -> str:
    text = repr(value)
    if len(text) > _REPR_LIMIT:
        text = text[: _REPR_LIMIT - 3] + "..."
    return text


def check_success_metadata(
    metadata: Metadata, request: str, address: object = None
) -> None:
    """Check the types of the entries of a SUCCESS that the driver reads.

    A ``null`` entry counts as absent; unknown entries are left alone
    (a newer server may send more).  ``type`` must be one of
    :data:`QUERY_TYPES`.

    :param metadata: the SUCCESS metadata
    :param request: the request answered (``"RUN"``...), for the message
    :param address: the server address, for the error
    :raises MetadataError: an entry has the wrong type; the caller runs
        inside ``feed()``, so the connection becomes defunct
    """
    entry_types = _ENTRY_TYPES
    exact = _EXACT_CLASSES
    for key, value in metadata.items():
        if value is None or value.__class__ is exact.get(key):
            # (most entries: one dict lookup and an identity test)
            continue
        if key == "type":
            if value.__class__ is str and value in QUERY_TYPES:
                continue
            # the official error, class and wording (testkit checks the
            # exact class)
            raise BoltProtocolError(
                f"Unexpected query type {_short_repr(value)} received "
                "from server. Consider updating the driver.",
                address,
            )
        entry = entry_types.get(key)
        if entry is None or entry[0](value):
            continue
        raise MetadataError(
            f"Invalid {key!r} in the SUCCESS of {request}: expected "
            f"{entry[1]}, got {_short_repr(value)}; this is a protocol "
            "violation by the server",
            address,
        )
