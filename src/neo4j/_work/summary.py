"""
The summary of a consumed result.

:class:`ResultSummary` is built by the result once the server has sent
the final SUCCESS of a query.  Its ``metadata`` is the union of the RUN
SUCCESS, the last PULL/DISCARD SUCCESS and a few entries the driver adds
(``server``, ``query``, ``parameters``).

Servers speaking Bolt 5.6 or later report GQL ``statuses``; older ones
report ``notifications``.  Either way both
:attr:`ResultSummary.gql_status_objects` and the deprecated
:attr:`ResultSummary.notifications` work: the missing one is derived from
the other.

:func:`handle_notifications` is the hook the result calls once the
summary is known: it logs notifications on the ``neo4j.notifications``
logger and turns them into warnings as configured by
``warn_notification_severity``.
"""

from __future__ import annotations

import logging
import sys
import types
import typing as t
import warnings
from pathlib import Path

from .._api import (
    NotificationClassification,
    NotificationSeverity,
)
from .._debug import NotificationPrinter
from .._exceptions import BoltProtocolError
from .._warnings import deprecated
from ..warnings import (
    Neo4jDeprecationWarning,
    Neo4jWarning,
)
from ._summary_status import (
    NO_DATA_STATUS,
    OMITTED_RESULT_STATUS,
    SUCCESS_STATUS,
    GqlStatusObject,
    SummaryInputPosition,
    SummaryNotification,
    status_precedence,
)


if t.TYPE_CHECKING:
    from collections.abc import Sequence

    from ..addressing import Address
    from ..api import ServerInfo


__all__ = [
    "GqlStatusObject",
    "ResultSummary",
    "SummaryCounters",
    "SummaryInputPosition",
    "SummaryNotification",
    "WarningOrigin",
    "capture_warning_origin",
    "handle_notifications",
]


_QUERY_TYPES: t.Final = frozenset(("r", "w", "rw", "s"))

# The official wording: warning filters and tests match it.
_NOTIFICATIONS_DEPRECATED: t.Final = (
    "ResultSummary.notifications is deprecated, use "
    "ResultSummary.gql_status_objects instead."
)
_SUMMARY_NOTIFICATIONS_DEPRECATED: t.Final = (
    "ResultSummary.summary_notifications is deprecated, use "
    "ResultSummary.gql_status_objects instead."
)


# How a pre-5.6 notification map is rebuilt from a GQL status map:
# notification key <- key in the status map itself ...
_NOTE_KEYS_FROM_STATUS: t.Final[dict[str, str]] = {
    "title": "title",
    "code": "neo4j_code",
    "description": "description",
}
# ... and notification key <- key in the status's diagnostic record.
_NOTE_KEYS_FROM_RECORD: t.Final[dict[str, str]] = {
    "severity": "_severity",
    "category": "_classification",
    "position": "_position",
}


def _legacy_notification(status: dict[str, t.Any]) -> dict[str, t.Any]:
    """The notification map a pre-5.6 server would have sent instead.

    Only entries present in ``status`` are copied, whatever their type.
    """
    note = {
        name: status[source]
        for name, source in _NOTE_KEYS_FROM_STATUS.items()
        if source in status
    }
    record = status.get("diagnostic_record")
    if isinstance(record, dict):
        note.update(
            (name, record[source])
            for name, source in _NOTE_KEYS_FROM_RECORD.items()
            if source in record
        )
    return note


# the timing entries (available after, consumed after): Bolt 3 renamed them
_TIMING_ENTRIES: t.Final[tuple[str, str]] = ("t_first", "t_last")
_PRE_BOLT3_TIMING_ENTRIES: t.Final[tuple[str, str]] = (
    "result_available_after",
    "result_consumed_after",
)


def _checked_query_type(value: object, address: Address) -> t.Any:
    if value is None or value in _QUERY_TYPES:
        return value
    raise BoltProtocolError(
        f"Unexpected query type {value!r} received from server. "
        "Consider updating the driver.",
        address,
    )


class ResultSummary:
    """
    Information about a query execution, available once the result is
    consumed (see :meth:`.Result.consume`).

    :param address: the server the result came from (used in errors)
    :param had_key: whether the result had columns
    :param had_record: whether the result produced at least one record
    :param metadata: the merged SUCCESS metadata plus the driver's entries
        ``server`` (a :class:`.ServerInfo`), ``query`` and ``parameters``

    :raises BoltProtocolError: if the server sent an unknown query type
    """

    #: The :class:`.ServerInfo` of the server that ran the query.
    server: ServerInfo

    #: Name of the database the query ran against.
    database: str | None

    #: The query text.
    query: str | None

    #: The query parameters.
    parameters: dict[str, t.Any] | None

    #: The kind of query: ``"r"`` (read only), ``"rw"`` (read/write),
    #: ``"w"`` (write only) or ``"s"`` (schema).
    query_type: t.Literal["r", "rw", "w", "s"] | None

    #: The :class:`.SummaryCounters` of the query.
    counters: SummaryCounters

    #: The query plan (``EXPLAIN``), as sent by the server.
    plan: dict[str, t.Any] | None

    #: The profiled query plan (``PROFILE``), as sent by the server.
    profile: dict[str, t.Any] | None

    #: Milliseconds until the first record was available.
    result_available_after: int | None

    #: Milliseconds until all records were consumed.
    result_consumed_after: int | None

    #: All metadata the summary was built from.
    metadata: dict[str, t.Any]

    # lazily computed views; class defaults save work in __init__
    # (False: notifications not looked up yet)
    _legacy_cache: list[t.Any] | bool | None = False
    _parsed_notes: tuple[SummaryNotification, ...] | None = None
    _gql_objs: tuple[GqlStatusObject, ...] | None = None

    def __init__(
        self,
        address: Address,
        had_key: bool,
        had_record: bool,
        metadata: dict[str, t.Any],
    ) -> None:
        self.metadata = metadata
        self.server = metadata["server"]
        self._had_key = had_key
        self._saw_records = had_record
        entry = metadata.get
        self.database = entry("db")
        self.query, self.parameters = entry("query"), entry("parameters")
        self.plan, self.profile = entry("plan"), entry("profile")
        self.query_type = _checked_query_type(metadata.get("type"), address)
        self.counters = SummaryCounters(metadata.get("stats") or {})
        available, consumed = (
            _TIMING_ENTRIES
            if self.server.protocol_version >= (3,)
            else _PRE_BOLT3_TIMING_ENTRIES
        )
        self.result_available_after = metadata.get(available)
        self.result_consumed_after = metadata.get(consumed)

    # -- notifications (deprecated) ------------------------------------

    @property
    @deprecated(_NOTIFICATIONS_DEPRECATED)
    def notifications(self) -> list[t.Any] | None:
        """
        The notifications of the query as raw dictionaries.

        Derived from the GQL statuses when the server sent those.

        .. deprecated:: 6.0
            Use :attr:`gql_status_objects`.
        """
        return self._legacy_notes()

    @notifications.setter
    @deprecated(_NOTIFICATIONS_DEPRECATED)
    def notifications(self, value: list[t.Any] | None) -> None:
        self._legacy_cache = value
        self._parsed_notes = None

    def _legacy_notes(self) -> list[t.Any] | None:
        cached = self._legacy_cache
        if cached is False:
            cached = self._legacy_cache = self._build_notifications()
        return t.cast("list[t.Any] | None", cached)

    def _build_notifications(self) -> list[t.Any] | None:
        metadata = self.metadata
        if "notifications" in metadata:
            notifications = metadata["notifications"]
            return notifications if isinstance(notifications, list) else None
        statuses = metadata.get("statuses")
        if not isinstance(statuses, list):
            return None
        polyfilled = [
            _legacy_notification(status)
            for status in statuses
            if isinstance(status, dict) and "neo4j_code" in status
        ]
        return polyfilled or None

    @property
    @deprecated(_SUMMARY_NOTIFICATIONS_DEPRECATED)
    def summary_notifications(self) -> Sequence[SummaryNotification]:
        """
        The notifications in structured form.

        .. seealso:: :attr:`notifications`

        .. deprecated:: 6.0
            Use :attr:`gql_status_objects`.
        """
        if self._parsed_notes is None:
            raw = self._legacy_notes()
            if isinstance(raw, list):
                self._parsed_notes = tuple(
                    SummaryNotification._parse_meta(n) for n in raw
                )
            else:
                self._parsed_notes = ()
        return self._parsed_notes

    # -- GQL statuses -----------------------------------------------------

    @property
    def gql_status_objects(self) -> Sequence[GqlStatusObject]:
        """
        The GQL statuses of the query.

        Servers that report statuses (Bolt 5.6+) send at least the one
        status telling success, no data or an omitted result; for older
        servers the driver derives the statuses from the notifications
        and adds that status itself: ``00000`` (success, records were
        received), ``02000`` (no data: columns but no records) or
        ``00001`` (omitted result: no columns).  Derived statuses are
        ordered no data first, then warnings (``01``), success (``00``)
        and informational statuses (``03``).
        """
        if self._gql_objs is None:
            self._gql_objs = self._build_gql_status_objects()
        return self._gql_objs

    def _build_gql_status_objects(self) -> tuple[GqlStatusObject, ...]:
        statuses = self.metadata.get("statuses")
        if isinstance(statuses, list):
            return tuple(
                GqlStatusObject._parse_status_meta(status)
                for status in statuses
            )
        raw = self._legacy_notes()
        derived = (
            [GqlStatusObject._parse_notification_meta(n) for n in raw]
            if isinstance(raw, list)
            else []
        )
        if self._saw_records:
            result_status = SUCCESS_STATUS
        elif self._had_key:
            result_status = NO_DATA_STATUS
        else:
            result_status = OMITTED_RESULT_STATUS
        derived.append(GqlStatusObject._result_status(result_status))
        # stable sort: equal precedence keeps the server's order
        derived.sort(key=status_precedence, reverse=True)
        return tuple(derived)

    def _may_have_notifications(self) -> bool:
        # cheap test on the raw metadata before building status objects
        metadata = self.metadata
        statuses = metadata.get("statuses")
        if isinstance(statuses, list):
            return any(
                isinstance(status, dict) and status.get("neo4j_code")
                for status in statuses
            )
        if self._legacy_cache is not False:
            return bool(self._legacy_cache)
        return bool(metadata.get("notifications"))


# server statistics key -> attribute of SummaryCounters
_COUNTER_ATTRIBUTES: t.Final[dict[str, str]] = {
    "nodes-created": "nodes_created",
    "nodes-deleted": "nodes_deleted",
    "relationships-created": "relationships_created",
    "relationships-deleted": "relationships_deleted",
    "properties-set": "properties_set",
    "labels-added": "labels_added",
    "labels-removed": "labels_removed",
    "indexes-added": "indexes_added",
    "indexes-removed": "indexes_removed",
    "constraints-added": "constraints_added",
    "constraints-removed": "constraints_removed",
    "system-updates": "system_updates",
    # flags some servers send; they override what the counters suggest
    "contains-updates": "_stated_updates",
    "contains-system-updates": "_stated_system_updates",
}

_STATISTICS_KEYS: t.Final[dict[str, str]] = {
    attribute: key for key, attribute in _COUNTER_ATTRIBUTES.items()
}

# the counters that make ``contains_updates`` true
_GRAPH_UPDATE_COUNTERS: t.Final[tuple[str, ...]] = tuple(
    attribute
    for attribute in _COUNTER_ATTRIBUTES.values()
    if not attribute.startswith("_") and attribute != "system_updates"
)


class SummaryCounters:
    """
    How many changes of each kind a query made.

    :param statistics: the ``stats`` map of the server's SUCCESS, keyed by
        hyphenated names such as ``"nodes-created"``; unknown keys are
        ignored
    """

    #:
    nodes_created: int = 0
    #:
    nodes_deleted: int = 0
    #:
    relationships_created: int = 0
    #:
    relationships_deleted: int = 0
    #:
    properties_set: int = 0
    #:
    labels_added: int = 0
    #:
    labels_removed: int = 0
    #:
    indexes_added: int = 0
    #:
    indexes_removed: int = 0
    #:
    constraints_added: int = 0
    #:
    constraints_removed: int = 0
    #:
    system_updates: int = 0

    # what the server stated, if it did (None: derive from the counters)
    _stated_updates: bool | None = None
    _stated_system_updates: bool | None = None

    def __init__(self, statistics: t.Mapping[str, t.Any]) -> None:
        # Only the keys the server sent become instance attributes, in
        # the server's order: __repr__ and __str__ show just those.
        if statistics:
            names = _COUNTER_ATTRIBUTES
            vars(self).update(
                (names[key], value)
                for key, value in dict(statistics).items()
                if key in names
            )

    def __repr__(self) -> str:
        # the statistics as the server named them, e.g.
        # SummaryCounters({'nodes-created': 1})
        keys = _STATISTICS_KEYS
        items = ", ".join(
            f"{keys[attribute]!r}: {value!r}"
            for attribute, value in vars(self).items()
            if attribute in keys
        )
        return f"{type(self).__name__}({{{items}}})"

    def __str__(self) -> str:
        cls = type(self)
        parts = [
            f"{name}: {value}"
            for name, value in vars(self).items()
            if not name.startswith("_")
            and not (hasattr(cls, name) and getattr(cls, name) == value)
        ]
        parts.append(f"contains_updates: {self.contains_updates}")
        parts.append(
            f"contains_system_updates: {self.contains_system_updates}"
        )
        return f"SummaryCounters{{{', '.join(parts)}}}"

    @property
    def contains_updates(self) -> bool:
        """
        Whether the query changed the graph.

        True if any counter other than :attr:`system_updates` is above 0
        (unless the server said otherwise).
        """
        if self._stated_updates is not None:
            return self._stated_updates
        return any(getattr(self, name) for name in _GRAPH_UPDATE_COUNTERS)

    @property
    def contains_system_updates(self) -> bool:
        """Whether the query changed the system database."""
        if self._stated_system_updates is not None:
            return self._stated_system_updates
        return self.system_updates > 0


# ---------------------------------------------------------------------------
# notification logging and warnings

#: Logger receiving every notification of every result.
notification_log: t.Final = logging.getLogger("neo4j.notifications")

_PACKAGE_DIR: t.Final = str(Path(__file__).resolve().parent.parent)

# warn_notification_severity -> severities (as str) that become warnings
_WARNED_SEVERITIES: t.Final[dict[str, frozenset[str]]] = {
    "WARNING": frozenset(("WARNING",)),
    "INFORMATION": frozenset(("WARNING", "INFORMATION")),
}

_LOG_LEVELS: t.Final[dict[str, int]] = {
    NotificationSeverity.WARNING.value: logging.WARNING,
    NotificationSeverity.INFORMATION.value: logging.INFO,
}


class WarningOrigin(t.NamedTuple):
    """User code location that notification warnings are attributed to."""

    filename: str
    lineno: int
    module_globals: dict[str, t.Any]


def capture_warning_origin() -> WarningOrigin | None:
    """
    Find the innermost calling frame outside of the driver package.

    The result calls this when it is created (only if notification
    warnings are enabled) so that warnings emitted much later, when the
    summary arrives, point at the user's ``run``/``execute_query`` call.

    :returns: the location, or :data:`None` if every frame belongs to the
        driver
    """
    frame: types.FrameType | None = sys._getframe(1)
    package_dir = _PACKAGE_DIR
    while frame is not None:
        filename = frame.f_code.co_filename
        if not filename.startswith(package_dir):
            return WarningOrigin(filename, frame.f_lineno, frame.f_globals)
        frame = frame.f_back
    return None


def handle_notifications(
    summary: ResultSummary,
    warn_notification_severity: str | None,
    origin: WarningOrigin | None = None,
) -> None:
    """
    Log a summary's notifications and emit the configured warnings.

    Each notification is logged on the ``neo4j.notifications`` logger:
    ``WARNING`` severity at level WARNING, ``INFORMATION`` at INFO and
    anything else at DEBUG.  Notifications at or above
    ``warn_notification_severity`` are also emitted as
    :class:`.Neo4jWarning` (:class:`.Neo4jDeprecationWarning` for the
    ``DEPRECATION`` classification).

    :param summary: the summary of the finished result
    :param warn_notification_severity: a
        :class:`.NotificationMinimumSeverity` (or its string value);
        :data:`None` or ``"OFF"`` emit no warnings
    :param origin: where to attribute warnings to (see
        :func:`capture_warning_origin`); without it, warnings are
        attributed to the caller of this function
    """
    if not summary._may_have_notifications():
        return
    # str enum members hash and compare like their values
    warned = _WARNED_SEVERITIES.get(
        t.cast(str, warn_notification_severity), frozenset()
    )
    query = summary.query
    for status in summary.gql_status_objects:
        if not status.is_notification:
            continue
        severity = status.severity.value
        level = _LOG_LEVELS.get(severity, logging.DEBUG)
        if notification_log.isEnabledFor(level):
            notification_log.log(
                level,
                "Received notification from DBMS server: %s",
                NotificationPrinter(status, query, one_line=True),
            )
        if severity not in warned:
            continue
        category: type[Neo4jWarning] = Neo4jWarning
        if status.classification is NotificationClassification.DEPRECATION:
            category = Neo4jDeprecationWarning
        if origin is None:
            warnings.warn(category(status), stacklevel=2)
        else:
            module_globals = origin.module_globals
            warnings.warn_explicit(
                category(status, query),
                category,
                origin.filename,
                origin.lineno,
                module=module_globals.get("__name__", "<unknown>"),
                registry=module_globals.setdefault("__warningregistry__", {}),
                module_globals=module_globals,
            )
